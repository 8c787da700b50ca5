package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/journey-maps/journey/journey"
	"github.com/journey-maps/journey/render/figure"
)

// Sheet names of the XLSX gap report.
const (
	SheetSummary     = "Summary"
	SheetTouchpoints = "Touchpoints"
	SheetKPIs        = "KPIs"
	SheetChannels    = "Channels"
	SheetPersonas    = "Personas"
	SheetSegments    = "Segments"
	SheetUnmatched   = "Unmatched"
)

// Number formats of the workbook. Figures are written as numbers; these
// only decide how they look.
const (
	fmtCount       = "#,##0"
	fmtPercent     = "0.0%"
	fmtNumber      = "#,##0.##"
	fmtCountChange = "+#,##0;-#,##0;0"
	// Changes and gaps of rates are percentage points, stored as points
	// (3.2, not 0.032) so that "+3.2 pp" cannot be read as a relative +3.2%.
	fmtPercentChange = `+0.0" pp";-0.0" pp";0.0" pp"`
	fmtNumberChange  = "+#,##0.##;-#,##0.##;0"
	fmtEmotion       = "+0;-0;0"
	fmtMeanEmotion   = "+0.0;-0.0;0.0"
	// Estimated figures keep their number and show the mark before it.
	fmtEstCount   = `"` + Estimate + `"#,##0`
	fmtEstPercent = `"` + Estimate + `"0.0%`
)

// fontFamily is the workbook's default font; styles name it so that every
// cell uses the same face.
const fontFamily = "Calibri"

// Colours (fill, font) of the workbook.
const (
	colHeaderFill = "1F4E78"
	colHeaderFont = "FFFFFF"
	colSection    = "1F4E78"
	colMutedFont  = "808080"
	colGoodFill   = "C6EFCE"
	colGoodFont   = "006100"
	colWarnFill   = "FFEB9C"
	colWarnFont   = "9C5700"
	colBadFill    = "FFC7CE"
	colBadFont    = "9C0006"
	colNoDataFill = "EDEDED"
	colNoDataFont = "595959"
	colBar        = "2E75B6"
	colBarPrev    = "A6A6A6"
)

// xlsxStyles holds the style ids of one workbook.
type xlsxStyles struct {
	title, subtitle, section, header, headerNum, text, wrap, label int
	// notes is subtitle text that wraps, for long lines in merged cells.
	notes                                    int
	severe, notable                          int
	count, percent, number                   int
	countChange, percentChange, numberChange int
	// Changes coloured as better (green) or worse (red), by kind.
	better, worse             map[figure.Kind]int
	emotion, noData           int
	meanEmotion               int
	estCount, estPercent      int
	met, missed, nodataStatus int
	// Conditional formats for drop-off severity.
	cfSevere, cfNotable, cfLow int
}

func newXLSXStyles(f *excelize.File) (*xlsxStyles, error) {
	s := &xlsxStyles{}
	var err error
	style := func(dst *int, st *excelize.Style) {
		if err != nil {
			return
		}
		*dst, err = f.NewStyle(st)
	}
	numFmt := func(dst *int, code string) {
		c := code
		style(dst, &excelize.Style{CustomNumFmt: &c})
	}
	fill := func(color string) excelize.Fill {
		return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
	}
	style(&s.title, &excelize.Style{Font: &excelize.Font{Family: fontFamily, Bold: true, Size: 16, Color: colSection}})
	style(&s.subtitle, &excelize.Style{Font: &excelize.Font{Family: fontFamily, Italic: true, Color: colMutedFont}})
	style(&s.notes, &excelize.Style{Font: &excelize.Font{Family: fontFamily, Italic: true, Color: colMutedFont}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	style(&s.section, &excelize.Style{Font: &excelize.Font{Family: fontFamily, Bold: true, Size: 12, Color: colSection}})
	style(&s.header, &excelize.Style{
		Font:      &excelize.Font{Family: fontFamily, Bold: true, Color: colHeaderFont},
		Fill:      fill(colHeaderFill),
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	})
	style(&s.headerNum, &excelize.Style{
		Font:      &excelize.Font{Family: fontFamily, Bold: true, Color: colHeaderFont},
		Fill:      fill(colHeaderFill),
		Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center", WrapText: true},
	})
	style(&s.severe, &excelize.Style{CustomNumFmt: xlsxOpt(fmtPercent), Font: &excelize.Font{Family: fontFamily, Color: colBadFont}, Fill: fill(colBadFill)})
	style(&s.notable, &excelize.Style{CustomNumFmt: xlsxOpt(fmtPercent), Font: &excelize.Font{Family: fontFamily, Color: colWarnFont}, Fill: fill(colWarnFill)})
	style(&s.text, &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}})
	style(&s.wrap, &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	style(&s.label, &excelize.Style{Font: &excelize.Font{Family: fontFamily, Bold: true}})
	numFmt(&s.count, fmtCount)
	numFmt(&s.percent, fmtPercent)
	numFmt(&s.number, fmtNumber)
	numFmt(&s.countChange, fmtCountChange)
	numFmt(&s.percentChange, fmtPercentChange)
	numFmt(&s.numberChange, fmtNumberChange)
	numFmt(&s.estCount, fmtEstCount)
	numFmt(&s.estPercent, fmtEstPercent)
	s.better, s.worse = map[figure.Kind]int{}, map[figure.Kind]int{}
	for k, code := range map[figure.Kind]string{figure.Count: fmtCountChange, figure.Percent: fmtPercentChange, figure.Number: fmtNumberChange} {
		var good, bad int
		style(&good, &excelize.Style{CustomNumFmt: xlsxOpt(code), Font: &excelize.Font{Family: fontFamily, Color: colGoodFont}, Fill: fill(colGoodFill)})
		style(&bad, &excelize.Style{CustomNumFmt: xlsxOpt(code), Font: &excelize.Font{Family: fontFamily, Color: colBadFont}, Fill: fill(colBadFill)})
		s.better[k], s.worse[k] = good, bad
	}
	style(&s.emotion, &excelize.Style{CustomNumFmt: xlsxOpt(fmtEmotion), Alignment: &excelize.Alignment{Horizontal: "center"}})
	style(&s.meanEmotion, &excelize.Style{CustomNumFmt: xlsxOpt(fmtMeanEmotion), Alignment: &excelize.Alignment{Horizontal: "center"}})
	style(&s.noData, &excelize.Style{Font: &excelize.Font{Family: fontFamily, Color: colMutedFont}, Alignment: &excelize.Alignment{Horizontal: "right"}})
	style(&s.met, &excelize.Style{Font: &excelize.Font{Family: fontFamily, Bold: true, Color: colGoodFont}, Fill: fill(colGoodFill)})
	style(&s.missed, &excelize.Style{Font: &excelize.Font{Family: fontFamily, Bold: true, Color: colBadFont}, Fill: fill(colBadFill)})
	style(&s.nodataStatus, &excelize.Style{Font: &excelize.Font{Family: fontFamily, Color: colNoDataFont}, Fill: fill(colNoDataFill)})
	if err != nil {
		return nil, err
	}
	cond := func(dst *int, font, bg string) {
		if err != nil {
			return
		}
		*dst, err = f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Family: fontFamily, Color: font}, Fill: fill(bg)})
	}
	cond(&s.cfSevere, colBadFont, colBadFill)
	cond(&s.cfNotable, colWarnFont, colWarnFill)
	cond(&s.cfLow, colGoodFont, colGoodFill)
	return s, err
}

