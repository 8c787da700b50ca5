package diagram

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/clipperhouse/displaywidth"

	"github.com/journey-maps/journey/journey"
	"github.com/journey-maps/journey/render/figure"
)

// Model is what a journey picture shows, independent of the drawing
// language: every figure is already computed and formatted, so the DOT and
// Mermaid writers only lay it out.
type Model struct {
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
	Stages  []*Stage
	Edges   []*Edge
	// KPIs lists every KPI with its status, in file order, when HasData.
	KPIs []*Badge
	// Emotions lists the emotion values the picture uses, for the legend.
	Emotions []int
	// WorstCount is how many touchpoints are marked as worst drop-offs.
	WorstCount int
	// Estimates is true when an arrow's figures are estimated (see
	// Edge.Estimated), for the legend.
	Estimates bool
	// ColorBy is what the touchpoints' fill shows: "emotion" or
	// "channel".
	ColorBy string
	// Channels lists the channels the picture shows, in slot order, for
	// the legend when ColorBy is "channel".
	Channels []Channel
	// Scale enlarges a PNG picture (see Options.Scale); 1 when not set.
	Scale float64
}

// The range of Options.Scale: from a quarter (a thumbnail) to eight times
// (a wall poster, or print at 768 dpi).
const (
	MinScale = 0.25
	MaxScale = 8.0
)

// Channel is a channel of the picture's touchpoints.
type Channel struct {
	// Name is the channel as journey.ChannelOf gives it.
	Name string
	// Slot picks the channel's colour from the theme's palette: its place
	// among the journey's channels in order of first appearance in the
	// file (journey.Journey.Channels), so that a channel keeps its colour
	// in every persona's picture and the output is the same every time.
	// Touchpoints without a channel have slot -1 (no colour).
	Slot int
}

// ColorByChannel is the ColorBy value that colours touchpoints by channel.
const ColorByChannel = "channel"

// Estimated marks an estimated figure: "≈37.5%".
const Estimated = "≈"

// EstimatedLegend says what the mark means.
const EstimatedLegend = Estimated + " estimated: split by predecessors' users"

// columns reports whether stages are columns left to right (else rows).
func (d *Model) columns() bool { return d.Direction != "TB" }

// Stage is one stage column with its touchpoints in flow order.
type Stage struct {
	// Name is clipped to maxLabel for the picture; FullName is as written.
	ID, Name, FullName string
	Nodes              []*Node
	// Users and Conversion are formatted stage figures ("" without data);
	// a stage's conversion is the share of its users who continue to the
	// next stage.
	Users      string
	Conversion string
	// DropOff is the share of the stage's users who go no further ("" without
	// data or without a next stage).
	DropOff string
	Badges  []*Badge
}

// Node is one touchpoint.
type Node struct {
	// Key is a drawing-language-neutral unique identifier (t0, t1, ...).
	Key   string
	Stage *Stage
	ID    string
	// Name is clipped to maxLabel for the picture; FullName is as written,
	// for the tooltip.
	Name     string
	FullName string
	Channel  string
	Owner    string
	// Emotion is -2..2; HasEmotion is false when the file gives none.
	Emotion    int
	HasEmotion bool
	// ChannelSlot is the Slot of the touchpoint's channel (see Channel).
	ChannelSlot int
	Pains       []string
	Opps        []string
	// NoData marks a touchpoint the data says nothing about (HasData only).
	NoData bool
	// Users ("12,000"), Conversion ("37.5%") and DropOff ("62.5%") are
	// formatted figures; "" when not applicable. A touchpoint's conversion
	// is its users as a share of its predecessors' (not a stage's share
	// that continues); its drop-off the share that goes no further.
	Users      string
	Conversion string
	DropOff    string
	// Worst marks one of the touchpoints that lose the largest share of
	// their users; WorstRank is 1 for the worst.
	Worst     bool
	WorstRank int
	Badges    []*Badge
	// Out are the arrows that leave the touchpoint, in the order of Edges.
	Out []*Edge
	// Personas are the names of the personas the touchpoint serves (all
	// of the journey's when it lists none; only the drawn one with
	// Options.Persona).
	Personas []string
}

