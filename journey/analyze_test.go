package journey

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// describeAnalysis prints every figure of an analysis one per line, so
// tests can pin them against hand-computed values.
func describeAnalysis(a *Analysis) string {
	var b strings.Builder
	f := func(x *float64) string {
		if x == nil {
			return "-"
		}
		return fmt.Sprintf("%.4g", *x)
	}
	for _, t := range a.Touchpoints {
		fmt.Fprintf(&b, "tp %s users=%s conv=%s drop=%s", t.Touchpoint.ID, f(t.Users), f(t.Conversion), f(t.DropOff))
		b.WriteString(describeMap(" seg", t.BySegment))
		b.WriteString(describeMap(" metric", t.Metrics))
		b.WriteString("\n")
	}
	for _, e := range a.Edges {
		est := ""
		if e.Estimated {
			est = " estimated"
		}
		fmt.Fprintf(&b, "edge %s>%s users=%s conv=%s%s\n", e.From.ID, e.To.ID, f(e.Users), f(e.Conversion), est)
	}
	for _, s := range a.Stages {
		fmt.Fprintf(&b, "stage %s users=%s conv=%s drop=%s%s\n", s.Stage.ID, f(s.Users), f(s.Conversion), f(s.DropOff), describeMap(" metric", s.Metrics))
	}
	for _, k := range a.KPIs {
		fmt.Fprintf(&b, "kpi %s actual=%s %s\n", k.KPI.ID, f(k.Actual), k.Status)
	}
	for _, u := range a.Unmatched {
		fmt.Fprintf(&b, "unmatched %s:%d%s %q\n", u.File, u.Line, u.Cell, u.Value)
	}
	if len(a.Segments) > 0 {
		fmt.Fprintf(&b, "segments %s\n", strings.Join(a.Segments, ","))
	}
	var ps []string
	for p := range a.Personas {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	for _, p := range ps {
		fmt.Fprintf(&b, "persona %s:\n", p)
		for _, line := range strings.Split(strings.TrimSpace(describeAnalysis(a.Personas[p])), "\n") {
			b.WriteString("  " + line + "\n")
		}
	}
	return b.String()
}

func describeMap(prefix string, m map[string]float64) string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s:%s=%.4g", prefix, k, m[k])
	}
	return b.String()
}

func mustParse(t testing.TB, src string) *Journey {
	t.Helper()
	j, diags := Parse("test.yaml", []byte(src))
	if diags.Errors() > 0 {
		t.Fatalf("journey has errors:\n%s", format(diags))
	}
	return j
}

// row builds a step row; seg "" is the overall figure.
func row(label, seg string, users float64, line int) StepRow {
	return StepRow{Label: label, Segment: seg, Users: users, HasUsers: true, Source: Source{File: "data.csv", Line: line}}
}

const linearJourney = `version: 1
name: Linear
stages:
  - id: s1
    name: S1
    touchpoints:
      - {id: a, name: Ad, events: [ad_click]}
      - {id: b, name: Landing page}
  - id: s2
    name: S2
    touchpoints:
      - {id: c, name: Cart}
      - {id: d, name: Done}
kpis:
  - {id: a-to-c, name: A to C, metric: conversion, from: a, to: c, target: ">= 25%"}
  - {id: a-to-c-drop, name: A to C lost, metric: drop_off, from: a, to: c, target: "60%"}
  - {id: b-drop, name: B drop, metric: drop_off, touchpoint: b, target: "40%"}
  - {id: d-csat, name: D csat, metric: csat, touchpoint: d, target: ">= 4"}
  - {id: c-csat, name: C csat, metric: csat, touchpoint: c, target: ">= 4"}
  - {id: s1-conv, name: S1 conversion, metric: conversion, stage: s1, target: "> 0.3"}
  - {id: s2-csat, name: S2 csat, metric: csat, stage: s2, target: ">= 4"}
  - {id: s1-users, name: S1 users, metric: users, stage: s1, target: ">= 1000"}
`

const branchJourney = `version: 1
name: Branch
stages:
  - id: buy
    name: Buy
    touchpoints:
      - {id: cart, name: Cart, next: [coupon, checkout]}
      - {id: coupon, name: Coupon}
      - {id: checkout, name: Checkout}
      - {id: pay, name: Pay}
`

const personaJourney = `version: 1
name: Personas
personas:
  - {id: p1, name: One}
  - {id: p2, name: Two}
stages:
  - id: s1
    name: S1
    touchpoints:
      - {id: a, name: A}
      - {id: x, name: X, personas: [p1]}
      - {id: c, name: C}
kpis:
  - {id: a-to-c, name: A to C, metric: conversion, from: a, to: c, target: ">= 50%"}
`

