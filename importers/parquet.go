package importers

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/encoding"
	"github.com/parquet-go/parquet-go/format"

	"github.com/journey-maps/journey/journey"
)

// Parquet event files are read with github.com/parquet-go/parquet-go:
// pure Go (no cgo, so the release stays static), maintained, and it hands
// out a column chunk page by page, so only the user, event, time and
// persona columns are read, one page of each at a time.

// pqBlockRows is how many rows one block of a Parquet file holds.
const pqBlockRows = 16 << 10

// ReadParquet reads event-level data from a Parquet file, or from every
// *.parquet file of a folder, in name order, as one export: a user's
// events may lie in several files. Only the columns of the user id, the
// event name, the time and the persona are read.
func ReadParquet(path string, opts Options) (*journey.DataSet, error) {
	files := []string{path}
	st, err := os.Stat(path)
	if err != nil {
		return nil, unreadable(path, err)
	}
	if st.IsDir() {
		if files, err = parquetFolder(path); err != nil {
			return nil, err
		}
	}
	// The first file's columns decide the roles; every other file must
	// have the same columns read.
	first, err := openParquet(files[0])
	if err != nil {
		return nil, err
	}
	lay, err := parquetRoles(first, opts.Mapping)
	if err != nil {
		first.close()
		return nil, err
	}
	if len(lay.users) > 1 {
		lay.chooseUser(first)
	}
	users := lay.estimateUsers(first)
	first.close()
	var total int64
	for _, f := range files {
		if st, err := os.Stat(f); err == nil {
			total += st.Size()
		}
	}
	// The row count comes from the metadata, which may lie: a user takes
	// some bytes of the file at least.
	users = max(0, min(users, total/8))
	cr := &countingReader{total: total}
	rs := &parquetSplit{files: files, lay: lay, opts: opts, cr: cr}
	ds, err := streamRecords(path, 0, cr, opts, eventSource{
		users: users,
		split: rs.split,
		scanner: func(w *eventWorker) func(*block) error {
			return w.scanParquet
		},
	})
	if err != nil {
		return nil, err
	}
	// Unmatched events are placed by file and row.
	for i := range ds.Unmatched {
		u := &ds.Unmatched[i]
		f, row := rs.place(int64(u.Line))
		u.File, u.Line, u.Cell = f, 0, "row "+strconv.FormatInt(row, 10)
	}
	return ds, nil
}

// parquetFolder lists the Parquet files of a folder in name order.
func parquetFolder(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, unreadable(dir, err)
	}
	var files []string
	for _, e := range entries {
		if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".parquet") {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	if len(files) == 0 {
		return nil, unreadable(dir, errors.New("is a folder without .parquet files: expected a data file, or a folder of Parquet files"))
	}
	sort.Strings(files)
	return files, nil
}

// pqFile is an open Parquet file.
type pqFile struct {
	name string
	f    *os.File
	pf   *parquet.File
	size int64
}

func (p *pqFile) close() { p.f.Close() }

// openParquet opens a file and reads its metadata, after checking it
// against the limits.
func openParquet(name string) (*pqFile, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, unreadable(name, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, unreadable(name, err)
	}
	p := &pqFile{name: name, f: f, size: st.Size()}
	if err := p.check(); err != nil {
		f.Close()
		return nil, err
	}
	pf, err := safeOpen(f, p.size)
	if err != nil {
		f.Close()
		return nil, &DataError{File: name, Err: fmt.Errorf("corrupt Parquet metadata: %w", err)}
	}
	p.pf = pf
	for i, rg := range pf.Metadata().RowGroups {
		for k, c := range rg.Columns {
			if c.FilePath != "" {
				f.Close()
				return nil, &DataError{File: name, Err: fmt.Errorf("row group %d, column %d: expected the column's data in the file, found a reference to the file %q, which is not read", i+1, k+1, c.FilePath)}
			}
		}
	}
	return p, nil
}

// safeOpen opens the metadata with the library, turning a panic on data
// it did not expect into an error.
func safeOpen(f io.ReaderAt, size int64) (pf *parquet.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			pf, err = nil, fmt.Errorf("the Parquet reader failed: %v", r)
		}
	}()
	return parquet.OpenFile(f, size, parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true), parquet.ReadBufferSize(64<<10))
}

