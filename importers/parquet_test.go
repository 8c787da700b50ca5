package importers

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"

	"github.com/journey-maps/journey/journey"
)

// parquetDir holds Parquet files DuckDB wrote from events.csv beside them
// (testdata/parquet/README.md).
const parquetDir = "../testdata/parquet"

// personaFigures are a data set's figures overall and per persona.
func personaFigures(j *journey.Journey, ds *journey.DataSet) string {
	var b strings.Builder
	b.WriteString(figures(j, ds))
	for _, p := range j.Personas {
		a := journey.Analyze(j, []*journey.DataSet{ds}, journey.AnalyzeOptions{Persona: p.ID})
		for _, tf := range a.Touchpoints {
			if tf.Users != nil {
				fmt.Fprintf(&b, "%s.%s users=%g\n", p.ID, tf.Touchpoint.ID, *tf.Users)
			}
		}
	}
	fmt.Fprintf(&b, "period=%s\n", ds.Period)
	return b.String()
}

func TestParquetMatchesCSV(t *testing.T) {
	j, _, err := journey.Load(filepath.Join(parquetDir, "journey.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := Read(filepath.Join(parquetDir, "events.csv"), Options{Journey: j})
	if err != nil {
		t.Fatal(err)
	}
	wantFig := personaFigures(j, want)
	if want.Anonymous == 0 || len(want.Unmatched) == 0 || !strings.Contains(wantFig, "business.") {
		t.Fatalf("the CSV lacks the cases the test is about:\n%s", wantFig)
	}
	// What each file holds, as its README says: the time column's type,
	// the compression and the row groups.
	cases := []struct {
		file    string
		mapping map[string]string
		time    pqTime
		utc     bool
		codec   format.CompressionCodec
		groups  int
	}{
		{file: "timestamptz.parquet", time: pqMicros, utc: true, codec: format.Snappy, groups: 1},
		{file: "timestamp-ms.parquet", time: pqMillis, codec: format.Snappy, groups: 1},
		{file: "timestamp-ns.parquet", time: pqNanos, codec: format.Zstd, groups: 1},
		{file: "epoch-ms.parquet", time: pqEpoch, codec: format.Gzip, groups: 1},
		{file: "epoch-s.parquet", time: pqEpoch, codec: format.Uncompressed, groups: 1},
		{file: "string.parquet", time: pqText, codec: format.Snappy, groups: 1},
		{file: "row-groups.parquet", time: pqMicros, utc: true, codec: format.Snappy, groups: 2},
		{file: "nested.parquet", mapping: map[string]string{"user_id": "user.id"}, time: pqMicros, utc: true, codec: format.Snappy, groups: 1},
		{file: "folder", time: pqMicros, utc: true, codec: format.Snappy, groups: 1},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			path := filepath.Join(parquetDir, c.file)
			first := path
			if c.file == "folder" {
				files, err := parquetFolder(path)
				if err != nil || len(files) != 3 {
					t.Fatalf("folder: %v %v, want three files", files, err)
				}
				first = files[0]
			}
			p, err := openParquet(first)
			if err != nil {
				t.Fatal(err)
			}
			lay, err := parquetRoles(p, c.mapping)
			if err != nil {
				t.Fatal(err)
			}
			md := p.pf.Metadata()
			cc := md.RowGroups[0].Columns[lay.user.leaf].MetaData
			dict := false
			for _, e := range cc.Encoding {
				dict = dict || e == format.PlainDictionary || e == format.RLEDictionary
			}
			lt := p.pf.Root().Column("timestamp").Type().LogicalType()
			ts, _ := lt.Value.(*format.TimestampType)
			utc := ts != nil && ts.IsAdjustedToUTC
			if lay.ts.time != c.time || utc != c.utc || cc.Codec != c.codec || len(md.RowGroups) != c.groups || (!dict && c.file != "folder") || lay.user.maxDef < 1 {
				t.Errorf("time %d utc %v codec %v row groups %d dictionary %v nullable %v; want time %d utc %v codec %v row groups %d, a dictionary-encoded nullable user id",
					lay.ts.time, utc, cc.Codec, len(md.RowGroups), dict, lay.user.maxDef == 1, c.time, c.utc, c.codec, c.groups)
			}
			p.close()
			for _, workers := range []int{1, 2, 3} {
				var last, total int64
				ds, err := Read(path, Options{Journey: j, Workers: workers, Mapping: c.mapping, Progress: func(done, size int64) { last, total = done, size }})
				if err != nil {
					t.Fatal(err)
				}
				if got := personaFigures(j, ds); got != wantFig {
					t.Errorf("%d workers: got\n%s\nwant (CSV)\n%s", workers, got, wantFig)
				}
				if last == 0 || last != total {
					t.Errorf("progress ended at %d of %d, want the whole", last, total)
				}
				// An unmatched event is placed at its file and row: the
				// CSV's line less its header.
				u, w := ds.Unmatched[0], want.Unmatched[0]
				if c.file != "folder" && (u.File != path || u.Cell != "row "+strconv.Itoa(w.Line-1)) {
					t.Errorf("unmatched %q at %s %s, want %s row %d", u.Value, u.File, u.Cell, path, w.Line-1)
				}
			}
		})
	}
}

