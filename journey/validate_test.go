package journey

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestRules checks each rule's fixture: the diagnostics must include the
// rule, and the whole list must match the golden file (positions included).
func TestRules(t *testing.T) {
	tests := []struct {
		fixture string
		rule    string
	}{
		{"yaml-syntax", RuleSyntax},
		{"not-utf8", RuleEncoding},
		{"empty-file", RuleEmptyFile},
		{"unsupported-version", RuleUnsupportedVersion},
		{"unknown-key", RuleUnknownKey},
		{"duplicate-key", RuleDuplicateKey},
		{"missing-key", RuleMissingKey},
		{"missing-stages", RuleMissingKey},
		{"wrong-type", RuleWrongType},
		{"not-a-mapping", RuleWrongType},
		{"invalid-id", RuleInvalidID},
		{"duplicate-id", RuleDuplicateID},
		{"unknown-reference", RuleUnknownReference},
		{"wrong-reference-kind", RuleWrongReference},
		{"emotion-range", RuleEmotionRange},
		{"malformed-target", RuleMalformedTarget},
		{"kpi-scope", RuleKPIScope},
		{"unreachable-touchpoint", RuleUnreachable},
		{"unused-persona", RuleUnusedPersona},
		{"empty-stage", RuleEmptyStage},
		{"kpi-without-target", RuleNoTarget},
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		covered[tt.rule] = true
		t.Run(tt.fixture, func(t *testing.T) {
			path := filepath.Join("..", "testdata", "validate", tt.fixture+".yaml")
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			_, diags := Parse(tt.fixture+".yaml", src)
			found := false
			for _, d := range diags {
				if d.Rule == tt.rule {
					found = true
				}
			}
			if !found {
				t.Errorf("no %s diagnostic; got:\n%s", tt.rule, format(diags))
			}
			golden(t, strings.TrimSuffix(path, ".yaml")+".golden", format(diags))
		})
	}
	for _, r := range Rules {
		if !covered[r.ID] {
			t.Errorf("rule %s has no fixture", r.ID)
		}
	}
}

func format(ds Diagnostics) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./journey -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("diagnostics differ from %s\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// TestExamplesValid keeps the shipped examples clean under --strict.
func TestExamplesValid(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "examples", "*.yaml"))
	if err != nil || len(files) < 3 {
		t.Fatalf("expected at least three examples, found %d (%v)", len(files), err)
	}
	for _, f := range files {
		j, diags, err := Load(f)
		if err != nil {
			t.Fatal(err)
		}
		if len(diags) > 0 {
			t.Errorf("%s:\n%s", f, format(diags))
		}
		if j == nil || len(j.Touchpoints()) == 0 {
			t.Errorf("%s: no touchpoints loaded", f)
		}
	}
}