// check reads the magic bytes and the footer's length, and checks the
// footer, before the library reads it.
func (p *pqFile) check() error {
	notParquet := func(what string) error {
		return &DataError{File: p.name, Err: fmt.Errorf("not a Parquet file: %s", what)}
	}
	if p.size < 12 {
		return notParquet(fmt.Sprintf("expected the magic bytes PAR1 at its start and end around the metadata, found %d bytes in all", p.size))
	}
	var head, tail [8]byte
	if _, err := p.f.ReadAt(head[:4], 0); err != nil {
		return unreadable(p.name, err)
	}
	if _, err := p.f.ReadAt(tail[:], p.size-8); err != nil {
		return unreadable(p.name, err)
	}
	switch {
	case string(head[:4]) == "PARE" || string(tail[4:]) == "PARE":
		return &DataError{File: p.name, Err: errors.New("an encrypted Parquet file is not read: decrypt it first")}
	case string(head[:4]) != "PAR1":
		return notParquet(fmt.Sprintf("expected the magic bytes PAR1 at its start, found %q", head[:4]))
	case string(tail[4:]) != "PAR1":
		return &DataError{File: p.name, Err: fmt.Errorf("truncated or corrupt Parquet file: expected the magic bytes PAR1 at its end, found %q", tail[4:])}
	}
	n := int64(binary.LittleEndian.Uint32(tail[:4]))
	switch {
	case n > p.size-12:
		return &DataError{File: p.name, Err: fmt.Errorf("truncated or corrupt Parquet file: its metadata says it takes %d bytes, but the file has %d bytes", n, p.size)}
	case n > maxParquetFooter:
		return &DataError{File: p.name, Err: fmt.Errorf("the Parquet metadata takes %s, more than the limit of %s", byteSize(n), byteSize(maxParquetFooter))}
	}
	footer := make([]byte, n)
	if _, err := p.f.ReadAt(footer, p.size-8-n); err != nil {
		return unreadable(p.name, err)
	}
	if err := checkFooter(footer); err != nil {
		return &DataError{File: p.name, Err: fmt.Errorf("corrupt Parquet metadata: %w", err)}
	}
	return nil
}

// pqTime is how a time column stores its times.
type pqTime int

const (
	pqNoTime pqTime = iota
	pqMillis        // TIMESTAMP(MILLIS)
	pqMicros        // TIMESTAMP(MICROS)
	pqNanos         // TIMESTAMP(NANOS)
	pqEpoch         // an integer: Unix seconds, milliseconds or microseconds as in CSV
	pqInt96         // the INT96 timestamps of older Spark and Impala
	pqDate          // DATE: days
	pqText          // strings, read as in CSV
)

// pqColumn is a column a role is read from.
type pqColumn struct {
	name   string // its path, dots between the levels
	leaf   int
	kind   parquet.Kind
	time   pqTime
	uuid   bool
	maxDef int
	typ    string // for messages and the schema check
}

// pqLayout is where a file's roles lie.
type pqLayout struct {
	user, label, ts, seg *pqColumn
	// users are the user id columns, in the order of preference.
	users []*pqColumn
	h     *header
	cols  []*pqColumn // every leaf column
}

// parquetRoles finds the columns of the roles by their paths, as a CSV
// file's header: --map first, then the names exports use.
func parquetRoles(p *pqFile, mapping map[string]string) (*pqLayout, error) {
	lay := &pqLayout{}
	var walk func(c *parquet.Column, path []string)
	walk = func(c *parquet.Column, path []string) {
		if c.Leaf() {
			lay.cols = append(lay.cols, describeColumn(c, strings.Join(path, ".")))
			return
		}
		for _, k := range c.Columns() {
			walk(k, append(path[:len(path):len(path)], k.Name()))
		}
	}
	walk(p.pf.Root(), nil)
	names := make([]string, len(lay.cols))
	for i, c := range lay.cols {
		names[i] = c.name
	}
	h := classify(names, mapping)
	lay.h = h
	if !h.eventLevel() {
		if err := h.eventRoles(mapping); err != nil {
			return nil, &DataError{File: p.name, Err: err}
		}
		for _, role := range []string{roleUser, roleLabel, roleTimestamp} {
			if !h.has(role) {
				return nil, &DataError{File: p.name, Err: fmt.Errorf("a Parquet file is read as events, one row per event: %s", h.missing(role, mapping))}
			}
		}
	}
	for _, i := range h.users {
		lay.users = append(lay.users, lay.cols[i])
	}
	lay.user, lay.label, lay.ts = lay.cols[h.role[roleUser]], lay.cols[h.role[roleLabel]], lay.cols[h.role[roleTimestamp]]
	if i, ok := h.role[roleSegment]; ok {
		lay.seg = lay.cols[i]
	}
	for _, c := range []*pqColumn{lay.user, lay.label, lay.ts, lay.seg} {
		if c == nil {
			continue
		}
		if err := lay.usable(p, c); err != nil {
			return nil, err
		}
	}
	return lay, nil
}

