// Command gen writes a shuffled event-level export for the funnel
// benchmark: user_id,event,timestamp rows of users who walk the benchmark
// journey's eight steps with realistic drop-offs, repeats, steps out of
// order, late steps past a 30-day window and events that match no
// touchpoint.
//
//	go run ./.ci/bench/funnel/gen -rows 5000000 -o .bench/events.csv
//	go run ./.ci/bench/funnel/gen -users 500000 -per 6 -persona -time ms -format jsonl -o .bench/events.jsonl
//
// Without -users and -per the output is the one the benchmark has always
// used: the same seed and -rows give the same file byte for byte, so older
// figures stay comparable. -users fixes the number of users instead of the
// rows; -per sets the mean events per user (2 to 20) by scaling the
// funnel's carry-on and the browsing noise; -persona adds a persona column
// (one of three persona ids per user, the same on all their rows); -time ms
// writes Unix milliseconds instead of RFC 3339; -format jsonl writes JSON
// lines objects instead of CSV. It reports the rows, users and mean events
// per user it wrote on stderr.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"os"
	"strconv"
	"time"
)

var steps = []string{"ad_click", "session_start", "view_item", "add_to_cart", "begin_checkout", "add_shipping_info", "add_payment_info", "purchase"}

// carryOn is the chance to go on from each step to the next.
var carryOn = []float64{0.85, 0.7, 0.45, 0.7, 0.8, 0.85, 0.9}

var noise = []string{"scroll", "search", "page_view", "view_promotion", "login"}

// personas are the ids .ci/bench/funnel/journey-personas.yaml declares.
var personas = []string{"newcomer", "regular", "business"}

// The shape of the default mix, which -per scales: a user reaches a step
// with carryOn's chances, logs each reached step once more with chance
// repeatChance, and browses uniformly 0 to 3 times (1.5 on average) around
// the funnel.
const (
	repeatChance = 0.25
	noiseMean    = 1.5
	maxCarryOn   = 0.97 // no step keeps everyone, however many events
)

type event struct {
	user int32
	kind uint8
	at   int64 // Unix seconds
}

type config struct {
	rows    int     // approximate rows, when users is 0
	users   int     // exact number of users, or 0
	per     float64 // mean events per user, or 0 for the default mix
	seed    int64
	persona bool
	ms      bool // Unix milliseconds instead of RFC 3339
	jsonl   bool
}

func main() {
	var c config
	flag.IntVar(&c.rows, "rows", 5_000_000, "approximate number of event rows (ignored with -users, unless -per is left out: then -per is rows/users)")
	flag.IntVar(&c.users, "users", 0, "number of users (0: as many as -rows needs)")
	flag.Float64Var(&c.per, "per", 0, "mean events per user, from 2 to 20 (0: the default mix, about 5.6)")
	flag.Int64Var(&c.seed, "seed", 1, "random seed")
	flag.BoolVar(&c.persona, "persona", false, "add a persona column: one of "+fmt.Sprint(personas)+" per user")
	timeFormat := flag.String("time", "rfc3339", "time format: rfc3339 or ms (Unix milliseconds)")
	format := flag.String("format", "csv", "output format: csv or jsonl (JSON lines)")
	out := flag.String("o", "events.csv", "output file")
	flag.Parse()
	set := map[string]bool{}
	flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if set["users"] && set["rows"] && !set["per"] && c.users > 0 {
		c.per = float64(c.rows) / float64(c.users)
	}
	switch *timeFormat {
	case "rfc3339":
	case "ms":
		c.ms = true
	default:
		fail(fmt.Errorf("-time: expected rfc3339 or ms, found %q", *timeFormat))
	}
	switch *format {
	case "csv":
	case "jsonl":
		c.jsonl = true
	default:
		fail(fmt.Errorf("-format: expected csv or jsonl, found %q", *format))
	}
	if c.per != 0 && (c.per < 2 || c.per > 20) {
		fail(fmt.Errorf("-per: expected a mean from 2 to 20 events per user, found %g", c.per))
	}
	if c.users < 0 || c.rows < 0 {
		fail(errors.New("-users and -rows: expected a count of 0 or more"))
	}

	events, users := generate(c)
	f, err := os.Create(*out)
	if err != nil {
		fail(err)
	}
	n, err := write(f, events, c)
	if err != nil {
		fail(err)
	}
	if err := f.Close(); err != nil {
		fail(err)
	}
	fmt.Fprintf(os.Stderr, "%d rows, %d users, %.2f events per user, %d bytes to %s\n",
		len(events), users, float64(len(events))/float64(max(users, 1)), n, *out)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gen:", err)
	os.Exit(1)
}

