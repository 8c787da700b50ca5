package report

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/journey-maps/journey/journey"
)

// The report renderers are tested on analyses built here from users per
// touchpoint, with the README's funnel arithmetic, so that these tests pin the
// layout and escaping of every format independently of the data importers.

func loadReportJourney(t testing.TB, name string) *journey.Journey {
	t.Helper()
	path := filepath.Join("testdata", name)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	j, diags := journey.Parse(path, src)
	if diags.Errors() > 0 {
		t.Fatalf("fixture %s is invalid:\n%v", path, diags)
	}
	return j
}

func reportF64(v float64) *float64 { return &v }

// fixtureAnalysis computes figures over the journey's flow from users per
// touchpoint id (absent = no data) and custom metrics per touchpoint.
func fixtureAnalysis(j *journey.Journey, persona string, users map[string]float64, metrics map[string]map[string]float64) *journey.Analysis {
	flow := j.Flow(persona)
	a := &journey.Analysis{Journey: j, Persona: persona}
	byID := make(map[string]*journey.TouchpointFigures)
	for _, tp := range flow.Touchpoints() {
		tf := journey.TouchpointFigures{Touchpoint: tp, Metrics: metrics[tp.ID]}
		if u, ok := users[tp.ID]; ok {
			tf.Users = reportF64(u)
			if preds := flow.Predecessors(tp); len(preds) > 0 {
				if sum, ok := sumUsers(preds, users); ok && sum > 0 {
					tf.Conversion = reportF64(u / sum)
				}
			}
			if succ := flow.Successors(tp); len(succ) > 0 && u > 0 {
				if sum, ok := sumUsers(succ, users); ok {
					tf.DropOff = reportF64(1 - sum/u)
				}
			}
		}
		a.Touchpoints = append(a.Touchpoints, tf)
	}
	for i := range a.Touchpoints {
		byID[a.Touchpoints[i].Touchpoint.ID] = &a.Touchpoints[i]
	}
	// Arrows: into a touchpoint with one predecessor all its users; into
	// one with several, its users split by the predecessors' (estimated).
	for _, tp := range flow.Touchpoints() {
		for _, to := range flow.Successors(tp) {
			e := journey.EdgeFigures{From: tp, To: to}
			u, ok := users[to.ID]
			preds := flow.Predecessors(to)
			switch {
			case !ok:
			case len(preds) == 1:
				e.Users = reportF64(u)
			default:
				sum := 0.0
				for _, p := range preds {
					sum += users[p.ID]
				}
				if from, ok := users[tp.ID]; ok && sum > 0 {
					e.Users, e.Estimated = reportF64(u*from/sum), true
				}
			}
			if from, ok := users[tp.ID]; ok && e.Users != nil && from > 0 {
				e.Conversion = reportF64(*e.Users / from)
			}
			a.Edges = append(a.Edges, e)
		}
	}
	for i, s := range j.Stages {
		sf := journey.StageFigures{Stage: s}
		if sum, ok := sumUsers(flow.StageEntries(s), users); ok {
			sf.Users = reportF64(sum)
		}
		if i+1 < len(j.Stages) && sf.Users != nil && *sf.Users > 0 {
			if next, ok := sumUsers(flow.StageEntries(j.Stages[i+1]), users); ok {
				sf.Conversion = reportF64(next / *sf.Users)
				sf.DropOff = reportF64(1 - next / *sf.Users)
			}
		}
		a.Stages = append(a.Stages, sf)
	}
	for _, k := range j.KPIs {
		res := journey.KPIResult{KPI: k, Status: journey.StatusNoData}
		switch {
		case k.From != "":
			if from, to := byID[k.From], byID[k.To]; from != nil && to != nil && from.Users != nil && to.Users != nil && *from.Users > 0 {
				res.Actual = reportF64(*to.Users / *from.Users)
			}
		case k.Touchpoint != "":
			if tf := byID[k.Touchpoint]; tf != nil {
				switch k.Metric {
				case journey.MetricUsers:
					res.Actual = tf.Users
				case journey.MetricConversion:
					res.Actual = tf.Conversion
				case journey.MetricDropOff:
					res.Actual = tf.DropOff
				default:
					if v, ok := tf.Metrics[k.Metric]; ok {
						res.Actual = reportF64(v)
					}
				}
			}
		}
		if res.Actual != nil && k.Target != nil {
			res.Status = journey.StatusMissed
			if k.Target.Met(*res.Actual) {
				res.Status = journey.StatusMet
			}
		}
		a.KPIs = append(a.KPIs, res)
	}
	a.Channels = fixtureChannels(a, flow)
	return a
}