// describeColumn says how a leaf column stores its values.
func describeColumn(c *parquet.Column, name string) *pqColumn {
	t := c.Type()
	pc := &pqColumn{name: name, leaf: c.Index(), kind: t.Kind(), maxDef: c.MaxDefinitionLevel(), typ: t.String()}
	if c.MaxRepetitionLevel() > 0 {
		pc.maxDef = -1 // repeated: refused where a role needs it
		// A list is named as its field, so that the message about it
		// names the column a user knows.
		for _, s := range []string{".list.element", ".list.item"} {
			pc.name = strings.TrimSuffix(pc.name, s)
		}
	}
	lt := t.LogicalType()
	switch {
	case lt != nil && lt.Value != nil:
		switch v := lt.Value.(type) {
		case *format.TimestampType:
			switch v.Unit.Value.(type) {
			case *format.MilliSeconds:
				pc.time = pqMillis
			case *format.MicroSeconds:
				pc.time = pqMicros
			case *format.NanoSeconds:
				pc.time = pqNanos
			}
		case *format.DateType:
			pc.time = pqDate
		case *format.UUIDType:
			pc.uuid = true
		}
	case t.ConvertedType() != nil:
		switch *t.ConvertedType() {
		case deprecated.TimestampMillis:
			pc.time = pqMillis
		case deprecated.TimestampMicros:
			pc.time = pqMicros
		case deprecated.Date:
			pc.time = pqDate
		}
	}
	if pc.time == pqNoTime {
		switch pc.kind {
		case parquet.Int64, parquet.Int32:
			pc.time = pqEpoch
		case parquet.Int96:
			pc.time = pqInt96
		case parquet.ByteArray:
			pc.time = pqText
		}
	}
	return pc
}

// usable checks that a role's column holds one value a row of a type the
// role can be read from.
func (lay *pqLayout) usable(p *pqFile, c *pqColumn) error {
	role := "user id"
	switch c {
	case lay.label:
		role = "event"
	case lay.ts:
		role = "time"
	case lay.seg:
		role = "persona"
	}
	if c.maxDef < 0 {
		return &DataError{File: p.name, Err: fmt.Errorf("column %q (%s) is repeated, a list in each row: expected one %s a row", c.name, c.typ, role)}
	}
	if c == lay.ts {
		if c.time == pqNoTime || (c.kind != parquet.Int64 && c.kind != parquet.Int32 && c.kind != parquet.Int96 && c.kind != parquet.ByteArray) {
			return &DataError{File: p.name, Err: fmt.Errorf("column %q is %s: expected a time: a TIMESTAMP, DATE, an integer of Unix seconds, milliseconds or microseconds, or text", c.name, c.typ)}
		}
		return nil
	}
	switch c.kind {
	case parquet.ByteArray, parquet.FixedLenByteArray, parquet.Int32, parquet.Int64:
		return nil
	}
	return &DataError{File: p.name, Err: fmt.Errorf("column %q is %s: expected text or an integer for the %s", c.name, c.typ, role)}
}

