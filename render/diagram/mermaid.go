package diagram

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteMermaid writes the diagram as a Mermaid flowchart with one subgraph
// per stage, for pasting into Markdown (GitHub renders it). Colours follow
// the theme. The output is deterministic.
func WriteMermaid(w io.Writer, d *Model, t *Theme) error {
	if t == nil {
		t = ThemeDefault
	}
	b := bufio.NewWriter(w)
	p := func(format string, a ...any) { fmt.Fprintf(b, format, a...) }

	p("---\ntitle: %s\n---\n", mermaidTitle(d))
	p("flowchart %s\n", d.Direction)
	for i, s := range d.Stages {
		title := "<b>" + mermaidText(s.Name) + "</b>"
		if s.Users != "" {
			// One line: Mermaid draws touchpoints over a title's second line.
			title += " · " + mermaidText(s.Users+" users")
			if s.Conversion != "" {
				title += " · " + mermaidText(s.Conversion+" continue to the next stage")
			}
		}
		p("  subgraph s%d[\"%s\"]\n", i, title)
		// A subgraph title does not wrap, so stage KPIs are notes inside.
		for k, b := range s.Badges {
			p("    s%dk%d[\"%s\"]:::kpi\n", i, k, mermaidBadge(b))
		}
		for _, n := range s.Nodes {
			p("    %s[\"%s\"]\n", n.Key, mermaidNodeLabel(n, d))
		}
		p("  end\n")
	}
	for _, e := range d.Edges {
		arrow := "-->"
		if e.Back {
			arrow = "-.->"
		}
		var label []string
		if e.Conversion != "" {
			label = append(label, e.Conversion)
		}
		if e.Users != "" {
			label = append(label, e.Users)
		}
		if len(label) > 0 {
			p("  %s %s|\"%s\"| %s\n", e.From.Key, arrow, mermaidText(strings.Join(label, " · ")), e.To.Key)
		} else {
			p("  %s %s %s\n", e.From.Key, arrow, e.To.Key)
		}
	}

	// Styles: emotion or channel fills, worst drop-offs, stage columns,
	// arrow widths.
	byChannel := d.ColorBy == ColorByChannel
	if byChannel {
		defined := map[string]bool{}
		for _, c := range d.Channels {
			if name := mermaidChannelClass(c.Slot, t); c.Slot >= 0 && !defined[name] {
				defined[name] = true
				p("  classDef %s fill:%s,stroke:%s,color:%s\n", name, t.channelFill(c.Slot), t.NodeBorder, t.Text)
			}
		}
	} else {
		for _, e := range []int{-2, -1, 0, 1, 2} {
			p("  classDef %s fill:%s,stroke:%s,color:%s\n", mermaidEmotionClass(e), t.Emotion[e], t.NodeBorder, t.Text)
		}
	}
	p("  classDef plain fill:%s,stroke:%s,color:%s\n", t.NoEmotion, t.NodeBorder, t.Text)
	p("  classDef worst stroke:%s,stroke-width:%spx\n", t.Worst, dotNum(t.WorstPen))
	p("  classDef kpi fill:%s,stroke:%s,stroke-dasharray:3 3,color:%s\n", t.Background, t.StageBorder, t.Text)
	byClass := map[string][]string{}
	var classes []string
	var worst []string
	for _, s := range d.Stages {
		for _, n := range s.Nodes {
			c := "plain"
			switch {
			case byChannel && n.ChannelSlot >= 0:
				c = mermaidChannelClass(n.ChannelSlot, t)
			case !byChannel && n.HasEmotion:
				c = mermaidEmotionClass(n.Emotion)
			}
			if _, ok := byClass[c]; !ok {
				classes = append(classes, c)
			}
			byClass[c] = append(byClass[c], n.Key)
			if n.Worst {
				worst = append(worst, n.Key)
			}
		}
	}
	for _, c := range classes {
		p("  class %s %s\n", strings.Join(byClass[c], ","), c)
	}
	if len(worst) > 0 {
		p("  class %s worst\n", strings.Join(worst, ","))
	}
	for i := range d.Stages {
		p("  style s%d fill:%s,stroke:%s,color:%s\n", i, t.StageFill, t.StageBorder, t.Text)
	}
	for i, e := range d.Edges {
		if e.Width != edgePlain {
			p("  linkStyle %d stroke-width:%spx\n", i, dotNum(e.Width))
		}
	}
	return b.Flush()
}

func mermaidTitle(d *Model) string {
	t := d.Title
	if d.Subtitle != "" {
		t += " — " + d.Subtitle
	}
	if d.Estimates {
		// Mermaid has no legend; the title says what the mark means.
		t += " (" + EstimatedLegend + ")"
	}
	// A YAML double-quoted scalar; control characters become spaces.
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range t {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func mermaidNodeLabel(n *Node, d *Model) string {
	parts := []string{"<b>" + mermaidText(n.Name) + "</b>"}
	if n.Channel != "" {
		parts = append(parts, "<i>"+mermaidText(n.Channel)+"</i>")
	}
	if d.HasData {
		switch {
		case n.NoData:
			parts = append(parts, "<i>no data</i>")
		default:
			parts = append(parts, mermaidText(n.Users+" users"))
			if n.DropOff != "" {
				if n.Worst {
					parts = append(parts, "<b>▼ "+mermaidText(n.DropOff+" drop off here")+"</b>")
				} else {
					parts = append(parts, mermaidText(n.DropOff+" drop off here"))
				}
			}
		}
	}
	for _, k := range n.Badges {
		parts = append(parts, mermaidBadge(k))
	}
	return strings.Join(parts, "<br/>")
}

func mermaidBadge(k *Badge) string {
	// Words, not emoji: a projector's browser may lack an emoji font.
	mark := "NO DATA"
	switch k.Status {
	case "met":
		mark = "MET"
	case "missed":
		mark = "MISSED"
	}
	return "<b>" + mark + "</b> " + mermaidText(fmt.Sprintf("%s: %s (%s)", k.Name, orDash(k.Actual), k.TargetText()))
}

// mermaidChannelClass is the class of a channel slot: one per colour of
// the palette, one for the channels past it.
func mermaidChannelClass(slot int, t *Theme) string {
	if slot >= len(t.ChannelPalette) {
		return "chother"
	}
	return "ch" + strconv.Itoa(slot)
}

func mermaidEmotionClass(e int) string {
	if e < 0 {
		return "emneg" + strconv.Itoa(-e)
	}
	return "em" + strconv.Itoa(e)
}

// mermaidText escapes text for a quoted Mermaid label, where HTML is
// interpreted: markup characters, quotes and the entity sign become
// Mermaid's #code; entities, and line breaks become spaces.
func mermaidText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString("#quot;")
		case r == '<':
			b.WriteString("#lt;")
		case r == '>':
			b.WriteString("#gt;")
		case r == '&':
			b.WriteString("#amp;")
		case r == '#':
			b.WriteString("#35;")
		case r == '|' || r == '`' || r == '[' || r == ']' || r == '{' || r == '}':
			fmt.Fprintf(&b, "#%d;", r)
		case r < 0x20 || r == 0x7f:
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