func xlsxOpt[T any](v T) *T { return &v }

// WriteXLSX writes the gap report as an XLSX workbook. Every sheet is
// written with excelize's streaming writer, so memory grows with the rows
// of one sheet's XML buffer (spilled to a temporary file past 16 MB), not
// with a cell model of the whole workbook.
//
// Every label that comes from the journey or the data is written as an
// inline string, never as a formula, so "=cmd()" stays text.
func WriteXLSX(w io.Writer, r *Model) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	st, err := newXLSXStyles(f)
	if err != nil {
		return fmt.Errorf("xlsx styles: %w", err)
	}
	if err := f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return err
	}
	x := &xlsxWriter{f: f, st: st, r: r}
	type sheet struct {
		name  string
		write func(*excelize.StreamWriter) error
	}
	steps := []sheet{{SheetSummary, x.summary}, {SheetTouchpoints, x.touchpoints}, {SheetKPIs, x.kpis}, {SheetChannels, x.channels}}
	if len(r.Personas) > 0 {
		steps = append(steps, sheet{SheetPersonas, x.personas})
	}
	if len(r.Segments) > 0 {
		steps = append(steps, sheet{SheetSegments, x.segments})
	}
	steps = append(steps, sheet{SheetUnmatched, x.unmatched})
	for _, s := range steps {
		if s.name != SheetSummary {
			if _, err := f.NewSheet(s.name); err != nil {
				return err
			}
		}
		// Printed or turned into a PDF, a sheet fits the page width. The
		// stream writes sheet properties when it starts, so set them first.
		if err := f.SetSheetProps(s.name, &excelize.SheetPropsOptions{FitToPage: xlsxOpt(true)}); err != nil {
			return err
		}
		if err := f.SetPageLayout(s.name, &excelize.PageLayoutOptions{
			Orientation: xlsxOpt("landscape"), FitToWidth: xlsxOpt(1), FitToHeight: xlsxOpt(0),
		}); err != nil {
			return err
		}
		if s.name != SheetSummary {
			// Repeat the header row on every printed page.
			if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + s.name + "'!$1:$1", Scope: s.name}); err != nil {
				return err
			}
		}
		sw, err := f.NewStreamWriter(s.name)
		if err != nil {
			return err
		}
		if err := s.write(sw); err != nil {
			return fmt.Errorf("xlsx sheet %s: %w", s.name, err)
		}
		if err := sw.Flush(); err != nil {
			return fmt.Errorf("xlsx sheet %s: %w", s.name, err)
		}
	}
	// Summary, the first sheet, is the active one already. (SetActiveSheet
	// would read every streamed sheet back into memory.)
	props := &excelize.DocProperties{Title: "Gap report: " + r.Journey, Creator: "journey"}
	if !r.Generated.IsZero() {
		props.Created = r.Generated.UTC().Format(time.RFC3339)
		props.Modified = props.Created
	}
	if err := f.SetDocProps(props); err != nil {
		return err
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	return nil
}

type xlsxWriter struct {
	f  *excelize.File
	st *xlsxStyles
	r  *Model
}

// rowWriter appends rows to a stream one after the other. Like
// bufio.Writer it keeps the first error and writes nothing after it; the
// sheet's writer checks err once, at the end.
type rowWriter struct {
	sw  *excelize.StreamWriter
	row int
	err error
}

func (rw *rowWriter) add(cells ...any) {
	rw.addHeight(0, cells...)
}

// addHeight adds a row of the given height in points (0: the default).
func (rw *rowWriter) addHeight(height float64, cells ...any) {
	rw.row++
	if rw.err != nil {
		return
	}
	var opts []excelize.RowOpts
	if height > 0 {
		opts = append(opts, excelize.RowOpts{Height: height})
	}
	rw.err = rw.sw.SetRow("A"+strconv.Itoa(rw.row), cells, opts...)
}

