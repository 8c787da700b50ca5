package diff

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/journey-maps/journey/journey"
	"github.com/journey-maps/journey/render/figure"
)

// ANSI colours of the text form.
const (
	green = "\x1b[32m"
	red   = "\x1b[31m"
	cyan  = "\x1b[36m"
	bold  = "\x1b[1m"
	reset = "\x1b[0m"
)

// WriteText writes the diff for a terminal: a line per item, marked +
// (added), - (removed) or ~ (renamed or changed), with its changed keys
// indented below it, then the flow's arrows, the figures when the diff
// has them, and a summary line.
func WriteText(w io.Writer, d *journey.MapDiff, o Options) error {
	b := bufio.NewWriter(w)
	paint := func(color, s string) string {
		if !o.Color {
			return s
		}
		return color + s + reset
	}
	fmt.Fprintf(b, "%s\n%s\n", paint(red, "--- "+plain(o.Old)), paint(green, "+++ "+plain(o.New)))
	if d.Empty() {
		fmt.Fprintln(b, "no differences")
		return b.Flush()
	}
	if len(d.Journey) > 0 {
		fmt.Fprintln(b, paint(bold, "Journey"))
		for _, f := range d.Journey {
			fmt.Fprintf(b, "  ~ %s\n", textField(f))
		}
	}
	for _, sec := range sections(d) {
		if len(sec.items) == 0 {
			continue
		}
		fmt.Fprintln(b, paint(bold, sec.title))
		for _, c := range sec.items {
			line := c.ID + " " + strconv.Quote(plain(c.Name))
			if c.Stage != "" {
				line += " in " + c.Stage
			}
			switch c.Change {
			case journey.Added:
				line = paint(green, "  + "+line)
			case journey.Removed:
				line = paint(red, "  - "+line)
			default:
				line = paint(cyan, "  ~ "+line)
				var was []string
				if c.OldID != "" {
					was = append(was, "id "+c.OldID)
				}
				if c.OldName != "" {
					was = append(was, "name "+strconv.Quote(plain(c.OldName)))
				}
				if len(was) > 0 {
					line += " (renamed from " + strings.Join(was, ", ") + ")"
				}
			}
			fmt.Fprintln(b, line)
			for _, f := range c.Fields {
				fmt.Fprintf(b, "      %s\n", textField(f))
			}
		}
	}
	if len(d.Flow) > 0 {
		fmt.Fprintln(b, paint(bold, "Flow"))
		for _, f := range d.Flow {
			if f.Change == journey.Added {
				fmt.Fprintln(b, paint(green, "  + "+f.From+" -> "+f.To))
			} else {
				fmt.Fprintln(b, paint(red, "  - "+f.From+" -> "+f.To))
			}
		}
	}
	if fd := d.Figures; fd != nil {
		writeTextFigures(b, fd, paint)
	}
	fmt.Fprintln(b, summary(d))
	return b.Flush()
}

// textField writes one changed key: `channel: "web" -> "app"`, or for a
// list the items added and removed.
func textField(f journey.FieldChange) string {
	if f.List {
		added, removed := f.Items()
		var parts []string
		for _, s := range added {
			parts = append(parts, "+"+strconv.Quote(plain(s)))
		}
		for _, s := range removed {
			parts = append(parts, "-"+strconv.Quote(plain(s)))
		}
		if len(parts) == 0 {
			parts = append(parts, "reordered")
		}
		return f.Field + ": " + strings.Join(parts, ", ")
	}
	return f.Field + ": " + textValue(f.Old) + " -> " + textValue(f.New)
}

func textValue(v []string) string {
	if len(v) == 0 {
		return "(none)"
	}
	return strconv.Quote(plain(v[0]))
}

func writeTextFigures(b *bufio.Writer, fd *journey.FigureDiff, paint func(string, string) string) {
	if len(fd.Touchpoints)+len(fd.KPIs) == 0 {
		fmt.Fprintln(b, paint(bold, "Figures")+" (the same data read with each version): unchanged")
		return
	}
	fmt.Fprintln(b, paint(bold, "Figures")+" (the same data read with each version)")
	for _, t := range fd.Touchpoints {
		fmt.Fprintf(b, "  %s%s\n", t.ID, presence(t.InOld, t.InNew))
		for _, r := range []struct {
			name string
			kind figure.Kind
			p    journey.FigurePair
		}{{"users", figure.Count, t.Users}, {"conversion", figure.Percent, t.Conversion}, {"drop-off", figure.Percent, t.Drop}} {
			if line := textPair(r.kind, r.p); line != "" {
				fmt.Fprintf(b, "      %s: %s\n", r.name, line)
			}
		}
	}
	for _, k := range fd.KPIs {
		fmt.Fprintf(b, "  KPI %s%s\n", k.ID, presence(k.InOld, k.InNew))
		if line := textPair(figure.Of(k.Metric), k.Actual); line != "" {
			fmt.Fprintf(b, "      actual: %s\n", line)
		}
		switch {
		case !k.InOld:
			fmt.Fprintf(b, "      target: %s, status: %s\n", textValue(oneOf(k.NewTarget)), k.NewStatus)
		case !k.InNew:
			fmt.Fprintf(b, "      target: %s, status: %s\n", textValue(oneOf(k.OldTarget)), k.OldStatus)
		default:
			if k.OldTarget != k.NewTarget {
				fmt.Fprintf(b, "      target: %s -> %s\n", textValue(oneOf(k.OldTarget)), textValue(oneOf(k.NewTarget)))
			}
			if k.OldStatus != k.NewStatus {
				fmt.Fprintf(b, "      status: %s -> %s\n", k.OldStatus, k.NewStatus)
			}
		}
	}
}

func presence(inOld, inNew bool) string {
	switch {
	case !inOld:
		return " (new)"
	case !inNew:
		return " (gone)"
	}
	return ""
}

// textPair writes a figure in both versions and its change: "800 -> 950
// (+150)"; "" when neither version has it.
func textPair(k figure.Kind, p journey.FigurePair) string {
	if p.Old == nil && p.New == nil || p.Equal() {
		return ""
	}
	s := orNone(figure.Format(k, p.Old)) + " -> " + orNone(figure.Format(k, p.New))
	if c := figure.Change(k, p.Change); c != "" {
		s += " (" + c + ")"
	}
	return s
}

func oneOf(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// plain replaces control characters, which would move the terminal's
// cursor, by spaces.
func plain(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
}
