package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/journey-maps/journey/journey"
	"github.com/journey-maps/journey/render/figure"
)

// Row limits of the markdown report: a pull-request comment has a size
// limit (65,536 characters on GitHub), and the XLSX and CSV reports list
// everything. A few unmatched rows are enough to see what went wrong.
const (
	markdownUnmatchedLimit  = 50
	markdownTouchpointLimit = 100
	// A channel lists this many of its touchpoints by name; the
	// Touchpoints table names every touchpoint's channel.
	markdownChannelTouchpoints = 10
)

// WriteMarkdown writes the gap report as GitHub-flavoured markdown, fit for
// a pull-request comment: the KPIs and the worst drop-offs first, the
// touchpoint table folded away.
func WriteMarkdown(w io.Writer, r *Model) error {
	b := bufio.NewWriter(w)
	m := &mdWriter{b: b, r: r}
	m.write()
	return b.Flush()
}

type mdWriter struct {
	b *bufio.Writer
	r *Model
}

func (m *mdWriter) printf(format string, a ...any) { fmt.Fprintf(m.b, format, a...) }

func (m *mdWriter) write() {
	r := m.r
	m.printf("## Gap report: %s\n\n", mdText(r.Journey))
	if r.Persona != "" {
		m.printf("Persona: **%s**  \n", mdText(r.Persona))
	}
	for _, s := range r.Sources {
		f, d := sourceLine(s)
		m.printf("Data: %s (%s)  \n", mdText(f), mdText(d))
		m.notes(s.Notes)
	}
	for _, s := range r.PrevSources {
		f, d := sourceLine(s)
		m.printf("Compared with: %s (%s)  \n", mdText(f), mdText(d))
		m.notes(s.Notes)
	}
	m.printf("**KPIs:** %d met, %d missed, %d no data\n", r.Met, r.Missed, r.NoData)

	m.printf("\n### KPIs\n\n")
	if len(r.KPIs) == 0 {
		m.printf("The journey defines no KPIs.\n")
	} else {
		h := []string{"KPI", "Measures", "Target"}
		h = m.figureHeader(h, "Actual")
		h = append(h, "Gap", "Status")
		var rows [][]string
		for _, k := range r.KPIs {
			row := []string{mdText(k.Name), mdText(k.Scope), mdText(formatTarget(k))}
			row = m.figureCells(row, k.Actual, k.Kind)
			row = append(row, formatChange(k.Kind, k.Gap), mdStatus(k.Status))
			rows = append(rows, row)
		}
		m.tableRange(h, rows, 2, len(h)-1)
	}

	m.printf("\n### Worst drop-offs\n\n")
	if len(r.Worst) == 0 {
		m.printf(noDropOffs + "\n")
	} else {
		var rows [][]string
		for _, l := range r.Worst {
			rows = append(rows, []string{mdText(l.Name), mdText(l.Stage), formatFigure(figure.Count, l.Users.Value),
				mdGrade(l.Grade) + formatFigure(figure.Percent, l.DropOff.Value), formatFigure(figure.Count, l.UsersLost)})
		}
		m.table([]string{"Touchpoint", "Stage", nameUsers, nameStepDropOff, "Users lost"}, rows, 2)
	}

	m.printf("\n### Stage funnel\n\n")
	if len(r.Stages) == 0 {
		m.printf("No stage figures.\n")
	} else {
		h := []string{"Stage"}
		h = m.figureHeader(h, nameUsers)
		h = m.figureHeader(h, nameStageOn)
		h = m.figureHeader(h, nameStageDropOff)
		var rows [][]string
		for _, s := range r.Stages {
			row := []string{mdText(s.Name)}
			row = m.figureCells(row, s.Users, figure.Count)
			row = m.figureCells(row, s.Conversion, figure.Percent)
			row = m.figureCells(row, s.DropOff, figure.Percent)
			rows = append(rows, row)
		}
		m.table(h, rows, 1)
	}

	m.printf("\n### Channels\n\n")
	m.channels()

	m.printf("\n<details><summary>Touchpoints (%d)</summary>\n\n", len(r.Touchpoints))
	m.touchpoints(r.Touchpoints, true)
	m.printf("\n</details>\n")

	if len(r.Segments) > 0 {
		m.printf("\n<details><summary>Users by segment</summary>\n\n")
		h := []string{"Stage", "Touchpoint", "Users"}
		for _, s := range r.Segments {
			h = append(h, mdText(s))
		}
		var rows [][]string
		for _, l := range capLines(r.Touchpoints) {
			row := []string{mdText(l.Stage), mdText(l.Name), formatFigure(figure.Count, l.Users.Value)}
			for _, v := range l.BySegment {
				row = append(row, formatFigure(figure.Count, v))
			}
			rows = append(rows, row)
		}
		m.table(h, rows, 2)
		m.more(len(r.Touchpoints))
		m.printf("\n</details>\n")
	}

	for _, p := range r.Personas {
		m.printf("\n<details><summary>Persona: %s</summary>\n\n", mdText(p.Name))
		m.touchpoints(p.Touchpoints, false)
		m.printf("\n</details>\n")
	}

	m.printf("\n### Unmatched rows\n\n")
	if len(r.Unmatched) == 0 {
		m.printf("Every data row matched a touchpoint.\n")
		return
	}
	var rows [][]string
	for i, u := range r.Unmatched {
		if i == markdownUnmatchedLimit {
			break
		}
		rows = append(rows, []string{mdText(u.File), mdText(unmatchedWhere(u)), mdText(u.Value), figure.Group(strconv.Itoa(unmatchedRows(u)))})
	}
	m.table([]string{"File", "Where", "Value", "Rows"}, rows, 3)
	if n := len(r.Unmatched) - markdownUnmatchedLimit; n > 0 {
		m.printf("\n…and %d more (the XLSX report lists them all).\n", n)
	}
}

