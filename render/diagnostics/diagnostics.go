// Package diagnostics writes the validator's findings in the formats people
// and tools read: text lines with optional caret snippets and colour, JSON,
// GitHub workflow commands, SARIF 2.1.0 and JUnit XML. Every format is made
// from the same journey.Diagnostics.
package diagnostics

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
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
	// ToolVersion is journey's version, for SARIF's tool.driver.version.
	ToolVersion string
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
		return writeSARIF(w, ds, opts)
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
