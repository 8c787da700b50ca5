package journey

import (
	"slices"
	"strconv"
)

// Change kinds of an item between two versions of a map.
const (
	Added   = "added"
	Removed = "removed"
	Renamed = "renamed"
	Changed = "changed"
)

// MapDiff is what changed between two versions of a journey map, item by
// item. Items are matched by id. An item counts as renamed when
//   - it keeps its id and its name changed, or
//   - its id changed and its name did not: an item removed and an item
//     added of the same kind whose name is the same, when no other
//     removed or added item of that kind has that name.
//
// When both the id and the name change, the item shows as removed and
// added. References to a renamed id (next, personas, KPI scopes, a
// touchpoint's stage) are followed to the new id, so that renaming an id
// does not show every reference to it as changed.
type MapDiff struct {
	// Journey holds the changes of the map's own keys: version, name,
	// description.
	Journey     []FieldChange
	Personas    []ItemChange
	Stages      []ItemChange
	Touchpoints []ItemChange
	// Flow holds the arrows added and removed, in the new map's order
	// and then the old one's.
	Flow []FlowChange
	KPIs []ItemChange
	// Figures is the change in the figures over the same data, when
	// AddFigures was called.
	Figures *FigureDiff
}

// ItemChange is one persona, stage, touchpoint or KPI that changed.
type ItemChange struct {
	// Change is Added, Removed, Renamed or Changed.
	Change string
	// ID is the item's id in the new map (in the old one when removed);
	// OldID is its id in the old map when that differs.
	ID, OldID string
	// Name is the item's name in the new map (in the old one when
	// removed); OldName is its old name when that differs.
	Name, OldName string
	// Stage is the stage of a touchpoint (in the new map, or the old one
	// when removed).
	Stage string
	// Fields lists the keys whose values changed, besides id and name.
	Fields []FieldChange
}

// FieldChange is one key of an item whose value changed. Values are
// lists: a single value is a list of one, an absent value an empty list.
type FieldChange struct {
	Field string
	// List tells that the key holds a list (pains, personas), so that
	// its items, not its whole value, are what was added and removed.
	List     bool
	Old, New []string
}

// FlowChange is a flow arrow added or removed.
type FlowChange struct {
	// Change is Added or Removed.
	Change   string
	From, To string
}

// Empty reports whether the two versions are the same, as far as the diff
// sees (figures included).
func (d *MapDiff) Empty() bool {
	return len(d.Journey)+len(d.Personas)+len(d.Stages)+len(d.Touchpoints)+len(d.Flow)+len(d.KPIs) == 0 &&
		(d.Figures == nil || len(d.Figures.Touchpoints)+len(d.Figures.KPIs) == 0)
}

// Diff compares two versions of a journey map.
func Diff(old, cur *Journey) *MapDiff {
	d := &MapDiff{}
	d.Journey = journeyFields(old, cur)
	ren := renames{}

	personas := matchItems(namesOf(old.Personas, func(p *Persona) (string, string) { return p.ID, p.Name }),
		namesOf(cur.Personas, func(p *Persona) (string, string) { return p.ID, p.Name }), ren)
	stages := matchItems(namesOf(old.Stages, func(s *Stage) (string, string) { return s.ID, s.Name }),
		namesOf(cur.Stages, func(s *Stage) (string, string) { return s.ID, s.Name }), ren)
	tps := matchItems(namesOf(old.Touchpoints(), func(t *Touchpoint) (string, string) { return t.ID, t.Name }),
		namesOf(cur.Touchpoints(), func(t *Touchpoint) (string, string) { return t.ID, t.Name }), ren)
	kpis := matchItems(namesOf(old.KPIs, func(k *KPI) (string, string) { return k.ID, k.Name }),
		namesOf(cur.KPIs, func(k *KPI) (string, string) { return k.ID, k.Name }), ren)

	d.Personas = compareItems(personas, func(o, n int) []FieldChange {
		return personaFields(old.Personas[o], cur.Personas[n])
	})
	oldOrder, newOrder := stageOrder(old, cur, ren)
	d.Stages = compareItems(stages, func(o, n int) []FieldChange {
		fs := stageFields(old.Stages[o], cur.Stages[n])
		if op, np := oldOrder[ren.to(old.Stages[o].ID)], newOrder[cur.Stages[n].ID]; op != np {
			fs = append(fs, FieldChange{Field: "position", Old: []string{strconv.Itoa(op)}, New: []string{strconv.Itoa(np)}})
		}
		return fs
	})
	oldTPs, newTPs := old.Touchpoints(), cur.Touchpoints()
	d.Touchpoints = compareItems(tps, func(o, n int) []FieldChange {
		return touchpointFields(oldTPs[o], newTPs[n], ren)
	})
	for i := range d.Touchpoints {
		c := &d.Touchpoints[i]
		if c.Change == Removed {
			c.Stage = old.Touchpoint(c.ID).Stage.ID
		} else {
			c.Stage = cur.Touchpoint(c.ID).Stage.ID
		}
	}
	d.KPIs = compareItems(kpis, func(o, n int) []FieldChange {
		return kpiFields(old.KPIs[o], cur.KPIs[n], ren)
	})
	d.Flow = flowChanges(old, cur, ren)
	return d
}

