package graphviz

import (
	"bytes"
	"context"
	"encoding/xml"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/journey-maps/journey/journey"
	"github.com/journey-maps/journey/render/diagram"
)

var (
	engineOnce sync.Once
	engine     *Engine
	engineErr  error
)

// testEngine shares one engine: starting Graphviz takes most of a test's time.
func testEngine(t testing.TB) *Engine {
	t.Helper()
	engineOnce.Do(func() { engine, engineErr = New(context.Background()) })
	if engineErr != nil {
		t.Fatal(engineErr)
	}
	return engine
}

func renderBytes(t testing.TB, dot, format string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := testEngine(t).Render(context.Background(), []byte(dot), format, &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// svgTexts checks that the SVG is well-formed XML and returns its text
// content.
func svgTexts(t *testing.T, svg []byte) string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = true
	var text strings.Builder
	var root string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch v := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = v.Name.Local
			}
		case xml.CharData:
			text.Write(v)
			text.WriteByte('\n')
		}
	}
	if root != "svg" {
		t.Fatalf("root element %q, expected svg", root)
	}
	return text.String()
}

func loadExamples(t *testing.T) map[string]*journey.Journey {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "..", "examples", "*.yaml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	out := map[string]*journey.Journey{}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		j, diags := journey.Parse(p, src)
		if j == nil || diags.Errors() > 0 {
			t.Fatalf("%s does not load: %v", p, diags)
		}
		out[strings.TrimSuffix(filepath.Base(p), ".yaml")] = j
	}
	return out
}

// exampleData gives every touchpoint a head count that falls along the
// flow, so that every figure of the picture is drawn.
func exampleData(j *journey.Journey) []*journey.DataSet {
	ds := &journey.DataSet{File: "data.csv"}
	users := 20000.0
	for _, tp := range j.Touchpoints() {
		ds.Rows = append(ds.Rows, journey.StepRow{Label: tp.ID, Users: users, HasUsers: true})
		users *= 0.7
	}
	return []*journey.DataSet{ds}
}

// TestExamplesSVG draws every example, with and without data, for everyone
// and per persona, in both themes: the SVG must be well-formed and show
// every stage and touchpoint name (Graphviz drops a label it cannot parse
// without failing).
func TestExamplesSVG(t *testing.T) {
	for name, j := range loadExamples(t) {
		personas := []string{""}
		for _, p := range j.Personas {
			personas = append(personas, p.ID)
		}
		for _, persona := range personas {
			for _, withData := range []bool{false, true} {
				for _, theme := range diagram.Themes {
					label := name + "/" + persona + "/" + theme.Name
					if withData {
						label += "/data"
					}
					t.Run(label, func(t *testing.T) {
						var a *journey.Analysis
						if withData {
							a = journey.Analyze(j, exampleData(j), journey.AnalyzeOptions{Persona: persona})
						}
						d, err := diagram.New(j, a, diagram.Options{Persona: persona})
						if err != nil {
							t.Fatal(err)
						}
						var dot bytes.Buffer
						if err := diagram.WriteDOT(&dot, d, theme); err != nil {
							t.Fatal(err)
						}
						text := svgTexts(t, renderBytes(t, dot.String(), FormatSVG))
						want := []string{j.Name}
						for _, s := range d.Stages {
							want = append(want, strings.ToUpper(s.Name))
							for _, n := range s.Nodes {
								want = append(want, n.Name)
								if withData && n.Users != "" {
									want = append(want, n.Users+" users")
								}
							}
						}
						for _, w := range want {
							if !strings.Contains(text, w) {
								t.Errorf("SVG does not show %q", w)
							}
						}
					})
				}
			}
		}
	}
}

