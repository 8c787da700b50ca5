package diagram

import (
	"math"
	"strings"
)

// canvasLayout is the canvas as shapes in paint order, in points, y down:
// every position, size, line break and colour decided, so that the SVG
// and PNG writers only draw.
type canvasLayout struct {
	w, h   float64
	bg     string
	shapes []canvasShape
}

type shapeKind int

const (
	shapeRect shapeKind = iota
	shapeText
	shapePath
	shapeCircle
	shapeLine
	// shapeGroup opens a group (SVG <g>) with id and class; shapeEnd
	// closes it. PNG ignores both.
	shapeGroup
	shapeEnd
)

// Text anchors.
const (
	anchorStart = iota
	anchorMiddle
	anchorEnd
)

type canvasShape struct {
	kind shapeKind
	// A rectangle's or circle's box (a circle's centre is its middle); a
	// line from (x, y) to (x+w, y+h).
	x, y, w, h float64
	radius     float64
	fill       string // "" for none
	stroke     string // "" for none
	pen        float64
	dashed     bool
	// Text: baseline at y, x by anchor.
	text   string
	size   float64
	bold   bool
	anchor int
	// A path: subpaths, each a start and cubic segments (c1, c2, end).
	path [][]point
	// SVG only: id, class and tooltip.
	id, class, title string
}

// canvasMetrics are the canvas's sizes for a theme: the high-contrast
// theme's larger type makes every column and lane larger with it.
type canvasMetrics struct {
	pad, gap               float64
	note, name, small      float64 // font sizes
	line                   float64 // line height per point of font size
	col, label, card       float64 // widths
	cellPad, notePad       float64
	noteGap                float64
	emotionStep, dotRadius float64
	curvePen, gridPen      float64
	maxLines, maxNameLines int
}

func canvasMetricsOf(t *Theme) canvasMetrics {
	note := t.SmallSize + 1
	return canvasMetrics{
		pad: 24, gap: 16,
		note: note, name: t.NameSize, small: t.SmallSize,
		line:        1.25,
		col:         math.Round(note * 10.5),
		label:       math.Round(note * 8.5),
		card:        math.Round(note * 22),
		cellPad:     6,
		notePad:     5,
		noteGap:     4,
		emotionStep: math.Round(note * 1.6),
		dotRadius:   math.Round(t.NodePen*1.5 + 4),
		curvePen:    t.NodePen + 1.5,
		gridPen:     0.75,
		maxLines:    6, maxNameLines: 4,
	}
}

// laneFill is the fill of a lane's notes: pains and opportunities take
// the theme's negative and positive emotion tints, so that they read at a
// glance, and the other lanes the page's background.
func laneFill(t *Theme, lane string) string {
	switch lane {
	case LanePains:
		return t.Emotion[-1]
	case LaneOpportunities:
		return t.Emotion[1]
	case LaneGoals, LaneThoughts:
		return t.StageFill
	}
	return t.Background
}

// canvasBuilder collects the shapes while the layout runs.
type canvasBuilder struct {
	t      *Theme
	m      canvasMetrics
	shapes []canvasShape
}

func (b *canvasBuilder) add(s canvasShape) { b.shapes = append(b.shapes, s) }

func (b *canvasBuilder) group(id, class string) {
	b.add(canvasShape{kind: shapeGroup, id: id, class: class})
}

func (b *canvasBuilder) end() { b.add(canvasShape{kind: shapeEnd}) }

// textBlock adds wrapped lines from top y at x by anchor and returns the
// height they take.
func (b *canvasBuilder) textBlock(lines []string, x, y, size float64, bold bool, color string, anchor int) float64 {
	lh := size * b.m.line
	for i, l := range lines {
		b.add(canvasShape{kind: shapeText, x: x, y: y + float64(i)*lh + size*0.95, text: l, size: size, bold: bold, fill: color, anchor: anchor})
	}
	return float64(len(lines)) * lh
}

