package importers

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/journey-maps/journey/journey"
)

// ReadXLSX reads the named sheet of a workbook, or its first sheet when
// sheet is "". Errors name the cell as Sheet!C7. A workbook that would
// unpack to more than Options.MaxUnzipSize is refused before it is
// unpacked; the temporary files it unpacks to are removed before
// ReadXLSX returns.
func ReadXLSX(path, sheet string, opts Options) (ds *journey.DataSet, err error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, unreadable(path, err)
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, unreadable(path, err)
	}
	if st.IsDir() {
		return nil, unreadable(path, errors.New("is a directory"))
	}
	if err := checkUnzipSize(path, fh, st.Size(), opts.maxUnzip()); err != nil {
		return nil, err
	}
	// excelize unpacks large sheets to temporary files; a directory of our
	// own is removed whole, whatever excelize leaves behind on an error.
	tmp, err := os.MkdirTemp("", "journey-xlsx-")
	if err != nil {
		return nil, unreadable(path, fmt.Errorf("cannot make a temporary directory: %w", err))
	}
	defer os.RemoveAll(tmp)
	defer func() {
		// A workbook that trips the parser up is a bad file, not a crash.
		if p := recover(); p != nil {
			ds, err = nil, &DataError{File: path, Err: fmt.Errorf("expected an XLSX workbook, found one its reader fails on: %v", p)}
		}
	}()
	limit := opts.maxUnzip()
	wb, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: limit, UnzipXMLSizeLimit: min(xmlInMemory, limit), TmpDir: tmp})
	if wb != nil {
		defer wb.Close()
	}
	if err != nil {
		if strings.Contains(err.Error(), "unzip size exceeds") {
			return nil, unzipLimitError(path, limit, "")
		}
		return nil, &DataError{File: path, Err: fmt.Errorf("expected an XLSX workbook: %w", err)}
	}
	sheets := wb.GetSheetList()
	if len(sheets) == 0 {
		return nil, &DataError{File: path, Err: errors.New("the workbook has no sheets")}
	}
	if sheet == "" {
		sheet = sheets[0]
	} else if !slices.Contains(sheets, sheet) {
		return nil, &DataError{File: path, Err: fmt.Errorf("no sheet %s: the workbook has %s", quoted(sheet), quoteList(sheets))}
	}
	rows, err := wb.Rows(sheet)
	if err != nil {
		return nil, &DataError{File: path, Err: fmt.Errorf("cannot read sheet %s: %w", quoted(sheet), err)}
	}
	defer rows.Close()
	name := path + "#" + sheet
	if sheet == sheets[0] {
		name = path
	}
	cellName := func(row, col int) string {
		c, err := excelize.CoordinatesToCellName(max(col, 0)+1, row)
		if err != nil {
			return fmt.Sprintf("%s!R%dC%d", sheet, row, col+1)
		}
		return sheet + "!" + c
	}
	at := func(pos, col int) journey.Source { return journey.Source{File: name, Cell: cellName(pos, col)} }
	fail := func(pos, col int, err error) error { return &DataError{File: path, Cell: cellName(pos, col), Err: err} }
	maxRow := opts.maxLine()

	hf := headerFinder{mapping: opts.Mapping}
	var h *header
	var table []rawRow
	headerRow := 0
	r := 0
	for rows.Next() {
		r++
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fail(r, 0, fmt.Errorf("cannot read the row: %w", err))
		}
		cells = trimCells(cells)
		if col := rowOverLimit(cells, maxRow); col >= 0 {
			return nil, fail(r, col, fmt.Errorf("row longer than %s, the limit for one row", byteSize(int64(maxRow))))
		}
		if h == nil {
			c, giveUp := hf.offer(r, cells)
			if giveUp {
				break
			}
			if c == nil {
				continue
			}
			h, headerRow = c, r
			if err := h.eventRoles(opts.Mapping); err != nil {
				return nil, fail(r, 0, err)
			}
			if h.eventLevel() {
				ds, err := xlsxEvents(name, path, rows, r, h, cellName, opts)
				if err != nil {
					return nil, err
				}
				if ds.Events == 0 {
					return nil, fail(headerRow, 0, errors.New("no rows: expected data rows below the header, found none"))
				}
				if ds.Period == "" {
					ds.Period = hf.period()
				}
				return ds, nil
			}
			continue
		}
		if len(cells) == 0 {
			break // a blank row ends the table
		}
		table = append(table, rawRow{pos: r, cells: cells})
	}
	if err := rows.Error(); err != nil {
		return nil, &DataError{File: path, Err: fmt.Errorf("cannot read sheet %s: %w", quoted(sheet), err)}
	}
	if h == nil {
		pos, err := hf.fail()
		if pos == 0 {
			return nil, &DataError{File: path, Err: fmt.Errorf("sheet %s has %w", quoted(sheet), err)}
		}
		return nil, fail(pos, 0, err)
	}
	if len(table) == 0 {
		return nil, fail(headerRow, 0, errors.New("no rows: expected data rows below the header, found none"))
	}
	ds, err = buildDataSet(path, h, table, opts, at)
	if err != nil {
		var de *DataError
		if errors.As(err, &de) && de.Cell == "" && de.Line == 0 {
			de.Cell = cellName(1, 0)
		}
		return nil, err
	}
	ds.File = name
	ds.Period = hf.period()
	cutUnmatchedLabels(ds, opts.Journey)
	return ds, nil
}

