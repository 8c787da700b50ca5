package importers

import (
	"errors"
	"strings"
)

// maxPreamble is how many rows before the header may be titles and notes
// (Amplitude puts its chart name and date range there) before the file is
// declared headerless.
const maxPreamble = 50

// maxNotes is how many preamble rows are kept to look for a date range in;
// comment and blank rows before the header are not limited in number.
const maxNotes = 200

// errNoHeader is the preamble finder's answer when no row had content.
var errNoHeader = errors.New("no header row")

// headerFinder finds the header row below an export's preamble, the same
// way for CSV and XLSX: rows whose cells are all empty and rows whose
// first cell starts with "#" are skipped (Google Analytics 4 opens with
// such a block), other rows are titles until one has a touchpoint column.
type headerFinder struct {
	mapping  map[string]string
	notes    []string
	first    []string // the first row with content: named when no header turns up
	firstPos int
}

// offer takes the next row before the header, at pos (a line or a row
// number). It returns the row's header when the row is one, and giveUp
// when too many rows without one have passed.
func (f *headerFinder) offer(pos int, cells []string) (h *header, giveUp bool) {
	if isNote(cells) {
		f.note(cells)
		return nil, false
	}
	if f.first == nil {
		f.first, f.firstPos = cells, pos
	}
	if c := classify(cells, f.mapping); c.has(roleLabel) {
		return c, false
	}
	f.note(cells)
	return nil, pos-f.firstPos >= maxPreamble
}

func (f *headerFinder) note(cells []string) {
	if t := strings.TrimSpace(strings.Join(cells, " ")); t != "" && len(f.notes) < maxNotes {
		f.notes = append(f.notes, cutUTF8(t, 1<<10))
	}
}

// fail says why no header was found: errNoHeader with pos 0 when no row had
// content, else the first such row and the touchpoint column it lacks.
func (f *headerFinder) fail() (pos int, err error) {
	if f.first == nil {
		return 0, errNoHeader
	}
	return f.firstPos, errors.New(classify(f.first, f.mapping).missing(roleLabel, f.mapping))
}

// period is the date range the preamble states, if any.
func (f *headerFinder) period() string { return findPeriod(f.notes) }

// isNote reports whether a row before the header is blank or a comment.
func isNote(cells []string) bool {
	if len(cells) > 0 && strings.HasPrefix(cells[0], "#") {
		return true
	}
	for _, c := range cells {
		if c != "" {
			return false
		}
	}
	return true
}
