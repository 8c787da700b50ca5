package diagram

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/journey-maps/journey/render/diagram/graphviz"
)

// The composition is tested on what the embedded Graphviz really draws of
// the tiles, as journey-graphviz draws it for journey render.

var (
	tileEngineOnce sync.Once
	tileEngine     *graphviz.Engine
	tileEngineErr  error
)

// drawTestTiles lays out and draws the tiles: SVG, and PNG when png.
func drawTestTiles(t testing.TB, tiles [][]byte, png bool) (svgs, pngs [][]byte) {
	return drawTestTilesScaled(t, tiles, png, 1)
}

// drawTestTilesScaled is drawTestTiles with the PNG at the scale.
func drawTestTilesScaled(t testing.TB, tiles [][]byte, png bool, scale float64) (svgs, pngs [][]byte) {
	t.Helper()
	tileEngineOnce.Do(func() { tileEngine, tileEngineErr = graphviz.New(context.Background()) })
	if tileEngineErr != nil {
		t.Fatal(tileEngineErr)
	}
	formats := []string{"svg"}
	if png {
		formats = append(formats, "png")
	}
	for i, dot := range tiles {
		out, err := tileEngine.RenderAllScaled(context.Background(), dot, scale, formats...)
		if err != nil {
			t.Fatalf("tile %d: %v\n%s", i, err, dot)
		}
		svgs = append(svgs, out[0])
		if png {
			pngs = append(pngs, out[1])
		}
	}
	return svgs, pngs
}

// composeVariant is one picture of an example in the tests.
type composeVariant struct {
	variant
	layout, arrows string
}

func (v composeVariant) String() string { return v.name + "/" + v.layout + "/" + v.arrows }

func composeVariants(t *testing.T) map[string][]composeVariant {
	out := map[string][]composeVariant{}
	for _, name := range exampleNames(t) {
		for _, v := range pictureVariants(loadExample(t, name)) {
			for _, layout := range []string{"lr", "tb"} {
				for _, arrows := range []string{"straight", "curved"} {
					out[name] = append(out[name], composeVariant{v, layout, arrows})
				}
			}
		}
	}
	return out
}

func composeBuild(t *testing.T, name string, v composeVariant) *Model {
	t.Helper()
	d := buildModel(t, loadExample(t, name), v.variant, v.layout)
	d.Curved = v.arrows == "curved"
	return d
}

// TestTilesGolden pins the tiles of one example with data: the header,
// then each stage alone with the arrows inside it.
func TestTilesGolden(t *testing.T) {
	j := loadExample(t, "online-store")
	d := buildModel(t, j, variant{"all.data", "", true}, "lr")
	checkGolden(t, "online-store.all.data.tiles.dot", bytes.Join(Tiles(d, ThemeDefault), []byte("\n")))
}

// TestTilesHoldEachStage: every touchpoint is in its stage's tile and no
// other; every arrow is inside a tile, between neighbouring stages, or
// written in its touchpoint.
func TestTilesHoldEachStage(t *testing.T) {
	for name, variants := range composeVariants(t) {
		for _, v := range variants {
			d := composeBuild(t, name, v)
			tiles := Tiles(d, nil)
			if len(tiles) != len(d.Stages)+1 || !bytes.HasPrefix(tiles[0], []byte("digraph header {")) {
				t.Fatalf("%s %s: %d tiles for %d stages", name, v, len(tiles), len(d.Stages))
			}
			index := map[*Stage]int{}
			for i, s := range d.Stages {
				index[s] = i
			}
			jumps := dotJumps(d)
			for i, s := range d.Stages {
				tile := string(tiles[i+1])
				for _, o := range d.Stages {
					for _, n := range o.Nodes {
						if in := strings.Contains(tile, "    "+n.Key+" [id="); in != (o == s) {
							t.Errorf("%s %s: touchpoint %s in tile of stage %s: %v", name, v, n.ID, s.ID, in)
						}
					}
				}
			}
			for k, e := range d.Edges {
				from, to := index[e.From.Stage], index[e.To.Stage]
				inTile := strings.Contains(string(tiles[from+1]), fmt.Sprintf("[id=\"e%d\"", k))
				switch {
				case jumps[e]:
					if inTile {
						t.Errorf("%s %s: jump %s → %s drawn in a tile", name, v, e.From.ID, e.To.ID)
					}
				case from == to:
					if !inTile {
						t.Errorf("%s %s: arrow %s → %s missing from its stage's tile", name, v, e.From.ID, e.To.ID)
					}
				case to != from+1:
					t.Errorf("%s %s: arrow %s → %s skips a stage but is no jump", name, v, e.From.ID, e.To.ID)
				}
			}
		}
	}
}