// xmlInMemory is the size from which excelize unpacks a worksheet or the
// shared strings to a temporary file rather than into memory (its own
// default).
var xmlInMemory int64 = 16 << 20

// checkUnzipSize refuses a workbook whose parts, as its zip directory
// states them, unpack to more than limit bytes (archive/zip holds each
// part to its stated size while unpacking), or whose parts that excelize
// reads whole into memory and parses (styles, workbook, theme...) exceed a
// sixteenth of it. Files that are no zip archive are left to excelize
// (it also opens encrypted workbooks, and applies the limit to them).
func checkUnzipSize(path string, f io.ReaderAt, size, limit int64) error {
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return nil
	}
	var total uint64
	var largest *zip.File
	for _, p := range zr.File {
		total += min(p.UncompressedSize64, 1<<62)
		if largest == nil || p.UncompressedSize64 > largest.UncompressedSize64 {
			largest = p
		}
		part := strings.ToLower(p.Name)
		whole := (strings.HasSuffix(part, ".xml") || strings.HasSuffix(part, ".rels")) &&
			!strings.HasPrefix(part, "xl/worksheets/") && part != "xl/sharedstrings.xml"
		if whole && p.UncompressedSize64 > uint64(limit/16) {
			return &DataError{File: path, Err: fmt.Errorf("expected a workbook part such as %s to unpack to at most %s (a sixteenth of the %s limit for XLSX files), found %s: a zip bomb, or a workbook larger than this reader takes; raise the limit with --max-xlsx-size if the workbook is genuine",
				quoted(p.Name), byteSize(limit/16), byteSize(limit), byteSize(int64(min(p.UncompressedSize64, 1<<62))))}
		}
	}
	if total > uint64(limit) {
		return unzipLimitError(path, limit, fmt.Sprintf("%s, %s of it in %s", byteSize(int64(min(total, 1<<62))), byteSize(int64(min(largest.UncompressedSize64, 1<<62))), quoted(largest.Name)))
	}
	return nil
}

func unzipLimitError(path string, limit int64, found string) error {
	if found == "" {
		found = "more"
	}
	return &DataError{File: path, Err: fmt.Errorf("expected a workbook that unpacks to at most %s, the limit for XLSX files, found one that unpacks to %s: a zip bomb, or a workbook larger than this reader takes; raise the limit with --max-xlsx-size if the workbook is genuine", byteSize(limit), found)}
}

