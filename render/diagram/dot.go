package diagram

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// WriteDOT writes the diagram as Graphviz DOT in the theme. The output is
// deterministic: the same diagram gives the same bytes.
func WriteDOT(w io.Writer, d *Model, t *Theme) error {
	if t == nil {
		t = ThemeDefault
	}
	b := bufio.NewWriter(w)
	p := dotPrinter(func(format string, a ...any) { fmt.Fprintf(b, format, a...) })

	p("digraph journey {\n")
	// Ranks always run top to bottom. Stages left to right are columns
	// whose touchpoints take successive ranks; stages top to bottom are
	// rows whose touchpoints share one rank. (Dot's left-to-right rank
	// direction would turn the order within a rank upside down.)
	columns := d.columns()
	// Between columns, room for the figures of the arrows that cross.
	nodesep := "0.6"
	if columns && d.HasData {
		nodesep = "1.1"
	}
	p("  graph [rankdir=TB, newrank=true, splines=%s, bgcolor=%s, fontname=%s, fontcolor=%s, pad=0.3, nodesep=%s, ranksep=0.5, labelloc=t, labeljust=l, tooltip=%s,\n",
		dotSplines(d, false), dotQuote(t.Background), dotQuote(t.Font), dotQuote(t.Text), nodesep, dotQuote(d.Title))
	p("    label=<%s>];\n", dotHeader(d, t))
	dotWriteDefaults(p, t)

	jumps := dotJumps(d)
	for i, s := range d.Stages {
		p("\n")
		dotWriteStage(p, i, s, d, t, jumps, "", !columns)
	}

	if len(d.Edges) > 0 {
		p("\n")
	}
	for _, e := range d.Edges {
		if jumps[e] {
			continue // written inside its touchpoint, see dotJumps
		}
		p("  %s -> %s [%s];\n", e.From.Key, e.To.Key, strings.Join(dotEdgeAttrs(e, d, columns, t, true), ", "))
	}

	// Every stage column starts on the same rank, in journey order; every
	// stage row comes below the one before.
	if !columns {
		for i := 1; i < len(d.Stages); i++ {
			p("  %s -> %s [style=invis];\n", d.Stages[i-1].Nodes[0].Key, d.Stages[i].Nodes[0].Key)
		}
	} else if len(d.Stages) > 0 {
		firsts := make([]string, len(d.Stages))
		for i, s := range d.Stages {
			firsts[i] = s.Nodes[0].Key
		}
		p("  {rank=same; %s}\n", strings.Join(firsts, "; "))
		if len(firsts) > 1 {
			p("  %s [style=invis];\n", strings.Join(firsts, " -> "))
		}
	}
	p("}\n")
	return b.Flush()
}

// dotSplines is the arrow style. Straight by default: lines read at a
// glance on a wall. In the whole map they are plain lines, since
// Graphviz's polylines and curves detour around whole clusters and loop
// across the map (a line may then cross a touchpoint in a tall column); in
// a stage's tile they are polylines, which bend around the touchpoints in
// their way and stay inside the stage.
func dotSplines(d *Model, tile bool) string {
	switch {
	case d.Curved:
		return "true"
	case tile:
		return "polyline"
	}
	return "line"
}

type dotPrinter func(format string, a ...any)

func dotWriteDefaults(p dotPrinter, t *Theme) {
	p("  node [shape=box, style=\"rounded,filled\", fontname=%s, fontsize=%s, fontcolor=%s, color=%s, penwidth=%s, margin=\"0.2,0.08\"];\n",
		dotQuote(t.Font), dotNum(t.NameSize), dotQuote(t.Text), dotQuote(t.NodeBorder), dotNum(t.NodePen))
	p("  edge [color=%s, fontname=%s, fontsize=%s, fontcolor=%s, arrowsize=0.8];\n",
		dotQuote(t.Edge), dotQuote(t.Font), dotNum(t.SmallSize), dotQuote(t.Text))
}

