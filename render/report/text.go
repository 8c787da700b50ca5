package report

import (
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/journey-maps/journey/journey"
	"github.com/journey-maps/journey/render/figure"
)

// noDropOffs stands in for the worst drop-offs when there are none.
const noDropOffs = "No touchpoint shows a drop-off in the data."

// noData is how the text formats show a figure the data does not have.
const noData = "–"

// formatFigure formats a figure for the text formats, "–" where there is
// none.
func formatFigure(k figure.Kind, v *float64) string {
	if s := figure.Format(k, v); s != "" {
		return s
	}
	return noData
}

// formatChange formats a change or a KPI gap with its sign, "–" where
// there is none.
func formatChange(k figure.Kind, v *float64) string {
	if s := figure.Change(k, v); s != "" {
		return s
	}
	return noData
}

// formatTarget shows a KPI target as "OP VALUE" in the KPI's unit.
func formatTarget(l KPILine) string {
	if l.Op == "" {
		return noData
	}
	t := l.Target
	return l.Op + " " + formatFigure(l.Kind, &t)
}

// formatEmotion shows an emotion score with its sign.
func formatEmotion(e *int) string {
	if e == nil {
		return ""
	}
	if *e > 0 {
		return "+" + strconv.Itoa(*e)
	}
	return strconv.Itoa(*e)
}

// formatMeanEmotion shows a mean emotion with its sign and one decimal,
// "" without one.
func formatMeanEmotion(e *float64) string {
	if e == nil {
		return ""
	}
	v := math.Round(*e*10) / 10
	if v == 0 {
		return "0.0"
	}
	s := strconv.FormatFloat(v, 'f', 1, 64)
	if v > 0 {
		s = "+" + s
	}
	return s
}

// statusLabel is a KPI status as people read it.
func statusLabel(s string) string {
	if s == journey.StatusNoData || s == "" {
		return "no data"
	}
	return s
}

// personaList names the personas a touchpoint serves.
func personaList(ids []string) string {
	if len(ids) == 0 {
		return "all"
	}
	return strings.Join(ids, ", ")
}

// sourceLine describes one data file: "file (period, N rows)".
func sourceLine(s journey.SourceInfo) (file, detail string) {
	var parts []string
	if s.Period != "" {
		parts = append(parts, s.Period)
	}
	if s.Rows == 1 {
		parts = append(parts, "1 row")
	} else {
		parts = append(parts, strconv.Itoa(s.Rows)+" rows")
	}
	return s.File, strings.Join(parts, ", ")
}

// noteLine is a data file's note with its place: "line 45: a second
// table ... was skipped".
func noteLine(n journey.Note) string {
	where := unmatchedWhere(journey.Unmatched{Line: n.Source.Line, Cell: n.Source.Cell})
	if where == "" {
		return n.Message
	}
	return where + ": " + n.Message
}

// unmatchedWhere is the place of an unmatched row: its line or cell.
func unmatchedWhere(u journey.Unmatched) string {
	switch {
	case u.Cell != "":
		return u.Cell
	case u.Line > 0:
		return "line " + strconv.Itoa(u.Line)
	}
	return ""
}

// unmatchedRows is how many data rows an unmatched entry stands for.
func unmatchedRows(u journey.Unmatched) int {
	if u.Rows < 1 {
		return 1
	}
	return u.Rows
}

// plainText makes an outside string safe for a terminal or a one-line
// cell: control characters (escape sequences, new lines) become spaces.
func plainText(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
}
