package importers

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// workbook writes a workbook with the given rows on Sheet1 and returns its
// bytes.
func workbook(t testing.TB, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	b, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// deflated compresses b on its own and flushes: pieces compressed so join
// into one deflate stream, since none refers back past its own start.
func deflated(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// bomb returns a valid workbook whose sheet is a step table of up to size
// bytes of XML (one header row, then rows "cart,5") and the number of
// rows, while the file stays some hundred times smaller: one deflated run
// of rows, repeated. It never holds the unpacked sheet in memory.
func bomb(t testing.TB, size int64) ([]byte, int) {
	t.Helper()
	const cell = `<c t="inlineStr"><is><t>%s</t></is></c>`
	head := []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		`<row>` + strings.ReplaceAll(cell, "%s", "step") + strings.ReplaceAll(cell, "%s", "users") + `</row>`)
	chunk := bytes.Repeat([]byte(`<row>`+strings.ReplaceAll(cell, "%s", "cart")+`<c><v>5</v></c></row>`), 1<<12)
	tail := []byte(`</sheetData></worksheet>`)
	var sheet bytes.Buffer
	sheet.Write(deflated(t, head))
	crc := crc32.ChecksumIEEE(head)
	n := int64(len(head))
	dchunk := deflated(t, chunk)
	rows := 0
	for n+int64(len(chunk)+len(tail)) <= size {
		rows += 1 << 12
		sheet.Write(dchunk)
		crc = crc32.Update(crc, crc32.IEEETable, chunk)
		n += int64(len(chunk))
	}
	sheet.Write(deflated(t, tail))
	crc = crc32.Update(crc, crc32.IEEETable, tail)
	n += int64(len(tail))
	var end bytes.Buffer
	w, _ := flate.NewWriter(&end, flate.BestCompression)
	_ = w.Close() // the final, empty block
	sheet.Write(end.Bytes())

	return replacePart(t, workbook(t, []any{"placeholder"}), "xl/worksheets/sheet1.xml", &zip.FileHeader{
		Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(sheet.Len()), UncompressedSize64: uint64(n),
	}, sheet.Bytes()), rows
}

// replacePart rewrites a workbook with one part's raw (compressed) data
// and header replaced.
func replacePart(t testing.TB, book []byte, name string, fh *zip.FileHeader, raw []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f.Name != name {
			if err := zw.Copy(f); err != nil {
				t.Fatal(err)
			}
			continue
		}
		w, err := zw.CreateRaw(fh)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(raw); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func writeFile(t testing.TB, name string, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// noTempFiles points the temporary directory at an empty one and checks,
// when the test ends, that it is empty again.
func noTempFiles(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	t.Cleanup(func() {
		left, _ := os.ReadDir(dir)
		if len(left) > 0 {
			t.Errorf("temporary files left behind: %v", left)
		}
	})
}

// TestXLSXZipBomb: a 1 MB workbook that unpacks to 1 GiB is refused at
// once, with the limit and how to raise it, and leaves nothing behind.
func TestXLSXZipBomb(t *testing.T) {
	noTempFiles(t)
	book, _ := bomb(t, 1<<30+2<<20)
	if len(book) > 1<<30/100 {
		t.Fatalf("the bomb is %d bytes; it should be small", len(book))
	}
	path := writeFile(t, "bomb.xlsx", book)
	start := time.Now()
	_, err := Read(path, Options{Journey: storeJ(t)})
	took := time.Since(start)
	want := path + `: expected a workbook that unpacks to at most 256 MiB, the limit for XLSX files, found one that unpacks to 1.0 GiB, 1.0 GiB of it in "xl/worksheets/sheet1.xml": a zip bomb, or a workbook larger than this reader takes; raise the limit with --max-xlsx-size if the workbook is genuine`
	var de *DataError
	if !errors.As(err, &de) || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
	if took > 5*time.Second {
		t.Errorf("refusing the bomb took %s", took)
	}
}

// TestXLSXUnzipLimit: the limit is Options.MaxUnzipSize, and a workbook
// within it reads whole, whether its sheet is held in memory or unpacked
// to a temporary file (which is removed, also after an error).
func TestXLSXUnzipLimit(t *testing.T) {
	noTempFiles(t)
	book, rows := bomb(t, 1<<20)
	path := writeFile(t, "big.xlsx", book)
	_, err := Read(path, Options{MaxUnzipSize: 512 << 10})
	if err == nil || !strings.Contains(err.Error(), ": expected a workbook that unpacks to at most 512 KiB, the limit for XLSX files, found one that unpacks to 821.0 KiB, 804.3 KiB of it in \"xl/worksheets/sheet1.xml\"") {
		t.Errorf("got %v", err)
	}
	for _, inMemory := range []int64{16 << 20, 64 << 10} {
		defer func(v int64) { xmlInMemory = v }(xmlInMemory)
		xmlInMemory = inMemory
		ds, err := Read(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(ds.Rows) != rows || ds.Rows[rows-1].Label != "cart" || ds.Rows[rows-1].Users != 5 || ds.Rows[rows-1].Source.Cell != "Sheet1!A"+strconv.Itoa(rows+1) {
			t.Errorf("sheet over %d bytes in memory: %d rows, want %d", inMemory, len(ds.Rows), rows)
		}
	}
	// A bad cell far down the sheet: an error, and no temporary file left.
	xmlInMemory = 64 << 10
	bad := writeFile(t, "bad.xlsx", editParts(t, book, func(b []byte) []byte {
		return bytes.Replace(b, []byte("<v>5</v>"), []byte("<v>-5</v>"), 1)
	}))
	if _, err := Read(bad, Options{}); err == nil || !strings.Contains(err.Error(), `Sheet1!B2: column "users": expected a count of users`) {
		t.Errorf("got %v", err)
	}
}

// editParts rewrites every part of a workbook with edit.
func editParts(t *testing.T, book []byte, edit func([]byte) []byte) []byte {
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
		_, _ = w.Write(edit(b))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestXLSXPartLimit: a part that excelize parses whole (styles, workbook)
// may not unpack to more than a sixteenth of the limit.
func TestXLSXPartLimit(t *testing.T) {
	book := workbook(t, []any{"step", "users"}, []any{"cart", 5})
	styles := append([]byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>`),
		bytes.Repeat([]byte("<xf/>"), 1<<15)...)
	styles = append(styles, "</cellXfs></styleSheet>"...)
	d := deflated(t, styles)
	var fb bytes.Buffer
	w, _ := flate.NewWriter(&fb, flate.BestCompression)
	_ = w.Close()
	raw := append(d, fb.Bytes()...)
	path := writeFile(t, "styles.xlsx", replacePart(t, book, "xl/styles.xml", &zip.FileHeader{
		Name: "xl/styles.xml", Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(styles),
		CompressedSize64: uint64(len(raw)), UncompressedSize64: uint64(len(styles)),
	}, raw))
	_, err := Read(path, Options{})
	if err != nil {
		t.Fatalf("a 160 KiB styles part is within the default limit: %v", err)
	}
	_, err = Read(path, Options{MaxUnzipSize: 2 << 20})
	want := path + `: expected a workbook part such as "xl/styles.xml" to unpack to at most 128 KiB (a sixteenth of the 2 MiB limit for XLSX files), found 160.2 KiB: a zip bomb, or a workbook larger than this reader takes; raise the limit with --max-xlsx-size if the workbook is genuine`
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}

// TestXLSXHostileCells: what is an error in a CSV file is one in a
// workbook, named by its cell.
func TestXLSXHostileCells(t *testing.T) {
	noTempFiles(t)
	long := strings.Repeat("z", 3000)
	tests := []struct {
		name string
		rows [][]any
		opts Options
		want string // after the path
	}{
		{"huge count", [][]any{{"Step", "Users"}, {"cart", 10}, {"checkout", 1e308}}, Options{},
			`: Sheet1!B3: column "Users": expected a count of users (a number such as 1200 or "1,200"), found "` + "1" + strings.Repeat("0", 59) + `"…(309 bytes), 2^53 (9007199254740992) or more`},
		{"fractional count", [][]any{{"Step", "Users"}, {"cart", 12.5}}, Options{},
			`: Sheet1!B2: column "Users": expected a count of users (a number such as 1200 or "1,200"), found "12.5", which is not a whole number`},
		{"NaN as text", [][]any{{"Step", "Users", "NPS"}, {"cart", 12, "NaN"}}, Options{},
			`: Sheet1!C2: column "NPS": expected a number, found "NaN", which is not a finite number`},
		{"header only", [][]any{{"# export"}, {}, {"Step", "Users"}}, Options{},
			`: Sheet1!A3: no rows: expected data rows below the header, found none`},
		{"event header only", [][]any{{"user_id", "event", "timestamp"}}, Options{},
			`: Sheet1!A1: no rows: expected data rows below the header, found none`},
		{"long bad cell", [][]any{{"Step", "Users"}, {"cart", long}}, Options{},
			`: Sheet1!B2: column "Users": expected a count of users (a number such as 1200 or "1,200"), found "` + long[:60] + `"…(3000 bytes)`},
		{"row over the limit", [][]any{{"Step", "Users", "Note"}, {"cart", 3, long}}, Options{MaxLineBytes: 1000},
			`: Sheet1!C2: row longer than 1000 bytes, the limit for one row`},
		{"event row over the limit", [][]any{{"user_id", "event", "timestamp"}, {"u1", long, "1788220800"}}, Options{MaxLineBytes: 1000},
			`: Sheet1!B2: row longer than 1000 bytes, the limit for one row`},
		{"no header", [][]any{{"Page", "Visitors"}, {"cart", 3}}, Options{},
			`: Sheet1!A1: no touchpoint column: found columns "Page", "Visitors"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "data.xlsx", workbook(t, tt.rows...))
			opts := tt.opts
			opts.Journey = storeJ(t)
			_, err := Read(path, opts)
			var de *DataError
			if !errors.As(err, &de) || !strings.HasPrefix(err.Error(), path+tt.want) {
				t.Errorf("got  %v\nwant %s", err, path+tt.want)
			}
		})
	}
}

func FuzzReadXLSX(f *testing.F) {
	f.Add(workbook(f, []any{"Step", "Users"}, []any{"1. view_item", 10}, []any{"add_to_cart", "4"}))
	f.Add(workbook(f, []any{"user_id", "event", "timestamp"}, []any{"u1", "view_item", 46266.5}))
	small, _ := bomb(f, 64<<10) // the header alone, in the bomb's form
	f.Add(small)
	j := storeJ(f)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, book []byte) {
		path := filepath.Join(dir, "fuzz.xlsx")
		if err := os.WriteFile(path, book, 0o644); err != nil {
			t.Fatal(err)
		}
		ds, err := ReadXLSX(path, "", Options{Journey: j, MaxUnzipSize: 4 << 20})
		if err != nil {
			var de *DataError
			if !errors.As(err, &de) {
				t.Fatalf("unexpected error type %T: %v", err, err)
			}
			return
		}
		checkDataSet(t, ds)
	})
}
