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
// and are dropped. Reach times only move earlier, except that an earlier
// first touchpoint moves the window's end, which drops the reach times
// past it (those events can never count again). The result does not
// depend on the order of the rows; a test checks it against the
// definition over every permutation it tries.
//
// Rows carry an optional segment: a persona id puts the user in that
// persona's funnel too (over the persona's flow); any other value is a
// segment that reports break down by. A user's rows normally agree on it;
// when they do not, the last non-empty one read wins, and a persona
// funnel counts only the events read since its persona was.
//
// An EventFunnel is not safe for concurrent use; shard users over several
// funnels (every event of a user in the same one, see UserHash) and
// combine them with ReduceEvents.
type EventFunnel struct {
	j      *Journey
	window int64
	flows  []*compiledFlow // 0 = everyone, then one per persona
	n      int

	users *userTable
	// segment is, per user, an index into segNames (-1 none), and pslot
	// the user's slot in their persona's flow (segFlow of their segment;
	// -1 none); both stay nil until a row has a segment.
	segment []int32
	pslot   []int32
	// owners holds per persona flow the user of each slot; in flow 0 the
	// slot is the user.
	owners [][]int32
	reach  []*slotStore // per flow: reach times and pending list by slot

	// pool holds pending events as linked lists; free heads its free list.
	pool []pendNode
	free int32

	segIndex map[string]int32
	segNames []string
	segFlow  []int // per segment: the persona's flow, 0 for none
	events   int
	work     []int32
	queued   []bool
	batch    []int32
	keep     []int32
	sink     uint64
}

// pendNode is an event that may count once a predecessor's reach time
// drops to it; next links a slot's pending events (-1 ends).
type pendNode struct {
	t    int64
	tp   int32
	next int32
}

// compiledFlow is a flow as index arrays, for the hot loop. The flow's
// arrows are numbered by head: the arrow from pred[k][i] into k is number
// arrow[k]+i.
type compiledFlow struct {
	persona string
	first   int32
	in      []bool
	pred    [][]int32
	succ    [][]int32
	order   []int32
	arrow   []int32
	arrows  int
}

