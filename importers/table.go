package importers

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/journey-maps/journey/journey"
)

// locator turns a row position and a column index into a data source
// (a line for CSV, a cell for XLSX).
type locator func(pos, col int) journey.Source

// buildDataSet turns an aggregated table into step rows.
//
// A numeric column other than the users column is a custom metric only when
// a KPI of the journey names it as its metric or its header is a known
// per-step figure (knownFigures: nps, csat, revenue, ...); other numeric
// columns (ids, times, ports, coordinates, counts of something else) are
// not read. A table without a users column must have such a metric column
// (a survey export: touchpoint, csat); otherwise it is an error that names
// the users role.
func buildDataSet(name string, h *header, rows []rawRow, opts Options, at locator) (*journey.DataSet, error) {
	mapping := opts.Mapping
	fail := func(pos, col int, err error) error {
		src := at(pos, col)
		return &DataError{File: name, Line: src.Line, Cell: src.Cell, Err: err}
	}
	cell := func(r rawRow, col int) string {
		if col < 0 || col >= len(r.cells) {
			return ""
		}
		return r.cells[col]
	}
	headerPos := 0
	if len(rows) > 0 {
		headerPos = rows[0].pos - 1
	}
	if _, ok := mapping[roleUsers]; ok && !h.has(roleUsers) {
		return nil, fail(headerPos, -1, errors.New(h.missing(roleUsers, mapping)))
	}
	if _, ok := mapping[roleSegment]; ok && !h.has(roleSegment) {
		return nil, fail(headerPos, -1, errors.New(h.missing(roleSegment, mapping)))
	}
	segCol := -1
	if c, ok := h.role[roleSegment]; ok {
		segCol = c
	}
	// Other columns: a textual one is the breakdown dimension (GA4's
	// "Device category") when no segment column is named; numeric ones are
	// custom metrics when a KPI names them or they are known figures.
	kpiMetrics := metricNames(opts.Journey)
	var metricCols []int
	metricName := map[int]string{}
	for _, c := range h.rest {
		textual := false
		for _, r := range rows {
			v := cell(r, c)
			if v == "" {
				continue
			}
			if _, ok := parseNumber(v, true); !ok {
				textual = true
				break
			}
		}
		switch {
		case textual && segCol < 0:
			segCol = c
		case !textual:
			if !kpiMetrics[h.norm[c]] && !knownFigures[h.norm[c]] {
				continue
			}
			// The header as the export writes it (NPS stays NPS); KPIs
			// find it whatever its case (see journey.Analyze).
			metricName[c] = strings.TrimSpace(h.names[c])
			metricCols = append(metricCols, c)
		}
	}
	usersCol := -1
	if c, ok := h.role[roleUsers]; ok {
		usersCol = c
	} else if len(metricCols) == 0 {
		return nil, fail(headerPos, -1, errors.New(h.missing(roleUsers, mapping)))
	}
	labelCol := h.role[roleLabel]
	fromCol := -1
	if c, ok := h.role[roleFrom]; ok {
		fromCol = c
	}
	ds := &journey.DataSet{File: name}
	arrows := newArrowReader(opts.Journey)
	label := ""
	for _, r := range rows {
		if from := cell(r, fromCol); from != "" {
			if err := arrows.read(ds, r, from, cell(r, labelCol), cell(r, segCol), cell(r, usersCol), at); err != nil {
				return nil, fail(r.pos, usersCol, fmt.Errorf("column %s: %w", quoted(strings.TrimSpace(h.names[max(usersCol, 0)])), err))
			}
			continue
		}
		lv := cell(r, labelCol)
		if lv != "" {
			label = journey.StripStepNumber(lv)
		} else if label == "" {
			return nil, fail(r.pos, labelCol, fmt.Errorf("empty %s cell with no step above it to repeat", excerpt(strings.TrimSpace(h.names[labelCol]))))
		}
		row := journey.StepRow{Label: label, Source: at(r.pos, labelCol)}
		if segCol >= 0 {
			row.Segment = cleanSegment(cell(r, segCol))
			if isTotal(row.Segment) {
				row.Total = true
			}
		}
		if usersCol >= 0 {
			if v := cell(r, usersCol); v != "" {
				n, err := parseCount(v)
				if err != nil {
					return nil, fail(r.pos, usersCol, fmt.Errorf("column %s: %w", quoted(strings.TrimSpace(h.names[usersCol])), err))
				}
				row.Users, row.HasUsers = n, true
			}
		}
		for _, c := range metricCols {
			if v := cell(r, c); v != "" {
				n, err := parseMetric(v)
				if err != nil {
					return nil, fail(r.pos, c, fmt.Errorf("column %s: %w", quoted(strings.TrimSpace(h.names[c])), err))
				}
				if row.Metrics == nil {
					row.Metrics = map[string]float64{}
				}
				row.Metrics[metricName[c]] = n
			}
		}
		ds.Rows = append(ds.Rows, row)
	}
	return ds, nil
}

