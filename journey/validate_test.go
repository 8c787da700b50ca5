package journey

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/journey-maps/journey/journey/journeytest"
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
		{"alias-expansion", RuleAliasExpansion},
		{"control-character", RuleControlCharacter},
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
		{"target-out-of-range", RuleTargetRange},
		{"unreachable-touchpoint", RuleUnreachable},
		{"unused-persona", RuleUnusedPersona},
		{"empty-stage", RuleEmptyStage},
		{"kpi-without-target", RuleNoTarget},
		{"ambiguous-event", RuleAmbiguousEvent},
		{"misspelled-metric", RuleMisspelledMetric},
		{"empty-text", RuleEmptyText},
		{"duplicate-text", RuleDuplicateText},
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
	journeytest.Golden(t, path, []byte(got), *update)
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

// TestAnchorsAndMergeKeys: shared values through anchors, aliases and merge
// keys read as if written out; problems inside an anchor are reported once,
// at the anchor.
func TestAnchorsAndMergeKeys(t *testing.T) {
	src := `version: 1
name: Anchors
stages:
  - id: purchase
    name: Purchase
    touchpoints:
      - &web
        id: cart
        name: Cart
        channel: web
        owner: e-commerce
        pains: &slow [Slow page]
      - <<: *web
        id: checkout
        name: Checkout
        pains: *slow
      - <<: [{channel: phone, colour: red}, *web]
        id: hotline
        name: Order hotline
      - <<: [{channel: phone, colour: red}]
        id: callback
        name: Callback
`
	j, diags := Parse("anchors.yaml", []byte(src))
	want := "anchors.yaml:17:31: error: unknown key \"colour\" in a touchpoint; expected one of id, name, description, channel, personas, owner, emotion, pains, opportunities, actions, thoughts, backstage, events, next [unknown-key]\n" +
		"anchors.yaml:20:31: error: unknown key \"colour\" in a touchpoint; expected one of id, name, description, channel, personas, owner, emotion, pains, opportunities, actions, thoughts, backstage, events, next [unknown-key]\n"
	if got := format(diags); got != want {
		t.Fatalf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
	checkout := j.Touchpoint("checkout")
	if checkout == nil || checkout.Channel != "web" || checkout.Owner != "e-commerce" || strings.Join(checkout.Pains, ",") != "Slow page" {
		t.Errorf("merged checkout = %+v", checkout)
	}
	if h := j.Touchpoint("hotline"); h == nil || h.Channel != "phone" || h.Owner != "e-commerce" {
		t.Errorf("the first merged mapping should win: %+v", h)
	}
	if c := j.Touchpoint("cart"); c == nil || c.Name != "Cart" {
		t.Errorf("the anchored touchpoint itself: %+v", c)
	}
}

func TestMergeCycle(t *testing.T) {
	for _, src := range []string{
		"version: 1\nname: x\nstages:\n  - &s\n    id: a\n    name: A\n    <<: *s\n",
		"version: 1\nname: x\nstages:\n  - &s\n    id: a\n    <<: [{name: A, <<: *s}]\n",
	} {
		_, diags := Parse("cycle.yaml", []byte(src))
		if !strings.Contains(format(diags), "merge cycle") {
			t.Errorf("no merge-cycle diagnostic for:\n%s\ngot:\n%s", src, format(diags))
		}
	}
}
