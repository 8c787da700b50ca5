package diagram

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// A composition places the tiles Graphviz laid out (see Tiles) on one page
// and routes the arrows from each stage into the next, in points, y down.
// ComposeSVG and ComposePNG draw it.
type composition struct {
	w, h   float64
	tiles  []*tileSVG
	at     []point // top-left corner of each tile on the page
	arrows []*composedArrow
}

type point struct{ x, y float64 }

type box struct{ x0, y0, x1, y1 float64 }

func (b box) overlaps(c box) bool {
	return b.x0 < c.x1 && c.x0 < b.x1 && b.y0 < c.y1 && c.y0 < b.y1
}

func (b box) moved(p point) box { return box{b.x0 + p.x, b.y0 + p.y, b.x1 + p.x, b.y1 + p.y} }

// composedArrow is a flow arrow between two stages: a stub out of its
// touchpoint to the edge of the stage, the crossing to the next stage
// (a line, or a curve with curved arrows), a stub into the touchpoint, and
// the head. Label is nil without figures.
type composedArrow struct {
	edge  *Edge
	index int // in Model.Edges, for the SVG id
	// from, out, in, to: the tail, where it leaves its stage, where it
	// enters the next, the tip. c1 and c2 are the curve's control points.
	from, out, in, to point
	c1, c2            point
	curved            bool
	// head is the arrowhead polygon; end is where the line stops, at the
	// head's base.
	head  []point
	end   point
	width float64
	label *composedLabel
}

// composedLabel is an arrow's figures on a background box.
type composedLabel struct {
	box   box
	lines []composedLine
}

type composedLine struct {
	text  string
	bold  bool
	color string
	size  float64
	// baseline, from the top of the box.
	baseline float64
}

// Page spacing in points.
const (
	composePad       = 21.6 // around the page, as Graphviz's pad=0.3
	composeHeaderGap = 14   // between the header and the stages
	composeMinGap    = 48   // between two stages
	composeSlack     = 8    // Graphviz's margin around a stage's box in its tile
	composeLabelGap  = 12   // on either side of a figure label between stages
	composeLabelPad  = 2    // inside a figure label's box
	// Offsets are multiples of this, so that PNG tiles (at 96 dpi, 4/3
	// pixels per point) land on whole pixels.
	composeGrid = 0.75
)

