// Package diagnostics writes the validator's findings in the formats people
// and tools read: text lines with optional caret snippets and colour, JSON,
// GitHub workflow commands, SARIF 2.1.0 and JUnit XML. Every format is made
// from the same journey.Diagnostics.
package diagnostics

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/journey-maps/journey/journey"
)

// Formats lists the formats of Write.
var Formats = []string{"text", "json", "github", "sarif", "junit"}

// Options tunes the text format.
type Options struct {
	// Sources holds file contents by name; with Snippets, text output shows
	// the offending line and a caret under the column.
	Sources  map[string][]byte
	Snippets bool
	Color    bool
	// Files lists every file checked, for formats that report clean files
	// too (JUnit).
	Files []string
	// Strict makes warnings fail (JUnit failures).
	Strict bool
}

// Write writes diagnostics (already sorted) in the format.
func Write(w io.Writer, format string, ds journey.Diagnostics, opts Options) error {
	switch format {
	case "text":
		return writeText(w, ds, opts)
	case "json":
		return writeJSON(w, ds)
	case "github":
		return writeGitHub(w, ds)
	case "sarif":
		return writeSARIF(w, ds)
	case "junit":
		return writeJUnit(w, ds, opts)
	}
	return fmt.Errorf("unknown diagnostics format %q: expected one of %s", format, strings.Join(Formats, ", "))
}

const (
	sgrRed    = "\x1b[31m"
	sgrYellow = "\x1b[33m"
	sgrBold   = "\x1b[1m"
	sgrDim    = "\x1b[2m"
	sgrReset  = "\x1b[0m"
)

func writeText(w io.Writer, ds journey.Diagnostics, opts Options) error {
	var b bytes.Buffer
	lines := map[string][]string{}
	for _, d := range ds {
		sev := d.Severity.String()
		if opts.Color {
			c := sgrRed
			if d.Severity == journey.Warning {
				c = sgrYellow
			}
			fmt.Fprintf(&b, "%s%s:%d:%d:%s %s%s%s: %s %s[%s]%s\n", sgrBold, d.File, d.Line, d.Column, sgrReset, c, sev, sgrReset, d.Message, sgrDim, d.Rule, sgrReset)
		} else {
			fmt.Fprintf(&b, "%s:%d:%d: %s: %s [%s]\n", d.File, d.Line, d.Column, sev, d.Message, d.Rule)
		}
		if !opts.Snippets {
			continue
		}
		src, ok := opts.Sources[d.File]
		if !ok {
			continue
		}
		ls, ok := lines[d.File]
		if !ok {
			ls = strings.Split(string(src), "\n")
			lines[d.File] = ls
		}
		if d.Line < 1 || d.Line > len(ls) {
			continue
		}
		line := strings.TrimRight(ls[d.Line-1], "\r")
		fmt.Fprintf(&b, "%5d | %s\n", d.Line, line)
		pad := caretPad(line, d.Column)
		caret := "^"
		if opts.Color {
			caret = sgrBold + "^" + sgrReset
		}
		fmt.Fprintf(&b, "      | %s%s\n", pad, caret)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// caretPad returns the white space that puts a caret under the 1-based
// column (counted in runes), keeping tabs so the caret lines up.
func caretPad(line string, col int) string {
	var pad strings.Builder
	i := 1
	for _, r := range line {
		if i >= col {
			break
		}
		if r == '\t' {
			pad.WriteByte('\t')
		} else {
			pad.WriteByte(' ')
		}
		i++
	}
	for ; i < col; i++ {
		pad.WriteByte(' ')
	}
	return pad.String()
}

type jsonDiagnostic struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Message  string `json:"message"`
}

func writeJSON(w io.Writer, ds journey.Diagnostics) error {
	out := make([]jsonDiagnostic, 0, len(ds))
	for _, d := range ds {
		out = append(out, jsonDiagnostic{d.File, d.Line, d.Column, d.Severity.String(), d.Rule, d.Message})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // "<= 10%" as written, not "\u003c= 10%"
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// GitHub workflow commands need %, CR and LF escaped in the message, and
// also : and , in property values.
var (
	ghData     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func writeGitHub(w io.Writer, ds journey.Diagnostics) error {
	var b bytes.Buffer
	for _, d := range ds {
		fmt.Fprintf(&b, "::%s file=%s,line=%d,col=%d::%s\n", d.Severity, ghProperty.Replace(d.File), d.Line, d.Column, ghData.Replace(d.Message))
	}
	_, err := w.Write(b.Bytes())
	return err
}

type sarifLog struct {
	Version string     `json:"version"`
	Schema  string     `json:"$schema"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name  string      `json:"name"`
	Rules []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID               string      `json:"id"`
	ShortDescription sarifText   `json:"shortDescription"`
	DefaultConfig    sarifConfig `json:"defaultConfiguration"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifLocation struct {
	Physical sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	Artifact sarifArtifact `json:"artifactLocation"`
	Region   sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
}

func writeSARIF(w io.Writer, ds journey.Diagnostics) error {
	rules := make([]sarifRule, 0, len(journey.Rules))
	for _, r := range journey.Rules {
		rules = append(rules, sarifRule{ID: r.ID, ShortDescription: sarifText{r.Summary}, DefaultConfig: sarifConfig{r.Severity.String()}})
	}
	results := make([]sarifResult, 0, len(ds))
	for _, d := range ds {
		results = append(results, sarifResult{
			RuleID:  d.Rule,
			Level:   d.Severity.String(),
			Message: sarifText{d.Message},
			Locations: []sarifLocation{{Physical: sarifPhysical{
				Artifact: sarifArtifact{URI: sarifURI(d.File)},
				Region:   sarifRegion{StartLine: d.Line, StartColumn: d.Column},
			}}},
		})
	}
	log := sarifLog{
		Version: "2.1.0",
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Runs:    []sarifRun{{Tool: sarifTool{Driver: sarifDriver{Name: "journey", Rules: rules}}, Results: results}},
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

// sarifURI turns a path into a relative URI reference with forward slashes.
func sarifURI(path string) string {
	p := strings.ReplaceAll(path, "\\", "/")
	p = strings.TrimPrefix(p, "./")
	return strings.ReplaceAll(p, " ", "%20")
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// writeJUnit writes one test case per file checked; a file fails when it
// has errors (or warnings under Strict), with every diagnostic listed.
func writeJUnit(w io.Writer, ds journey.Diagnostics, opts Options) error {
	byFile := map[string]journey.Diagnostics{}
	files := append([]string(nil), opts.Files...)
	for _, d := range ds {
		if _, ok := byFile[d.File]; !ok && !slices.Contains(files, d.File) {
			files = append(files, d.File)
		}
		byFile[d.File] = append(byFile[d.File], d)
	}
	sort.Strings(files)
	suite := junitSuite{Name: "journey validate"}
	for _, f := range files {
		c := junitCase{Name: f, ClassName: "journey.validate"}
		var text strings.Builder
		failing := 0
		for _, d := range byFile[f] {
			fmt.Fprintf(&text, "%s\n", d)
			if d.Severity == journey.Error || opts.Strict {
				failing++
			}
		}
		if failing > 0 {
			c.Failure = &junitFailure{Message: fmt.Sprintf("%d problem(s)", failing), Type: "journey.validate", Text: text.String()}
			suite.Failures++
		} else if text.Len() > 0 {
			c.SystemOut = text.String()
		}
		suite.Cases = append(suite.Cases, c)
	}
	suite.Tests = len(suite.Cases)
	out := junitSuites{Name: "journey", Tests: suite.Tests, Failures: suite.Failures, Suites: []junitSuite{suite}}
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
