package diff

import (
	"encoding/json"
	"io"
	"math"

	"github.com/journey-maps/journey/journey"
)

// The JSON form: "old" and "new" name the versions, "changed" tells
// whether they differ, and one array per kind of item ("journey",
// "personas", "stages", "touchpoints", "flow", "kpis") lists the changes,
// empty when there are none. "figures" is there with --data only. A
// single-valued key's old and new values are strings (null when absent), a
// list key's are arrays, with "added" and "removed" items beside them.

type jsonDiff struct {
	Old         string       `json:"old"`
	New         string       `json:"new"`
	Changed     bool         `json:"changed"`
	Journey     []jsonField  `json:"journey"`
	Personas    []jsonItem   `json:"personas"`
	Stages      []jsonItem   `json:"stages"`
	Touchpoints []jsonItem   `json:"touchpoints"`
	Flow        []jsonArrow  `json:"flow"`
	KPIs        []jsonItem   `json:"kpis"`
	Figures     *jsonFigures `json:"figures,omitempty"`
}

type jsonItem struct {
	Change  string      `json:"change"`
	ID      string      `json:"id"`
	OldID   *string     `json:"old_id,omitempty"`
	Name    string      `json:"name"`
	OldName *string     `json:"old_name,omitempty"`
	Stage   string      `json:"stage,omitempty"`
	Fields  []jsonField `json:"fields"`
}

type jsonField struct {
	Field   string   `json:"field"`
	Old     any      `json:"old"`
	New     any      `json:"new"`
	Added   []string `json:"added,omitempty"`
	Removed []string `json:"removed,omitempty"`
}

type jsonArrow struct {
	Change string `json:"change"`
	From   string `json:"from"`
	To     string `json:"to"`
}

type jsonFigures struct {
	Touchpoints []jsonTouchpointFigures `json:"touchpoints"`
	KPIs        []jsonKPIFigures        `json:"kpis"`
}

type jsonPair struct {
	Old    *float64 `json:"old"`
	New    *float64 `json:"new"`
	Change *float64 `json:"change"`
}

type jsonTouchpointFigures struct {
	ID         string   `json:"id"`
	InOld      bool     `json:"in_old"`
	InNew      bool     `json:"in_new"`
	Users      jsonPair `json:"users"`
	Conversion jsonPair `json:"conversion"`
	DropOff    jsonPair `json:"drop_off"`
}

type jsonKPIFigures struct {
	ID     string    `json:"id"`
	InOld  bool      `json:"in_old"`
	InNew  bool      `json:"in_new"`
	Actual jsonPair  `json:"actual"`
	Target jsonTexts `json:"target"`
	Status jsonTexts `json:"status"`
}

type jsonTexts struct {
	Old *string `json:"old"`
	New *string `json:"new"`
}

// WriteJSON writes the diff for programs. Figures are fractions, as in the
// gap report's JSON.
func WriteJSON(w io.Writer, d *journey.MapDiff, o Options) error {
	out := jsonDiff{
		Old: o.Old, New: o.New, Changed: !d.Empty(),
		Journey: jsonFields(d.Journey), Personas: jsonItems(d.Personas), Stages: jsonItems(d.Stages),
		Touchpoints: jsonItems(d.Touchpoints), KPIs: jsonItems(d.KPIs), Flow: []jsonArrow{},
	}
	for _, f := range d.Flow {
		out.Flow = append(out.Flow, jsonArrow{f.Change, f.From, f.To})
	}
	if fd := d.Figures; fd != nil {
		jf := &jsonFigures{Touchpoints: []jsonTouchpointFigures{}, KPIs: []jsonKPIFigures{}}
		for _, t := range fd.Touchpoints {
			jf.Touchpoints = append(jf.Touchpoints, jsonTouchpointFigures{
				ID: t.ID, InOld: t.InOld, InNew: t.InNew,
				Users: pairOf(t.Users), Conversion: pairOf(t.Conversion), DropOff: pairOf(t.Drop),
			})
		}
		for _, k := range fd.KPIs {
			jf.KPIs = append(jf.KPIs, jsonKPIFigures{
				ID: k.ID, InOld: k.InOld, InNew: k.InNew, Actual: pairOf(k.Actual),
				Target: jsonTexts{textOrNull(k.OldTarget), textOrNull(k.NewTarget)},
				Status: jsonTexts{textOrNull(k.OldStatus), textOrNull(k.NewStatus)},
			})
		}
		out.Figures = jf
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func jsonItems(cs []journey.ItemChange) []jsonItem {
	out := []jsonItem{}
	for _, c := range cs {
		it := jsonItem{Change: c.Change, ID: c.ID, Name: c.Name, Stage: c.Stage, Fields: jsonFields(c.Fields)}
		if c.OldID != "" {
			it.OldID = &c.OldID
		}
		if c.OldName != "" {
			it.OldName = &c.OldName
		}
		out = append(out, it)
	}
	return out
}

func jsonFields(fs []journey.FieldChange) []jsonField {
	out := []jsonField{}
	for _, f := range fs {
		jf := jsonField{Field: f.Field}
		if f.List {
			jf.Old, jf.New = nonNil(f.Old), nonNil(f.New)
			jf.Added, jf.Removed = f.Items()
		} else {
			jf.Old, jf.New = firstOrNull(f.Old), firstOrNull(f.New)
		}
		out = append(out, jf)
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func firstOrNull(v []string) *string {
	if len(v) == 0 {
		return nil
	}
	return &v[0]
}

func textOrNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// pairOf leaves out figures JSON cannot hold (NaN, infinities) as null.
func pairOf(p journey.FigurePair) jsonPair {
	ok := func(v *float64) *float64 {
		if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
			return nil
		}
		return v
	}
	return jsonPair{ok(p.Old), ok(p.New), ok(p.Change)}
}
