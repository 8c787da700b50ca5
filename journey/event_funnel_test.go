package journey

import (
	"fmt"
	"math/rand"
	"runtime"
	"strings"
	"testing"
	"time"
)

type ev struct {
	user, seg, tp string
	at            int64 // minutes
}

func runEvents(t testing.TB, j *Journey, window time.Duration, events []ev) *DataSet {
	return runEventsIn(t, j, window, 60_000, events)
}

// runEventsIn is runEvents with times in units of unit milliseconds.
func runEventsIn(t testing.TB, j *Journey, window time.Duration, unit int64, events []ev) *DataSet {
	f := NewEventFunnel(j, window)
	for _, e := range events {
		k := -1
		if tp := j.Touchpoint(e.tp); tp != nil {
			k = tp.Index
		}
		f.Add([]byte(e.user), []byte(e.seg), k, e.at*unit)
	}
	return ReduceEvents("events.csv", f)
}

// describeEdges lists the arrows' users: "from>to=n", a persona's arrows
// prefixed with "persona:".
func describeEdges(ds *DataSet) string {
	var b strings.Builder
	for _, e := range ds.Edges {
		if e.Persona != "" {
			b.WriteString(e.Persona + ":")
		}
		fmt.Fprintf(&b, "%s>%s=%g ", e.From, e.To, e.Users)
	}
	return strings.TrimSpace(b.String())
}

func describeRows(ds *DataSet) string {
	var b strings.Builder
	for _, r := range ds.Rows {
		fmt.Fprintf(&b, "%s/%s=%g ", r.Segment, r.Label, r.Users)
	}
	return strings.TrimSpace(b.String())
}

func TestEventFunnel(t *testing.T) {
	day := int64(24 * 60)
	tests := []struct {
		name    string
		journey string
		window  time.Duration
		events  []ev
		want    string
		// edges is the users per arrow, counted by hand from the events.
		edges string
	}{
		{
			name:    "ordered funnel, rows in any order",
			journey: linearJourney,
			events: []ev{
				{"u1", "", "d", 40}, {"u1", "", "c", 30}, {"u1", "", "a", 10}, {"u1", "", "b", 20},
				// u2 reached c before b: c does not count until a later c.
				{"u2", "", "c", 5}, {"u2", "", "b", 20}, {"u2", "", "a", 1},
				// u3 has b before a only: only a counts.
				{"u3", "", "b", 1}, {"u3", "", "a", 2},
				// u4 never reached the first touchpoint.
				{"u4", "", "b", 1}, {"u4", "", "c", 2},
				// u5 repeats c: the later one after b counts.
				{"u5", "", "c", 3}, {"u5", "", "a", 1}, {"u5", "", "c", 9}, {"u5", "", "b", 5},
			},
			want:  "Total/a=4 Total/b=3 Total/c=2 Total/d=1",
			edges: "a>b=3 b>c=2 c>d=1",
		},
		{
			name:    "events outside the window",
			journey: linearJourney,
			window:  7 * 24 * time.Hour,
			events: []ev{
				// u1: b on day 8 is past the 7-day window from a.
				{"u1", "", "a", 0}, {"u1", "", "b", 8 * day},
				// u2: an earlier a restarts the window and drops b on day 8.
				{"u2", "", "a", 2 * day}, {"u2", "", "b", 8 * day}, {"u2", "", "c", 8*day + 1}, {"u2", "", "a", 0},
				// u3: exactly at the end of the window still counts.
				{"u3", "", "a", 0}, {"u3", "", "b", 7 * day},
			},
			want:  "Total/a=3 Total/b=1 Total/c=0 Total/d=0",
			edges: "a>b=1 b>c=0 c>d=0",
		},
		{
			name:    "branches: either way counts",
			journey: branchJourney,
			events: []ev{
				{"u1", "", "cart", 1}, {"u1", "", "checkout", 2}, {"u1", "", "pay", 3},
				{"u2", "", "cart", 1}, {"u2", "", "coupon", 2}, {"u2", "", "checkout", 3},
				// u3: checkout before coupon but after cart still counts.
				{"u3", "", "coupon", 5}, {"u3", "", "checkout", 4}, {"u3", "", "cart", 1},
				// u4: coupon before cart does not count.
				{"u4", "", "coupon", 1}, {"u4", "", "cart", 2},
			},
			want: "Total/cart=4 Total/coupon=2 Total/checkout=3 Total/pay=1",
			// Into checkout: u1 and u3 from cart (u3's coupon came after
			// checkout), u2 from coupon, the step just before checkout.
			edges: "cart>coupon=2 cart>checkout=2 coupon>checkout=1 checkout>pay=1",
		},
		{
			name:    "personas and segments",
			journey: personaJourney,
			events: []ev{
				{"u1", "p1", "a", 1}, {"u1", "p1", "x", 2}, {"u1", "p1", "c", 3},
				{"u2", "p2", "a", 1}, {"u2", "p2", "c", 3},
				{"u3", "mobile", "a", 1}, {"u3", "mobile", "x", 2},
				{"u4", "", "a", 1}, {"u4", "", "unknown_event", 2},
			},
			// Overall, c needs x first; p2's flow goes a -> c.
			want:  "Total/a=4 Total/x=2 Total/c=1 p1/a=1 p1/x=1 p1/c=1 p2/a=1 p2/c=1 mobile/a=1 mobile/x=1 mobile/c=0",
			edges: "a>x=2 x>c=1 p1:a>x=1 p1:x>c=1 p2:a>c=1",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := mustParse(t, tt.journey)
			ds := runEvents(t, j, tt.window, tt.events)
			if got := describeRows(ds); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if got := describeEdges(ds); got != tt.edges {
				t.Errorf("edges got  %s\nedges want %s", got, tt.edges)
			}
			if ds.Events != len(tt.events) {
				t.Errorf("events = %d, want %d", ds.Events, len(tt.events))
			}
			// The result must not depend on the order of the rows.
			rng := rand.New(rand.NewSource(1))
			for i := 0; i < 20; i++ {
				shuffled := append([]ev(nil), tt.events...)
				rng.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
				ds := runEvents(t, j, tt.window, shuffled)
				if got := describeRows(ds) + " " + describeEdges(ds); got != tt.want+" "+tt.edges {
					t.Fatalf("shuffle %d: got %s, want %s %s", i, got, tt.want, tt.edges)
				}
			}
		})
	}
}

