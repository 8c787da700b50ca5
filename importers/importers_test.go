package importers

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/journey-maps/journey/journey"
)

const storeJourney = `version: 1
name: Store
personas:
  - {id: hunter, name: Bargain hunter}
stages:
  - id: buy
    name: Buy
    touchpoints:
      - {id: product, name: Product page, events: [view_item]}
      - {id: cart, name: Shopping cart, events: [add_to_cart]}
      - {id: checkout, name: Checkout, events: [begin_checkout]}
      - {id: payment, name: Payment, events: [add_payment_info, purchase]}
`

func storeJ(t testing.TB) *journey.Journey {
	t.Helper()
	j, diags := journey.Parse("store.yaml", []byte(storeJourney))
	if diags.Errors() > 0 {
		t.Fatalf("journey: %v", diags)
	}
	return j
}

// describe prints a data set one row per line.
func describe(ds *journey.DataSet) string {
	var b strings.Builder
	if ds.Period != "" {
		fmt.Fprintf(&b, "period %s\n", ds.Period)
	}
	for _, r := range ds.Rows {
		fmt.Fprintf(&b, "%s", r.Label)
		if r.Segment != "" {
			fmt.Fprintf(&b, " [%s]", r.Segment)
		}
		if r.Total {
			b.WriteString(" total")
		}
		if r.HasUsers {
			fmt.Fprintf(&b, " users=%g", r.Users)
		}
		var keys []string
		for k := range r.Metrics {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, " %s=%g", k, r.Metrics[k])
		}
		if r.Source.Line > 0 {
			fmt.Fprintf(&b, " @%d", r.Source.Line)
		}
		if r.Source.Cell != "" {
			fmt.Fprintf(&b, " @%s", r.Source.Cell)
		}
		b.WriteString("\n")
	}
	for _, u := range ds.Unmatched {
		fmt.Fprintf(&b, "unmatched %q line %d rows %d\n", u.Value, u.Line, u.Rows)
	}
	for _, n := range ds.Notes {
		fmt.Fprintf(&b, "note @%d %s\n", n.Source.Line, n.Message)
	}
	return b.String()
}

func readString(t *testing.T, name, src string, opts Options) (*journey.DataSet, error) {
	t.Helper()
	return ReadCSV(name, strings.NewReader(src), int64(len(src)), opts)
}