// metricNames is the set of normalised headers of the custom metrics the
// journey's KPIs name.
func metricNames(j *journey.Journey) map[string]bool {
	out := map[string]bool{}
	if j == nil {
		return out
	}
	for _, k := range j.KPIs {
		switch k.Metric {
		case journey.MetricUsers, journey.MetricConversion, journey.MetricDropOff, "":
			continue
		}
		out[normHeader(k.Metric)] = true
	}
	return out
}

var (
	thousands    = regexp.MustCompile(`^[-+]?\d{1,3}(,\d{3})+(\.\d*)?$`)
	decimalComma = regexp.MustCompile(`^[-+]?\d+,\d{1,2}$`)
)

// parseNumber reads a number with optional thousands separators (commas
// between groups of three digits, spaces) and, when percent is allowed, a
// trailing "%" (divided by 100). A comma before one or two final digits is
// a decimal comma ("4,5"); any other comma makes it no number.
//
// NaN, Inf and numbers beyond float64's range are numbers gone wrong, not
// text: they come back as NaN or an infinity with ok set, for parseCount
// and parseMetric to name as errors, so that a column holding one is still
// taken for a numeric column.
func parseNumber(s string, percent bool) (float64, bool) {
	s = strings.TrimSpace(s)
	div := 1.0
	if percent && strings.HasSuffix(s, "%") {
		s = strings.TrimSpace(strings.TrimSuffix(s, "%"))
		div = 100
	}
	switch strings.ToLower(strings.TrimLeft(s, "+-")) {
	case "nan":
		return math.NaN(), true
	case "inf", "infinity", "∞":
		if strings.HasPrefix(s, "-") {
			return math.Inf(-1), true
		}
		return math.Inf(1), true
	}
	if strings.ContainsAny(s, " \u00a0\u202f") {
		s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(s)
	}
	if strings.Contains(s, ",") {
		switch {
		case thousands.MatchString(s):
			s = strings.ReplaceAll(s, ",", "")
		case decimalComma.MatchString(s):
			s = strings.Replace(s, ",", ".", 1) // 4,5 as Europe writes 4.5
		default:
			return 0, false
		}
	}
	if s == "" || strings.ContainsAny(s, "xXpP_nNiI") {
		return 0, false // no hex, underscores or spelled-out NaN and Inf
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, false
	}
	return v / div, true // out of range: ±Inf, or 0 for tiny values
}

// maxExact is 2^53: float64 holds every whole number below it exactly,
// and no count of people comes near it. Numbers from it on are refused,
// since "9007199254740993" reads as 2^53 itself.
const maxExact = 1 << 53

// parseCount reads a count of users: a whole number from 0 to below 2^53.
func parseCount(s string) (float64, error) {
	v, ok := parseNumber(s, false)
	var problem string
	switch {
	case !ok:
	case math.IsNaN(v) || math.IsInf(v, 0):
		problem = ", which is not a finite number"
	case v < 0:
		problem = ", a negative count"
	case v != math.Trunc(v):
		problem = ", which is not a whole number"
	case v >= maxExact:
		problem = ", 2^53 (9007199254740992) or more"
	default:
		return v, nil
	}
	return 0, fmt.Errorf("expected a count of users (a number such as 1200 or \"1,200\"), found %s%s", quoted(s), problem)
}

// parseMetric reads a custom metric: a finite number between -2^53 and
// 2^53, so that sums and users-weighted means over it stay finite.
func parseMetric(s string) (float64, error) {
	v, ok := parseNumber(s, true)
	switch {
	case !ok:
		return 0, fmt.Errorf("expected a number, found %s", quoted(s))
	case math.IsNaN(v) || math.IsInf(v, 0):
		return 0, fmt.Errorf("expected a number, found %s, which is not a finite number", quoted(s))
	case math.Abs(v) >= maxExact:
		return 0, fmt.Errorf("expected a number between -2^53 and 2^53 (9007199254740992), found %s", quoted(s))
	}
	return v, nil
}

// cutUnmatchedLabels cuts the labels of rows that match no touchpoint to
// an excerpt when they are long: they are reported as unmatched rows, and
// a cell of megabytes would flood the report. Labels that match are kept
// whole.
func cutUnmatchedLabels(ds *journey.DataSet, j *journey.Journey) {
	if j == nil {
		return
	}
	var m *journey.Matcher
	for i := range ds.Rows {
		r := &ds.Rows[i]
		if len(r.Label) <= shownWhole {
			continue
		}
		if m == nil {
			m = journey.NewMatcher(j)
		}
		if m.Match(r.Label) == nil {
			r.Label = excerpt(r.Label)
		}
	}
}

