package importers

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/journey-maps/journey/journey"
)

// layouts write one event (user "" for an anonymous one; ts in Unix
// seconds) as a record of each JSON layout.
var layouts = map[string]func(user, event string, ts int64) string{
	"flat": func(u, e string, ts int64) string {
		return fmt.Sprintf(`{"user_id":%s,"event":%q,"timestamp":%d}`, jsonOrNull(u), e, ts)
	},
	"mixpanel": func(u, e string, ts int64) string {
		// Newer exports write milliseconds; both must read the same.
		t := strconv.FormatInt(ts, 10)
		if ts%2 == 0 {
			t += "000"
		}
		return fmt.Sprintf(`{"event":%q,"properties":{"time":%s,"distinct_id":%s,"$insert_id":"x%d","mp_lib":"web"}}`, e, t, jsonOrNull(u), ts)
	},
	"amplitude": func(u, e string, ts int64) string {
		return fmt.Sprintf(`{"$insert_id":"i%d","amplitude_id":%d,"device_id":"d","event_properties":{},"event_time":%q,"event_type":%q,"user_id":%s,"user_properties":{"plan":"free"}}`,
			ts, ts%97, time.Unix(ts, 0).UTC().Format("2006-01-02 15:04:05.000000"), e, jsonOrNull(u))
	},
	"segment": func(u, e string, ts int64) string {
		// Users with an odd last digit are never identified: only their
		// anonymousId names them.
		id := fmt.Sprintf(`"userId":%s,"anonymousId":"a-%s"`, jsonOrNull(u), u)
		if u == "" {
			id = `"anonymousId":null`
		} else if (u[len(u)-1]-'0')%2 == 1 {
			id = fmt.Sprintf(`"userId":null,"anonymousId":%q`, u)
		}
		return fmt.Sprintf(`{"type":"track","event":%q,%s,"properties":{"event":"not this"},"context":{"library":{"name":"analytics.js"}},"timestamp":%q,"messageId":"m%d"}`,
			e, id, time.Unix(ts, 0).UTC().Format("2006-01-02T15:04:05.000Z"), ts)
	},
	"ga4": func(u, e string, ts int64) string {
		return fmt.Sprintf(`{"event_date":"20260901","event_timestamp":"%d000000","event_name":%q,"event_params":[{"key":"ga_session_id","value":{"int_value":"1"}}],"user_id":null,"user_pseudo_id":%s,"device":{"category":"mobile"}}`,
			ts, e, jsonOrNull(u))
	},
	"posthog": func(u, e string, ts int64) string {
		return fmt.Sprintf(`{"uuid":"0186","event":%q,"properties":{"$browser":"Firefox","$set":{"email":"x"}},"timestamp":%q,"distinct_id":%s,"elements_chain":""}`,
			e, time.Unix(ts, 0).UTC().Format("2006-01-02T15:04:05.000000+00:00"), jsonOrNull(u))
	},
}

func jsonOrNull(s string) string {
	if s == "" {
		return "null"
	}
	return strconv.Quote(s)
}

// eventRows parses an eventExport with some anonymous rows added.
func eventRows(n int) (csv []byte, rows [][3]string) {
	csv = eventExport(n)
	csv = append(csv, ",view_item,1788220900\n,purchase,1788221000\n"...)
	for _, l := range strings.Split(strings.TrimSpace(string(csv)), "\n")[1:] {
		f := strings.Split(l, ",")
		rows = append(rows, [3]string{f[0], f[1], f[2]})
	}
	return csv, rows
}

func asJSON(rows [][3]string, layout func(string, string, int64) string, array bool) []byte {
	var b bytes.Buffer
	if array {
		b.WriteString("[\n")
	}
	for i, r := range rows {
		ts, _ := strconv.ParseInt(r[2], 10, 64)
		if array && i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString(layout(r[0], r[1], ts))
		if !array {
			b.WriteByte('\n')
		}
	}
	if array {
		b.WriteString("\n]\n")
	}
	return b.Bytes()
}