// compose lays the tiles out: the header on top; stage columns left to
// right with their tops level (or rows top to bottom, left-aligned), each
// gap wide enough for the figures of the arrows that cross it.
func compose(d *Model, t *Theme, tiles []*Tile) (*composition, error) {
	if len(tiles) != len(d.Stages)+1 {
		return nil, fmt.Errorf("expected %d tiles, found %d", len(d.Stages)+1, len(tiles))
	}
	c := &composition{}
	stageIndex := make(map[*Stage]int, len(d.Stages))
	for i, s := range d.Stages {
		stageIndex[s] = i
	}
	for i, tile := range tiles {
		if tile == nil || tile.svg.id != tileID(i) {
			return nil, fmt.Errorf("expected tile %s in place %d", tileID(i), i)
		}
		c.tiles = append(c.tiles, tile.svg)
	}

	jumps := dotJumps(d)

	// Arrows into the next stage, grouped by the gap they cross.
	gaps := make([][]*composedArrow, len(d.Stages))
	for k, e := range d.Edges {
		from, to := stageIndex[e.From.Stage], stageIndex[e.To.Stage]
		if from == to || jumps[e] {
			continue
		}
		a := &composedArrow{edge: e, index: k, curved: d.Curved, width: e.Width}
		a.label = composeLabel(e, t)
		gaps[from] = append(gaps[from], a)
		c.arrows = append(c.arrows, a)
	}

	// In (u, v) coordinates, u along the stages and v across them; page
	// coordinates are (u, v) for columns and (v, u) for rows.
	columns := d.columns()
	uv := func(b box) box {
		if columns {
			return b
		}
		return box{b.y0, b.x0, b.y1, b.x1}
	}
	page := func(p point) point {
		if columns {
			return p
		}
		return point{p.y, p.x}
	}
	header := c.tiles[0]
	top := composePad + header.h + composeHeaderGap
	if len(d.Stages) == 0 {
		top = composePad + header.h
	}
	c.at = make([]point, len(c.tiles))
	c.at[0] = point{composePad, composePad}
	w, h := composePad+header.w, top
	// Graphviz may draw outside a stage's box (an arrow curving around
	// touchpoints of a row, say): the stage boxes start level, lowered by
	// the most any tile draws before its box, and neighbouring tiles keep
	// clear of each other's drawing as well as leaving room for labels.
	clusters := make([]box, len(d.Stages)) // in (u, v), tile coordinates
	tileBoxes := make([]box, len(d.Stages))
	level := 0.0
	for i := range d.Stages {
		tile := c.tiles[i+1]
		clusters[i] = uv(tile.boxes["s"+strconv.Itoa(i)])
		tileBoxes[i] = uv(box{0, 0, tile.w, tile.h})
		level = math.Max(level, clusters[i].y0-tileBoxes[i].y0)
	}
	u := 0.0
	stageBox := make([]box, len(d.Stages)) // on the page
	for i := range d.Stages {
		tile := c.tiles[i+1]
		cl, tb := clusters[i], tileBoxes[i]
		if i == 0 {
			u = cl.x0 - tb.x0
		} else {
			u += composeGapSize(gaps[i-1], columns) + overhang(clusters[i-1].x1, tileBoxes[i-1].x1) + overhang(tb.x0, cl.x0)
		}
		// Place the tile so that its stage's box starts at (u, level).
		origin := page(point{u - cl.x0, level - cl.y0})
		origin.x = snap(origin.x + composePad)
		origin.y = snap(origin.y + top)
		c.at[i+1] = origin
		stageBox[i] = tile.boxes["s"+strconv.Itoa(i)].moved(origin)
		u += cl.x1 - cl.x0
		drawn := box{0, 0, tile.w, tile.h}.moved(origin)
		w = math.Max(w, drawn.x1)
		h = math.Max(h, drawn.y1)
	}
	c.w, c.h = math.Ceil(w+composePad), math.Ceil(h+composePad)

	for i, arrows := range gaps {
		if len(arrows) == 0 {
			continue
		}
		// Labels go where neither stage's tile draws.
		from, to := uv(stageBox[i]), uv(stageBox[i+1])
		band0 := from.x1 + overhang(clusters[i].x1, tileBoxes[i].x1)
		band1 := to.x0 - overhang(tileBoxes[i+1].x0, clusters[i+1].x0)
		srcObstacles := c.tiles[i+1].obstacles(c.at[i+1], uv)
		dstObstacles := c.tiles[i+2].obstacles(c.at[i+2], uv)
		srcBox := func(a *composedArrow) box { return uv(c.tiles[i+1].boxes[a.edge.From.Key].moved(c.at[i+1])) }
		dstBox := func(a *composedArrow) box { return uv(c.tiles[i+2].boxes[a.edge.To.Key].moved(c.at[i+2])) }
		// Arrows into one touchpoint (a merge) enter it side by side, in
		// the order of their tails, so that they neither meet in one
		// point nor cross; their figures sit by their tails, where the
		// arrows are still apart. The figures of arrows out of one
		// touchpoint (a branch) sit by their heads.
		into, outOf := map[*Node][]*composedArrow{}, map[*Node]int{}
		for _, a := range arrows {
			into[a.edge.To] = append(into[a.edge.To], a)
			outOf[a.edge.From]++
		}
		slot := map[*composedArrow][2]int{}
		for _, merge := range into {
			sort.SliceStable(merge, func(x, y int) bool {
				bx, by := srcBox(merge[x]), srcBox(merge[y])
				return bx.y0+bx.y1 < by.y0+by.y1
			})
			for k, a := range merge {
				slot[a] = [2]int{k, len(merge)}
			}
		}
		var placed []box
		entered := map[*Node][]box{} // stubs into each touchpoint so far
		for _, a := range arrows {
			dst := dstBox(a)
			obstacles := append(slices.Clip(dstObstacles), entered[a.edge.To]...)
			dv := a.route(srcBox(a), from, to, dst, srcObstacles, obstacles, page, slot[a][0], slot[a][1])
			half := a.width/2 + 1
			entered[a.edge.To] = append(entered[a.edge.To], box{to.x0, dv - half, dst.x0, dv + half})
			if a.label != nil {
				prefer := labelMiddle
				switch merging, branching := len(into[a.edge.To]) > 1, outOf[a.edge.From] > 1; {
				case merging && !branching:
					prefer = labelTail
				case branching && !merging:
					prefer = labelHead
				}
				a.placeLabel(&placed, band0, band1, columns, prefer)
			}
		}
	}
	return c, nil
}

