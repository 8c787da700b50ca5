package diagram

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/journey-maps/journey/journey"
)

// checkGolden compares got with testdata/name (see golden).
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden(t, filepath.Join("testdata", name), got)
}

// loadExample parses examples/NAME.yaml and fails on any error.
func loadExample(t testing.TB, name string) *journey.Journey {
	t.Helper()
	path := filepath.Join("..", "..", "examples", name+".yaml")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	j, diags := journey.Parse(path, src)
	if j == nil || diags.Errors() > 0 {
		t.Fatalf("%s does not load: %v", path, diags)
	}
	return j
}

func exampleNames(t testing.TB) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "examples", "*.yaml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no examples found: %v", err)
	}
	var names []string
	for _, p := range paths {
		names = append(names, strings.TrimSuffix(filepath.Base(p), ".yaml"))
	}
	return names
}

// exampleSets is a funnel over the journey's touchpoints in file order:
// 12,000 people at the first, losing a varying share at each step, split
// between the personas the touchpoint serves. The fourth touchpoint has no
// data, so that "no data" is drawn; the rest carry a csat score.
func exampleSets(j *journey.Journey) []*journey.DataSet {
	ds := &journey.DataSet{File: "funnel.csv", Period: "2026-09-01..2026-09-30"}
	users := 12000.0
	for i, tp := range j.Touchpoints() {
		if i > 0 {
			users *= []float64{0.9, 0.55, 0.8, 0.7, 0.95}[i%5]
		}
		u := math.Round(users)
		if i == 3 {
			continue
		}
		ds.Rows = append(ds.Rows, journey.StepRow{Label: tp.ID, Users: u, HasUsers: true,
			Metrics: map[string]float64{"csat": 3 + float64(i%3)*0.6}, Source: journey.Source{File: ds.File, Line: len(ds.Rows) + 2}})
		// Persona k gets a weight of k+1 among the personas served.
		total := 0
		for k, p := range j.Personas {
			if tp.Serves(p.ID) {
				total += k + 1
			}
		}
		for k, p := range j.Personas {
			if !tp.Serves(p.ID) {
				continue
			}
			ds.Rows = append(ds.Rows, journey.StepRow{Label: tp.ID, Segment: p.ID, Users: math.Round(u * float64(k+1) / float64(total)), HasUsers: true,
				Source: journey.Source{File: ds.File, Line: len(ds.Rows) + 2}})
		}
	}
	ds.Rows = append(ds.Rows, journey.StepRow{Label: "Coupon page", Users: 5, HasUsers: true, Source: journey.Source{File: ds.File, Line: len(ds.Rows) + 2}})
	return []*journey.DataSet{ds}
}

// variant is one picture of an example: for everyone or one persona, with
// or without data.
type variant struct {
	name    string
	persona string
	data    bool
}

func pictureVariants(j *journey.Journey) []variant {
	var vs []variant
	personas := []string{""}
	for _, p := range j.Personas {
		personas = append(personas, p.ID)
	}
	for _, p := range personas {
		for _, data := range []bool{false, true} {
			name := "all"
			if p != "" {
				name = p
			}
			if data {
				name += ".data"
			}
			vs = append(vs, variant{name, p, data})
		}
	}
	return vs
}