// TestSVGEscapesUserText draws markup in user strings: it must come out as
// text, not as elements.
func TestSVGEscapesUserText(t *testing.T) {
	src := `version: 1
name: 'Map <script>alert("x")</script> & co'
stages:
  - id: s
    name: 'Stage ]]> <![CDATA['
    touchpoints:
      - id: a
        name: 'A & <b>bold</b>'
        owner: 'Owner "quoted" <tag>'
        pains: ['pain & <x/>']
      - id: b
        name: "B \\N \\G"
`
	j, diags := journey.Parse("hostile.yaml", []byte(src))
	if j == nil || diags.Errors() > 0 {
		t.Fatalf("does not load: %v", diags)
	}
	d, err := diagram.New(j, nil, diagram.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var dot bytes.Buffer
	if err := diagram.WriteDOT(&dot, d, diagram.ThemeDefault); err != nil {
		t.Fatal(err)
	}
	svg := renderBytes(t, dot.String(), FormatSVG)
	text := svgTexts(t, svg)
	for _, w := range []string{`Map <script>alert("x")</script> & co`, "A & <b>bold</b>", `B \N \G`} {
		if !strings.Contains(text, w) {
			t.Errorf("SVG text does not show %q literally", w)
		}
	}
	if bytes.Contains(svg, []byte("<script")) {
		t.Error("SVG contains a script element")
	}
	if !bytes.Contains(svg, []byte("Owner: Owner &quot;quoted&quot; &lt;tag&gt;")) {
		t.Error("SVG tooltip does not carry the owner, escaped")
	}
}

// TestPNGDrawsStrokes checks the fix for go-graphviz's PNG renderer, which
// draws fills but no strokes: on a white vertical arrow between two white
// boxes, the pixels on the arrow's line and on the box outlines are dark.
func TestPNGDrawsStrokes(t *testing.T) {
	const dot = `digraph { bgcolor=white; node [shape=box, style=filled, fillcolor=white, color=black, label="", width=1.5, height=0.6]; edge [color=black, penwidth=2]; a -> b [minlen=3] }`
	img, err := png.Decode(bytes.NewReader(renderBytes(t, dot, FormatPNG)))
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	b := img.Bounds()
	if b.Dx() < 50 || b.Dy() < 100 {
		t.Fatalf("PNG is %dx%d, expected a tall picture of two boxes", b.Dx(), b.Dy())
	}
	cx := b.Min.X + b.Dx()/2
	dark := func(x, y int) bool {
		r, g, bl, _ := img.At(x, y).RGBA()
		return r < 0x6000 && g < 0x6000 && bl < 0x6000
	}
	// The arrow's line runs down the middle between the boxes.
	if !dark(cx, b.Min.Y+b.Dy()/2) && !dark(cx-1, b.Min.Y+b.Dy()/2) {
		t.Error("no dark pixel on the arrow line in the middle of the picture")
	}
	// Down the middle: white margin, the top box's outline, its white
	// inside, then its bottom outline.
	var changes int
	prev := false
	for y := b.Min.Y; y < b.Min.Y+b.Dy()/3; y++ {
		d := dark(cx, y)
		if d && !prev {
			changes++
		}
		prev = d
	}
	if changes < 2 {
		t.Errorf("found %d dark runs across the top box, expected its top and bottom outlines", changes)
	}
	// Its left outline, half way down the box.
	var left bool
	for y := b.Min.Y; y < b.Min.Y+b.Dy()/3 && !left; y++ {
		for x := b.Min.X; x < cx-10; x++ {
			if dark(x, y) {
				left = true
				break
			}
		}
	}
	if !left {
		t.Error("no dark pixel on the top box's left outline")
	}
}

// TestExamplePNG draws a full example with data: the PNG decodes and
// carries dark strokes and the worst drop-off colour.
func TestExamplePNG(t *testing.T) {
	j := loadExamples(t)["online-store"]
	if j == nil {
		t.Fatal("examples/online-store.yaml missing")
	}
	a := journey.Analyze(j, exampleData(j), journey.AnalyzeOptions{})
	d, err := diagram.New(j, a, diagram.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var dot bytes.Buffer
	if err := diagram.WriteDOT(&dot, d, diagram.ThemeDefault); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(renderBytes(t, dot.String(), FormatPNG)))
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	if n := countColor(img, 0x61, 0x6e, 0x7c); n < 500 {
		t.Errorf("%d pixels in the arrow colour, expected the arrows drawn", n)
	}
	if n := countColor(img, 0xd0, 0x02, 0x1b); n < 200 {
		t.Errorf("%d pixels in the worst drop-off colour, expected outlined touchpoints", n)
	}
}

// countColor counts pixels within a small distance of the colour.
func countColor(img image.Image, r, g, b uint8) int {
	n := 0
	bd := img.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		for x := bd.Min.X; x < bd.Max.X; x++ {
			pr, pg, pb, _ := img.At(x, y).RGBA()
			if near(pr>>8, r) && near(pg>>8, g) && near(pb>>8, b) {
				n++
			}
		}
	}
	return n
}