// fixtureChannels groups the flow's touchpoints by channel, with the
// figures that step counts give (see journey.ChannelFigures): users of
// the busiest touchpoint, estimated when the channel has several; share
// of the first stage's users; KPIs whose touchpoints are all in it.
func fixtureChannels(a *journey.Analysis, flow *journey.Flow) []journey.ChannelFigures {
	var out []journey.ChannelFigures
	index := map[string]int{}
	figs := map[*journey.Touchpoint]*journey.TouchpointFigures{}
	for i := range a.Touchpoints {
		figs[a.Touchpoints[i].Touchpoint] = &a.Touchpoints[i]
	}
	for _, tp := range flow.Touchpoints() {
		name := journey.ChannelOf(tp)
		i, ok := index[name]
		if !ok {
			i = len(out)
			index[name] = i
			out = append(out, journey.ChannelFigures{Channel: name})
		}
		c := &out[i]
		c.Touchpoints = append(c.Touchpoints, tp)
		if tp.Emotion != nil {
			// The running mean over the touchpoints with an emotion.
			n, sum := 0, 0
			for _, t := range c.Touchpoints {
				if t.Emotion != nil {
					n++
					sum += *t.Emotion
				}
			}
			c.Emotion = reportF64(float64(sum) / float64(n))
		}
		f := figs[tp]
		if f.Users != nil && (c.Users == nil || *f.Users > *c.Users) {
			c.Users = reportF64(*f.Users)
		}
		c.UsersEstimated = c.Users != nil && len(c.Touchpoints) > 1
		if f.DropOff != nil && *f.DropOff > 0 && (c.WorstDropOff == nil || *f.DropOff > *c.WorstDropOff) {
			c.Worst, c.WorstDropOff = tp, reportF64(*f.DropOff)
		}
	}
	for _, k := range a.KPIs {
		var tps []string
		switch {
		case k.KPI.Touchpoint != "":
			tps = []string{k.KPI.Touchpoint}
		case k.KPI.From != "":
			tps = []string{k.KPI.From, k.KPI.To}
		}
		name := ""
		for i, id := range tps {
			tp := a.Journey.Touchpoint(id)
			if !flow.Contains(tp) || (i > 0 && journey.ChannelOf(tp) != name) {
				name = ""
				break
			}
			name = journey.ChannelOf(tp)
		}
		if i, ok := index[name]; ok && name != "" {
			out[i].KPIs = append(out[i].KPIs, k)
		}
	}
	for i := range out {
		if len(a.Stages) > 0 && a.Stages[0].Users != nil && out[i].Users != nil && *a.Stages[0].Users > 0 {
			out[i].Share = reportF64(*out[i].Users / *a.Stages[0].Users)
		}
	}
	sort.SliceStable(out, func(x, y int) bool {
		ux, uy := out[x].Users, out[y].Users
		if ux == nil || uy == nil {
			return ux != nil && uy == nil
		}
		return *ux > *uy
	})
	return out
}

func sumUsers(tps []*journey.Touchpoint, users map[string]float64) (float64, bool) {
	if len(tps) == 0 {
		return 0, false
	}
	var sum float64
	for _, tp := range tps {
		u, ok := users[tp.ID]
		if !ok {
			return 0, false
		}
		sum += u
	}
	return sum, true
}

// storeAnalysis is the September figures of testdata/store.yaml:
// every KPI status occurs, one touchpoint has no data, two rows match
// nothing, and the data has both personas.
func storeAnalysis(t testing.TB, j *journey.Journey) *journey.Analysis {
	t.Helper()
	users := map[string]float64{
		"social-ad": 20000, "landing": 12000, "product-page": 8000, "cart": 3000,
		"checkout": 1500, "payment": 1200, "confirmation": 1150,
	}
	metrics := map[string]map[string]float64{"confirmation": {"nps": 31.5}}
	a := fixtureAnalysis(j, "", users, metrics)
	a.Sources = []journey.SourceInfo{{File: "ga4-september.csv", Period: "2026-09-01..2026-09-30", Rows: 24,
		Notes: []journey.Note{{Source: journey.Source{File: "ga4-september.csv", Line: 40}, Message: `a second table ("Step,<Elapsed> time") below a blank line was skipped`}}}}
	a.Unmatched = []journey.Unmatched{
		{File: "ga4-september.csv", Line: 18, Value: "=cmd|' /C calc'!A0"},
		{File: "ga4-september.csv", Line: 21, Value: "Wishlist <script>", Rows: 3},
	}
	bh := fixtureAnalysis(j, "bargain-hunter", map[string]float64{
		"social-ad": 14000, "landing": 8000, "product-page": 5000, "cart": 2000, "coupon-field": 900,
		"checkout": 800, "payment": 600, "confirmation": 560,
	}, nil)
	lr := fixtureAnalysis(j, "loyal-regular", map[string]float64{
		"social-ad": 6000, "landing": 4000, "product-page": 3000, "cart": 1000,
		"checkout": 700, "payment": 600, "confirmation": 590,
	}, nil)
	a.Personas = map[string]*journey.Analysis{"bargain-hunter": bh, "loyal-regular": lr}
	// Device segments; "=tablet" is a segment value that looks like a formula.
	a.Segments = []string{"=tablet", "desktop", "mobile"}
	for i := range a.Touchpoints {
		tf := &a.Touchpoints[i]
		if tf.Users == nil || tf.Touchpoint.ID == "confirmation" {
			continue
		}
		u := *tf.Users
		tf.BySegment = map[string]float64{"desktop": u * 0.3, "mobile": u * 0.65, "=tablet": u * 0.05}
	}
	return a
}

// storeAugust is the previous period of storeAnalysis, for comparisons.
func storeAugust(t testing.TB, j *journey.Journey) *journey.Analysis {
	t.Helper()
	users := map[string]float64{
		"social-ad": 18000, "landing": 11500, "product-page": 7000, "cart": 2600,
		"checkout": 1500, "payment": 1000,
	}
	a := fixtureAnalysis(j, "", users, nil)
	a.Sources = []journey.SourceInfo{{File: "ga4-august.csv", Period: "2026-08-01..2026-08-31", Rows: 22}}
	a.Personas = map[string]*journey.Analysis{
		"bargain-hunter": fixtureAnalysis(j, "bargain-hunter", map[string]float64{"social-ad": 12000, "landing": 7600}, nil),
	}
	return a
}
