package diagnostics

import (
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"sort"

	"github.com/journey-maps/journey/journey"
)

// JUnit XML as test-report tools read it (GitLab's test reports, the
// GitHub actions that turn reports into checks): one suite per file
// checked; a file without problems is one passing test case, and every
// diagnostic is a test case of its own at its file and line. An error (or
// under Strict a warning) is a failure; otherwise a warning is a skipped
// case whose message is the warning, so that reports show it without
// failing the run. Counts on the suites are those of the cases written.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	File     string      `xml:"file,attr,omitempty"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// writeJUnit writes the report; files lists every file checked, clean or
// not, so that clean files count as passed tests.
func writeJUnit(w io.Writer, ds journey.Diagnostics, opts Options) error {
	byFile := map[string]journey.Diagnostics{}
	files := slices.Clone(opts.Files)
	for _, d := range ds {
		if _, ok := byFile[d.File]; !ok && !slices.Contains(files, d.File) {
			files = append(files, d.File)
		}
		byFile[d.File] = append(byFile[d.File], d)
	}
	sort.Strings(files)
	files = slices.Compact(files)
	out := junitSuites{Name: "journey validate"}
	for _, f := range files {
		file := f
		if f == stdinName {
			file = "" // no file in the repository to link to
		}
		suite := junitSuite{Name: f, File: file}
		if len(byFile[f]) == 0 {
			suite.Cases = append(suite.Cases, junitCase{Name: "valid", ClassName: f, File: file})
		}
		for _, d := range byFile[f] {
			name := d.Rule
			if d.Line > 0 {
				name = fmt.Sprintf("%s at %d:%d", d.Rule, d.Line, d.Column)
			}
			c := junitCase{
				Name:      name,
				ClassName: f,
				File:      file,
				Line:      d.Line,
			}
			if d.Severity == journey.Error || opts.Strict {
				c.Failure = &junitFailure{Message: d.Severity.String() + ": " + d.Message, Type: d.Rule, Text: d.String()}
				suite.Failures++
			} else {
				c.Skipped = &junitSkipped{Message: "warning: " + d.Message + " [" + d.Rule + "]"}
				c.SystemOut = d.String()
				suite.Skipped++
			}
			suite.Cases = append(suite.Cases, c)
		}
		suite.Tests = len(suite.Cases)
		out.Tests += suite.Tests
		out.Failures += suite.Failures
		out.Skipped += suite.Skipped
		out.Suites = append(out.Suites, suite)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
