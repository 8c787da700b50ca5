package report

import (
	"math"
	"sort"
	"strings"
	"time"

	"github.com/journey-maps/journey/journey"
	"github.com/journey-maps/journey/render/figure"
)

// The gap report is built once, as a Model, from the funnel engine's
// analysis; the XLSX, table, markdown and CSV writers only lay it out, so
// every format shows the same figures.

// Drop-off severity thresholds, shared by every format (the XLSX applies
// them as conditional formats).
const (
	SevereDropOff  = 0.40
	NotableDropOff = 0.20
)

// The names of the figures in every format but JSON (whose keys are a
// fixed contract). A stage's conversion and a touchpoint's are different
// shares, so no name serves both: a stage's is the share of its users
// who continue to the next stage; a touchpoint's is its users as a share
// of its flow predecessors' users. Drop-off is, for both, the share that
// goes no further.
const (
	nameUsers        = "Users"
	nameStageOn      = "Continues to next stage"
	nameStageDropOff = "Drop-off before next stage"
	nameStepConv     = "Conversion from previous step"
	nameStepDropOff  = "Drop-off before next step"
	// A channel's users are the people who reached any of its
	// touchpoints; its share is of the journey's users (the first
	// stage's).
	nameShare        = "Share of journey users"
	nameMeanEmotion  = "Mean emotion"
	nameWorstDropOff = "Worst drop-off"
	nameWorstAt      = "Worst drop-off at"
)

// Estimate is the mark of an estimated figure in the text formats, as
// in the picture: "≈41,870".
const Estimate = "≈"

// channelEstimateNote says what the mark means on a channel's users.
const channelEstimateNote = Estimate + " estimated: step counts cannot tell whether the people at two of a channel's touchpoints are the same, so its users are those of its busiest touchpoint, a lower bound."

// Formats are the gap report's formats, the default first.
var Formats = []string{"table", "markdown", "csv", "json", "xlsx"}

// DropOffGrade grades a drop-off by its size.
type DropOffGrade int

// Severities, from no figure to severe.
const (
	GradeNone DropOffGrade = iota
	GradeLow
	GradeNotable
	GradeSevere
)

// Figure is one number of the report. Value is nil when the data has no
// figure (never shown as zero). With a comparison, Prev is the previous
// period's value and Change is Value - Prev (percentage points for rates),
// nil when either side has no figure.
type Figure struct {
	Value  *float64
	Prev   *float64
	Change *float64
}

// Model is the gap report's content.
type Model struct {
	Journey     string
	Description string
	// Generated is when the report was made, shown in the workbook and
	// set as its creation time; the zero time leaves both out (tests set
	// a fixed time, the command the time of the run).
	Generated time.Time
	// Persona is the name of the persona the figures are restricted to, or "".
	Persona string
	Sources []journey.SourceInfo
	// Compare is set when the report compares with a previous period,
	// whose data files PrevSources lists.
	Compare     bool
	PrevSources []journey.SourceInfo
	Stages      []StageLine
	Touchpoints []TouchpointLine
	// Worst lists up to three touchpoints with the highest drop-off, worst
	// first.
	Worst []TouchpointLine
	KPIs  []KPILine
	// Channels lists the channels of the touchpoints, most users first
	// (see journey.ChannelFigures).
	Channels []ChannelLine
	// KPI counts by status.
	Met, Missed, NoData int
	// Segments lists the segment values of the data (not persona ids),
	// sorted; each touchpoint's BySegment follows this order.
	Segments []string
	// Personas holds per-persona figures when the data has personas, in the
	// journey's persona order.
	Personas  []PersonaSection
	Unmatched []journey.Unmatched
}

// StageLine is one stage of the stage funnel.
type StageLine struct {
	ID, Name                   string
	Users, Conversion, DropOff Figure
}

// TouchpointLine is one touchpoint with its figures.
type TouchpointLine struct {
	ID, Name       string
	StageID, Stage string
	Channel, Owner string
	// Personas lists the persona ids served; empty means every persona.
	Personas                   []string
	Users, Conversion, DropOff Figure
	// UsersLost is the people who reached the touchpoint and went no
	// further: users times drop-off.
	UsersLost *float64
	// BySegment holds users per segment, in Model.Segments order; nil
	// where the data has no row for that segment.
	BySegment []*float64
	Grade     DropOffGrade
	Emotion   *int
	Pains     []string
	Opps      []string
}

