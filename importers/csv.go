package importers

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/journey-maps/journey/journey"
)

// ReadCSV reads a CSV export from r; name is used in errors and size (0
// when unknown) in progress reports.
//
// The text may be UTF-8 (a byte order mark is dropped) or UTF-16 with its
// byte order mark (Excel's "Unicode text"), with any line ends, the old
// Mac's lone CR included. Fields are separated by commas or tabs, as the
// header line shows. Rows before the header are skipped as the
// headerFinder says; a date range stated there becomes the data set's
// period. A blank line after the table ends it. A quote left open, a line
// over the limit (Options.MaxLineBytes) and a table without rows are
// errors.
func ReadCSV(name string, r io.Reader, size int64, opts Options) (*journey.DataSet, error) {
	cr := &countingReader{r: r, total: size, report: opts.Progress}
	br, err := decodeText(name, cr)
	if err != nil {
		return nil, err
	}
	rr := &recordReader{name: name, br: br, max: opts.maxLine()}
	hf := headerFinder{mapping: opts.Mapping}
	for {
		raw, err := rr.nextLine()
		if err == io.EOF {
			return nil, noHeader(name, &hf)
		}
		if err != nil {
			return nil, err
		}
		cells, sep := splitHeader(raw, opts)
		h, giveUp := hf.offer(rr.line, cells)
		if giveUp {
			return nil, noHeader(name, &hf)
		}
		if h == nil {
			continue
		}
		opts.Delimiter = sep
		headerLine := rr.line
		if err := h.eventRoles(opts.Mapping); err != nil {
			return nil, &DataError{File: name, Line: headerLine, Err: err}
		}
		if h.eventLevel() {
			ds, err := streamEvents(name, br, headerLine, h, cr, opts)
			if err != nil {
				return nil, err
			}
			if ds.Events == 0 {
				return nil, noRows(name, headerLine)
			}
			if ds.Period == "" {
				// An event file's own period is its first and last event;
				// a date range in its preamble stands in when it has none.
				ds.Period = hf.period()
			}
			return ds, nil
		}
		rows, more, err := readTable(rr, sep)
		if err != nil {
			return nil, err
		}
		if len(rows) == 0 {
			return nil, noRows(name, headerLine)
		}
		if opts.Progress != nil {
			opts.Progress(cr.n, cr.total)
		}
		ds, err := buildDataSet(name, h, rows, opts, func(row, col int) journey.Source {
			return journey.Source{File: name, Line: row}
		})
		if err != nil {
			return nil, err
		}
		if more.pos > 0 {
			ds.Notes = append(ds.Notes, journey.Note{Source: journey.Source{File: name, Line: more.pos},
				Message: fmt.Sprintf("a second table (%s) below a blank line was skipped: journey reads the first table of a file; export the other one on its own to use it", quoted(strings.Join(more.cells, ",")))})
		}
		ds.Period = hf.period()
		cutUnmatchedLabels(ds, opts.Journey)
		return ds, nil
	}
}

func noHeader(name string, hf *headerFinder) error {
	pos, err := hf.fail()
	if pos == 0 {
		return &DataError{File: name, Err: fmt.Errorf("%w: the file is empty or has only comment lines", err)}
	}
	return &DataError{File: name, Line: pos, Err: err}
}

func noRows(name string, headerLine int) error {
	return &DataError{File: name, Line: headerLine, Err: errors.New("no rows: expected data rows below the header, found none")}
}