// TestComposeSVG checks every example picture as journey render draws it:
// well-formed SVG with unique ids, stages in order without overlapping,
// each arrow between stages from its touchpoint's side to the next's,
// figure labels apart from each other.
func TestComposeSVG(t *testing.T) {
	idAttr := regexp.MustCompile(` id="([^"]+)"`)
	for name, variants := range composeVariants(t) {
		for _, v := range variants {
			t.Run(name+"/"+v.String(), func(t *testing.T) {
				d := composeBuild(t, name, v)
				svgs, _ := drawTestTiles(t, Tiles(d, nil), false)
				out, err := ComposeSVG(d, nil, svgs)
				if err != nil {
					t.Fatal(err)
				}
				checkXML(t, out)
				seen := map[string]bool{}
				for _, m := range idAttr.FindAllSubmatch(out, -1) {
					if id := string(m[1]); seen[id] {
						t.Errorf("id %q twice", id)
					} else {
						seen[id] = true
					}
				}

				c, err := composeSVGs(d, svgs)
				if err != nil {
					t.Fatal(err)
				}
				checkComposition(t, d, c)
				for _, a := range c.arrows {
					if !bytes.Contains(out, fmt.Appendf(nil, `<g id="e%d" class="edge">`, a.index)) {
						t.Errorf("arrow %s → %s not drawn", a.edge.From.ID, a.edge.To.ID)
					}
				}
				again, _ := ComposeSVG(d, nil, svgs)
				if !bytes.Equal(out, again) {
					t.Error("two compositions of the same tiles differ")
				}
			})
		}
	}
}

func checkXML(t *testing.T, b []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
	}
}

