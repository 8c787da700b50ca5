package journey

import (
	"math"
	"sort"
	"strings"
)

// AnalyzeOptions tunes Analyze.
type AnalyzeOptions struct {
	// Persona restricts the figures to one persona's rows (or users) over
	// the persona's touchpoints; "" counts everyone.
	Persona string
}

// Analyze computes the journey's figures over the data sets, as the README
// ("Analytics data") defines them.
//
// Rows are matched to touchpoints with a Matcher; rows that match nothing
// are listed in Unmatched in data order, once per file and label (at the
// first such row, with the number of rows). A label that one file repeats
// with users for the same segment is a funnel through the same event
// twice: its n-th such row goes to the n-th touchpoint (in flow order) that
// the label matches, and rows beyond those touchpoints are listed in
// Unmatched as well. Several rows for the same
// touchpoint and scope (two events of one touchpoint, or the same step in
// two files) do not add up: users(T) is the largest of their counts, since
// funnel exports count the same people at every step they reach.
//
// Overall figures come from a row without segment or marked Total; when a
// touchpoint has none, from the sum over its segment rows (persona ids
// included). Persona figures come from rows whose segment is the persona
// id.
//
// Branches: a touchpoint with several successors (next: [a, b]) sends its
// users down every branch, so drop_off(T) = 1 - (users(a)+users(b)) /
// users(T) may be negative when people take both ways; a touchpoint with
// several predecessors divides its users by the sum over all of them, as
// the README says. Neighbours without data are left out of these sums;
// when none has data, the figure is null. A zero denominator gives null.
//
// Arrows: the users of an arrow come from the data sets' EdgeRows where
// event-level data counted them (the largest count where several files
// do); otherwise from step counts, measured when the arrow's head has a
// single predecessor and apportioned (EdgeFigures.Estimated) when it has
// several. Channels likewise: counted from the data sets' ChannelRows,
// else bounded by their touchpoints' users (see ChannelFigures).
//
// Custom metrics keep the name the data gives them; names that differ
// only in case, "_" or "-" are one metric, under the spelling that sorts
// first.
func Analyze(j *Journey, data []*DataSet, opts AnalyzeOptions) *Analysis {
	m := NewMatcher(j)
	in := &analyzeInput{
		rows:     make([][]*StepRow, len(j.Touchpoints())),
		edges:    map[edgeKey]float64{},
		channels: map[channelKey]float64{},
		metric:   metricSpellings(data),
	}
	rows := in.rows
	a := &Analysis{Journey: j, Persona: opts.Persona}
	segments := map[string]bool{}
	personas := map[string]bool{}
	unmatched := map[string]int{}
	for _, ds := range data {
		if ds == nil {
			continue
		}
		a.Sources = append(a.Sources, SourceInfo{File: ds.File, Period: ds.Period, Rows: ds.rowCount(), Notes: ds.Notes})
		a.Unmatched = append(a.Unmatched, ds.Unmatched...)
		for _, e := range ds.Edges {
			from, to := j.Touchpoint(e.From), j.Touchpoint(e.To)
			if from == nil || to == nil {
				continue
			}
			k := edgeKey{e.Persona, from, to}
			if old, ok := in.edges[k]; !ok || e.Users > old {
				in.edges[k] = e.Users
			}
		}
		for _, c := range ds.Channels {
			k := channelKey{c.Persona, c.Channel}
			if old, ok := in.channels[k]; !ok || c.Users > old {
				in.channels[k] = c.Users
			}
		}
		// A label that a file repeats with users for one scope (segment)
		// is a funnel that passes the same event twice ($pageview ->
		// $pageview): its n-th row goes to the n-th touchpoint in flow
		// order that the label matches. (A row with metrics only adds a
		// figure to a step; it is matched as usual.)
		scope := func(r *StepRow) string { return normalizeLabel(r.Label) + "\x00" + r.Segment }
		occurs := map[string]int{}
		for i := range ds.Rows {
			if ds.Rows[i].HasUsers {
				occurs[scope(&ds.Rows[i])]++
			}
		}
		seen := map[string]int{}
		for i := range ds.Rows {
			r := &ds.Rows[i]
			var tp *Touchpoint
			surplus := false
			if k := scope(r); r.HasUsers && occurs[k] > 1 {
				n := seen[k]
				seen[k]++
				if all := m.MatchAll(r.Label); n < len(all) {
					tp = all[n]
				} else {
					surplus = len(all) > 0
				}
			} else {
				tp = m.Match(r.Label)
			}
			if tp == nil {
				// One entry per label and file, at its first row: a GA4
				// step repeats on every breakdown row. A row whose label
				// matches, but that comes once more than the journey has
				// touchpoints for it, is listed too, never dropped.
				key := r.Source.File + "\x00" + r.Label
				if surplus {
					key = "surplus\x00" + key
				}
				if i, ok := unmatched[key]; ok {
					a.Unmatched[i].Rows++
					continue
				}
				unmatched[key] = len(a.Unmatched)
				a.Unmatched = append(a.Unmatched, Unmatched{File: r.Source.File, Line: r.Source.Line, Cell: r.Source.Cell, Value: r.Label, Rows: 1})
				continue
			}
			rows[tp.Index] = append(rows[tp.Index], r)
			if r.Segment != "" && !r.Total {
				if j.Persona(r.Segment) != nil {
					personas[r.Segment] = true
				} else {
					segments[r.Segment] = true
				}
			}
		}
	}
	if opts.Persona != "" {
		a.compute(j.Flow(opts.Persona), in, opts.Persona, nil)
		return a
	}
	for s := range segments {
		a.Segments = append(a.Segments, s)
	}
	sort.Strings(a.Segments)
	a.compute(j.Flow(""), in, "", a.Segments)
	if len(personas) > 0 {
		a.Personas = map[string]*Analysis{}
		for _, p := range j.Personas {
			if !personas[p.ID] {
				continue
			}
			pa := &Analysis{Journey: j, Persona: p.ID, Sources: a.Sources}
			pa.compute(j.Flow(p.ID), in, p.ID, nil)
			a.Personas[p.ID] = pa
		}
	}
	return a
}

