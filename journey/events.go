package journey

import (
	"math"
	"sort"
	"time"
)

// DefaultWindow is the conversion window of the ordered funnel.
const DefaultWindow = 30 * 24 * time.Hour

// never marks a touchpoint a user has not reached.
const never = math.MaxInt64

// EventFunnel counts an ordered funnel with a conversion window over
// event-level data that arrives in any order (exports are rarely sorted by
// user and time), keeping memory per user rather than per event.
//
// A user reaches the flow's first touchpoint at their earliest event that
// matches it; that time starts the window. A user reaches any other
// touchpoint T at the earliest event matching T that is no earlier than the
// time they reached one of T's flow predecessors and no later than the end
// of the window. (Equal timestamps count as in order.)
//
// Per user and touchpoint the funnel keeps the reach time found so far and
// the few events that arrived before the predecessors' reach time was known
// ("pending"). When an earlier event lowers a predecessor's reach time,
// pending events that now qualify are promoted; events later than the
// window's end, or later than a reach time already found, can never count
// and are dropped. Every value only ever moves earlier, so the result does
// not depend on the order of the rows.
//
// Rows carry an optional segment: a persona id puts the user in that
// persona's funnel too (over the persona's flow); any other value is a
// segment that reports break down by. A user's segment is the last
// non-empty one seen.
//
// An EventFunnel is not safe for concurrent use; shard users over several
// funnels (every event of a user in the same one) and combine them with
// ReduceEvents.
type EventFunnel struct {
	j      *Journey
	window int64
	flows  []*compiledFlow // 0 = everyone, then one per persona
	n      int

	users   *userTable
	segment []int32 // per user: index into segNames, -1 none
	// pslot is the user's slot in their persona's flow (segFlow of their
	// segment), -1 for none.
	pslot   []int32
	reach   [][]int64  // per flow: user slot * n + touchpoint index
	pending [][][]pend // per flow: per slot
	owners  [][]int32  // per flow: the user of each slot

	segIndex map[string]int32
	segNames []string
	segFlow  []int // per segment: the persona's flow, 0 for none
	events   int
	// unreached is a row of never, appended for each new slot.
	unreached []int64
	work      []int32
	queued    []bool
}

// pend is an event that may count once a predecessor's reach time drops
// to it.
type pend struct {
	tp int32
	t  int64
}

// compiledFlow is a flow as index arrays, for the hot loop.
type compiledFlow struct {
	persona string
	first   int32
	in      []bool
	pred    [][]int32
	succ    [][]int32
	order   []int32
}

func compileFlow(j *Journey, f *Flow) *compiledFlow {
	n := len(j.Touchpoints())
	c := &compiledFlow{persona: f.Persona, first: -1, in: make([]bool, n), pred: make([][]int32, n), succ: make([][]int32, n)}
	if first := f.First(); first != nil {
		c.first = int32(first.Index)
	}
	for _, tp := range f.Touchpoints() {
		c.in[tp.Index] = true
		c.order = append(c.order, int32(tp.Index))
		for _, p := range f.Predecessors(tp) {
			c.pred[tp.Index] = append(c.pred[tp.Index], int32(p.Index))
		}
		for _, s := range f.Successors(tp) {
			c.succ[tp.Index] = append(c.succ[tp.Index], int32(s.Index))
		}
	}
	return c
}

// NewEventFunnel starts an ordered funnel over the journey's flow and each
// persona's flow, with the conversion window (DefaultWindow when <= 0).
func NewEventFunnel(j *Journey, window time.Duration) *EventFunnel {
	if window <= 0 {
		window = DefaultWindow
	}
	f := &EventFunnel{j: j, window: window.Milliseconds(), n: len(j.Touchpoints()), users: newUserTable(), segIndex: map[string]int32{}}
	f.flows = append(f.flows, compileFlow(j, j.Flow("")))
	for _, p := range j.Personas {
		f.flows = append(f.flows, compileFlow(j, j.Flow(p.ID)))
	}
	f.reach = make([][]int64, len(f.flows))
	f.pending = make([][][]pend, len(f.flows))
	f.owners = make([][]int32, len(f.flows))
	f.queued = make([]bool, f.n)
	f.unreached = make([]int64, f.n)
	for i := range f.unreached {
		f.unreached[i] = never
	}
	return f
}