// decodeText returns the file's text as UTF-8 with LF or CRLF line ends,
// or says why the file is not CSV text.
func decodeText(name string, r io.Reader) (*bufio.Reader, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	head, err := br.Peek(4096)
	if err != nil && err != io.EOF {
		return nil, unreadable(name, err)
	}
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		_, _ = br.Discard(3)
	case bytes.HasPrefix(head, []byte("\xff\xfe")), bytes.HasPrefix(head, []byte("\xfe\xff")):
		// The byte order mark says which of the two it is.
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		br = bufio.NewReaderSize(transform.NewReader(br, dec), 1<<20)
		if head, err = br.Peek(4096); err != nil && err != io.EOF {
			return nil, unreadable(name, err)
		}
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return nil, &DataError{File: name, Err: errors.New("expected CSV text, found a zip archive: an XLSX workbook is read when its name ends in .xlsx")}
	case bytes.IndexByte(head, 0) >= 0:
		if utf16Like(head) {
			return nil, &DataError{File: name, Err: errors.New("expected CSV text in UTF-8, found UTF-16 without a byte order mark: save it again as CSV UTF-8, or as Unicode text with its byte order mark")}
		}
		return nil, &DataError{File: name, Err: fmt.Errorf("expected CSV text, found binary data (a NUL byte at offset %d)", bytes.IndexByte(head, 0))}
	}
	if crOnly(head) {
		br = bufio.NewReaderSize(&crReader{r: br}, 1<<20)
	}
	return br, nil
}

// utf16Like reports whether every other byte of the file's start is NUL,
// as in UTF-16 text of Latin letters.
func utf16Like(head []byte) bool {
	zeros := [2]int{}
	for i, c := range head {
		if c == 0 {
			zeros[i%2]++
		}
	}
	n := len(head) / 2
	return n > 0 && (zeros[0] > n*3/4 || zeros[1] > n*3/4)
}

// crOnly reports whether the file's first line ends with a lone CR, as the
// old Mac's did (and Excel for Mac's "CSV" still does).
func crOnly(head []byte) bool {
	i := bytes.IndexByte(head, '\r')
	if i < 0 {
		return false
	}
	if j := bytes.IndexByte(head, '\n'); j >= 0 && j < i {
		return false
	}
	if i+1 == len(head) {
		return false // one line, or an LF may follow just past head
	}
	return head[i+1] != '\n'
}

// crReader turns CR line ends into LF, and CRLF into one LF.
type crReader struct {
	r      io.Reader
	lastCR bool
}

func (c *crReader) Read(p []byte) (int, error) {
	for {
		n, err := c.r.Read(p)
		w := 0
		for _, b := range p[:n] {
			if b == '\n' && c.lastCR {
				c.lastCR = false
				continue
			}
			c.lastCR = b == '\r'
			if b == '\r' {
				b = '\n'
			}
			p[w] = b
			w++
		}
		if w > 0 || n == 0 || err != nil {
			return w, err
		}
	}
}

// quoteScan follows quoting through CSV bytes as splitFields reads them: a
// quote opens a quoted field only at the start of a field; inside one, ""
// is a quote and a line break belongs to the cell; text after the closing
// quote joins the cell. After a cell that ran over several lines such text
// is an error (bad): it shows that the opening quote was never meant as
// one, and reading on would swallow rows into the cell.
type quoteScan struct {
	sep   byte
	state uint8
	field int // index of the current field
	lines int // line breaks inside quoted fields so far
	multi bool
	// The open (or just closed) quoted field: its field index and the line
	// (counted from the record's first, from 0) of its opening quote.
	openField, openLine int
	// bad is set at the first text after a multi-line cell: the cell's
	// field and lines, and the text.
	bad                         bool
	badField, badOpen, badClose int
	badText                     byte
}

// quoteScan states.
const (
	scanFieldStart = iota
	scanUnquoted
	scanQuoted
	scanAfterQuote
)

// feed scans data, which goes on from the bytes fed since the record
// started, and returns the index of the line break that ends the record,
// or -1 when the record goes on past data.
func (q *quoteScan) feed(data []byte) int {
	for i, c := range data {
		switch q.state {
		case scanQuoted:
			switch c {
			case '"':
				q.state = scanAfterQuote
			case '\n':
				q.lines++
				q.multi = true
			}
		case scanAfterQuote:
			switch c {
			case '"':
				q.state = scanQuoted // "" inside quotes
			case q.sep:
				q.state, q.multi = scanFieldStart, false
				q.field++
			case '\n':
				return i
			case '\r', ' ', '\t':
			default:
				if q.multi && !q.bad {
					q.bad, q.badField, q.badOpen, q.badClose, q.badText = true, q.openField, q.openLine, q.lines, c
				}
				q.state, q.multi = scanUnquoted, false
			}
		default:
			switch c {
			case q.sep:
				q.state = scanFieldStart
				q.field++
			case '\n':
				return i
			case '"':
				if q.state == scanFieldStart {
					q.state, q.multi = scanQuoted, false
					q.openField, q.openLine = q.field, q.lines
					continue
				}
				q.state = scanUnquoted
			default:
				q.state = scanUnquoted
			}
		}
	}
	return -1
}