// rowOverLimit returns the column at which a row's cells pass limit
// bytes, or -1.
func rowOverLimit(cells []string, limit int) int {
	n := 0
	for i, c := range cells {
		if n += len(c); n > limit {
			return i
		}
	}
	return -1
}

// trimCells trims every cell and drops trailing empty ones; a row of
// empty cells becomes empty.
func trimCells(cells []string) []string {
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	for len(cells) > 0 && cells[len(cells)-1] == "" {
		cells = cells[:len(cells)-1]
	}
	return cells
}

// xlsxEvents streams an event-level sheet into the funnel.
func xlsxEvents(name, path string, rows *excelize.Rows, headerRow int, h *header, cellName func(row, col int) string, opts Options) (*journey.DataSet, error) {
	if opts.Journey == nil {
		return nil, &DataError{File: path, Cell: cellName(headerRow, 0), Err: errors.New("event-level data needs a journey to count the funnel over")}
	}
	m := journey.NewMatcher(opts.Journey)
	f := journey.NewEventFunnel(opts.Journey, opts.Window)
	userCol, tsCol, labelCol := h.role[roleUser], h.role[roleTimestamp], h.role[roleLabel]
	segCol := -1
	if c, ok := h.role[roleSegment]; ok {
		segCol = c
	}
	unmatched := map[string]*journey.Unmatched{}
	var order []string
	anonymous := 0
	first, last := int64(math.MaxInt64), int64(math.MinInt64)
	get := func(cells []string, c int) string {
		if c >= 0 && c < len(cells) {
			return cells[c]
		}
		return ""
	}
	r := headerRow
	for rows.Next() {
		r++
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, &DataError{File: path, Cell: cellName(r, 0), Err: fmt.Errorf("cannot read the row: %w", err)}
		}
		cells = trimCells(cells)
		if len(cells) == 0 {
			break
		}
		if col := rowOverLimit(cells, opts.maxLine()); col >= 0 {
			return nil, &DataError{File: path, Cell: cellName(r, col), Err: fmt.Errorf("row longer than %s, the limit for one row", byteSize(int64(opts.maxLine())))}
		}
		user := get(cells, userCol)
		if user == "" {
			anonymous++
			continue
		}
		raw := get(cells, tsCol)
		ts, ok := xlsxTime(raw)
		for _, c := range h.times {
			if ok || raw != "" {
				break
			}
			if alt := get(cells, c); alt != "" {
				ts, ok = xlsxTime(alt)
			}
		}
		if !ok {
			return nil, &DataError{File: path, Cell: cellName(r, tsCol), Err: fmt.Errorf("timestamp: expected RFC 3339 (2026-09-01T10:15:00Z), 2026-09-01 10:15:00[ UTC], Unix seconds, milliseconds or microseconds, or a spreadsheet date, found %s", quoted(raw))}
		}
		label := get(cells, labelCol)
		k := -1
		if tp := m.Match(label); tp != nil {
			k = tp.Index
		} else {
			u := unmatched[label]
			if u == nil {
				u = &journey.Unmatched{File: name, Cell: cellName(r, labelCol), Value: excerpt(label)}
				unmatched[label] = u
				order = append(order, label)
			}
			u.Rows++
		}
		f.Add([]byte(user), []byte(get(cells, segCol)), k, ts)
		first, last = min(first, ts), max(last, ts)
	}
	ds := journey.ReduceEvents(name, f)
	ds.Period = eventPeriod(first, last)
	ds.Anonymous = anonymous
	ds.Events += anonymous
	for _, v := range order {
		ds.Unmatched = append(ds.Unmatched, *unmatched[v])
	}
	return ds, nil
}

// xlsxTime reads a timestamp cell: text as in CSV files, or a spreadsheet
// date serial (days since 1899-12-30, below 100000).
func xlsxTime(s string) (int64, bool) {
	if v, err := strconv.ParseFloat(s, 64); err == nil && v > 0 && v < 100000 {
		return int64((v-25569)*86400000 + 0.5), true
	}
	return parseTimestamp([]byte(s))
}