// same checks that a file has the layout's columns, of the same types.
func (lay *pqLayout) same(p *pqFile) error {
	var cols []*pqColumn
	var walk func(c *parquet.Column, path []string)
	walk = func(c *parquet.Column, path []string) {
		if c.Leaf() {
			cols = append(cols, describeColumn(c, strings.Join(path, ".")))
			return
		}
		for _, k := range c.Columns() {
			walk(k, append(path[:len(path):len(path)], k.Name()))
		}
	}
	walk(p.pf.Root(), nil)
	for _, want := range []*pqColumn{lay.user, lay.label, lay.ts, lay.seg} {
		if want == nil {
			continue
		}
		var got *pqColumn
		for _, c := range cols {
			if c.name == want.name {
				got = c
			}
		}
		switch {
		case got == nil:
			return &DataError{File: p.name, Err: fmt.Errorf("no column %q, which the folder's first file has: expected every file of the folder to have the same columns", want.name)}
		case got.typ != want.typ || got.time != want.time || got.uuid != want.uuid:
			return &DataError{File: p.name, Err: fmt.Errorf("column %q is %s, but %s in the folder's first file: expected every file of the folder to have the same columns", want.name, got.typ, want.typ)}
		case got.maxDef < 0:
			return &DataError{File: p.name, Err: fmt.Errorf("column %q (%s) is repeated, a list in each row, unlike in the folder's first file: expected every file of the folder to have the same columns", got.name, got.typ)}
		}
		// Whether a column may be null can differ between files.
		want.leaf, want.maxDef = got.leaf, got.maxDef
	}
	return nil
}

// sample reads up to n rows of the first row group's column c, as text
// (null as ""), for choosing the user column and sizing the user table.
func (lay *pqLayout) sample(p *pqFile, c *pqColumn, n int) [][]byte {
	rgs := p.pf.RowGroups()
	if len(rgs) == 0 {
		return nil
	}
	var out [][]byte
	func() {
		defer func() { _ = recover() }() // a sample is a guess; reading proper reports the fault
		if checkChunk(p, 0, c) != nil {
			return
		}
		cur := &pqCursor{col: c, pages: rgs[0].ColumnChunks()[c.leaf].Pages()}
		defer cur.close()
		var scratch []byte
		for len(out) < n {
			null, err := cur.next()
			if err != nil {
				return
			}
			var v []byte
			if !null {
				v = append([]byte(nil), cur.text(&scratch)...)
			}
			out = append(out, v)
		}
	}()
	return out
}

// chooseUser picks the user column from the first rows, as for CSV.
func (lay *pqLayout) chooseUser(p *pqFile) {
	rows := make([][]string, 0, sampleRows)
	for k, c := range lay.users {
		vals := lay.sample(p, c, sampleRows)
		for i, v := range vals {
			if i == len(rows) {
				rows = append(rows, make([]string, len(lay.cols)))
			}
			rows[i][lay.h.users[k]] = string(v)
		}
	}
	lay.h.chooseUser(rows)
	lay.user = lay.cols[lay.h.role[roleUser]]
}

// estimateUsers guesses the users from the first row group's user ids.
func (lay *pqLayout) estimateUsers(p *pqFile) int64 {
	rows := p.pf.NumRows()
	ids := lay.sample(p, lay.user, 50_000)
	seen := map[uint64]int32{}
	n, pairs := 0, 0
	for _, id := range ids {
		id = bytes.TrimSpace(id)
		if len(id) > 0 {
			h := journey.UserHash(id)
			pairs += int(seen[h])
			seen[h]++
			n++
		}
	}
	if u := usersFromPairs(float64(rows), n, pairs); u > 0 {
		return u
	}
	return rows / 5
}