// Add records one event: the user, an optional segment or persona id, the
// touchpoint (its Index in the journey; negative for an event that matches
// none) and the time in Unix milliseconds.
func (f *EventFunnel) Add(user, segment []byte, tp int, ms int64) {
	f.events++
	u, isNew := f.users.intern(user)
	if isNew {
		f.segment = append(f.segment, -1)
		f.pslot = append(f.pslot, -1)
		f.owners[0] = append(f.owners[0], u)
		f.pending[0] = append(f.pending[0], nil)
		f.reach[0] = append(f.reach[0], f.unreached...)
	}
	if len(segment) > 0 {
		s, ok := f.segIndex[string(segment)]
		if !ok {
			s = int32(len(f.segNames))
			name := string(segment)
			f.segIndex[name] = s
			f.segNames = append(f.segNames, name)
			fi := 0
			for i := 1; i < len(f.flows); i++ {
				if f.flows[i].persona == name {
					fi = i
				}
			}
			f.segFlow = append(f.segFlow, fi)
		}
		if f.segment[u] != s {
			f.segment[u] = s
			f.pslot[u] = -1
		}
	}
	if tp < 0 || tp >= f.n {
		return
	}
	f.add(0, f.slot(0, u), int32(tp), ms)
	if s := f.segment[u]; s >= 0 {
		if fi := f.segFlow[s]; fi > 0 {
			f.add(fi, f.slot(fi, u), int32(tp), ms)
		}
	}
}

// Events returns the number of events added.
func (f *EventFunnel) Events() int { return f.events }

// slot returns the user's state slot in the flow, allocating it.
func (f *EventFunnel) slot(fi int, u int32) int32 {
	if fi == 0 {
		return u // allocated with the user
	}
	if s := f.pslot[u]; s >= 0 {
		return s
	}
	s := int32(len(f.owners[fi]))
	f.pslot[u] = s
	f.owners[fi] = append(f.owners[fi], u)
	f.pending[fi] = append(f.pending[fi], nil)
	f.reach[fi] = append(f.reach[fi], f.unreached...)
	return s
}

func (f *EventFunnel) add(fi int, slot, k int32, t int64) {
	c := f.flows[fi]
	if !c.in[k] {
		return
	}
	r := f.reach[fi][int(slot)*f.n : int(slot+1)*f.n]
	if k == c.first {
		if t < r[k] {
			r[k] = t
			// The window moved: everything may change.
			for _, o := range c.order {
				if o != c.first {
					f.push(o)
				}
			}
			f.settle(fi, slot, r)
		}
		return
	}
	if len(c.pred[k]) == 0 {
		return // no flow leads here: never reached
	}
	dl := f.deadline(c, r)
	if t > dl || t >= r[k] {
		return
	}
	if t >= threshold(c, r, k) {
		r[k] = t
		for _, s := range c.succ[k] {
			f.push(s)
		}
		f.settle(fi, slot, r)
		return
	}
	f.pending[fi][slot] = append(f.pending[fi][slot], pend{k, t})
}

func (f *EventFunnel) deadline(c *compiledFlow, r []int64) int64 {
	if c.first < 0 || r[c.first] == never {
		return never
	}
	return r[c.first] + f.window
}

func threshold(c *compiledFlow, r []int64, k int32) int64 {
	thr := int64(never)
	for _, p := range c.pred[k] {
		if r[p] < thr {
			thr = r[p]
		}
	}
	return thr
}

func (f *EventFunnel) push(k int32) {
	if !f.queued[k] {
		f.queued[k] = true
		f.work = append(f.work, k)
	}
}

