package journey

import (
	"strings"
	"testing"
)

// TestTextLists reads the canvas lanes' lists (a stage's goals; a
// touchpoint's actions, thoughts and back-stage processes) and leaves out
// the empty and repeated items the validator warns about.
func TestTextLists(t *testing.T) {
	src := `version: 1
name: Lease
stages:
  - id: apply
    name: Apply
    goals: [Know the monthly price, "", Know the monthly price]
    touchpoints:
      - id: form
        name: Application form
        actions: [Types income, Uploads payslip]
        thoughts: ["Why do they need this?"]
        backstage: [Credit check, " ", Credit check, Fraud screening]
        pains: [Slow upload]
      - id: done
        name: Done
`
	j, diags := Parse("lease.yaml", []byte(src))
	if diags.Errors() > 0 {
		t.Fatalf("errors:\n%s", format(diags))
	}
	tests := []struct {
		what string
		got  []string
		want string
	}{
		{"stage goals", j.Stage("apply").Goals, "Know the monthly price"},
		{"actions", j.Touchpoint("form").Actions, "Types income|Uploads payslip"},
		{"thoughts", j.Touchpoint("form").Thoughts, "Why do they need this?"},
		{"backstage", j.Touchpoint("form").Backstage, "Credit check|Fraud screening"},
		{"pains", j.Touchpoint("form").Pains, "Slow upload"},
		{"absent", j.Touchpoint("done").Actions, ""},
	}
	for _, tt := range tests {
		if got := strings.Join(tt.got, "|"); got != tt.want {
			t.Errorf("%s = %q, want %q", tt.what, got, tt.want)
		}
	}
	var rules []string
	for _, d := range diags {
		rules = append(rules, d.Rule)
	}
	if got, want := strings.Join(rules, ","), "empty-text,duplicate-text,empty-text,duplicate-text"; got != want {
		t.Errorf("rules = %s, want %s:\n%s", got, want, format(diags))
	}
}