func (b *canvasBuilder) blockHeight(lines []string, size float64) float64 {
	return float64(len(lines)) * size * b.m.line
}

// notes lays out a list of texts as notes in a column of the width from
// top y, or only measures them when draw is false; it returns their
// height.
func (b *canvasBuilder) notes(texts []string, x, y, width float64, fill string, draw bool) float64 {
	m := b.m
	h := 0.0
	for i, s := range texts {
		lines := wrap(s, m.note, false, width-2*m.notePad, m.maxLines)
		nh := b.blockHeight(lines, m.note) + 2*m.notePad
		if draw {
			b.add(canvasShape{kind: shapeRect, x: x, y: y + h, w: width, h: nh, radius: 3, fill: fill, stroke: b.t.StageBorder, pen: b.t.StagePen * 0.75})
			b.textBlock(lines, x+m.notePad, y+h+m.notePad, m.note, false, b.t.Text, anchorStart)
		}
		h += nh
		if i < len(texts)-1 {
			h += m.noteGap
		}
	}
	return h
}

// LayoutCanvas is not exported: CanvasSVG and CanvasPNG call it.
func layoutCanvas(c *Canvas, t *Theme) *canvasLayout {
	m := canvasMetricsOf(t)
	b := &canvasBuilder{t: t, m: m}
	var cols []*CanvasTouchpoint
	for _, s := range c.Stages {
		cols = append(cols, s.Touchpoints...)
	}
	gridW := m.label + float64(len(cols))*m.col
	x0 := m.pad
	y := m.pad

	// Title and subtitle.
	b.group("title", "title")
	title := wrap(c.Title, t.TitleSize, true, math.Max(gridW, 2*m.card), 2)
	y += b.textBlock(title, x0, y, t.TitleSize, true, t.Text, anchorStart)
	if c.Subtitle != "" {
		y += 2
		y += b.textBlock(wrap(c.Subtitle, m.note, false, math.Max(gridW, 2*m.card), 2), x0, y, m.note, false, t.Muted, anchorStart)
	}
	y += 6
	y += b.legend(c, x0, y)
	b.end()
	y += m.gap
	width := math.Max(gridW, m.card)

	// Persona cards, left to right, as many to a row as the grid is wide.
	if len(c.Personas) > 0 {
		b.group("personas", "personas")
		perRow := max(1, int((width+m.gap)/(m.card+m.gap)))
		for start := 0; start < len(c.Personas); start += perRow {
			row := c.Personas[start:min(start+perRow, len(c.Personas))]
			h := 0.0
			for _, p := range row {
				h = math.Max(h, b.personaCard(p, 0, 0, false))
			}
			for i, p := range row {
				b.personaCard(p, x0+float64(i)*(m.card+m.gap), y, true)
				_ = h
			}
			y += h + m.gap
		}
		b.end()
	}

	// The grid: the stage header, then the lanes.
	top := y
	colX := func(i int) float64 { return x0 + m.label + float64(i)*m.col }
	type span struct{ first, n int }
	spans := make([]span, len(c.Stages))
	k := 0
	for i, s := range c.Stages {
		spans[i] = span{k, len(s.Touchpoints)}
		k += len(s.Touchpoints)
	}
	spanW := func(i int) float64 { return float64(spans[i].n) * m.col }

	// Stage header.
	headH := 0.0
	heads := make([][]string, len(c.Stages))
	for i, s := range c.Stages {
		heads[i] = wrap(s.Name, m.name, true, spanW(i)-2*m.cellPad, 3)
		headH = math.Max(headH, b.blockHeight(heads[i], m.name))
	}
	headH += 2 * m.cellPad
	b.group("stages", "stages")
	for i := range c.Stages {
		x := colX(spans[i].first)
		b.add(canvasShape{kind: shapeRect, x: x, y: y, w: spanW(i), h: headH, fill: t.StageFill, stroke: t.StageBorder, pen: t.StagePen})
		b.textBlock(heads[i], x+spanW(i)/2, y+m.cellPad, m.name, true, t.Text, anchorMiddle)
	}
	b.end()
	y += headH

	type laneRow struct {
		lane string
		y, h float64
	}
	var rows []laneRow
	for _, lane := range c.Lanes {
		h := b.laneHeight(c, lane, spanW)
		rows = append(rows, laneRow{lane, y, h})
		y += h
	}
	bottom := y

	// Lane backgrounds and titles, then the grid lines, then the cells.
	for _, r := range rows {
		b.group("lane-"+r.lane, "lane lane-"+r.lane)
		b.add(canvasShape{kind: shapeRect, x: x0, y: r.y, w: m.label, h: r.h, fill: t.StageFill})
		b.textBlock(wrap(laneTitles[r.lane], m.note, true, m.label-2*m.cellPad, 2), x0+m.cellPad, r.y+m.cellPad, m.note, true, t.Text, anchorStart)
		// Light lines between the touchpoints of a stage, in the lanes
		// that have a cell per touchpoint.
		if r.lane != LaneGoals && r.lane != LaneFigures {
			for i := range cols {
				if i > 0 {
					b.add(canvasShape{kind: shapeLine, x: colX(i), y: r.y, h: r.h, stroke: t.StageBorder, pen: m.gridPen, dashed: true})
				}
			}
		}
		switch r.lane {
		case LaneGoals:
			for i, s := range c.Stages {
				b.notes(s.Goals, colX(spans[i].first)+m.cellPad, r.y+m.cellPad, spanW(i)-2*m.cellPad, laneFill(t, r.lane), true)
			}
		case LaneFigures:
			for i, s := range c.Stages {
				b.stageFigures(s, colX(spans[i].first)+m.cellPad, r.y+m.cellPad, spanW(i)-2*m.cellPad, true)
			}
		case LaneTouchpoints:
			for i, tp := range cols {
				b.touchpoint(tp, colX(i)+m.cellPad, r.y+m.cellPad, m.col-2*m.cellPad, r.h-2*m.cellPad, true)
			}
		case LaneEmotion:
			b.emotion(cols, colX, x0, r.y, r.h)
		case LaneOwners:
			for i, tp := range cols {
				if tp.Owner != "" {
					b.textBlock(wrap(tp.Owner, m.note, false, m.col-2*m.cellPad, 2), colX(i)+m.col/2, r.y+m.cellPad, m.note, false, t.Text, anchorMiddle)
				}
			}
		default:
			for i, tp := range cols {
				b.notes(tp.texts(r.lane), colX(i)+m.cellPad, r.y+m.cellPad, m.col-2*m.cellPad, laneFill(t, r.lane), true)
			}
		}
		b.end()
	}

	// Grid lines: between lanes, between stages (the stage border), and
	// the frame.
	b.group("grid", "grid")
	right := x0 + gridW
	for _, r := range rows {
		b.add(canvasShape{kind: shapeLine, x: x0, y: r.y, w: gridW, stroke: t.StageBorder, pen: m.gridPen})
	}
	for i := range c.Stages {
		b.add(canvasShape{kind: shapeLine, x: colX(spans[i].first), y: top, h: bottom - top, stroke: t.StageBorder, pen: t.StagePen * 1.5})
	}
	b.add(canvasShape{kind: shapeRect, x: x0, y: top, w: gridW, h: bottom - top, stroke: t.StageBorder, pen: t.StagePen * 1.5})
	b.end()

	w := math.Ceil(math.Max(right, x0+width) + m.pad)
	return &canvasLayout{w: w, h: math.Ceil(bottom + m.pad), bg: t.Background, shapes: b.shapes}
}