// dotWriteStage writes stage i as a cluster with its touchpoints, on one
// rank when sameRank. With a non-empty id prefix, the cluster and
// touchpoints carry SVG ids (the prefix and the stage index; the node
// keys), for tiles.
func dotWriteStage(p dotPrinter, i int, s *Stage, d *Model, t *Theme, jumps map[*Edge]bool, id string, sameRank bool) {
	p("  subgraph cluster_%d {\n", i)
	var ids string
	if id != "" {
		ids = fmt.Sprintf("id=%s, ", dotQuote(id+strconv.Itoa(i)))
	}
	p("    graph [%slabel=<%s>, tooltip=%s, style=\"rounded,filled\", fillcolor=%s, color=%s, penwidth=%s, margin=14, labeljust=c];\n",
		ids, dotStageLabel(s, t), dotQuote(stageTip(s)), dotQuote(t.StageFill), dotQuote(t.StageBorder), dotNum(t.StagePen))
	for _, n := range s.Nodes {
		attrs := fmt.Sprintf("label=<%s>, fillcolor=%s, tooltip=%s", dotNodeLabel(n, d, t, jumps), dotQuote(t.nodeFill(d, n)), dotQuote(nodeTip(n)))
		switch {
		case n.Worst:
			attrs += fmt.Sprintf(", color=%s, penwidth=%s", dotQuote(t.Worst), dotNum(t.WorstPen))
		case n.NoData:
			attrs += ", style=\"rounded,filled,dashed\""
		}
		if id != "" {
			attrs = "id=" + dotQuote(n.Key) + ", " + attrs
		}
		p("    %s [%s];\n", n.Key, attrs)
	}
	if sameRank {
		keys := make([]string, len(s.Nodes))
		for k, n := range s.Nodes {
			keys[k] = n.Key
		}
		p("    {rank=same; %s}\n", strings.Join(keys, "; "))
	}
	// Line the stage's touchpoints up in file order: an invisible edge
	// between neighbours that no forward flow arrow already links.
	for k := 1; k < len(s.Nodes); k++ {
		if !dotLinked(s.Nodes[k-1], s.Nodes[k]) {
			p("    %s -> %s [style=invis];\n", s.Nodes[k-1].Key, s.Nodes[k].Key)
		}
	}
	p("  }\n")
}

// dotEdgeAttrs are the attributes of a flow arrow, with its figures as a
// label when figures is set. columns tells whether ranks run along the
// stages (stage columns, and every stage tile) or across them (stage rows
// of the whole map).
func dotEdgeAttrs(e *Edge, d *Model, columns bool, t *Theme, figures bool) []string {
	attrs := []string{"penwidth=" + dotNum(e.Width), "tooltip=" + dotQuote(edgeTip(e))}
	if figures && (e.Conversion != "" || e.Users != "") {
		// Arrows between columns may be short: an external label is
		// placed where it does not cover the arrow or a touchpoint.
		kind := "label"
		if (e.From.Stage != e.To.Stage) == columns {
			kind = "xlabel"
		}
		attrs = append(attrs, kind+"=<"+dotEdgeLabel(e, t)+">")
	}
	if e.Back || (columns && e.From.Stage != e.To.Stage) {
		// Ranks run along a stage column; an arrow into another column,
		// or back up this one, must not move touchpoints out of line.
		attrs = append(attrs, "constraint=false")
	}
	if e.Back {
		attrs = append(attrs, "style=dashed")
	}
	if e.From.Stage != e.To.Stage && !e.Back {
		// Into the next stage: leave by the side facing it and enter
		// by the side facing back, so arrows run between the columns
		// (or rows) instead of across them.
		// With straight arrows both ends on the facing sides keep the
		// line in the gap between two neighbouring columns; but arrows
		// into a touchpoint that several arrows enter would meet in the
		// one point of its side, their figures stacked there, so those
		// find their own place on it.
		head := !d.Curved && !dotMerges(e, d)
		switch {
		case columns && head:
			attrs = append(attrs, "tailport=e", "headport=w")
		case columns:
			attrs = append(attrs, "tailport=e")
		case head:
			attrs = append(attrs, "tailport=s", "headport=n")
		default:
			attrs = append(attrs, "tailport=s")
		}
	}
	return attrs
}