func (rw *rowWriter) skip() { rw.row++ }

// textLine writes a line of text that may be long, wrapped in one cell
// merged over the first len(widths) columns (their widths in characters),
// tall enough for its lines: beside the summary's chart, text that ran on
// past its cell would go under the chart.
func (x *xlsxWriter) textLine(rw *rowWriter, text string, widths []float64) {
	room := -2.0
	for _, w := range widths {
		room += w
	}
	// Text runs about 1.15 characters to a width unit (the width of a
	// digit).
	lines := math.Ceil(float64(utf8.RuneCountInString(text)) / math.Max(1.15*room, 10))
	rw.addHeight(15*math.Max(lines, 1), x.str(text, x.st.notes))
	if rw.err != nil || len(widths) < 2 {
		return
	}
	last, _ := excelize.CoordinatesToCellName(len(widths), rw.row)
	rw.err = rw.sw.MergeCell("A"+strconv.Itoa(rw.row), last)
}

// str is an outside label as a cell: always a string, never a formula, on
// one line (control characters such as tabs become spaces).
func (x *xlsxWriter) str(s string, style int) excelize.Cell {
	return excelize.Cell{StyleID: style, Value: plainText(s)}
}

// fig is a figure as a number cell, or an empty cell (in the same
// format) when there is none: text such as "–" in a column of numbers
// would break its sums and charts.
func (x *xlsxWriter) fig(v *float64, style int) excelize.Cell {
	if v == nil {
		return excelize.Cell{StyleID: style}
	}
	return excelize.Cell{StyleID: style, Value: *v}
}

// noDataNote is the line that says what an empty figure cell means.
const noDataNote = "An empty cell: the data has no figure for it."

func (x *xlsxWriter) kindStyles(k figure.Kind) (value, change int) {
	switch k {
	case figure.Percent:
		return x.st.percent, x.st.percentChange
	case figure.Count:
		return x.st.count, x.st.countChange
	default:
		return x.st.number, x.st.numberChange
	}
}

// Which way a figure is better, for colouring its change.
const (
	higherBetter = 1
	lowerBetter  = -1
)

// figureCells is a figure's cells: the value, and with a comparison the
// previous value and the change, green when it is better and red when
// worse (better is higher, or lower for lowerBetter; 0 leaves it plain).
func (x *xlsxWriter) figureCells(f Figure, k figure.Kind, better int) []any {
	v, c := x.kindStyles(k)
	cells := []any{x.fig(f.Value, v)}
	if x.r.Compare {
		if d := f.Change; d != nil && *d != 0 && better != 0 {
			if (*d > 0) == (better > 0) {
				c = x.st.better[k]
			} else {
				c = x.st.worse[k]
			}
		}
		cells = append(cells, x.fig(f.Prev, v), x.fig(points(f.Change, k), c))
	}
	return cells
}

// points turns a change of a rate into percentage points; other kinds
// keep their unit.
func points(v *float64, k figure.Kind) *float64 {
	if v == nil || k != figure.Percent {
		return v
	}
	// Rounded so that 0.6-0.5 shows as 10, not 9.99999999999999.
	p := math.Round(*v*100*1e9) / 1e9
	return &p
}

func (x *xlsxWriter) figureHeaders(name string) []string {
	if x.r.Compare {
		return []string{name, name + " (previous)", name + " change"}
	}
	return []string{name}
}

// header is a header row; columns in [numFrom, numTo) hold figures and are
// right-aligned like them (numTo < 0: up to the last column).
func (x *xlsxWriter) header(names []string, numFrom, numTo int) []any {
	if numTo < 0 {
		numTo = len(names)
	}
	out := make([]any, len(names))
	for i, n := range names {
		style := x.st.header
		if i >= numFrom && i < numTo {
			style = x.st.headerNum
		}
		out[i] = x.str(n, style)
	}
	return out
}

// gradeStyle is the percent style of a drop-off, coloured by severity.
func (x *xlsxWriter) gradeStyle(s DropOffGrade) int {
	switch s {
	case GradeSevere:
		return x.st.severe
	case GradeNotable:
		return x.st.notable
	}
	return x.st.percent
}

// colWidths sets widths from the longest text per column (in characters),
// between lo and hi. It must run before the first row is written.
func colWidths(sw *excelize.StreamWriter, widths []float64) error {
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	return nil
}

// fit grows a column width estimate to hold s, capped at hi.
func fit(cur float64, s string, hi float64) float64 {
	n := float64(utf8.RuneCountInString(s)) + 2
	if n > hi {
		n = hi
	}
	if n > cur {
		return n
	}
	return cur
}