// personaCard lays out a persona's card at (x, y), or only measures it,
// and returns its height.
func (b *canvasBuilder) personaCard(p *CanvasPersona, x, y float64, draw bool) float64 {
	m, t := b.m, b.t
	inner := m.card - 2*m.cellPad*2
	name := wrap(p.Name, m.name, true, inner, 2)
	var desc []string
	if p.Description != "" {
		desc = wrap(p.Description, m.note, false, inner, 4)
	}
	type section struct {
		head  string
		items [][]string
	}
	var sections []section
	for _, s := range []struct {
		head  string
		items []string
	}{{"Goals", p.Goals}, {"Pains", p.Pains}} {
		if len(s.items) == 0 {
			continue
		}
		sec := section{head: s.head}
		for _, it := range s.items {
			sec.items = append(sec.items, wrap(it, m.note, false, inner-m.note, 3))
		}
		sections = append(sections, sec)
	}
	cx, cy := x+2*m.cellPad, y+2*m.cellPad
	h := b.blockHeight(name, m.name) + b.blockHeight(desc, m.note)
	for _, s := range sections {
		h += 4 + m.note*m.line
		for _, it := range s.items {
			h += b.blockHeight(it, m.note)
		}
	}
	h += 4 * m.cellPad
	if !draw {
		return h
	}
	b.add(canvasShape{kind: shapeRect, x: x, y: y, w: m.card, h: h, radius: 6, fill: t.StageFill, stroke: t.StageBorder, pen: t.StagePen})
	cy += b.textBlock(name, cx, cy, m.name, true, t.Text, anchorStart)
	cy += b.textBlock(desc, cx, cy, m.note, false, t.Muted, anchorStart)
	for _, s := range sections {
		cy += 4
		cy += b.textBlock([]string{s.head}, cx, cy, m.note, true, t.Text, anchorStart)
		for _, it := range s.items {
			b.add(canvasShape{kind: shapeText, x: cx, y: cy + m.note*0.95, text: "•", size: m.note, fill: t.Text})
			cy += b.textBlock(it, cx+m.note, cy, m.note, false, t.Text, anchorStart)
		}
	}
	return h
}