// checkComposition checks the geometry of a composition.
func checkComposition(t *testing.T, d *Model, c *composition) {
	t.Helper()
	columns := d.columns()
	header := box{0, 0, c.tiles[0].w, c.tiles[0].h}.moved(c.at[0])
	var prev box
	for i := range d.Stages {
		tile := c.tiles[i+1]
		drawn := box{0, 0, tile.w, tile.h}.moved(c.at[i+1])
		if drawn.overlaps(header) {
			t.Errorf("stage %d overlaps the header", i)
		}
		if drawn.x1 > c.w || drawn.y1 > c.h || drawn.x0 < 0 || drawn.y0 < 0 {
			t.Errorf("stage %d (%v) outside the page %gx%g", i, drawn, c.w, c.h)
		}
		if i > 0 {
			after := drawn.x0 >= prev.x1
			if !columns {
				after = drawn.y0 >= prev.y1
			}
			if !after {
				t.Errorf("stage %d (%v) not after stage %d (%v)", i, drawn, i-1, prev)
			}
		}
		prev = drawn
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 0.01 }
	checkFigures(t, d, c)
	var labels []box
	for _, a := range c.arrows {
		from, to := -1, -1
		for i, s := range d.Stages {
			if s == a.edge.From.Stage {
				from = i
			}
			if s == a.edge.To.Stage {
				to = i
			}
		}
		if to != from+1 {
			t.Errorf("arrow %s → %s crosses stages %d to %d", a.edge.From.ID, a.edge.To.ID, from, to)
			continue
		}
		src := c.tiles[from+1].boxes[a.edge.From.Key].moved(c.at[from+1])
		dst := c.tiles[to+1].boxes[a.edge.To.Key].moved(c.at[to+1])
		within := func(v, lo, hi float64) bool { return v > lo+1 && v < hi-1 }
		ok := near(a.from.x, src.x1) && within(a.from.y, src.y0, src.y1) && near(a.to.x, dst.x0) && within(a.to.y, dst.y0, dst.y1)
		if !columns {
			ok = near(a.from.y, src.y1) && within(a.from.x, src.x0, src.x1) && near(a.to.y, dst.y0) && within(a.to.x, dst.x0, dst.x1)
		}
		if !ok {
			t.Errorf("arrow %s → %s runs from %v to %v, not between the facing sides of %v and %v", a.edge.From.ID, a.edge.To.ID, a.from, a.to, src, dst)
		}
		// The stubs inside the stages cross no other touchpoint and no
		// figures of the arrows there.
		for _, stub := range []struct {
			p, q  point
			tile  int
			owner box
		}{{a.from, a.out, from + 1, src}, {a.in, a.to, to + 1, dst}} {
			line := box{math.Min(stub.p.x, stub.q.x) - 0.5, math.Min(stub.p.y, stub.q.y) - 0.5, math.Max(stub.p.x, stub.q.x) + 0.5, math.Max(stub.p.y, stub.q.y) + 0.5}
			for _, o := range c.tiles[stub.tile].obstacles(c.at[stub.tile], func(b box) box { return b }) {
				if o != stub.owner && line.overlaps(o) {
					t.Errorf("arrow %s → %s: its stub %v-%v crosses %v", a.edge.From.ID, a.edge.To.ID, stub.p, stub.q, o)
				}
			}
		}
		// Arrows into one touchpoint enter it apart, not in one point.
		for _, o := range c.arrows {
			if o != a && o.edge.To == a.edge.To && math.Hypot(o.to.x-a.to.x, o.to.y-a.to.y) < 4 {
				t.Errorf("arrows %s → %s and %s → %s meet at %v", a.edge.From.ID, a.edge.To.ID, o.edge.From.ID, o.edge.To.ID, a.to)
			}
		}
		if a.label != nil {
			// Each figure sits on its own arrow, and no other arrow into the
			// same touchpoint runs through its middle.
			mid := point{(a.label.box.x0 + a.label.box.x1) / 2, (a.label.box.y0 + a.label.box.y1) / 2}
			u := mid.x
			if !columns {
				u = mid.y
			}
			if p := a.atU(u, columns); math.Hypot(p.x-mid.x, p.y-mid.y) > 1 {
				t.Errorf("label of %s → %s at %v, off its arrow at %v", a.edge.From.ID, a.edge.To.ID, mid, p)
			}
			for _, o := range c.arrows {
				if o == a || o.edge.To != a.edge.To {
					continue
				}
				if p := o.atU(u, columns); math.Hypot(p.x-mid.x, p.y-mid.y) < 3 {
					t.Errorf("label of %s → %s sits on the arrow from %s too", a.edge.From.ID, a.edge.To.ID, o.edge.From.ID)
				}
			}
			for _, o := range labels {
				if a.label.box.overlaps(o) {
					t.Errorf("label of %s → %s overlaps another", a.edge.From.ID, a.edge.To.ID)
				}
			}
			labels = append(labels, a.label.box)
		}
	}
}