// analyzeInput is what Analyze gathered from the data sets: the rows of
// each touchpoint (by Index), the arrows' and channels' users counted
// from events, and the spelling of each custom metric's name.
type analyzeInput struct {
	rows     [][]*StepRow
	edges    map[edgeKey]float64
	channels map[channelKey]float64
	metric   map[string]string
}

// edgeKey is an arrow in everyone's flow (persona "") or a persona's.
type edgeKey struct {
	persona  string
	from, to *Touchpoint
}

// metricKey is how custom metric names are compared: ignoring case, and
// "_" and "-" as spaces (Effort Score is effort_score).
func metricKey(name string) string {
	name = strings.ToLower(name)
	name = strings.NewReplacer("_", " ", "-", " ").Replace(name)
	return strings.Join(strings.Fields(name), " ")
}

// metricSpellings maps each custom metric's key to the one spelling the
// figures use: the one that sorts first among those the data sets write.
func metricSpellings(data []*DataSet) map[string]string {
	out := map[string]string{}
	for _, ds := range data {
		if ds == nil {
			continue
		}
		for i := range ds.Rows {
			for name := range ds.Rows[i].Metrics {
				k := metricKey(name)
				if old, ok := out[k]; !ok || name < old {
					out[k] = name
				}
			}
		}
	}
	return out
}

func (ds *DataSet) rowCount() int {
	if ds.Events > 0 {
		return ds.Events
	}
	return len(ds.Rows)
}

// figures are one touchpoint's users and metrics before the flow arithmetic.
type figures struct {
	users   *float64
	metrics map[string]float64
	weights map[string]float64
	bySeg   map[string]float64
}

// weightedMeans accumulates one weighted mean per custom metric: the one
// place where journey averages metrics, over segment rows and over a
// stage's touchpoints alike.
type weightedMeans map[string]*struct{ sum, weight float64 }

// add counts the value v of metric k with weight w.
func (m weightedMeans) add(k string, v, w float64) {
	mm := m[k]
	if mm == nil {
		mm = &struct{ sum, weight float64 }{}
		m[k] = mm
	}
	mm.sum += v * w
	mm.weight += w
}

// means returns each metric's mean, nil when nothing was added.
func (m weightedMeans) means() map[string]float64 {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]float64, len(m))
	for k, mm := range m {
		out[k] = mm.sum / mm.weight
	}
	return out
}