// laneHeight is the height of a lane: its tallest cell and the padding.
func (b *canvasBuilder) laneHeight(c *Canvas, lane string, spanW func(int) float64) float64 {
	m := b.m
	h := m.note * m.line * 2 // room for the lane's title
	switch lane {
	case LaneEmotion:
		return 4*m.emotionStep + 2*m.cellPad + 2*(m.dotRadius+m.note*0.6)
	case LaneGoals:
		for i, s := range c.Stages {
			h = math.Max(h, b.notes(s.Goals, 0, 0, spanW(i)-2*m.cellPad, "", false))
		}
	case LaneFigures:
		for i, s := range c.Stages {
			h = math.Max(h, b.stageFigures(s, 0, 0, spanW(i)-2*m.cellPad, false))
		}
	default:
		for _, s := range c.Stages {
			for _, tp := range s.Touchpoints {
				var th float64
				switch lane {
				case LaneTouchpoints:
					th = b.touchpoint(tp, 0, 0, m.col-2*m.cellPad, 0, false)
				case LaneOwners:
					th = b.blockHeight(wrap(tp.Owner, m.note, false, m.col-2*m.cellPad, 2), m.note)
				default:
					th = b.notes(tp.texts(lane), 0, 0, m.col-2*m.cellPad, "", false)
				}
				h = math.Max(h, th)
			}
		}
	}
	return h + 2*m.cellPad
}

// touchpointLines are the lines of a touchpoint's box below its name:
// the channel, then its figures.
func touchpointLines(tp *CanvasTouchpoint) []string {
	var out []string
	if tp.Channel != "" {
		out = append(out, tp.Channel)
	}
	switch {
	case tp.NoData:
		out = append(out, "no data")
	case tp.Users != "":
		out = append(out, tp.Users+" users")
	}
	if tp.DropOff != "" {
		out = append(out, tp.DropOff+" drop off")
	}
	return out
}

