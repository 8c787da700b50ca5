package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func renderXLSX(t *testing.T, r *Model) *excelize.File {
	t.Helper()
	var b bytes.Buffer
	if err := WriteXLSX(&b, r); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// findReportRow returns the 1-based row of the sheet whose column A is value.
func findReportRow(t *testing.T, f *excelize.File, sheet, value string) int {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 0 && r[0] == value {
			return i + 1
		}
	}
	t.Fatalf("%s has no row starting with %q", sheet, value)
	return 0
}

// reportNumFmt returns the number format code of a cell's style.
func reportNumFmt(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	return ""
}

// reportHeaderCol returns the column name of a header in row 1.
func reportHeaderCol(t *testing.T, f *excelize.File, sheet, header string) string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil || len(rows) == 0 {
		t.Fatalf("%s: no header row (%v)", sheet, err)
	}
	for i, h := range rows[0] {
		if h == header {
			name, _ := excelize.ColumnNumberToName(i + 1)
			return name
		}
	}
	t.Fatalf("%s has no column %q; header: %q", sheet, header, rows[0])
	return ""
}

func TestReportXLSX(t *testing.T) {
	cases := reportCases(t)
	f := renderXLSX(t, cases["store"])

	if i := f.GetActiveSheetIndex(); i != 0 {
		t.Errorf("active sheet %d, want the Summary (0)", i)
	}
	if got, want := strings.Join(f.GetSheetList(), ","), "Summary,Touchpoints,KPIs,Channels,Personas,Segments,Unmatched"; got != want {
		t.Errorf("sheets = %s, want %s", got, want)
	}

	type cellCheck struct {
		sheet, header, rowKey string
		typ                   excelize.CellType
		value, numFmt         string
	}
	for _, c := range []cellCheck{
		{SheetTouchpoints, nameUsers, "Consideration", excelize.CellTypeNumber, "12000", fmtCount},
		{SheetTouchpoints, nameStepConv, "Consideration", excelize.CellTypeNumber, "0.6", fmtPercent},
		{SheetTouchpoints, nameStepDropOff, "Consideration", excelize.CellTypeNumber, "", fmtPercent},
		{SheetTouchpoints, "Emotion", "Consideration", excelize.CellTypeNumber, "0", fmtEmotion},
		{SheetKPIs, "Target", "Cart to checkout", excelize.CellTypeNumber, "0.6", fmtPercent},
		{SheetKPIs, "Actual", "Cart to checkout", excelize.CellTypeNumber, "0.5", fmtPercent},
		{SheetKPIs, "Gap", "Cart to checkout", excelize.CellTypeNumber, "", fmtPercentChange},
		{SheetKPIs, "Actual", "Landing visitors", excelize.CellTypeNumber, "12000", fmtCount},
		{SheetKPIs, "Status", "Cart to checkout", excelize.CellTypeInlineString, "missed", ""},
		// No figure: an empty cell in the column's format, not text.
		{SheetKPIs, "Actual", "Coupon drop-off", excelize.CellTypeUnset, "", fmtPercent},
	} {
		row := findReportRow(t, f, c.sheet, c.rowKey)
		cell := reportHeaderCol(t, f, c.sheet, c.header) + rowNum(row)
		typ, err := f.GetCellType(c.sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := f.GetCellValue(c.sheet, cell); typ == excelize.CellTypeUnset && v != "" {
			// A cell without a type attribute is a number in OOXML.
			typ = excelize.CellTypeNumber
		}
		if typ != c.typ {
			t.Errorf("%s!%s (%s of %s): type %v, want %v", c.sheet, cell, c.header, c.rowKey, typ, c.typ)
		}
		if c.value != "" {
			v, err := f.GetCellValue(c.sheet, cell, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			if v != c.value {
				t.Errorf("%s!%s (%s of %s) = %q, want %q", c.sheet, cell, c.header, c.rowKey, v, c.value)
			}
		}
		if got := reportNumFmt(t, f, c.sheet, cell); got != c.numFmt {
			t.Errorf("%s!%s (%s of %s): number format %q, want %q", c.sheet, cell, c.header, c.rowKey, got, c.numFmt)
		}
	}

	// Every outside label stays a string: no cell of any sheet holds a
	// formula, and the hostile labels come back as written.
	hostile := map[string]bool{
		`=HYPERLINK("http://evil.example","click")`: false,
		"-2+3 product page":                         false,
		"@e-commerce":                               false,
		"+Show the price":                           false,
		"=cmd|' /C calc'!A0":                        false,
		"=tablet":                                   false,
	}
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for ri, row := range rows {
			for ci, v := range row {
				cell, _ := excelize.CoordinatesToCellName(ci+1, ri+1)
				formula, err := f.GetCellFormula(sheet, cell)
				if err != nil {
					t.Fatal(err)
				}
				if formula != "" {
					t.Errorf("%s!%s holds the formula %q", sheet, cell, formula)
				}
				if _, ok := hostile[v]; ok {
					hostile[v] = true
					if typ, _ := f.GetCellType(sheet, cell); typ != excelize.CellTypeInlineString {
						t.Errorf("%s!%s %q is of type %v, want an inline string", sheet, cell, v, typ)
					}
				}
			}
		}
	}
	for label, seen := range hostile {
		if !seen {
			t.Errorf("label %q is not in the workbook as written", label)
		}
	}

	// The drop-off column is coloured by severity, the header frozen, the
	// table filterable, and the summary has its funnel chart.
	cfs, err := f.GetConditionalFormats(SheetTouchpoints)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfs) != 1 {
		t.Errorf("Touchpoints has %d conditional format ranges, want 1: %v", len(cfs), cfs)
	}
	for rng, rules := range cfs {
		if col := reportHeaderCol(t, f, SheetTouchpoints, nameStepDropOff); !strings.HasPrefix(rng, col+"2:") || len(rules) != 3 {
			t.Errorf("conditional format on %s with %d rules, want the drop-off column %s with 3", rng, len(rules), col)
		}
	}
	panes, err := f.GetPanes(SheetTouchpoints)
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("Touchpoints panes = %+v, want the header row frozen", panes)
	}
	if names := f.GetDefinedName(); !hasFilter(names, SheetTouchpoints) {
		t.Errorf("Touchpoints has no autofilter; defined names %+v", names)
	}
	if _, err := f.GetCellValue(SheetSummary, "A1"); err != nil {
		t.Fatal(err)
	}
	if charts := countCharts(f); charts != 2 {
		t.Errorf("the workbook has %d charts, want the stage funnel and the users per channel", charts)
	}
}

