package diff

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/journey-maps/journey/journey"
	"github.com/journey-maps/journey/render/figure"
	"github.com/journey-maps/journey/render/report"
)

// foldAfter is the number of rows a section shows open; a longer one is
// folded in a <details> block so that the comment stays short.
const foldAfter = 8

// WriteMarkdown writes the diff as a pull-request comment (GitHub flavoured
// markdown): a heading, the summary, a table per kind of item, the flow's
// arrows and, with data, the figures. Sections longer than a few rows are
// folded. Every string from the map is escaped, so a name cannot break a
// table, inject HTML or mention anyone.
func WriteMarkdown(w io.Writer, d *journey.MapDiff, o Options) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "### Journey map changes\n\n%s → %s\n\n", mdPath(o.Old), mdPath(o.New))
	if d.Empty() {
		fmt.Fprintln(b, "No differences.")
		return b.Flush()
	}
	fmt.Fprintf(b, "**%s**\n", summary(d))
	if len(d.Journey) > 0 {
		rows := make([][]string, len(d.Journey))
		for i, f := range d.Journey {
			rows[i] = []string{f.Field, mdField(f)}
		}
		mdSection(b, "Journey", []string{"Key", "Change"}, rows)
	}
	for _, sec := range sections(d) {
		if len(sec.items) == 0 {
			continue
		}
		head := []string{"", "Id", "Name", "Details"}
		if sec.key == "touchpoints" {
			head = []string{"", "Id", "Name", "Stage", "Details"}
		}
		var rows [][]string
		for _, c := range sec.items {
			var details []string
			if c.OldID != "" {
				details = append(details, "id: `"+c.OldID+"` → `"+c.ID+"`")
			}
			if c.OldName != "" {
				details = append(details, "name: "+report.MarkdownText(c.OldName)+" → "+report.MarkdownText(c.Name))
			}
			for _, f := range c.Fields {
				details = append(details, f.Field+": "+mdField(f))
			}
			row := []string{mdChange(c.Change), "`" + c.ID + "`", report.MarkdownText(c.Name)}
			if sec.key == "touchpoints" {
				row = append(row, "`"+c.Stage+"`")
			}
			rows = append(rows, append(row, strings.Join(details, "<br>")))
		}
		mdSection(b, sec.title, head, rows)
	}
	if len(d.Flow) > 0 {
		rows := make([][]string, len(d.Flow))
		for i, f := range d.Flow {
			rows[i] = []string{mdChange(f.Change), "`" + f.From + "` → `" + f.To + "`"}
		}
		mdSection(b, "Flow", []string{"", "Arrow"}, rows)
	}
	if fd := d.Figures; fd != nil {
		writeMarkdownFigures(b, fd)
	}
	return b.Flush()
}

// mdSection writes a titled table, folded when it is long.
func mdSection(b *bufio.Writer, title string, head []string, rows [][]string) {
	if len(rows) > foldAfter {
		fmt.Fprintf(b, "\n<details><summary>%s (%d)</summary>\n\n", title, len(rows))
	} else {
		fmt.Fprintf(b, "\n#### %s\n\n", title)
	}
	seps := make([]string, len(head))
	for i := range seps {
		seps[i] = "---"
	}
	fmt.Fprintf(b, "| %s |\n|%s|\n", strings.Join(head, " | "), strings.Join(seps, "|"))
	for _, r := range rows {
		for i, c := range r {
			if c == "" {
				r[i] = " "
			}
		}
		fmt.Fprintf(b, "| %s |\n", strings.Join(r, " | "))
	}
	if len(rows) > foldAfter {
		fmt.Fprintln(b, "\n</details>")
	}
}

func mdChange(c string) string {
	switch c {
	case journey.Added:
		return "➕ added"
	case journey.Removed:
		return "➖ removed"
	case journey.Renamed:
		return "✏️ renamed"
	}
	return "🔧 changed"
}

// mdPath shows a file or REV:PATH as inline code; a backtick in it
// (a file name may hold one) makes it plain escaped text instead.
func mdPath(p string) string {
	if strings.ContainsAny(p, "`\n\r") {
		return report.MarkdownText(p)
	}
	return "`" + p + "`"
}

func mdField(f journey.FieldChange) string {
	if f.List {
		added, removed := f.Items()
		var parts []string
		for _, s := range added {
			parts = append(parts, "+ "+report.MarkdownText(s))
		}
		for _, s := range removed {
			parts = append(parts, "− "+report.MarkdownText(s))
		}
		if len(parts) == 0 {
			return "reordered"
		}
		return strings.Join(parts, "; ")
	}
	return mdValue(f.Old) + " → " + mdValue(f.New)
}

func mdValue(v []string) string {
	if len(v) == 0 {
		return "_none_"
	}
	return report.MarkdownText(v[0])
}

func writeMarkdownFigures(b *bufio.Writer, fd *journey.FigureDiff) {
	if len(fd.Touchpoints)+len(fd.KPIs) == 0 {
		fmt.Fprintln(b, "\n#### Figures\n\nThe same data gives the same figures with both versions.")
		return
	}
	if len(fd.Touchpoints) > 0 {
		rows := make([][]string, len(fd.Touchpoints))
		for i, t := range fd.Touchpoints {
			rows[i] = []string{"`" + t.ID + "`" + mdPresence(t.InOld, t.InNew),
				mdPair(figure.Count, t.Users), mdPair(figure.Percent, t.Conversion), mdPair(figure.Percent, t.Drop)}
		}
		mdSection(b, "Figures by touchpoint (the same data read with each version)", []string{"Touchpoint", "Users", "Conversion", "Drop-off"}, rows)
	}
	if len(fd.KPIs) > 0 {
		rows := make([][]string, len(fd.KPIs))
		for i, k := range fd.KPIs {
			target, status := report.MarkdownText(k.NewTarget), mdStatus(k.NewStatus)
			switch {
			case !k.InNew:
				target, status = report.MarkdownText(k.OldTarget), mdStatus(k.OldStatus)
			case !k.InOld:
			default:
				if k.OldTarget != k.NewTarget {
					target = mdValue(oneOf(k.OldTarget)) + " → " + mdValue(oneOf(k.NewTarget))
				}
				if k.OldStatus != k.NewStatus {
					status = mdStatus(k.OldStatus) + " → " + mdStatus(k.NewStatus)
				}
			}
			rows[i] = []string{"`" + k.ID + "`" + mdPresence(k.InOld, k.InNew), mdPair(figure.Of(k.Metric), k.Actual), target, status}
		}
		mdSection(b, "KPIs (the same data read with each version)", []string{"KPI", "Actual", "Target", "Status"}, rows)
	}
}

func mdPresence(inOld, inNew bool) string {
	switch {
	case !inOld:
		return " (new)"
	case !inNew:
		return " (gone)"
	}
	return ""
}

// mdPair is a figure in both versions: "800 → 950 (+150)", or the figure
// alone when it did not change.
func mdPair(k figure.Kind, p journey.FigurePair) string {
	if p.Equal() {
		return figure.Format(k, p.New)
	}
	s := orDash(figure.Format(k, p.Old)) + " → " + orDash(figure.Format(k, p.New))
	if c := figure.Change(k, p.Change); c != "" {
		s += " (" + c + ")"
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

func mdStatus(s string) string {
	switch s {
	case journey.StatusMet:
		return "✅ met"
	case journey.StatusMissed:
		return "❌ missed"
	case journey.StatusNoData:
		return "no data"
	}
	return "–"
}