// pqEvent is a row the tests write with the Parquet library.
type pqEvent struct {
	User  *string `parquet:"user_id,optional"`
	Event string  `parquet:"event,dict"`
	TS    int64   `parquet:"timestamp,timestamp(millisecond)"`
}

func writeParquet[T any](t *testing.T, path string, rows []T, opts ...parquet.WriterOption) {
	t.Helper()
	if err := parquet.WriteFile(path, rows, opts...); err != nil {
		t.Fatal(err)
	}
}

// TestParquetTypes reads the types DuckDB does not write: INT96 and DATE
// times, integer and UUID user ids, and files of many small pages and row
// groups.
func TestParquetTypes(t *testing.T) {
	j := storeJ(t)
	csv, rows := eventRows(3000)
	want, err := ReadCSV("events.csv", bytes.NewReader(csv), int64(len(csv)), Options{Journey: j})
	if err != nil {
		t.Fatal(err)
	}
	wantFig := figures(j, want)
	secs := func(r [3]string) int64 { v, _ := strconv.ParseInt(r[2], 10, 64); return v }
	dir := t.TempDir()

	// Milliseconds, nulls, a dictionary, pages of a few hundred bytes and
	// row groups of 700 rows: values cross pages and row groups.
	var ms []pqEvent
	for _, r := range rows {
		var u *string
		if r[0] != "" {
			u = &r[0]
		}
		ms = append(ms, pqEvent{User: u, Event: r[1], TS: secs(r) * 1000})
	}
	small := filepath.Join(dir, "small-pages.parquet")
	writeParquet(t, small, ms, parquet.PageBufferSize(512), parquet.MaxRowsPerRowGroup(700))

	// INT96 (nanoseconds of the day and a Julian day), as Spark wrote.
	type int96Event struct {
		User  string           `parquet:"user_id"`
		Event string           `parquet:"event"`
		TS    deprecated.Int96 `parquet:"timestamp"`
	}
	var i96 []int96Event
	for _, r := range rows {
		s := secs(r)
		nanos := uint64(s%86400) * 1e9
		i96 = append(i96, int96Event{User: r[0], Event: r[1], TS: deprecated.Int96{uint32(nanos), uint32(nanos >> 32), uint32(s/86400 + julianEpoch)}})
	}
	writeParquet(t, filepath.Join(dir, "int96.parquet"), i96)

	// Integer user ids and Unix seconds as plain integers.
	type intEvent struct {
		User  int64  `parquet:"user_id"`
		Event string `parquet:"event"`
		TS    int64  `parquet:"timestamp"`
	}
	var ints []intEvent
	var intCSV bytes.Buffer
	intCSV.WriteString("user_id,event,timestamp\n")
	for _, r := range rows {
		if r[0] == "" {
			continue
		}
		id, _ := strconv.ParseInt(strings.TrimPrefix(r[0], "u"), 10, 64)
		ints = append(ints, intEvent{User: id + 1_000_000, Event: r[1], TS: secs(r)})
		fmt.Fprintf(&intCSV, "%d,%s,%s\n", id+1_000_000, r[1], r[2])
	}
	writeParquet(t, filepath.Join(dir, "ints.parquet"), ints)
	wantInts, err := ReadCSV("ints.csv", &intCSV, 0, Options{Journey: j})
	if err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		file string
		want string
	}{
		{"small-pages.parquet", wantFig},
		{"int96.parquet", wantFig},
		{"ints.parquet", figures(j, wantInts)},
	} {
		t.Run(c.file, func(t *testing.T) {
			for _, workers := range []int{1, 2} {
				ds, err := Read(filepath.Join(dir, c.file), Options{Journey: j, Workers: workers})
				if err != nil {
					t.Fatal(err)
				}
				if got := figures(j, ds); got != c.want {
					t.Errorf("%d workers: got\n%s\nwant\n%s", workers, got, c.want)
				}
			}
		})
	}

	// DATE times and UUID user ids: each value read as such.
	type dateEvent struct {
		User  [16]byte `parquet:"user_id,uuid"`
		Event string   `parquet:"event"`
		Day   int32    `parquet:"timestamp,date"`
	}
	id := [16]byte{0x12, 0x3e, 0x45, 0x67, 0xe8, 0x9b, 0x12, 0xd3, 0xa4, 0x56, 0x42, 0x66, 0x14, 0x17, 0x40, 0x00}
	writeParquet(t, filepath.Join(dir, "date.parquet"), []dateEvent{{id, "view_item", 20697}, {id, "nothing", 20698}})
	ds, err := Read(filepath.Join(dir, "date.parquet"), Options{Journey: j})
	if err != nil {
		t.Fatal(err)
	}
	if ds.Period != "2026-09-01..2026-09-02" || len(ds.Unmatched) != 1 || ds.Unmatched[0].Cell != "row 2" {
		t.Errorf("period %q unmatched %+v, want 2026-09-01..2026-09-02 and nothing at row 2", ds.Period, ds.Unmatched)
	}
	p, err := openParquet(filepath.Join(dir, "date.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	defer p.close()
	lay, err := parquetRoles(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(lay.sample(p, lay.user, 1)[0]); got != "123e4567-e89b-12d3-a456-426614174000" {
		t.Errorf("uuid read as %q", got)
	}
}

func TestParquetErrors(t *testing.T) {
	j := storeJ(t)
	dir := t.TempDir()
	write := func(name string, f func(path string)) string {
		path := filepath.Join(dir, name)
		f(path)
		return path
	}
	u := "u1"
	type textEvent struct {
		User  string `parquet:"user_id"`
		Event string `parquet:"event"`
		TS    string `parquet:"timestamp"`
	}
	type listEvent struct {
		User   string   `parquet:"user_id"`
		Events []string `parquet:"event,list"`
		TS     int64    `parquet:"timestamp"`
	}
	type noTime struct {
		User  string `parquet:"user_id"`
		Event string `parquet:"event"`
	}
	type floatTime struct {
		User  string  `parquet:"user_id"`
		Event string  `parquet:"event"`
		TS    float64 `parquet:"timestamp"`
	}
	type nullTime struct {
		User  string `parquet:"user_id"`
		Event string `parquet:"event"`
		TS    *int64 `parquet:"timestamp,optional"`
	}
	many := make([]textEvent, 5000)
	for i := range many {
		many[i] = textEvent{"u" + strconv.Itoa(i%50), "view_item", "2026-09-01T10:00:00Z"}
	}
	many[4321].TS = "yesterday"
	mixed := filepath.Join(dir, "mixed")
	if err := os.Mkdir(mixed, 0o755); err != nil {
		t.Fatal(err)
	}
	writeParquet(t, filepath.Join(mixed, "a.parquet"), []pqEvent{{&u, "view_item", 1}})
	writeParquet(t, filepath.Join(mixed, "b.parquet"), []textEvent{{u, "view_item", "2026-09-01T10:00:00Z"}})
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, path, want string
	}{
		{"bad text time", write("text.parquet", func(p string) {
			writeParquet(t, p, many, parquet.PageBufferSize(1024), parquet.MaxRowsPerRowGroup(1000))
		}),
			`text.parquet: row 4322 (row group 5, column "timestamp"): expected a time (RFC 3339`},
		{"list column", write("list.parquet", func(p string) { writeParquet(t, p, []listEvent{{"u1", []string{"a"}, 1}}) }),
			`list.parquet: column "event" (STRING) is repeated, a list in each row: expected one event a row`},
		{"no time", write("notime.parquet", func(p string) { writeParquet(t, p, []noTime{{"u1", "a"}}) }),
			`notime.parquet: one row per event (column "event" names events), but no timestamp column`},
		{"float time", write("float.parquet", func(p string) { writeParquet(t, p, []floatTime{{"u1", "a", 1}}) }),
			`float.parquet: column "timestamp" is DOUBLE: expected a time`},
		{"null time", write("nulltime.parquet", func(p string) { writeParquet(t, p, []nullTime{{"u1", "a", nil}}) }),
			`nulltime.parquet: row 1 (row group 1, column "timestamp"): expected a time, found null`},
		{"mixed folder", mixed,
			`b.parquet: column "timestamp" is STRING, but TIMESTAMP(isAdjustedToUTC=true,unit=MILLIS) in the folder's first file: expected every file of the folder to have the same columns`},
		{"empty folder", empty, `is a folder without .parquet files`},
		{"gzip", write("x.parquet.gz", func(p string) { os.WriteFile(p, []byte("x"), 0o644) }), `a gzip-compressed Parquet file is not read`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(c.path, Options{Journey: j})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v\nwant %s", err, c.want)
			}
		})
	}
}