// dotMerges reports whether another arrow from a stage before enters the
// touchpoint e enters.
func dotMerges(e *Edge, d *Model) bool {
	for _, o := range d.Edges {
		if o != e && o.To == e.To && !o.Back && o.From.Stage != o.To.Stage {
			return true
		}
	}
	return false
}

// dotHeader is the title block: title, subtitle, legend and KPI summary.
func dotHeader(d *Model, t *Theme) string {
	var b strings.Builder
	b.WriteString(`<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3">`)
	fmt.Fprintf(&b, `<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="%s"><B>%s</B></FONT></TD></TR>`, dotNum(t.TitleSize), dotLines(d.Title, TitleColumns))
	if d.Subtitle != "" {
		fmt.Fprintf(&b, `<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT COLOR="%s">%s</FONT></TD></TR>`, t.Muted, dotLines(d.Subtitle, TitleColumns))
	}
	// Legend: emotion or channel swatches, then what the data marks mean.
	swatch := func(fill, text string) string {
		return fmt.Sprintf(`<TD BGCOLOR="%s" BORDER="1" COLOR="%s" STYLE="ROUNDED"><FONT POINT-SIZE="%s">%s</FONT></TD>`,
			fill, t.NodeBorder, dotNum(t.SmallSize), dotHTML(text))
	}
	var cells []string
	switch {
	case d.ColorBy == ColorByChannel:
		cells = append(cells, dotLegendText("Channel:", t))
		for _, s := range channelLegend(d, t) {
			cells = append(cells, swatch(s.fill, s.text))
		}
	case len(d.Emotions) > 0:
		cells = append(cells, dotLegendText("Emotion:", t))
		for _, e := range d.Emotions {
			cells = append(cells, swatch(t.Emotion[e], t.EmotionName[e]))
		}
	}
	if d.HasData {
		if len(cells) > 0 {
			cells = append(cells, `<TD WIDTH="18"></TD>`)
		}
		if d.WorstCount > 0 {
			cells = append(cells, fmt.Sprintf(`<TD BORDER="3" COLOR="%s" STYLE="ROUNDED"><FONT POINT-SIZE="%s" COLOR="%s"><B>worst drop-off</B></FONT></TD>`,
				t.Worst, dotNum(t.SmallSize), t.Worst))
		}
		legend := "arrow width = users who continue · % on arrow = share of users who take it"
		if d.Estimates {
			legend += " · " + EstimatedLegend
		}
		cells = append(cells, dotLegendText(legend, t))
	}
	if len(cells) > 0 {
		fmt.Fprintf(&b, `<TR><TD ALIGN="LEFT"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4" CELLPADDING="4"><TR>%s</TR></TABLE></TD></TR>`, strings.Join(cells, ""))
	}
	if len(d.KPIs) > 0 {
		b.WriteString(`<TR><TD ALIGN="LEFT"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="3" CELLPADDING="3">`)
		for _, k := range d.KPIs {
			fmt.Fprintf(&b, `<TR>%s<TD ALIGN="LEFT" BALIGN="LEFT"><B>%s</B></TD><TD ALIGN="LEFT" BALIGN="LEFT"><FONT COLOR="%s">%s</FONT></TD><TD ALIGN="RIGHT"><B>%s</B></TD><TD ALIGN="LEFT"><FONT COLOR="%s">%s</FONT></TD></TR>`,
				dotBadgeCell(k, t), dotLines(k.Name, NoteColumns), t.Muted, dotLines(k.Scope, NoteColumns), dotHTML(orDash(k.Actual)), t.Muted, dotHTML(k.TargetText()))
		}
		b.WriteString(`</TABLE></TD></TR>`)
	}
	b.WriteString(`</TABLE>`)
	return b.String()
}