// renames maps an old id to its new one, for the items whose id changed.
type renames map[string]string

func (r renames) to(id string) string {
	if n, ok := r[id]; ok {
		return n
	}
	return id
}

func (r renames) all(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = r.to(id)
	}
	return out
}

// named is an item's id and name, at its index in its list.
type named struct{ id, name string }

func namesOf[T any](items []T, f func(T) (string, string)) []named {
	out := make([]named, len(items))
	for i, it := range items {
		out[i].id, out[i].name = f(it)
	}
	return out
}

// pair is an item matched across the versions: an index in the old list,
// one in the new list, -1 where it is absent.
type pair struct {
	old, cur       int
	oldID, newID   string
	oldName, newNm string
}

// matchItems pairs the items of the two versions by id, then the removed
// and added ones by a name they alone share (recording the id change in
// ren). Pairs come in the new list's order, removed items last in the old
// list's order.
func matchItems(old, cur []named, ren renames) []pair {
	oldAt := map[string]int{}
	for i, it := range old {
		if _, dup := oldAt[it.id]; !dup {
			oldAt[it.id] = i
		}
	}
	newAt := map[string]int{}
	for i, it := range cur {
		if _, dup := newAt[it.id]; !dup {
			newAt[it.id] = i
		}
	}
	// Names of the items that are only on one side, counted to keep the
	// pairing to names that are unique there.
	goneByName, newByName := map[string][]int{}, map[string][]int{}
	for i, it := range old {
		if _, ok := newAt[it.id]; !ok && it.name != "" {
			goneByName[it.name] = append(goneByName[it.name], i)
		}
	}
	for i, it := range cur {
		if _, ok := oldAt[it.id]; !ok && it.name != "" {
			newByName[it.name] = append(newByName[it.name], i)
		}
	}
	movedFrom := map[int]int{} // new index -> old index
	usedOld := map[int]bool{}
	for name, ns := range newByName {
		if os := goneByName[name]; len(os) == 1 && len(ns) == 1 {
			movedFrom[ns[0]] = os[0]
			usedOld[os[0]] = true
			ren[old[os[0]].id] = cur[ns[0]].id
		}
	}
	var out []pair
	for i, it := range cur {
		p := pair{old: -1, cur: i, newID: it.id, newNm: it.name}
		if o, ok := oldAt[it.id]; ok {
			p.old = o
		} else if o, ok := movedFrom[i]; ok {
			p.old = o
		}
		if p.old >= 0 {
			p.oldID, p.oldName = old[p.old].id, old[p.old].name
		}
		out = append(out, p)
	}
	for i, it := range old {
		if _, ok := newAt[it.id]; !ok && !usedOld[i] {
			out = append(out, pair{old: i, cur: -1, oldID: it.id, oldName: it.name})
		}
	}
	return out
}

// compareItems turns matched pairs into the changes, with fields telling
// the changes of the keys other than id and name.
func compareItems(pairs []pair, fields func(o, n int) []FieldChange) []ItemChange {
	var out []ItemChange
	for _, p := range pairs {
		switch {
		case p.old < 0:
			out = append(out, ItemChange{Change: Added, ID: p.newID, Name: p.newNm})
		case p.cur < 0:
			out = append(out, ItemChange{Change: Removed, ID: p.oldID, Name: p.oldName})
		default:
			c := ItemChange{Change: Changed, ID: p.newID, Name: p.newNm, Fields: fields(p.old, p.cur)}
			if p.oldID != p.newID {
				c.OldID = p.oldID
			}
			if p.oldName != p.newNm {
				c.OldName = p.oldName
			}
			if c.OldID != "" || c.OldName != "" {
				c.Change = Renamed
			}
			if c.Change == Changed && len(c.Fields) == 0 {
				continue
			}
			out = append(out, c)
		}
	}
	return out
}

// fieldList collects the keys whose values differ.
type fieldList []FieldChange

func (fl *fieldList) text(field, old, cur string) {
	if old != cur {
		*fl = append(*fl, FieldChange{Field: field, Old: one(old), New: one(cur)})
	}
}

func (fl *fieldList) list(field string, old, cur []string) {
	if !slices.Equal(old, cur) {
		*fl = append(*fl, FieldChange{Field: field, List: true, Old: slices.Clone(old), New: slices.Clone(cur)})
	}
}