// checkChunk checks the page headers of row group rg's chunk of column c
// against the limits, before the library reads them.
func checkChunk(p *pqFile, rg int, c *pqColumn) error {
	md := p.pf.Metadata()
	cc := md.RowGroups[rg].Columns[c.leaf].MetaData
	start := cc.DataPageOffset
	if cc.DictionaryPageOffset > 0 && cc.DictionaryPageOffset < start {
		start = cc.DictionaryPageOffset
	}
	end := start + cc.TotalCompressedSize
	if start < 4 || cc.TotalCompressedSize < 0 || end > p.size-8 || end < start {
		return fmt.Errorf("its data lies at bytes %d to %d, outside the file's %d bytes", start, end, p.size)
	}
	var buf []byte
	var values int64
	for off := start; off < end; {
		want := min(int64(16<<10), end-off)
		var h pageHeader
		for {
			if int64(cap(buf)) < want {
				buf = make([]byte, want)
			}
			buf = buf[:want]
			if _, err := p.f.ReadAt(buf, off); err != nil {
				return fmt.Errorf("reading a page header at byte %d: %w", off, err)
			}
			var err error
			if h, err = parsePageHeader(buf); err == nil {
				break
			}
			if !errors.Is(err, errThriftShort) || want == end-off || want >= maxPageHeader {
				if errors.Is(err, errThriftShort) && want >= maxPageHeader {
					return fmt.Errorf("a page header at byte %d longer than %s, the limit", off, byteSize(maxPageHeader))
				}
				return fmt.Errorf("corrupt page header at byte %d: %w", off, err)
			}
			want = min(4*want, end-off, maxPageHeader)
		}
		switch {
		case h.compressed > maxParquetPage || h.uncompressed > maxParquetPage:
			return fmt.Errorf("a page at byte %d of %s (%s unpacked), more than the limit of %s a page", off, byteSize(h.compressed), byteSize(h.uncompressed), byteSize(maxParquetPage))
		case off+int64(h.len)+h.compressed > end:
			return fmt.Errorf("a page at byte %d says it takes %d bytes, past the end of the column's data at byte %d", off, h.compressed, end)
		}
		if h.typ == int64(format.DataPage) || h.typ == int64(format.DataPageV2) {
			values += h.numValues
		}
		if cc.Codec == format.Snappy && h.compressed > h.defLevelBytes+h.repLvBytes {
			// Snappy states the unpacked size first: it must agree with
			// the header's, which the limit checked.
			var head [binary.MaxVarintLen32]byte
			n := min(int64(len(head)), h.compressed-h.defLevelBytes-h.repLvBytes)
			if _, err := p.f.ReadAt(head[:n], off+int64(h.len)+h.defLevelBytes+h.repLvBytes); err != nil {
				return fmt.Errorf("reading a page at byte %d: %w", off, err)
			}
			if v, k := binary.Uvarint(head[:n]); k <= 0 || int64(v) > h.uncompressed-h.defLevelBytes-h.repLvBytes {
				return fmt.Errorf("a page at byte %d unpacks to more than its header's %s", off, byteSize(h.uncompressed))
			}
		}
		if lv := h.defLevelBytes + h.repLvBytes; !h.plain && h.compressed > lv {
			// Levels of a data page v2 are stored as they are.
			body := io.NewSectionReader(p.f, off+int64(h.len)+lv, h.compressed-lv)
			if err := checkUnpacked(cc.Codec, body, h.uncompressed-lv); err != nil {
				return fmt.Errorf("a page at byte %d %w", off, err)
			}
		}
		off += int64(h.len) + h.compressed
	}
	if values != cc.NumValues {
		return fmt.Errorf("its pages hold %d values, its metadata says %d", values, cc.NumValues)
	}
	return nil
}

// pqCursor reads one column chunk row by row, a page at a time.
type pqCursor struct {
	col   *pqColumn
	pages parquet.Pages
	page  parquet.Page
	dict  parquet.Dictionary
	def   []byte
	rows  int // rows of the page
	r, v  int // next row and value of the page
	idx   []int32
	// The values of the page, or of its dictionary when idx is set.
	data  []byte
	offs  []uint32
	i64   []int64
	i32   []int32
	i96   []deprecated.Int96
	fixed int
	// k is the value of the current row.
	k int
}

func (c *pqCursor) close() {
	if c.page != nil {
		parquet.Release(c.page)
		c.page = nil
	}
	if c.pages != nil {
		c.pages.Close()
	}
}

// errNoMoreRows is a column chunk that ends before its row group.
var errNoMoreRows = errors.New("no more values")

// next moves to the next row and tells whether its value is null.
func (c *pqCursor) next() (null bool, err error) {
	for c.page == nil || c.r >= c.rows {
		if c.page != nil {
			parquet.Release(c.page)
			c.page = nil
		}
		pg, err := c.pages.ReadPage()
		if err != nil {
			if err == io.EOF {
				return false, errNoMoreRows
			}
			return false, err
		}
		if err := c.load(pg); err != nil {
			parquet.Release(pg)
			return false, err
		}
	}
	r := c.r
	c.r++
	if c.def != nil && int(c.def[r]) != c.col.maxDef {
		return true, nil
	}
	c.k = c.v
	c.v++
	if c.idx != nil {
		if c.k >= len(c.idx) {
			return false, errors.New("a page with fewer values than its levels say")
		}
		c.k = int(c.idx[c.k])
		if c.k < 0 || c.k >= c.dictLen() {
			return false, fmt.Errorf("a dictionary index %d past the dictionary's %d values", c.k, c.dictLen())
		}
	} else if c.k >= c.valueCount() {
		return false, errors.New("a page with fewer values than its levels say")
	}
	return false, nil
}