// maxOtherChannels is the most channels the grey swatch names; every
// touchpoint's label names its channel anyway.
const maxOtherChannels = 12

// legendSwatch is a colour and what it stands for.
type legendSwatch struct{ fill, text string }

// channelLegend lists a swatch per channel of the picture in slot order,
// those without a channel last; the channels past the palette share one
// grey swatch that names them all.
func channelLegend(d *Model, t *Theme) []legendSwatch {
	var out []legendSwatch
	var other []string
	for _, c := range d.Channels {
		if c.Slot >= len(t.ChannelPalette) {
			other = append(other, c.Name)
			continue
		}
		out = append(out, legendSwatch{t.channelFill(c.Slot), c.Name})
	}
	if len(other) > 0 {
		// Before the swatch of touchpoints without a channel, which
		// sorts last.
		at := len(out)
		if at > 0 && d.Channels[len(d.Channels)-1].Slot < 0 {
			at--
		}
		text := strings.Join(other[:min(len(other), maxOtherChannels)], ", ")
		if n := len(other) - maxOtherChannels; n > 0 {
			text += fmt.Sprintf(" and %d more", n)
		}
		out = append(out[:at], append([]legendSwatch{{t.ChannelOther, text}}, out[at:]...)...)
	}
	return out
}

func dotLegendText(s string, t *Theme) string {
	return fmt.Sprintf(`<TD><FONT POINT-SIZE="%s" COLOR="%s">%s</FONT></TD>`, dotNum(t.SmallSize), t.Muted, dotHTML(s))
}

// dotBadgeCell is a KPI status as a coloured cell: MET, MISSED or NO DATA.
func dotBadgeCell(k *Badge, t *Theme) string {
	bg, text := t.NoData, "NO DATA"
	switch k.Status {
	case "met":
		bg, text = t.Met, "MET"
	case "missed":
		bg, text = t.Missed, "MISSED"
	}
	return fmt.Sprintf(`<TD BGCOLOR="%s" STYLE="ROUNDED"><FONT COLOR="#ffffff" POINT-SIZE="%s"><B>%s</B></FONT></TD>`, bg, dotNum(t.SmallSize), text)
}

func dotStageLabel(s *Stage, t *Theme) string {
	var b strings.Builder
	b.WriteString(`<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="1">`)
	fmt.Fprintf(&b, `<TR><TD><FONT POINT-SIZE="%s"><B>%s</B></FONT></TD></TR>`, dotNum(t.NameSize+2), dotLines(strings.ToUpper(s.Name), NameColumns))
	if s.Users != "" {
		fmt.Fprintf(&b, `<TR><TD><FONT POINT-SIZE="%s" COLOR="%s">%s</FONT></TD></TR>`, dotNum(t.SmallSize), t.Muted, dotHTML(s.Users+" users"))
		// Every stage label gets the line, even empty, so that the columns
		// start level.
		// (Graphviz rejects an empty FONT element, hence the space.)
		next := " "
		if s.Conversion != "" {
			next = s.Conversion + " continue to the next stage"
		}
		fmt.Fprintf(&b, `<TR><TD><FONT POINT-SIZE="%s" COLOR="%s">%s</FONT></TD></TR>`, dotNum(t.SmallSize), t.Muted, dotHTML(next))
	}
	for _, k := range s.Badges {
		fmt.Fprintf(&b, `<TR><TD>%s</TD></TR>`, dotBadgeTable(k, t))
	}
	b.WriteString(`</TABLE>`)
	return b.String()
}

// dotBadgeTable is a KPI badge inside a label: the status, then name,
// actual and target in one text span (see dotNodeLabel).
func dotBadgeTable(k *Badge, t *Theme) string {
	return fmt.Sprintf(`<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4" CELLPADDING="1"><TR>%s<TD><FONT POINT-SIZE="%s">%s</FONT></TD></TR></TABLE>`,
		dotBadgeCell(k, t), dotNum(t.SmallSize), dotLines(k.Name+": "+orDash(k.Actual)+" ("+k.TargetText()+")", NoteColumns))
}