// Edge is one flow arrow.
type Edge struct {
	From, To *Node
	// Branch is true when From has several successors.
	Branch bool
	// Users ("4,500") and Conversion ("37.5%", of From's users) are
	// formatted figures; "" without data. Estimated figures carry the
	// Estimated mark ("≈4,500").
	Users      string
	Conversion string
	// Estimated is true when the data cannot say how many people took
	// this arrow (step counts into a touchpoint with several
	// predecessors), so its users are To's split in proportion to the
	// predecessors' users.
	Estimated bool
	// Width is the stroke width in points: 1.5 without data, else scaled
	// by the users who take this arrow relative to the busiest arrow.
	Width float64
	// Back is true when the arrow points to an earlier touchpoint (a loop).
	Back bool
}

// Badge is a KPI's status at the place it applies.
type Badge struct {
	Name   string
	Status string // journey.StatusMet, StatusMissed or StatusNoData
	// Actual is the formatted figure ("" without data); Target is the
	// target with its comparison, "<= 35%" (see figure.Target), "" without.
	Actual string
	Target string
	// Scope describes where the KPI applies ("Cart → Checkout").
	Scope string
}

// TargetText is how the picture names the badge's target: "target <= 35%",
// or "no target". No-break spaces keep it on one line when a label wraps.
func (b *Badge) TargetText() string {
	if b.Target == "" {
		return "no\u00a0target"
	}
	return "target\u00a0" + strings.ReplaceAll(b.Target, " ", "\u00a0")
}

// The values of Options and of the picture formats, first the default;
// journey's flags take their checks, help and completion from these lists.
var (
	Formats     = []string{"svg", "png", "dot", "mermaid", "mermaid-journey"}
	Layouts     = []string{"lr", "tb"}
	ArrowStyles = []string{"straight", "curved"}
	ColorBys    = []string{"emotion", ColorByChannel}
)

// Options select what to draw.
type Options struct {
	// Persona restricts the picture to one persona's journey; "" for all.
	Persona string
	// Layout is "lr" (default) or "tb".
	Layout string
	// Arrows is "straight" (default) or "curved".
	Arrows string
	// ColorBy is "emotion" (default) or "channel": what the touchpoints'
	// fill shows.
	ColorBy string
	// Scale multiplies a PNG picture's pixels, 96 per inch at 1 (the
	// default, also for 0), from MinScale to MaxScale: 2 gives 192 dpi,
	// for print and wall-size posters. SVG and DOT are unaffected.
	Scale float64
}

// maxWorst is how many of the largest drop-offs are marked: few enough to
// stand out on a wall.
const maxWorst = 3

// Edge widths in points: thin enough for a 300-touchpoint map, wide enough
// to read the busiest path from the back of a room.
const (
	edgePlain = 1.5
	edgeMin   = 1.0
	edgeMax   = 10.0
)