// overhang is how far Graphviz drew a tile beyond its stage's box on one
// side, the margin it always leaves aside: inner and outer are the box's
// and the tile's edge, outer further out.
func overhang(inner, outer float64) float64 {
	return math.Max(0, math.Abs(outer-inner)-composeSlack)
}

// snap rounds v to the composition grid.
func snap(v float64) float64 { return math.Round(v/composeGrid) * composeGrid }

// composeGapSize is the room between two stages along the stage axis: at
// least composeMinGap, and the widest figure label with room either side.
func composeGapSize(arrows []*composedArrow, columns bool) float64 {
	g := float64(composeMinGap)
	for _, a := range arrows {
		if a.label == nil {
			continue
		}
		size := a.label.box.x1 - a.label.box.x0
		if !columns {
			size = a.label.box.y1 - a.label.box.y0
		}
		g = math.Max(g, size+2*composeLabelGap)
	}
	return math.Ceil(g)
}

// route runs the arrow, in (u, v) coordinates: out of the side of src
// facing the next stage to the edge of its stage, across to the facing
// edge of the next stage, into dst. Each stub runs level, at the middle of
// its touchpoint's side if it crosses nothing drawn there (obstacles:
// other touchpoints, figures of arrows inside the stage), else at the
// nearest level that does. page maps (u, v) to the page. The arrow is
// number slot of slots that enter dst: they share its side evenly.
// route returns the level at which the arrow enters dst.
func (a *composedArrow) route(src, from, to, dst box, srcObstacles, dstObstacles []box, page func(point) point, slot, slots int) float64 {
	sv := a.level(src, src.x1, from.x1, srcObstacles, 0)
	off := 0.0
	if slots > 1 {
		// Evenly along the straight part of the side, at most a
		// comfortable step apart.
		span := math.Max(0, (dst.y1-dst.y0)-12-a.width)
		step := math.Min(composeMergeStep, span/float64(slots-1))
		off = (float64(slot) - float64(slots-1)/2) * step
	}
	dv := a.level(dst, to.x0, dst.x0, dstObstacles, off)
	// The head, as Graphviz draws it at arrowsize 0.8, growing with the
	// pen so that a wide arrow still ends in a visible point.
	length := 8 + a.width*0.8
	spread := 3 + a.width*0.6
	base := point{dst.x0 - length, dv}
	// A head longer than the stub into the touchpoint starts where the
	// crossing ends.
	in := math.Min(to.x0, base.x)
	a.from = page(point{src.x1, sv})
	a.out = page(point{from.x1, sv})
	a.in = page(point{in, dv})
	a.to = page(point{dst.x0, dv})
	half := (in - from.x1) / 2
	a.c1 = page(point{from.x1 + half, sv})
	a.c2 = page(point{in - half, dv})
	a.end = page(base)
	a.head = []point{page(point{base.x, dv - spread}), page(point{dst.x0, dv}), page(point{base.x, dv + spread})}
	return dv
}

// composeStubStep is the step in points between the levels a stub tries.
const composeStubStep = 3

// composeMergeStep is the most room in points between arrows that enter
// one touchpoint side by side.
const composeMergeStep = 14

