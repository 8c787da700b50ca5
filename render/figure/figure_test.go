package figure

import (
	"math"
	"testing"

	"github.com/journey-maps/journey/journey"
)

// TestCompact: the picture's figures.
func TestCompact(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		got, want string
	}{
		{Compact(Count, f(12000)), "12,000"},
		{Compact(Count, f(999.6)), "1,000"},
		{Compact(Count, f(1234567)), "1,234,567"},
		{Compact(Count, f(7)), "7"},
		{Compact(Count, nil), ""},
		{Compact(Count, f(math.NaN())), ""},
		{Compact(Percent, f(0.375)), "37.5%"},
		{Compact(Percent, f(0.5)), "50%"},
		{Compact(Percent, f(1)), "100%"},
		{Compact(Percent, f(-0.0001)), "0%"},
		{Compact(Percent, f(-0.25)), "-25%"},
		{Compact(Percent, f(0.12345)), "12.3%"},
		{Compact(Percent, nil), ""},
		{Compact(Of("csat"), f(4.256)), "4.26"},
		{Compact(Of("users"), f(4500)), "4,500"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// TestFormat: the tables' figures, and the sign of changes.
func TestFormat(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	for _, tc := range []struct{ got, want string }{
		{Format(Count, f(1234567)), "1,234,567"},
		{Format(Count, f(1234.56)), "1,234.6"},
		{Format(Percent, f(0.5)), "50.0%"},
		{Format(Number, f(12345.678)), "12,345.68"},
		{Format(Number, f(math.Inf(1))), ""},
		{Change(Percent, f(-0.0004)), "0.0 pp"},
		{Change(Count, f(1500)), "+1,500"},
		{Change(Number, nil), ""},
		{Group("-1234567.25"), "-1,234,567.25"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// TestTarget: a target reads with its operator, the one the file wrote or
// the one it implies.
func TestTarget(t *testing.T) {
	for _, tc := range []struct {
		raw, metric, want string
	}{
		{"35%", journey.MetricDropOff, "<= 35%"},
		{"60%", journey.MetricConversion, ">= 60%"},
		{">= 60%", journey.MetricConversion, ">= 60%"},
		{"< 12.25%", journey.MetricConversion, "< 12.3%"},
		{"> 1000", journey.MetricUsers, "> 1,000"},
		{">=4.2", "csat", ">= 4.2"},
		{"<=0.5", journey.MetricDropOff, "<= 50%"}, // a bare fraction
	} {
		tg, err := journey.ParseTarget(tc.raw, tc.metric)
		if err != nil {
			t.Fatalf("%q: %v", tc.raw, err)
		}
		if got := Target(&tg, tc.metric); got != tc.want {
			t.Errorf("Target(%q, %s) = %q, want %q", tc.raw, tc.metric, got, tc.want)
		}
	}
	if got := Target(nil, journey.MetricUsers); got != "" {
		t.Errorf("no target: got %q", got)
	}
}