// settle recomputes the queued touchpoints of one user until nothing
// changes. Reach times only move earlier except when the window's end moves
// before them, so this ends; the bound guards against cycles in the flow.
func (f *EventFunnel) settle(fi int, slot int32, r []int64) {
	c := f.flows[fi]
	dl := f.deadline(c, r)
	for steps := 0; len(f.work) > 0; steps++ {
		k := f.work[0]
		f.work = f.work[1:]
		f.queued[k] = false
		if k == c.first || steps > 4*f.n*f.n+16 {
			continue
		}
		old := r[k]
		thr := threshold(c, r, k)
		if r[k] != never && (r[k] > dl || r[k] < thr) {
			r[k] = never
		}
		if p := f.pending[fi][slot]; len(p) > 0 {
			keep := p[:0]
			for _, e := range p {
				switch {
				case e.tp != k:
					keep = append(keep, e)
				case e.t > dl:
					// Past the end of the window, which only moves earlier.
				case e.t >= thr:
					if e.t < r[k] {
						r[k] = e.t
					}
				default:
					keep = append(keep, e)
				}
			}
			if len(keep) == 0 {
				keep = nil
			}
			f.pending[fi][slot] = keep
		}
		if r[k] != old {
			for _, s := range c.succ[k] {
				f.push(s)
			}
		}
	}
	f.work = f.work[:0]
}

// ReduceEvents turns funnels (shards of one file's users) into the step
// counts of a DataSet: a Total row per touchpoint of the journey's flow,
// a row per persona and touchpoint of the persona's flow, and a row per
// segment and touchpoint. Touchpoints no user reached count 0.
func ReduceEvents(file string, funnels ...*EventFunnel) *DataSet {
	ds := &DataSet{File: file}
	if len(funnels) == 0 {
		return ds
	}
	j := funnels[0].j
	n := len(j.Touchpoints())
	type key struct {
		seg string
		tp  int32
	}
	overall := make([]float64, n)
	persona := map[key]float64{}
	segment := map[key]float64{}
	segSeen := map[string]bool{}
	for _, f := range funnels {
		ds.Events += f.events
		for fi, c := range f.flows {
			r := f.reach[fi]
			for slot, u := range f.owners[fi] {
				row := r[slot*n : (slot+1)*n]
				seg := ""
				if s := f.segment[u]; s >= 0 {
					seg = f.segNames[s]
				}
				isPersona := seg != "" && j.Persona(seg) != nil
				if fi == 0 && seg != "" && !isPersona {
					segSeen[seg] = true
				}
				for _, k := range c.order {
					if row[k] == never {
						continue
					}
					switch {
					case fi > 0:
						persona[key{c.persona, k}]++
					default:
						overall[k]++
						if seg != "" && !isPersona {
							segment[key{seg, k}]++
						}
					}
				}
			}
		}
	}
	for _, k := range funnels[0].flows[0].order {
		tp := j.Touchpoints()[k]
		ds.Rows = append(ds.Rows, StepRow{Label: tp.ID, Segment: "Total", Total: true, Users: overall[k], HasUsers: true, Source: Source{File: file}})
	}
	personaSeen := map[string]bool{}
	for _, f := range funnels {
		for fi := 1; fi < len(f.flows); fi++ {
			if len(f.owners[fi]) > 0 {
				personaSeen[f.flows[fi].persona] = true
			}
		}
	}
	for _, c := range funnels[0].flows[1:] {
		if !personaSeen[c.persona] {
			continue
		}
		for _, k := range c.order {
			ds.Rows = append(ds.Rows, StepRow{Label: j.Touchpoints()[k].ID, Segment: c.persona, Users: persona[key{c.persona, k}], HasUsers: true, Source: Source{File: file}})
		}
	}
	var segs []string
	for s := range segSeen {
		segs = append(segs, s)
	}
	sort.Strings(segs)
	for _, s := range segs {
		for _, k := range funnels[0].flows[0].order {
			ds.Rows = append(ds.Rows, StepRow{Label: j.Touchpoints()[k].ID, Segment: s, Users: segment[key{s, k}], HasUsers: true, Source: Source{File: file}})
		}
	}
	return ds
}