// level picks the level of a stub from u0 to u1 beside the side of box n:
// off from the middle of the side, or the level nearest to that at which
// the stub overlaps none of the obstacles; that level if there is none.
func (a *composedArrow) level(n box, u0, u1 float64, obstacles []box, off float64) float64 {
	half := a.width/2 + 2
	// Keep clear of the rounded corners.
	room := (n.y1-n.y0)/2 - 6 - a.width/2
	mid := (n.y0+n.y1)/2 + math.Max(-room, math.Min(room, off))
	lo, hi := (n.y0+n.y1)/2-room, (n.y0+n.y1)/2+room
	for off := 0.0; off <= 2*room; off += composeStubStep {
		for _, v := range []float64{mid + off, mid - off} {
			if v < lo || v > hi {
				continue
			}
			stub := box{math.Min(u0, u1), v - half, math.Max(u0, u1), v + half}
			free := true
			for _, o := range obstacles {
				if o != n && stub.overlaps(o) {
					free = false
					break
				}
			}
			if free {
				return v
			}
		}
	}
	return mid
}

// at is the point at t in [0, 1] along the crossing between the stages.
func (a *composedArrow) at(t float64) point {
	if !a.curved {
		return point{a.out.x + (a.in.x-a.out.x)*t, a.out.y + (a.in.y-a.out.y)*t}
	}
	s := 1 - t
	return point{
		s*s*s*a.out.x + 3*s*s*t*a.c1.x + 3*s*t*t*a.c2.x + t*t*t*a.in.x,
		s*s*s*a.out.y + 3*s*s*t*a.c1.y + 3*s*t*t*a.c2.y + t*t*t*a.in.y,
	}
}

// atU is the point of the crossing at u along the stage axis (x for
// columns, y for rows), where the crossing advances steadily.
func (a *composedArrow) atU(u float64, columns bool) point {
	main := func(p point) float64 {
		if columns {
			return p.x
		}
		return p.y
	}
	lo, hi := 0.0, 1.0
	for range 40 {
		mid := (lo + hi) / 2
		if main(a.at(mid)) < u {
			lo = mid
		} else {
			hi = mid
		}
	}
	return a.at((lo + hi) / 2)
}

// Where along the crossing an arrow's figures go first.
type labelPlace int

const (
	labelMiddle labelPlace = iota
	labelTail              // by the arrow's tail, for arrows that merge
	labelHead              // by its head, for arrows that branch
)

// placeLabel centres the label on the crossing within the band [band0,
// band1] of the stage axis: at the preferred place if no earlier label of
// the gap is there, else at the first of a few other places along the band
// that is free.
func (a *composedArrow) placeLabel(placed *[]box, band0, band1 float64, columns bool, prefer labelPlace) {
	l := a.label
	w, h := l.box.x1-l.box.x0, l.box.y1-l.box.y0
	size := w
	if !columns {
		size = h
	}
	mid, room := (band0+band1)/2, math.Max(0, (band1-band0-size)/2)
	var first box
	offs := []float64{0, -1, 1, -0.5, 0.5}
	switch prefer {
	case labelTail:
		offs = []float64{-1, -0.5, 0, 0.5, 1}
	case labelHead:
		offs = []float64{1, 0.5, 0, -0.5, -1}
	}
	for i, off := range offs {
		p := a.atU(mid+off*room, columns)
		b := box{p.x - w/2, p.y - h/2, p.x + w/2, p.y + h/2}
		if i == 0 {
			first = b
		}
		free := true
		for _, o := range *placed {
			if b.overlaps(o) {
				free = false
				break
			}
		}
		if free {
			l.box = b
			*placed = append(*placed, b)
			return
		}
	}
	l.box = first
	*placed = append(*placed, first)
}

// composeLabel is the figures of an arrow between stages: its conversion in
// bold over its users, as in the arrows Graphviz labels; nil without data.
func composeLabel(e *Edge, t *Theme) *composedLabel {
	var lines []composedLine
	if e.Conversion != "" {
		lines = append(lines, composedLine{text: e.Conversion, bold: true, color: t.Text, size: t.SmallSize})
	}
	if e.Users != "" {
		lines = append(lines, composedLine{text: e.Users, color: t.Muted, size: t.SmallSize})
	}
	if len(lines) == 0 {
		return nil
	}
	w, y := 0.0, float64(composeLabelPad)
	for i := range lines {
		l := &lines[i]
		w = math.Max(w, textWidth(l.text, l.size, l.bold))
		// Graphviz's line height is 1.2 times the size, the baseline
		// about 0.9 of it down.
		l.baseline = y + l.size*0.95
		y += l.size * 1.2
	}
	return &composedLabel{box: box{0, 0, math.Ceil(w + 2*composeLabelPad), math.Ceil(y + composeLabelPad)}, lines: lines}
}