func (x *xlsxWriter) summary(sw *excelize.StreamWriter) error {
	r, st := x.r, x.st
	// Column A holds names (files, stages, touchpoints); the others figures.
	wA := 18.0
	for _, s := range r.Sources {
		wA = fit(wA, s.File, 50)
	}
	for _, s := range r.PrevSources {
		wA = fit(wA, s.File, 50)
	}
	for _, s := range r.Stages {
		wA = fit(wA, s.Name, 40)
	}
	for _, t := range r.Worst {
		wA = fit(wA, t.Name, 40)
	}
	widths := []float64{wA, 24, 16, 16, 16, 16, 16}
	if r.Compare {
		// Nine figure columns in the stage funnel.
		widths = append(widths, 16, 16, 16)
	}
	if err := colWidths(sw, widths); err != nil {
		return err
	}
	// Long lines keep left of the chart, which starts two columns right
	// of the stage funnel (see funnelChart).
	textCols := widths[:4]
	if r.Compare {
		textCols = widths[:10]
	}
	rw := &rowWriter{sw: sw}
	rw.addHeight(24, x.str("Gap report: "+r.Journey, st.title))
	if r.Description != "" {
		rw.add(x.str(r.Description, st.subtitle))
	}
	if !r.Generated.IsZero() {
		rw.add(x.str("Generated "+r.Generated.Format("2006-01-02 15:04 MST"), st.subtitle))
	}
	if r.Persona != "" {
		rw.add(x.str("Persona", st.label), x.str(r.Persona, st.text))
	}
	rw.skip()

	sources := func(title string, list []journey.SourceInfo) error {
		rw.add(x.str(title, st.section))
		rw.add(x.header([]string{"File", "Period", "Rows"}, 2, -1)...)
		if len(list) == 0 {
			rw.add(x.str("No data files.", st.subtitle))
		}
		for _, s := range list {
			period := excelize.Cell{StyleID: st.noData, Value: noData}
			if s.Period != "" {
				period = x.str(s.Period, st.text)
			}
			rw.add(x.str(s.File, st.text), period, excelize.Cell{StyleID: st.count, Value: s.Rows})
		}
		// What a file holds that the figures leave out, below the files.
		for _, s := range list {
			for _, n := range s.Notes {
				x.textLine(rw, "Note: "+s.File+", "+noteLine(n), textCols)
			}
		}
		rw.skip()
		return nil
	}
	if err := sources("Data", r.Sources); err != nil {
		return err
	}
	if r.Compare {
		if err := sources("Compared with (previous period)", r.PrevSources); err != nil {
			return err
		}
	}

	rw.add(x.str("KPIs", st.section))
	rw.add(x.header([]string{"Status", "KPIs"}, 1, -1)...)
	for _, c := range []struct {
		label string
		n     int
		style int
	}{{"Met", r.Met, st.met}, {"Missed", r.Missed, st.missed}, {"No data", r.NoData, st.nodataStatus}} {
		rw.add(x.str(c.label, c.style), excelize.Cell{StyleID: st.count, Value: c.n})
	}
	if r.Missed > 0 {
		// The missed KPIs by name, so the summary alone says what to fix.
		rw.skip()
		rw.add(x.header([]string{"Missed KPI", "Measures", "Target", "Actual", "Gap"}, 2, -1)...)
		for _, k := range r.KPIs {
			if k.Status != journey.StatusMissed {
				continue
			}
			v, c := x.kindStyles(k.Kind)
			target := excelize.Cell{StyleID: v}
			if k.Op != "" {
				target = x.fig(&k.Target, v)
			}
			rw.add(x.str(k.Name, st.missed), x.str(k.Scope, st.wrap), target, x.fig(k.Actual.Value, v), x.fig(points(k.Gap, k.Kind), c))
		}
	}
	rw.skip()

	rw.add(x.str("Stage funnel", st.section))
	funnelTop := rw.row + 1
	h := []string{"Stage"}
	h = append(h, x.figureHeaders(nameUsers)...)
	h = append(h, x.figureHeaders(nameStageOn)...)
	h = append(h, x.figureHeaders(nameStageDropOff)...)
	rw.addHeight(x.headerHeight(), x.header(h, 1, -1)...)
	for _, s := range r.Stages {
		cells := []any{x.str(s.Name, st.text)}
		cells = append(cells, x.figureCells(s.Users, figure.Count, higherBetter)...)
		cells = append(cells, x.figureCells(s.Conversion, figure.Percent, higherBetter)...)
		drop := x.figureCells(s.DropOff, figure.Percent, lowerBetter)
		drop[0] = x.fig(s.DropOff.Value, x.gradeStyle(grade(s.DropOff.Value)))
		cells = append(cells, drop...)
		rw.add(cells...)
	}
	funnelBottom := rw.row
	rw.skip()

	rw.add(x.str("Worst drop-offs", st.section))
	if len(r.Worst) == 0 {
		rw.add(x.str(noDropOffs, st.subtitle))
	} else {
		rw.addHeight(x.headerHeight(), x.header([]string{"Touchpoint", "Stage", nameUsers, nameStepDropOff, "Users lost"}, 2, -1)...)
		for _, t := range r.Worst {
			rw.add(x.str(t.Name, st.text), x.str(t.Stage, st.text),
				x.fig(t.Users.Value, st.count), x.fig(t.DropOff.Value, x.gradeStyle(t.Grade)), x.fig(t.UsersLost, st.count))
		}
	}
	rw.skip()

	// What the figures mean, for readers who never saw the YAML.
	rw.add(x.str("How to read the figures", st.section))
	for _, line := range x.readingGuide() {
		x.textLine(rw, line, textCols)
	}
	if rw.err != nil || !r.hasStageUsers() {
		return rw.err
	}
	return x.funnelChart(len(h)+2, funnelTop, funnelBottom)
}

// readingGuide says what each figure means, one line each.
func (x *xlsxWriter) readingGuide() []string {
	lines := []string{
		nameStageOn + ": the share of a stage's users who reach the next stage.",
		nameStepConv + ": a touchpoint's users as a share of the users of the touchpoints that lead to it.",
		"Drop-off: the share of the users who go no further (before the next stage, or the next step).",
		noDataNote,
	}
	if x.r.Compare {
		lines = append(lines, "Changes: green is better, red is worse (for drop-off, lower is better); rates change in percentage points (pp).")
	}
	return lines
}