func TestAnalyze(t *testing.T) {
	tests := []struct {
		name    string
		journey string
		rows    []StepRow
		persona string
		want    string
	}{
		{
			name:    "linear flow, every figure",
			journey: linearJourney,
			rows: []StepRow{
				row("1. ad_click", "", 1000, 2),
				row("2. Landing Page", "", 600, 3),
				row("c", "", 300, 4),
				{Label: "c", Metrics: map[string]float64{"csat": 4.5}, Source: Source{File: "data.csv", Line: 5}},
				row("D", "", 150, 6),
				row("Coupon page", "", 20, 7),
			},
			want: `tp a users=1000 conv=- drop=0.4
tp b users=600 conv=0.6 drop=0.5
tp c users=300 conv=0.5 drop=0.5 metric:csat=4.5
tp d users=150 conv=0.5 drop=-
edge a>b users=600 conv=0.6
edge b>c users=300 conv=0.5
edge c>d users=150 conv=0.5
stage s1 users=1000 conv=0.3 drop=0.7
stage s2 users=300 conv=- drop=- metric:csat=4.5
kpi a-to-c actual=0.3 met
kpi a-to-c-drop actual=0.7 missed
kpi b-drop actual=0.5 missed
kpi d-csat actual=- no-data
kpi c-csat actual=4.5 met
kpi s1-conv actual=0.3 missed
kpi s2-csat actual=4.5 met
kpi s1-users actual=1000 met
unmatched data.csv:7 "Coupon page"
`,
		},
		{
			name:    "touchpoints without data are null, not zero",
			journey: linearJourney,
			rows:    []StepRow{row("a", "", 1000, 2), row("c", "", 0, 3)},
			want: `tp a users=1000 conv=- drop=-
tp b users=- conv=- drop=-
tp c users=0 conv=- drop=-
tp d users=- conv=- drop=-
edge a>b users=- conv=-
edge b>c users=0 conv=-
edge c>d users=- conv=-
stage s1 users=1000 conv=0 drop=1
stage s2 users=0 conv=- drop=-
kpi a-to-c actual=0 missed
kpi a-to-c-drop actual=1 missed
kpi b-drop actual=- no-data
kpi d-csat actual=- no-data
kpi c-csat actual=- no-data
kpi s1-conv actual=0 missed
kpi s2-csat actual=- no-data
kpi s1-users actual=1000 met
`,
		},
		{
			// checkout has two predecessors: 500 / (800 + 200). cart sends
			// people both ways: 1 - (200 + 500) / 800. Coupon users all go
			// on to checkout, which counts more people than coupon has, so
			// its drop-off is negative: 1 - 500/200.
			name:    "branches",
			journey: branchJourney,
			rows:    []StepRow{row("cart", "", 800, 2), row("coupon", "", 200, 3), row("checkout", "", 500, 4), row("pay", "", 400, 5)},
			want: `tp cart users=800 conv=- drop=0.125
tp coupon users=200 conv=0.25 drop=-1.5
tp checkout users=500 conv=0.5 drop=0.2
tp pay users=400 conv=0.8 drop=-
edge cart>coupon users=200 conv=0.25
edge cart>checkout users=400 conv=0.5 estimated
edge coupon>checkout users=100 conv=0.5 estimated
edge checkout>pay users=400 conv=0.8
stage buy users=800 conv=- drop=-
`,
		},
		{
			name:    "branch without data on one way",
			journey: branchJourney,
			rows:    []StepRow{row("cart", "", 800, 2), row("checkout", "", 500, 4), row("pay", "", 400, 5)},
			want: `tp cart users=800 conv=- drop=0.375
tp coupon users=- conv=- drop=-
tp checkout users=500 conv=0.625 drop=0.2
tp pay users=400 conv=0.8 drop=-
edge cart>coupon users=- conv=-
edge cart>checkout users=500 conv=0.625 estimated
edge coupon>checkout users=- conv=-
edge checkout>pay users=400 conv=0.8
stage buy users=800 conv=- drop=-
`,
		},
		{
			// Two events of one touchpoint count the same people: the
			// larger count wins, they do not add up.
			name:    "several rows for one touchpoint",
			journey: linearJourney,
			rows:    []StepRow{row("a", "", 1000, 2), row("ad_click", "", 900, 3), row("b", "", 500, 4)},
			want: `tp a users=1000 conv=- drop=0.5
tp b users=500 conv=0.5 drop=-
tp c users=- conv=- drop=-
tp d users=- conv=- drop=-
edge a>b users=500 conv=0.5
edge b>c users=- conv=-
edge c>d users=- conv=-
stage s1 users=1000 conv=- drop=-
stage s2 users=- conv=- drop=-
kpi a-to-c actual=- no-data
kpi a-to-c-drop actual=- no-data
kpi b-drop actual=- no-data
kpi d-csat actual=- no-data
kpi c-csat actual=- no-data
kpi s1-conv actual=- no-data
kpi s2-csat actual=- no-data
kpi s1-users actual=1000 met
`,
		},
		{
			// Overall = the sum over segments when no Total row exists;
			// persona rows give persona figures over the persona's flow.
			name:    "personas and segments, overall as sum",
			journey: personaJourney,
			rows: []StepRow{
				row("a", "p1", 100, 2), row("a", "p2", 300, 3), row("a", "mobile", 50, 4),
				row("x", "p1", 80, 5),
				row("c", "p1", 40, 6), row("c", "p2", 150, 7), row("c", "mobile", 10, 8),
			},
			want: `tp a users=450 conv=- drop=0.8222 seg:mobile=50
tp x users=80 conv=0.1778 drop=-1.5
tp c users=200 conv=2.5 drop=- seg:mobile=10
edge a>x users=80 conv=0.1778
edge x>c users=200 conv=2.5
stage s1 users=450 conv=- drop=-
kpi a-to-c actual=0.4444 missed
segments mobile
persona p1:
  tp a users=100 conv=- drop=0.2
  tp x users=80 conv=0.8 drop=0.5
  tp c users=40 conv=0.5 drop=-
  edge a>x users=80 conv=0.8
  edge x>c users=40 conv=0.5
  stage s1 users=100 conv=- drop=-
  kpi a-to-c actual=0.4 missed
persona p2:
  tp a users=300 conv=- drop=0.5
  tp c users=150 conv=0.5 drop=-
  edge a>c users=150 conv=0.5
  stage s1 users=300 conv=- drop=-
  kpi a-to-c actual=0.5 met
`,
		},
		{
			name:    "one persona",
			journey: personaJourney,
			persona: "p2",
			rows:    []StepRow{row("a", "", 1000, 2), row("a", "p2", 300, 3), row("x", "p2", 5, 4), row("c", "p2", 60, 6)},
			want: `tp a users=300 conv=- drop=0.8
tp c users=60 conv=0.2 drop=-
edge a>c users=60 conv=0.2
stage s1 users=300 conv=- drop=-
kpi a-to-c actual=0.2 missed
`,
		},
		{
			// A Total row (GA4) is the overall figure, not the sum.
			name:    "total rows",
			journey: personaJourney,
			rows: []StepRow{
				{Label: "a", Segment: "Total", Total: true, Users: 500, HasUsers: true}, row("a", "desktop", 300, 3), row("a", "mobile", 150, 4),
				{Label: "c", Segment: "Total", Total: true, Users: 100, HasUsers: true}, row("c", "desktop", 70, 6), row("c", "mobile", 30, 7),
			},
			want: `tp a users=500 conv=- drop=- seg:desktop=300 seg:mobile=150
tp x users=- conv=- drop=-
tp c users=100 conv=- drop=- seg:desktop=70 seg:mobile=30
edge a>x users=- conv=-
edge x>c users=100 conv=-
stage s1 users=500 conv=- drop=-
kpi a-to-c actual=0.2 missed
segments desktop,mobile
`,
		},
		{
			// The data's spelling of a custom metric is kept (CSAT, not
			// csat), while KPIs that write it otherwise still find it.
			name:    "custom metric names keep their case",
			journey: linearJourney,
			rows: []StepRow{
				row("a", "", 100, 2),
				{Label: "c", Metrics: map[string]float64{"CSAT": 4.5}, Source: Source{File: "data.csv", Line: 3}},
				{Label: "d", Metrics: map[string]float64{"Csat": 3}, Source: Source{File: "data.csv", Line: 4}},
			},
			want: `tp a users=100 conv=- drop=-
tp b users=- conv=- drop=-
tp c users=- conv=- drop=- metric:CSAT=4.5
tp d users=- conv=- drop=- metric:CSAT=3
edge a>b users=- conv=-
edge b>c users=- conv=-
edge c>d users=- conv=-
stage s1 users=100 conv=- drop=-
stage s2 users=- conv=- drop=- metric:CSAT=3.75
kpi a-to-c actual=- no-data
kpi a-to-c-drop actual=- no-data
kpi b-drop actual=- no-data
kpi d-csat actual=3 missed
kpi c-csat actual=4.5 met
kpi s1-conv actual=- no-data
kpi s2-csat actual=3.75 missed
kpi s1-users actual=100 missed
`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := mustParse(t, tt.journey)
			a := Analyze(j, []*DataSet{{File: "data.csv", Rows: tt.rows}}, AnalyzeOptions{Persona: tt.persona})
			if got := describeAnalysis(a); got != tt.want {
				t.Errorf("figures differ\ngot:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestStripStepNumber(t *testing.T) {
	tests := map[string]string{
		"3. view_item":     "view_item",
		" 12) Cart ":       "Cart",
		"Step 2: Cart":     "Cart",
		"1 - Landing":      "Landing",
		"404":              "404",
		"3.":               "3.",
		"2fa prompt":       "2fa prompt",
		"view_item":        "view_item",
		"\t1. add_to_cart": "add_to_cart",
	}
	for in, want := range tests {
		if got := StripStepNumber(in); got != want {
			t.Errorf("StripStepNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestAnalyzeArrowsIntoMerges: into a touchpoint with several
// predecessors, step counts can only apportion the users (estimated),
// while event-level data counts each arrow user by user.
func TestAnalyzeArrowsIntoMerges(t *testing.T) {
	j := mustParse(t, branchJourney) // cart -> coupon, checkout; coupon -> checkout -> pay
	events := []ev{
		{"u1", "", "cart", 1}, {"u1", "", "checkout", 2}, {"u1", "", "pay", 3}, // cart > checkout
		{"u2", "", "cart", 1}, {"u2", "", "coupon", 2}, {"u2", "", "checkout", 3}, // coupon > checkout
		{"u3", "", "cart", 1}, {"u3", "", "coupon", 2}, {"u3", "", "checkout", 3}, {"u3", "", "pay", 4}, // coupon > checkout
		{"u4", "", "cart", 1}, {"u4", "", "coupon", 2},
		{"u5", "", "cart", 1}, {"u5", "", "checkout", 2}, {"u5", "", "coupon", 3}, // cart > checkout, coupon after it
		{"u6", "", "cart", 1},
	}
	// By hand: cart 6, coupon 4 (u2-u5), checkout 4 (u1, u2, u3, u5), pay 2;
	// into checkout u1 and u5 came from cart, u2 and u3 from coupon.
	exact := `edge cart>coupon users=4 conv=0.6667
edge cart>checkout users=2 conv=0.3333
edge coupon>checkout users=2 conv=0.5
edge checkout>pay users=2 conv=0.5
`
	// From the same step counts: checkout's 4 users split 6:4 between cart
	// and coupon.
	apportioned := `edge cart>coupon users=4 conv=0.6667
edge cart>checkout users=2.4 conv=0.4 estimated
edge coupon>checkout users=1.6 conv=0.4 estimated
edge checkout>pay users=2 conv=0.5
`
	edges := func(a *Analysis) string {
		var b strings.Builder
		for _, line := range strings.SplitAfter(describeAnalysis(a), "\n") {
			if strings.HasPrefix(line, "edge ") {
				b.WriteString(line)
			}
		}
		return b.String()
	}
	fromEvents := Analyze(j, []*DataSet{runEvents(t, j, 0, events)}, AnalyzeOptions{})
	if got := edges(fromEvents); got != exact {
		t.Errorf("event-level arrows:\ngot:\n%s\nwant:\n%s", got, exact)
	}
	steps := []StepRow{row("cart", "", 6, 2), row("coupon", "", 4, 3), row("checkout", "", 4, 4), row("pay", "", 2, 5)}
	fromSteps := Analyze(j, []*DataSet{{File: "steps.csv", Rows: steps}}, AnalyzeOptions{})
	if got := edges(fromSteps); got != apportioned {
		t.Errorf("step-count arrows:\ngot:\n%s\nwant:\n%s", got, apportioned)
	}
	// Both give the touchpoints the same figures.
	tps := func(a *Analysis) string { return strings.SplitN(describeAnalysis(a), "edge ", 2)[0] }
	if tps(fromEvents) != tps(fromSteps) {
		t.Errorf("touchpoint figures differ:\nevents:\n%s\nsteps:\n%s", tps(fromEvents), tps(fromSteps))
	}
}
