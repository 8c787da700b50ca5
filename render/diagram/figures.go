package diagram

import (
	"math"
	"slices"
	"strconv"
)

// figureGap is the space in points between an arrow's figures and the
// line of the arrow, and above and below them in a gap between ranks.
const figureGap = 6

// placeFigures places the figures of the arrows inside stage i (tile
// i+1), in the tile's coordinates, as the tile's figures. ReadTile places
// them as soon as a tile is read. Graphviz lays the stage out without them (see tileStage), with
// gaps between its ranks wide enough for them (see tileRankSep): each sits
// in the first gap its arrow crosses, beside the arrow (right of it down a
// column, above it along a row), or on the other side where that is taken;
// it keeps clear of touchpoints, other arrows and figures, and stays in
// the stage's box.
func placeFigures(tile *tileSVG, i int, d *Model, t *Theme, jumps map[*Edge]bool) {
	s := d.Stages[i]
	columns := d.columns()
	// (u, v): v along the tile's ranks (down a column, along a row), u
	// across them.
	uv := func(b box) box {
		if columns {
			return b
		}
		return box{b.y0, b.x0, b.y1, b.x1}
	}
	tile.figures = nil
	nodes := make([]box, 0, len(s.Nodes))
	for _, n := range s.Nodes {
		nodes = append(nodes, uv(tile.boxes[n.Key]))
	}
	stage := uv(tile.boxes["s"+strconv.Itoa(i)])
	taken := make([]box, 0, len(tile.labels))
	for _, b := range tile.labels {
		taken = append(taken, uv(b))
	}
	lines := map[*Edge][]point{}
	for k, e := range d.Edges {
		if e.From.Stage != s || e.To.Stage != s || jumps[e] {
			continue
		}
		pts := tile.paths["e"+strconv.Itoa(k)]
		if !columns {
			pts = slices.Clone(pts)
			for j, p := range pts {
				pts[j] = point{p.y, p.x}
			}
		}
		lines[e] = pts
	}
	for _, e := range d.Edges {
		pts, ok := lines[e]
		l := composeLabel(e, t)
		if !ok || l == nil || len(pts) == 0 {
			continue
		}
		from, to := uv(tile.boxes[e.From.Key]), uv(tile.boxes[e.To.Key])
		g0, g1 := rankGap(nodes, from, (to.y0+to.y1)/2 < (from.y0+from.y1)/2)
		// The label's extent across the ranks (du) and along them (dv).
		du, dv := l.box.x1-l.box.x0, l.box.y1-l.box.y0
		if !columns {
			du, dv = dv, du
		}
		free := func(b box) bool {
			if b.x0 < stage.x0+figureGap/2 || b.x1 > stage.x1-figureGap/2 || b.y0 < stage.y0 || b.y1 > stage.y1 {
				return false
			}
			for _, o := range nodes {
				if b.overlaps(o) {
					return false
				}
			}
			for _, o := range taken {
				if b.overlaps(o) {
					return false
				}
			}
			for other, line := range lines {
				if other == e {
					continue
				}
				for _, p := range line {
					if p.x > b.x0-other.Width/2 && p.x < b.x1+other.Width/2 && p.y > b.y0 && p.y < b.y1 {
						return false
					}
				}
			}
			return true
		}
		var first box
		found := false
		for n, at := range []float64{0.5, 0.3, 0.7} {
			v := g0 + (g1-g0)*at
			p := nearestAlong(pts, v)
			off := e.Width/2 + figureGap/2
			// Right of a column's arrow first, as Graphviz put them;
			// above a row's.
			sides := []box{{p.x + off, v - dv/2, p.x + off + du, v + dv/2}, {p.x - off - du, v - dv/2, p.x - off, v + dv/2}}
			if !columns {
				sides[0], sides[1] = sides[1], sides[0]
			}
			for m, b := range sides {
				if n == 0 && m == 0 {
					first = b
				}
				if free(b) {
					first, found = b, true
					break
				}
			}
			if found {
				break
			}
		}
		taken = append(taken, first)
		l.box = uv(first) // the swap is its own inverse
		tile.figures = append(tile.figures, l)
	}
}

// rankGap is the gap between the rank of touchpoint box from and the next
// rank (the one before when up), along v, among the stage's touchpoints.
func rankGap(nodes []box, from box, up bool) (g0, g1 float64) {
	mid := (from.y0 + from.y1) / 2
	g0, g1 = from.y1, math.Inf(1)
	if up {
		g0, g1 = from.y0, math.Inf(-1)
	}
	for _, n := range nodes {
		c := (n.y0 + n.y1) / 2
		switch {
		case math.Abs(c-mid) < 1 && !up:
			g0 = math.Max(g0, n.y1)
		case math.Abs(c-mid) < 1:
			g0 = math.Min(g0, n.y0)
		case c > mid && !up:
			g1 = math.Min(g1, n.y0)
		case c < mid && up:
			g1 = math.Max(g1, n.y1)
		}
	}
	if math.IsInf(g1, 0) {
		g1 = g0 + 2*figureGap
		if up {
			g1 = g0 - 2*figureGap
		}
	}
	return g0, g1
}

// nearestAlong is the point of the line nearest to v along the ranks.
func nearestAlong(line []point, v float64) point {
	best := line[0]
	for _, p := range line[1:] {
		if math.Abs(p.y-v) < math.Abs(best.y-v) {
			best = p
		}
	}
	return best
}
