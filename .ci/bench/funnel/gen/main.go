// Command gen writes a shuffled event-level export for the funnel
// benchmark: user_id,event,timestamp rows (RFC 3339, UTC) of users who walk
// the benchmark journey's eight steps with realistic drop-offs, repeats,
// steps out of order, late steps past a 30-day window and events that
// match no touchpoint.
//
//	go run ./.ci/bench/funnel/gen -rows 5000000 -o .bench/events.csv
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"time"
)

var steps = []string{"ad_click", "session_start", "view_item", "add_to_cart", "begin_checkout", "add_shipping_info", "add_payment_info", "purchase"}

// carryOn is the chance to go on from each step to the next.
var carryOn = []float64{0.85, 0.7, 0.45, 0.7, 0.8, 0.85, 0.9}

var noise = []string{"scroll", "search", "page_view", "view_promotion", "login"}

type event struct {
	user int32
	kind uint8
	at   int64 // Unix seconds
}

func main() {
	rows := flag.Int("rows", 5_000_000, "approximate number of event rows")
	out := flag.String("o", "events.csv", "output file")
	seed := flag.Int64("seed", 1, "random seed")
	flag.Parse()

	rng := rand.New(rand.NewSource(*seed))
	start := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC).Unix()
	events := make([]event, 0, *rows+64)
	for u := int32(0); len(events) < *rows; u++ {
		t := start + rng.Int63n(30*86400)
		// Browsing noise before and around the funnel.
		for n := rng.Intn(4); n > 0; n-- {
			events = append(events, event{u, uint8(len(steps) + rng.Intn(len(noise))), t + rng.Int63n(20*86400) - 10*86400})
		}
		for k := range steps {
			events = append(events, event{u, uint8(k), t})
			// Some people repeat a step (another product view, a second
			// visit) a little later.
			if rng.Intn(4) == 0 {
				events = append(events, event{u, uint8(k), t + rng.Int63n(3*86400)})
			}
			if k+1 == len(steps) || rng.Float64() > carryOn[k] {
				break
			}
			gap := rng.Int63n(2 * 3600)
			switch rng.Intn(20) {
			case 0:
				gap = rng.Int63n(40 * 86400) // days later, sometimes past the window
			case 1:
				gap = -rng.Int63n(3600) // logged before the step it follows
			}
			t += gap
		}
	}
	rng.Shuffle(len(events), func(i, k int) { events[i], events[k] = events[k], events[i] })

	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("user_id,event,timestamp\n")
	for _, e := range events {
		name := ""
		if int(e.kind) < len(steps) {
			name = steps[e.kind]
		} else {
			name = noise[int(e.kind)-len(steps)]
		}
		fmt.Fprintf(w, "u%07d,%s,%s\n", e.user, name, time.Unix(e.at, 0).UTC().Format(time.RFC3339))
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "%d rows to %s\n", len(events), *out)
}