func buildModel(t testing.TB, j *journey.Journey, v variant, layout string) *Model {
	t.Helper()
	var a *journey.Analysis
	if v.data {
		a = journey.Analyze(j, exampleSets(j), journey.AnalyzeOptions{Persona: v.persona})
	}
	d, err := New(j, a, Options{Persona: v.persona, Layout: layout})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDiagramGoldenDOT(t *testing.T) {
	for _, name := range exampleNames(t) {
		j := loadExample(t, name)
		for _, v := range pictureVariants(j) {
			t.Run(name+"/"+v.name, func(t *testing.T) {
				d := buildModel(t, j, v, "lr")
				var buf bytes.Buffer
				if err := WriteDOT(&buf, d, ThemeDefault); err != nil {
					t.Fatal(err)
				}
				checkGolden(t, name+"."+v.name+".dot", buf.Bytes())

				// The same input gives the same bytes.
				var again bytes.Buffer
				if err := WriteDOT(&again, buildModel(t, j, v, "lr"), ThemeDefault); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(buf.Bytes(), again.Bytes()) {
					t.Error("two renders of the same journey differ")
				}
			})
		}
	}
}

func TestDiagramGoldenMermaid(t *testing.T) {
	for _, name := range exampleNames(t) {
		j := loadExample(t, name)
		for _, v := range []variant{{"all", "", false}, {"all.data", "", true}} {
			t.Run(name+"/"+v.name, func(t *testing.T) {
				var buf bytes.Buffer
				if err := WriteMermaid(&buf, buildModel(t, j, v, "lr"), ThemeDefault); err != nil {
					t.Fatal(err)
				}
				checkGolden(t, name+"."+v.name+".mmd", buf.Bytes())
			})
		}
	}
}

// TestDiagramGoldenMermaidJourney pins Mermaid's journey diagram of every
// example, for everyone and for each persona.
func TestDiagramGoldenMermaidJourney(t *testing.T) {
	for _, name := range exampleNames(t) {
		j := loadExample(t, name)
		for _, v := range pictureVariants(j) {
			if v.data {
				continue // the journey diagram shows no figures
			}
			t.Run(name+"/"+v.name, func(t *testing.T) {
				var buf bytes.Buffer
				if err := WriteMermaidJourney(&buf, buildModel(t, j, v, "lr")); err != nil {
					t.Fatal(err)
				}
				checkGolden(t, name+"."+v.name+".journey.mmd", buf.Bytes())
			})
		}
	}
}

// TestMermaidJourneyText: names that Mermaid's journey grammar would read
// as syntax are made safe, and nothing is lost.
func TestMermaidJourneyText(t *testing.T) {
	for in, want := range map[string]string{
		"Pay: card; now #2": "Pay： card； now ＃2",
		"section two":       "ｓection two",
		"Title page":        "Ｔitle page",
		"%% not a comment":  "％% not a comment",
		"line\nbreak\x00":   "line break",
		"   ":               "–",
		"Café ☕":            "Café ☕",
	} {
		if got := journeyText(in); got != want {
			t.Errorf("journeyText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDiagramThemesAndLayout(t *testing.T) {
	j := loadExample(t, "online-store")
	tests := []struct {
		golden string
		theme  *Theme
		layout string
	}{
		{"online-store.high-contrast.data.dot", ThemeHighContrast, "lr"},
		{"online-store.tb.data.dot", ThemeDefault, "tb"},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteDOT(&buf, buildModel(t, j, variant{data: true}, tt.layout), tt.theme); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tt.golden, buf.Bytes())
		})
	}
}

func TestDiagramFigures(t *testing.T) {
	j := loadExample(t, "online-store")
	d := buildModel(t, j, variant{data: true}, "lr")
	if !d.HasData || d.Subtitle != "Data: 2026-09-01..2026-09-30" {
		t.Errorf("HasData %v, subtitle %q: expected data with its period", d.HasData, d.Subtitle)
	}
	nodes := map[string]*Node{}
	for _, s := range d.Stages {
		for _, n := range s.Nodes {
			nodes[n.ID] = n
		}
	}
	first := nodes["social-ad"]
	if first.Users != "12,000" || first.Conversion != "" {
		t.Errorf("first touchpoint: users %q conversion %q, expected 12,000 and none", first.Users, first.Conversion)
	}
	if n := nodes[j.Touchpoints()[3].ID]; !n.NoData || n.Users != "" {
		t.Errorf("touchpoint without data: NoData %v users %q, expected no data, not zero", n.NoData, n.Users)
	}
	worst := 0
	for _, n := range nodes {
		if n.Worst {
			worst++
		}
	}
	if worst != d.WorstCount || worst == 0 || worst > maxWorst {
		t.Errorf("%d touchpoints marked worst, WorstCount %d; expected 1..%d", worst, d.WorstCount, maxWorst)
	}
	var widest *Edge
	for _, e := range d.Edges {
		if e.Width < edgeMin || e.Width > edgeMax {
			t.Errorf("edge %s->%s width %v outside %v..%v", e.From.ID, e.To.ID, e.Width, edgeMin, edgeMax)
		}
		if widest == nil || e.Width > widest.Width {
			widest = e
		}
	}
	if widest == nil || widest.From.ID != "social-ad" {
		t.Errorf("the widest arrow should leave the first touchpoint, where most users are")
	}
	if len(d.KPIs) != len(j.KPIs) {
		t.Errorf("%d KPI badges, expected %d", len(d.KPIs), len(j.KPIs))
	}
}

func TestDiagramOptionsErrors(t *testing.T) {
	j := loadExample(t, "online-store")
	if _, err := New(j, nil, Options{Persona: "nobody"}); err == nil {
		t.Error("unknown persona: expected an error")
	}
	if _, err := New(j, nil, Options{Layout: "diagonal"}); err == nil {
		t.Error("unknown layout: expected an error")
	}
	if _, err := New(j, nil, Options{ColorBy: "owner"}); err == nil || !strings.Contains(err.Error(), "emotion or channel") {
		t.Errorf("unknown color-by: error %v, want one naming emotion or channel", err)
	}
	if _, err := LookupTheme("neon"); err == nil {
		t.Error("unknown theme: expected an error")
	}
	for _, scale := range []float64{0.2, 8.5, -1, math.NaN(), math.Inf(1)} {
		if _, err := New(j, nil, Options{Scale: scale}); err == nil || !strings.Contains(err.Error(), "expected a scale from 0.25 to 8") {
			t.Errorf("scale %v: error %v, want one naming the range", scale, err)
		}
	}
	for _, tc := range []struct{ in, want float64 }{{0, 1}, {0.25, 0.25}, {8, 8}, {2.5, 2.5}} {
		if d, err := New(j, nil, Options{Scale: tc.in}); err != nil || d.Scale != tc.want {
			t.Errorf("scale %v: got %v, %v; want %v", tc.in, d, err, tc.want)
		}
	}
}

// diagramHostile has markup, quotes, backslashes and DOT escapes in every
// user string.
const diagramHostile = `version: 1
name: 'Evil <b>"name"</b> & \N \G \\ ]; x -> y'
personas:
  - id: p1
    name: '<script>alert(1)</script> "P" #amp;'
stages:
  - id: s1
    name: 'Stage <TABLE> & "quotes" ]]> --> end'
    touchpoints:
      - id: a
        name: 'A <br/> & </TD> "x" \l \\'
        channel: 'web"; color=red; "'
        owner: 'own<er> & "co"'
        emotion: -2
        pains: ['pain <1> & "2"', "back\\slash\\n"]
        opportunities: ['| pipe [bracket] {brace} # hash']
      - id: b
        name: 'B ` + "`" + `tick` + "`" + ` |x|'
        channel: "tab\there"
kpis:
  - id: k
    name: 'KPI <i>"quoted"</i> & more'
    metric: conversion
    from: a
    to: b
    target: ">= 50%"
`

func TestDiagramEscaping(t *testing.T) {
	j, diags := journey.Parse("hostile.yaml", []byte(diagramHostile))
	if j == nil || diags.Errors() > 0 {
		t.Fatalf("hostile journey does not load: %v", diags)
	}
	data := []*journey.DataSet{{File: "d.csv", Rows: []journey.StepRow{
		{Label: "a", Users: 1000, HasUsers: true}, {Label: "b", Users: 400, HasUsers: true},
	}}}
	for _, v := range []struct {
		withData bool
		colorBy  string
	}{{false, ""}, {true, ""}, {true, ColorByChannel}} {
		var a *journey.Analysis
		if v.withData {
			a = journey.Analyze(j, data, journey.AnalyzeOptions{})
		}
		// Coloured by channel, the legend names the channels.
		d, err := New(j, a, Options{ColorBy: v.colorBy})
		if err != nil {
			t.Fatal(err)
		}
		var dot, mmd bytes.Buffer
		if err := WriteDOT(&dot, d, ThemeDefault); err != nil {
			t.Fatal(err)
		}
		if err := WriteMermaid(&mmd, d, ThemeDefault); err != nil {
			t.Fatal(err)
		}
		checkDOTSyntax(t, dot.String())
		for _, bad := range []string{"<script>", "<b>\"name", "color=red; \""} {
			if strings.Contains(dot.String(), bad) {
				t.Errorf("DOT contains unescaped %q", bad)
			}
		}
		for _, bad := range []string{"<script>", "\"P\"", "|x|", "[bracket]", "`tick`", "#amp;\""} {
			if strings.Contains(mmd.String(), bad) {
				t.Errorf("Mermaid contains unescaped %q", bad)
			}
		}
	}
}

// checkDOTSyntax checks what a DOT reader relies on: quoted strings
// close on their line and hold no escapes but \\, \" and \n; HTML-like
// labels are well-formed XML.
func checkDOTSyntax(t *testing.T, dot string) {
	t.Helper()
	for i, line := range strings.Split(dot, "\n") {
		inQuote, depth, start := false, 0, 0
		for k := 0; k < len(line); k++ {
			c := line[k]
			switch {
			case inQuote && c == '\\':
				if k+1 >= len(line) || !strings.ContainsRune(`\"n`, rune(line[k+1])) {
					t.Errorf("line %d: escape \\%c in a quoted string: %s", i+1, line[min(k+1, len(line)-1)], line)
				}
				k++
			case c == '"' && depth == 0:
				inQuote = !inQuote
			case !inQuote && c == '<':
				if depth == 0 {
					start = k + 1
				}
				depth++
			case !inQuote && c == '>' && depth > 0:
				depth--
				if depth == 0 {
					label := "<x>" + line[start:k] + "</x>"
					dec := xml.NewDecoder(strings.NewReader(label))
					for {
						_, err := dec.Token()
						if err == io.EOF {
							break
						}
						if err != nil {
							t.Errorf("line %d: HTML-like label is not well-formed: %v\n%s", i+1, err, label)
							break
						}
					}
				}
			}
		}
		if inQuote || depth != 0 {
			t.Errorf("line %d: unbalanced quote or label: %s", i+1, line)
		}
	}
}

// FuzzDiagramEscaping checks the escapers on any user text: an escaped
// string stays one XML text node, one DOT quoted string, one Mermaid label.
func FuzzDiagramEscaping(f *testing.F) {
	for _, s := range []string{"", "plain", `a "quoted" <b>tag</b> & \N \\ x`, "line\nbreak\ttab", "]]> --> |x| `y` #quot;", "\x00\x7f\ufffe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h := dotHTML(s)
		dec := xml.NewDecoder(strings.NewReader("<x>" + h + "</x>"))
		var text strings.Builder
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("dotHTML(%q) = %q is not XML text: %v", s, h, err)
			}
			switch v := tok.(type) {
			case xml.CharData:
				text.Write(v)
			case xml.StartElement:
				if v.Name.Local != "x" {
					t.Fatalf("dotHTML(%q) = %q makes an element %s", s, h, v.Name.Local)
				}
			}
		}
		if strings.Count(text.String(), `\`)%2 != 0 {
			t.Fatalf("dotHTML(%q) = %q leaves a backslash undoubled", s, h)
		}

		q := dotQuote(s)
		if len(q) < 2 || q[0] != '"' || q[len(q)-1] != '"' || strings.ContainsAny(q, "\n\r") {
			t.Fatalf("dotQuote(%q) = %q is not one quoted string on one line", s, q)
		}
		inner := q[1 : len(q)-1]
		for i := 0; i < len(inner); i++ {
			switch inner[i] {
			case '\\':
				if i+1 >= len(inner) || !strings.ContainsRune(`\"n`, rune(inner[i+1])) {
					t.Fatalf("dotQuote(%q) = %q has a stray escape", s, q)
				}
				i++
			case '"':
				t.Fatalf("dotQuote(%q) = %q ends early", s, q)
			}
		}

		if m := mermaidText(s); strings.ContainsAny(m, "\"<>|`[]{}\n\r") {
			t.Fatalf("mermaidText(%q) = %q keeps a character Mermaid interprets", s, m)
		}
	})
}