func compileFlow(j *Journey, f *Flow) *compiledFlow {
	n := len(j.Touchpoints())
	c := &compiledFlow{persona: f.Persona, first: -1, in: make([]bool, n), pred: make([][]int32, n), succ: make([][]int32, n), arrow: make([]int32, n)}
	if first := f.First(); first != nil {
		c.first = int32(first.Index)
	}
	for _, tp := range f.Touchpoints() {
		c.in[tp.Index] = true
		c.order = append(c.order, int32(tp.Index))
		c.arrow[tp.Index] = int32(c.arrows)
		c.arrows += len(f.Predecessors(tp))
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
	f := &EventFunnel{j: j, window: window.Milliseconds(), n: len(j.Touchpoints()), users: newUserTable(), segIndex: map[string]int32{}, free: -1}
	f.flows = append(f.flows, compileFlow(j, j.Flow("")))
	for _, p := range j.Personas {
		f.flows = append(f.flows, compileFlow(j, j.Flow(p.ID)))
	}
	f.reach = make([]*slotStore, len(f.flows))
	for i := range f.reach {
		f.reach[i] = &slotStore{n: f.n}
	}
	f.owners = make([][]int32, len(f.flows))
	f.queued = make([]bool, f.n)
	return f
}

// Reserve sizes the user table for about this many users, sparing the
// table's growth steps when the caller can estimate them (from a file's
// size, say).
func (f *EventFunnel) Reserve(users int) {
	t := f.users
	if t.count > 0 || users <= len(t.table)/2 {
		return
	}
	size := len(t.table)
	for size/2 < users {
		size *= 2
	}
	t.table = make([]userEntry, size)
	t.mask = uint64(size - 1)
}

// Add records one event: the user, an optional segment or persona id, the
// touchpoint (its Index in the journey; negative for an event that matches
// none) and the time in Unix milliseconds.
func (f *EventFunnel) Add(user, segment []byte, tp int, ms int64) {
	f.AddHashed(user, UserHash(user), segment, tp, ms)
}

// Event is one row for AddBatch; Hash is UserHash(User).
type Event struct {
	User    []byte
	Hash    uint64
	Segment []byte
	TP      int32
	MS      int64
}

// AddBatch records events as Add does. In a file whose rows come in random
// user order every user lookup is a cache miss; a batch issues its
// lookups' memory loads together so the processor waits for them at once.
func (f *EventFunnel) AddBatch(evs []Event) {
	t := f.users
	var sink uint64
	f.keep = f.keep[:0]
	for i := range evs {
		if evs[i].TP < 0 && len(evs[i].Segment) == 0 {
			f.events++ // matches nothing, says nothing about the user
			continue
		}
		f.keep = append(f.keep, int32(i))
		sink += t.table[evs[i].Hash&t.mask].key
	}
	f.batch = f.batch[:0]
	for _, i := range f.keep {
		f.batch = append(f.batch, f.intern(evs[i].User, evs[i].Hash))
	}
	r := f.reach[0]
	for _, u := range f.batch {
		sink += uint64(r.row(u)[0])
	}
	for _, u := range f.batch {
		if head := *r.head(u); head >= 0 {
			sink += uint64(f.pool[head].t)
		}
	}
	f.sink += sink
	for j, i := range f.keep {
		f.addUser(f.batch[j], evs[i].Segment, int(evs[i].TP), evs[i].MS)
	}
}

// AddHashed is Add with the user id's UserHash already computed.
func (f *EventFunnel) AddHashed(user []byte, hash uint64, segment []byte, tp int, ms int64) {
	if tp < 0 && len(segment) == 0 {
		f.events++ // matches nothing, says nothing about the user
		return
	}
	f.addUser(f.intern(user, hash), segment, tp, ms)
}

func (f *EventFunnel) intern(user []byte, hash uint64) int32 {
	u, isNew := f.users.intern(user, hash)
	if isNew {
		if f.segment != nil {
			f.segment = append(f.segment, -1)
			f.pslot = append(f.pslot, -1)
		}
		f.reach[0].add()
	}
	return u
}

func (f *EventFunnel) addUser(u int32, segment []byte, tp int, ms int64) {
	f.events++
	if len(segment) > 0 && f.segment == nil {
		n := f.users.count
		f.segment, f.pslot = make([]int32, n, n+n/4+1024), make([]int32, n, n+n/4+1024)
		for i := range f.segment {
			f.segment[i], f.pslot[i] = -1, -1
		}
	}
	if len(segment) > 0 && (f.segment[u] < 0 || f.segNames[f.segment[u]] != string(segment)) {
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
		if old := f.segment[u]; old >= 0 && f.pslot[u] >= 0 {
			// The user's persona changed: their old persona funnel forgets them.
			f.owners[f.segFlow[old]][f.pslot[u]] = -1
		}
		f.segment[u] = s
		f.pslot[u] = -1
	}
	if tp < 0 || tp >= f.n {
		return
	}
	f.add(0, u, int32(tp), ms)
	if len(f.segNames) == 0 {
		return
	}
	if s := f.segment[u]; s >= 0 {
		if fi := f.segFlow[s]; fi > 0 {
			f.add(fi, f.personaSlot(fi, u), int32(tp), ms)
		}
	}
}

// Events returns the number of events added.
func (f *EventFunnel) Events() int { return f.events }

// personaSlot returns the user's state slot in a persona's flow,
// allocating it.
func (f *EventFunnel) personaSlot(fi int, u int32) int32 {
	if s := f.pslot[u]; s >= 0 {
		return s
	}
	s := int32(len(f.owners[fi]))
	f.pslot[u] = s
	f.owners[fi] = append(f.owners[fi], u)
	f.reach[fi].add()
	return s
}

func (f *EventFunnel) add(fi int, slot, k int32, t int64) {
	c := f.flows[fi]
	if !c.in[k] {
		return
	}
	r := f.reach[fi].row(slot)
	head := f.reach[fi].head(slot)
	if k == c.first {
		if t < r[k] {
			r[k] = t
			// The window moved: everything may change, unless nothing else
			// is known about the user yet (common in a shuffled file).
			if *head < 0 && onlyFirst(r, k) {
				return
			}
			// Reach times past the new end of the window must go, and the
			// first touchpoint's successors may now qualify; everything
			// else follows from their changes.
			for _, o := range c.order {
				if o != c.first && r[o] != never {
					f.push(o)
				}
			}
			for _, o := range c.succ[k] {
				f.push(o)
			}
			f.settle(c, r, head)
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
		f.settle(c, r, head)
		return
	}
	// Pending until a predecessor is reached early enough.
	i := f.free
	if i >= 0 {
		f.free = f.pool[i].next
	} else {
		i = int32(len(f.pool))
		f.pool = append(f.pool, pendNode{})
	}
	f.pool[i] = pendNode{t: t, tp: k, next: *head}
	*head = i
}

// onlyFirst reports whether k is the only touchpoint reached in r.
func onlyFirst(r []int64, k int32) bool {
	for i, v := range r {
		if v != never && int32(i) != k {
			return false
		}
	}
	return true
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

// settle recomputes the queued touchpoints of one user's row until nothing
// changes. The bound guards against cycles in the flow.
func (f *EventFunnel) settle(c *compiledFlow, r []int64, head *int32) {
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
		// Promote or drop this touchpoint's pending events.
		prev := int32(-1)
		for i := *head; i >= 0; {
			e := f.pool[i]
			next := e.next
			drop := false
			if e.tp == k {
				switch {
				case e.t > dl:
					drop = true // past the end of the window, which only moves earlier
				case e.t >= thr:
					drop = true
					if e.t < r[k] {
						r[k] = e.t
					}
				}
			}
			if drop {
				if prev < 0 {
					*head = next
				} else {
					f.pool[prev].next = next
				}
				f.pool[i].next = f.free
				f.free = i
			} else {
				prev = i
			}
			i = next
		}
		if r[k] != old {
			for _, s := range c.succ[k] {
				f.push(s)
			}
		}
	}
	f.work = f.work[:0]
}

// cameFrom is the arrow by which a user reached touchpoint k, as an index
// into c.pred[k]; -1 for the first touchpoint (reached by any event) or
// when no predecessor was reached at or before k. Of the predecessors the
// user reached at or before k, it is the one reached last, each by the
// time it was first reached: the step they took just before k, as path
// analyses count it. Equal times go to the predecessor listed first.
func cameFrom(c *compiledFlow, row []int64, k int32) int {
	if k == c.first {
		return -1
	}
	best, at := -1, int64(math.MinInt64)
	for i, p := range c.pred[k] {
		if t := row[p]; t <= row[k] && t > at {
			best, at = i, t
		}
	}
	return best
}

// ReduceEvents turns funnels (shards of one file's users) into the step
// counts of a DataSet: a Total row per touchpoint of the journey's flow,
// a row per persona and touchpoint of the persona's flow, and a row per
// segment and touchpoint. Touchpoints no user reached count 0.
//
// It counts the users of every arrow of those flows too (DataSet.Edges):
// each user who reached a touchpoint other than the first is counted on
// the one arrow cameFrom names. The reach times the funnel keeps are all
// it needs, so the count costs no memory per user. So are the people who
// reached each channel (DataSet.Channels, see channelRows).
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
	personaSeen := map[string]bool{}
	// arrows holds per flow (as funnels[0].flows) the users of each arrow.
	arrows := make([][]float64, len(funnels[0].flows))
	for fi, c := range funnels[0].flows {
		arrows[fi] = make([]float64, c.arrows)
	}
	for _, f := range funnels {
		ds.Events += f.events
		for fi, c := range f.flows {
			r := f.reach[fi]
			counts := arrows[fi]
			for slot := range r.slots {
				u := int32(slot)
				if fi > 0 {
					if u = f.owners[fi][slot]; u < 0 {
						continue
					}
					personaSeen[c.persona] = true
				}
				row := r.row(int32(slot))
				seg, isPersona := "", false
				if f.segment != nil && f.segment[u] >= 0 {
					seg = f.segNames[f.segment[u]]
					isPersona = j.Persona(seg) != nil
				}
				if fi == 0 && seg != "" && !isPersona {
					segSeen[seg] = true
				}
				for _, k := range c.order {
					if row[k] == never {
						continue
					}
					if i := cameFrom(c, row, k); i >= 0 {
						counts[int(c.arrow[k])+i]++
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
	for _, c := range funnels[0].flows[1:] {
		if !personaSeen[c.persona] {
			continue
		}
		for _, k := range c.order {
			ds.Rows = append(ds.Rows, StepRow{Label: j.Touchpoints()[k].ID, Segment: c.persona, Users: persona[key{c.persona, k}], HasUsers: true, Source: Source{File: file}})
		}
	}
	for fi, c := range funnels[0].flows {
		if fi > 0 && !personaSeen[c.persona] {
			continue
		}
		for _, k := range c.order {
			for i, p := range c.pred[k] {
				ds.Edges = append(ds.Edges, EdgeRow{From: j.Touchpoints()[p].ID, To: j.Touchpoints()[k].ID, Persona: c.persona, Users: arrows[fi][int(c.arrow[k])+i]})
			}
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
	ds.Channels = channelRows(funnels)
	return ds
}

// slotStore holds per slot n reach times and the head of its pending
// list, in fixed-size pages, so growing never copies (and never holds two
// copies of) what is already there. The heads live apart so that a row of
// eight reach times fills exactly one cache line.
type slotStore struct {
	n     int
	slots int
	pages [][]int64
	heads [][]int32
}

const pageSlots = 1 << 14

func (s *slotStore) add() {
	if s.slots%pageSlots == 0 {
		p := make([]int64, pageSlots*s.n)
		for i := range p {
			p[i] = never
		}
		h := make([]int32, pageSlots)
		for i := range h {
			h[i] = -1
		}
		s.pages = append(s.pages, p)
		s.heads = append(s.heads, h)
	}
	s.slots++
}

// row returns the slot's reach times, one per touchpoint.
func (s *slotStore) row(slot int32) []int64 {
	p := s.pages[slot/pageSlots]
	i := int(slot%pageSlots) * s.n
	return p[i : i+s.n : i+s.n]
}

// head returns where the slot's first pending event's index is kept (-1
// for none).
func (s *slotStore) head(slot int32) *int32 {
	return &s.heads[slot/pageSlots][slot%pageSlots]
}
