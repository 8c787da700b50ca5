package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/journey-maps/journey/journey"
	"github.com/journey-maps/journey/render/figure"
)

// ANSI styles of the terminal table; used only when the caller says the
// output is a colour terminal.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
)

// WriteTable writes the gap report as plain-text tables, one per section,
// for a terminal. color adds ANSI colours: the caller decides (a terminal,
// NO_COLOR unset).
func WriteTable(w io.Writer, r *Model, color bool) error {
	t := &textTables{w: w, r: r, color: color}
	t.title()
	t.section("Stage funnel")
	t.stages()
	t.section("Worst drop-offs")
	t.worst()
	t.section("Touchpoints")
	t.touchpoints(r.Touchpoints)
	if len(r.Segments) > 0 {
		t.section("Users by segment")
		t.segments()
	}
	t.section("Channels")
	t.channels()
	t.section("KPIs")
	t.kpis()
	for _, p := range r.Personas {
		t.section("Persona: " + plainText(p.Name))
		t.touchpoints(p.Touchpoints)
	}
	t.section("Unmatched rows")
	t.unmatched()
	return t.err
}

type textTables struct {
	w     io.Writer
	r     *Model
	color bool
	err   error
}

func (t *textTables) printf(format string, a ...any) {
	if t.err == nil {
		_, t.err = fmt.Fprintf(t.w, format, a...)
	}
}

func (t *textTables) paint(style, s string) string {
	if !t.color || style == "" || s == "" {
		return s
	}
	return style + s + ansiReset
}

func (t *textTables) title() {
	r := t.r
	t.printf("%s\n", t.paint(ansiBold, "Gap report: "+plainText(r.Journey)))
	if r.Persona != "" {
		t.printf("Persona: %s\n", plainText(r.Persona))
	}
	for _, s := range r.Sources {
		f, d := sourceLine(s)
		t.printf("Data: %s (%s)\n", plainText(f), plainText(d))
		for _, n := range s.Notes {
			t.printf("  %s %s\n", t.paint(ansiYellow, "Note:"), plainText(noteLine(n)))
		}
	}
	for _, s := range r.PrevSources {
		f, d := sourceLine(s)
		t.printf("Compared with: %s (%s)\n", plainText(f), plainText(d))
		for _, n := range s.Notes {
			t.printf("  %s %s\n", t.paint(ansiYellow, "Note:"), plainText(noteLine(n)))
		}
	}
	t.printf("KPIs: %s met, %s missed, %d no data\n",
		t.paint(ansiGreen, fmt.Sprint(r.Met)), t.countPaint(ansiRed, r.Missed), r.NoData)
}

func (t *textTables) countPaint(style string, n int) string {
	if n == 0 {
		return "0"
	}
	return t.paint(style, fmt.Sprint(n))
}

func (t *textTables) section(name string) {
	t.printf("\n%s\n", t.paint(ansiBold, name))
}

// table renders one section; right lists the columns aligned right.
func (t *textTables) table(header []string, rows [][]string, right map[int]bool) {
	if t.err != nil {
		return
	}
	align := make([]tw.Align, len(header))
	for i := range align {
		align[i] = tw.AlignLeft
		if right[i] {
			align[i] = tw.AlignRight
		}
	}
	tbl := tablewriter.NewTable(t.w,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: align}),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
		tablewriter.WithTrimSpace(tw.Off),
	)
	h := make([]any, len(header))
	for i, s := range header {
		h[i] = s
	}
	tbl.Header(h...)
	for _, row := range rows {
		if err := tbl.Append(row); err != nil {
			t.err = err
			return
		}
	}
	t.err = tbl.Render()
}

// figureHeader appends a figure's header and, with a comparison, its
// change column; long names take two lines, to keep the table narrow.
func (t *textTables) figureHeader(h []string, name string) []string {
	h = append(h, twoLines(name))
	if t.r.Compare {
		h = append(h, twoLines("Δ "+strings.ToLower(name)))
	}
	return h
}

