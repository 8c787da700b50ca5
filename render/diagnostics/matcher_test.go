package diagnostics

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/journey-maps/journey/journey"
)

// TestProblemMatcher: the GitHub problem matcher that the action registers
// (.github/journey-problem-matcher.json) reads every line of the text
// format back into its file, line, column, severity, message and rule.
func TestProblemMatcher(t *testing.T) {
	b, err := os.ReadFile("../../.github/journey-problem-matcher.json")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		ProblemMatcher []struct {
			Owner   string
			Pattern []struct {
				Regexp                                      string
				File, Line, Column, Severity, Message, Code int
			}
		}
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.ProblemMatcher) != 1 || len(m.ProblemMatcher[0].Pattern) != 1 {
		t.Fatalf("expected one matcher with one pattern: %+v", m)
	}
	p := m.ProblemMatcher[0].Pattern[0]
	re := regexp.MustCompile(p.Regexp)
	all, _ := sample()
	// A message with a line break goes on over two lines, which a one-line
	// pattern cannot read; journey's own messages have none.
	var ds journey.Diagnostics
	for _, d := range all {
		if !strings.Contains(d.Message, "\n") {
			ds = append(ds, d)
		}
	}
	var out bytes.Buffer
	if err := Write(&out, "text", ds, Options{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != len(ds) {
		t.Fatalf("%d lines for %d diagnostics", len(lines), len(ds))
	}
	for i, l := range lines {
		g := re.FindStringSubmatch(l)
		d := ds[i]
		if g == nil || g[p.File] != d.File || g[p.Line] != strconv.Itoa(d.Line) || g[p.Column] != strconv.Itoa(d.Column) ||
			g[p.Severity] != d.Severity.String() || g[p.Message] != d.Message || g[p.Code] != d.Rule {
			t.Errorf("%q read as %q", l, g)
		}
	}
	for _, l := range []string{"journey: cannot read maps/x.yaml: no such file or directory", "3 files checked: 1 error, 0 warnings"} {
		if re.MatchString(l) {
			t.Errorf("%q should not be read as a diagnostic", l)
		}
	}
}
