package journey

import (
	"fmt"
	"sort"
)

// Severity says whether a diagnostic fails validation on its own (Error)
// or only under --strict (Warning).
type Severity int

const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem found in a journey file or a data file.
// Line and Column are 1-based; 0 means the position is unknown.
type Diagnostic struct {
	File     string
	Line     int
	Column   int
	Severity Severity
	// Rule is a stable kebab-case id; it never changes once released.
	Rule    string
	Message string
}

func (d Diagnostic) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s [%s]", d.File, d.Line, d.Column, d.Severity, d.Message, d.Rule)
}

// Diagnostics is a list of diagnostics; Sort orders it by file, line, column.
type Diagnostics []Diagnostic

func (ds Diagnostics) Sort() {
	sort.SliceStable(ds, func(i, k int) bool {
		a, b := ds[i], ds[k]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		return a.Rule < b.Rule
	})
}

// Errors counts the diagnostics of severity Error.
func (ds Diagnostics) Errors() int {
	n := 0
	for _, d := range ds {
		if d.Severity == Error {
			n++
		}
	}
	return n
}

// Warnings counts the diagnostics of severity Warning.
func (ds Diagnostics) Warnings() int { return len(ds) - ds.Errors() }

// dedupe drops repeated diagnostics from a sorted list, such as those of an
// anchored mapping that several aliases bring in.
func (ds Diagnostics) dedupe() Diagnostics {
	out := ds[:0]
	for i, d := range ds {
		if i > 0 && d == ds[i-1] {
			continue
		}
		out = append(out, d)
	}
	return out
}