func (c *pqCursor) dictLen() int { return c.dict.Len() }

// valueCount is how many values the page's (or dictionary's) arrays hold.
func (c *pqCursor) valueCount() int {
	switch c.col.kind {
	case parquet.ByteArray:
		return max(0, len(c.offs)-1)
	case parquet.FixedLenByteArray:
		if c.fixed <= 0 {
			return 0
		}
		return len(c.data) / c.fixed
	case parquet.Int64:
		return len(c.i64)
	case parquet.Int32:
		return len(c.i32)
	case parquet.Int96:
		return len(c.i96)
	}
	return 0
}

// load takes a new page.
func (c *pqCursor) load(pg parquet.Page) error {
	c.page, c.r, c.v = pg, 0, 0
	c.rows = int(pg.NumValues())
	c.def = nil
	if c.col.maxDef > 0 {
		c.def = pg.DefinitionLevels()
		if len(c.def) != c.rows {
			return fmt.Errorf("a page with %d definition levels for %d values", len(c.def), c.rows)
		}
	}
	c.idx = nil
	vals := pg.Data()
	if d := pg.Dictionary(); d != nil {
		if vals.Kind() != encoding.Int32 {
			return errors.New("a dictionary page without indexes")
		}
		c.idx = vals.Int32()
		if d != c.dict {
			c.dict = d
			if err := c.values(d.Page().Data()); err != nil {
				return err
			}
			if c.valueCount() != d.Len() {
				return errors.New("a dictionary of values of another type")
			}
		}
		return nil
	}
	c.dict = nil
	return c.values(vals)
}

// values takes the arrays of a page or dictionary.
func (c *pqCursor) values(v encoding.Values) error {
	want := map[parquet.Kind]encoding.Kind{
		parquet.ByteArray: encoding.ByteArray, parquet.FixedLenByteArray: encoding.FixedLenByteArray,
		parquet.Int64: encoding.Int64, parquet.Int32: encoding.Int32, parquet.Int96: encoding.Int96,
	}[c.col.kind]
	if v.Kind() != want {
		return fmt.Errorf("a page of %s values in a column of %s", v.Kind(), c.col.typ)
	}
	switch want {
	case encoding.ByteArray:
		c.data, c.offs = v.ByteArray()
		if len(c.offs) > 0 && int(c.offs[len(c.offs)-1]) > len(c.data) {
			return errors.New("a page whose values lie past its data")
		}
	case encoding.FixedLenByteArray:
		c.data, c.fixed = v.FixedLenByteArray()
	case encoding.Int64:
		c.i64 = v.Int64()
	case encoding.Int32:
		c.i32 = v.Int32()
	case encoding.Int96:
		c.i96 = v.Int96()
	}
	return nil
}

// text is the current value as text: strings as they are, integers in
// decimal, UUIDs in their usual form. It may point into the page or into
// scratch, until the next call.
func (c *pqCursor) text(scratch *[]byte) []byte {
	k := c.k
	switch c.col.kind {
	case parquet.ByteArray:
		return c.data[c.offs[k]:c.offs[k+1]]
	case parquet.FixedLenByteArray:
		v := c.data[k*c.fixed : (k+1)*c.fixed]
		if c.col.uuid && len(v) == 16 {
			b := (*scratch)[:0]
			for i, x := range v {
				if i == 4 || i == 6 || i == 8 || i == 10 {
					b = append(b, '-')
				}
				b = append(b, "0123456789abcdef"[x>>4], "0123456789abcdef"[x&15])
			}
			*scratch = b
			return b
		}
		return v
	case parquet.Int64:
		*scratch = strconv.AppendInt((*scratch)[:0], c.i64[k], 10)
		return *scratch
	case parquet.Int32:
		*scratch = strconv.AppendInt((*scratch)[:0], int64(c.i32[k]), 10)
		return *scratch
	}
	return nil
}

// julianEpoch is the Julian day of 1970-01-01, INT96 timestamps' origin.
const julianEpoch = 2440588

