package diagnostics

import (
	"bytes"
	"flag"
	"path/filepath"
	"testing"

	"github.com/journey-maps/journey/journey"
	"github.com/journey-maps/journey/journey/journeytest"
)

var update = flag.Bool("update", false, "rewrite golden files")

// sample holds what the machine formats must get right: a path with a
// space and a non-ASCII letter, one with a colon in its first segment, an
// absolute path, standard input, errors and warnings, two equal findings
// in one file, and a position-less finding.
func sample() (journey.Diagnostics, []string) {
	ds := journey.Diagnostics{
		{File: "<stdin>", Line: 3, Column: 5, Severity: journey.Error, Rule: journey.RuleUnknownKey, Message: `unknown key "nme": did you mean "name"?`},
		{File: "/abs/maps/store.yaml", Line: 1, Column: 1, Severity: journey.Error, Rule: journey.RuleEmptyFile, Message: "the file is empty"},
		{File: "maps/café map.yaml", Line: 12, Column: 18, Severity: journey.Error, Rule: journey.RuleEmotionRange, Message: `emotion 3 of touchpoint "order-confirmed" is out of range: expected -2 to 2`},
		{File: "maps/café map.yaml", Line: 20, Column: 7, Severity: journey.Warning, Rule: journey.RuleEmptyStage, Message: `stage "after-sales" has no touchpoints`},
		{File: "maps/café map.yaml", Line: 30, Column: 9, Severity: journey.Warning, Rule: journey.RuleNoTarget, Message: `KPI "nps" has no target`},
		{File: "maps/café map.yaml", Line: 31, Column: 9, Severity: journey.Warning, Rule: journey.RuleNoTarget, Message: `KPI "nps" has no target`},
		{File: "odd:name/100%.yml", Line: 0, Column: 0, Severity: journey.Error, Rule: journey.RuleEncoding, Message: "the file is not UTF-8 text, 50% of it\nis binary"},
	}
	ds.Sort()
	files := []string{"<stdin>", "/abs/maps/store.yaml", "maps/café map.yaml", "maps/clean.yaml", "odd:name/100%.yml"}
	return ds, files
}

// TestGolden writes the sample in every format; the golden files under
// testdata/ are what CI tools read, reviewed in the diff.
func TestGolden(t *testing.T) {
	ds, files := sample()
	tests := []struct {
		golden string
		format string
		opts   Options
	}{
		{"sample.txt.golden", "text", Options{}},
		{"sample.json.golden", "json", Options{}},
		{"sample.github.golden", "github", Options{}},
		{"sample.sarif.golden", "sarif", Options{ToolVersion: "1.2.0"}},
		{"sample.junit.golden", "junit", Options{Files: files}},
		{"sample-strict.junit.golden", "junit", Options{Files: files, Strict: true}},
		{"clean.sarif.golden", "sarif", Options{ToolVersion: "dev"}},
		{"clean.junit.golden", "junit", Options{Files: []string{"maps/clean.yaml"}}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			in := ds
			if tt.golden[:5] == "clean" {
				in = nil
			}
			var b bytes.Buffer
			if err := Write(&b, tt.format, in, tt.opts); err != nil {
				t.Fatal(err)
			}
			journeytest.Golden(t, filepath.Join("testdata", tt.golden), b.Bytes(), *update)
		})
	}
}
