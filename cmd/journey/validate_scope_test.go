package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/journey-maps/journey/journey/journeytest"
)

const scopeFixtures = "../../testdata/scope"

// TestValidateScope runs journey validate in a folder that holds journey
// maps beside a docker-compose.yml, an mkdocs.yml and GitHub workflows:
// the maps are checked, broken ones caught (a YAML syntax error and a
// misspelt stages key included), and the other YAML is passed over.
// --exclude leaves out what it matches.
func TestValidateScope(t *testing.T) {
	goldenDir, err := filepath.Abs(scopeFixtures)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		golden string
		args   []string
		code   int
	}{
		{"no-path", []string{"validate"}, 1},
		{"dot", []string{"validate", "."}, 1},
		{"exclude-name", []string{"validate", "--exclude", "drafts", "--exclude", "*.draft.yaml"}, 1},
		{"exclude-double-star", []string{"validate", "--exclude", "**/*.draft.yaml", "--exclude", "./drafts/"}, 1},
		{"exclude-path", []string{"validate", "--exclude", "maps/*.yaml", "--exclude", "drafts/*.yaml"}, 2},
		{"exclude-malformed", []string{"validate", "--exclude", "maps/["}, 2},
		{"other-yaml-named", []string{"validate", "ci/go.yml"}, 1},
		{"other-yaml-only", []string{"validate", "ci"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			t.Chdir(scopeFixtures)
			code, out, errOut := runCmd(t, "", tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			got := "--- stdout\n" + out + "--- stderr\n" + errOut
			journeytest.Golden(t, filepath.Join(goldenDir, tt.golden+".golden"), []byte(got), *update)
			if tt.golden == "no-path" || tt.golden == "dot" {
				for _, other := range []string{"docker-compose.yml", "mkdocs.yml", "go.yml"} {
					if strings.Contains(out+errOut, other) {
						t.Errorf("%s is reported:\n%s", other, out)
					}
				}
				for _, broken := range []string{"maps/broken.yaml:", "maps/syntax.yaml:2:7", "maps/typo.yaml:", "maps/checkout.journey.yaml:", "drafts/wip.yaml:"} {
					if !strings.Contains(out, broken) {
						t.Errorf("%s is not reported:\n%s", broken, out)
					}
				}
			}
		})
	}
}

func TestExcluded(t *testing.T) {
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"drafts", "drafts", true},
		{"drafts", "maps/drafts", true},
		{"*.draft.yaml", "maps/a.draft.yaml", true},
		{"*.draft.yaml", "maps/a.yaml", false},
		{"maps/*.yaml", "maps/a.yaml", true},
		{"maps/*.yaml", "maps/sub/a.yaml", false},
		{"maps/**/*.yaml", "maps/a.yaml", true},
		{"maps/**/*.yaml", "maps/x/y/a.yaml", true},
		{"maps/**", "maps", true},
		{"**/archive", "a/b/archive", true},
		{"**/archive", "archive", true},
		{"**/archive", "a/archive/x.yaml", false},
		{"./maps/", "maps", true},
		{"maps/a?.yaml", "maps/ab.yaml", true},
		{"maps/[ab].yaml", "maps/c.yaml", false},
	}
	for _, tt := range tests {
		if got := excluded([]string{tt.pattern}, tt.path); got != tt.want {
			t.Errorf("excluded(%q, %q) = %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
}