// TestComposePNG: the PNG decodes, has the page's size at 96 dpi times
// its scale, and shows each arrow leaving its touchpoint where the SVG
// does: the arrow's colour just outside the touchpoint, its fill just
// inside.
func TestComposePNG(t *testing.T) {
	for _, name := range exampleNames(t) {
		for _, tc := range []struct {
			data  bool
			scale float64
		}{{false, 1}, {true, 1}, {true, 2.5}} {
			data := tc.data
			t.Run(fmt.Sprintf("%s/data=%v/scale=%v", name, data, tc.scale), func(t *testing.T) {
				d := buildModel(t, loadExample(t, name), variant{"all", "", data}, "lr")
				d.Scale = tc.scale
				pngScale := 96.0 / 72 * tc.scale
				colorAt := func(img image.Image, x, y float64) string { return colorAtScale(img, x, y, pngScale) }
				svgs, pngs := drawTestTilesScaled(t, Tiles(d, nil), true, tc.scale)
				out, err := ComposePNG(d, nil, svgs, pngs)
				if err != nil {
					t.Fatal(err)
				}
				img, err := png.Decode(bytes.NewReader(out))
				if err != nil {
					t.Fatal(err)
				}
				c, err := composeSVGs(d, svgs)
				if err != nil {
					t.Fatal(err)
				}
				if b := img.Bounds(); b.Dx() != int(math.Ceil(c.w*pngScale)) || b.Dy() != int(math.Ceil(c.h*pngScale)) {
					t.Errorf("png %v for a page of %gx%g pt", b, c.w, c.h)
				}
				if len(c.arrows) == 0 {
					t.Fatal("no arrows between stages to check")
				}
				for _, a := range c.arrows {
					if a.out.x-a.from.x < 6 {
						continue
					}
					// Just inside the touchpoint its fill; just outside,
					// beside the arrow, the stage's; on the arrow, about
					// the arrow's colour (a thin arrow's pixels are
					// blended with the stage's fill).
					inside := colorAt(img, a.from.x-3, a.from.y)
					beside := colorAt(img, a.from.x+3, a.from.y-a.width/2-3)
					on := colorAt(img, a.from.x+3, a.from.y)
					fill := ThemeDefault.emotionFill(a.edge.From)
					if inside != fill || beside != ThemeDefault.StageFill || colorDist(on, ThemeDefault.Edge) >= colorDist(on, ThemeDefault.StageFill) {
						t.Errorf("arrow %s → %s: %s inside its touchpoint, %s beside the arrow, %s on it; expected %s, %s and about %s",
							a.edge.From.ID, a.edge.To.ID, inside, beside, on, fill, ThemeDefault.StageFill, ThemeDefault.Edge)
					}
				}
			})
		}
	}
}

// colorAt is the colour of the pixel at (x, y) points as #rrggbb at 96 dpi.
func colorAt(img image.Image, x, y float64) string { return colorAtScale(img, x, y, 96.0/72) }

// colorAtScale is colorAt at pngScale pixels per point.
func colorAtScale(img image.Image, x, y, pngScale float64) string {
	r, g, b, _ := img.At(int(x*pngScale), int(y*pngScale)).RGBA()
	return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
}

// colorDist is the distance between two colours #rrggbb.
func colorDist(a, b string) float64 {
	ca, _ := parseHexColor(a)
	cb, _ := parseHexColor(b)
	ra, ga, ba, _ := ca.RGBA()
	rb, gb, bb, _ := cb.RGBA()
	return math.Sqrt(math.Pow(float64(ra)-float64(rb), 2) + math.Pow(float64(ga)-float64(gb), 2) + math.Pow(float64(ba)-float64(bb), 2))
}

func TestParseTileSVGErrors(t *testing.T) {
	good := `<svg width="10pt" height="10pt" viewBox="0.00 0.00 10.00 20.00">
<g id="stage0" class="graph" transform="scale(1 1) rotate(0) translate(4 16)">
<g id="t0" class="node">
<path fill="#fff" d="M1,-2C1,-2 5,-2 5,-2 5,-8 1,-8 1,-8"/>
</g>
<g id="e0" class="edge">
<path fill="none" stroke="#000" d="M1,-1C2,-1 3,-1 4,-1"/>
<polygon fill="#000" stroke="#000" points="4,-1 5,-1 4,-2"/>
<polygon fill="#fff" stroke="none" points="2,-3 2,-5 6,-5 6,-3 2,-3"/>
</g>
</g>
</svg>`
	tile, err := parseTileSVG("stage0", []byte(good), []string{"t0"})
	if err != nil {
		t.Fatal(err)
	}
	if tile.w != 10 || tile.h != 20 || tile.boxes["t0"] != (box{5, 8, 9, 14}) {
		t.Errorf("got size %gx%g, box %v; want 10x20 and {5 8 9 14}", tile.w, tile.h, tile.boxes["t0"])
	}
	// The arrow's line, moved as the tile: from (5, 15) to (8, 15).
	if line := tile.paths["e0"]; len(line) != 9 || line[0] != (point{5, 15}) || line[8] != (point{8, 15}) || line[4] != (point{6.5, 15}) {
		t.Errorf("got the arrow's line %v, want 9 points from (5, 15) through (6.5, 15) to (8, 15)", line)
	}
	for _, tc := range []struct{ name, svg, want string }{
		{"no viewBox", strings.Replace(good, "viewBox", "viewbox", 1), "no viewBox"},
		{"short viewBox", strings.Replace(good, "0.00 0.00 10.00 20.00", "0 0 10", 1), "viewBox"},
		{"other graph", strings.Replace(good, `id="stage0"`, `id="stage9"`, 1), "no graph group"},
		{"no translation", strings.Replace(good, "translate(4 16)", "", 1), "no translation"},
		{"no element", strings.Replace(good, `id="t0"`, `id="t1"`, 1), "no element t0"},
		{"no outline", strings.Replace(good, "<path", "<text", 1), "no outline of t0"},
	} {
		_, err := parseTileSVG("stage0", []byte(tc.svg), []string{"t0"})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error with %q", tc.name, err, tc.want)
		}
	}
	if _, err := ComposeSVG(&Model{}, nil, nil); err == nil {
		t.Error("composed a picture without its header tile")
	}
}