// headerHeight is the height of a header row in points: room for three
// wrapped lines ("Conversion from previous step (previous)").
func (x *xlsxWriter) headerHeight() float64 {
	if x.r.Compare {
		return 45
	}
	return 30
}

// maxLabelledStages is the most stages whose bars carry their figure; more
// labels overlap.
const maxLabelledStages = 15

// funnelChart puts a bar chart of users per stage beside the summary,
// first stage on top like a funnel. It must be added before the summary's
// stream is flushed: the stream writes the sheet's drawing reference then.
func (x *xlsxWriter) funnelChart(col, top, bottom int) error {
	cell, err := excelize.CoordinatesToCellName(col, 4)
	if err != nil {
		return err
	}
	ref := func(c int) string {
		name, _ := excelize.ColumnNumberToName(c)
		return fmt.Sprintf("%s!$%s$%d:$%s$%d", SheetSummary, name, top+1, name, bottom)
	}
	// Series names refer to the header cells: the name field is a formula.
	name := func(c int) string {
		col, _ := excelize.ColumnNumberToName(c)
		return fmt.Sprintf("%s!$%s$%d", SheetSummary, col, top)
	}
	series := []excelize.ChartSeries{{
		Name:       name(2),
		Categories: ref(1),
		Values:     ref(2),
		Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colBar}},
	}}
	if x.r.Compare {
		series = append(series, excelize.ChartSeries{
			Name:       name(3),
			Categories: ref(1),
			Values:     ref(3),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colBarPrev}},
		})
	}
	// excelize's default axis labels are a pale grey; make them readable.
	axisFont := excelize.Font{Family: fontFamily, Color: "404040", Size: 10}
	legend := excelize.ChartLegend{Position: "none"}
	if x.r.Compare {
		legend.Position = "bottom"
	}
	height := uint(80 + 40*(bottom-top))
	if height < 260 {
		height = 260
	}
	if height > 900 {
		height = 900
	}
	return x.f.AddChart(SheetSummary, cell, &excelize.Chart{
		Type:       excelize.Bar,
		Series:     series,
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Users per stage"}}},
		Legend:     legend,
		VaryColors: xlsxOpt(false),
		XAxis:      excelize.ChartAxis{ReverseOrder: true, Font: axisFont},
		YAxis:      excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: fmtCount}, Font: axisFont},
		Dimension:  excelize.ChartDimension{Width: 520, Height: height},
		PlotArea:   excelize.ChartPlotArea{ShowVal: bottom-top <= maxLabelledStages, NumFmt: excelize.ChartNumFmt{CustomNumFmt: fmtCount}},
		Format:     excelize.GraphicOptions{AltText: "Users per stage", OffsetX: 10},
	})
}

// touchpointFigureHeaders is the column layout of the Touchpoints and Personas
// sheets after their leading columns.
func (x *xlsxWriter) touchpointFigureHeaders() []string {
	var h []string
	h = append(h, x.figureHeaders(nameUsers)...)
	h = append(h, x.figureHeaders(nameStepConv)...)
	h = append(h, x.figureHeaders(nameStepDropOff)...)
	return h
}

func (x *xlsxWriter) touchpointFigureCells(t TouchpointLine) []any {
	var cells []any
	cells = append(cells, x.figureCells(t.Users, figure.Count, higherBetter)...)
	cells = append(cells, x.figureCells(t.Conversion, figure.Percent, higherBetter)...)
	cells = append(cells, x.figureCells(t.DropOff, figure.Percent, lowerBetter)...)
	return cells
}

// dropOffColumn is the 1-based column of the current drop-off figure among
// figure columns starting at first.
func (x *xlsxWriter) dropOffColumn(first int) int {
	if x.r.Compare {
		return first + 6
	}
	return first + 2
}

func (x *xlsxWriter) touchpoints(sw *excelize.StreamWriter) error {
	r, st := x.r, x.st
	h := []string{"Stage", "Touchpoint", "Channel", "Owner", "Personas"}
	h = append(h, x.touchpointFigureHeaders()...)
	h = append(h, "Emotion", "Pains", "Opportunities")

	widths := make([]float64, len(h))
	for i, name := range h {
		widths[i] = fit(10, name, 20)
	}
	nf := len(x.touchpointFigureHeaders())
	for i := 5; i < 5+nf; i++ {
		widths[i] = 15
	}
	widths[5+nf] = 9
	for _, t := range r.Touchpoints {
		widths[0] = fit(widths[0], t.Stage, 30)
		widths[1] = fit(widths[1], t.Name, 40)
		widths[2] = fit(widths[2], t.Channel, 16)
		widths[3] = fit(widths[3], t.Owner, 20)
		widths[4] = fit(widths[4], personaList(t.Personas), 30)
		widths[6+nf] = fit(widths[6+nf], strings.Join(t.Pains, "; "), 60)
		widths[7+nf] = fit(widths[7+nf], strings.Join(t.Opps, "; "), 60)
	}
	if err := colWidths(sw, widths); err != nil {
		return err
	}
	if err := sw.SetPanes(frozenPanes(2, 1)); err != nil {
		return err
	}
	rw := &rowWriter{sw: sw}
	rw.addHeight(x.headerHeight(), x.header(h, 5, len(h)-2)...)
	for _, t := range r.Touchpoints {
		cells := []any{
			x.str(t.Stage, st.text), x.str(t.Name, st.text), x.str(t.Channel, st.text),
			x.str(t.Owner, st.text), x.str(personaList(t.Personas), st.text),
		}
		cells = append(cells, x.touchpointFigureCells(t)...)
		if t.Emotion != nil {
			cells = append(cells, excelize.Cell{StyleID: st.emotion, Value: *t.Emotion})
		} else {
			cells = append(cells, nil)
		}
		cells = append(cells, x.str(strings.Join(t.Pains, "; "), st.wrap), x.str(strings.Join(t.Opps, "; "), st.wrap))
		rw.add(cells...)
	}
	last := x.noteBelow(rw)
	if rw.err != nil {
		return rw.err
	}
	return x.tableFinish(SheetTouchpoints, len(h), last, x.dropOffColumn(6))
}