func TestReadCSV(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		mapping map[string]string
		want    string
	}{
		{
			name: "generic touchpoint and users",
			src:  "touchpoint,users\nproduct,1000\ncart,400\n",
			want: "product users=1000 @2\ncart users=400 @3\n",
		},
		{
			name: "GA4 funnel exploration with breakdown, totals and a second table",
			src: `# ----------------------------------------
# Store
# Funnel exploration
# 20260901-20260930
# ----------------------------------------

Step,Device category,Active users,Completion rate,Abandonments,Abandonment rate
1. view_item,Total,"10,000",40.0%,"6,000",60.0%
,desktop,"6,000",50.0%,"3,000",50.0%
,mobile,"4,000",25.0%,"3,000",75.0%
2. add_to_cart,Total,"4,000",,,
,desktop,"3,000",,,
,mobile,"1,000",,,

Step,Device category,Elapsed time
2. add_to_cart,Total,12s
`,
			want: `period 2026-09-01..2026-09-30
view_item [Total] total users=10000 @8
view_item [desktop] users=6000 @9
view_item [mobile] users=4000 @10
add_to_cart [Total] total users=4000 @11
add_to_cart [desktop] users=3000 @12
add_to_cart [mobile] users=1000 @13
note @15 a second table ("Step,Device category,Elapsed time") below a blank line was skipped: journey reads the first table of a file; export the other one on its own to use it
`,
		},
		{
			name: "PostHog funnel by breakdown",
			src: `name,breakdown_value,action_id,count,average_conversion_time,median_conversion_time,order
view_item,"[""hunter""]",view_item,500,,,0
add_to_cart,"[""hunter""]",add_to_cart,120,3600,1800,1
`,
			want: "view_item [hunter] users=500 @2\nadd_to_cart [hunter] users=120 @3\n",
		},
		{
			name: "Amplitude: tab-quoted cells, title lines and blank lines before the header",
			src: "\"\tStore funnel\"\r\n\r\n\"\tFunnel Analysis | Unique users\"\r\n\"\t2026-07-01 to 2026-09-30\"\r\n\r\n" +
				"\"\tStep #\",\"\tEvent\",\"\tSegment\",\"\tUsers\",\"\tConversion %\"\r\n" +
				"\"\t1\",\"\tview_item\",\"\tAll Users\",\"\t900\",\"\t\"\r\n" +
				"\"\t2\",\"\tadd_to_cart\",\"\tAll Users\",\"\t300\",\"\t33.3%\"\r\n",
			want: "period 2026-07-01..2026-09-30\nview_item [All Users] total users=900 @7\nadd_to_cart [All Users] total users=300 @8\n",
		},
		{
			name: "BOM, CRLF, custom metrics and a row with metrics only",
			src:  "\ufeffTouchpoint,Users,CSAT,NPS\r\nCheckout,800,4.1,\r\nPayment,,3.5,20\r\n",
			want: "Checkout users=800 CSAT=4.1 @2\nPayment CSAT=3.5 NPS=20 @3\n",
		},
		{
			name:    "column mapping",
			src:     "Page,Unique visitors,Channel\nProduct page,1200,web\n",
			mapping: map[string]string{"touchpoint": "Page", "users": "Unique visitors"},
			want:    "Product page [web] users=1200 @2\n",
		},
		{
			// Comments and blank lines after the table are no second table.
			name: "blank and comment lines after the table",
			src:  "step,users\ncart,50\n\n,,\n# Exported 2026-10-01\n\n",
			want: "cart users=50 @2\n",
		},
		{
			// The note names the second table's first line that is no
			// comment, quoted, and cut when long.
			name: "a second table after a comment block, a row of empty cells ending the first",
			src:  "step,users\ncart,50\n,,\n# ---\n# Second\n\t\n\"Step\",\"Average time on this step, in seconds, across all devices\"\ncart,12\n",
			want: "cart users=50 @2\nnote @7 a second table (\"Step,Average time on this step, in seconds, across all devices\") below a blank line was skipped: journey reads the first table of a file; export the other one on its own to use it\n",
		},
		{
			name: "quoted fields over two lines keep line numbers",
			src:  "step,users\n\"Product\npage\",100\ncart,50\n",
			want: "Product\npage users=100 @2\ncart users=50 @4\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := readString(t, "data.csv", tt.src, Options{Mapping: tt.mapping})
			if err != nil {
				t.Fatal(err)
			}
			if got := describe(ds); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		mapping map[string]string
		want    string
	}{
		{"non-numeric count", "# export\ntouchpoint,users\ncart,12\ncheckout,lots\n", nil,
			`data.csv:4: column "users": expected a count of users (a number such as 1200 or "1,200"), found "lots"`},
		{"negative count", "touchpoint,users\ncart,-3\n", nil, `data.csv:2: column "users": expected a count of users`},
		{"missing touchpoint column", "Page,Visitors\nhome,3\n", nil,
			`data.csv:1: no touchpoint column: found columns "Page", "Visitors"; expected one named event, event name, event text, event type, funnel step, name, step, step name, touchpoint (any case), or name it with --map touchpoint=COLUMN`},
		{"missing users column", "touchpoint,channel\ncart,web\n", nil,
			`data.csv:1: no users column: found columns "touchpoint", "channel"; expected one named active users, count, total users, unique users, users (any case)`},
		{"mapped column missing", "touchpoint,visits\ncart,3\n", map[string]string{"users": "Unique visitors"},
			`data.csv:1: no column "Unique visitors" (mapped with --map users=Unique visitors): found columns "touchpoint", "visits"`},
		{"empty file", "", nil, "data.csv: no header row"},
		{"event file with a bad timestamp", "user_id,event,timestamp\nu1,view_item,2026-09-01T10:00:00Z\nu1,add_to_cart,yesterday\n", nil,
			`data.csv:3: column "timestamp": expected a time (RFC 3339 such as 2026-09-01T10:15:00Z, 2026-09-01 10:15:00[.ffffff][ UTC], or Unix seconds, milliseconds or microseconds), found "yesterday"`},
		{"event file with missing columns", "user_id,event,timestamp\nu1,view_item\n", nil,
			`data.csv:2: expected at least 3 columns, found 2`},
		{"event file without the user column", "event,timestamp,user_id\nview_item,1788220800,u1\nview_item,1788220800\n", nil,
			`data.csv:3: expected at least 3 columns, found 2`},
		{"empty step cell first", "step,users\n,3\n", nil, `data.csv:2: empty step cell with no step above it to repeat`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readString(t, "data.csv", tt.src, Options{Journey: storeJ(t), Mapping: tt.mapping})
			var de *DataError
			if !errors.As(err, &de) {
				t.Fatalf("expected a DataError, got %v", err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got  %s\nwant %s", err, tt.want)
			}
			if errors.Is(err, ErrUnreadable) {
				t.Errorf("a data error must not count as unreadable")
			}
		})
	}
}