// time is the current value as Unix milliseconds; ok is false when it is
// no time (text that does not parse, or an integer out of range).
func (c *pqCursor) time(scratch *[]byte) (int64, bool) {
	k := c.k
	switch c.col.time {
	case pqMillis, pqMicros, pqNanos, pqEpoch:
		var v int64
		if c.col.kind == parquet.Int32 {
			v = int64(c.i32[k])
		} else {
			v = c.i64[k]
		}
		switch c.col.time {
		case pqMillis:
			return v, true
		case pqMicros:
			return floorDiv(v, 1000), true
		case pqNanos:
			return floorDiv(v, 1_000_000), true
		}
		return unixMS(v)
	case pqDate:
		return int64(c.i32[k]) * 86_400_000, true
	case pqInt96:
		t := c.i96[k]
		nanos := int64(uint64(t[0]) | uint64(t[1])<<32)
		return (int64(t[2])-julianEpoch)*86_400_000 + floorDiv(nanos, 1_000_000), true
	case pqText:
		return parseTimestamp(c.text(scratch))
	}
	return 0, false
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// pqRow is one row of a block: where its user id, event and persona lie
// in the block's data, and its time.
type pqRow struct {
	user, userEnd, label, labelEnd, seg, segEnd uint32
	ms                                          int64
	row                                         int64 // in the whole input, from 1
}

// span sets where the value of column k (0 user, 1 event, 3 persona) lies
// in the block's data.
func (r *pqRow) span(k int, at, end uint32) {
	switch k {
	case 0:
		r.user, r.userEnd = at, end
	case 1:
		r.label, r.labelEnd = at, end
	case 3:
		r.seg, r.segEnd = at, end
	}
}

// parquetSplit reads the files row group by row group into blocks.
type parquetSplit struct {
	files []string
	lay   *pqLayout
	opts  Options
	cr    *countingReader
	// starts are the global row before each file's first.
	starts []int64
}

// place turns a global row into its file and row.
func (s *parquetSplit) place(row int64) (string, int64) {
	i := sort.Search(len(s.starts), func(i int) bool { return s.starts[i] >= row }) - 1
	if i < 0 {
		return s.files[0], row
	}
	return s.files[i], row - s.starts[i]
}

func (s *parquetSplit) split(free chan []byte, emit func(*block) bool) (err error) {
	var cur *pqFile
	var g int
	var fileRow int64
	defer func() {
		if r := recover(); r != nil {
			name := s.files[len(s.starts)-1]
			err = &DataError{File: name, Cell: fmt.Sprintf("row %d (row group %d)", fileRow, g+1), Err: fmt.Errorf("corrupt Parquet data: the reader failed: %v", r)}
			if os.Getenv("JOURNEY_DEBUG") != "" {
				os.Stderr.Write(debug.Stack())
			}
		}
		if cur != nil {
			cur.close()
		}
	}()
	var b *block
	var row int64  // rows before this file's
	var done int64 // bytes of the files before this one
	newBlock := func() {
		var data []byte
		select {
		case data = <-free:
		default:
			data = make([]byte, 0, blockSize+blockSlack)
		}
		b = &block{data: data, pq: make([]pqRow, 0, pqBlockRows)}
	}
	send := func() bool {
		if b == nil || len(b.pq) == 0 {
			return true
		}
		b.line = int(b.pq[0].row)
		ok := emit(b)
		b = nil
		return ok
	}
	var scratch []byte
	for fi, name := range s.files {
		s.starts = append(s.starts, row)
		if fi == 0 || cur == nil {
			if cur, err = openParquet(name); err != nil {
				return err
			}
		}
		if fi > 0 {
			if err := s.lay.same(cur); err != nil {
				return err
			}
		}
		cols := []*pqColumn{s.lay.user, s.lay.label, s.lay.ts}
		if s.lay.seg != nil {
			cols = append(cols, s.lay.seg)
		}
		fileRow = 0
		fileRows := max(1, cur.pf.NumRows())
		for g = range cur.pf.RowGroups() {
			rg := cur.pf.RowGroups()[g]
			n := rg.NumRows()
			chunks := rg.ColumnChunks()
			curs := make([]*pqCursor, len(cols))
			for k, c := range cols {
				if err := checkChunk(cur, g, c); err != nil {
					for _, p := range curs[:k] {
						p.close()
					}
					return &DataError{File: name, Line: int(row + fileRow + 1), Cell: fmt.Sprintf("row group %d, column %q", g+1, c.name), Err: err}
				}
				curs[k] = &pqCursor{col: c, pages: chunks[c.leaf].Pages()}
			}
			fail := func(k int, r int64, err error) error {
				for _, p := range curs {
					p.close()
				}
				return &DataError{File: name, Line: int(row + r), Cell: fmt.Sprintf("row %d (row group %d, column %q)", r, g+1, cols[k].name), Err: err}
			}
			for i := int64(0); i < n; i++ {
				fileRow++
				if b == nil {
					newBlock()
				}
				pr := pqRow{row: row + fileRow}
				anon := false
				for k, c := range curs {
					null, err := c.next()
					if err != nil {
						if err == errNoMoreRows {
							err = fmt.Errorf("the column ends after %d of the row group's %d rows", i, n)
						}
						return fail(k, fileRow, fmt.Errorf("corrupt Parquet data: %w", err))
					}
					switch {
					case k == 2: // the time
						if anon {
							continue
						}
						if null {
							return fail(k, fileRow, fmt.Errorf("expected a time, found null"))
						}
						ms, ok := c.time(&scratch)
						if !ok {
							v := "the value"
							if c.col.kind == parquet.ByteArray {
								v = quoted(string(c.text(&scratch)))
							} else if c.col.kind == parquet.Int64 || c.col.kind == parquet.Int32 {
								v = string(c.text(&scratch))
							}
							return fail(k, fileRow, fmt.Errorf("expected a time (RFC 3339 such as 2026-09-01T10:15:00Z, 2026-09-01 10:15:00[.ffffff][ UTC], or Unix seconds, milliseconds or microseconds), found %s", v))
						}
						pr.ms = ms
					case null:
						if k == 0 {
							anon = true
						}
						at := uint32(len(b.data))
						pr.span(k, at, at)
					default:
						v := c.text(&scratch)
						if k == 0 && len(bytes.TrimSpace(v)) == 0 {
							anon = true
						}
						if len(v) > s.opts.maxLine() {
							return fail(k, fileRow, fmt.Errorf("a value of %d bytes, longer than the limit of %d bytes", len(v), s.opts.maxLine()))
						}
						at := uint32(len(b.data))
						b.data = append(b.data, v...)
						pr.span(k, at, uint32(len(b.data)))
					}
				}
				b.pq = append(b.pq, pr)
				if len(b.pq) == pqBlockRows || len(b.data) >= blockSize {
					if !send() {
						for _, p := range curs {
							p.close()
						}
						return nil
					}
				}
			}
			for k, c := range curs {
				if null, err := c.next(); err != errNoMoreRows {
					_ = null
					if err == nil {
						err = fmt.Errorf("the column has more values than the row group's %d rows", n)
					}
					return fail(k, fileRow, fmt.Errorf("corrupt Parquet data: %w", err))
				}
			}
			for _, p := range curs {
				p.close()
			}
			s.cr.n = done + cur.size*fileRow/fileRows
			if s.opts.Progress != nil {
				s.opts.Progress(min(s.cr.n, s.cr.total), s.cr.total)
			}
		}
		row += fileRow
		done += cur.size
		cur.close()
		cur = nil
		if fi+1 < len(s.files) {
			if cur, err = openParquet(s.files[fi+1]); err != nil {
				return err
			}
		}
	}
	s.cr.n = s.cr.total
	send()
	return nil
}

// scanParquet counts the rows of a Parquet block whose users are the
// worker's.
func (w *eventWorker) scanParquet(b *block) error {
	data := b.data
	for i := range b.pq {
		r := &b.pq[i]
		user := bytes.TrimSpace(data[r.user:r.userEnd])
		if len(user) == 0 {
			if w.id == 0 {
				w.anonymous++
			}
			continue
		}
		hash := journey.UserHash(user)
		if w.of > 1 && int((hash>>32)%uint64(w.of)) != w.id {
			continue
		}
		w.add(user, hash, data[r.label:r.labelEnd], data[r.seg:r.segEnd], r.ms, int(r.row), false)
	}
	w.flush() // the block is about to be reused
	return nil
}