// referenceFunnel computes the ordered funnel straight from its definition,
// with every event of every user in memory: users per touchpoint id, and
// per arrow "from>to" the users whose step just before reaching the arrow's
// head was its tail (of the predecessors reached no later than the head,
// the one reached last; ties to the one listed first).
func referenceFunnel(j *Journey, window int64, events []ev) map[string]int {
	return referenceFlow(j, j.Flow(""), window, events)
}

// referenceFlow is referenceFunnel over the flow f.
func referenceFlow(j *Journey, f *Flow, window int64, events []ev) map[string]int {
	byUser := map[string]map[string][]int64{}
	for _, e := range events {
		if byUser[e.user] == nil {
			byUser[e.user] = map[string][]int64{}
		}
		byUser[e.user][e.tp] = append(byUser[e.user][e.tp], e.at)
	}
	counts := map[string]int{}
	first := f.First()
	for _, evs := range byUser {
		t0 := int64(never)
		for _, t := range evs[first.ID] {
			t0 = min(t0, t)
		}
		if t0 == never {
			continue
		}
		reach := map[string]int64{first.ID: t0}
		for changed := true; changed; {
			changed = false
			for _, tp := range f.Touchpoints() {
				if tp == first {
					continue
				}
				thr := int64(never)
				for _, p := range f.Predecessors(tp) {
					if r, ok := reach[p.ID]; ok {
						thr = min(thr, r)
					}
				}
				best := int64(never)
				for _, t := range evs[tp.ID] {
					if t >= thr && t <= t0+window && t < best {
						best = t
					}
				}
				if old, ok := reach[tp.ID]; best != never && (!ok || best != old) {
					reach[tp.ID] = best
					changed = true
				}
			}
		}
		for id, t := range reach {
			counts[id]++
			tp := j.Touchpoint(id)
			if tp == first {
				continue
			}
			var from *Touchpoint
			for _, p := range f.Predecessors(tp) {
				if r, ok := reach[p.ID]; ok && r <= t && (from == nil || r > reach[from.ID]) {
					from = p
				}
			}
			if from != nil {
				counts[from.ID+">"+id]++
			}
		}
	}
	return counts
}

// loopJourney's flow goes back: c leads to b again.
const loopJourney = `version: 1
name: Loop
stages:
  - id: s
    name: S
    touchpoints:
      - {id: a, name: A}
      - {id: b, name: B}
      - {id: c, name: C, next: [b, d]}
      - {id: d, name: D}
`