// gather reduces a touchpoint's rows to its figures for the persona ("" for
// everyone); spelling gives each custom metric's name (see
// metricSpellings).
func gather(rows []*StepRow, persona string, segments []string, spelling map[string]string) figures {
	name := func(k string) string {
		if n, ok := spelling[metricKey(k)]; ok {
			return n
		}
		return k
	}
	var f figures
	var explicit, seg []*StepRow
	for _, r := range rows {
		switch {
		case persona != "":
			if r.Segment == persona && !r.Total {
				explicit = append(explicit, r)
			}
		case r.Total || r.Segment == "":
			explicit = append(explicit, r)
		default:
			seg = append(seg, r)
		}
	}
	if u, ok := maxUsers(explicit); ok {
		f.users = &u
	}
	if len(seg) > 0 {
		bySeg := map[string]float64{}
		has := map[string]bool{}
		for _, r := range seg {
			if r.HasUsers && (!has[r.Segment] || r.Users > bySeg[r.Segment]) {
				bySeg[r.Segment] = r.Users
				has[r.Segment] = true
			}
		}
		if f.users == nil && len(has) > 0 {
			sum := 0.0
			for _, v := range bySeg {
				sum += v
			}
			f.users = &sum
		}
		for _, s := range segments {
			if has[s] {
				if f.bySeg == nil {
					f.bySeg = map[string]float64{}
				}
				f.bySeg[s] = bySeg[s]
			}
		}
	}
	// Metrics: the explicit rows' values where they have them, else the
	// users-weighted mean over the segment rows.
	means := weightedMeans{}
	fromExplicit := map[string]bool{}
	for _, r := range explicit {
		for k := range r.Metrics {
			fromExplicit[name(k)] = true
		}
	}
	add := func(r *StepRow, onlyExplicit bool) {
		w := 1.0
		if r.HasUsers && r.Users > 0 {
			w = r.Users
		}
		for k, v := range r.Metrics {
			if k = name(k); fromExplicit[k] == onlyExplicit {
				means.add(k, v, w)
			}
		}
	}
	for _, r := range explicit {
		add(r, true)
	}
	for _, r := range seg {
		add(r, false)
	}
	f.metrics = means.means()
	return f
}

func maxUsers(rows []*StepRow) (float64, bool) {
	best, ok := 0.0, false
	for _, r := range rows {
		if r.HasUsers && (!ok || r.Users > best) {
			best, ok = r.Users, true
		}
	}
	return best, ok
}

// compute fills the touchpoint, edge, stage and KPI figures over the flow.
func (a *Analysis) compute(f *Flow, in *analyzeInput, persona string, segments []string) {
	j := a.Journey
	byIndex := make([]*TouchpointFigures, len(j.Touchpoints()))
	for _, tp := range f.Touchpoints() {
		g := gather(in.rows[tp.Index], persona, segments, in.metric)
		a.Touchpoints = append(a.Touchpoints, TouchpointFigures{Touchpoint: tp, Users: g.users, Metrics: g.metrics, BySegment: g.bySeg})
	}
	for i := range a.Touchpoints {
		byIndex[a.Touchpoints[i].Touchpoint.Index] = &a.Touchpoints[i]
	}
	users := func(tp *Touchpoint) *float64 {
		if t := byIndex[tp.Index]; t != nil {
			return t.Users
		}
		return nil
	}
	// sumUsers adds the users of the touchpoints that have data; nil when
	// none has.
	sumUsers := func(tps []*Touchpoint) *float64 {
		var sum *float64
		for _, tp := range tps {
			if u := users(tp); u != nil {
				if sum == nil {
					sum = new(float64)
				}
				*sum += *u
			}
		}
		return sum
	}
	for i := range a.Touchpoints {
		t := &a.Touchpoints[i]
		if preds := f.Predecessors(t.Touchpoint); len(preds) > 0 {
			t.Conversion = ratio(t.Users, sumUsers(preds))
		}
		if succ := f.Successors(t.Touchpoint); len(succ) > 0 {
			t.DropOff = oneMinus(ratio(sumUsers(succ), t.Users))
		}
	}
	for _, tp := range f.Touchpoints() {
		for _, to := range f.Successors(tp) {
			e := EdgeFigures{From: tp, To: to}
			preds := f.Predecessors(to)
			if v, ok := in.edges[edgeKey{persona, tp, to}]; ok {
				e.Users = &v
			} else if len(preds) == 1 {
				e.Users = copyFigure(users(to))
			} else if share := ratio(users(tp), sumUsers(preds)); share != nil && users(to) != nil {
				v := *users(to) * *share
				e.Users, e.Estimated = &v, true
			}
			e.Conversion = ratio(e.Users, users(tp))
			a.Edges = append(a.Edges, e)
		}
	}
	a.computeStages(f)
	a.computeKPIs(f, users)
	a.computeChannels(f, in, persona)
}

