package journey

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// check runs the whole-file rules: references, KPI scopes and the warnings.
func (p *parser) check(j *Journey) {
	st := p.state
	for _, r := range st.refs {
		p.reference(j, r.node, r.want, r.from)
	}
	for _, k := range j.KPIs {
		p.kpiScope(j, k, st.kpiNodes[k])
	}
	reach := j.Flow("").Reachable()
	first := j.Flow("").First()
	for _, tp := range j.touchpoints {
		if !reach[tp.Index] {
			p.warnAt(tp.Pos, RuleUnreachable, "touchpoint %q is not reached by any flow from the first touchpoint %q", tp.ID, first.ID)
		}
	}
	served := map[string]bool{}
	everyone := false
	for _, tp := range j.touchpoints {
		if len(tp.Personas) == 0 {
			everyone = true
		}
		for _, id := range tp.Personas {
			served[id] = true
		}
	}
	if !everyone {
		for _, per := range j.Personas {
			if per.ID != "" && !served[per.ID] {
				p.warnAt(per.Pos, RuleUnusedPersona, "persona %q is served by no touchpoint: list it in a touchpoint's personas or remove it", per.ID)
			}
		}
	}
	for _, s := range j.Stages {
		if len(s.Touchpoints) == 0 {
			p.warnAt(s.Pos, RuleEmptyStage, "stage %q has no touchpoints", s.ID)
		}
	}
	p.ambiguousLabels(j)
	for _, k := range j.KPIs {
		if k.Target == nil {
			if v, ok := st.kpiNodes[k].get("target"); !ok || isNull(v) {
				p.warnAt(k.Pos, RuleNoTarget, "KPI %q has no target, so it can be neither met nor missed", k.ID)
			}
		}
	}
}

// ambiguousLabels warns, at the second use, about a label that two
// touchpoints claim: analytics rows with that label are counted for one of
// them only (see Matcher), whichever the author meant.
func (p *parser) ambiguousLabels(j *Journey) {
	labels := p.state.labels
	// Sorting by normalized label, then position, puts each label's uses
	// side by side in file order; cheaper than a map for maps of 20,000
	// touchpoints.
	type use struct {
		key string
		i   int
	}
	uses := make([]use, 0, len(labels))
	for i, l := range labels {
		if key := normalizeLabel(l.node.Value); key != "" {
			uses = append(uses, use{key, i})
		}
	}
	slices.SortFunc(uses, func(a, b use) int {
		na, nb := labels[a.i].node, labels[b.i].node
		return cmp.Or(strings.Compare(a.key, b.key), cmp.Compare(na.Line, nb.Line), cmp.Compare(na.Column, nb.Column), cmp.Compare(a.i, b.i))
	})
	var m *Matcher
	var warned map[*Touchpoint]bool
	first := 0
	for k := 1; k < len(uses); k++ {
		if uses[k].key != uses[k-1].key {
			first = k
			warned = nil
			continue
		}
		prev, l := labels[uses[first].i], labels[uses[k].i]
		// The same touchpoint twice, or two with one id (a duplicate-id
		// error, also when an alias brings in one touchpoint twice).
		if prev.tp == l.tp || prev.tp.ID == l.tp.ID || warned[l.tp] {
			continue
		}
		if warned == nil {
			warned = map[*Touchpoint]bool{}
		}
		warned[l.tp] = true
		if m == nil {
			m = NewMatcher(j)
		}
		winner := "?"
		if w := m.Match(l.node.Value); w != nil {
			winner = w.ID
		}
		p.warnf(l.node, RuleAmbiguousEvent, "%s %q of %s is also %s of %s (line %d): analytics data labelled %q counts for touchpoint %q only",
			l.kind, l.node.Value, labelOf("touchpoint", l.tp.ID), prev.kind.the(), labelOf("touchpoint", prev.tp.ID), prev.node.Line, l.node.Value, winner)
	}
}

// reference checks that n names an existing id of the wanted kind.
func (p *parser) reference(j *Journey, n *yaml.Node, want, from string) bool {
	id := n.Value
	obj, ok := j.ids[id]
	if !ok {
		msg := fmt.Sprintf("unknown %s %q in %s", want, id, from)
		if hint := Closest(id, idsOfKind(j, want)); hint != "" {
			msg += fmt.Sprintf("; did you mean %q?", hint)
		}
		p.errorf(n, RuleUnknownReference, "%s", msg)
		return false
	}
	if got := kindName(obj); got != want {
		p.errorf(n, RuleWrongReference, "%s names %s %q, expected a %s", from, article(got), id, want)
		return false
	}
	return true
}

func article(kind string) string {
	if kind == "" {
		return "a"
	}
	switch kind[0] {
	case 'a', 'e', 'i', 'o', 'u', 'K':
		return "an " + kind
	}
	return "a " + kind
}

func idsOfKind(j *Journey, kind string) []string {
	var out []string
	for id, obj := range j.ids {
		if kindName(obj) == kind {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

func (p *parser) kpiScope(j *Journey, k *KPI, vals fieldSet) {
	what := labelOf("KPI", k.ID)
	var scopes []string
	if k.Touchpoint != "" {
		scopes = append(scopes, "touchpoint")
	}
	if k.Stage != "" {
		scopes = append(scopes, "stage")
	}
	if k.From != "" || k.To != "" {
		scopes = append(scopes, "from+to")
	}
	switch {
	case len(scopes) == 0:
		p.errorAt(k.Pos, RuleKPIScope, "%s has no scope: expected exactly one of touchpoint, stage, or from and to", what)
		return
	case len(scopes) > 1:
		at := k.Pos
		for _, key := range []string{"stage", "from", "to"} {
			if v, ok := vals.get(key); ok && key != scopes[0] {
				at = Pos{v.Line, v.Column}
				break
			}
		}
		p.errorAt(at, RuleKPIScope, "%s has several scopes (%s): expected exactly one of touchpoint, stage, or from and to", what, joinAnd(scopes))
		return
	}
	switch scopes[0] {
	case "touchpoint":
		p.reference(j, vals.val("touchpoint"), "touchpoint", "the touchpoint of "+what)
	case "stage":
		p.reference(j, vals.val("stage"), "stage", "the stage of "+what)
	default:
		if k.From == "" || k.To == "" {
			missing, given := "from", vals.val("to")
			if k.To == "" {
				missing, given = "to", vals.val("from")
			}
			p.errorf(given, RuleKPIScope, "%s has %s but no %s: a from/to scope needs both", what, otherOf(missing), missing)
			return
		}
		p.reference(j, vals.val("from"), "touchpoint", "from of "+what)
		p.reference(j, vals.val("to"), "touchpoint", "to of "+what)
	}
}

func otherOf(key string) string {
	if key == "from" {
		return "to"
	}
	return "from"
}

func joinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	s := xs[0]
	for _, x := range xs[1 : len(xs)-1] {
		s += ", " + x
	}
	return s + " and " + xs[len(xs)-1]
}