// thriftInt appends a compact-protocol field header and an i32/i64
// varint value.
func thriftInt(b []byte, delta, typ byte, v int64) []byte {
	b = append(b, delta<<4|typ)
	return binary.AppendUvarint(b, uint64(v<<1^(v>>63)))
}

// hostileParquet makes files that break the limits from a DuckDB file.
func hostileParquet(t testing.TB) map[string][]byte {
	src, err := os.ReadFile(filepath.Join(parquetDir, "folder", "part-1.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	footerLen := int(binary.LittleEndian.Uint32(src[len(src)-8:]))
	out := map[string][]byte{}
	set := func(name string, f func(b []byte) []byte) {
		out[name] = f(append([]byte(nil), src...))
	}
	set("truncated", func(b []byte) []byte { return b[:len(b)-100] })
	set("cut-in-half", func(b []byte) []byte { return b[:len(b)/2] })
	set("footer-length", func(b []byte) []byte {
		binary.LittleEndian.PutUint32(b[len(b)-8:], 0x7fffffff)
		return b
	})
	set("footer-garbage", func(b []byte) []byte {
		for i := len(b) - 8 - footerLen; i < len(b)-8; i += 7 {
			b[i] ^= 0x5a
		}
		return b
	})
	set("list-bomb", func(b []byte) []byte {
		// A footer whose schema list declares two billion entries.
		footer := []byte{0x15, 0x02, 0x19, 0xfc}
		footer = binary.AppendUvarint(footer, 1<<31-1)
		footer = append(footer, 0x00)
		b = append([]byte("PAR1"), footer...)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(footer)))
		return append(b, "PAR1"...)
	})
	set("string-bomb", func(b []byte) []byte {
		footer := []byte{0x15, 0x02, 0x18}
		footer = binary.AppendUvarint(footer, 1<<31-1)
		b = append([]byte("PAR1"), footer...)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(footer)))
		return append(b, "PAR1"...)
	})
	set("not-parquet", func([]byte) []byte { return []byte("user_id,event,timestamp\nu1,view_item,2026-09-01T10:00:00Z\n") })
	set("page-size", func(b []byte) []byte {
		// The first page of the first column says it unpacks to 1 GiB.
		p, err := openParquetBytes(t, b)
		if err != nil {
			t.Fatal(err)
		}
		cc := p.Metadata().RowGroups[0].Columns[0].MetaData
		off := cc.DataPageOffset
		if cc.DictionaryPageOffset > 0 {
			off = cc.DictionaryPageOffset
		}
		h, err := parsePageHeader(b[off:])
		if err != nil {
			t.Fatal(err)
		}
		hdr := thriftInt(nil, 1, tI32, h.typ)
		hdr = thriftInt(hdr, 1, tI32, 1<<30)
		hdr = thriftInt(hdr, 1, tI32, h.compressed)
		rest := b[int(off)+h.len:]
		// The page's own header follows as it was: a reader that took
		// the sizes above would ask for a gigabyte first.
		orig := b[off : int(off)+h.len]
		// Keep everything after the sizes (fields 4 on) of the original.
		skip := 0
		for f := 0; f < 3; f++ {
			skip++
			_, n := binary.Uvarint(orig[skip:])
			skip += n
		}
		hdr = append(hdr, orig[skip:]...)
		return append(append(b[:off:off], hdr...), rest...)
	})
	return out
}