// KPILine is one KPI with its target, actual figure and gap.
type KPILine struct {
	ID, Name string
	Metric   string
	// Scope says what the KPI measures, in the journey's names.
	Scope string
	Kind  figure.Kind
	// Op is the target's comparison (>=, <=, >, <); Target its value.
	Op     string
	Target float64
	// TargetRaw is the target as written in the journey file.
	TargetRaw string
	Actual    Figure
	// Gap is how far the actual figure is past the target (positive) or
	// short of it (negative): Actual - Target for >= and >, Target - Actual
	// for <= and <. Nil without an actual figure.
	Gap        *float64
	Status     string
	PrevStatus string
}

// ChannelLine is one channel with its figures. With a comparison, its
// users, share and worst drop-off are compared with the same channel's in
// the previous period (whichever touchpoint had the worst drop-off then).
type ChannelLine struct {
	Name string
	// Touchpoints and TouchpointIDs name its touchpoints, in file order.
	Touchpoints, TouchpointIDs []string
	Users, Share               Figure
	// Estimated marks Users and Share as a lower bound from step counts.
	Estimated bool
	Emotion   *float64
	// Worst names the touchpoint with the channel's worst drop-off, ""
	// for none; WorstDropOff is that drop-off.
	Worst, WorstID string
	WorstDropOff   Figure
	WorstGrade     DropOffGrade
	// Met and Missed name the channel's KPIs that met or missed their
	// target.
	Met, Missed []string
}

// PersonaSection holds one persona's touchpoint figures.
type PersonaSection struct {
	ID, Name    string
	Touchpoints []TouchpointLine
}

// New builds the report from an analysis and, for a period-over-
// period comparison, the analysis of the previous period's data (nil for
// none). Both analyses must be of the same journey.
func New(a, prev *journey.Analysis) *Model {
	r := &Model{Sources: a.Sources, Unmatched: a.Unmatched, Compare: prev != nil}
	if j := a.Journey; j != nil {
		r.Journey = j.Name
		r.Description = strings.TrimSpace(j.Description)
		if p := j.Persona(a.Persona); p != nil {
			r.Persona = p.Name
		} else {
			r.Persona = a.Persona
		}
	}
	if prev != nil {
		r.PrevSources = prev.Sources
	}

	var prevStages map[string]journey.StageFigures
	if prev != nil {
		prevStages = make(map[string]journey.StageFigures, len(prev.Stages))
		for _, s := range prev.Stages {
			if s.Stage != nil {
				prevStages[s.Stage.ID] = s
			}
		}
	}
	for _, s := range a.Stages {
		if s.Stage == nil {
			continue
		}
		l := StageLine{ID: s.Stage.ID, Name: s.Stage.Name}
		p, ok := prevStages[s.Stage.ID]
		l.Users = pair(s.Users, p.Users, ok)
		l.Conversion = pair(s.Conversion, p.Conversion, ok)
		l.DropOff = pair(s.DropOff, p.DropOff, ok)
		r.Stages = append(r.Stages, l)
	}

	r.Segments = a.Segments
	r.Touchpoints = touchpointLines(a, prev)
	r.Worst = worstDropOffs(r.Touchpoints, 3)

	var prevKPIs map[string]journey.KPIResult
	if prev != nil {
		prevKPIs = make(map[string]journey.KPIResult, len(prev.KPIs))
		for _, k := range prev.KPIs {
			if k.KPI != nil {
				prevKPIs[k.KPI.ID] = k
			}
		}
	}
	for _, k := range a.KPIs {
		if k.KPI == nil {
			continue
		}
		p, ok := prevKPIs[k.KPI.ID]
		l := kpiLine(a.Journey, k, p, ok)
		switch l.Status {
		case journey.StatusMet:
			r.Met++
		case journey.StatusMissed:
			r.Missed++
		default:
			r.NoData++
		}
		r.KPIs = append(r.KPIs, l)
	}

	r.Channels = channelLines(a, prev)
	r.Personas = personaSections(a, prev)
	return r
}