// channels writes a row per channel, most users first.
func (m *mdWriter) channels() {
	r := m.r
	if len(r.Channels) == 0 {
		m.printf("No touchpoints.\n")
		return
	}
	h := []string{"Channel"}
	h = m.figureHeader(h, nameUsers)
	h = m.figureHeader(h, nameShare)
	h = append(h, nameMeanEmotion)
	h = m.figureHeader(h, nameWorstDropOff)
	figEnd := len(h)
	h = append(h, "KPIs", "Touchpoints")
	var rows [][]string
	for i, c := range r.Channels {
		if i == markdownTouchpointLimit {
			break
		}
		row := []string{mdText(c.Name)}
		row = m.estimateCells(row, c.Users, figure.Count, c.Estimated)
		row = m.estimateCells(row, c.Share, figure.Percent, c.Estimated)
		row = append(row, formatMeanEmotion(c.Emotion))
		worst := formatFigure(figure.Percent, c.WorstDropOff.Value)
		if c.Worst != "" {
			worst = mdGrade(c.WorstGrade) + worst + " at " + mdText(c.Worst)
		}
		row = append(row, worst)
		if r.Compare {
			row = append(row, formatChange(figure.Percent, c.WorstDropOff.Change))
		}
		var kpis []string
		for _, k := range c.Met {
			kpis = append(kpis, "✅ "+mdText(k))
		}
		for _, k := range c.Missed {
			kpis = append(kpis, "❌ "+mdText(k))
		}
		names := c.Touchpoints
		more := ""
		if len(names) > markdownChannelTouchpoints {
			more = fmt.Sprintf(" and %d more", len(names)-markdownChannelTouchpoints)
			names = names[:markdownChannelTouchpoints]
		}
		row = append(row, strings.Join(kpis, "<br>"), mdList(names)+more)
		rows = append(rows, row)
	}
	m.tableRange(h, rows, 1, figEnd)
	if n := len(r.Channels) - markdownTouchpointLimit; n > 0 {
		m.printf("\n…and %d more channels (the XLSX and JSON reports list them all).\n", n)
	}
	if r.hasEstimates() {
		m.printf("\n%s\n", mdText(channelEstimateNote))
	}
}

// estimateCells is figureCells with the estimate mark on the value and
// its change.
func (m *mdWriter) estimateCells(row []string, f Figure, k figure.Kind, estimated bool) []string {
	n := len(row)
	row = m.figureCells(row, f, k)
	if estimated {
		for i := n; i < len(row); i++ {
			if row[i] != noData {
				row[i] = Estimate + row[i]
			}
		}
	}
	return row
}

// notes lists a data file's notes below its line.
func (m *mdWriter) notes(notes []journey.Note) {
	for _, n := range notes {
		m.printf("⚠️ %s  \n", mdText(noteLine(n)))
	}
}