func openParquetBytes(t testing.TB, b []byte) (*parquet.File, error) {
	return parquet.OpenFile(bytes.NewReader(b), int64(len(b)), parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
}

func TestParquetHostile(t *testing.T) {
	j := storeJ(t)
	dir := t.TempDir()
	want := map[string]string{
		"truncated":      "truncated or corrupt Parquet file: expected the magic bytes PAR1 at its end",
		"cut-in-half":    "truncated or corrupt Parquet file: expected the magic bytes PAR1 at its end",
		"footer-length":  "truncated or corrupt Parquet file: its metadata says it takes 2147483647 bytes",
		"footer-garbage": "corrupt Parquet metadata",
		"list-bomb":      "corrupt Parquet metadata: a list of 2147483647 entries with 1 bytes left",
		"string-bomb":    "corrupt Parquet metadata: a value of 2147483647 bytes with 0 bytes left",
		"not-parquet":    "not a Parquet file: expected the magic bytes PAR1 at its start, found \"user\"",
		"page-size":      `row group 1, column "user_id": a page at byte 4 of`,
	}
	for name, b := range hostileParquet(t) {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name+".parquet")
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Read(path, Options{Journey: j})
			if err == nil || !strings.Contains(err.Error(), want[name]) || !strings.HasPrefix(err.Error(), path+": ") {
				t.Errorf("got %v\nwant %s: ...%s...", err, path, want[name])
			}
		})
	}
}