// cleanSegment turns PostHog's list-style breakdown values (["cio"]) into
// the bare value.
func cleanSegment(s string) string {
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	s = strings.Trim(s, `"'`)
	return strings.TrimSpace(s)
}

// isTotal reports whether a breakdown value stands for everyone.
func isTotal(s string) bool {
	switch strings.ToLower(s) {
	case "total", "all users", "all", "overall":
		return true
	}
	return false
}

var (
	periodCompact = regexp.MustCompile(`\b(20\d{2})(\d{2})(\d{2})\s*[-–]\s*(20\d{2})(\d{2})(\d{2})\b`)
	periodISO     = regexp.MustCompile(`\b(20\d{2})-(\d{2})-(\d{2})\s*(?:-|–|to|\.\.|until|through)\s*(20\d{2})-(\d{2})-(\d{2})\b`)
)

var periodNamed = regexp.MustCompile(`(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? (\d{1,2}),? (20\d{2})\s*(?:-|–|to|until|through)\s*(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? (\d{1,2}),? (20\d{2})\b`)

var months = map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}

var (
	startDate = regexp.MustCompile(`(?i)\bstart date:\s*(20\d{2})-?(\d{2})-?(\d{2})\b`)
	endDate   = regexp.MustCompile(`(?i)\bend date:\s*(20\d{2})-?(\d{2})-?(\d{2})\b`)
)

// findPeriod finds a stated date range in the lines before the header:
// GA4's "# 20260901-20260930" or its pair of lines "# Start date: 20260910"
// and "# End date: 20261007", "2026-09-01 to 2026-09-30" or
// "Sep 1, 2026 - Sep 30, 2026"; it returns "2026-09-01..2026-09-30".
func findPeriod(notes []string) string {
	var start, end []string
	for _, n := range notes {
		if m := startDate.FindStringSubmatch(n); m != nil && start == nil {
			start = m
		}
		if m := endDate.FindStringSubmatch(n); m != nil && end == nil {
			end = m
		}
	}
	if start != nil && end != nil {
		return fmt.Sprintf("%s-%s-%s..%s-%s-%s", start[1], start[2], start[3], end[1], end[2], end[3])
	}
	for _, n := range notes {
		for _, re := range []*regexp.Regexp{periodCompact, periodISO} {
			if m := re.FindStringSubmatch(n); m != nil {
				return fmt.Sprintf("%s-%s-%s..%s-%s-%s", m[1], m[2], m[3], m[4], m[5], m[6])
			}
		}
		if m := periodNamed.FindStringSubmatch(n); m != nil {
			d1, _ := strconv.Atoi(m[2])
			d2, _ := strconv.Atoi(m[5])
			return fmt.Sprintf("%s-%02d-%02d..%s-%02d-%02d", m[3], months[strings.ToLower(m[1])], d1, m[6], months[strings.ToLower(m[4])], d2)
		}
	}
	return ""
}

// arrowReader reads the arrow rows of a step table (a from_touchpoint
// cell, as journey sql writes them): the users who came to the row's
// touchpoint from that one, for everyone (segment Total or empty) or a
// persona. Both ends are matched like step labels; a row whose ends match
// no touchpoint is listed as unmatched, never dropped.
type arrowReader struct {
	m         *journey.Matcher
	unmatched map[string]int
}

func newArrowReader(j *journey.Journey) *arrowReader {
	a := &arrowReader{unmatched: map[string]int{}}
	if j != nil {
		a.m = journey.NewMatcher(j)
	}
	return a
}

func (a *arrowReader) read(ds *journey.DataSet, r rawRow, from, to, seg, users string, at locator) error {
	if users == "" {
		return errors.New("expected the users of the arrow, found an empty cell")
	}
	n, err := parseCount(users)
	if err != nil {
		return err
	}
	from, to, seg = journey.StripStepNumber(from), journey.StripStepNumber(to), cleanSegment(seg)
	if isTotal(seg) {
		seg = ""
	}
	if a.m != nil {
		ft, tt := a.m.Match(from), a.m.Match(to)
		if ft == nil || tt == nil {
			value := excerpt(from + " -> " + to)
			if i, ok := a.unmatched[value]; ok {
				ds.Unmatched[i].Rows++
				return nil
			}
			src := at(r.pos, 0)
			a.unmatched[value] = len(ds.Unmatched)
			ds.Unmatched = append(ds.Unmatched, journey.Unmatched{File: src.File, Line: src.Line, Cell: src.Cell, Value: value, Rows: 1})
			return nil
		}
		from, to = ft.ID, tt.ID
	}
	ds.Edges = append(ds.Edges, journey.EdgeRow{From: from, To: to, Persona: seg, Users: n})
	return nil
}