func gzipped(t *testing.T, b []byte) []byte {
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// figures prints what a report shows of a data set: users per touchpoint
// and per flow arrow, anonymous rows and unmatched events.
func figures(j *journey.Journey, ds *journey.DataSet) string {
	a := journey.Analyze(j, []*journey.DataSet{ds}, journey.AnalyzeOptions{})
	var b strings.Builder
	num := func(p *float64) string {
		if p == nil {
			return "-"
		}
		return strconv.FormatFloat(*p, 'g', -1, 64)
	}
	for _, tf := range a.Touchpoints {
		fmt.Fprintf(&b, "%s users=%s\n", tf.Touchpoint.ID, num(tf.Users))
	}
	for _, e := range a.Edges {
		fmt.Fprintf(&b, "%s->%s users=%s\n", e.From.ID, e.To.ID, num(e.Users))
	}
	fmt.Fprintf(&b, "events=%d anonymous=%d\n", ds.Events, ds.Anonymous)
	for _, u := range ds.Unmatched {
		fmt.Fprintf(&b, "unmatched %q rows %d\n", u.Value, u.Rows)
	}
	return b.String()
}

func TestJSONMatchesCSV(t *testing.T) {
	j := storeJ(t)
	csv, rows := eventRows(6000)
	want, err := ReadCSV("events.csv", bytes.NewReader(csv), int64(len(csv)), Options{Journey: j, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	wantFig := figures(j, want)
	if !strings.Contains(wantFig, "anonymous=2") || !strings.Contains(wantFig, `unmatched "scroll"`) {
		t.Fatalf("the CSV lacks the cases the test is about:\n%s", wantFig)
	}
	dir := t.TempDir()
	for name, layout := range layouts {
		for _, form := range []string{"jsonl", "json", "ndjson.gz", "json.gz"} {
			t.Run(name+"."+form, func(t *testing.T) {
				src := asJSON(rows, layout, form == "json" || form == "json.gz")
				if strings.HasSuffix(form, ".gz") {
					src = gzipped(t, src)
				}
				path := filepath.Join(dir, name+"."+form)
				if err := os.WriteFile(path, src, 0o644); err != nil {
					t.Fatal(err)
				}
				for _, workers := range []int{1, 2, 3} {
					var last, total int64
					ds, err := Read(path, Options{Journey: j, Workers: workers, Progress: func(done, size int64) { last, total = done, size }})
					if err != nil {
						t.Fatal(err)
					}
					if got := figures(j, ds); got != wantFig {
						t.Errorf("%d workers: got\n%s\nwant (CSV)\n%s", workers, got, wantFig)
					}
					if last != int64(len(src)) || total != int64(len(src)) {
						t.Errorf("progress ended at %d of %d, want the file's %d bytes", last, total, len(src))
					}
				}
			})
		}
	}
}

func TestJSONGzipCSV(t *testing.T) {
	j := storeJ(t)
	csv, _ := eventRows(2000)
	want, err := ReadCSV("events.csv", bytes.NewReader(csv), int64(len(csv)), Options{Journey: j})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "events.csv.gz")
	src := gzipped(t, csv)
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	var last, total int64
	ds, err := Read(path, Options{Journey: j, Progress: func(done, size int64) { last, total = done, size }})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := figures(j, ds), figures(j, want); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if last != int64(len(src)) || total != int64(len(src)) {
		t.Errorf("progress ended at %d of %d, want the compressed %d bytes", last, total, len(src))
	}
}

func TestJSONValues(t *testing.T) {
	j := storeJ(t)
	tests := []struct {
		name    string
		src     string
		mapping map[string]string
		want    string // describe of the data set
	}{
		{
			name: "escaped and numeric user ids are the same people as their text",
			src: `{"user_id":"caf\u00e9","event":"view_item","timestamp":"2026-09-01T10:00:00Z"}
{"user_id":"café","event":"add_to_cart","timestamp":"2026-09-01T10:01:00Z"}
{"user_id":42,"event":"view_item","timestamp":1788220800}
{"user_id":"42","event":"add_to_cart","timestamp":1788220900}
{"user_id":"\ud83d\ude00","event":"view_item","timestamp":1788220900}
`,
			want: "period 2026-09-01..2026-09-01\n" +
				"product [Total] total users=3\ncart [Total] total users=2\ncheckout [Total] total users=0\npayment [Total] total users=0\n",
		},
		{
			name: "escaped event names, white space and blank lines",
			src: "\ufeff\n  { \"user_id\" : \"u1\" ,\t\"event\":\"view\\u005fitem\", \"timestamp\": 1788220800 }  \r\n\n" +
				`{"user_id":"u1","event":"add_to_cart","timestamp":1788220801}` + "\n",
			want: "period 2026-09-01..2026-09-01\n" +
				"product [Total] total users=1\ncart [Total] total users=1\ncheckout [Total] total users=0\npayment [Total] total users=0\n",
		},
		{
			name:    "mapped nested keys, case-insensitive, duplicates keep the first",
			src:     `{"Who":{"ID":"u1","id":"u9"},"what":"view_item","when":{"t":1788220800},"event":"purchase","timestamp":1}` + "\n",
			mapping: map[string]string{"user_id": "who.id", "touchpoint": "what", "timestamp": "WHEN.T"},
			want:    "period 2026-09-01..2026-09-01\nproduct [Total] total users=1\ncart [Total] total users=0\ncheckout [Total] total users=0\npayment [Total] total users=0\n",
		},
		{
			name: "a segment key and an unmatched event name",
			src: `{"user_id":"u1","event":"view_item","timestamp":1788220800,"persona":"hunter"}
{"user_id":"u2","event":"wishlist","timestamp":1788220800,"persona":"hunter"}
`,
			want: "period 2026-09-01..2026-09-01\n" +
				"product [Total] total users=1\ncart [Total] total users=0\ncheckout [Total] total users=0\npayment [Total] total users=0\n" +
				"product [hunter] users=1\ncart [hunter] users=0\ncheckout [hunter] users=0\npayment [hunter] users=0\n" +
				"unmatched \"wishlist\" line 2 rows 1\n",
		},
		{
			name: "an array over several lines, keys in any order",
			src:  "[ {\"timestamp\": 1788220800,\n  \"event\": \"view_item\",\n  \"user_id\": \"u1\"},\n {\"event\": \"nothing\", \"user_id\": \"u1\", \"timestamp\": 1} ]",
			want: "period 1970-01-01..2026-09-01\n" +
				"product [Total] total users=1\ncart [Total] total users=0\ncheckout [Total] total users=0\npayment [Total] total users=0\nunmatched \"nothing\" line 4 rows 1\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := ReadJSON("events.json", strings.NewReader(tt.src), int64(len(tt.src)), Options{Journey: j, Mapping: tt.mapping, Workers: 2})
			if err != nil {
				t.Fatal(err)
			}
			if got := describe(ds); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestJSONErrors(t *testing.T) {
	good := `{"user_id":"u1","event":"view_item","timestamp":1788220800}` + "\n"
	deep := `{"user_id":"u1","event":"view_item","timestamp":1,"x":` + strings.Repeat("[", 70) + strings.Repeat("]", 70) + "}\n"
	long := `{"user_id":"u1","event":"view_item","timestamp":1,"x":"` + strings.Repeat("a", maxJSONRecord) + "\"}\n"
	tests := []struct {
		name    string
		src     string
		mapping map[string]string
		want    string
	}{
		{"invalid JSON line", good + good + `{"user_id":"u2","event" "view_item","timestamp":1}` + "\n",
			nil, `events.jsonl:3: invalid JSON at column 25: expected ':' after a key, found '"'`},
		{"an unquoted value", good + `{"user_id":u2,"event":"view_item","timestamp":1}` + "\n",
			nil, `events.jsonl:2: invalid JSON at column 12: expected a value, found 'u'`},
		{"two objects on a line", good + strings.TrimSpace(good) + good,
			nil, `events.jsonl:2: invalid JSON at column 60: expected the end of the record after the object, found '{'`},
		{"a line that is not an object", good + "42\n", nil, `events.jsonl:2: invalid JSON at column 1: expected an object, found '4'`},
		{"a cut record", good + `{"user_id":"u1","event":"view_`, nil, `events.jsonl:2: invalid JSON at column 25: unterminated string`},
		{"a broken record of an anonymous user", good + `{"user_id":null,"event":"view_item","timestamp":1,}` + "\n",
			nil, `events.jsonl:2: invalid JSON at column 51: expected a key in quotes, found '}'`},
		{"a control character in a string", good + "{\"user_id\":\"u\x01\",\"event\":\"x\",\"timestamp\":1}\n",
			nil, `events.jsonl:2: invalid JSON at column 14: control character 0x01 in a string`},
		{"a bad escape", good + `{"user_id":"u\x41","event":"x","timestamp":1}` + "\n",
			nil, `events.jsonl:2: invalid JSON at column 14: invalid escape 'x' in a string`},
		{"nesting too deep", good + deep, nil, `events.jsonl:2: invalid JSON at column 118: nesting deeper than 64 levels`},
		{"a record too long", good + long, nil, `events.jsonl:2: a record longer than 4 MiB, the limit of a JSON line`},
		{"neither lines nor an array", "user_id,event\n", nil,
			`events.jsonl:1: expected JSON lines (an object a line) or an array of objects, found 'u'`},
		{"empty file", "  \n", nil, `events.jsonl: no records: the file is empty`},
		{"empty array", "[ ]", nil, `events.jsonl: no records: the array is empty`},
		{"no user key", `{"event":"view_item","properties":{"time":1788220800,"$browser":"Chrome"}}` + "\n", nil,
			`events.jsonl:1: no user_id key: found keys "event", "properties", "properties.time", "properties.$browser"; expected one named distinct_id, properties.distinct_id, user_pseudo_id, user_id, userId, anonymousId, amplitude_id, person_id, domain_userid, network_userid, anonymous_id, device_id, visitor_id, visitorid, customer_id, client_id, user (any case, nested keys with dots), or name it with --map user_id=KEY`},
		{"mapped key missing", good, map[string]string{"user_id": "properties.distinct_id"},
			`events.jsonl:1: no key "properties.distinct_id" (mapped with --map user_id=properties.distinct_id): found keys "user_id", "event", "timestamp"`},
		{"step counts", `{"step":"view_item","users":10}` + "\n", nil, `events.jsonl:1: step counts in JSON are not read: export them as CSV`},
		{"a bad time", good + `{"user_id":"u1","event":"x","timestamp":"yesterday"}` + "\n", nil,
			`events.jsonl:2: time at "timestamp": expected RFC 3339 (2026-09-01T10:15:00Z), YYYY-MM-DD HH:MM:SS[.ffffff], or Unix seconds, milliseconds or microseconds, found "yesterday"`},
		{"no time", good + `{"user_id":"u1","event":"x"}` + "\n", nil, `events.jsonl:2: no time: the record has no key "timestamp"`},
		{"a user id that is an object", good + `{"user_id":{"id":1},"event":"x","timestamp":1}` + "\n", nil,
			`events.jsonl:2: user id at "user_id": expected a string or a number, found an object or array`},
		{"an event name that is a boolean", good + `{"user_id":"u1","event":true,"timestamp":1}` + "\n", nil,
			`events.jsonl:2: an event name at "event": expected a string or a number, found a boolean`},
		{"array: a broken element", "[\n" + strings.TrimSpace(good) + ",\n{\"user_id\":\"u1\",\n\"event\":,\"timestamp\":1}\n]", nil,
			`events.jsonl:4: invalid JSON at byte 89: expected a value, found ','`},
		{"array: not closed", "[\n" + strings.TrimSpace(good) + ",\n" + strings.TrimSpace(good), nil,
			`events.jsonl:3: unexpected end of the file: the array is not closed with ']'`},
		{"array: cut inside an element", "[\n" + strings.TrimSpace(good) + ",\n{\"user_id\":\"u1\",\n", nil,
			`events.jsonl:3: unexpected end of the file inside an array element`},
		{"array: something after it", "[" + strings.TrimSpace(good) + "]\n[]", nil,
			`events.jsonl:2: expected the end of the file after the array, found '['`},
		{"array: no comma", "[" + strings.TrimSpace(good) + "\n" + strings.TrimSpace(good) + "]", nil,
			`events.jsonl:2: expected ',' or ']' after an array element, found '{'`},
		{"array: a number element", "[" + strings.TrimSpace(good) + ",\n 7]", nil,
			`events.jsonl:2: expected an object as array element, found '7'`},
		{"array: nesting too deep", "[" + strings.TrimSpace(deep) + "]", nil,
			`events.jsonl:1: invalid JSON: nesting deeper than 64 levels`},
		{"array: an element too long", "[" + strings.TrimSpace(good) + ",\n" + strings.TrimSpace(long) + "]", nil,
			`events.jsonl:2: an array element longer than 4 MiB, the limit of a JSON record`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, workers := range []int{1, 2} {
				_, err := ReadJSON("events.jsonl", strings.NewReader(tt.src), int64(len(tt.src)), Options{Journey: storeJ(t), Mapping: tt.mapping, Workers: workers})
				var de *DataError
				if !errors.As(err, &de) {
					t.Fatalf("expected a DataError, got %v", err)
				}
				if err.Error() != tt.want {
					t.Errorf("%d workers:\ngot  %s\nwant %s", workers, err, tt.want)
				}
				if errors.Is(err, ErrUnreadable) {
					t.Errorf("a data error must not count as unreadable")
				}
			}
		})
	}
}

func TestJSONGzipErrors(t *testing.T) {
	dir := t.TempDir()
	good := []byte(`{"user_id":"u1","event":"view_item","timestamp":1788220800}` + "\n")
	full := gzipped(t, bytes.Repeat(good, 1000))
	tests := []struct {
		name  string
		file  string
		src   []byte
		limit int64
		want  string
	}{
		{"not gzip", "a.jsonl.gz", good, 0, "cannot read DIR/a.jsonl.gz: not gzip data: gzip: invalid header"},
		{"cut short", "b.jsonl.gz", full[:len(full)-20], 0, "cannot read DIR/b.jsonl.gz: corrupt gzip data: unexpected EOF"},
		{"past the limit", "c.jsonl.gz", full, 10_000, "cannot read DIR/c.jsonl.gz: the data expands past 10000 bytes, the limit for gzip-compressed files; decompress it first (gunzip) to read it whole"},
		{"past the limit, CSV", "d.csv.gz", gzipped(t, append([]byte("user_id,event,timestamp\n"), bytes.Repeat([]byte("u1,view_item,1788220800\n"), 1000)...)), 10_000,
			"cannot read DIR/d.csv.gz: the data expands past 10000 bytes, the limit for gzip-compressed files; decompress it first (gunzip) to read it whole"},
		{"a workbook", "e.xlsx.gz", full, 0, "DIR/e.xlsx.gz: a gzip-compressed workbook is not read: XLSX is compressed already; decompress it (gunzip) first"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.limit > 0 {
				defer func(old int64) { maxGunzip = old }(maxGunzip)
				maxGunzip = tt.limit
			}
			path := filepath.Join(dir, tt.file)
			if err := os.WriteFile(path, tt.src, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Read(path, Options{Journey: storeJ(t)})
			if err == nil {
				t.Fatal("no error")
			}
			if got, want := strings.ReplaceAll(err.Error(), dir, "DIR"), tt.want; got != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})
	}
	// Exactly at the limit is still fine.
	defer func(old int64) { maxGunzip = old }(maxGunzip)
	maxGunzip = int64(len(good) * 1000)
	path := filepath.Join(dir, "exact.jsonl.gz")
	if err := os.WriteFile(path, full, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(path, Options{Journey: storeJ(t)}); err != nil {
		t.Errorf("data exactly at the limit: %v", err)
	}
}

func TestJSONBlocks(t *testing.T) {
	// Records cross block boundaries, and the first record is longer than
	// the first read.
	j := storeJ(t)
	pad := strings.Repeat("x", blockSize+100)
	var lines, csv strings.Builder
	csv.WriteString("user_id,event,timestamp\n")
	for i := range 3000 {
		fmt.Fprintf(&lines, `{"user_id":"u%d","event":"view_item","timestamp":1788220800,"pad":"%s"}`+"\n", i, pad[:1+(i*7919)%(2*blockSize/1000)])
		fmt.Fprintf(&csv, "u%d,view_item,1788220800\n", i)
	}
	first := fmt.Sprintf(`{"user_id":"u0","event":"add_to_cart","timestamp":1788220801,"pad":"%s"}`+"\n", pad)
	src := first + lines.String()
	want := "period 2026-09-01..2026-09-01\nproduct [Total] total users=3000\ncart [Total] total users=1\ncheckout [Total] total users=0\npayment [Total] total users=0\n"
	for _, array := range []bool{false, true} {
		in := src
		if array {
			in = "[" + strings.ReplaceAll(strings.TrimSpace(src), "\n", ",\n") + "]"
		}
		ds, err := ReadJSON("big.json", strings.NewReader(in), int64(len(in)), Options{Journey: j, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		if got := describe(ds); got != want {
			t.Errorf("array %v: got\n%s\nwant\n%s", array, got, want)
		}
	}
}

func TestJSONScanner(t *testing.T) {
	// The scanner accepts what encoding/json accepts and finds the same
	// values.
	tests := []struct {
		rec   string
		ok    bool
		event string
	}{
		{`{"event":"a"}`, true, "a"},
		{`{"event":-0.5e+3}`, true, "-0.5e+3"},
		{`{"x":[1,{"event":"no"},[]],"y":{},"event":"b"}`, true, "b"},
		{`{"event":"c","event":"d"}`, true, "c"},
		{`{"e\u0076ent":"\"q\""}`, true, `\"q\"`},
		{`{"event":01}`, false, ""},
		{`{"event":1.}`, false, ""},
		{`{"event":tru}`, false, ""},
		{`{"event":"a",}`, false, ""},
		{`{"event":"a"]`, false, ""},
		{`{"event":["a"}`, false, ""},
		{`{"event" "a"}`, false, ""},
		{`{event:"a"}`, false, ""},
		{`{"event":"\u12"}`, false, ""},
		{`{"event":"a"} {}`, false, ""},
		{`{`, false, ""},
	}
	s := &jsonScanner{targets: []jsonTarget{{keys: [][]byte{[]byte("event")}}}}
	for _, tt := range tests {
		s.reset([]byte(tt.rec))
		err := s.run(0)
		if (err == nil) != tt.ok {
			t.Errorf("%s: error %v, want ok %v", tt.rec, err, tt.ok)
			continue
		}
		if tt.ok && string(s.vals[0].raw) != tt.event {
			t.Errorf("%s: event %q, want %q", tt.rec, s.vals[0].raw, tt.event)
		}
	}
	if got := string(unescapeJSON(nil, []byte(`a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00\ud800x`))); got != "a\"\\/\b\f\n\r\t\u00e9\U0001F600\uFFFDx" {
		t.Errorf("unescape: %q", got)
	}
}

func FuzzReadJSON(f *testing.F) {
	f.Add([]byte(`{"user_id":"u1","event":"view_item","timestamp":1788220800}` + "\n"))
	f.Add([]byte(`[{"event":"view_item","properties":{"time":1788220800,"distinct_id":"u\u0031"}}]`))
	f.Add([]byte(`{"userId":null,"anonymousId":"a","event":"purchase","timestamp":"2026-09-01T10:00:00Z"}`))
	j := storeJ(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		ds, err := ReadJSON("fuzz.jsonl", bytes.NewReader(src), int64(len(src)), Options{Journey: j, Workers: 2})
		var de *DataError
		if err != nil && !errors.As(err, &de) {
			t.Fatalf("not a DataError: %v", err)
		}
		if err == nil && ds == nil {
			t.Fatal("no data set and no error")
		}
	})
}

// TestJSONEmptyUserKey: a user key that is null or "" in every sampled
// record holds no ids, so the next known key is the user, as the CSV
// reader takes the column that is filled (a staged GA4 table has
// user_id null beside client_id).
func TestJSONEmptyUserKey(t *testing.T) {
	src := `{"event_name":"view_item","event_timestamp":"1788220800000000","user_id":null,"client_id":"c1"}
{"event_name":"add_to_cart","event_timestamp":"1788220900000000","user_id":"","client_id":"c1"}
{"event_name":"view_item","event_timestamp":"1788220800000000","user_id":null,"client_id":"c2"}
`
	ds, err := ReadJSON("ga4.jsonl", strings.NewReader(src), int64(len(src)), Options{Journey: storeJ(t), Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	want := "period 2026-09-01..2026-09-01\nproduct [Total] total users=2\ncart [Total] total users=1\ncheckout [Total] total users=0\npayment [Total] total users=0\n"
	if got := describe(ds); got != want || ds.Anonymous != 0 {
		t.Errorf("got:\n%s(anonymous %d)\nwant:\n%s", got, ds.Anonymous, want)
	}
}
