package diagram

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Reading Graphviz's SVG of a tile: only what the composition needs, from
// SVG that journey's own tile DOT made Graphviz write.

// tileSVG is one tile as Graphviz drew it in SVG.
type tileSVG struct {
	id   string
	w, h float64 // the size in points
	// body is the tile's graph group, drawn with its top-left corner at
	// (0, 0).
	body [2]string // the group is body[0] then body[1]
	// boxes are the bounding boxes of the stage cluster and touchpoints,
	// by id, in the tile's coordinates.
	boxes map[string]box
	// labels are the boxes of the stage's label.
	labels []box
	// paths are points along each arrow's line, by id, in the tile's
	// coordinates, from tail to head.
	paths map[string][]point
	// figures are the figures of the arrows inside the tile, placed when
	// the tile is read (see placeFigures).
	figures []*composedLabel
}

// obstacles are what a stub must not cross in the tile placed at p: the
// touchpoints, the stage's label and the figures of the arrows.
func (t *tileSVG) obstacles(p point, uv func(box) box) []box {
	var out []box
	for id, b := range t.boxes {
		if !strings.HasPrefix(id, "s") {
			out = append(out, uv(b.moved(p)))
		}
	}
	for _, b := range t.labels {
		out = append(out, uv(b.moved(p)))
	}
	for _, f := range t.figures {
		out = append(out, uv(f.box.moved(p)))
	}
	// Map order would make ties between equal boxes vary; sort.
	slices.SortFunc(out, func(a, b box) int {
		return cmp.Or(cmp.Compare(a.x0, b.x0), cmp.Compare(a.y0, b.y0), cmp.Compare(a.x1, b.x1), cmp.Compare(a.y1, b.y1))
	})
	return out
}

// parseTileSVG reads what the composition needs from Graphviz's SVG of
// tile id: its size, its graph group, and the boxes of the elements with
// the wanted ids (each box from the element's first path or polygon, the
// outline of a cluster or of a touchpoint's rounded box).
func parseTileSVG(id string, svg []byte, want []string) (*tileSVG, error) {
	s := string(svg)
	fail := func(what string) (*tileSVG, error) {
		return nil, fmt.Errorf("cannot read tile %s from graphviz's svg: %s", id, what)
	}
	vb, ok := attrAfter(s, "<svg", "viewBox")
	if !ok {
		return fail("no viewBox")
	}
	v := numbers(vb)
	if len(v) != 4 {
		return fail("viewBox " + strconv.Quote(vb))
	}
	start := strings.Index(s, `<g id="`+id+`" class="graph"`)
	end := strings.LastIndex(s, "</svg>")
	if start < 0 || end < start {
		return fail("no graph group")
	}
	tr, ok := attrAfter(s[start:], "<g", "transform")
	i := strings.Index(tr, "translate(")
	if !ok || i < 0 {
		return fail("no translation")
	}
	tv := numbers(tr[i:])
	if len(tv) != 2 {
		return fail("translation " + strconv.Quote(tr))
	}
	t := &tileSVG{id: id, w: v[2], h: v[3], boxes: map[string]box{}, paths: map[string][]point{}}
	body := strings.TrimSpace(s[start:end])
	// The graph's title would show as a tooltip all over the tile. Cut
	// out, not replaced: a copy of a whole tile costs more than the rest
	// of its reading.
	t.body = [2]string{body, ""}
	if title := "<title>" + id + "</title>\n"; strings.Contains(body, title) {
		pre, post, _ := strings.Cut(body, title)
		t.body = [2]string{pre, post}
	}
	for _, w := range want {
		j := strings.Index(s, `<g id="`+w+`" class=`)
		if j < 0 {
			return fail("no element " + w)
		}
		rest := elementGroup(s[j:])
		shapes := shapeBoxes(rest, tv[0], tv[1])
		if len(shapes) == 0 {
			return fail("no outline of " + w)
		}
		b := shapes[0]
		t.boxes[w] = b
		if strings.Contains(rest, `class="cluster"`) {
			// The stage's label (name, figures, KPI badges) is in the
			// way of arrows into a row from above: its texts, and the
			// shapes after the stage's outline.
			t.labels = append(t.labels, textBoxes(rest, tv[0], tv[1])...)
			t.labels = append(t.labels, shapes[1:]...)
		}
	}
	// Each arrow's line is its group's first path.
	const open, edge = `<g id="`, `" class="edge">`
	for i := start; ; {
		k := strings.Index(s[i:], edge)
		if k < 0 {
			break
		}
		k += i
		if g := strings.LastIndex(s[i:k], open); g >= 0 {
			if d, ok := attrAfter(elementGroup(s[k:]), "<path", "d"); ok {
				t.paths[s[i+g+len(open):k]] = samplePath(numbers(d), tv[0], tv[1])
			}
		}
		i = k + len(edge)
	}
	return t, nil
}

