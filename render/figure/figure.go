// Package figure formats the journey's figures for people: head counts,
// rates as percentages, custom metrics and changes between two periods.
// The picture and every text format of the gap report use it, so that a
// figure reads the same wherever it is shown.
package figure

import (
	"math"
	"strconv"
	"strings"

	"github.com/journey-maps/journey/journey"
)

// Kind tells how a figure is shown.
type Kind int

// Figure kinds.
const (
	Count   Kind = iota // people, with thousands separators
	Percent             // a fraction shown as a percentage
	Number              // a custom metric, shown as it is
)

// Format formats a figure for a table: counts with thousands separators
// (one decimal when the count is an estimate with a fraction), fractions
// as percentages with exactly one decimal so that columns line up, custom
// metrics with at most two decimals. "" when there is no figure (nil, NaN
// or infinite).
func Format(k Kind, v *float64) string {
	if !usable(v) {
		return ""
	}
	switch k {
	case Percent:
		return trimNegZero(strconv.FormatFloat(*v*100, 'f', 1, 64)) + "%"
	case Count:
		if *v == math.Trunc(*v) {
			return Group(strconv.FormatFloat(*v, 'f', 0, 64))
		}
		return Group(trimNegZero(strconv.FormatFloat(*v, 'f', 1, 64)))
	default:
		return number(*v)
	}
}

// Compact formats a figure for the picture, where space is short: counts
// rounded to whole people, percentages with at most one decimal (50%,
// 37.5%), custom metrics as Format shows them. "" when there is no figure.
func Compact(k Kind, v *float64) string {
	if !usable(v) {
		return ""
	}
	switch k {
	case Percent:
		p := math.Round(*v*1000) / 10
		return trimNegZero(strconv.FormatFloat(p, 'f', -1, 64)) + "%"
	case Count:
		return Group(trimNegZero(strconv.FormatFloat(math.Round(*v), 'f', 0, 64)))
	default:
		return number(*v)
	}
}

// Change formats a period-over-period change or a KPI's gap to its target
// with its sign; the change of a rate is in percentage points ("+2.5 pp").
// "" when there is no figure.
func Change(k Kind, v *float64) string {
	if !usable(v) {
		return ""
	}
	var s string
	if k == Percent {
		s = trimNegZero(strconv.FormatFloat(*v*100, 'f', 1, 64)) + " pp"
	} else {
		s = Format(k, v)
	}
	if !strings.HasPrefix(s, "-") && strings.ContainsAny(s, "123456789") {
		s = "+" + s
	}
	return s
}

func usable(v *float64) bool {
	return v != nil && !math.IsNaN(*v) && !math.IsInf(*v, 0)
}

// number shows a custom metric with at most two decimals.
func number(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return Group(trimNegZero(s))
}

// trimNegZero drops the sign of a number that rounds to zero: no "-0%".
func trimNegZero(s string) string {
	if strings.HasPrefix(s, "-") && strings.Trim(s, "-0.") == "" {
		return s[1:]
	}
	return s
}

// Group puts commas between the thousands of a formatted number's integer
// part: 1234567.5 -> 1,234,567.5.
func Group(s string) string {
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

// Of is the kind of a KPI metric's figures: people for users, a rate for
// conversion and drop-off, a custom metric for any other column.
func Of(metric string) Kind {
	switch metric {
	case journey.MetricUsers:
		return Count
	case journey.MetricConversion, journey.MetricDropOff:
		return Percent
	}
	return Number
}

// Target shows a KPI's target with its comparison, "<= 35%", in the unit
// of the KPI's metric, as Compact shows figures: the operator is always
// written, even where the file leaves it out (a bare "35%" on a drop-off
// means at most). "" without a target.
func Target(t *journey.Target, metric string) string {
	if t == nil {
		return ""
	}
	v := t.Value
	s := Compact(Of(metric), &v)
	if s == "" {
		return ""
	}
	return t.Op + " " + s
}