// noteBelow writes, a row below a table, what an empty figure cell
// means, and returns the table's last row.
func (x *xlsxWriter) noteBelow(rw *rowWriter) int {
	last := rw.row
	rw.skip()
	rw.add(x.str(noDataNote, x.st.subtitle))
	return last
}

// tableFinish adds the autofilter over a sheet's table and colours its
// drop-off column by severity. Both are recorded on the worksheet before
// the stream is flushed, which writes them out.
func (x *xlsxWriter) tableFinish(sheet string, cols, lastRow, dropCol int) error {
	last, err := excelize.CoordinatesToCellName(cols, max(lastRow, 2))
	if err != nil {
		return err
	}
	if err := x.f.AutoFilter(sheet, "A1:"+last, nil); err != nil {
		return err
	}
	if lastRow < 2 || dropCol == 0 {
		return nil
	}
	col, err := excelize.ColumnNumberToName(dropCol)
	if err != nil {
		return err
	}
	first := col + "2"
	rng := fmt.Sprintf("%s2:%s%d", col, col, lastRow)
	// Expressions with ISNUMBER, so that an empty (no data) cell stays
	// plain: a plain cellIs rule would take it for zero.
	rules := []excelize.ConditionalFormatOptions{
		{Type: "formula", Criteria: fmt.Sprintf("AND(ISNUMBER(%s),%s>=%g)", first, first, SevereDropOff), Format: &x.st.cfSevere, StopIfTrue: true},
		{Type: "formula", Criteria: fmt.Sprintf("AND(ISNUMBER(%s),%s>=%g)", first, first, NotableDropOff), Format: &x.st.cfNotable, StopIfTrue: true},
		{Type: "formula", Criteria: fmt.Sprintf("ISNUMBER(%s)", first), Format: &x.st.cfLow},
	}
	return x.f.SetConditionalFormat(sheet, rng, rules)
}

// frozenPanes freezes the first cols columns and rows rows.
func frozenPanes(cols, rows int) *excelize.Panes {
	tl, _ := excelize.CoordinatesToCellName(cols+1, rows+1)
	pane := "bottomRight"
	switch {
	case cols == 0:
		pane = "bottomLeft"
	case rows == 0:
		pane = "topRight"
	}
	return &excelize.Panes{Freeze: true, XSplit: cols, YSplit: rows, TopLeftCell: tl, ActivePane: pane,
		Selection: []excelize.Selection{{SQRef: tl, ActiveCell: tl, Pane: pane}}}
}

func (x *xlsxWriter) kpis(sw *excelize.StreamWriter) error {
	r, st := x.r, x.st
	h := []string{"KPI", "Measures", "Metric", "Goal", "Target"}
	h = append(h, x.figureHeaders("Actual")...)
	h = append(h, "Gap")
	statusCol := len(h)
	h = append(h, "Status")
	if r.Compare {
		h = append(h, "Status (previous)")
	}
	widths := make([]float64, len(h))
	for i, name := range h {
		widths[i] = fit(11, name, 20)
	}
	for _, k := range r.KPIs {
		widths[0] = fit(widths[0], k.Name, 40)
		widths[1] = fit(widths[1], k.Scope, 50)
		widths[2] = fit(widths[2], k.Metric, 20)
	}
	if err := colWidths(sw, widths); err != nil {
		return err
	}
	if err := sw.SetPanes(frozenPanes(1, 1)); err != nil {
		return err
	}
	rw := &rowWriter{sw: sw}
	rw.addHeight(30, x.header(h, 4, statusCol)...)
	for _, k := range r.KPIs {
		v, c := x.kindStyles(k.Kind)
		target := k.Target
		cells := []any{x.str(k.Name, st.text), x.str(k.Scope, st.text), x.str(k.Metric, st.text),
			x.str(goalWords(k.Op), st.text)}
		if k.Op == "" {
			cells = append(cells, x.fig(nil, v))
		} else {
			cells = append(cells, x.fig(&target, v))
		}
		better := higherBetter
		if k.Op == "<=" || k.Op == "<" || (k.Op == "" && k.Metric == journey.MetricDropOff) {
			better = lowerBetter
		}
		cells = append(cells, x.figureCells(k.Actual, k.Kind, better)...)
		cells = append(cells, x.fig(points(k.Gap, k.Kind), c), x.status(k.Status))
		if r.Compare {
			cells = append(cells, x.status(k.PrevStatus))
		}
		rw.add(cells...)
	}
	if len(r.KPIs) == 0 {
		rw.add(x.str("The journey defines no KPIs.", st.subtitle))
		return rw.err
	}
	last, err := excelize.CoordinatesToCellName(len(h), rw.row)
	if err != nil {
		return err
	}
	rw.skip()
	rw.add(x.str("Gap: how far the actual figure is past the target (+) or short of it (−), in percentage points (pp) for rates, else in the KPI's unit.", st.subtitle))
	rw.add(x.str(noDataNote, st.subtitle))
	if rw.err != nil {
		return rw.err
	}
	return x.f.AutoFilter(SheetKPIs, "A1:"+last, nil)
}