// samplePath is points along a path of cubic Bézier curves, as Graphviz
// writes an arrow's line (a start point, then three points a curve), moved
// by (dx, dy).
func samplePath(n []float64, dx, dy float64) []point {
	const steps = 8
	if len(n) < 2 {
		return nil
	}
	out := []point{{n[0] + dx, n[1] + dy}}
	for k := 2; k+6 <= len(n); k += 6 {
		p0 := point{n[k-2], n[k-1]}
		c1, c2, p3 := point{n[k], n[k+1]}, point{n[k+2], n[k+3]}, point{n[k+4], n[k+5]}
		for j := 1; j <= steps; j++ {
			u := float64(j) / steps
			a, b, c, e := (1-u)*(1-u)*(1-u), 3*u*(1-u)*(1-u), 3*u*u*(1-u), u*u*u
			out = append(out, point{a*p0.x + b*c1.x + c*c2.x + e*p3.x + dx, a*p0.y + b*c1.y + c*c2.y + e*p3.y + dy})
		}
	}
	return out
}

// textBoxes estimates the boxes of the text elements in s, moved by (dx, dy).
func textBoxes(s string, dx, dy float64) []box {
	var out []box
	for _, text := range strings.Split(s, "<text ")[1:] {
		tag, rest, ok := strings.Cut(text, ">")
		if !ok {
			continue
		}
		content, _, _ := strings.Cut(rest, "</text>")
		x, okx := attrAfter("<text "+tag+">", "<text", "x")
		y, oky := attrAfter("<text "+tag+">", "<text", "y")
		size, oks := attrAfter("<text "+tag+">", "<text", "font-size")
		xs, ys, ss := numbers(x), numbers(y), numbers(size)
		if !okx || !oky || !oks || len(xs) != 1 || len(ys) != 1 || len(ss) != 1 {
			continue
		}
		w := textWidth(content, ss[0], strings.Contains(tag, `font-weight="bold"`))
		x0 := xs[0]
		switch {
		case strings.Contains(tag, `text-anchor="middle"`):
			x0 -= w / 2
		case strings.Contains(tag, `text-anchor="end"`):
			x0 -= w
		}
		out = append(out, box{x0 + dx, ys[0] - ss[0] + dy, x0 + w + dx, ys[0] + ss[0]*0.25 + dy})
	}
	return out
}

// shapeBoxes are the boxes of the paths and polygons in s, in order, moved
// by (dx, dy).
func shapeBoxes(s string, dx, dy float64) []box {
	var out []box
	for i := 0; ; {
		p, q := strings.Index(s[i:], "<path "), strings.Index(s[i:], "<polygon ")
		var coords string
		var ok bool
		switch {
		case p >= 0 && (q < 0 || p < q):
			coords, ok = attrAfter(s[i+p:], "<path", "d")
			i += p + 1
		case q >= 0:
			coords, ok = attrAfter(s[i+q:], "<polygon", "points")
			i += q + 1
		default:
			return out
		}
		if b, found := bounds(numbers(coords), dx, dy); ok && found {
			out = append(out, b)
		}
	}
}

// elementGroup cuts s, which starts with an element's group (a node, an
// arrow, a cluster), before the next element's group.
func elementGroup(s string) string {
	for i := 1; ; {
		k := strings.Index(s[i:], `<g id="`)
		if k < 0 {
			return s
		}
		tag, _, _ := strings.Cut(s[i+k:], ">")
		if strings.Contains(tag, ` class="`) {
			return s[:i+k]
		}
		i += k + 1
	}
}

// bounds is the bounding box of the coordinate pairs in n, moved by (dx,
// dy); false without a pair.
func bounds(n []float64, dx, dy float64) (box, bool) {
	if len(n) < 2 || len(n)%2 != 0 {
		return box{}, false
	}
	b := box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for k := 0; k < len(n); k += 2 {
		x, y := n[k]+dx, n[k+1]+dy
		b = box{math.Min(b.x0, x), math.Min(b.y0, y), math.Max(b.x1, x), math.Max(b.y1, y)}
	}
	return b, true
}

// attrAfter returns the value of attribute name in the first element that
// starts with tag in s.
func attrAfter(s, tag, name string) (string, bool) {
	i := strings.Index(s, tag)
	if i < 0 {
		return "", false
	}
	s = s[i:]
	if e := strings.IndexByte(s, '>'); e >= 0 {
		s = s[:e]
	}
	k := strings.Index(s, " "+name+`="`)
	if k < 0 {
		k = strings.Index(s, "\n"+name+`="`)
	}
	if k < 0 {
		return "", false
	}
	s = s[k+len(name)+3:]
	e := strings.IndexByte(s, '"')
	if e < 0 {
		return "", false
	}
	return s[:e], true
}

// numbers are the decimal numbers in s, in order.
func numbers(s string) []float64 {
	var out []float64
	for i := 0; i < len(s); {
		c := s[i]
		if c != '-' && c != '.' && (c < '0' || c > '9') {
			i++
			continue
		}
		j := i + 1
		for j < len(s) && (s[j] == '.' || s[j] >= '0' && s[j] <= '9') {
			j++
		}
		if v, err := strconv.ParseFloat(s[i:j], 64); err == nil {
			out = append(out, v)
		}
		i = j
	}
	return out
}
