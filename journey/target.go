package journey

import (
	"fmt"
	"strconv"
	"strings"
)

// Target is a KPI goal such as ">= 60%". Value holds the number with a
// percent sign divided by 100, so "60%" and "0.6" are the same target.
type Target struct {
	Op    string
	Value float64
	// Raw is the target as written in the file.
	Raw string
}

// ParseTarget parses "OP NUMBER[%]" where OP is one of >= <= > <. Without
// an operator the target means "at least", except for the drop_off metric,
// where it means "at most".
func ParseTarget(raw, metric string) (Target, error) {
	s := strings.TrimSpace(raw)
	t := Target{Raw: raw}
	for _, op := range []string{">=", "<=", ">", "<"} {
		if strings.HasPrefix(s, op) {
			t.Op = op
			s = strings.TrimSpace(s[len(op):])
			break
		}
	}
	if t.Op == "" {
		t.Op = ">="
		if metric == MetricDropOff {
			t.Op = "<="
		}
	}
	percent := strings.HasSuffix(s, "%")
	s = strings.TrimSpace(strings.TrimSuffix(s, "%"))
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || s == "" || strings.ContainsAny(s, "xXpP_") || strings.EqualFold(s, "nan") || strings.Contains(strings.ToLower(s), "inf") {
		return Target{}, fmt.Errorf("expected OP NUMBER[%%] with OP one of >= <= > <, such as \">= 60%%\", found %q", raw)
	}
	if percent {
		v /= 100
	}
	t.Value = v
	return t, nil
}

// Met reports whether the actual figure meets the target.
func (t Target) Met(actual float64) bool {
	const eps = 1e-9
	switch t.Op {
	case ">=":
		return actual >= t.Value-eps
	case "<=":
		return actual <= t.Value+eps
	case ">":
		return actual > t.Value+eps
	default:
		return actual < t.Value-eps
	}
}

func (t Target) String() string { return strings.TrimSpace(t.Raw) }
