package diagnostics

import (
	"bytes"
	"encoding/xml"
	"testing"
)

// TestJUnitCounts: the counts on every suite and on the whole report are
// those of the cases written, and under Strict warnings turn from skipped
// into failures; every case names its file, except standard input's.
func TestJUnitCounts(t *testing.T) {
	ds, files := sample()
	type counts struct{ tests, failures, skipped int }
	for _, tt := range []struct {
		name   string
		strict bool
		want   counts
	}{
		{"warnings skipped", false, counts{8, 4, 3}},
		{"strict", true, counts{8, 7, 0}},
	} {
		var b bytes.Buffer
		if err := Write(&b, "junit", ds, Options{Files: files, Strict: tt.strict}); err != nil {
			t.Fatal(err)
		}
		var report struct {
			Tests    int `xml:"tests,attr"`
			Failures int `xml:"failures,attr"`
			Skipped  int `xml:"skipped,attr"`
			Suites   []struct {
				Name     string `xml:"name,attr"`
				Tests    int    `xml:"tests,attr"`
				Failures int    `xml:"failures,attr"`
				Skipped  int    `xml:"skipped,attr"`
				Cases    []struct {
					File    string    `xml:"file,attr"`
					Failure *struct{} `xml:"failure"`
					Skipped *struct {
						Message string `xml:"message,attr"`
					} `xml:"skipped"`
				} `xml:"testcase"`
			} `xml:"testsuite"`
		}
		if err := xml.Unmarshal(b.Bytes(), &report); err != nil {
			t.Fatalf("%s: invalid XML: %v", tt.name, err)
		}
		var all counts
		for _, s := range report.Suites {
			var c counts
			for _, tc := range s.Cases {
				c.tests++
				if tc.Failure != nil {
					c.failures++
				}
				if tc.Skipped != nil {
					c.skipped++
					if tc.Skipped.Message == "" {
						t.Errorf("%s: %s: a warning without its message", tt.name, s.Name)
					}
				}
				if want := map[bool]string{true: "", false: s.Name}[s.Name == stdinName]; tc.File != want {
					t.Errorf("%s: %s: case file %q, want %q", tt.name, s.Name, tc.File, want)
				}
			}
			if c != (counts{s.Tests, s.Failures, s.Skipped}) {
				t.Errorf("%s: suite %s says %d/%d/%d, has %+v", tt.name, s.Name, s.Tests, s.Failures, s.Skipped, c)
			}
			all.tests += c.tests
			all.failures += c.failures
			all.skipped += c.skipped
		}
		if all != tt.want || all != (counts{report.Tests, report.Failures, report.Skipped}) {
			t.Errorf("%s: report says %d/%d/%d, has %+v, want %+v", tt.name, report.Tests, report.Failures, report.Skipped, all, tt.want)
		}
	}
}