func (m *mdWriter) touchpoints(lines []TouchpointLine, detail bool) {
	if len(lines) == 0 {
		m.printf("No touchpoints.\n")
		return
	}
	h := []string{"Stage", "Touchpoint", "Channel", "Owner"}
	h = m.figureHeader(h, nameUsers)
	h = m.figureHeader(h, nameStepConv)
	h = m.figureHeader(h, nameStepDropOff)
	if detail {
		h = append(h, "Emotion", "Pains", "Opportunities")
	}
	var rows [][]string
	for _, l := range capLines(lines) {
		row := []string{mdText(l.Stage), mdText(l.Name), mdText(l.Channel), mdText(l.Owner)}
		row = m.figureCells(row, l.Users, figure.Count)
		row = m.figureCells(row, l.Conversion, figure.Percent)
		row = m.figureCells(row, l.DropOff, figure.Percent)
		if l.Grade >= GradeNotable {
			i := len(row) - 1
			if m.r.Compare {
				i--
			}
			row[i] = mdGrade(l.Grade) + row[i]
		}
		if detail {
			row = append(row, formatEmotion(l.Emotion), mdList(l.Pains), mdList(l.Opps))
		}
		rows = append(rows, row)
	}
	end := len(h)
	if detail {
		end -= 3
	}
	m.tableRange(h, rows, 4, end)
	m.more(len(lines))
}

// capLines keeps the first markdownTouchpointLimit touchpoints.
func capLines(lines []TouchpointLine) []TouchpointLine {
	if len(lines) > markdownTouchpointLimit {
		return lines[:markdownTouchpointLimit]
	}
	return lines
}

// more says how many touchpoints a capped table left out.
func (m *mdWriter) more(total int) {
	if n := total - markdownTouchpointLimit; n > 0 {
		m.printf("\n…and %d more touchpoints (the XLSX and CSV reports list them all).\n", n)
	}
}

func (m *mdWriter) figureHeader(h []string, name string) []string {
	h = append(h, name)
	if m.r.Compare {
		h = append(h, "Δ "+strings.ToLower(name))
	}
	return h
}

func (m *mdWriter) figureCells(row []string, f Figure, k figure.Kind) []string {
	row = append(row, formatFigure(k, f.Value))
	if m.r.Compare {
		row = append(row, formatChange(k, f.Change))
	}
	return row
}

// table writes a GFM table; columns from numericFrom on are right-aligned
// (-1 for none).
func (m *mdWriter) table(h []string, rows [][]string, numericFrom int) {
	end := len(h)
	if numericFrom < 0 {
		numericFrom = end
	}
	m.tableRange(h, rows, numericFrom, end)
}

// tableRange right-aligns the columns in [from, to).
func (m *mdWriter) tableRange(h []string, rows [][]string, from, to int) {
	m.printf("| %s |\n", strings.Join(h, " | "))
	seps := make([]string, len(h))
	for i := range h {
		seps[i] = "---"
		if i >= from && i < to {
			seps[i] = "---:"
		}
	}
	m.printf("|%s|\n", strings.Join(seps, "|"))
	for _, row := range rows {
		for i, c := range row {
			if c == "" {
				row[i] = " "
			}
		}
		m.printf("| %s |\n", strings.Join(row, " | "))
	}
}

func mdStatus(s string) string {
	switch s {
	case journey.StatusMet:
		return "✅ met"
	case journey.StatusMissed:
		return "❌ missed"
	}
	return "➖ no data"
}

func mdGrade(s DropOffGrade) string {
	switch s {
	case GradeSevere:
		return "🔴 "
	case GradeNotable:
		return "🟠 "
	}
	return ""
}

func mdList(items []string) string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = mdText(s)
	}
	return strings.Join(out, "; ")
}

// mdText escapes an outside string for a GFM table cell: markdown and HTML
// punctuation is backslash-escaped (or an entity), line breaks become
// spaces, and an @ is followed by a zero-width space so that a label such
// as "@org/team" does not notify anyone when posted on a pull request.
func mdText(s string) string {
	s = plainText(s)
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '(', ')', '#', '+', '!', '|', '~', '{', '}':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '@':
			b.WriteString("@\u200b")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// MarkdownText escapes an outside string for GFM text and table cells as
// the report does, for the other writers of markdown that is posted on a
// pull request (the map diff).
func MarkdownText(s string) string { return mdText(s) }