// channels writes a row per channel, most users first, and below it a
// chart of the users per channel.
func (x *xlsxWriter) channels(sw *excelize.StreamWriter) error {
	r, st := x.r, x.st
	h := []string{"Channel", "Touchpoints"}
	usersCol := len(h) + 1
	h = append(h, x.figureHeaders(nameUsers)...)
	h = append(h, x.figureHeaders(nameShare)...)
	h = append(h, nameMeanEmotion)
	atCol := len(h)
	h = append(h, nameWorstAt)
	h = append(h, x.figureHeaders(nameWorstDropOff)...)
	h = append(h, "KPIs met", "KPIs missed")
	widths := make([]float64, len(h))
	for i, name := range h {
		widths[i] = fit(16, name, 20)
	}
	widths[1] = 36
	for _, c := range r.Channels {
		widths[0] = fit(widths[0], c.Name, 30)
		widths[atCol] = fit(widths[atCol], c.Worst, 30)
		widths[len(h)-2] = fit(widths[len(h)-2], strings.Join(c.Met, "; "), 40)
		widths[len(h)-1] = fit(widths[len(h)-1], strings.Join(c.Missed, "; "), 40)
	}
	if err := colWidths(sw, widths); err != nil {
		return err
	}
	if err := sw.SetPanes(frozenPanes(1, 1)); err != nil {
		return err
	}
	rw := &rowWriter{sw: sw}
	rw.addHeight(x.headerHeight(), x.header(h, 2, len(h)-2)...)
	for _, c := range r.Channels {
		cells := []any{x.str(c.Name, st.text), x.str(strings.Join(c.Touchpoints, "; "), st.wrap)}
		users := x.figureCells(c.Users, figure.Count, higherBetter)
		share := x.figureCells(c.Share, figure.Percent, higherBetter)
		if c.Estimated {
			users[0] = x.fig(c.Users.Value, st.estCount)
			share[0] = x.fig(c.Share.Value, st.estPercent)
		}
		cells = append(cells, users...)
		cells = append(cells, share...)
		cells = append(cells, x.fig(c.Emotion, st.meanEmotion), x.str(c.Worst, st.text))
		drop := x.figureCells(c.WorstDropOff, figure.Percent, lowerBetter)
		drop[0] = x.fig(c.WorstDropOff.Value, x.gradeStyle(c.WorstGrade))
		cells = append(cells, drop...)
		met, missed := strings.Join(c.Met, "; "), strings.Join(c.Missed, "; ")
		cells = append(cells, x.str(met, st.wrap), x.str(missed, st.wrap))
		// A streamed row keeps its height: make room for the wrapped
		// lines of its longest cell.
		lines := 1.0
		for _, cell := range []struct {
			col  int
			text string
		}{{1, strings.Join(c.Touchpoints, "; ")}, {len(h) - 2, met}, {len(h) - 1, missed}} {
			lines = math.Max(lines, math.Ceil(float64(utf8.RuneCountInString(cell.text))/(widths[cell.col]-2)))
		}
		rw.addHeight(15*lines, cells...)
	}
	last := rw.row
	rw.skip()
	rw.add(x.str("Users: the people who reached at least one of the channel's touchpoints. "+nameShare+": their share of the users of the journey's first stage.", st.subtitle))
	if r.hasEstimates() {
		rw.add(x.str(channelEstimateNote, st.subtitle))
	}
	rw.add(x.str("A KPI belongs to a channel when every touchpoint it measures is in the channel.", st.subtitle))
	rw.add(x.str(noDataNote, st.subtitle))
	if rw.err != nil {
		return rw.err
	}
	lastCell, err := excelize.CoordinatesToCellName(len(h), max(last, 2))
	if err != nil {
		return err
	}
	if err := x.f.AutoFilter(SheetChannels, "A1:"+lastCell, nil); err != nil {
		return err
	}
	hasUsers := false
	for _, c := range r.Channels {
		hasUsers = hasUsers || c.Users.Value != nil
	}
	if !hasUsers {
		return nil
	}
	return x.channelChart(usersCol, last, rw.row+2)
}

// channelChart puts a bar chart of the users per channel below the
// channels table (rows 2 to last), most users on top; with a comparison,
// the previous period's beside them. Like the summary's chart it must be
// added before the stream is flushed.
func (x *xlsxWriter) channelChart(usersCol, last, at int) error {
	ref := func(c int) string {
		name, _ := excelize.ColumnNumberToName(c)
		return fmt.Sprintf("%s!$%s$2:$%s$%d", SheetChannels, name, name, last)
	}
	name := func(c int) string {
		col, _ := excelize.ColumnNumberToName(c)
		return fmt.Sprintf("%s!$%s$1", SheetChannels, col)
	}
	series := []excelize.ChartSeries{{
		Name: name(usersCol), Categories: ref(1), Values: ref(usersCol),
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colBar}},
	}}
	legend := excelize.ChartLegend{Position: "none"}
	if x.r.Compare {
		series = append(series, excelize.ChartSeries{
			Name: name(usersCol + 1), Categories: ref(1), Values: ref(usersCol + 1),
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colBarPrev}},
		})
		legend.Position = "bottom"
	}
	axisFont := excelize.Font{Family: fontFamily, Color: "404040", Size: 10}
	height := uint(min(max(80+30*(last-1), 260), 900))
	return x.f.AddChart(SheetChannels, "A"+strconv.Itoa(at), &excelize.Chart{
		Type:       excelize.Bar,
		Series:     series,
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Users per channel"}}},
		Legend:     legend,
		VaryColors: xlsxOpt(false),
		XAxis:      excelize.ChartAxis{ReverseOrder: true, Font: axisFont},
		YAxis:      excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: fmtCount}, Font: axisFont},
		Dimension:  excelize.ChartDimension{Width: 560, Height: height},
		PlotArea:   excelize.ChartPlotArea{ShowVal: last-1 <= maxLabelledStages, NumFmt: excelize.ChartNumFmt{CustomNumFmt: fmtCount}},
		Format:     excelize.GraphicOptions{AltText: "Users per channel"},
	})
}

