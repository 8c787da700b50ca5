package importers

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/journey-maps/journey/journey"
)

// maxPreamble is how many lines before the header may be titles and notes
// (Amplitude puts its chart name and date range there) before the file is
// declared headerless.
const maxPreamble = 50

// ReadCSV reads a CSV export from r; name is used in errors and size (0
// when unknown) in progress reports.
//
// Lines that start with "#" and blank lines before the header are skipped,
// as are title lines that are not a header (a header has a touchpoint
// column); a date range stated there becomes the data set's period. A
// blank line after the table ends it.
func ReadCSV(name string, r io.Reader, size int64, opts Options) (*journey.DataSet, error) {
	cr := &countingReader{r: r, total: size, report: opts.Progress}
	br := bufio.NewReaderSize(cr, 1<<20)
	line := 0
	var notes []string
	var firstCells []string
	firstLine := 0
	for {
		raw, err := br.ReadString('\n')
		if raw == "" && err != nil {
			if err != io.EOF {
				return nil, unreadable(name, err)
			}
			if firstCells == nil {
				return nil, &DataError{File: name, Err: errors.New("no header row: the file is empty or has only comment lines")}
			}
			h := classify(firstCells, opts.Mapping)
			return nil, &DataError{File: name, Line: firstLine, Err: errors.New(h.missing(roleLabel, opts.Mapping))}
		}
		line++
		if line == 1 {
			raw = strings.TrimPrefix(raw, "\ufeff")
		}
		text := strings.TrimSpace(raw)
		if text == "" || strings.HasPrefix(text, "#") {
			notes = append(notes, text)
			continue
		}
		cells, perr := parseLine(raw)
		if perr != nil {
			notes = append(notes, text)
			continue
		}
		if firstCells == nil {
			firstCells, firstLine = cells, line
		}
		h := classify(cells, opts.Mapping)
		if !h.has(roleLabel) {
			notes = append(notes, strings.Join(cells, " "))
			if line-firstLine >= maxPreamble {
				h := classify(firstCells, opts.Mapping)
				return nil, &DataError{File: name, Line: firstLine, Err: errors.New(h.missing(roleLabel, opts.Mapping))}
			}
			continue
		}
		period := findPeriod(notes)
		if err := h.eventRoles(opts.Mapping); err != nil {
			return nil, &DataError{File: name, Line: line, Err: err}
		}
		if h.eventLevel() {
			ds, err := streamEvents(name, br, line, h, cr, opts)
			if ds != nil && ds.Period == "" {
				ds.Period = period
			}
			return ds, err
		}
		rows, more, err := readTable(name, br, line)
		if err != nil {
			return nil, err
		}
		if opts.Progress != nil {
			opts.Progress(cr.n, cr.total)
		}
		ds, err := buildDataSet(name, h, rows, opts, func(row, col int) journey.Source {
			return journey.Source{File: name, Line: row}
		})
		if ds != nil {
			ds.Period = period
			if more.pos > 0 {
				ds.Notes = append(ds.Notes, journey.Note{Source: journey.Source{File: name, Line: more.pos},
					Message: fmt.Sprintf("a second table (%q) below a blank line was skipped: journey reads the first table of a file; export the other one on its own to use it", shorten(strings.Join(more.cells, ","), 60))})
			}
		}
		return ds, err
	}
}

// shorten cuts s to at most n runes, marking the cut with "…".
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// parseLine splits one CSV line into trimmed cells.
func parseLine(s string) ([]string, error) {
	r := csv.NewReader(strings.NewReader(s))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	rec, err := r.Read()
	if err != nil {
		return nil, err
	}
	for i := range rec {
		rec[i] = strings.TrimSpace(rec[i])
	}
	return rec, nil
}

// rawRow is one data row: its cells (trimmed) and its position (a line
// number for CSV, a row number for XLSX).
type rawRow struct {
	pos   int
	cells []string
}

// readTable reads rows after the header on line headerLine until the end
// of the file or a blank line. What follows a blank line (GA4 puts a
// second table there) is not read, but its first line other than a "#"
// comment is returned as more (pos 0 when there is none) for the data
// set's notes.
func readTable(name string, br *bufio.Reader, headerLine int) (rows []rawRow, more rawRow, err error) {
	r := csv.NewReader(br)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	prevEnd := 0 // relative line of the previous record's last field
	// after finds the first line of a second table: the csv reader skips
	// blank lines, and a line it cannot parse is no table.
	after := func(rec []string) rawRow {
		for ; rec != nil; rec, _ = r.Read() {
			if text := strings.TrimSpace(strings.Join(rec, "")); text != "" && !strings.HasPrefix(strings.TrimSpace(rec[0]), "#") {
				start, _ := r.FieldPos(0)
				for i := range rec {
					rec[i] = strings.TrimSpace(rec[i])
				}
				return rawRow{pos: headerLine + start, cells: rec}
			}
		}
		return rawRow{}
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return rows, rawRow{}, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, rawRow{}, &DataError{File: name, Line: headerLine + pe.Line, Err: fmt.Errorf("malformed CSV: %w", pe.Err)}
			}
			return nil, rawRow{}, unreadable(name, err)
		}
		start, _ := r.FieldPos(0)
		if start > prevEnd+1 {
			return rows, after(rec), nil // a blank line ends the table
		}
		end, _ := r.FieldPos(len(rec) - 1)
		prevEnd = end
		empty := true
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
			if rec[i] != "" {
				empty = false
			}
		}
		if empty {
			rec, _ = r.Read()
			return rows, after(rec), nil
		}
		rows = append(rows, rawRow{pos: headerLine + start, cells: rec})
	}
}

// splitFields is a byte-level CSV field splitter for one record without
// line breaks inside quotes. It reuses dst; unquoted fields alias line,
// quoted ones are unescaped into *scratch, which the caller resets to the
// start of its buffer for each line.
func splitFields(dst [][]byte, line []byte, scratch *[]byte) [][]byte {
	dst = dst[:0]
	for {
		if len(line) > 0 && line[0] == '"' {
			// Quoted field: unescape into scratch.
			buf := (*scratch)[:0]
			i := 1
			for i < len(line) {
				c := line[i]
				if c == '"' {
					if i+1 < len(line) && line[i+1] == '"' {
						buf = append(buf, '"')
						i += 2
						continue
					}
					i++
					break
				}
				buf = append(buf, c)
				i++
			}
			// Anything between the closing quote and the comma is kept.
			j := bytes.IndexByte(line[i:], ',')
			rest := line[i:]
			if j >= 0 {
				rest = line[i : i+j]
			}
			buf = append(buf, rest...)
			*scratch = buf[len(buf):]
			dst = append(dst, bytes.TrimSpace(buf))
			if j < 0 {
				return dst
			}
			line = line[i+j+1:]
			continue
		}
		j := bytes.IndexByte(line, ',')
		if j < 0 {
			return append(dst, bytes.TrimSpace(line))
		}
		dst = append(dst, bytes.TrimSpace(line[:j]))
		line = line[j+1:]
	}
}
