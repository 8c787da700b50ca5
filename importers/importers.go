// Package importers reads analytics exports (CSV, XLSX and JSON) into the
// data sets the journey package computes figures from. It knows the
// layouts analysts export: Google Analytics 4 funnel explorations, PostHog
// and Amplitude funnel CSVs, generic touchpoint/users tables, and
// event-level files (one row or record per event: CSV, or the raw JSON
// exports of Mixpanel, Amplitude, Segment, GA4 and PostHog), which it
// streams into the funnel engine.
package importers

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/journey-maps/journey/journey"
)

// Options tunes reading.
type Options struct {
	// Journey is needed for event-level files, which are reduced to step
	// counts while they stream.
	Journey *journey.Journey
	// Window is the ordered funnel's conversion window (default 30 days).
	Window time.Duration
	// Mapping names the column of a role (touchpoint, users, segment,
	// user_id, timestamp) when the export's header has no known alias.
	Mapping map[string]string
	// Progress, when set, is called now and then with the bytes read so
	// far and the file's size (0 when unknown), and once more at the end.
	Progress func(done, total int64)
	// Workers is the number of goroutines for event-level files (default
	// GOMAXPROCS).
	Workers int
	// MaxUnzipSize is what an XLSX workbook may unpack to, in bytes (0:
	// DefaultMaxUnzip). A workbook over it is refused before it is
	// unpacked.
	MaxUnzipSize int64
	// MaxLineBytes is the longest CSV line or record, and the most text
	// of an XLSX row, in bytes (0: DefaultMaxLine).
	MaxLineBytes int
	// Delimiter separates CSV fields: ',' or '\t'. 0 takes the one that
	// makes a header of the first line that can be one.
	Delimiter byte
}

// DataError is a data file that cannot be used; it names the file and the
// line (CSV, counting every line from 1) or cell (XLSX, "Sheet!C7").
type DataError struct {
	File string
	Line int
	Cell string
	Err  error
}

func (e *DataError) Error() string {
	switch {
	case e.Cell != "":
		return fmt.Sprintf("%s: %s: %v", e.File, e.Cell, e.Err)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *DataError) Unwrap() error { return e.Err }

// delimiter is the CSV field separator, a comma unless set.
func (o Options) delimiter() byte {
	if o.Delimiter != 0 {
		return o.Delimiter
	}
	return ','
}

// ErrUnreadable wraps errors of files that cannot be opened or read, as
// opposed to files whose content cannot be used (DataError).
var ErrUnreadable = errors.New("cannot read data file")

type readError struct {
	file string
	err  error
}

func (e *readError) Error() string   { return fmt.Sprintf("cannot read %s: %v", e.file, e.err) }
func (e *readError) Unwrap() []error { return []error{ErrUnreadable, e.err} }

func unreadable(file string, err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &readError{file, err}
}

// maxGunzip bounds what a gzip-compressed data file may expand to. The
// file is streamed, so memory never depends on it; the bound stops a
// small file (gzip expands up to a thousandfold) from keeping the tool
// busy for minutes. A month of raw events from a busy product, some ten
// million records of a kilobyte, fits well below it; a larger export can
// be decompressed first and read without limit.
var maxGunzip int64 = 16 << 30

// Read reads a data file: FILE.csv, FILE.xlsx (first sheet),
// FILE.xlsx#Sheet name, JSON lines or a JSON array of events (.jsonl,
// .ndjson, .json), Parquet events (.parquet, or a folder of .parquet
// files), and any of these but XLSX and Parquet gzip-compressed (.gz).
func Read(spec string, opts Options) (*journey.DataSet, error) {
	path, sheet := spec, ""
	if i := strings.LastIndex(spec, "#"); i >= 0 && strings.EqualFold(filepath.Ext(spec[:i]), ".xlsx") {
		path, sheet = spec[:i], spec[i+1:]
	}
	ext := strings.ToLower(filepath.Ext(path))
	gz := ext == ".gz"
	if gz {
		ext = strings.ToLower(filepath.Ext(strings.TrimSuffix(path, filepath.Ext(path))))
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		// A folder is read as Parquet files.
		return ReadParquet(path, opts)
	}
	switch ext {
	case ".parquet":
		if gz {
			return nil, &DataError{File: path, Err: errors.New("a gzip-compressed Parquet file is not read: Parquet compresses its pages already; decompress it (gunzip) first")}
		}
		return ReadParquet(path, opts)
	case ".xlsx", ".xlsm":
		if gz {
			return nil, &DataError{File: path, Err: errors.New("a gzip-compressed workbook is not read: XLSX is compressed already; decompress it (gunzip) first")}
		}
		return ReadXLSX(path, sheet, opts)
	}
	isJSON := ext == ".jsonl" || ext == ".ndjson" || ext == ".json"
	f, err := os.Open(path)
	if err != nil {
		return nil, unreadable(path, err)
	}
	defer f.Close()
	var size int64
	if st, err := f.Stat(); err == nil {
		if st.IsDir() {
			return nil, unreadable(path, errors.New("is a directory"))
		}
		size = st.Size()
	}
	switch {
	case !gz && isJSON:
		return ReadJSON(path, f, size, opts)
	case !gz:
		return ReadCSV(path, f, size, opts)
	}
	// Progress counts the compressed bytes against the file's size.
	cr := &countingReader{r: f, total: size}
	zr, err := gzip.NewReader(cr)
	if err != nil {
		return nil, unreadable(path, fmt.Errorf("not gzip data: %w", err))
	}
	r := &gunzipReader{r: zr, left: maxGunzip}
	if isJSON {
		cr.report = opts.Progress
		return readJSON(path, r, cr, opts)
	}
	o := opts
	if opts.Progress != nil {
		o.Progress = func(_, _ int64) { opts.Progress(cr.n, cr.total) }
	}
	return ReadCSV(path, r, 0, o)
}

// gunzipReader reads decompressed data up to a limit, and says which.
type gunzipReader struct {
	r    io.Reader
	left int64
}

func (g *gunzipReader) Read(p []byte) (int, error) {
	if g.left <= 0 {
		var one [1]byte
		if n, err := g.r.Read(one[:]); n == 0 && err == io.EOF {
			return 0, io.EOF
		}
		limit := fmt.Sprintf("%d bytes", maxGunzip)
		if maxGunzip%(1<<30) == 0 {
			limit = fmt.Sprintf("%d GiB", maxGunzip>>30)
		}
		return 0, fmt.Errorf("the data expands past %s, the limit for gzip-compressed files; decompress it first (gunzip) to read it whole", limit)
	}
	if int64(len(p)) > g.left {
		p = p[:g.left]
	}
	n, err := g.r.Read(p)
	g.left -= int64(n)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("corrupt gzip data: %w", err)
	}
	return n, err
}

// countingReader counts bytes for progress reports.
type countingReader struct {
	r        io.Reader
	n, total int64
	report   func(done, total int64)
	next     int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.report != nil && c.n >= c.next {
		c.report(c.n, c.total)
		c.next = c.n + 8<<20
	}
	return n, err
}
