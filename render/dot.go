package render

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteDOT writes the diagram as Graphviz DOT in the theme. The output is
// deterministic: the same diagram gives the same bytes.
func WriteDOT(w io.Writer, d *Diagram, t *DiagramTheme) error {
	if t == nil {
		t = ThemeDefault
	}
	b := bufio.NewWriter(w)
	p := func(format string, a ...any) { fmt.Fprintf(b, format, a...) }

	p("digraph journey {\n")
	p("  graph [rankdir=%s, newrank=true, bgcolor=%s, fontname=%s, fontcolor=%s, pad=0.3, nodesep=0.3, ranksep=0.45, labelloc=t, labeljust=l, tooltip=%s,\n",
		d.Direction, dotQuote(t.Background), dotQuote(t.Font), dotQuote(t.Text), dotQuote(d.Title))
	p("    label=<%s>];\n", dotHeader(d, t))
	p("  node [shape=box, style=\"rounded,filled\", fontname=%s, fontsize=%s, fontcolor=%s, color=%s, penwidth=%s, margin=\"0.2,0.08\"];\n",
		dotQuote(t.Font), dotNum(t.NameSize), dotQuote(t.Text), dotQuote(t.NodeBorder), dotNum(t.NodePen))
	p("  edge [color=%s, fontname=%s, fontsize=%s, fontcolor=%s, arrowsize=0.8];\n",
		dotQuote(t.Edge), dotQuote(t.Font), dotNum(t.SmallSize), dotQuote(t.Text))

	for i, s := range d.Stages {
		p("\n  subgraph cluster_%d {\n", i)
		p("    graph [label=<%s>, tooltip=%s, style=\"rounded,filled\", fillcolor=%s, color=%s, penwidth=%s, margin=14, labeljust=c];\n",
			dotStageLabel(s, t), dotQuote(diagramStageTip(s)), dotQuote(t.StageFill), dotQuote(t.StageBorder), dotNum(t.StagePen))
		for _, n := range s.Nodes {
			attrs := fmt.Sprintf("label=<%s>, fillcolor=%s, tooltip=%s", dotNodeLabel(n, d, t), dotQuote(t.emotionFill(n)), dotQuote(diagramNodeTip(n)))
			switch {
			case n.Worst:
				attrs += fmt.Sprintf(", color=%s, penwidth=%s", dotQuote(t.Worst), dotNum(t.WorstPen))
			case n.NoData:
				attrs += ", style=\"rounded,filled,dashed\""
			}
			p("    %s [%s];\n", n.Key, attrs)
		}
		// One column per stage: its touchpoints share a rank, so they
		// stack across the stage direction in flow order.
		keys := make([]string, len(s.Nodes))
		for k, n := range s.Nodes {
			keys[k] = n.Key
		}
		p("    {rank=same; %s}\n", strings.Join(keys, "; "))
		p("  }\n")
	}

	if len(d.Edges) > 0 {
		p("\n")
	}
	for _, e := range d.Edges {
		attrs := []string{"penwidth=" + dotNum(e.Width), "tooltip=" + dotQuote(diagramEdgeTip(e))}
		if e.Conversion != "" || e.Users != "" {
			attrs = append(attrs, "label=<"+dotEdgeLabel(e, t)+">")
		}
		from, to := e.From.Key, e.To.Key
		switch {
		case e.Back:
			// A loop back must not pull later stages before earlier ones.
			attrs = append(attrs, "constraint=false", "style=dashed")
		case e.From.Stage != e.To.Stage:
			// Stage columns align by their first touchpoints (below), not
			// by the flow between them.
			attrs = append(attrs, "weight=1")
		case d.Direction == "LR":
			// Within a column dot puts a flat edge's tail below its head
			// when ranks run left to right; drawing the edge reversed makes
			// the flow read top to bottom.
			from, to = to, from
			attrs = append(attrs, "dir=back")
		}
		p("  %s -> %s [%s];\n", from, to, strings.Join(attrs, ", "))
	}

	// Keep the stage columns in journey order even where the flow does not
	// run from one stage straight into the next, and line their first
	// touchpoints up so every column starts at the top.
	for i := 1; i < len(d.Stages); i++ {
		p("  %s -> %s [style=invis, weight=10];\n", d.Stages[i-1].Nodes[0].Key, d.Stages[i].Nodes[0].Key)
	}
	p("}\n")
	return b.Flush()
}