func (x *xlsxWriter) status(s string) excelize.Cell {
	switch s {
	case journey.StatusMet:
		return x.str(statusLabel(s), x.st.met)
	case journey.StatusMissed:
		return x.str(statusLabel(s), x.st.missed)
	}
	return x.str(statusLabel(s), x.st.nodataStatus)
}

// goalWords spells a target operator for readers who never saw the YAML.
func goalWords(op string) string {
	switch op {
	case ">=":
		return "at least"
	case "<=":
		return "at most"
	case ">":
		return "more than"
	case "<":
		return "less than"
	}
	return ""
}

func (x *xlsxWriter) personas(sw *excelize.StreamWriter) error {
	r, st := x.r, x.st
	h := []string{"Persona", "Stage", "Touchpoint"}
	h = append(h, x.touchpointFigureHeaders()...)
	widths := make([]float64, len(h))
	for i, name := range h {
		widths[i] = fit(13, name, 20)
	}
	for _, p := range r.Personas {
		widths[0] = fit(widths[0], p.Name, 30)
		for _, t := range p.Touchpoints {
			widths[1] = fit(widths[1], t.Stage, 30)
			widths[2] = fit(widths[2], t.Name, 40)
		}
	}
	if err := colWidths(sw, widths); err != nil {
		return err
	}
	if err := sw.SetPanes(frozenPanes(1, 1)); err != nil {
		return err
	}
	rw := &rowWriter{sw: sw}
	rw.addHeight(x.headerHeight(), x.header(h, 3, -1)...)
	for _, p := range r.Personas {
		for _, t := range p.Touchpoints {
			cells := []any{x.str(p.Name, st.text), x.str(t.Stage, st.text), x.str(t.Name, st.text)}
			cells = append(cells, x.touchpointFigureCells(t)...)
			rw.add(cells...)
		}
	}
	last := x.noteBelow(rw)
	if rw.err != nil {
		return rw.err
	}
	return x.tableFinish(SheetPersonas, len(h), last, x.dropOffColumn(4))
}

// segments writes users per segment (a breakdown such as GA4's device
// category), one column per segment value.
func (x *xlsxWriter) segments(sw *excelize.StreamWriter) error {
	r, st := x.r, x.st
	h := []string{"Stage", "Touchpoint", "Users"}
	h = append(h, r.Segments...)
	widths := make([]float64, len(h))
	for i, name := range h {
		widths[i] = fit(12, name, 30)
	}
	for _, t := range r.Touchpoints {
		widths[0] = fit(widths[0], t.Stage, 30)
		widths[1] = fit(widths[1], t.Name, 40)
	}
	if err := colWidths(sw, widths); err != nil {
		return err
	}
	if err := sw.SetPanes(frozenPanes(2, 1)); err != nil {
		return err
	}
	rw := &rowWriter{sw: sw}
	rw.addHeight(30, x.header(h, 2, -1)...)
	for _, t := range r.Touchpoints {
		cells := []any{x.str(t.Stage, st.text), x.str(t.Name, st.text), x.fig(t.Users.Value, st.count)}
		for _, v := range t.BySegment {
			cells = append(cells, x.fig(v, st.count))
		}
		rw.add(cells...)
	}
	lastRow := x.noteBelow(rw)
	if rw.err != nil {
		return rw.err
	}
	last, err := excelize.CoordinatesToCellName(len(h), max(lastRow, 2))
	if err != nil {
		return err
	}
	return x.f.AutoFilter(SheetSegments, "A1:"+last, nil)
}

func (x *xlsxWriter) unmatched(sw *excelize.StreamWriter) error {
	r, st := x.r, x.st
	widths := []float64{20, 8, 12, 30, 8}
	for _, u := range r.Unmatched {
		widths[0] = fit(widths[0], u.File, 50)
		widths[3] = fit(widths[3], u.Value, 60)
	}
	if err := colWidths(sw, widths); err != nil {
		return err
	}
	if err := sw.SetPanes(frozenPanes(0, 1)); err != nil {
		return err
	}
	rw := &rowWriter{sw: sw}
	rw.add(x.header([]string{"File", "Line", "Cell", "Value", "Rows"}, 4, -1)...)
	for _, u := range r.Unmatched {
		line := any(nil)
		if u.Line > 0 {
			line = excelize.Cell{StyleID: st.text, Value: u.Line}
		}
		cell := any(nil)
		if u.Cell != "" {
			cell = x.str(u.Cell, st.text)
		}
		rows := excelize.Cell{StyleID: st.count, Value: unmatchedRows(u)}
		rw.add(x.str(u.File, st.text), line, cell, x.str(u.Value, st.text), rows)
	}
	if len(r.Unmatched) == 0 {
		rw.add(x.str("Every data row matched a touchpoint.", st.subtitle))
	}
	if rw.err != nil || len(r.Unmatched) == 0 {
		return rw.err
	}
	return x.f.AutoFilter(SheetUnmatched, fmt.Sprintf("A1:E%d", rw.row), nil)
}