// BenchmarkDiagramDOT builds the picture model and DOT of a journey of 300
// touchpoints with data: the part of journey render before Graphviz.
// benchJourney is a journey of n touchpoints, perStage to a stage, with a
// branch every seventh touchpoint.
func benchJourney(b testing.TB, n, perStage int) *journey.Journey {
	var y strings.Builder
	y.WriteString("version: 1\nname: Bench\nstages:\n")
	for i := 0; i < n; i++ {
		if i%perStage == 0 {
			fmt.Fprintf(&y, "  - id: s%d\n    name: Stage %d\n    touchpoints:\n", i/perStage, i/perStage)
		}
		fmt.Fprintf(&y, "      - id: t%d\n        name: Touchpoint %d\n        channel: web\n        emotion: %d\n", i, i, i%5-2)
		if i%7 == 3 && i+3 < n {
			fmt.Fprintf(&y, "        next: [t%d, t%d]\n", i+1, i+3)
		}
	}
	j, diags := journey.Parse("bench.yaml", []byte(y.String()))
	if j == nil || diags.Errors() > 0 {
		b.Fatalf("does not load: %v", diags)
	}
	return j
}

// BenchmarkDiagramDOT builds the model and writes the DOT of journeys from
// 300 to 40,000 touchpoints, in stages of 15 and of 1,000: the time per
// touchpoint should stay flat as the journey grows.
func BenchmarkDiagramDOT(b *testing.B) {
	for _, size := range []struct{ n, perStage int }{{300, 15}, {4000, 15}, {40000, 15}, {4000, 1000}, {40000, 1000}} {
		j := benchJourney(b, size.n, size.perStage)
		a := journey.Analyze(j, exampleSets(j), journey.AnalyzeOptions{})
		b.Run(fmt.Sprintf("%d-in-stages-of-%d", size.n, size.perStage), func(b *testing.B) {
			for b.Loop() {
				d, err := New(j, a, Options{})
				if err != nil {
					b.Fatal(err)
				}
				if err := WriteDOT(io.Discard, d, ThemeDefault); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestDiagramArrows: straight arrows (the default) run between the facing
// sides of neighbouring stage columns; curved ones let Graphviz route.
func TestDiagramArrows(t *testing.T) {
	j := loadExample(t, "online-store")
	for _, tt := range []struct {
		arrows          string
		splines, header string
		headport        bool
	}{
		{"", "splines=line", "tailport=e, headport=w", true},
		{"straight", "splines=line", "tailport=e, headport=w", true},
		{"curved", "splines=true", "tailport=e]", false},
	} {
		d, err := New(j, nil, Options{Arrows: tt.arrows})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := WriteDOT(&b, d, ThemeDefault); err != nil {
			t.Fatal(err)
		}
		dot := b.String()
		if !strings.Contains(dot, tt.splines) || !strings.Contains(dot, tt.header) || strings.Contains(dot, "headport") != tt.headport {
			t.Errorf("arrows %q: want %s and %s (headport %v) in:\n%.600s", tt.arrows, tt.splines, tt.header, tt.headport, dot)
		}
	}
	if _, err := New(j, nil, Options{Arrows: "wavy"}); err == nil {
		t.Errorf("arrows wavy accepted")
	}
}

// TestLongNamesClipped: a name longer than maxLabel is cut with "…" in
// the picture and kept whole in the tooltip, so a megabyte of name neither
// stalls Graphviz nor is lost.
func TestLongNamesClipped(t *testing.T) {
	long := strings.Repeat("é", 1<<19) // 1 MiB of UTF-8
	src := fmt.Sprintf("version: 1\nname: %q\nstages:\n  - id: s\n    name: %q\n    touchpoints:\n      - {id: t, name: %q, channel: %q}\n", long, long, long, long)
	j, diags := journey.Parse("long.yaml", []byte(src))
	if j == nil || diags.Errors() > 0 {
		t.Fatalf("does not load: %v", diags)
	}
	d, err := New(j, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := d.Stages[0].Nodes[0]
	for what, got := range map[string]string{"title": d.Title, "stage": d.Stages[0].Name, "touchpoint": n.Name, "channel": n.Channel} {
		if r := []rune(got); len(r) != maxLabel || r[len(r)-1] != '…' {
			t.Errorf("%s: %d characters ending %q, want %d ending with …", what, len(r), string(r[len(r)-1]), maxLabel)
		}
	}
	if n.FullName != long || d.Stages[0].FullName != long {
		t.Error("the full names are lost")
	}
	if !strings.Contains(nodeTip(n), long) {
		t.Error("the tooltip does not hold the full name")
	}
	for _, tc := range []struct{ in, want string }{
		{"short", "short"},
		{strings.Repeat("a", maxLabel), strings.Repeat("a", maxLabel)},
		{strings.Repeat("a", maxLabel+1), strings.Repeat("a", maxLabel-1) + "…"},
		// Clusters, not code points: an accent or an emoji sequence is
		// never cut off its character.
		{strings.Repeat("e\u0301", maxLabel), strings.Repeat("e\u0301", maxLabel)},
		{strings.Repeat("e\u0301", maxLabel+1), strings.Repeat("e\u0301", maxLabel-1) + "…"},
		{strings.Repeat("👩‍💻", maxLabel+5), strings.Repeat("👩‍💻", maxLabel-1) + "…"},
	} {
		if got := clip(tc.in); got != tc.want {
			t.Errorf("clip(%d chars) = %d chars", len(tc.in), len(got))
		}
	}
}

// mergeJourney branches at the cart and merges again at the checkout.
const mergeJourney = `version: 1
name: Merge
stages:
  - id: buy
    name: Buy
    touchpoints:
      - {id: cart, name: Cart, next: [coupon, checkout]}
      - {id: coupon, name: Coupon}
      - {id: checkout, name: Checkout}
      - {id: pay, name: Pay}
`

// TestDiagramEstimatedArrows: from step counts, the users on an arrow into
// a touchpoint with several predecessors are an estimate, marked "≈" with
// a legend in every picture format; from events they are counted, and
// nothing is marked.
func TestDiagramEstimatedArrows(t *testing.T) {
	j, diags := journey.Parse("merge.yaml", []byte(mergeJourney))
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	steps := &journey.DataSet{File: "steps.csv"}
	for _, r := range []struct {
		id    string
		users float64
	}{{"cart", 6}, {"coupon", 4}, {"checkout", 4}, {"pay", 2}} {
		steps.Rows = append(steps.Rows, journey.StepRow{Label: r.id, Users: r.users, HasUsers: true})
	}
	f := journey.NewEventFunnel(j, 0)
	for _, e := range []struct {
		user, tp string
		min      int64
	}{
		{"u1", "cart", 1}, {"u1", "checkout", 2}, {"u1", "pay", 3},
		{"u2", "cart", 1}, {"u2", "coupon", 2}, {"u2", "checkout", 3},
		{"u3", "cart", 1}, {"u3", "coupon", 2}, {"u3", "checkout", 3}, {"u3", "pay", 4},
		{"u4", "cart", 1}, {"u4", "coupon", 2},
		{"u5", "cart", 1}, {"u5", "checkout", 2}, {"u5", "coupon", 3},
		{"u6", "cart", 1},
	} {
		f.Add([]byte(e.user), nil, j.Touchpoint(e.tp).Index, e.min*60_000)
	}
	events := journey.ReduceEvents("events.csv", f)

	for _, tt := range []struct {
		name string
		data *journey.DataSet
		// arrows is each arrow's conversion and users as drawn.
		arrows    string
		estimated bool
	}{
		// Checkout's 4 users split 6:4 between cart and coupon.
		{"step counts", steps, "cart>coupon 66.7% 4; cart>checkout ≈40% ≈2; coupon>checkout ≈40% ≈2; checkout>pay 50% 2", true},
		// Counted: u1 and u5 came to checkout from cart, u2 and u3 from coupon.
		{"events", events, "cart>coupon 66.7% 4; cart>checkout 33.3% 2; coupon>checkout 50% 2; checkout>pay 50% 2", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := journey.Analyze(j, []*journey.DataSet{tt.data}, journey.AnalyzeOptions{})
			d, err := New(j, a, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var arrows []string
			for _, e := range d.Edges {
				arrows = append(arrows, e.From.ID+">"+e.To.ID+" "+e.Conversion+" "+e.Users)
				if e.Estimated != strings.HasPrefix(e.Users, Estimated) {
					t.Errorf("%s>%s: estimated %v, users %q", e.From.ID, e.To.ID, e.Estimated, e.Users)
				}
			}
			if got := strings.Join(arrows, "; "); got != tt.arrows {
				t.Errorf("arrows:\n got %s\nwant %s", got, tt.arrows)
			}
			if d.Estimates != tt.estimated {
				t.Errorf("Estimates = %v, want %v", d.Estimates, tt.estimated)
			}
			var dot, mmd bytes.Buffer
			if err := WriteDOT(&dot, d, ThemeDefault); err != nil {
				t.Fatal(err)
			}
			if err := WriteMermaid(&mmd, d, ThemeDefault); err != nil {
				t.Fatal(err)
			}
			legend := strings.ReplaceAll(EstimatedLegend, "'", "&#39;")
			for name, out := range map[string]string{"dot": dot.String(), "mermaid": mmd.String()} {
				want := legend
				if name == "mermaid" {
					want = EstimatedLegend
				}
				if got := strings.Contains(out, want); got != tt.estimated {
					t.Errorf("%s has the legend %q: %v, want %v", name, want, got, tt.estimated)
				}
				if got := strings.Contains(out, Estimated); got != tt.estimated {
					t.Errorf("%s shows %q: %v, want %v", name, Estimated, got, tt.estimated)
				}
			}
		})
	}
}

// TestTargetsWithOperator: every KPI target the picture prints carries its
// comparison, also where the file leaves it implied (a drop-off's bare
// "35%" means at most), in DOT and Mermaid alike.
func TestTargetsWithOperator(t *testing.T) {
	for _, name := range exampleNames(t) {
		j := loadExample(t, name)
		d := buildModel(t, j, variant{"all.data", "", true}, "")
		if len(d.KPIs) == 0 {
			continue
		}
		var dot, mmd bytes.Buffer
		if err := WriteDOT(&dot, d, ThemeDefault); err != nil {
			t.Fatal(err)
		}
		if err := WriteMermaid(&mmd, d, ThemeDefault); err != nil {
			t.Fatal(err)
		}
		for _, k := range d.KPIs {
			if !strings.HasPrefix(k.Target, ">") && !strings.HasPrefix(k.Target, "<") {
				t.Errorf("%s: KPI %s: target %q has no operator", name, k.Name, k.Target)
			}
			op := strings.NewReplacer(">", "&gt;", "<", "&lt;").Replace(k.TargetText())
			if !strings.Contains(dot.String(), op) {
				t.Errorf("%s: DOT does not show %q", name, op)
			}
			op = strings.NewReplacer(">", "#gt;", "<", "#lt;").Replace(k.TargetText())
			if !strings.Contains(mmd.String(), op) {
				t.Errorf("%s: Mermaid does not show %q", name, op)
			}
		}
	}
	if got := (&Badge{}).TargetText(); got != "no\u00a0target" {
		t.Errorf("a KPI without target: %q", got)
	}
}