func TestSVGText(t *testing.T) {
	got := svgText("a<b & \"c\"\n\x01d")
	if want := "a&lt;b &amp; &quot;c&quot;&#10; d"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := strconv.Quote(svgNum(1.005)); got != `"1"` && got != `"1.01"` {
		t.Errorf("svgNum(1.005) = %s", got)
	}
}

// BenchmarkComposeSVG times journey's share of an SVG picture once
// Graphviz has drawn the tiles: reading the tiles and composing the page.
func BenchmarkComposeSVG(b *testing.B) {
	j := loadExample(b, "online-store")
	d := buildModel(b, j, variant{"all.data", "", true}, "lr")
	svgs, _ := drawTestTiles(b, Tiles(d, nil), false)
	b.ResetTimer()
	for b.Loop() {
		if _, err := ComposeSVG(d, nil, svgs); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzParseTileSVG: whatever a helper writes, reading it fails cleanly or
// gives boxes with their corners in order.
func FuzzParseTileSVG(f *testing.F) {
	f.Add([]byte(`<svg viewBox="0 0 10 20"><g id="stage0" class="graph" transform="translate(4 16)"><g id="t0" class="node"><path d="M1,-2 5,-8"/></g><g id="e0" class="edge"><polygon fill="#fff" stroke="none" points="2,-3 6,-5"/></g></g></svg>`))
	f.Add([]byte(`<svg viewBox="0 0 1 1"><g id="stage0" class="graph" transform="translate(0 0)"><g id="s0" class="cluster"><path d="M0,0 1,1"/><text x="1" y="1" font-size="11">A</text></g></g></svg>`))
	f.Fuzz(func(t *testing.T, svg []byte) {
		tile, err := parseTileSVG("stage0", svg, []string{"t0"})
		if err != nil {
			return
		}
		for id, b := range tile.boxes {
			if b.x0 > b.x1 || b.y0 > b.y1 {
				t.Errorf("box %s %v inside out", id, b)
			}
		}
	})
}

// TestComposeNoStages: a picture with no touchpoints to draw (a persona
// the journey does not serve yet) is the header alone.
func TestComposeNoStages(t *testing.T) {
	d := &Model{Title: "Empty", Direction: "LR"}
	svgs, pngs := drawTestTiles(t, Tiles(d, nil), true)
	out, err := ComposeSVG(d, nil, svgs)
	if err != nil {
		t.Fatal(err)
	}
	checkXML(t, out)
	if !bytes.Contains(out, []byte(">Empty</text>")) {
		t.Errorf("no title in:\n%.400s", out)
	}
	if _, err := ComposePNG(d, nil, svgs, pngs); err != nil {
		t.Fatal(err)
	}
}

// TestComposePNGTooLarge: a picture of more than MaxPixels is refused
// before its canvas is allocated, naming its size.
func TestComposePNGTooLarge(t *testing.T) {
	d := buildModel(t, loadExample(t, "online-store"), variant{"all", "", false}, "lr")
	svgs, pngs := drawTestTiles(t, Tiles(d, nil), true)
	d.Scale = 40
	_, err := ComposePNG(d, nil, svgs, pngs)
	var large *TooLargeError
	if !errors.As(err, &large) || large.Width*large.Height <= MaxPixels || !strings.Contains(err.Error(), "lower --scale") {
		t.Errorf("got %v, expected a TooLargeError", err)
	}
}

// checkFigures checks the figures of the arrows inside each stage: every
// arrow with figures has them, beside its own line, inside the stage's
// box, clear of the touchpoints and of each other.
func checkFigures(t *testing.T, d *Model, c *composition) {
	t.Helper()
	jumps := dotJumps(d)
	for i, s := range d.Stages {
		tile := c.tiles[i+1]
		want := 0
		for _, e := range d.Edges {
			if e.From.Stage == s && e.To.Stage == s && !jumps[e] && composeLabel(e, ThemeDefault) != nil {
				want++
			}
		}
		if len(tile.figures) != want {
			t.Errorf("stage %d: %d arrows with figures, %d placed", i, want, len(tile.figures))
			continue
		}
		stage := tile.boxes["s"+strconv.Itoa(i)]
		for k, l := range tile.figures {
			b := l.box
			if b.x0 < stage.x0 || b.x1 > stage.x1 || b.y0 < stage.y0 || b.y1 > stage.y1 {
				t.Errorf("stage %d: figures %v outside the stage %v", i, b, stage)
			}
			for _, n := range s.Nodes {
				if b.overlaps(tile.boxes[n.Key]) {
					t.Errorf("stage %d: figures %v over touchpoint %s", i, b, n.ID)
				}
			}
			for _, o := range tile.figures[:k] {
				if b.overlaps(o.box) {
					t.Errorf("stage %d: figures %v over figures %v", i, b, o.box)
				}
			}
			// Beside a line of the stage: some point of one within the
			// gap and a widest arrow's half width.
			close := false
			for _, line := range tile.paths {
				for _, p := range line {
					dx := math.Max(0, math.Max(b.x0-p.x, p.x-b.x1))
					dy := math.Max(0, math.Max(b.y0-p.y, p.y-b.y1))
					close = close || math.Hypot(dx, dy) <= figureGap+12
				}
			}
			if !close {
				t.Errorf("stage %d: figures %v beside no arrow", i, b)
			}
		}
	}
}

// composeSVGs reads the tiles and composes them.
func composeSVGs(d *Model, svgs [][]byte) (*composition, error) {
	tiles, err := readTiles(d, ThemeDefault, svgs)
	if err != nil {
		return nil, err
	}
	return compose(d, ThemeDefault, tiles)
}

// TestReadTilesApart: tiles read one by one, at the same time and out of
// order (as journey reads them while Graphviz draws the rest), compose the
// same picture as ComposeSVG, twice over; tiles out of place are refused.
func TestReadTilesApart(t *testing.T) {
	d := buildModel(t, loadExample(t, "online-store"), variant{"all.data", "", true}, "lr")
	svgs, pngs := drawTestTiles(t, Tiles(d, nil), true)
	want, err := ComposeSVG(d, nil, svgs)
	if err != nil {
		t.Fatal(err)
	}
	wantPNG, err := ComposePNG(d, nil, svgs, pngs)
	if err != nil {
		t.Fatal(err)
	}
	tiles := make([]*Tile, len(svgs))
	errs := make([]error, len(svgs))
	var wg sync.WaitGroup
	for i := len(svgs) - 1; i >= 0; i-- {
		wg.Go(func() { tiles[i], errs[i] = ReadTile(d, nil, i, svgs[i]) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		got, err := ComposeSVGTiles(d, nil, tiles)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Error("the picture of tiles read apart differs from ComposeSVG's")
		}
		gotPNG, err := ComposePNGTiles(d, nil, tiles, pngs)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(gotPNG, wantPNG) {
			t.Error("the PNG of tiles read apart differs from ComposePNG's")
		}
	}
	swapped := slices.Clone(tiles)
	swapped[1], swapped[2] = swapped[2], swapped[1]
	if _, err := ComposeSVGTiles(d, nil, swapped); err == nil || !strings.Contains(err.Error(), "expected tile stage0 in place 1") {
		t.Errorf("tiles out of place: got %v", err)
	}
	if _, err := ComposeSVGTiles(d, nil, tiles[:2]); err == nil {
		t.Error("composed a picture from too few tiles")
	}
	for _, i := range []int{-1, len(svgs)} {
		if _, err := ReadTile(d, nil, i, svgs[0]); err == nil {
			t.Errorf("read tile %d of %d", i, len(svgs))
		}
	}
}
