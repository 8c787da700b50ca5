package importers

import (
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
