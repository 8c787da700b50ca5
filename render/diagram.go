package render

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/journey-maps/journey/journey"
)

// Diagram is what a journey picture shows, independent of the drawing
// language: every figure is already computed and formatted, so the DOT and
// Mermaid writers only lay it out.
type Diagram struct {
	Title string
	// Subtitle names the persona and the data period, or is "".
	Subtitle string
	// Direction is "LR" (stages left to right) or "TB".
	Direction string
	// Curved asks for arrows that bend around touchpoints instead of
	// straight lines.
	Curved bool
	// HasData is true when figures from analytics data are shown.
	HasData bool
	Stages  []*DiagramStage
	Edges   []*DiagramEdge
	// KPIs lists every KPI with its status, in file order, when HasData.
	KPIs []*DiagramBadge
	// Emotions lists the emotion values the picture uses, for the legend.
	Emotions []int
	// WorstCount is how many touchpoints are marked as worst drop-offs.
	WorstCount int
}

// columns reports whether stages are columns left to right (else rows).
func (d *Diagram) columns() bool { return d.Direction != "TB" }

// DiagramStage is one stage column with its touchpoints in flow order.
type DiagramStage struct {
	ID, Name string
	Nodes    []*DiagramNode
	// Users and Conversion are formatted stage figures ("" without data).
	Users      string
	Conversion string
	Badges     []*DiagramBadge
}

// DiagramNode is one touchpoint.
type DiagramNode struct {
	// Key is a drawing-language-neutral unique identifier (t0, t1, ...).
	Key     string
	Stage   *DiagramStage
	ID      string
	Name    string
	Channel string
	Owner   string
	// Emotion is -2..2; HasEmotion is false when the file gives none.
	Emotion    int
	HasEmotion bool
	Pains      []string
	Opps       []string
	// NoData marks a touchpoint the data says nothing about (HasData only).
	NoData bool
	// Users ("12,000"), Conversion ("37.5%") and DropOff ("62.5%") are
	// formatted figures; "" when not applicable.
	Users      string
	Conversion string
	DropOff    string
	// Worst marks one of the touchpoints that lose the largest share of
	// their users; WorstRank is 1 for the worst.
	Worst     bool
	WorstRank int
	Badges    []*DiagramBadge
}

// DiagramEdge is one flow arrow.
type DiagramEdge struct {
	From, To *DiagramNode
	// Branch is true when From has several successors.
	Branch bool
	// Users ("4,500") and Conversion ("37.5%") are formatted figures; ""
	// without data.
	Users      string
	Conversion string
	// Width is the stroke width in points: 1.5 without data, else scaled
	// by the users who take this arrow relative to the busiest arrow.
	Width float64
	// Back is true when the arrow points to an earlier touchpoint (a loop).
	Back bool
}

// DiagramBadge is a KPI's status at the place it applies.
type DiagramBadge struct {
	Name   string
	Status string // journey.StatusMet, StatusMissed or StatusNoData
	// Actual is the formatted figure ("" without data); Target is as written.
	Actual string
	Target string
	// Scope describes where the KPI applies ("Cart → Checkout").
	Scope string
}

// DiagramOptions select what to draw.
type DiagramOptions struct {
	// Persona restricts the picture to one persona's journey; "" for all.
	Persona string
	// Layout is "lr" (default) or "tb".
	Layout string
	// Arrows is "straight" (default) or "curved".
	Arrows string
}

// diagramMaxWorst is how many of the largest drop-offs are marked: few enough to
// stand out on a wall.
const diagramMaxWorst = 3

// Edge widths in points: thin enough for a 300-touchpoint map, wide enough
// to read the busiest path from the back of a room.
const (
	diagramEdgePlain = 1.5
	diagramEdgeMin   = 1.0
	diagramEdgeMax   = 10.0
)