func near(a uint32, b uint8) bool {
	d := int(a) - int(b)
	return d > -12 && d < 12
}

func TestRenderRejectsBadInput(t *testing.T) {
	e := testEngine(t)
	var buf bytes.Buffer
	if err := e.Render(context.Background(), []byte("digraph { a -> b }"), "pdf", &buf); err == nil {
		t.Error("format pdf: expected an error")
	}
	if err := e.Render(context.Background(), []byte("digraph { a -> "), FormatSVG, &buf); err == nil {
		t.Error("broken DOT: expected an error")
	}
}

func BenchmarkRenderSVG(b *testing.B) {
	const dot = `digraph { rankdir=LR; a -> b -> c -> d; b -> d; subgraph cluster_x { label="X"; c; d } }`
	e := testEngine(b)
	for b.Loop() {
		if err := e.Render(context.Background(), []byte(dot), FormatSVG, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// clusterStart matches a stage column's outline in Graphviz's SVG: the
// cluster's title, then the first point of its path.
var clusterStart = regexp.MustCompile(`<title>cluster_(\d+)</title>\s*(?:<g[^>]*><a[^>]*>\s*)?<(?:path|polygon)[^>]*(?:d="M|points=")(-?[\d.]+),(-?[\d.]+)`)

// TestStageOrder: stages come left to right (or top to bottom) in journey
// order even when arrows skip a stage or loop back, which makes dot
// reorder clusters unless told otherwise.
func TestStageOrder(t *testing.T) {
	// The online store, with its first touchpoint also leading straight to
	// delivery and repeat purchase looping back to the product page.
	raw, err := os.ReadFile(filepath.Join("..", "..", "..", "examples", "online-store.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	src := strings.Replace(string(raw), "        events: [ad_click]\n", "        events: [ad_click]\n        next: [landing, delivery]\n", 1)
	src = strings.Replace(src, "        events: [repeat_purchase]\n", "        events: [repeat_purchase]\n        next: [product-page]\n", 1)
	if src == string(raw) {
		t.Fatal("examples/online-store.yaml changed; update this test")
	}
	j, diags := journey.Parse("order.yaml", []byte(src))
	if j == nil || diags.Errors() > 0 {
		t.Fatalf("does not load: %v", diags)
	}
	for _, layout := range []string{"lr", "tb"} {
		t.Run(layout, func(t *testing.T) {
			d, err := diagram.New(j, nil, diagram.Options{Layout: layout})
			if err != nil {
				t.Fatal(err)
			}
			var dot bytes.Buffer
			if err := diagram.WriteDOT(&dot, d, diagram.ThemeDefault); err != nil {
				t.Fatal(err)
			}
			svg := renderBytes(t, dot.String(), FormatSVG)
			ms := clusterStart.FindAllSubmatch(svg, -1)
			if len(ms) != len(d.Stages) {
				t.Fatalf("found %d stage outlines, expected %d", len(ms), len(d.Stages))
			}
			pos := make([]float64, len(ms))
			for _, m := range ms {
				i, _ := strconv.Atoi(string(m[1]))
				coord := m[2]
				if layout == "tb" {
					coord = m[3]
				}
				v, err := strconv.ParseFloat(string(coord), 64)
				if err != nil || i >= len(pos) {
					t.Fatalf("bad outline %q", m[0])
				}
				pos[i] = v
			}
			for i := 1; i < len(pos); i++ {
				// SVG y grows downwards from a negative origin: rows further
				// down have larger y.
				if !(pos[i] > pos[i-1]) {
					t.Errorf("stage %d starts at %v, not after stage %d at %v (all: %v)", i, pos[i], i-1, pos[i-1], pos)
				}
			}
		})
	}
}