// dotHeader is the title block: title, subtitle, legend and KPI summary.
func dotHeader(d *Diagram, t *DiagramTheme) string {
	var b strings.Builder
	b.WriteString(`<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3">`)
	fmt.Fprintf(&b, `<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="%s"><B>%s</B></FONT></TD></TR>`, dotNum(t.TitleSize), dotHTML(d.Title))
	if d.Subtitle != "" {
		fmt.Fprintf(&b, `<TR><TD ALIGN="LEFT"><FONT COLOR="%s">%s</FONT></TD></TR>`, t.Muted, dotHTML(d.Subtitle))
	}
	// Legend: emotion swatches, then what the data marks mean.
	var cells []string
	if len(d.Emotions) > 0 {
		cells = append(cells, dotLegendText("Emotion:", t))
		for _, e := range d.Emotions {
			cells = append(cells, fmt.Sprintf(`<TD BGCOLOR="%s" BORDER="1" COLOR="%s" STYLE="ROUNDED"><FONT POINT-SIZE="%s">%s</FONT></TD>`,
				t.Emotion[e], t.NodeBorder, dotNum(t.SmallSize), dotHTML(t.EmotionName[e])))
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
		cells = append(cells, dotLegendText("arrow width = users who continue · % on arrow = share of users who take it", t))
	}
	if len(cells) > 0 {
		fmt.Fprintf(&b, `<TR><TD ALIGN="LEFT"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4" CELLPADDING="4"><TR>%s</TR></TABLE></TD></TR>`, strings.Join(cells, ""))
	}
	if len(d.KPIs) > 0 {
		b.WriteString(`<TR><TD ALIGN="LEFT"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="3" CELLPADDING="3">`)
		for _, k := range d.KPIs {
			fmt.Fprintf(&b, `<TR>%s<TD ALIGN="LEFT"><B>%s</B></TD><TD ALIGN="LEFT"><FONT COLOR="%s">%s</FONT></TD><TD ALIGN="RIGHT"><B>%s</B></TD><TD ALIGN="LEFT"><FONT COLOR="%s">target %s</FONT></TD></TR>`,
				dotBadgeCell(k, t), dotHTML(k.Name), t.Muted, dotHTML(k.Scope), dotHTML(diagramOrDash(k.Actual)), t.Muted, dotHTML(k.Target))
		}
		b.WriteString(`</TABLE></TD></TR>`)
	}
	b.WriteString(`</TABLE>`)
	return b.String()
}

func dotLegendText(s string, t *DiagramTheme) string {
	return fmt.Sprintf(`<TD><FONT POINT-SIZE="%s" COLOR="%s">%s</FONT></TD>`, dotNum(t.SmallSize), t.Muted, dotHTML(s))
}

// dotBadgeCell is a KPI status as a coloured cell: MET, MISSED or NO DATA.
func dotBadgeCell(k *DiagramBadge, t *DiagramTheme) string {
	bg, text := t.NoData, "NO DATA"
	switch k.Status {
	case "met":
		bg, text = t.Met, "MET"
	case "missed":
		bg, text = t.Missed, "MISSED"
	}
	return fmt.Sprintf(`<TD BGCOLOR="%s" STYLE="ROUNDED"><FONT COLOR="#ffffff" POINT-SIZE="%s"><B>%s</B></FONT></TD>`, bg, dotNum(t.SmallSize), text)
}

func dotStageLabel(s *DiagramStage, t *DiagramTheme) string {
	var b strings.Builder
	b.WriteString(`<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="1">`)
	fmt.Fprintf(&b, `<TR><TD><FONT POINT-SIZE="%s"><B>%s</B></FONT></TD></TR>`, dotNum(t.NameSize+2), dotHTML(strings.ToUpper(s.Name)))
	if s.Users != "" {
		line := s.Users + " users"
		if s.Conversion != "" {
			line += " · " + s.Conversion + " on to next stage"
		}
		fmt.Fprintf(&b, `<TR><TD><FONT POINT-SIZE="%s" COLOR="%s">%s</FONT></TD></TR>`, dotNum(t.SmallSize), t.Muted, dotHTML(line))
	}
	for _, k := range s.Badges {
		fmt.Fprintf(&b, `<TR><TD>%s</TD></TR>`, dotBadgeTable(k, t))
	}
	b.WriteString(`</TABLE>`)
	return b.String()
}

// dotBadgeTable is a KPI badge inside a label: status, name, actual vs target.
func dotBadgeTable(k *DiagramBadge, t *DiagramTheme) string {
	return fmt.Sprintf(`<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2"><TR>%s<TD><FONT POINT-SIZE="%s"> %s %s <FONT COLOR="%s">(target %s)</FONT></FONT></TD></TR></TABLE>`,
		dotBadgeCell(k, t), dotNum(t.SmallSize), dotHTML(k.Name), dotHTML(diagramOrDash(k.Actual)), t.Muted, dotHTML(k.Target))
}

func dotNodeLabel(n *DiagramNode, d *Diagram, t *DiagramTheme) string {
	var b strings.Builder
	b.WriteString(`<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">`)
	fmt.Fprintf(&b, `<TR><TD><B>%s</B></TD></TR>`, dotHTML(n.Name))
	if n.Channel != "" {
		fmt.Fprintf(&b, `<TR><TD><FONT POINT-SIZE="%s" COLOR="%s">%s</FONT></TD></TR>`, dotNum(t.SmallSize), t.Muted, dotHTML(n.Channel))
	}
	if d.HasData {
		switch {
		case n.NoData:
			fmt.Fprintf(&b, `<TR><TD><FONT POINT-SIZE="%s" COLOR="%s"><I>no data</I></FONT></TD></TR>`, dotNum(t.SmallSize), t.Muted)
		default:
			fmt.Fprintf(&b, `<TR><TD><B>%s</B> users</TD></TR>`, dotHTML(n.Users))
			if n.DropOff != "" {
				if n.Worst {
					fmt.Fprintf(&b, `<TR><TD><FONT COLOR="%s"><B>▼ %s drop-off</B></FONT></TD></TR>`, t.Worst, dotHTML(n.DropOff))
				} else {
					fmt.Fprintf(&b, `<TR><TD><FONT POINT-SIZE="%s" COLOR="%s">%s drop-off</FONT></TD></TR>`, dotNum(t.SmallSize), t.Muted, dotHTML(n.DropOff))
				}
			}
		}
	}
	for _, k := range n.Badges {
		fmt.Fprintf(&b, `<TR><TD>%s</TD></TR>`, dotBadgeTable(k, t))
	}
	b.WriteString(`</TABLE>`)
	return b.String()
}

func dotEdgeLabel(e *DiagramEdge, t *DiagramTheme) string {
	var parts []string
	if e.Conversion != "" {
		parts = append(parts, "<B>"+dotHTML(e.Conversion)+"</B>")
	}
	if e.Users != "" {
		parts = append(parts, fmt.Sprintf(`<FONT COLOR="%s">%s</FONT>`, t.Muted, dotHTML(e.Users)))
	}
	return strings.Join(parts, "<BR/>")
}

func diagramNodeTip(n *DiagramNode) string {
	lines := []string{n.Name + " (" + n.ID + ")"}
	if n.Channel != "" {
		lines = append(lines, "Channel: "+n.Channel)
	}
	if n.Owner != "" {
		lines = append(lines, "Owner: "+n.Owner)
	}
	if n.HasEmotion {
		lines = append(lines, "Emotion: "+strconv.Itoa(n.Emotion)+" ("+diagramEmotionNames[n.Emotion]+")")
	}
	if n.Users != "" {
		fig := "Users: " + n.Users
		if n.Conversion != "" {
			fig += ", conversion " + n.Conversion
		}
		if n.DropOff != "" {
			fig += ", drop-off " + n.DropOff
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

func diagramStageTip(s *DiagramStage) string {
	if s.Users == "" {
		return s.Name
	}
	tip := s.Name + ": " + s.Users + " users"
	if s.Conversion != "" {
		tip += ", " + s.Conversion + " on to the next stage"
	}
	return tip
}

func diagramEdgeTip(e *DiagramEdge) string {
	tip := e.From.Name + " → " + e.To.Name
	if e.Users != "" {
		tip += ": " + e.Users + " users"
	}
	if e.Conversion != "" {
		tip += " (" + e.Conversion + ")"
	}
	return tip
}

func diagramOrDash(s string) string {
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

// dotHTML escapes text for a Graphviz HTML-like label (which is XML), and
// turns control characters, which XML forbids, into spaces.
func dotHTML(s string) string {
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
		case r < 0x20 || r == 0x7f || r == 0xfffe || r == 0xffff:
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// dotNum formats a number without exponent or trailing zeros.
func dotNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