// one is a single value as a list: empty when absent.
func one(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

func journeyFields(old, cur *Journey) []FieldChange {
	var fl fieldList
	if old.Version != cur.Version {
		fl.text("version", strconv.Itoa(old.Version), strconv.Itoa(cur.Version))
	}
	fl.text("name", old.Name, cur.Name)
	fl.text("description", old.Description, cur.Description)
	return fl
}

func personaFields(old, cur *Persona) []FieldChange {
	var fl fieldList
	fl.text("description", old.Description, cur.Description)
	fl.list("goals", old.Goals, cur.Goals)
	fl.list("pains", old.Pains, cur.Pains)
	return fl
}

func stageFields(old, cur *Stage) []FieldChange {
	var fl fieldList
	fl.text("description", old.Description, cur.Description)
	fl.list("goals", old.Goals, cur.Goals)
	return fl
}

// stageOrder numbers, from 1, the stages that both versions have, in each
// version's order (by new id), so that a stage shows as moved only when
// its place among them changed, not when a stage before it was added.
func stageOrder(old, cur *Journey, ren renames) (oldPos, newPos map[string]int) {
	both := map[string]bool{}
	for _, s := range old.Stages {
		if cur.Stage(ren.to(s.ID)) != nil {
			both[ren.to(s.ID)] = true
		}
	}
	oldPos, newPos = map[string]int{}, map[string]int{}
	for _, s := range old.Stages {
		if id := ren.to(s.ID); both[id] {
			oldPos[id] = len(oldPos) + 1
		}
	}
	for _, s := range cur.Stages {
		if both[s.ID] {
			newPos[s.ID] = len(newPos) + 1
		}
	}
	return oldPos, newPos
}

func touchpointFields(old, cur *Touchpoint, ren renames) []FieldChange {
	var fl fieldList
	fl.text("stage", ren.to(old.Stage.ID), cur.Stage.ID)
	fl.text("description", old.Description, cur.Description)
	fl.text("channel", old.Channel, cur.Channel)
	fl.text("owner", old.Owner, cur.Owner)
	fl.list("personas", ren.all(old.Personas), cur.Personas)
	fl.text("emotion", emotionText(old.Emotion), emotionText(cur.Emotion))
	fl.list("pains", old.Pains, cur.Pains)
	fl.list("opportunities", old.Opportunities, cur.Opportunities)
	fl.list("actions", old.Actions, cur.Actions)
	fl.list("thoughts", old.Thoughts, cur.Thoughts)
	fl.list("backstage", old.Backstage, cur.Backstage)
	fl.list("events", old.Events, cur.Events)
	return fl
}

func emotionText(e *int) string {
	if e == nil {
		return ""
	}
	return strconv.Itoa(*e)
}

func kpiFields(old, cur *KPI, ren renames) []FieldChange {
	var fl fieldList
	fl.text("metric", old.Metric, cur.Metric)
	fl.text("scope", kpiScope(old, ren), kpiScope(cur, renames{}))
	ot, nt := old.Target, cur.Target
	if (ot == nil) != (nt == nil) || (ot != nil && (ot.Op != nt.Op || ot.Value != nt.Value)) {
		fl = append(fl, FieldChange{Field: "target", Old: one(targetText(ot)), New: one(targetText(nt))})
	}
	return fl
}

// kpiScope writes a KPI's scope as one value: "touchpoint cart",
// "stage purchase" or "cart -> checkout".
func kpiScope(k *KPI, ren renames) string {
	switch {
	case k.Touchpoint != "":
		return "touchpoint " + ren.to(k.Touchpoint)
	case k.Stage != "":
		return "stage " + ren.to(k.Stage)
	case k.From != "" || k.To != "":
		return ren.to(k.From) + " -> " + ren.to(k.To)
	}
	return ""
}

func targetText(t *Target) string {
	if t == nil {
		return ""
	}
	return t.String()
}

// flowChanges compares the arrows of the whole flow (everyone's), old ids
// followed to their new names.
func flowChanges(old, cur *Journey, ren renames) []FlowChange {
	type arrow struct{ from, to string }
	arrows := func(j *Journey, ren renames) []arrow {
		f := j.Flow("")
		var out []arrow
		for _, tp := range f.Touchpoints() {
			for _, s := range f.Successors(tp) {
				out = append(out, arrow{ren.to(tp.ID), ren.to(s.ID)})
			}
		}
		return out
	}
	oa, na := arrows(old, ren), arrows(cur, renames{})
	set := func(as []arrow) map[arrow]bool {
		m := make(map[arrow]bool, len(as))
		for _, a := range as {
			m[a] = true
		}
		return m
	}
	inOld, inNew := set(oa), set(na)
	var out []FlowChange
	for _, a := range na {
		if !inOld[a] {
			out = append(out, FlowChange{Change: Added, From: a.from, To: a.to})
		}
	}
	for _, a := range oa {
		if !inNew[a] {
			out = append(out, FlowChange{Change: Removed, From: a.from, To: a.to})
		}
	}
	return out
}

// Items tells, for a list key, the items the new version adds and the ones
// it drops; both are empty when only the order changed.
func (f FieldChange) Items() (added, removed []string) {
	for _, s := range f.New {
		if !slices.Contains(f.Old, s) {
			added = append(added, s)
		}
	}
	for _, s := range f.Old {
		if !slices.Contains(f.New, s) {
			removed = append(removed, s)
		}
	}
	return added, removed
}

// Count is the number of items (personas, stages, touchpoints, KPIs) with
// the change kind.
func (d *MapDiff) Count(change string) int {
	n := 0
	for _, cs := range [][]ItemChange{d.Personas, d.Stages, d.Touchpoints, d.KPIs} {
		for _, c := range cs {
			if c.Change == change {
				n++
			}
		}
	}
	return n
}
