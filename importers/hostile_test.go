package importers

import (
	"errors"
	"math"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"

	"github.com/journey-maps/journey/journey"
)

// TestHostileCSV: input that used to be read wrong without a word is an
// error that names the line, on the step-table path and the event-level
// path alike (with one worker and with several).
func TestHostileCSV(t *testing.T) {
	long := strings.Repeat("x", 5000)
	tests := []struct {
		name string
		src  string
		opts Options
		want string // the whole message
	}{
		{"unbalanced quote to the end, step table",
			"step,users\n\"cart,100\ncheckout,50\npayment,20\n", Options{},
			`data.csv:2: unbalanced quote: expected a closing quote for the quoted field that opens on this line (field 1), found the end of the file`},
		{"unbalanced quote to the end, events",
			"user_id,event,timestamp\nu1,view_item,1788220800\nu1,\"add_to_cart,1788220900\nu2,view_item,1788220800\n", Options{},
			`data.csv:3: unbalanced quote: expected a closing quote for the quoted field that opens on this line (field 2), found the end of the file`},
		{"unbalanced quote closed by another, step table",
			"step,users\ncart,100\n\"checkout,50\npayment,20\n\"coupon\",3\n", Options{},
			`data.csv:3: unbalanced quote: the quoted field that opens on this line (field 1) closes on line 5, where "c" follows the closing quote instead of a separator or the line end`},
		{"unbalanced quote closed by another, events",
			"user_id,event,timestamp\nu1,\"view_item,1788220800\nu1,add_to_cart,1788220900\nu2,\"view_item\",1788220800\n", Options{},
			`data.csv:2: unbalanced quote: the quoted field that opens on this line (field 2) closes on line 4, where "v" follows the closing quote instead of a separator or the line end`},
		{"quote left open past the line limit",
			"step,users\n\"cart,1\n" + strings.Repeat("checkout,2\n", 200), Options{MaxLineBytes: 1000},
			`data.csv:2: the quoted field that opens on this line (field 1) is still open after 1000 bytes, the limit for one line or record: a quote is likely unbalanced`},
		{"quote left open past the line limit, events",
			"user_id,event,timestamp\nu1,\"view_item,1\n" + strings.Repeat("u2,view_item,2\n", 200), Options{MaxLineBytes: 1000},
			`data.csv:2: the quoted field that opens on this line (field 2) is still open after 1000 bytes, the limit for one line or record: a quote is likely unbalanced`},
		{"line over the limit, step table",
			"step,users\ncart,1\n" + long + ",3\n", Options{MaxLineBytes: 1000},
			`data.csv:3: line longer than 1000 bytes, the limit for one line or record`},
		{"line over the limit, events",
			"user_id,event,timestamp\nu1,view_item,1\nu1," + long + ",2\n", Options{MaxLineBytes: 1000},
			`data.csv:3: line longer than 1000 bytes, the limit for one line or record`},
		{"line over the limit before the header",
			long + "\nstep,users\ncart,1\n", Options{MaxLineBytes: 1000},
			`data.csv:1: line longer than 1000 bytes, the limit for one line or record`},
		{"header only", "step,users\n", Options{},
			`data.csv:1: no rows: expected data rows below the header, found none`},
		{"header and a blank line", "# x\nstep,users\n\ncart,3\n", Options{},
			`data.csv:2: no rows: expected data rows below the header, found none`},
		{"event header only", "\ufeffuser_id,event,timestamp\r\n", Options{},
			`data.csv:1: no rows: expected data rows below the header, found none`},
		{"comments only", "# GA4\n#\n\n", Options{},
			`data.csv: no header row: the file is empty or has only comment lines`},
		{"infinite count", "step,users\ncart,Inf\n", Options{},
			`data.csv:2: column "users": expected a count of users (a number such as 1200 or "1,200"), found "Inf", which is not a finite number`},
		{"NaN count", "step,users\ncart,12\ncheckout,NaN\n", Options{},
			`data.csv:3: column "users": expected a count of users (a number such as 1200 or "1,200"), found "NaN", which is not a finite number`},
		{"count beyond float64", "step,users\ncart,1e400\n", Options{},
			`data.csv:2: column "users": expected a count of users (a number such as 1200 or "1,200"), found "1e400", which is not a finite number`},
		{"huge count", "step,users\ncart,1e308\n", Options{},
			`data.csv:2: column "users": expected a count of users (a number such as 1200 or "1,200"), found "1e308", 2^53 (9007199254740992) or more`},
		{"count just over 2^53, which reads as 2^53", "step,users\ncart,9007199254740993\n", Options{},
			`data.csv:2: column "users": expected a count of users (a number such as 1200 or "1,200"), found "9007199254740993", 2^53 (9007199254740992) or more`},
		{"count just under 2^53", "step,users\ncart,9007199254740991\ncheckout,x\n", Options{},
			`data.csv:3: column "users": expected a count of users (a number such as 1200 or "1,200"), found "x"`},
		{"negative count", "step,users\ncart,\"-1,200\"\n", Options{},
			`data.csv:2: column "users": expected a count of users (a number such as 1200 or "1,200"), found "-1,200", a negative count`},
		{"fractional count", "step,users\ncart,12.5\n", Options{},
			`data.csv:2: column "users": expected a count of users (a number such as 1200 or "1,200"), found "12.5", which is not a whole number`},
		{"NaN metric", "step,users,nps\ncart,10,4.5\ncheckout,8,NaN\n", Options{},
			`data.csv:3: column "nps": expected a number, found "NaN", which is not a finite number`},
		{"huge metric", "step,users,csat\ncart,10,-1e300\n", Options{},
			`data.csv:2: column "csat": expected a number between -2^53 and 2^53 (9007199254740992), found "-1e300"`},
		{"long bad cell", "step,users\ncart," + long + "\n", Options{},
			`data.csv:2: column "users": expected a count of users (a number such as 1200 or "1,200"), found "` + long[:60] + `"…(5000 bytes)`},
		{"long bad timestamp", "user_id,event,timestamp\nu1,view_item,\"" + long + "\"\n", Options{},
			`data.csv:2: column "timestamp": expected a time (RFC 3339 such as 2026-09-01T10:15:00Z, 2026-09-01 10:15:00[.ffffff][ UTC], or Unix seconds, milliseconds or microseconds), found "` + long[:60] + `"…(5000 bytes)`},
		{"long header names", "page,\"" + long + "\"\n", Options{},
			`data.csv:1: no touchpoint column: found columns "page", "` + long[:60] + `"…(5000 bytes); expected one named event, event name, event text, event type, funnel step, name, step, step name, touchpoint (any case), or name it with --map touchpoint=COLUMN`},
		{"a zip archive", "PK\x03\x04\x14\x00\x00\x00", Options{},
			`data.csv: expected CSV text, found a zip archive: an XLSX workbook is read when its name ends in .xlsx`},
		{"UTF-16 without a byte order mark", "s\x00t\x00e\x00p\x00,\x00u\x00s\x00e\x00r\x00s\x00\n\x00", Options{},
			`data.csv: expected CSV text in UTF-8, found UTF-16 without a byte order mark: save it again as CSV UTF-8, or as Unicode text with its byte order mark`},
		{"binary", "step,users\ncart,\x00\x01\x02\x03", Options{},
			`data.csv: expected CSV text, found binary data (a NUL byte at offset 16)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, workers := range []int{1, 3} {
				opts := tt.opts
				opts.Journey, opts.Workers = storeJ(t), workers
				_, err := readString(t, "data.csv", tt.src, opts)
				var de *DataError
				if !errors.As(err, &de) {
					t.Fatalf("workers=%d: expected a DataError, got %v", workers, err)
				}
				if err.Error() != tt.want {
					t.Errorf("workers=%d:\ngot  %s\nwant %s", workers, err, tt.want)
				}
			}
		})
	}
}

// checkDataSet checks what any data set read must hold: counts that are
// whole numbers from 0 to below 2^53 and metrics within ±2^53, whatever
// the input.
func checkDataSet(t *testing.T, ds *journey.DataSet) {
	t.Helper()
	for _, r := range ds.Rows {
		if r.HasUsers && (r.Users < 0 || r.Users != math.Trunc(r.Users) || r.Users >= maxExact) {
			t.Fatalf("%s: users %g", r.Label, r.Users)
		}
		for k, v := range r.Metrics {
			if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) >= maxExact {
				t.Fatalf("%s: %s %g", r.Label, k, v)
			}
		}
	}
	for _, u := range ds.Unmatched {
		if len(u.Value) > shownWhole+30 {
			t.Fatalf("unmatched value of %d bytes", len(u.Value))
		}
	}
}

func utf16Text(t *testing.T, s string, e unicode.Endianness) string {
	t.Helper()
	b, err := unicode.UTF16(e, unicode.UseBOM).NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestTextForms: line ends, encodings and delimiters that spreadsheets
// write all read as the plain comma-separated file does.
func TestTextForms(t *testing.T) {
	const steps = "# 20260901-20260930\nStep,Users,CSAT\n1. view_item,\"1,000\",4.5\n2. add_to_cart,400,\n"
	const stepsWant = "period 2026-09-01..2026-09-30\nview_item users=1000 CSAT=4.5 @3\nadd_to_cart users=400 @4\n"
	tsv := strings.NewReplacer(",\"1,000\",", "\t1000\t", ",", "\t").Replace(steps)
	const events = "user_id,event,timestamp\nu1,view_item,1788220800\nu1,add_to_cart,1788220900\nu2,view_item,1788220800\n"
	const eventsWant = "period 2026-09-01..2026-09-01\nproduct [Total] total users=2\ncart [Total] total users=1\ncheckout [Total] total users=0\npayment [Total] total users=0\n"
	tests := []struct {
		name, src, want string
	}{
		{"CR line ends (old Mac Excel)", strings.ReplaceAll(steps, "\n", "\r"), stepsWant},
		{"CR line ends, events", strings.ReplaceAll(events, "\n", "\r"), eventsWant},
		{"CR line ends, then CRLF", strings.Replace(strings.ReplaceAll(steps, "\n", "\r"), "\r2.", "\r\n2.", 1), stepsWant},
		{"UTF-8 byte order mark", "\ufeff" + steps, stepsWant},
		{"tab-separated", tsv, stepsWant},
		{"tab-separated events", strings.ReplaceAll(events, ",", "\t"), eventsWant},
		{"Excel's Unicode text: UTF-16LE, tabs, CRLF", utf16Text(t, strings.ReplaceAll(tsv, "\n", "\r\n"), unicode.LittleEndian), stepsWant},
		{"UTF-16BE", utf16Text(t, tsv, unicode.BigEndian), stepsWant},
		{"UTF-16LE events", utf16Text(t, events, unicode.LittleEndian), eventsWant},
		{"tabs inside quoted cells stay with commas", "\"\tStep\",\"\tUsers\"\n\"\tview_item\",\"\t7\"\n", "view_item users=7 @2\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, workers := range []int{1, 2} {
				ds, err := readString(t, "data.csv", tt.src, Options{Journey: storeJ(t), Workers: workers})
				if err != nil {
					t.Fatalf("workers=%d: %v", workers, err)
				}
				if got := describe(ds); got != tt.want {
					t.Errorf("workers=%d: got:\n%s\nwant:\n%s", workers, got, tt.want)
				}
			}
		})
	}
}

// TestLongLabels: an unmatched label of thousands of bytes is reported as
// an excerpt; one that matches a touchpoint is matched whole.
func TestLongLabels(t *testing.T) {
	long := strings.Repeat("y", 3000)
	want := strings.Repeat("y", 60) + "…(3000 bytes)"
	ds, err := readString(t, "steps.csv", "step,users\nview_item,10\n"+long+",4\n", Options{Journey: storeJ(t)})
	if err != nil {
		t.Fatal(err)
	}
	a := journey.Analyze(storeJ(t), []*journey.DataSet{ds}, journey.AnalyzeOptions{})
	if len(a.Unmatched) != 1 || a.Unmatched[0].Value != want || a.Unmatched[0].Line != 3 {
		t.Errorf("step table: unmatched = %+v, want %q at line 3", a.Unmatched, want)
	}
	ds, err = readString(t, "events.csv", "user_id,event,timestamp\nu1,view_item,1\nu1,"+long+",2\n", Options{Journey: storeJ(t)})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds.Unmatched) != 1 || ds.Unmatched[0].Value != want || ds.Unmatched[0].Line != 3 {
		t.Errorf("events: unmatched = %+v, want %q at line 3", ds.Unmatched, want)
	}

	name := strings.Repeat("Long step name ", 20)
	j, diags := journey.Parse("long.yaml", []byte("version: 1\nname: x\nstages:\n  - id: s\n    name: S\n    touchpoints:\n      - {id: t, name: "+name+"}\n"))
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	ds, err = readString(t, "steps.csv", "step,users\n"+name+",10\n", Options{Journey: j})
	if err != nil {
		t.Fatal(err)
	}
	a = journey.Analyze(j, []*journey.DataSet{ds}, journey.AnalyzeOptions{})
	if len(a.Unmatched) != 0 || a.Touchpoint("t").Users == nil {
		t.Errorf("a long label that names a touchpoint: unmatched %+v", a.Unmatched)
	}
}

func TestExcerpt(t *testing.T) {
	tests := []struct{ in, excerpt, quoted string }{
		{"short", "short", `"short"`},
		{"tab\there", "tab\there", `"tab\there"`},
		{strings.Repeat("a", 100), strings.Repeat("a", 100), `"` + strings.Repeat("a", 100) + `"`},
		{strings.Repeat("a", 101), strings.Repeat("a", 60) + "…(101 bytes)", `"` + strings.Repeat("a", 60) + `"…(101 bytes)`},
		// A character is never cut in two.
		{strings.Repeat("a", 59) + strings.Repeat("é", 50), strings.Repeat("a", 59) + "…(159 bytes)", `"` + strings.Repeat("a", 59) + `"…(159 bytes)`},
	}
	for _, tt := range tests {
		if got := excerpt(tt.in); got != tt.excerpt {
			t.Errorf("excerpt(%.20q…) = %q, want %q", tt.in, got, tt.excerpt)
		}
		if got := quoted(tt.in); got != tt.quoted {
			t.Errorf("quoted(%.20q…) = %q, want %q", tt.in, got, tt.quoted)
		}
	}
	for n, want := range map[int64]string{100: "100 bytes", 1 << 20: "1 MiB", 256 << 20: "256 MiB", 3 << 29: "1.5 GiB", 1500: "1.5 KiB"} {
		if got := byteSize(n); got != want {
			t.Errorf("byteSize(%d) = %q, want %q", n, got, want)
		}
	}
}