// textWidth estimates the width in points of s in Arial (Helvetica's
// metrics) at the size: exact for the figures that label arrows, an
// average width for anything else.
func textWidth(s string, size float64, bold bool) float64 {
	var em float64
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r == '$', r == '–':
			em += 0.556
		case r == ',' || r == '.' || r == ' ':
			em += 0.278
		case r == '%':
			em += 0.889
		case r >= 'A' && r <= 'Z':
			em += 0.722
		default:
			em += 0.556
		}
	}
	if bold {
		em *= 1.05
	}
	return em * size
}

// svgNum formats a coordinate with at most two decimals.
func svgNum(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

// svgText escapes text for SVG content and attribute values; a line
// break stays one (in a tooltip).
func svgText(s string) string { return xmlText(s, "&#10;") }

// xmlText escapes s for XML content and attribute values: markup
// characters and quotes become entities, a line break becomes nl, and other
// control characters, which XML forbids, become spaces.
func xmlText(s, nl string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\'':
			b.WriteString("&#39;")
		case r == '\n':
			b.WriteString(nl)
		case r < 0x20 || r == 0x7f || r == 0xfffe || r == 0xffff:
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// A Tile is what composing needs of one tile as Graphviz drew it in SVG:
// its size, its drawing, and where its stage, touchpoints and arrows are.
type Tile struct{ svg *tileSVG }

// ReadTile reads tile i of the diagram (in the order of Tiles: the header,
// then each stage) from Graphviz's SVG of it, and places the figures of
// the arrows inside the stage (see placeFigures) in the theme the tiles
// were made in. Tiles can be read one by one as Graphviz draws them, at
// the same time.
func ReadTile(d *Model, t *Theme, i int, svg []byte) (*Tile, error) {
	if i < 0 || i > len(d.Stages) {
		return nil, fmt.Errorf("expected a tile from 0 to %d, found %d", len(d.Stages), i)
	}
	var want []string
	if i > 0 {
		s := d.Stages[i-1]
		want = append(want, "s"+strconv.Itoa(i-1))
		for _, n := range s.Nodes {
			want = append(want, n.Key)
		}
	}
	tile, err := parseTileSVG(tileID(i), svg, want)
	if err != nil {
		return nil, err
	}
	if i > 0 {
		if t == nil {
			t = ThemeDefault
		}
		placeFigures(tile, i-1, d, t, dotJumps(d))
	}
	return &Tile{tile}, nil
}

// readTiles reads every tile of the diagram.
func readTiles(d *Model, t *Theme, svgs [][]byte) ([]*Tile, error) {
	if len(svgs) != len(d.Stages)+1 {
		return nil, fmt.Errorf("expected %d tiles, found %d", len(d.Stages)+1, len(svgs))
	}
	tiles := make([]*Tile, len(svgs))
	for i, svg := range svgs {
		tile, err := ReadTile(d, t, i, svg)
		if err != nil {
			return nil, err
		}
		tiles[i] = tile
	}
	return tiles, nil
}

// figureSVGBytes is room enough for the SVG of an arrow's figures (the
// group, its box and two lines of text), to size the picture's buffer.
const figureSVGBytes = 512

// ComposeSVG writes the picture from the SVG Graphviz drew of each tile
// (in the order of Tiles): the tiles in place, then the arrows between
// stages, then their figures on top.
func ComposeSVG(d *Model, t *Theme, svgs [][]byte) ([]byte, error) {
	tiles, err := readTiles(d, t, svgs)
	if err != nil {
		return nil, err
	}
	return ComposeSVGTiles(d, t, tiles)
}

// ComposeSVGTiles is ComposeSVG of tiles already read (see ReadTile) in
// the same theme.
func ComposeSVGTiles(d *Model, t *Theme, tiles []*Tile) ([]byte, error) {
	if t == nil {
		t = ThemeDefault
	}
	c, err := compose(d, t, tiles)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	// The tiles make most of the picture: one allocation instead of a
	// buffer doubled a dozen times.
	size := 64 << 10
	for _, tile := range c.tiles {
		size += len(tile.body[0]) + len(tile.body[1]) + len(tile.figures)*figureSVGBytes
	}
	size += len(c.arrows) * 2 * figureSVGBytes
	b.Grow(size)
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	p("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n")
	p("<svg width=\"%spt\" height=\"%spt\" viewBox=\"0 0 %s %s\" xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n",
		svgNum(c.w), svgNum(c.h), svgNum(c.w), svgNum(c.h))
	p("<title>%s</title>\n", svgText(d.Title))
	p("<rect width=\"100%%\" height=\"100%%\" fill=\"%s\"/>\n", t.Background)
	for i, tile := range c.tiles {
		p("<g transform=\"translate(%s %s)\">\n%s%s\n</g>\n", svgNum(c.at[i].x), svgNum(c.at[i].y), tile.body[0], tile.body[1])
	}
	for _, a := range c.arrows {
		p("<g id=\"e%d\" class=\"edge\">\n<title>%s</title>\n", a.index, svgText(edgeTip(a.edge)))
		var path string
		if a.curved {
			path = fmt.Sprintf("M%s,%s L%s,%s C%s,%s %s,%s %s,%s L%s,%s",
				svgNum(a.from.x), svgNum(a.from.y), svgNum(a.out.x), svgNum(a.out.y),
				svgNum(a.c1.x), svgNum(a.c1.y), svgNum(a.c2.x), svgNum(a.c2.y), svgNum(a.in.x), svgNum(a.in.y),
				svgNum(a.end.x), svgNum(a.end.y))
		} else {
			path = fmt.Sprintf("M%s,%s L%s,%s L%s,%s L%s,%s",
				svgNum(a.from.x), svgNum(a.from.y), svgNum(a.out.x), svgNum(a.out.y),
				svgNum(a.in.x), svgNum(a.in.y), svgNum(a.end.x), svgNum(a.end.y))
		}
		p("<path fill=\"none\" stroke=\"%s\" stroke-width=\"%s\" stroke-linejoin=\"round\" d=\"%s\"/>\n", t.Edge, svgNum(a.width), path)
		pts := make([]string, len(a.head))
		for i, q := range a.head {
			pts[i] = svgNum(q.x) + "," + svgNum(q.y)
		}
		p("<polygon fill=\"%s\" stroke=\"%s\" stroke-width=\"1\" stroke-linejoin=\"round\" points=\"%s\"/>\n</g>\n", t.Edge, t.Edge, strings.Join(pts, " "))
	}
	label := func(l *composedLabel, b box) {
		p("<g class=\"edge-label\">\n<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" rx=\"2\" fill=\"%s\"/>\n",
			svgNum(b.x0), svgNum(b.y0), svgNum(b.x1-b.x0), svgNum(b.y1-b.y0), t.Background)
		for _, line := range l.lines {
			weight := ""
			if line.bold {
				weight = ` font-weight="bold"`
			}
			p("<text text-anchor=\"middle\" x=\"%s\" y=\"%s\" font-family=\"%s\"%s font-size=\"%s\" fill=\"%s\">%s</text>\n",
				svgNum((b.x0+b.x1)/2), svgNum(b.y0+line.baseline), svgText(t.Font), weight, svgNum(line.size), line.color, svgText(line.text))
		}
		p("</g>\n")
	}
	for i, tile := range c.tiles {
		for _, l := range tile.figures {
			label(l, l.box.moved(c.at[i]))
		}
	}
	for _, a := range c.arrows {
		if a.label != nil {
			label(a.label, a.label.box)
		}
	}
	p("</svg>\n")
	return b.Bytes(), nil
}