func TestEventFunnelMatchesReference(t *testing.T) {
	// Times in milliseconds and minutes keep 32-bit offsets in a row; in
	// units of three days the window (60 days) needs full times.
	for _, unit := range []int64{1, 60_000, 3 * 86_400_000} {
		for _, src := range []string{linearJourney, branchJourney, loopJourney} {
			j := mustParse(t, src)
			tps := j.Touchpoints()
			rng := rand.New(rand.NewSource(7))
			for round := 0; round < 200; round++ {
				var events []ev
				for u := 0; u < 5; u++ {
					for e := rng.Intn(12); e > 0; e-- {
						events = append(events, ev{user: fmt.Sprint("u", u), tp: tps[rng.Intn(len(tps))].ID, at: int64(rng.Intn(40))})
					}
				}
				const window = 20
				want := referenceFunnel(j, window, events)
				ds := runEventsIn(t, j, time.Duration(window*unit)*time.Millisecond, unit, events)
				for _, r := range ds.Rows {
					if int(r.Users) != want[r.Label] {
						t.Fatalf("unit %d ms, round %d: %s = %g, reference %d\nevents %v", unit, round, r.Label, r.Users, want[r.Label], events)
					}
				}
				if len(ds.Edges) == 0 {
					t.Fatalf("round %d: no arrows counted", round)
				}
				for _, e := range ds.Edges {
					if k := e.From + ">" + e.To; int(e.Users) != want[k] {
						t.Fatalf("unit %d ms, round %d: arrow %s = %g, reference %d\nevents %v", unit, round, k, e.Users, want[k], events)
					}
				}
			}
		}
	}
}

// TestEventFunnelPersonasMatchReference checks each persona's funnel
// against the definition over the persona's flow and the events each of
// its users had since their persona was last set. In personaJourney p1's
// flow is the whole flow (its users share their row with the overall
// funnel when they can) and p2's is not.
func TestEventFunnelPersonasMatchReference(t *testing.T) {
	j := mustParse(t, personaJourney)
	tps := j.Touchpoints()
	segs := []string{"", "", "p1", "p2", "mobile"}
	rng := rand.New(rand.NewSource(3))
	for round := 0; round < 500; round++ {
		var events []ev
		for u := 0; u < 6; u++ {
			// Most users keep one segment; some name it late or change it.
			seg := segs[rng.Intn(len(segs))]
			for e := rng.Intn(10); e > 0; e-- {
				s := seg
				switch rng.Intn(8) {
				case 0:
					s = ""
				case 1:
					s = segs[rng.Intn(len(segs))]
				}
				tp := "unknown_event"
				if rng.Intn(6) > 0 {
					tp = tps[rng.Intn(len(tps))].ID
				}
				events = append(events, ev{user: fmt.Sprint("u", u), seg: s, tp: tp, at: int64(rng.Intn(40))})
			}
		}
		rng.Shuffle(len(events), func(a, b int) { events[a], events[b] = events[b], events[a] })
		// Each user's persona events: those read since the row that set
		// their last segment, when that is a persona.
		since := map[string][]ev{}
		cur := map[string]string{}
		for _, e := range events {
			if e.seg != "" && e.seg != cur[e.user] {
				cur[e.user] = e.seg
				since[e.user] = nil
			}
			since[e.user] = append(since[e.user], e)
		}
		const window = 20
		ds := runEvents(t, j, window*time.Minute, events)
		got := map[string]float64{}
		for _, r := range ds.Rows {
			got[r.Segment+"/"+r.Label] = r.Users
		}
		for _, e := range ds.Edges {
			got[e.Persona+":"+e.From+">"+e.To] = e.Users
		}
		for _, p := range []string{"p1", "p2"} {
			var mine []ev
			seen := false
			for u, evs := range since {
				if cur[u] == p {
					for _, e := range evs {
						if e.tp != "unknown_event" {
							mine = append(mine, e)
							seen = true
						}
					}
				}
			}
			if _, ok := got[p+"/a"]; ok != seen {
				t.Fatalf("round %d: persona %s reported %v, want %v\nevents %v", round, p, ok, seen, events)
			}
			if !seen {
				continue
			}
			f := j.Flow(p)
			want := referenceFlow(j, f, window, mine)
			for _, tp := range f.Touchpoints() {
				if g := got[p+"/"+tp.ID]; int(g) != want[tp.ID] {
					t.Fatalf("round %d: %s/%s = %g, reference %d\nevents %v", round, p, tp.ID, g, want[tp.ID], events)
				}
				for _, from := range f.Predecessors(tp) {
					k := from.ID + ">" + tp.ID
					if g := got[p+":"+k]; int(g) != want[k] {
						t.Fatalf("round %d: %s arrow %s = %g, reference %d\nevents %v", round, p, k, g, want[k], events)
					}
				}
			}
		}
	}
}