// New builds the picture model of the journey; a is the analysis of
// the data, or nil to draw the map alone. When a has per-persona figures
// and opt.Persona is set, that persona's figures are used.
func New(j *journey.Journey, a *journey.Analysis, opt Options) (*Model, error) {
	if opt.Persona != "" && j.Persona(opt.Persona) == nil {
		return nil, fmt.Errorf("expected a persona id of the journey, found %q", opt.Persona)
	}
	d := &Model{Title: clip(j.Name), Direction: "LR"}
	if opt.Layout != "" && !slices.Contains(Layouts, opt.Layout) {
		return nil, fmt.Errorf("expected layout %s, found %q", strings.Join(Layouts, " or "), opt.Layout)
	}
	if opt.Arrows != "" && !slices.Contains(ArrowStyles, opt.Arrows) {
		return nil, fmt.Errorf("expected arrows %s, found %q", strings.Join(ArrowStyles, " or "), opt.Arrows)
	}
	if opt.ColorBy != "" && !slices.Contains(ColorBys, opt.ColorBy) {
		return nil, fmt.Errorf("expected color-by %s, found %q", strings.Join(ColorBys, " or "), opt.ColorBy)
	}
	d.Scale = 1
	if opt.Scale != 0 {
		if !(opt.Scale >= MinScale && opt.Scale <= MaxScale) {
			return nil, fmt.Errorf("expected a scale from %s to %s, found %s", dotNum(MinScale), dotNum(MaxScale), dotNum(opt.Scale))
		}
		d.Scale = opt.Scale
	}
	d.ColorBy = ColorBys[0]
	if opt.ColorBy != "" {
		d.ColorBy = opt.ColorBy
	}
	if opt.Layout == "tb" {
		d.Direction = "TB"
	}
	d.Curved = opt.Arrows == "curved"
	if a != nil && opt.Persona != "" && a.Persona != opt.Persona {
		if pa := a.Personas[opt.Persona]; pa != nil {
			a = pa
		}
	}
	var sub []string
	if opt.Persona != "" {
		sub = append(sub, "Persona: "+clip(j.Persona(opt.Persona).Name))
	}
	if a != nil {
		d.HasData = true
		var periods []string
		for _, s := range a.Sources {
			if s.Period != "" && !slices.Contains(periods, s.Period) {
				periods = append(periods, s.Period)
			}
		}
		if len(periods) > 0 {
			sub = append(sub, "Data: "+strings.Join(periods, ", "))
		}
	}
	d.Subtitle = strings.Join(sub, " · ")

	flow := j.Flow(opt.Persona)
	nodes := map[*journey.Touchpoint]*Node{}
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
	slots := map[string]int{}
	for i, c := range j.Channels() {
		slots[c] = i
	}
	slots[journey.UnspecifiedChannel] = -1
	channels := map[string]bool{}
	stages := map[*journey.Stage]*Stage{}
	for _, s := range j.Stages {
		ds := &Stage{ID: s.ID, Name: clip(s.Name), FullName: s.Name}
		if f := stFig[s]; f != nil {
			ds.Users = figure.Compact(figure.Count, f.Users)
			ds.Conversion = figure.Compact(figure.Percent, f.Conversion)
			if f.DropOff != nil && *f.DropOff >= 0 {
				ds.DropOff = figure.Compact(figure.Percent, f.DropOff)
			}
		}
		for _, tp := range s.Touchpoints {
			if !flow.Contains(tp) {
				continue
			}
			n := &Node{
				Key: "t" + strconv.Itoa(tp.Index), Stage: ds, ID: tp.ID, Name: clip(tp.Name), FullName: tp.Name,
				Channel: clip(tp.Channel), Owner: clip(tp.Owner), Pains: tp.Pains, Opps: tp.Opportunities,
				Personas: personaNames(j, tp, opt.Persona),
			}
			if tp.Emotion != nil {
				n.Emotion, n.HasEmotion = *tp.Emotion, true
				emotions[n.Emotion] = true
			}
			c := journey.ChannelOf(tp)
			n.ChannelSlot = slots[c]
			if !channels[c] {
				channels[c] = true
				d.Channels = append(d.Channels, Channel{Name: clip(c), Slot: n.ChannelSlot})
			}
			if a != nil {
				f := tpFig[tp]
				if f == nil || f.Users == nil {
					n.NoData = true
				} else {
					n.Users = figure.Compact(figure.Count, f.Users)
					n.Conversion = figure.Compact(figure.Percent, f.Conversion)
					// Where people take several branches at once, drop-off
					// comes out negative: nobody was lost, so none is shown.
					if f.DropOff != nil && *f.DropOff >= 0 {
						n.DropOff = figure.Compact(figure.Percent, f.DropOff)
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
	// Slot order, with no channel last.
	sort.SliceStable(d.Channels, func(x, y int) bool {
		sx, sy := d.Channels[x].Slot, d.Channels[y].Slot
		if sx < 0 || sy < 0 {
			return sy < 0 && sx >= 0
		}
		return sx < sy
	})

	d.Edges = flowEdges(flow, nodes, a)
	for _, e := range d.Edges {
		e.From.Out = append(e.From.Out, e)
		d.Estimates = d.Estimates || e.Estimated
	}
	if a != nil {
		d.WorstCount = markWorst(a, nodes)
		d.KPIs = kpiBadges(j, a, nodes, stages)
	}
	return d, nil
}

func flowEdges(flow *journey.Flow, nodes map[*journey.Touchpoint]*Node, a *journey.Analysis) []*Edge {
	type key struct{ from, to *journey.Touchpoint }
	figs := map[key]*journey.EdgeFigures{}
	if a != nil {
		for i := range a.Edges {
			e := &a.Edges[i]
			figs[key{e.From, e.To}] = e
		}
	}
	var edges []*Edge
	maxUsers := 0.0
	users := map[*Edge]float64{}
	for _, tp := range flow.Touchpoints() {
		succ := flow.Successors(tp)
		for _, s := range succ {
			e := &Edge{From: nodes[tp], To: nodes[s], Branch: len(succ) > 1, Width: edgePlain, Back: s.Index <= tp.Index}
			if e.From == nil || e.To == nil {
				continue
			}
			if f := figs[key{tp, s}]; f != nil {
				e.Users = figure.Compact(figure.Count, f.Users)
				e.Conversion = figure.Compact(figure.Percent, f.Conversion)
				if f.Estimated && f.Users != nil {
					e.Estimated = true
					e.Users = Estimated + e.Users
					if e.Conversion != "" {
						e.Conversion = Estimated + e.Conversion
					}
				}
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
			e.Width = edgeMin
			if u, ok := users[e]; ok && maxUsers > 0 {
				e.Width = roundTo(edgeMin+(edgeMax-edgeMin)*u/maxUsers, 1)
			}
		}
	}
	return edges
}

// markWorst flags the touchpoints with the largest drop-off (above zero),
// at most maxWorst, ties in file order.
func markWorst(a *journey.Analysis, nodes map[*journey.Touchpoint]*Node) int {
	type cand struct {
		n    *Node
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
	if len(cs) > maxWorst {
		cs = cs[:maxWorst]
	}
	for i, c := range cs {
		c.n.Worst, c.n.WorstRank = true, i+1
	}
	return len(cs)
}

func kpiBadges(j *journey.Journey, a *journey.Analysis, nodes map[*journey.Touchpoint]*Node, stages map[*journey.Stage]*Stage) []*Badge {
	var all []*Badge
	for _, r := range a.KPIs {
		k := r.KPI
		if k == nil {
			continue
		}
		b := &Badge{Name: clip(k.Name), Status: r.Status}
		if b.Name == "" {
			b.Name = k.ID
		}
		b.Target = figure.Target(k.Target, k.Metric)
		b.Actual = figure.Compact(figure.Of(k.Metric), r.Actual)
		switch {
		case k.Touchpoint != "":
			tp := j.Touchpoint(k.Touchpoint)
			if tp != nil {
				b.Scope = clip(tp.Name)
				if n := nodes[tp]; n != nil {
					n.Badges = append(n.Badges, b)
				}
			}
		case k.Stage != "":
			s := j.Stage(k.Stage)
			if s != nil {
				b.Scope = clip(s.Name) + " stage"
				if ds := stages[s]; ds != nil {
					ds.Badges = append(ds.Badges, b)
				}
			}
		default:
			from, to := j.Touchpoint(k.From), j.Touchpoint(k.To)
			if from != nil && to != nil {
				b.Scope = clip(from.Name) + " → " + clip(to.Name)
				if n := nodes[to]; n != nil {
					n.Badges = append(n.Badges, b)
				}
			}
		}
		all = append(all, b)
	}
	return all
}

func roundTo(v float64, decimals int) float64 {
	m := math.Pow(10, float64(decimals))
	return math.Round(v*m) / m
}

// maxLabel is the most characters of a name the picture shows: a longer
// name is cut with "…" (its tooltip keeps it whole). Graphviz's layout time
// grows with label length, and a wall cannot show a paragraph anyway.
const maxLabel = 80

// clip cuts s to maxLabel characters, the last of them "…". A character
// here is a grapheme cluster (a letter with its accents, an emoji
// sequence), which is never cut apart.
func clip(s string) string {
	if len(s) <= maxLabel {
		return s
	}
	// end is where the first maxLabel-1 clusters end.
	n, end, at := 0, 0, 0
	g := displaywidth.StringGraphemes(s)
	for g.Next() {
		at += len(g.Value())
		n++
		if n == maxLabel-1 {
			end = at
		}
		if n > maxLabel {
			return s[:end] + "…"
		}
	}
	return s
}

// personaNames are the names of the personas a touchpoint serves: the
// ones it lists, else every persona of the journey; only persona when the
// picture is one persona's journey.
func personaNames(j *journey.Journey, tp *journey.Touchpoint, persona string) []string {
	var names []string
	for _, p := range j.Personas {
		if (persona == "" || p.ID == persona) && (len(tp.Personas) == 0 || slices.Contains(tp.Personas, p.ID)) {
			names = append(names, clip(p.Name))
		}
	}
	return names
}