// touchpoint lays out a touchpoint's box, filled by its emotion, at (x, y)
// of the width and at least the height, or only measures it; it returns
// the height its content needs.
func (b *canvasBuilder) touchpoint(tp *CanvasTouchpoint, x, y, width, height float64, draw bool) float64 {
	m, t := b.m, b.t
	name := wrap(tp.Name, m.name, true, width-2*m.notePad, m.maxNameLines)
	var rest [][]string
	for _, l := range touchpointLines(tp) {
		rest = append(rest, wrap(l, m.small, false, width-2*m.notePad, 2))
	}
	h := b.blockHeight(name, m.name) + 2*m.notePad + 2
	for _, r := range rest {
		h += b.blockHeight(r, m.small)
	}
	if !draw {
		return h
	}
	fill := t.NoEmotion
	if tp.HasEmotion {
		if f, ok := t.Emotion[tp.Emotion]; ok {
			fill = f
		}
	}
	stroke, pen := t.NodeBorder, t.NodePen
	if tp.Worst {
		stroke, pen = t.Worst, t.WorstPen
	}
	b.add(canvasShape{kind: shapeRect, x: x, y: y, w: width, h: math.Max(h, height), radius: 6, fill: fill, stroke: stroke, pen: pen,
		id: "tp-" + tp.ID, class: "touchpoint", title: tp.Name})
	cy := y + m.notePad
	cy += b.textBlock(name, x+width/2, cy, m.name, true, t.Text, anchorMiddle) + 2
	for i, r := range rest {
		color := t.Muted
		if i > 0 || tp.Channel == "" {
			color = t.Text
		}
		cy += b.textBlock(r, x+width/2, cy, m.small, false, color, anchorMiddle)
	}
	return h
}

// stageFigures lays out a stage's figures and KPI badges, or only
// measures them, and returns their height.
func (b *canvasBuilder) stageFigures(s *CanvasStage, x, y, width float64, draw bool) float64 {
	m, t := b.m, b.t
	var figs []string
	if s.Users != "" {
		figs = append(figs, s.Users+" users")
	} else {
		figs = append(figs, "no data")
	}
	if s.DropOff != "" {
		figs = append(figs, s.DropOff+" drop off to the next stage")
	}
	h := 0.0
	for _, f := range figs {
		lines := wrap(f, m.note, false, width, 2)
		if draw {
			b.textBlock(lines, x, y+h, m.note, false, t.Text, anchorStart)
		}
		h += b.blockHeight(lines, m.note)
	}
	for _, k := range s.KPIs {
		status, fill := "NO DATA", t.NoData
		switch k.Status {
		case "met":
			status, fill = "MET", t.Met
		case "missed":
			status, fill = "MISSED", t.Missed
		}
		badgeW := measure(status, m.small, true) + 8
		actual := k.Actual
		if actual == "" {
			actual = "–"
		}
		text := k.Name + ": " + actual
		if k.Target != "" {
			text += " (target " + k.Target + ")"
		}
		lines := wrap(text, m.small, false, width-badgeW-4, 3)
		h += 4
		if draw {
			b.add(canvasShape{kind: shapeRect, x: x, y: y + h, w: badgeW, h: m.small * m.line, radius: 3, fill: fill, class: "kpi " + strings.ToLower(strings.ReplaceAll(status, " ", "-"))})
			b.add(canvasShape{kind: shapeText, x: x + badgeW/2, y: y + h + m.small*0.95, text: status, size: m.small, bold: true, fill: t.Background, anchor: anchorMiddle})
			b.textBlock(lines, x+badgeW+4, y+h, m.small, false, t.Text, anchorStart)
		}
		h += b.blockHeight(lines, m.small)
	}
	return h
}

