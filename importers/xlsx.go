package importers

import (
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/journey-maps/journey/journey"
)

// ReadXLSX reads the named sheet of a workbook, or its first sheet when
// sheet is "". Errors name the cell as Sheet!C7.
func ReadXLSX(path, sheet string, opts Options) (*journey.DataSet, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, unreadable(path, err)
	}
	defer fh.Close()
	if st, err := fh.Stat(); err == nil && st.IsDir() {
		return nil, unreadable(path, errors.New("is a directory"))
	}
	wb, err := excelize.OpenReader(fh)
	if err != nil {
		return nil, &DataError{File: path, Err: fmt.Errorf("expected an XLSX workbook: %w", err)}
	}
	defer wb.Close()
	sheets := wb.GetSheetList()
	if len(sheets) == 0 {
		return nil, &DataError{File: path, Err: errors.New("the workbook has no sheets")}
	}
	if sheet == "" {
		sheet = sheets[0]
	} else if !slices.Contains(sheets, sheet) {
		return nil, &DataError{File: path, Err: fmt.Errorf("no sheet %q: the workbook has %s", sheet, quoteList(sheets))}
	}
	rows, err := wb.Rows(sheet)
	if err != nil {
		return nil, &DataError{File: path, Err: fmt.Errorf("cannot read sheet %q: %w", sheet, err)}
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

	var notes []string
	var h *header
	var table []rawRow
	var firstCells []string
	firstRow := 0
	r := 0
	for rows.Next() {
		r++
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fail(r, 0, fmt.Errorf("cannot read the row: %w", err))
		}
		cells = trimCells(cells)
		if h == nil {
			if len(cells) == 0 || strings.HasPrefix(cells[0], "#") {
				notes = append(notes, strings.Join(cells, " "))
				continue
			}
			if firstCells == nil {
				firstCells, firstRow = cells, r
			}
			c := classify(cells, opts.Mapping)
			if !c.has(roleLabel) {
				notes = append(notes, strings.Join(cells, " "))
				if r-firstRow >= maxPreamble {
					break
				}
				continue
			}
			h = c
			if err := h.eventRoles(opts.Mapping); err != nil {
				return nil, fail(r, 0, err)
			}
			if h.eventLevel() {
				ds, err := xlsxEvents(name, path, rows, r, h, cellName, opts)
				if ds != nil && ds.Period == "" {
					ds.Period = findPeriod(notes)
				}
				return ds, err
			}
			continue
		}
		if len(cells) == 0 {
			break // a blank row ends the table
		}
		table = append(table, rawRow{pos: r, cells: cells})
	}
	if err := rows.Error(); err != nil {
		return nil, &DataError{File: path, Err: fmt.Errorf("cannot read sheet %q: %w", sheet, err)}
	}
	if h == nil {
		if firstCells == nil {
			return nil, &DataError{File: path, Err: fmt.Errorf("sheet %q has no header row", sheet)}
		}
		return nil, fail(firstRow, 0, errors.New(classify(firstCells, opts.Mapping).missing(roleLabel, opts.Mapping)))
	}
	ds, err := buildDataSet(path, h, table, opts, at)
	if err != nil {
		var de *DataError
		if errors.As(err, &de) && de.Cell == "" && de.Line == 0 {
			de.Cell = cellName(1, 0)
		}
		return nil, err
	}
	ds.File = name
	ds.Period = findPeriod(notes)
	return ds, nil
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

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = strconv.Quote(x)
	}
	return strings.Join(q, ", ")
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
			return nil, &DataError{File: path, Cell: cellName(r, tsCol), Err: fmt.Errorf("timestamp: expected RFC 3339 (2026-09-01T10:15:00Z), 2026-09-01 10:15:00[ UTC], Unix seconds, milliseconds or microseconds, or a spreadsheet date, found %q", raw)}
		}
		label := get(cells, labelCol)
		k := -1
		if tp := m.Match(label); tp != nil {
			k = tp.Index
		} else {
			u := unmatched[label]
			if u == nil {
				u = &journey.Unmatched{File: name, Cell: cellName(r, labelCol), Value: label}
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