// twoLines breaks a header of several words at the space nearest its
// middle.
func twoLines(s string) string {
	if len(s) < 16 {
		return s
	}
	best := -1
	for i := range s {
		if s[i] == ' ' && (best < 0 || abs(len(s)-2*i) < abs(len(s)-2*best)) {
			best = i
		}
	}
	if best < 0 {
		return s
	}
	return s[:best] + "\n" + s[best+1:]
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func (t *textTables) figureCells(row []string, f Figure, k figure.Kind, style string) []string {
	row = append(row, t.paint(style, formatFigure(k, f.Value)))
	if t.r.Compare {
		row = append(row, formatChange(k, f.Change))
	}
	return row
}

func (t *textTables) gradeStyle(s DropOffGrade) string {
	switch s {
	case GradeSevere:
		return ansiRed
	case GradeNotable:
		return ansiYellow
	}
	return ""
}

// numericFrom marks columns from i on as right-aligned.
func numericFrom(i, n int) map[int]bool {
	m := make(map[int]bool, n)
	for ; i < n; i++ {
		m[i] = true
	}
	return m
}

func (t *textTables) stages() {
	if len(t.r.Stages) == 0 {
		t.printf("No stage figures.\n")
		return
	}
	h := []string{"Stage"}
	h = t.figureHeader(h, nameUsers)
	h = t.figureHeader(h, nameStageOn)
	h = t.figureHeader(h, nameStageDropOff)
	var rows [][]string
	for _, s := range t.r.Stages {
		row := []string{plainText(s.Name)}
		row = t.figureCells(row, s.Users, figure.Count, "")
		row = t.figureCells(row, s.Conversion, figure.Percent, "")
		row = t.figureCells(row, s.DropOff, figure.Percent, t.gradeStyle(grade(s.DropOff.Value)))
		rows = append(rows, row)
	}
	t.table(h, rows, numericFrom(1, len(h)))
}

func (t *textTables) worst() {
	if len(t.r.Worst) == 0 {
		t.printf(noDropOffs + "\n")
		return
	}
	h := []string{"Touchpoint", "Stage", nameUsers, twoLines(nameStepDropOff), "Users lost"}
	var rows [][]string
	for _, l := range t.r.Worst {
		rows = append(rows, []string{plainText(l.Name), plainText(l.Stage), formatFigure(figure.Count, l.Users.Value),
			t.paint(t.gradeStyle(l.Grade), formatFigure(figure.Percent, l.DropOff.Value)), formatFigure(figure.Count, l.UsersLost)})
	}
	t.table(h, rows, numericFrom(2, len(h)))
}

func (t *textTables) touchpoints(lines []TouchpointLine) {
	if len(lines) == 0 {
		t.printf("No touchpoints.\n")
		return
	}
	h := []string{"Stage", "Touchpoint", "Channel"}
	h = t.figureHeader(h, nameUsers)
	h = t.figureHeader(h, nameStepConv)
	h = t.figureHeader(h, nameStepDropOff)
	h = append(h, "Emotion")
	var rows [][]string
	for _, l := range lines {
		row := []string{plainText(l.Stage), plainText(l.Name), plainText(l.Channel)}
		row = t.figureCells(row, l.Users, figure.Count, "")
		row = t.figureCells(row, l.Conversion, figure.Percent, "")
		row = t.figureCells(row, l.DropOff, figure.Percent, t.gradeStyle(l.Grade))
		row = append(row, formatEmotion(l.Emotion))
		rows = append(rows, row)
	}
	t.table(h, rows, numericFrom(3, len(h)))
}

func (t *textTables) segments() {
	h := []string{"Stage", "Touchpoint", "Users"}
	for _, s := range t.r.Segments {
		h = append(h, plainText(s))
	}
	var rows [][]string
	for _, l := range t.r.Touchpoints {
		row := []string{plainText(l.Stage), plainText(l.Name), formatFigure(figure.Count, l.Users.Value)}
		for _, v := range l.BySegment {
			row = append(row, formatFigure(figure.Count, v))
		}
		rows = append(rows, row)
	}
	t.table(h, rows, numericFrom(2, len(h)))
}

// channels writes a row per channel, its touchpoints counted, and below
// the table the touchpoints of each by name (a column of them would make
// the table too wide for a terminal).
func (t *textTables) channels() {
	if len(t.r.Channels) == 0 {
		t.printf("No touchpoints.\n")
		return
	}
	h := []string{"Channel", "Touchpoints"}
	h = t.figureHeader(h, nameUsers)
	h = t.figureHeader(h, nameShare)
	h = append(h, twoLines(nameMeanEmotion))
	at := len(h)
	h = append(h, twoLines(nameWorstAt))
	h = t.figureHeader(h, nameWorstDropOff)
	h = append(h, "KPIs met", "KPIs missed")
	right := numericFrom(1, len(h)-2)
	right[at] = false
	var rows [][]string
	for _, c := range t.r.Channels {
		row := []string{plainText(c.Name), strconv.Itoa(len(c.Touchpoints))}
		row = t.channelFigureCells(row, c.Users, figure.Count, c.Estimated, "")
		row = t.channelFigureCells(row, c.Share, figure.Percent, c.Estimated, "")
		row = append(row, formatMeanEmotion(c.Emotion), plainText(c.Worst))
		row = t.figureCells(row, c.WorstDropOff, figure.Percent, t.gradeStyle(c.WorstGrade))
		row = append(row, plainText(strings.Join(c.Met, ", ")), plainText(strings.Join(c.Missed, ", ")))
		rows = append(rows, row)
	}
	t.table(h, rows, right)
	if t.r.hasEstimates() {
		t.printf("%s\n", channelEstimateNote)
	}
	for _, c := range t.r.Channels {
		t.printf("%s: %s\n", plainText(c.Name), plainText(strings.Join(c.Touchpoints, ", ")))
	}
}

// channelFigureCells is figureCells with the estimate mark on the value
// (and its change, an estimate as well).
func (t *textTables) channelFigureCells(row []string, f Figure, k figure.Kind, estimated bool, style string) []string {
	n := len(row)
	row = t.figureCells(row, f, k, style)
	if estimated {
		for i := n; i < len(row); i++ {
			if row[i] != noData {
				row[i] = Estimate + row[i]
			}
		}
	}
	return row
}

func (t *textTables) kpis() {
	if len(t.r.KPIs) == 0 {
		t.printf("The journey defines no KPIs.\n")
		return
	}
	h := []string{"KPI", "Measures", "Target"}
	h = t.figureHeader(h, "Actual")
	h = append(h, "Gap", "Status")
	var rows [][]string
	for _, k := range t.r.KPIs {
		row := []string{plainText(k.Name), plainText(k.Scope), formatTarget(k)}
		row = t.figureCells(row, k.Actual, k.Kind, "")
		row = append(row, formatChange(k.Kind, k.Gap), t.paint(statusStyle(k.Status), statusLabel(k.Status)))
		rows = append(rows, row)
	}
	right := numericFrom(2, len(h)-1)
	t.table(h, rows, right)
}

func statusStyle(s string) string {
	switch s {
	case journey.StatusMet:
		return ansiGreen
	case journey.StatusMissed:
		return ansiRed
	}
	return ansiDim
}

func (t *textTables) unmatched() {
	if len(t.r.Unmatched) == 0 {
		t.printf("Every data row matched a touchpoint.\n")
		return
	}
	var rows [][]string
	for _, u := range t.r.Unmatched {
		rows = append(rows, []string{plainText(u.File), unmatchedWhere(u), plainText(u.Value), figure.Group(strconv.Itoa(unmatchedRows(u)))})
	}
	t.table([]string{"File", "Where", "Value", "Rows"}, rows, map[int]bool{3: true})
}