// emotion lays out the emotion lane: a scale from +2 to −2 in the lane's
// title column with a faint line per level, and the curve through the
// touchpoints' emotions (broken where a touchpoint states none), a dot at
// each.
func (b *canvasBuilder) emotion(cols []*CanvasTouchpoint, colX func(int) float64, x0, top, h float64) {
	m, t := b.m, b.t
	y0 := top + m.cellPad + m.dotRadius + m.note*0.6
	level := func(e int) float64 { return y0 + float64(2-e)*m.emotionStep }
	right := colX(len(cols))
	for e := 2; e >= -2; e-- {
		label := map[int]string{2: "+2", 1: "+1", 0: "0", -1: "−1", -2: "−2"}[e]
		b.add(canvasShape{kind: shapeText, x: x0 + m.label - m.cellPad, y: level(e) + m.small*0.35, text: label, size: m.small, fill: t.Muted, anchor: anchorEnd})
		b.add(canvasShape{kind: shapeLine, x: x0 + m.label, y: level(e), w: right - x0 - m.label, stroke: t.StageBorder, pen: m.gridPen, dashed: e != 0})
	}
	var paths [][]point
	var cur []point
	var prev point
	for i, tp := range cols {
		if !tp.HasEmotion {
			if len(cur) > 0 {
				paths = append(paths, cur)
				cur = nil
			}
			continue
		}
		p := point{colX(i) + m.col/2, level(tp.Emotion)}
		if len(cur) == 0 {
			cur = []point{p}
		} else {
			// A cubic whose handles run level from either end: the
			// curve turns smoothly and never overshoots a level.
			dx := (p.x - prev.x) / 2
			cur = append(cur, point{prev.x + dx, prev.y}, point{p.x - dx, p.y}, p)
		}
		prev = p
	}
	if len(cur) > 0 {
		paths = append(paths, cur)
	}
	b.add(canvasShape{kind: shapePath, path: paths, stroke: t.Edge, pen: m.curvePen, id: "emotion-curve", class: "emotion-curve"})
	b.group("", "emotion-points")
	for i, tp := range cols {
		if !tp.HasEmotion {
			continue
		}
		r := m.dotRadius
		cx, cy := colX(i)+m.col/2, level(tp.Emotion)
		b.add(canvasShape{kind: shapeCircle, x: cx - r, y: cy - r, w: 2 * r, h: 2 * r, fill: t.emotionFill(&Node{Emotion: tp.Emotion, HasEmotion: true}), stroke: t.Text, pen: t.NodePen,
			title: tp.Name + ": " + t.EmotionName[tp.Emotion]})
	}
	b.end()
}

// legend lays out one line under the title that says what the
// touchpoints' fills and outlines mean: a swatch per emotion the canvas
// shows and, with data, the outline of the largest drop-offs. It returns
// its height.
func (b *canvasBuilder) legend(c *Canvas, x, y float64) float64 {
	m, t := b.m, b.t
	seen := map[int]bool{}
	worst := false
	for _, s := range c.Stages {
		for _, tp := range s.Touchpoints {
			if tp.HasEmotion {
				seen[tp.Emotion] = true
			}
			worst = worst || tp.Worst
		}
	}
	if len(seen) == 0 && !worst {
		return 0
	}
	size := m.small
	sw := size * 1.2
	b.group("legend", "legend")
	for e := 2; e >= -2; e-- {
		if !seen[e] {
			continue
		}
		b.add(canvasShape{kind: shapeRect, x: x, y: y, w: sw, h: sw, radius: 2, fill: t.Emotion[e], stroke: t.NodeBorder, pen: 1})
		name := t.EmotionName[e]
		b.add(canvasShape{kind: shapeText, x: x + sw + 4, y: y + sw*0.8, text: name, size: size, fill: t.Text})
		x += sw + 4 + measure(name, size, false) + 12
	}
	if worst {
		b.add(canvasShape{kind: shapeRect, x: x, y: y, w: sw * 1.6, h: sw, radius: 2, fill: t.Background, stroke: t.Worst, pen: 2.5})
		text := "largest drop-offs"
		b.add(canvasShape{kind: shapeText, x: x + sw*1.6 + 4, y: y + sw*0.8, text: text, size: size, fill: t.Text})
	}
	b.end()
	return sw
}