// generate returns the shuffled events and the number of users.
func generate(c config) ([]event, int) {
	rng := rand.New(rand.NewSource(c.seed))
	start := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC).Unix()
	carry, browse := carryOn, -1.0 // -1: the default mix's noise draw
	if c.per > 0 {
		carry, browse = tune(c.per)
	}
	size := c.rows + 64
	if c.users > 0 {
		per := c.per
		if per == 0 {
			per = 6
		}
		size = int(float64(c.users)*per*1.05) + 64
	}
	events := make([]event, 0, size)
	done := func(u int32) bool {
		if c.users > 0 {
			return int(u) >= c.users
		}
		return len(events) >= c.rows
	}
	var u int32
	for ; !done(u); u++ {
		t := start + rng.Int63n(30*86400)
		// Browsing noise before and around the funnel. The default mix
		// draws as it always has, so its files stay the same.
		var n int
		if browse < 0 {
			n = rng.Intn(4)
		} else {
			x := rng.Float64() * 2 * browse
			n = int(x)
			if rng.Float64() < x-float64(n) {
				n++
			}
		}
		for ; n > 0; n-- {
			events = append(events, event{u, uint8(len(steps) + rng.Intn(len(noise))), t + rng.Int63n(20*86400) - 10*86400})
		}
		for k := range steps {
			events = append(events, event{u, uint8(k), t})
			// Some people repeat a step (another product view, a second
			// visit) a little later.
			if rng.Intn(4) == 0 {
				events = append(events, event{u, uint8(k), t + rng.Int63n(3*86400)})
			}
			if k+1 == len(steps) || rng.Float64() > carry[k] {
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
	return events, int(u)
}

// funnelEvents is the mean number of funnel events per user when each step
// carries on with min(carryOn*scale, maxCarryOn).
func funnelEvents(scale float64) float64 {
	reach, sum := 1.0, 1.0
	for _, p := range carryOn {
		reach *= min(p*scale, maxCarryOn)
		sum += reach
	}
	return sum * (1 + repeatChance)
}

// tune returns the carry-on chances and the mean browsing noise per user
// that give per events per user on average. Funnel and noise keep the
// default mix's shares while the funnel can grow; beyond that (from about
// 12 events per user), the extra events are browsing.
func tune(per float64) ([]float64, float64) {
	share := funnelEvents(1) / (funnelEvents(1) + noiseMean)
	lo, hi := 0.0, maxCarryOn/0.45 // at hi every step carries on with maxCarryOn
	want := min(max(share*per, funnelEvents(lo)), funnelEvents(hi))
	for range 60 {
		mid := (lo + hi) / 2
		if funnelEvents(mid) < want {
			lo = mid
		} else {
			hi = mid
		}
	}
	carry := make([]float64, len(carryOn))
	for i, p := range carryOn {
		carry[i] = min(p*lo, maxCarryOn)
	}
	return carry, max(per-funnelEvents(lo), 0)
}

// personaOf spreads users over the personas, half, three tenths and one
// fifth, from a hash of the user so that it is the same on all their rows
// and draws nothing from the generator.
func personaOf(u int32) string {
	h := uint64(u) + 0x9e3779b97f4a7c15
	h = (h ^ h>>30) * 0xbf58476d1ce4e5b9
	h = (h ^ h>>27) * 0x94d049bb133111eb
	h ^= h >> 31
	switch h % 10 {
	case 0, 1, 2, 3, 4:
		return personas[0]
	case 5, 6, 7:
		return personas[1]
	}
	return personas[2]
}

// write writes the events as CSV or JSON lines and returns the bytes
// written.
func write(out io.Writer, events []event, c config) (int64, error) {
	w := bufio.NewWriterSize(out, 1<<20)
	var n int64
	var header string
	if !c.jsonl {
		header = "user_id,event,timestamp\n"
		if c.persona {
			header = "user_id,event,timestamp,persona\n"
		}
	}
	k, err := w.WriteString(header)
	n += int64(k)
	if err != nil {
		return n, err
	}
	var line []byte
	for _, e := range events {
		name := ""
		if int(e.kind) < len(steps) {
			name = steps[e.kind]
		} else {
			name = noise[int(e.kind)-len(steps)]
		}
		line = line[:0]
		if c.jsonl {
			line = append(line, `{"user_id":"`...)
			line = appendUser(line, e.user)
			line = append(line, `","event":"`...)
			line = append(line, name...)
			line = append(line, `","timestamp":`...)
			if c.ms {
				line = strconv.AppendInt(line, e.at*1000, 10)
			} else {
				line = append(line, '"')
				line = time.Unix(e.at, 0).UTC().AppendFormat(line, time.RFC3339)
				line = append(line, '"')
			}
			if c.persona {
				line = append(line, `,"persona":"`...)
				line = append(line, personaOf(e.user)...)
				line = append(line, '"')
			}
			line = append(line, "}\n"...)
		} else {
			line = appendUser(line, e.user)
			line = append(line, ',')
			line = append(line, name...)
			line = append(line, ',')
			if c.ms {
				line = strconv.AppendInt(line, e.at*1000, 10)
			} else {
				line = time.Unix(e.at, 0).UTC().AppendFormat(line, time.RFC3339)
			}
			if c.persona {
				line = append(line, ',')
				line = append(line, personaOf(e.user)...)
			}
			line = append(line, '\n')
		}
		k, err := w.Write(line)
		n += int64(k)
		if err != nil {
			return n, err
		}
	}
	return n, w.Flush()
}

// appendUser appends the user id as u and at least seven digits.
func appendUser(b []byte, u int32) []byte {
	var d [12]byte
	digits := strconv.AppendInt(d[:0], int64(u), 10)
	b = append(b, 'u')
	for i := len(digits); i < 7; i++ {
		b = append(b, '0')
	}
	return append(b, digits...)
}