func TestUnreadable(t *testing.T) {
	for _, path := range []string{filepath.Join(t.TempDir(), "missing.csv"), t.TempDir(), filepath.Join(t.TempDir(), "missing.xlsx")} {
		_, err := Read(path, Options{})
		if !errors.Is(err, ErrUnreadable) {
			t.Errorf("Read(%s) = %v, want ErrUnreadable", path, err)
		}
	}
}

func TestReadXLSX(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "funnel.xlsx")
	f := excelize.NewFile()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := f.NewSheet("September")
	must(err)
	rows := [][]any{
		{"Checkout funnel 2026-09-01 to 2026-09-30"},
		{},
		{"Step", "Persona", "Users", "CSAT"},
		{"1. Product page", "hunter", 1000, 4.5},
		{"2. add_to_cart", "hunter", 250},
		{"Wishlist", "hunter", 40},
		{"3. checkout", "hunter", "n/a"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		must(f.SetSheetRow("September", cell, &r))
	}
	must(f.SetSheetRow("Sheet1", "A1", &[]any{"touchpoint", "users"}))
	must(f.SetSheetRow("Sheet1", "A2", &[]any{"cart", 7}))
	must(f.SaveAs(path))

	ds, err := Read(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := describe(ds), "cart users=7 @Sheet1!A2\n"; got != want {
		t.Errorf("first sheet: got %q, want %q", got, want)
	}
	_, err = Read(path+"#September", Options{})
	if err == nil || err.Error() != path+`: September!C7: column "Users": expected a count of users (a number such as 1200 or "1,200"), found "n/a"` {
		t.Errorf("got error %v", err)
	}
	_, err = Read(path+"#October", Options{})
	if err == nil || !strings.Contains(err.Error(), `no sheet "October": the workbook has "Sheet1", "September"`) {
		t.Errorf("got error %v", err)
	}

	// Fix the bad cell and analyse the sheet.
	f2, err := excelize.OpenFile(path)
	must(err)
	must(f2.SetCellValue("September", "C7", 200))
	must(f2.Save())
	ds, err = Read(path+"#September", Options{})
	must(err)
	want := `period 2026-09-01..2026-09-30
Product page [hunter] users=1000 CSAT=4.5 @September!A4
add_to_cart [hunter] users=250 @September!A5
Wishlist [hunter] users=40 @September!A6
checkout [hunter] users=200 @September!A7
`
	if got := describe(ds); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	a := journey.Analyze(storeJ(t), []*journey.DataSet{ds}, journey.AnalyzeOptions{})
	if len(a.Unmatched) != 1 || a.Unmatched[0].Cell != "September!A6" || a.Unmatched[0].Value != "Wishlist" {
		t.Errorf("unmatched = %+v, want Wishlist at September!A6", a.Unmatched)
	}
	if u := a.Touchpoint("checkout").Users; u == nil || *u != 200 {
		t.Errorf("checkout users = %v, want 200", u)
	}
}

// eventsCSV is a shuffled event export over the store journey: rows out of
// time order, both timestamp forms, quotes, an unknown event.
const eventsCSV = `user_id,event,timestamp,persona
u1,add_to_cart,2026-09-01T10:05:00Z,hunter
u2,view_item,1788220800,
u1,view_item,2026-09-01T10:00:00+00:00,hunter
"u3",view_item,1788220800000,
u2,add_to_cart,1788224400,
u3,"add_to_cart",1788220700000,
u1,scroll,2026-09-01T10:01:00Z,hunter
u2,begin_checkout,1788220800,
u1,begin_checkout,2026-10-15T10:00:00Z,hunter
u4,scroll,2026-09-01T10:01:00Z,
,view_item,2026-09-01T10:01:00Z,
`

func TestEventLevel(t *testing.T) {
	// u1: view 10:00, cart 10:05, checkout 44 days later (outside 30d).
	// u2 (Unix seconds): view, cart an hour later, checkout at view time
	// (before the cart): view, cart.
	// u3 (Unix ms): cart 100 s before view: view only.
	// u4 only scrolls; the anonymous row is skipped. The period runs from
	// u3's cart (2026-08-31T23:58:20Z) to u1's late checkout.
	want := `period 2026-08-31..2026-10-15
product [Total] total users=3
cart [Total] total users=2
checkout [Total] total users=0
payment [Total] total users=0
product [hunter] users=1
cart [hunter] users=1
checkout [hunter] users=0
payment [hunter] users=0
unmatched "scroll" line 8 rows 2
`
	for _, workers := range []int{1, 2, 3} {
		ds, err := readString(t, "events.csv", eventsCSV, Options{Journey: storeJ(t), Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		if got := describe(ds); got != want {
			t.Errorf("workers=%d: got:\n%s\nwant:\n%s", workers, got, want)
		}
		if ds.Events != 11 || ds.Anonymous != 1 {
			t.Errorf("events = %d, anonymous %d; want 11 and 1", ds.Events, ds.Anonymous)
		}
	}
	// The same with a byte order mark and CRLF line ends.
	crlf := "\ufeff" + strings.ReplaceAll(eventsCSV, "\n", "\r\n")
	ds, err := readString(t, "events.csv", crlf, Options{Journey: storeJ(t)})
	if err != nil {
		t.Fatal(err)
	}
	if got := describe(ds); got != want {
		t.Errorf("CRLF: got:\n%s\nwant:\n%s", got, want)
	}
	// A 60-day window lets u1's checkout count.
	ds, err = readString(t, "events.csv", eventsCSV, Options{Journey: storeJ(t), Window: 60 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if got := ds.Rows[2]; got.Users != 1 {
		t.Errorf("checkout with a 60-day window = %g, want 1", got.Users)
	}
}

// TestEventLevelBlocks streams a file larger than one block, with quoted
// fields holding newlines, and checks it against the same rows read one
// worker at a time.
func TestEventLevelBlocks(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("user_id,event,timestamp,note\n")
	events := []string{"view_item", "add_to_cart", "begin_checkout", "purchase", "scroll"}
	n := 0
	for b.Len() < blockSize*2+1000 {
		u := n % 5000
		fmt.Fprintf(&b, "user-%d,%s,%d,", u, events[(n*7+u)%len(events)], 1788220800+int64((n*7919)%100000))
		if n%97 == 0 {
			b.WriteString("\"a note\nover two lines, with \"\"quotes\"\"\"")
		}
		b.WriteString("\n")
		n++
	}
	src := b.String()
	one, err := readString(t, "big.csv", src, Options{Journey: storeJ(t), Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	two, err := readString(t, "big.csv", src, Options{Journey: storeJ(t), Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if describe(one) != describe(two) {
		t.Errorf("workers disagree:\n%s\n%s", describe(one), describe(two))
	}
	if one.Events != n {
		t.Errorf("events = %d, want %d", one.Events, n)
	}
	if one.Rows[0].Users == 0 {
		t.Error("no users counted")
	}
	// The unmatched event's first line counts the two-line notes.
	if len(one.Unmatched) != 1 || one.Unmatched[0].Value != "scroll" {
		t.Fatalf("unmatched = %+v", one.Unmatched)
	}
	line := 1 + strings.Count(src[:strings.Index(src, ",scroll,")], "\n")
	if one.Unmatched[0].Line != line {
		t.Errorf("scroll first at line %d, want %d", one.Unmatched[0].Line, line)
	}
}

func TestParseTimestamp(t *testing.T) {
	tests := []struct {
		in   string
		want string // RFC 3339 in UTC with milliseconds, "" for invalid
	}{
		{"2026-09-01T10:15:00Z", "2026-09-01T10:15:00.000Z"},
		{"2026-09-01T10:15:00.25+02:00", "2026-09-01T08:15:00.250Z"},
		{"2026-09-01 10:15:00", "2026-09-01T10:15:00.000Z"},
		{"2024-02-29T00:00:00Z", "2024-02-29T00:00:00.000Z"},
		{"1788220800", "2026-09-01T00:00:00.000Z"},
		{"1788220800.5", "2026-09-01T00:00:00.500Z"},
		{"1788220800123", "2026-09-01T00:00:00.123Z"},
		{"1788220800123456", "2026-09-01T00:00:00.123Z"},
		{"2026-09-01 10:15:00.123456", "2026-09-01T10:15:00.123Z"},
		{"2025-02-29T00:00:00Z", ""},
		{"2026-13-01T00:00:00Z", ""},
		{"2026-09-01T10:15:00+0200", ""},
		{"yesterday", ""},
		{"", ""},
		{"12a", ""},
	}
	for _, tt := range tests {
		ms, ok := parseTimestamp([]byte(tt.in))
		got := ""
		if ok {
			got = time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z")
		}
		if got != tt.want {
			t.Errorf("parseTimestamp(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseMapping(t *testing.T) {
	m, err := ParseMapping([]string{`users="Unique visitors"`, "step=Page", "persona=Role"})
	if err != nil {
		t.Fatal(err)
	}
	if m["users"] != "Unique visitors" || m["touchpoint"] != "Page" || m["segment"] != "Role" {
		t.Errorf("mapping = %v", m)
	}
	for _, bad := range []string{"users", "colour=Red", "users="} {
		if _, err := ParseMapping([]string{bad}); err == nil {
			t.Errorf("ParseMapping(%q) accepted", bad)
		}
	}
}

// splitFields must agree with encoding/csv on any one-line record.
func checkSplit(t *testing.T, line string) {
	if strings.ContainsAny(line, "\r\n") {
		return
	}
	r := csv.NewReader(strings.NewReader(line))
	r.FieldsPerRecord = -1
	want, err := r.Read()
	if err != nil || strings.Count(line, `"`)%2 == 1 {
		return // malformed; the fast path only has to not crash
	}
	scratch := make([]byte, 0, 16)
	got := splitFields(nil, []byte(line), &scratch, ',')
	if len(got) != len(want) {
		t.Fatalf("%q: %d fields, encoding/csv %d", line, len(got), len(want))
	}
	for i := range want {
		if string(got[i]) != strings.TrimSpace(want[i]) {
			t.Fatalf("%q field %d: %q, encoding/csv %q", line, i, got[i], want[i])
		}
	}
}

func TestSplitFields(t *testing.T) {
	for _, line := range []string{`a,b,c`, `"a,b",c`, `"say ""hi""",x`, `,,`, `a, b ,"c"`, `"",""`, `"x"` + "\t" + `,y`} {
		checkSplit(t, line)
	}
}

func FuzzSplitFields(f *testing.F) {
	for _, s := range []string{`a,b,c`, `"a,b",c`, `"say ""hi""",x`, `,,`, `"a`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) { checkSplit(t, line) })
}

func FuzzReadCSV(f *testing.F) {
	f.Add("touchpoint,users\ncart,\"1,000\"\n")
	f.Add("# 20260901-20260930\n\nStep,Device category,Active users\n1. view_item,Total,10\n,mobile,4\n")
	f.Add("user_id,event,timestamp\nu1,view_item,1788220800\nu1,add_to_cart,2026-09-01T10:00:00Z\n")
	f.Add("\"\tx\"\n\n\"\tEvent\",\"\tUsers\"\n\"\tcart\",\"\t3\"\n")
	j, _ := journey.Parse("store.yaml", []byte(storeJourney))
	f.Fuzz(func(t *testing.T, src string) {
		ds, err := ReadCSV("fuzz.csv", strings.NewReader(src), int64(len(src)), Options{Journey: j, Workers: 2})
		if err != nil {
			var de *DataError
			if !errors.As(err, &de) {
				t.Fatalf("unexpected error type %T: %v", err, err)
			}
			return
		}
		checkDataSet(t, ds)
		journey.Analyze(j, []*journey.DataSet{ds}, journey.AnalyzeOptions{})
	})
}

func TestExamples(t *testing.T) {
	// Every example export reads, and its rows match the paired journey
	// except the one deliberately unmatched GA4 step.
	files, _ := filepath.Glob("../examples/*.csv")
	if len(files) < 3 {
		t.Fatalf("expected the example exports, found %v", files)
	}
	for _, f := range files {
		base := filepath.Base(f)
		jf := "../examples/" + base[:strings.Index(base, ".")] + ".yaml"
		j, diags, err := journey.Load(jf)
		if err != nil || diags.Errors() > 0 {
			t.Fatalf("%s: %v %v", jf, err, diags)
		}
		ds, err := Read(f, Options{Journey: j})
		if err != nil {
			t.Fatal(err)
		}
		a := journey.Analyze(j, []*journey.DataSet{ds}, journey.AnalyzeOptions{})
		wantUnmatched := 0
		if base == "online-store.ga4.csv" {
			wantUnmatched = 1
		}
		if len(a.Unmatched) != wantUnmatched {
			t.Errorf("%s: unmatched %+v", f, a.Unmatched)
		}
	}
	if _, err := os.Stat("../examples/online-store.ga4.csv"); err != nil {
		t.Fatal(err)
	}
}

func TestReadXLSXEvents(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.xlsx")
	f := excelize.NewFile()
	rows := [][]any{
		{"Visitor", "When", "Event"},
		{"u1", "2026-09-01T10:00:00Z", "view_item"},
		{"u1", 46266.5, "add_to_cart"}, // a spreadsheet date: 2026-09-01 12:00
		{"u2", "1788220800", "add_to_cart"},
		{"u2", "1788224400", "view_item"},
		{"u2", "2026-09-01T02:00:00Z", "wishlist"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	mapping := map[string]string{"user_id": "Visitor", "timestamp": "When"}
	ds, err := Read(path, Options{Journey: storeJ(t), Mapping: mapping})
	if err != nil {
		t.Fatal(err)
	}
	want := "period 2026-09-01..2026-09-01\nproduct [Total] total users=2\ncart [Total] total users=1\ncheckout [Total] total users=0\npayment [Total] total users=0\n"
	got := describe(ds)
	if !strings.HasPrefix(got, want) || !strings.Contains(got, `unmatched "wishlist"`) {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if len(ds.Unmatched) != 1 || ds.Unmatched[0].Cell != "Sheet1!C6" {
		t.Errorf("unmatched = %+v, want wishlist at Sheet1!C6", ds.Unmatched)
	}

	// A timestamp that is neither form names its cell.
	f2, _ := excelize.OpenFile(path)
	_ = f2.SetCellValue("Sheet1", "B3", "noon")
	_ = f2.Save()
	_, err = Read(path, Options{Journey: storeJ(t), Mapping: mapping})
	if err == nil || !strings.Contains(err.Error(), path+": Sheet1!B3: timestamp") {
		t.Errorf("got %v", err)
	}
}

// A record longer than a block makes the block grow (when the line limit
// lets it be that long).
func TestEventLevelLongRecord(t *testing.T) {
	long := strings.Repeat("x", blockSize*3/2)
	src := "user_id,event,timestamp,note\nu1,view_item,1788220800,\"" + long + "\"\nu1,add_to_cart,1788220900,short\nu2,view_item,1788220800," + long + "\n"
	ds, err := readString(t, "long.csv", src, Options{Journey: storeJ(t), MaxLineBytes: blockSize * 2})
	if err != nil {
		t.Fatal(err)
	}
	if ds.Rows[0].Users != 2 || ds.Rows[1].Users != 1 || ds.Events != 3 {
		t.Errorf("got:\n%s", describe(ds))
	}
}

func TestFindPeriod(t *testing.T) {
	tests := map[string]string{
		"# 20260901-20260930":                       "2026-09-01..2026-09-30",
		"Date range: 2026-07-01 to 2026-09-30":      "2026-07-01..2026-09-30",
		"Sep 1, 2026 - Sep 30, 2026":                "2026-09-01..2026-09-30",
		"\tDates: July 1 2026 through Sept 30 2026": "2026-07-01..2026-09-30",
		"# Property 318204577":                      "",
	}
	for in, want := range tests {
		if got := findPeriod([]string{in}); got != want {
			t.Errorf("findPeriod(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in      string
		percent bool
		want    float64
		ok      bool
	}{
		{"10,000", false, 10000, true},
		{"1,234,567.5", false, 1234567.5, true},
		{"10 000", false, 10000, true},
		{"4,5", false, 4.5, true},
		{"62.0%", true, 0.62, true},
		{"62.0%", false, 0, false},
		{"1,23,4", false, 0, false},
		{"12,3456", false, 0, false},
		{"NaN", false, math.NaN(), true},
		{"-inf", false, math.Inf(-1), true},
		{"Infinity%", true, math.Inf(1), true},
		{"1e400", false, math.Inf(1), true},
		{"1e308", false, 1e308, true},
		{"1e-400", false, 0, true},
		{"nano", false, 0, false},
		{"0x10", false, 0, false},
		{"1_000", false, 0, false},
		{"", false, 0, false},
	}
	for _, tt := range tests {
		got, ok := parseNumber(tt.in, tt.percent)
		same := got == tt.want || math.IsNaN(got) && math.IsNaN(tt.want)
		if ok != tt.ok || (ok && !same) {
			t.Errorf("parseNumber(%q, %v) = %v, %v; want %v, %v", tt.in, tt.percent, got, ok, tt.want, tt.ok)
		}
	}
}