// dotJumps picks the arrows that leave the stages' order: back to an
// earlier stage, or on past the next one. Drawn, such an arrow crosses
// whole columns (or rows), and dot moves them out of journey order to
// shorten it; so they are written in their touchpoint instead ("→ on to
// Delivery", "← back to Product page"). Every other arrow stays within a
// stage or leads into the next one, which lets stages be laid out alone
// (see Tiles).
func dotJumps(d *Model) map[*Edge]bool {
	index := make(map[*Stage]int, len(d.Stages))
	for i, s := range d.Stages {
		index[s] = i
	}
	jumps := map[*Edge]bool{}
	for _, e := range d.Edges {
		from, to := index[e.From.Stage], index[e.To.Stage]
		if (e.Back && from != to) || to > from+1 {
			jumps[e] = true
		}
	}
	return jumps
}

func dotNodeLabel(n *Node, d *Model, t *Theme, jumps map[*Edge]bool) string {
	var b strings.Builder
	b.WriteString(`<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">`)
	fmt.Fprintf(&b, `<TR><TD><B>%s</B></TD></TR>`, dotLines(n.Name, NameColumns))
	if n.Channel != "" {
		fmt.Fprintf(&b, `<TR><TD><FONT POINT-SIZE="%s" COLOR="%s">%s</FONT></TD></TR>`, dotNum(t.SmallSize), t.Muted, dotLines(n.Channel, NameColumns))
	}
	if d.HasData {
		switch {
		case n.NoData:
			fmt.Fprintf(&b, `<TR><TD><FONT POINT-SIZE="%s" COLOR="%s"><I>no data</I></FONT></TD></TR>`, dotNum(t.SmallSize), t.Muted)
		default:
			// One text span per line: renderers whose fonts differ from
			// Graphviz's metrics would run adjacent spans into each other.
			fmt.Fprintf(&b, `<TR><TD><B>%s users</B></TD></TR>`, dotHTML(n.Users))
			if n.DropOff != "" {
				if n.Worst {
					fmt.Fprintf(&b, `<TR><TD><FONT COLOR="%s"><B>▼ %s drop off here</B></FONT></TD></TR>`, t.Worst, dotHTML(n.DropOff))
				} else {
					fmt.Fprintf(&b, `<TR><TD><FONT POINT-SIZE="%s" COLOR="%s">%s drop off here</FONT></TD></TR>`, dotNum(t.SmallSize), t.Muted, dotHTML(n.DropOff))
				}
			}
		}
	}
	for _, k := range n.Badges {
		fmt.Fprintf(&b, `<TR><TD>%s</TD></TR>`, dotBadgeTable(k, t))
	}
	for _, e := range n.Out {
		if !jumps[e] {
			continue
		}
		line := "→ on to " + e.To.Name
		if e.Back {
			line = "← back to " + e.To.Name
		}
		var fig []string
		if e.Conversion != "" {
			fig = append(fig, e.Conversion)
		}
		if e.Users != "" {
			fig = append(fig, e.Users+" users")
		}
		if len(fig) > 0 {
			line += " (" + strings.Join(fig, ", ") + ")"
		}
		fmt.Fprintf(&b, `<TR><TD><FONT POINT-SIZE="%s" COLOR="%s"><I>%s</I></FONT></TD></TR>`, dotNum(t.SmallSize), t.Muted, dotLines(line, NoteColumns))
	}
	b.WriteString(`</TABLE>`)
	return b.String()
}