// open reports whether the scan stands inside a quoted field.
func (q *quoteScan) open() bool { return q.state == scanQuoted }

// unclosed is the error of a quoted field still open at the end of the
// file; first is the record's first line.
func (q *quoteScan) unclosed(name string, first int) error {
	return &DataError{File: name, Line: first + q.openLine, Err: fmt.Errorf("unbalanced quote: expected a closing quote for the quoted field that opens on this line (field %d), found the end of the file", q.openField+1)}
}

// badError is the error of text after a multi-line quoted cell.
func (q *quoteScan) badError(name string, first int) error {
	return &DataError{File: name, Line: first + q.badOpen, Err: fmt.Errorf("unbalanced quote: the quoted field that opens on this line (field %d) closes on line %d, where %q follows the closing quote instead of a separator or the line end", q.badField+1, first+q.badClose, string(q.badText))}
}

// tooLong is the error of a record over the limit; first is its first
// line.
func (q *quoteScan) tooLong(name string, first, limit int) error {
	if q.open() {
		return &DataError{File: name, Line: first + q.openLine, Err: fmt.Errorf("the quoted field that opens on this line (field %d) is still open after %s, the limit for one line or record: a quote is likely unbalanced", q.openField+1, byteSize(int64(limit)))}
	}
	return &DataError{File: name, Line: first, Err: fmt.Errorf("line longer than %s, the limit for one line or record", byteSize(int64(limit)))}
}

// recordReader reads lines and records of CSV text, counting lines.
type recordReader struct {
	name string
	br   *bufio.Reader
	max  int
	line int // the number of the last line read
	buf  []byte
}

// nextLine returns the next line without its line end; quotes do not
// matter (lines before the header are titles and comments).
func (r *recordReader) nextLine() ([]byte, error) {
	r.buf = r.buf[:0]
	for {
		chunk, err := r.br.ReadSlice('\n')
		r.buf = append(r.buf, chunk...)
		if len(r.buf) > r.max+2 {
			q := quoteScan{}
			return nil, q.tooLong(r.name, r.line+1, r.max)
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF && len(r.buf) == 0:
			return nil, io.EOF
		case err != nil && err != io.EOF:
			return nil, unreadable(r.name, err)
		}
		r.line++
		return trimLineEnd(r.buf), nil
	}
}

// next returns the next record without its line end, and its first line.
func (r *recordReader) next(sep byte) ([]byte, int, error) {
	r.buf = r.buf[:0]
	q := quoteScan{sep: sep}
	first := r.line + 1
	for {
		chunk, err := r.br.ReadSlice('\n')
		from := len(r.buf)
		r.buf = append(r.buf, chunk...)
		if len(r.buf) > r.max+2 {
			q.feed(r.buf[from:])
			return nil, first, q.tooLong(r.name, first, r.max)
		}
		// ReadSlice stops at the first line break: one that ends the
		// record ends the chunk.
		end := q.feed(r.buf[from:])
		switch {
		case end >= 0:
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF:
			if len(r.buf) == 0 {
				return nil, first, io.EOF
			}
			if q.open() {
				return nil, first, q.unclosed(r.name, first)
			}
		case err != nil:
			return nil, first, unreadable(r.name, err)
		default:
			continue // the line break is inside quotes
		}
		if q.bad {
			return nil, first, q.badError(r.name, first)
		}
		r.line = first + q.lines
		return trimLineEnd(r.buf), first, nil
	}
}

