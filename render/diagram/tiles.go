package diagram

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Tiles cuts the picture into graphs that Graphviz lays out alone: first
// the header (title, legend, KPIs), then one per stage with its touchpoints
// and the arrows inside it. ComposeSVG and ComposePNG place the laid-out
// tiles and draw the arrows from each stage into the next.
//
// Why tiles: every arrow either stays in its stage or leads into the next
// one (flows that skip or return are written in their touchpoint, see
// dotJumps), so nothing is lost by laying stages out alone; alone, a stage
// costs Graphviz far less than as part of the whole map, the tiles can be
// laid out on several cores at once, and stage columns start level.
//
// Elements that the composition looks up carry SVG ids: the tile's graph
// (tileID), each stage cluster ("s" and its index), touchpoints (their
// key) and arrows ("e" and their index in d.Edges).
func Tiles(d *Model, t *Theme) [][]byte {
	if t == nil {
		t = ThemeDefault
	}
	tiles := make([][]byte, 0, len(d.Stages)+1)
	tiles = append(tiles, tileHeader(d, t))
	jumps := dotJumps(d)
	for i, s := range d.Stages {
		tiles = append(tiles, tileStage(i, s, d, t, jumps))
	}
	return tiles
}

// tileID is the SVG id of tile i's graph: "header", "stage0", "stage1", ...
func tileID(i int) string {
	if i == 0 {
		return "header"
	}
	return "stage" + strconv.Itoa(i-1)
}

func tileHeader(d *Model, t *Theme) []byte {
	var b bytes.Buffer
	p := dotPrinter(func(format string, a ...any) { fmt.Fprintf(&b, format, a...) })
	p("digraph header {\n")
	p("  graph [id=%s, bgcolor=%s, pad=0];\n", dotQuote(tileID(0)), dotQuote(t.Background))
	p("  node [shape=plaintext, margin=0, fontname=%s, fontsize=14, fontcolor=%s];\n", dotQuote(t.Font), dotQuote(t.Text))
	p("  title [id=\"title\", label=<%s>, tooltip=%s];\n", dotHeader(d, t), dotQuote(d.Title))
	p("}\n")
	return b.Bytes()
}

func tileStage(i int, s *Stage, d *Model, t *Theme, jumps map[*Edge]bool) []byte {
	var b bytes.Buffer
	p := dotPrinter(func(format string, a ...any) { fmt.Fprintf(&b, format, a...) })
	id := tileID(i + 1)
	p("digraph %s {\n", id)
	// A stage alone is laid out as a column, its touchpoints on successive
	// ranks in flow order: top to bottom for stage columns, left to right
	// for stage rows (where the whole map's DOT puts a row's touchpoints on
	// one rank, and an arrow past a touchpoint would run through it).
	rankdir := "TB"
	if !d.columns() {
		rankdir = "LR"
	}
	p("  graph [id=%s, rankdir=%s, splines=%s, bgcolor=%s, fontname=%s, fontcolor=%s, pad=0, nodesep=0.6, ranksep=%s];\n",
		dotQuote(id), rankdir, dotSplines(d, true), dotQuote(t.Background), dotQuote(t.Font), dotQuote(t.Text), dotNum(tileRankSep(s, d, t, jumps)))
	dotWriteDefaults(p, t)
	dotWriteStage(p, i, s, d, t, jumps, "s", false)
	for k, e := range d.Edges {
		if e.From.Stage != s || e.To.Stage != s || jumps[e] {
			continue
		}
		// The figures are not a label: journey places them itself when
		// it composes the picture (see placeFigures). As labels they
		// would double the ranks Graphviz lays out, and cost it more
		// than the rest of the stage.
		attrs := append([]string{"id=" + dotQuote("e"+strconv.Itoa(k))}, dotEdgeAttrs(e, d, true, t, false)...)
		p("  %s -> %s [%s];\n", e.From.Key, e.To.Key, strings.Join(attrs, ", "))
	}
	p("}\n")
	return b.Bytes()
}

// tileRankSep is the distance in inches between the ranks of stage s's
// tile: wide enough for the figures of any arrow inside the stage, which
// sit in the gap beside their arrow (see placeFigures): as tall as the
// figures down a column, as wide as them along a row.
func tileRankSep(s *Stage, d *Model, t *Theme, jumps map[*Edge]bool) float64 {
	sep := 0.5 * 72
	for _, e := range d.Edges {
		if e.From.Stage != s || e.To.Stage != s || jumps[e] {
			continue
		}
		l := composeLabel(e, t)
		if l == nil {
			continue
		}
		size := l.box.y1 - l.box.y0
		if !d.columns() {
			size = l.box.x1 - l.box.x0
		}
		sep = math.Max(sep, size+2*figureGap)
	}
	return math.Ceil(sep/72*100) / 100
}