func BenchmarkEventFunnel(b *testing.B) {
	j := mustParse(b, linearJourney)
	const users = 10_000
	rng := rand.New(rand.NewSource(1))
	type row struct {
		user []byte
		tp   int
		ms   int64
	}
	var rows []row
	for u := 0; u < users; u++ {
		id := []byte(fmt.Sprintf("user-%06d", u))
		t := int64(rng.Intn(1_000_000))
		for k := 0; k < 4 && rng.Intn(4) > 0; k++ {
			t += int64(rng.Intn(100_000))
			rows = append(rows, row{id, k, t})
		}
	}
	rng.Shuffle(len(rows), func(a, c int) { rows[a], rows[c] = rows[c], rows[a] })
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f := NewEventFunnel(j, 0)
		for _, r := range rows {
			f.Add(r.user, nil, r.tp, r.ms)
		}
		ReduceEvents("bench.csv", f)
	}
	b.ReportMetric(float64(len(rows)), "events/op")
}

// BenchmarkEventFunnelUsers adds the events of many users, shuffled and
// in batches as the importers add them, so that every user lookup misses
// the cache; B/user is what the funnel allocates per user (rows, user
// table, pending events). In personaJourney p1's flow is the whole flow
// (its users share their row) and p2's is not (they get a second row).
func BenchmarkEventFunnelUsers(b *testing.B) {
	j := mustParse(b, personaJourney)
	tps := j.Touchpoints()
	const users = 300_000
	for _, seg := range []string{"none", "p1", "p2"} {
		b.Run("segment="+seg, func(b *testing.B) {
			rng := rand.New(rand.NewSource(1))
			var evs []Event
			for u := 0; u < users; u++ {
				id := fmt.Appendf(nil, "u%07d", u)
				var sb []byte
				if seg != "none" {
					sb = []byte(seg)
				}
				t := int64(rng.Intn(1_000_000_000))
				for k := 0; k < len(tps) && (k == 0 || rng.Intn(3) > 0); k++ {
					t += int64(rng.Intn(3_600_000)) - 600_000
					evs = append(evs, Event{User: id, Hash: UserHash(id), Segment: sb, TP: int32(k), MS: t})
				}
			}
			rng.Shuffle(len(evs), func(a, c int) { evs[a], evs[c] = evs[c], evs[a] })
			var before, after runtime.MemStats
			b.ReportAllocs()
			for b.Loop() {
				runtime.ReadMemStats(&before)
				f := NewEventFunnel(j, 0)
				for i := 0; i < len(evs); i += 64 {
					f.AddBatch(evs[i:min(i+64, len(evs))])
				}
				runtime.ReadMemStats(&after)
				ReduceEvents("bench.csv", f)
			}
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/users, "B/user")
			b.ReportMetric(float64(len(evs)), "events/op")
		})
	}
}

func TestEventFunnelPersonaChange(t *testing.T) {
	j := mustParse(t, personaJourney)
	ds := runEvents(t, j, 0, []ev{{"u1", "p1", "a", 1}, {"u1", "p2", "a", 2}, {"u1", "p2", "c", 3}})
	// u1 ends up in p2 only; p1's funnel forgets them.
	if got, want := describeRows(ds), "Total/a=1 Total/x=0 Total/c=0 p2/a=1 p2/c=1"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestEventFunnelLateSegment gives the rows of tens of thousands of users
// their segment words (several pages of them) when the last row names a
// segment; the counts must stay.
func TestEventFunnelLateSegment(t *testing.T) {
	j := mustParse(t, linearJourney)
	var events []ev
	for u := 0; u < 40_000; u++ {
		events = append(events, ev{user: fmt.Sprint("u", u), tp: "a", at: 1})
		if u%4 == 0 {
			events = append(events, ev{user: fmt.Sprint("u", u), tp: "b", at: 2})
		}
	}
	events = append(events, ev{user: "u39996", seg: "mobile", tp: "c", at: 3})
	ds := runEvents(t, j, 0, events)
	if got, want := describeRows(ds), "Total/a=40000 Total/b=10000 Total/c=1 Total/d=0 mobile/a=1 mobile/b=1 mobile/c=1 mobile/d=0"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