func (a *Analysis) computeStages(f *Flow) {
	var inFlow []*Stage
	for _, s := range a.Journey.Stages {
		for _, tp := range s.Touchpoints {
			if f.Contains(tp) {
				inFlow = append(inFlow, s)
				break
			}
		}
	}
	tf := map[*Touchpoint]*TouchpointFigures{}
	for i := range a.Touchpoints {
		tf[a.Touchpoints[i].Touchpoint] = &a.Touchpoints[i]
	}
	for _, s := range inFlow {
		sf := StageFigures{Stage: s}
		for _, tp := range f.StageEntries(s) {
			if u := tf[tp].Users; u != nil {
				if sf.Users == nil {
					sf.Users = new(float64)
				}
				*sf.Users += *u
			}
		}
		// A custom metric is the users-weighted mean over the stage's
		// touchpoints that have it; the plain mean when one of them has no
		// users figure to weigh by.
		means := weightedMeans{}
		weighted := map[string]bool{}
		for _, tp := range s.Touchpoints {
			if t := tf[tp]; t != nil {
				for k := range t.Metrics {
					if _, seen := weighted[k]; !seen {
						weighted[k] = true
					}
					if t.Users == nil || *t.Users <= 0 {
						weighted[k] = false
					}
				}
			}
		}
		for _, tp := range s.Touchpoints {
			t := tf[tp]
			if t == nil {
				continue
			}
			for k, v := range t.Metrics {
				w := 1.0
				if weighted[k] {
					w = *t.Users
				}
				means.add(k, v, w)
			}
		}
		sf.Metrics = means.means()
		a.Stages = append(a.Stages, sf)
	}
	for i := range a.Stages {
		if i+1 < len(a.Stages) {
			a.Stages[i].Conversion = ratio(a.Stages[i+1].Users, a.Stages[i].Users)
			a.Stages[i].DropOff = oneMinus(a.Stages[i].Conversion)
		}
	}
}

func (a *Analysis) computeKPIs(f *Flow, users func(*Touchpoint) *float64) {
	j := a.Journey
	tf := map[string]*TouchpointFigures{}
	for i := range a.Touchpoints {
		tf[a.Touchpoints[i].Touchpoint.ID] = &a.Touchpoints[i]
	}
	sf := map[string]*StageFigures{}
	for i := range a.Stages {
		sf[a.Stages[i].Stage.ID] = &a.Stages[i]
	}
	for _, k := range j.KPIs {
		var actual *float64
		switch {
		case k.Touchpoint != "":
			if t := tf[k.Touchpoint]; t != nil {
				actual = pick(k.Metric, t.Users, t.Conversion, t.DropOff, t.Metrics)
			}
		case k.Stage != "":
			if s := sf[k.Stage]; s != nil {
				actual = pick(k.Metric, s.Users, s.Conversion, s.DropOff, s.Metrics)
			}
		case k.From != "" && k.To != "":
			from, to := j.Touchpoint(k.From), j.Touchpoint(k.To)
			if from == nil || to == nil || !f.Contains(from) || !f.Contains(to) {
				break
			}
			conv := ratio(users(to), users(from))
			switch k.Metric {
			case MetricConversion:
				actual = conv
			case MetricDropOff:
				actual = oneMinus(conv)
			case MetricUsers:
				actual = copyFigure(users(to))
			}
		}
		r := KPIResult{KPI: k, Actual: actual, Status: StatusNoData}
		if actual != nil && k.Target != nil {
			r.Status = StatusMissed
			if k.Target.Met(*actual) {
				r.Status = StatusMet
			}
		}
		a.KPIs = append(a.KPIs, r)
	}
}

func pick(metric string, users, conv, drop *float64, metrics map[string]float64) *float64 {
	switch metric {
	case MetricUsers:
		return copyFigure(users)
	case MetricConversion:
		return copyFigure(conv)
	case MetricDropOff:
		return copyFigure(drop)
	}
	if v, ok := metrics[metric]; ok {
		return &v
	}
	// KPIs name metrics as they like: NPS in the data is nps in a KPI.
	k := metricKey(metric)
	for name, v := range metrics {
		if metricKey(name) == k {
			return &v
		}
	}
	return nil
}

// ratio is num/den, nil when either is missing or den is zero.
func ratio(num, den *float64) *float64 {
	if num == nil || den == nil || *den == 0 {
		return nil
	}
	v := *num / *den
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

func oneMinus(x *float64) *float64 {
	if x == nil {
		return nil
	}
	v := 1 - *x
	return &v
}

func copyFigure(x *float64) *float64 {
	if x == nil {
		return nil
	}
	v := *x
	return &v
}

// TouchpointFigures returns the figures of the touchpoint with the id, or
// nil when it is not part of the analysed flow.
func (a *Analysis) Touchpoint(id string) *TouchpointFigures {
	for i := range a.Touchpoints {
		if a.Touchpoints[i].Touchpoint.ID == id {
			return &a.Touchpoints[i]
		}
	}
	return nil
}