// hasEstimates reports whether any channel's users are estimated.
func (r *Model) hasEstimates() bool {
	for _, c := range r.Channels {
		if c.Estimated {
			return true
		}
	}
	return false
}

func channelLines(a, prev *journey.Analysis) []ChannelLine {
	var prevChannels map[string]journey.ChannelFigures
	if prev != nil {
		prevChannels = make(map[string]journey.ChannelFigures, len(prev.Channels))
		for _, c := range prev.Channels {
			prevChannels[c.Channel] = c
		}
	}
	lines := make([]ChannelLine, 0, len(a.Channels))
	for _, c := range a.Channels {
		l := ChannelLine{Name: c.Channel, Estimated: c.UsersEstimated && c.Users != nil, Emotion: finite(c.Emotion)}
		for _, tp := range c.Touchpoints {
			l.Touchpoints = append(l.Touchpoints, tp.Name)
			l.TouchpointIDs = append(l.TouchpointIDs, tp.ID)
		}
		p, ok := prevChannels[c.Channel]
		l.Users = pair(c.Users, p.Users, ok)
		l.Share = pair(c.Share, p.Share, ok)
		l.WorstDropOff = pair(c.WorstDropOff, p.WorstDropOff, ok)
		if c.Worst != nil {
			l.Worst, l.WorstID = c.Worst.Name, c.Worst.ID
		}
		l.WorstGrade = grade(l.WorstDropOff.Value)
		for _, k := range c.KPIs {
			if k.KPI == nil {
				continue
			}
			name := k.KPI.Name
			if name == "" {
				name = k.KPI.ID
			}
			switch k.Status {
			case journey.StatusMet:
				l.Met = append(l.Met, name)
			case journey.StatusMissed:
				l.Missed = append(l.Missed, name)
			}
		}
		lines = append(lines, l)
	}
	return lines
}

// hasStageUsers reports whether any stage has a users figure.
func (r *Model) hasStageUsers() bool {
	for _, s := range r.Stages {
		if s.Users.Value != nil {
			return true
		}
	}
	return false
}

// MissedKPIs reports whether any KPI missed its target.
func (r *Model) MissedKPIs() bool { return r.Missed > 0 }

func touchpointLines(a, prev *journey.Analysis) []TouchpointLine {
	var prevTPs map[string]journey.TouchpointFigures
	if prev != nil {
		prevTPs = make(map[string]journey.TouchpointFigures, len(prev.Touchpoints))
		for _, t := range prev.Touchpoints {
			if t.Touchpoint != nil {
				prevTPs[t.Touchpoint.ID] = t
			}
		}
	}
	lines := make([]TouchpointLine, 0, len(a.Touchpoints))
	for _, t := range a.Touchpoints {
		tp := t.Touchpoint
		if tp == nil {
			continue
		}
		l := TouchpointLine{
			ID: tp.ID, Name: tp.Name, Channel: tp.Channel, Owner: tp.Owner,
			Personas: tp.Personas, Emotion: tp.Emotion, Pains: tp.Pains, Opps: tp.Opportunities,
		}
		if tp.Stage != nil {
			l.StageID, l.Stage = tp.Stage.ID, tp.Stage.Name
		}
		p, ok := prevTPs[tp.ID]
		l.Users = pair(t.Users, p.Users, ok)
		l.Conversion = pair(t.Conversion, p.Conversion, ok)
		l.DropOff = pair(t.DropOff, p.DropOff, ok)
		if u, d := l.Users.Value, l.DropOff.Value; u != nil && d != nil {
			// People are whole: 12,000 x 33.3% is 4,000, not 3,999.9999.
			lost := math.Round(*u * *d)
			l.UsersLost = &lost
		}
		l.Grade = grade(l.DropOff.Value)
		if len(a.Segments) > 0 {
			l.BySegment = make([]*float64, len(a.Segments))
			for i, seg := range a.Segments {
				if v, ok := t.BySegment[seg]; ok {
					l.BySegment[i] = finite(&v)
				}
			}
		}
		lines = append(lines, l)
	}
	return lines
}

func grade(d *float64) DropOffGrade {
	switch {
	case d == nil:
		return GradeNone
	case *d >= SevereDropOff:
		return GradeSevere
	case *d >= NotableDropOff:
		return GradeNotable
	default:
		return GradeLow
	}
}

