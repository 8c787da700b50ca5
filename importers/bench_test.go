package importers

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand"
	"testing"
)

// eventExport builds a shuffled event-level CSV of about n rows over the
// store journey, as .ci/bench/funnel/gen does at scale.
func eventExport(n int) []byte {
	rng := rand.New(rand.NewSource(1))
	events := []string{"view_item", "add_to_cart", "begin_checkout", "add_payment_info", "purchase", "scroll"}
	var rows [][]byte
	for u := 0; len(rows) < n; u++ {
		t := int64(1788220800) + rng.Int63n(30*86400)
		for k := 0; k < len(events)-1; k++ {
			rows = append(rows, fmt.Appendf(nil, "u%07d,%s,%d\n", u, events[k], t))
			if rng.Intn(3) == 0 {
				rows = append(rows, fmt.Appendf(nil, "u%07d,scroll,%d\n", u, t+5))
			}
			if rng.Intn(10) < 4 {
				break
			}
			t += rng.Int63n(7200)
		}
	}
	rng.Shuffle(len(rows), func(i, k int) { rows[i], rows[k] = rows[k], rows[i] })
	return append([]byte("user_id,event,timestamp\n"), bytes.Join(rows, nil)...)
}

func BenchmarkReadEvents(b *testing.B) {
	src := eventExport(500_000)
	j := storeJ(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadCSV("bench.csv", bytes.NewReader(src), int64(len(src)), Options{Journey: j}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadEventsPersona reads the events of BenchmarkReadEvents
// with a persona column: half the users are the journey's persona, half
// have another segment.
func BenchmarkReadEventsPersona(b *testing.B) {
	csv := eventExport(500_000)
	var src bytes.Buffer
	for i, row := range bytes.SplitAfter(csv, []byte{'\n'}) {
		row = bytes.TrimSuffix(row, []byte{'\n'})
		switch {
		case len(row) == 0:
			continue
		case i == 0:
			src.Write(row)
			src.WriteString(",persona\n")
		case row[len(bytes.SplitN(row, []byte{','}, 2)[0])-1]%2 == 0:
			fmt.Fprintf(&src, "%s,hunter\n", row)
		default:
			fmt.Fprintf(&src, "%s,mobile\n", row)
		}
	}
	j := storeJ(b)
	b.SetBytes(int64(src.Len()))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadCSV("bench.csv", bytes.NewReader(src.Bytes()), int64(src.Len()), Options{Journey: j}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestProgress(t *testing.T) {
	src := eventExport(50_000)
	var calls int
	var last, total int64
	_, err := ReadCSV("events.csv", bytes.NewReader(src), int64(len(src)), Options{Journey: storeJ(t), Progress: func(done, size int64) {
		calls++
		if done < last {
			t.Errorf("progress went back from %d to %d", last, done)
		}
		last, total = done, size
	}})
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 || last != int64(len(src)) || total != int64(len(src)) {
		t.Errorf("progress: %d calls, last %d of %d; want the end at %d", calls, last, total, len(src))
	}
}

// jsonLines turns an eventExport into JSON lines of the same events in
// the same order: with the CSV's three fields (flat), or in Mixpanel's raw
// export layout, nested and with the $insert_id Mixpanel adds.
func jsonLines(csv []byte, mixpanel bool) []byte {
	var b bytes.Buffer
	for _, row := range bytes.Split(bytes.TrimSpace(csv), []byte{'\n'})[1:] {
		f := bytes.Split(row, []byte{','})
		if mixpanel {
			fmt.Fprintf(&b, `{"event":"%s","properties":{"time":%s,"distinct_id":"%s","$insert_id":"%s-%s"}}`+"\n", f[1], f[2], f[0], f[0], f[2])
		} else {
			fmt.Fprintf(&b, `{"user_id":"%s","event":"%s","timestamp":%s}`+"\n", f[0], f[1], f[2])
		}
	}
	return b.Bytes()
}

func benchmarkJSONL(b *testing.B, mixpanel bool) {
	src := jsonLines(eventExport(500_000), mixpanel)
	j := storeJ(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadJSON("bench.jsonl", bytes.NewReader(src), int64(len(src)), Options{Journey: j}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadEventsJSONL reads the events of BenchmarkReadEvents as
// JSON lines with the same three fields.
func BenchmarkReadEventsJSONL(b *testing.B) { benchmarkJSONL(b, false) }

// BenchmarkReadEventsMixpanel reads them in Mixpanel's layout.
func BenchmarkReadEventsMixpanel(b *testing.B) { benchmarkJSONL(b, true) }

// TestEstimateUsers checks the user estimate from a file's first rows on
// shuffled files of known users and rows per user (files of some 20 to
// 80 MB, of which only the first MiB is read).
func TestEstimateUsers(t *testing.T) {
	for _, tt := range []struct{ users, per int }{{2_000_000, 2}, {500_000, 6}, {1_500_000, 3}, {200_000, 20}} {
		t.Run(fmt.Sprintf("%dx%d", tt.users, tt.per), func(t *testing.T) {
			rng := rand.New(rand.NewSource(1))
			// Only the rows that fit in the buffer are made; the file's
			// size is what all of them would take.
			const row = len("u0000000,view_item,1788220800\n")
			rows := tt.users * tt.per
			var b bytes.Buffer
			for b.Len() < 1<<20+row {
				fmt.Fprintf(&b, "u%07d,view_item,%d\n", rng.Intn(tt.users), 1788220800+rng.Intn(86400))
			}
			got := estimateUsers(bufio.NewReaderSize(&b, 1<<20), int64(rows*row), 0, ',')
			if got < int64(tt.users)*7/10 || got > int64(tt.users)*13/10 {
				t.Errorf("estimated %d users, want %d within 30%%", got, tt.users)
			}
		})
	}
}