func dotEdgeLabel(e *Edge, t *Theme) string {
	var rows []string
	if e.Conversion != "" {
		rows = append(rows, fmt.Sprintf(`<TR><TD ALIGN="LEFT" BGCOLOR="%s"><B>%s</B></TD></TR>`, t.Background, dotHTML(e.Conversion)))
	}
	if e.Users != "" {
		rows = append(rows, fmt.Sprintf(`<TR><TD ALIGN="LEFT" BGCOLOR="%s"><FONT COLOR="%s">%s</FONT></TD></TR>`, t.Background, t.Muted, dotHTML(e.Users)))
	}
	// Graphviz puts a label beside the arrow's centre line; the left
	// padding keeps it clear of a wide arrow's stroke, and the background
	// keeps it legible where another arrow runs under it.
	return fmt.Sprintf(`<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR><TD ROWSPAN="%d" WIDTH="%s"></TD></TR>%s</TABLE>`,
		len(rows)+1, dotNum(math.Ceil(e.Width/2)+2), strings.Join(rows, ""))
}

func nodeTip(n *Node) string {
	lines := []string{n.FullName + " (" + n.ID + ")"}
	if n.Channel != "" {
		lines = append(lines, "Channel: "+n.Channel)
	}
	if n.Owner != "" {
		lines = append(lines, "Owner: "+n.Owner)
	}
	if n.HasEmotion {
		lines = append(lines, "Emotion: "+strconv.Itoa(n.Emotion)+" ("+emotionNames[n.Emotion]+")")
	}
	if n.Users != "" {
		fig := "Users: " + n.Users
		if n.Conversion != "" {
			fig += ", conversion from previous step " + n.Conversion
		}
		if n.DropOff != "" {
			fig += ", drop-off before next step " + n.DropOff
		}
		lines = append(lines, fig)
	}
	if len(n.Pains) > 0 {
		lines = append(lines, "Pains:")
		for _, s := range n.Pains {
			lines = append(lines, "- "+s)
		}
	}
	if len(n.Opps) > 0 {
		lines = append(lines, "Opportunities:")
		for _, s := range n.Opps {
			lines = append(lines, "- "+s)
		}
	}
	return strings.Join(lines, "\n")
}

func stageTip(s *Stage) string {
	if s.Users == "" {
		return s.FullName
	}
	tip := s.FullName + ": " + s.Users + " users"
	if s.Conversion != "" {
		tip += ", " + s.Conversion + " continue to the next stage"
	}
	return tip
}

func edgeTip(e *Edge) string {
	tip := e.From.Name + " → " + e.To.Name
	if e.Users != "" {
		tip += ": " + e.Users + " users"
	}
	if e.Conversion != "" {
		tip += " (" + e.Conversion + ")"
	}
	if e.Estimated {
		tip += "; " + EstimatedLegend
	}
	return tip
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// dotQuote makes a DOT quoted string. Newlines in s become the escString
// line break \n; every other backslash is doubled so that user text cannot
// form escapes such as \N or \G.
func dotQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		case '\r', '\t':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// dotHTML escapes text for a Graphviz HTML-like label (which is XML) and
// doubles backslashes: Graphviz expands \N, \G and the like even in
// HTML-like labels, entities included; a doubled backslash is literal.
func dotHTML(s string) string {
	if s == "" {
		// Graphviz rejects empty elements such as <FONT></FONT>.
		return " "
	}
	return strings.ReplaceAll(xmlText(s, " "), `\`, `\\`)
}

// dotLines is s wrapped to width columns (see Wrap) for an HTML-like
// label: each line escaped as dotHTML escapes it, joined by line breaks
// (which a cell's BALIGN justifies).
func dotLines(s string, width int) string {
	lines := Wrap(s, width)
	if len(lines) == 0 {
		return dotHTML(s)
	}
	for i, l := range lines {
		lines[i] = dotHTML(l)
	}
	return strings.Join(lines, "<BR/>")
}

// dotNum formats a number without exponent or trailing zeros.
func dotNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// dotLinked reports whether a forward flow arrow runs from a to b.
func dotLinked(a, b *Node) bool {
	for _, e := range a.Out {
		if e.To == b && !e.Back {
			return true
		}
	}
	return false
}