// worstDropOffs returns up to n touchpoints with a positive drop-off,
// highest first; ties keep file order.
func worstDropOffs(lines []TouchpointLine, n int) []TouchpointLine {
	var idx []int
	for i, l := range lines {
		if l.DropOff.Value != nil && *l.DropOff.Value > 0 {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return *lines[idx[a]].DropOff.Value > *lines[idx[b]].DropOff.Value })
	if len(idx) > n {
		idx = idx[:n]
	}
	out := make([]TouchpointLine, len(idx))
	for i, k := range idx {
		out[i] = lines[k]
	}
	return out
}

func kpiLine(j *journey.Journey, k, prev journey.KPIResult, hasPrev bool) KPILine {
	kpi := k.KPI
	l := KPILine{ID: kpi.ID, Name: kpi.Name, Metric: kpi.Metric, Scope: kpiScope(j, kpi), Status: k.Status}
	if l.Name == "" {
		l.Name = kpi.ID
	}
	l.Kind = figure.Of(kpi.Metric)
	if t := kpi.Target; t != nil {
		l.Op, l.Target, l.TargetRaw = t.Op, t.Value, strings.TrimSpace(t.Raw)
	}
	if l.Status == "" {
		l.Status = journey.StatusNoData
	}
	l.Actual = pair(k.Actual, prev.Actual, hasPrev)
	if v := l.Actual.Value; v != nil && kpi.Target != nil {
		g := *v - l.Target
		if l.Op == "<=" || l.Op == "<" {
			g = -g
		}
		l.Gap = &g
	}
	if hasPrev {
		l.PrevStatus = prev.Status
		if l.PrevStatus == "" {
			l.PrevStatus = journey.StatusNoData
		}
	}
	return l
}

// kpiScope names what a KPI measures, using the journey's display names.
func kpiScope(j *journey.Journey, k *journey.KPI) string {
	tpName := func(id string) string {
		if j != nil {
			if tp := j.Touchpoint(id); tp != nil {
				return tp.Name
			}
		}
		return id
	}
	switch {
	case k.Touchpoint != "":
		return tpName(k.Touchpoint)
	case k.Stage != "":
		name := k.Stage
		if j != nil {
			if s := j.Stage(k.Stage); s != nil {
				name = s.Name
			}
		}
		return "stage " + name
	case k.From != "" || k.To != "":
		return tpName(k.From) + " → " + tpName(k.To)
	}
	return ""
}

func personaSections(a, prev *journey.Analysis) []PersonaSection {
	if len(a.Personas) == 0 {
		return nil
	}
	// Journey order first, then any persona the journey does not list, by id.
	var ids []string
	seen := make(map[string]bool)
	if a.Journey != nil {
		for _, p := range a.Journey.Personas {
			if _, ok := a.Personas[p.ID]; ok {
				ids = append(ids, p.ID)
				seen[p.ID] = true
			}
		}
	}
	var rest []string
	for id := range a.Personas {
		if !seen[id] {
			rest = append(rest, id)
		}
	}
	sort.Strings(rest)
	ids = append(ids, rest...)

	out := make([]PersonaSection, 0, len(ids))
	for _, id := range ids {
		pa := a.Personas[id]
		if pa == nil {
			continue
		}
		var pp *journey.Analysis
		if prev != nil {
			pp = prev.Personas[id]
			if pp == nil {
				// The previous period has no figures for this persona: show
				// the change as unknown rather than dropping the comparison.
				pp = &journey.Analysis{}
			}
		}
		s := PersonaSection{ID: id, Name: id, Touchpoints: touchpointLines(pa, pp)}
		if a.Journey != nil {
			if p := a.Journey.Persona(id); p != nil {
				s.Name = p.Name
			}
		}
		out = append(out, s)
	}
	return out
}

// pair pairs a value with the previous period's; non-finite values count
// as no data.
func pair(v, prev *float64, compare bool) Figure {
	f := Figure{Value: finite(v)}
	if !compare {
		return f
	}
	f.Prev = finite(prev)
	if f.Value != nil && f.Prev != nil {
		c := *f.Value - *f.Prev
		f.Change = &c
	}
	return f
}

func finite(v *float64) *float64 {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return nil
	}
	x := *v
	return &x
}