func trimLineEnd(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte{'\n'})
	return bytes.TrimSuffix(b, []byte{'\r'})
}

// splitHeader splits a line that may be the header, with the delimiter
// that makes it one: a comma, or a tab (tab-separated files and Excel's
// "Unicode text").
func splitHeader(line []byte, opts Options) ([]string, byte) {
	if opts.Delimiter != 0 {
		return splitLine(line, opts.Delimiter), opts.Delimiter
	}
	comma := splitLine(line, ',')
	if bytes.IndexByte(line, '\t') < 0 {
		return comma, ','
	}
	tab := splitLine(line, '\t')
	byComma := classify(comma, opts.Mapping).has(roleLabel)
	byTab := classify(tab, opts.Mapping).has(roleLabel)
	if byTab && !byComma || byTab == byComma && len(tab) > len(comma) {
		return tab, '\t'
	}
	return comma, ','
}

// splitLine splits one line into trimmed cells.
func splitLine(line []byte, sep byte) []string {
	scratch := make([]byte, 0, len(line))
	return cellStrings(splitFields(nil, line, &scratch, sep))
}

func cellStrings(fields [][]byte) []string {
	cells := make([]string, len(fields))
	for i, f := range fields {
		cells[i] = string(f)
		if bytes.IndexByte(f, '\r') >= 0 {
			cells[i] = strings.ReplaceAll(cells[i], "\r\n", "\n")
		}
	}
	return cells
}

// rawRow is one data row: its cells (trimmed) and its position (a line
// number for CSV, a row number for XLSX).
type rawRow struct {
	pos   int
	cells []string
}

// readTable reads the rows after the header until the end of the file or
// a blank line. What follows a blank line (GA4 puts a second table there)
// is not read as data, but its first line other than a "#" comment is
// returned as more (pos 0 when there is none), for the data set's notes.
func readTable(rr *recordReader, sep byte) (rows []rawRow, more rawRow, err error) {
	var fields [][]byte
	scratch := make([]byte, 0, 4096)
	for {
		rec, first, err := rr.next(sep)
		if err == io.EOF {
			return rows, rawRow{}, nil
		}
		if err != nil {
			return nil, rawRow{}, err
		}
		s := scratch[:0]
		fields = splitFields(fields, rec, &s, sep)
		if blank(fields) {
			return rows, nextTable(rr, sep), nil // a blank line ends the table
		}
		rows = append(rows, rawRow{pos: first, cells: cellStrings(fields)})
	}
}

// nextTable finds the first line after a table's end that is neither
// blank nor a "#" comment; a line that cannot be read is no table.
func nextTable(rr *recordReader, sep byte) rawRow {
	var fields [][]byte
	var scratch []byte
	for {
		rec, first, err := rr.next(sep)
		if err != nil {
			return rawRow{}
		}
		s := scratch[:0]
		fields = splitFields(fields, rec, &s, sep)
		if !blank(fields) && !strings.HasPrefix(strings.TrimSpace(string(fields[0])), "#") {
			return rawRow{pos: first, cells: cellStrings(fields)}
		}
	}
}

// blank reports whether a record has no text in any field.
func blank(fields [][]byte) bool {
	for _, f := range fields {
		if len(bytes.TrimSpace(f)) > 0 {
			return false
		}
	}
	return true
}

// splitFields is a byte-level CSV field splitter for one record, with
// fields separated by sep. It reuses dst; unquoted fields alias line,
// quoted ones are unescaped into *scratch, which the caller resets to the
// start of its buffer for each line. Quotes are read as quoteScan follows
// them; a quoted field left open runs to the end of line.
func splitFields(dst [][]byte, line []byte, scratch *[]byte, sep byte) [][]byte {
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
			// Anything between the closing quote and the separator is kept.
			j := bytes.IndexByte(line[i:], sep)
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
		j := bytes.IndexByte(line, sep)
		if j < 0 {
			return append(dst, bytes.TrimSpace(line))
		}
		dst = append(dst, bytes.TrimSpace(line[:j]))
		line = line[j+1:]
	}
}