// FuzzParquet: whatever the bytes, reading ends with figures or an error,
// never a panic or a hang.
func FuzzParquet(f *testing.F) {
	for _, name := range []string{"part-0.parquet", "part-1.parquet"} {
		b, err := os.ReadFile(filepath.Join(parquetDir, "folder", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, b := range hostileParquet(f) {
		f.Add(b)
	}
	j := storeJ(f)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(dir, "f.parquet")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		_, _ = Read(path, Options{Journey: j, Workers: 2})
	})
}

// TestParquetPageBombs: a gzip, zstd or brotli page that unpacks to more
// than its header says is refused without unpacking it all, while a page
// within its size passes.
func TestParquetPageBombs(t *testing.T) {
	zeros := make([]byte, 8<<20)
	packers := map[format.CompressionCodec]func([]byte) []byte{
		format.Gzip: func(b []byte) []byte {
			var out bytes.Buffer
			w := gzip.NewWriter(&out)
			w.Write(b)
			w.Close()
			return out.Bytes()
		},
		format.Zstd: func(b []byte) []byte {
			e, _ := zstd.NewWriter(nil)
			return e.EncodeAll(b, nil)
		},
		format.Brotli: func(b []byte) []byte {
			var out bytes.Buffer
			w := brotli.NewWriter(&out)
			w.Write(b)
			w.Close()
			return out.Bytes()
		},
	}
	for codec, pack := range packers {
		bomb := pack(zeros)
		if len(bomb) > 64<<10 {
			t.Fatalf("%v: %d bytes packed", codec, len(bomb))
		}
		err := checkUnpacked(codec, bytes.NewReader(bomb), 1<<20)
		if err == nil || !strings.Contains(err.Error(), "unpacks to more than its header's 1 MiB") {
			t.Errorf("%v: %d packed bytes of 8 MiB against a header of 1 MiB: got %v", codec, len(bomb), err)
		}
		if err := checkUnpacked(codec, bytes.NewReader(bomb), 8<<20); err != nil {
			t.Errorf("%v: a page of its stated size: %v", codec, err)
		}
		if err := checkUnpacked(codec, bytes.NewReader([]byte("not packed at all")), 1<<20); err == nil {
			t.Errorf("%v: garbage accepted", codec)
		}
	}
}