// NewDiagram builds the picture model of the journey; a is the analysis of
// the data, or nil to draw the map alone. When a has per-persona figures
// and opt.Persona is set, that persona's figures are used.
func NewDiagram(j *journey.Journey, a *journey.Analysis, opt DiagramOptions) (*Diagram, error) {
	if opt.Persona != "" && j.Persona(opt.Persona) == nil {
		return nil, fmt.Errorf("expected a persona id of the journey, found %q", opt.Persona)
	}
	d := &Diagram{Title: j.Name, Direction: "LR"}
	switch opt.Layout {
	case "", "lr":
	case "tb":
		d.Direction = "TB"
	default:
		return nil, fmt.Errorf("expected layout lr or tb, found %q", opt.Layout)
	}
	switch opt.Arrows {
	case "", "straight":
	case "curved":
		d.Curved = true
	default:
		return nil, fmt.Errorf("expected arrows straight or curved, found %q", opt.Arrows)
	}
	if a != nil && opt.Persona != "" && a.Persona != opt.Persona {
		if pa := a.Personas[opt.Persona]; pa != nil {
			a = pa
		}
	}
	var sub []string
	if opt.Persona != "" {
		sub = append(sub, "Persona: "+j.Persona(opt.Persona).Name)
	}
	if a != nil {
		d.HasData = true
		var periods []string
		for _, s := range a.Sources {
			if s.Period != "" && !diagramHas(periods, s.Period) {
				periods = append(periods, s.Period)
			}
		}
		if len(periods) > 0 {
			sub = append(sub, "Data: "+strings.Join(periods, ", "))
		}
	}
	d.Subtitle = strings.Join(sub, " · ")

	flow := j.Flow(opt.Persona)
	nodes := map[*journey.Touchpoint]*DiagramNode{}
	tpFig := map[*journey.Touchpoint]*journey.TouchpointFigures{}
	stFig := map[*journey.Stage]*journey.StageFigures{}
	if a != nil {
		for i := range a.Touchpoints {
			tpFig[a.Touchpoints[i].Touchpoint] = &a.Touchpoints[i]
		}
		for i := range a.Stages {
			stFig[a.Stages[i].Stage] = &a.Stages[i]
		}
	}
	emotions := map[int]bool{}
	stages := map[*journey.Stage]*DiagramStage{}
	for _, s := range j.Stages {
		ds := &DiagramStage{ID: s.ID, Name: s.Name}
		if f := stFig[s]; f != nil {
			ds.Users = diagramUsers(f.Users)
			ds.Conversion = diagramPercent(f.Conversion)
		}
		for _, tp := range s.Touchpoints {
			if !flow.Contains(tp) {
				continue
			}
			n := &DiagramNode{
				Key: "t" + strconv.Itoa(tp.Index), Stage: ds, ID: tp.ID, Name: tp.Name,
				Channel: tp.Channel, Owner: tp.Owner, Pains: tp.Pains, Opps: tp.Opportunities,
			}
			if tp.Emotion != nil {
				n.Emotion, n.HasEmotion = *tp.Emotion, true
				emotions[n.Emotion] = true
			}
			if a != nil {
				f := tpFig[tp]
				if f == nil || f.Users == nil {
					n.NoData = true
				} else {
					n.Users = diagramUsers(f.Users)
					n.Conversion = diagramPercent(f.Conversion)
					// Where people take several branches at once, drop-off
					// comes out negative: nobody was lost, so none is shown.
					if f.DropOff != nil && *f.DropOff >= 0 {
						n.DropOff = diagramPercent(f.DropOff)
					}
				}
			}
			nodes[tp] = n
			ds.Nodes = append(ds.Nodes, n)
		}
		stages[s] = ds
		if len(ds.Nodes) > 0 {
			d.Stages = append(d.Stages, ds)
		}
	}
	for e := range emotions {
		d.Emotions = append(d.Emotions, e)
	}
	sort.Ints(d.Emotions)

	d.Edges = diagramEdges(flow, nodes, a)
	if a != nil {
		d.WorstCount = diagramMarkWorst(a, nodes)
		d.KPIs = diagramBadges(j, a, nodes, stages)
	}
	return d, nil
}

func diagramEdges(flow *journey.Flow, nodes map[*journey.Touchpoint]*DiagramNode, a *journey.Analysis) []*DiagramEdge {
	type key struct{ from, to *journey.Touchpoint }
	figs := map[key]*journey.EdgeFigures{}
	if a != nil {
		for i := range a.Edges {
			e := &a.Edges[i]
			figs[key{e.From, e.To}] = e
		}
	}
	var edges []*DiagramEdge
	maxUsers := 0.0
	users := map[*DiagramEdge]float64{}
	for _, tp := range flow.Touchpoints() {
		succ := flow.Successors(tp)
		for _, s := range succ {
			e := &DiagramEdge{From: nodes[tp], To: nodes[s], Branch: len(succ) > 1, Width: diagramEdgePlain, Back: s.Index <= tp.Index}
			if e.From == nil || e.To == nil {
				continue
			}
			if f := figs[key{tp, s}]; f != nil {
				e.Users = diagramUsers(f.Users)
				e.Conversion = diagramPercent(f.Conversion)
				if f.Users != nil {
					users[e] = *f.Users
					maxUsers = math.Max(maxUsers, *f.Users)
				}
			}
			edges = append(edges, e)
		}
	}
	if a != nil {
		for _, e := range edges {
			e.Width = diagramEdgeMin
			if u, ok := users[e]; ok && maxUsers > 0 {
				e.Width = diagramRound(diagramEdgeMin+(diagramEdgeMax-diagramEdgeMin)*u/maxUsers, 1)
			}
		}
	}
	return edges
}