// TestReportXLSXChannels: the Channels sheet has a row per channel, most
// users first, touchpoints without a channel under "unspecified", the
// figures as numbers, estimates marked by their format, and a chart of
// the users per channel.
func TestReportXLSXChannels(t *testing.T) {
	f := renderXLSX(t, reportCases(t)["store"])
	rows, err := f.GetRows(SheetChannels)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, r := range rows[1:] {
		if len(r) == 0 || r[0] == "" {
			break
		}
		order = append(order, r[0])
	}
	if got, want := strings.Join(order, ","), "social,web,unspecified,email"; got != want {
		t.Errorf("channels = %s, want %s (most users first)", got, want)
	}
	for _, c := range []struct {
		header, channel, raw, numFmt string
	}{
		{nameUsers, "social", "20000", fmtCount},
		{nameUsers, "web", "12000", fmtEstCount},
		{nameShare, "web", "0.6", fmtEstPercent},
		{nameShare, "unspecified", "0.06", fmtPercent},
		{nameMeanEmotion, "web", "-1", fmtMeanEmotion},
		{nameWorstDropOff, "web", "0.625", fmtPercent},
		{nameWorstAt, "unspecified", "Payment", ""},
		{"Touchpoints", "unspecified", "Payment", ""},
		{"KPIs missed", "web", "Cart to checkout", ""},
		{"KPIs met", "unspecified", "Payment drop-off", ""},
	} {
		cell := reportHeaderCol(t, f, SheetChannels, c.header) + rowNum(findReportRow(t, f, SheetChannels, c.channel))
		raw, err := f.GetCellValue(SheetChannels, cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if raw != c.raw {
			t.Errorf("%s of %s (%s) = %q, want %q", c.header, c.channel, cell, raw, c.raw)
		}
		if c.numFmt != "" {
			if got := reportNumFmt(t, f, SheetChannels, cell); got != c.numFmt {
				t.Errorf("%s of %s: format %q, want %q", c.header, c.channel, got, c.numFmt)
			}
		}
	}
	shown, err := f.GetCellValue(SheetChannels, reportHeaderCol(t, f, SheetChannels, nameUsers)+rowNum(findReportRow(t, f, SheetChannels, "web")))
	if err != nil || !strings.HasPrefix(shown, Estimate) {
		t.Errorf("web's estimated users show as %q, want them marked %s", shown, Estimate)
	}
	findReportRow(t, f, SheetChannels, channelEstimateNote)
	found := false
	f.Pkg.Range(func(k, v any) bool {
		if strings.HasPrefix(k.(string), "xl/charts/chart") && strings.Contains(string(v.([]byte)), "Channels!$C$2:$C$5") {
			found = true
		}
		return true
	})
	if !found {
		t.Error("no chart plots the channels' users (Channels!$C$2:$C$5)")
	}
}

func countCharts(f *excelize.File) int {
	n := 0
	f.Pkg.Range(func(k, _ any) bool {
		if strings.HasPrefix(k.(string), "xl/charts/chart") {
			n++
		}
		return true
	})
	return n
}

func hasFilter(names []excelize.DefinedName, sheet string) bool {
	for _, n := range names {
		if n.Name == "_xlnm._FilterDatabase" && strings.Contains(n.RefersTo, sheet) {
			return true
		}
	}
	return false
}

func rowNum(i int) string {
	name, _ := excelize.CoordinatesToCellName(1, i)
	return name[1:]
}

func TestReportXLSXCompare(t *testing.T) {
	f := renderXLSX(t, reportCases(t)["store-compare"])
	row := findReportRow(t, f, SheetTouchpoints, "Consideration")
	for header, want := range map[string]string{nameUsers + " (previous)": "11500", nameUsers + " change": "500"} {
		cell := reportHeaderCol(t, f, SheetTouchpoints, header) + rowNum(row)
		v, err := f.GetCellValue(SheetTouchpoints, cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if v != want {
			t.Errorf("%s = %q, want %q", header, v, want)
		}
	}
	if got := reportNumFmt(t, f, SheetTouchpoints, reportHeaderCol(t, f, SheetTouchpoints, nameStepConv+" change")+rowNum(row)); got != fmtPercentChange {
		t.Errorf("conversion change format %q, want %q", got, fmtPercentChange)
	}
	reportHeaderCol(t, f, SheetKPIs, "Status (previous)")
}

func TestReportXLSXNoData(t *testing.T) {
	f := renderXLSX(t, reportCases(t)["store-nodata"])
	if got := strings.Join(f.GetSheetList(), ","); got != "Summary,Touchpoints,KPIs,Channels,Unmatched" {
		t.Errorf("sheets = %s; without persona data there is no Personas sheet", got)
	}
	if n := countCharts(f); n != 0 {
		t.Errorf("%d charts without any stage figure, want none", n)
	}
	row := findReportRow(t, f, SheetTouchpoints, "Consideration")
	for _, h := range []string{nameUsers, nameStepConv, nameStepDropOff} {
		cell := reportHeaderCol(t, f, SheetTouchpoints, h) + rowNum(row)
		v, _ := f.GetCellValue(SheetTouchpoints, cell)
		typ, _ := f.GetCellType(SheetTouchpoints, cell)
		if v != "" || typ != excelize.CellTypeUnset {
			t.Errorf("%s without data holds %q (type %v), want an empty cell", h, v, typ)
		}
	}
	// A line below the table says what the empty cells mean.
	findReportRow(t, f, SheetTouchpoints, noDataNote)
}

// TestReportXLSXPoints: a change of a rate is stored in percentage points,
// so the cell reads "+5.0 pp", never a relative "+5.0%".
func TestReportXLSXPoints(t *testing.T) {
	f := renderXLSX(t, reportCases(t)["store"])
	row := findReportRow(t, f, SheetKPIs, "Cart to checkout")
	cell := reportHeaderCol(t, f, SheetKPIs, "Gap") + rowNum(row)
	raw, err := f.GetCellValue(SheetKPIs, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	shown, err := f.GetCellValue(SheetKPIs, cell)
	if err != nil {
		t.Fatal(err)
	}
	if raw != "-10" || !strings.Contains(shown, "pp") {
		t.Errorf("gap of 50%% against >= 60%%: raw %q shown %q, want -10 shown in pp", raw, shown)
	}
}

// TestRowWriterKeepsFirstError: after a failed row the writer writes
// nothing more and keeps the first error for the sheet to return.
func TestRowWriterKeepsFirstError(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	rw := &rowWriter{sw: sw}
	rw.add("first")
	rw.row = -3 // the next row has no valid cell name
	rw.add("bad")
	first := rw.err
	rw.row = 5
	rw.addHeight(20, "after")
	if first == nil || rw.err != first {
		t.Fatalf("err = %v after %v; want the first error kept", rw.err, first)
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if v, _ := f.GetCellValue("Sheet1", "A6"); v != "" {
		t.Errorf("a row was written after the error: %q", v)
	}
	if v, _ := f.GetCellValue("Sheet1", "A1"); v != "first" {
		t.Errorf("A1 = %q, want the row before the error", v)
	}
}

// TestReportXLSXSummary: the summary says when the report was made (as
// does the workbook's creation date), which KPIs missed by name, what a
// data file held that was skipped, and how to read the figures.
func TestReportXLSXSummary(t *testing.T) {
	r := reportCases(t)["store"]
	r.Generated = time.Date(2026, 10, 1, 9, 30, 0, 0, time.UTC)
	f := renderXLSX(t, r)

	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Created != "2026-10-01T09:30:00Z" || props.Modified != props.Created {
		t.Errorf("created %q, modified %q; want the report's time 2026-10-01T09:30:00Z", props.Created, props.Modified)
	}
	findReportRow(t, f, SheetSummary, "Generated 2026-10-01 09:30 UTC")
	note := findReportRow(t, f, SheetSummary, `Note: ga4-september.csv, line 40: a second table ("Step,<Elapsed> time") below a blank line was skipped`)
	findReportRow(t, f, SheetSummary, noDataNote)
	// Long lines wrap in cells merged left of the chart (which starts at
	// column F beside the four columns of the stage funnel).
	merged, err := f.GetMergeCells(SheetSummary)
	if err != nil {
		t.Fatal(err)
	}
	wantMerge := "A" + rowNum(note) + ":D" + rowNum(note)
	found := false
	for _, m := range merged {
		found = found || m.GetStartAxis()+":"+m.GetEndAxis() == wantMerge
	}
	if !found {
		t.Errorf("the note is not merged over %s; merged cells %v", wantMerge, merged)
	}

	head := findReportRow(t, f, SheetSummary, "Missed KPI")
	rows, err := f.GetRows(SheetSummary)
	if err != nil {
		t.Fatal(err)
	}
	var missed []string
	for _, row := range rows[head:] {
		if len(row) == 0 || row[0] == "" {
			break
		}
		missed = append(missed, strings.Join(row, " | "))
	}
	want := []string{
		"Cart to checkout | Shopping cart → Checkout | 60.0% | 50.0% | -10.0 pp",
		"Confirmation NPS | Order confirmation | 40 | 31.5 | -8.5",
	}
	if strings.Join(missed, "\n") != strings.Join(want, "\n") {
		t.Errorf("missed KPIs on the summary:\n%s\nwant:\n%s", strings.Join(missed, "\n"), strings.Join(want, "\n"))
	}

	// Without a time, the workbook keeps no made-up date of its own.
	r.Generated = time.Time{}
	if _, err := renderXLSX(t, r).GetCellValue(SheetSummary, "A2"); err != nil {
		t.Fatal(err)
	}
	for _, row := range mustRows(t, renderXLSX(t, r), SheetSummary) {
		if len(row) > 0 && strings.HasPrefix(row[0], "Generated") {
			t.Errorf("a report without a time says %q", row[0])
		}
	}
}

func mustRows(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestReportXLSXCompareColours: with a comparison, a change is green when
// the figure got better and red when it got worse; for drop-off, lower is
// better.
func TestReportXLSXCompareColours(t *testing.T) {
	f := renderXLSX(t, reportCases(t)["store-compare"])
	rows := mustRows(t, f, SheetSummary)
	head := findReportRow(t, f, SheetSummary, "Stage")
	col := func(header string) int {
		for i, h := range rows[head-1] {
			if h == header {
				return i + 1
			}
		}
		t.Fatalf("the stage funnel has no column %q: %q", header, rows[head-1])
		return 0
	}
	fontColour := func(sheet string, c, r int) string {
		cell, _ := excelize.CoordinatesToCellName(c, r)
		id, err := f.GetCellStyle(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.Font == nil {
			return ""
		}
		return st.Font.Color
	}
	awareness := findReportRow(t, f, SheetSummary, "Awareness")
	consideration := findReportRow(t, f, SheetSummary, "Consideration")
	for _, c := range []struct {
		header string
		row    int
		want   string
	}{
		{nameUsers + " change", awareness, colGoodFont},            // +2,000 users
		{nameStageOn + " change", awareness, colBadFont},           // -3.9 pp continue
		{nameStageDropOff + " change", awareness, colBadFont},      // +3.9 pp drop-off
		{nameStageDropOff + " change", consideration, colGoodFont}, // -2.4 pp drop-off
		{nameStageOn + " (previous)", consideration, ""},           // not a change
	} {
		if got := fontColour(SheetSummary, col(c.header), c.row); !strings.EqualFold(got, c.want) {
			t.Errorf("%s of row %d: font colour %q, want %q", c.header, c.row, got, c.want)
		}
	}
	// The KPI "Landing visitors" (at least 10,000) gained 500 users.
	row := findReportRow(t, f, SheetKPIs, "Landing visitors")
	cell := reportHeaderCol(t, f, SheetKPIs, "Actual change") + rowNum(row)
	c, r, _ := excelize.CellNameToCoordinates(cell)
	if got := fontColour(SheetKPIs, c, r); !strings.EqualFold(got, colGoodFont) {
		t.Errorf("KPIs!%s: font colour %q, want %q", cell, got, colGoodFont)
	}
}
