package render

import (
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/journey-maps/journey/journey"
)

// noDropOffs stands in for the worst drop-offs when there are none.
const noDropOffs = "No touchpoint shows a drop-off in the data."

// noData is how the text formats show a figure the data does not have.
const noData = "–"

// formatFigure formats a figure for people: counts with thousands
// separators, fractions as percentages with one decimal.
func formatFigure(k Kind, v *float64) string {
	if v == nil {
		return noData
	}
	switch k {
	case KindPercent:
		return trimNegZero(strconv.FormatFloat(*v*100, 'f', 1, 64)) + "%"
	case KindCount:
		if *v == math.Trunc(*v) {
			return groupThousands(strconv.FormatFloat(*v, 'f', 0, 64))
		}
		return groupThousands(trimNegZero(strconv.FormatFloat(*v, 'f', 1, 64)))
	default:
		return formatNumber(*v)
	}
}

// formatChange formats a period-over-period change or a KPI gap with its
// sign; a change of a rate is in percentage points.
func formatChange(k Kind, v *float64) string {
	if v == nil {
		return noData
	}
	var s string
	switch k {
	case KindPercent:
		s = trimNegZero(strconv.FormatFloat(*v*100, 'f', 1, 64)) + " pp"
	case KindCount:
		s = formatFigure(KindCount, v)
	default:
		s = formatNumber(*v)
	}
	if !strings.HasPrefix(s, "-") && strings.ContainsAny(s, "123456789") {
		s = "+" + s
	}
	return s
}

// formatNumber shows a custom metric with at most two decimals.
func formatNumber(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return groupThousands(trimNegZero(s))
}

func trimNegZero(s string) string {
	if strings.HasPrefix(s, "-") && strings.Trim(s, "-0.") == "" {
		return s[1:]
	}
	return s
}

// groupThousands puts commas into the integer part of a formatted number.
func groupThousands(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	frac := ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s, frac = s[:i], s[i:]
	}
	if len(s) <= 3 {
		return sign + s + frac
	}
	var b strings.Builder
	lead := len(s) % 3
	if lead > 0 {
		b.WriteString(s[:lead])
	}
	for i := lead; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return sign + b.String() + frac
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