// diagramMarkWorst flags the touchpoints with the largest drop-off (above zero),
// at most diagramMaxWorst, ties in file order.
func diagramMarkWorst(a *journey.Analysis, nodes map[*journey.Touchpoint]*DiagramNode) int {
	type cand struct {
		n    *DiagramNode
		drop float64
		idx  int
	}
	var cs []cand
	for _, f := range a.Touchpoints {
		n := nodes[f.Touchpoint]
		if n == nil || f.DropOff == nil || *f.DropOff <= 0 || f.Users == nil {
			continue
		}
		cs = append(cs, cand{n, *f.DropOff, f.Touchpoint.Index})
	}
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].drop != cs[j].drop {
			return cs[i].drop > cs[j].drop
		}
		return cs[i].idx < cs[j].idx
	})
	if len(cs) > diagramMaxWorst {
		cs = cs[:diagramMaxWorst]
	}
	for i, c := range cs {
		c.n.Worst, c.n.WorstRank = true, i+1
	}
	return len(cs)
}

func diagramBadges(j *journey.Journey, a *journey.Analysis, nodes map[*journey.Touchpoint]*DiagramNode, stages map[*journey.Stage]*DiagramStage) []*DiagramBadge {
	var all []*DiagramBadge
	for _, r := range a.KPIs {
		k := r.KPI
		if k == nil {
			continue
		}
		b := &DiagramBadge{Name: k.Name, Status: r.Status}
		if b.Name == "" {
			b.Name = k.ID
		}
		if k.Target != nil {
			b.Target = k.Target.String()
		}
		b.Actual = diagramMetric(k.Metric, r.Actual)
		switch {
		case k.Touchpoint != "":
			tp := j.Touchpoint(k.Touchpoint)
			if tp != nil {
				b.Scope = tp.Name
				if n := nodes[tp]; n != nil {
					n.Badges = append(n.Badges, b)
				}
			}
		case k.Stage != "":
			s := j.Stage(k.Stage)
			if s != nil {
				b.Scope = s.Name + " stage"
				if ds := stages[s]; ds != nil {
					ds.Badges = append(ds.Badges, b)
				}
			}
		default:
			from, to := j.Touchpoint(k.From), j.Touchpoint(k.To)
			if from != nil && to != nil {
				b.Scope = from.Name + " → " + to.Name
				if n := nodes[to]; n != nil {
					n.Badges = append(n.Badges, b)
				}
			}
		}
		all = append(all, b)
	}
	return all
}

// diagramMetric formats a KPI's actual figure for its metric: people for
// users, a percentage for rates, the number itself for custom metrics.
func diagramMetric(metric string, v *float64) string {
	switch metric {
	case journey.MetricUsers:
		return diagramUsers(v)
	case journey.MetricConversion, journey.MetricDropOff:
		return diagramPercent(v)
	default:
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(diagramRound(*v, 2), 'f', -1, 64)
	}
}

// diagramUsers formats a head count for people: 12,000. "" for no figure.
func diagramUsers(v *float64) string {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return ""
	}
	n := int64(math.Round(*v))
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// diagramPercent formats a fraction as a percentage with at most one
// decimal: 0.375 -> 37.5%, 0.5 -> 50%. "" for no figure.
func diagramPercent(v *float64) string {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return ""
	}
	p := diagramRound(*v*100, 1)
	if p == 0 {
		p = 0 // no "-0%"
	}
	return strconv.FormatFloat(p, 'f', -1, 64) + "%"
}

func diagramRound(v float64, decimals int) float64 {
	m := math.Pow(10, float64(decimals))
	return math.Round(v*m) / m
}

func diagramHas(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
