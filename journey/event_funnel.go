package journey

import (
	"math"
	"slices"
	"sort"
	"sync"
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
	// rows holds per flow the users' state: in flow 0 a row per user (the
	// user's index is the slot), in a persona's flow a row per user whose
	// persona funnel cannot share their flow 0 row.
	rows []*rowStore
	// shared marks the persona flows that equal flow 0: a user of such a
	// persona whose events all came after their persona has the same
	// state in both funnels, and keeps one row.
	shared []bool
	// segWords tells whether flow 0's rows have the segment (and, when the
	// journey has personas, persona slot) words: only once a row has had
	// a segment.
	segWords bool

	// pool holds pending events as linked lists; free heads its free list.
	pool pendPool
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
	col  int32
	next int32
}

// compiledFlow is a flow as index arrays over its columns, for the hot
// loop: column 0 is the flow's first touchpoint, the others follow in the
// flow's order. The flow's arrows are numbered by head: the arrow from
// pred[k][i] into column k is number arrow[k]+i.
type compiledFlow struct {
	persona string
	first   int32   // 0, or -1 when the flow has no first touchpoint
	col     []int32 // per touchpoint of the journey: its column, -1 outside the flow
	tp      []int32 // per column: the touchpoint's index
	pred    [][]int32
	succ    [][]int32
	order   []int32 // the columns in the flow's order
	arrow   []int32
	arrows  int
}

func compileFlow(j *Journey, f *Flow) *compiledFlow {
	n := len(j.Touchpoints())
	c := &compiledFlow{persona: f.Persona, first: -1, col: make([]int32, n)}
	for i := range c.col {
		c.col[i] = -1
	}
	if first := f.First(); first != nil {
		c.first = 0
		c.col[first.Index] = 0
		c.tp = append(c.tp, int32(first.Index))
	}
	for _, tp := range f.Touchpoints() {
		if c.col[tp.Index] < 0 {
			c.col[tp.Index] = int32(len(c.tp))
			c.tp = append(c.tp, int32(tp.Index))
		}
	}
	cols := len(c.tp)
	c.pred, c.succ, c.arrow = make([][]int32, cols), make([][]int32, cols), make([]int32, cols)
	for _, tp := range f.Touchpoints() {
		k := c.col[tp.Index]
		c.order = append(c.order, k)
		c.arrow[k] = int32(c.arrows)
		c.arrows += len(f.Predecessors(tp))
		for _, p := range f.Predecessors(tp) {
			c.pred[k] = append(c.pred[k], c.col[p.Index])
		}
		for _, s := range f.Successors(tp) {
			c.succ[k] = append(c.succ[k], c.col[s.Index])
		}
	}
	return c
}

// sameFlow reports whether two compiled flows count alike: the same
// columns, arrows and order.
func sameFlow(a, b *compiledFlow) bool {
	return a.first == b.first && slices.Equal(a.col, b.col) && slices.Equal(a.order, b.order) &&
		slices.EqualFunc(a.pred, b.pred, slices.Equal) && slices.EqualFunc(a.succ, b.succ, slices.Equal)
}

// The header words of a row after its first time (see rowStore): flow 0
// keeps the user's segment and persona slot there (once there are
// segments), a persona flow the slot's user.
const (
	wordHead  = 2
	wordSeg   = 3
	wordPSlot = 4
	wordOwner = 3
)

// Values of a user's persona slot word other than a slot in the persona's
// flow.
const (
	noSlot     = -1 // no event read since the persona was
	sharedSlot = -2 // the persona funnel shares the flow 0 row
)

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
	f.rows = make([]*rowStore, len(f.flows))
	f.shared = make([]bool, len(f.flows))
	for i, c := range f.flows {
		hdr := 4 // first time (two words), pending head, owner
		if i == 0 {
			hdr = 3 // first time, pending head; see addSegmentWords
		}
		f.rows[i] = newRowStore(hdr, len(c.tp), f.window)
		f.shared[i] = i > 0 && sameFlow(c, f.flows[0])
	}
	f.queued = make([]bool, f.n)
	return f
}

// Reserve sizes the user table for about this many users, sparing the
// table's growth steps when the caller can estimate them (from a file's
// size, say).
func (f *EventFunnel) Reserve(users int) {
	t := f.users
	if t.count > 0 || users <= len(t.table)*3/4 {
		return
	}
	size := len(t.table)
	for size*3/4 < users {
		size *= 2
	}
	t.table = make([]userEntry, size)
	adviseHuge(t.table)
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
	r := f.rows[0]
	for _, u := range f.batch {
		// A row may straddle two cache lines: load both.
		row := r.row(u)
		sink += uint64(row[0]) + uint64(row[len(row)-1])
	}
	for _, u := range f.batch {
		if head := int32(r.row(u)[wordHead]); head >= 0 {
			sink += uint64(f.pool.at(head).t)
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
		f.rows[0].add()
	}
	return u
}

func (f *EventFunnel) addUser(u int32, segment []byte, tp int, ms int64) {
	f.events++
	if len(segment) > 0 && !f.segWords {
		f.addSegmentWords()
	}
	r0 := f.rows[0]
	row := r0.row(u)
	fi := 0
	if f.segWords {
		fi = f.segment(u, row, segment)
	}
	if tp < 0 || tp >= f.n {
		return
	}
	if fi > 0 && int32(row[wordPSlot]) == noSlot {
		// The persona funnel's first event since the user's persona was:
		// when nothing is known of the user yet and the flows are the
		// same, both funnels see the same events from here on.
		if f.shared[fi] && r0.empty(row) {
			row[wordPSlot] = math.MaxUint32 - 1 // sharedSlot
		} else {
			ps := f.rows[fi].add()
			f.rows[fi].row(ps)[wordOwner] = uint32(u)
			row[wordPSlot] = uint32(ps)
		}
	}
	f.add(0, row, int32(tp), ms)
	if fi > 0 {
		if ps := int32(row[wordPSlot]); ps >= 0 {
			f.add(fi, f.rows[fi].row(ps), int32(tp), ms)
		}
	}
}

// addSegmentWords gives flow 0's rows their segment words (and persona
// slot, when the journey has personas), a page at a time.
func (f *EventFunnel) addSegmentWords() {
	f.segWords = true
	extra := 1
	if len(f.flows) > 1 {
		extra = 2
	}
	f.rows[0] = f.rows[0].withHeader(f.rows[0].hdr + extra)
}

// segment records the user's segment from a row that names one and
// returns the flow of the user's persona (0 for none).
func (f *EventFunnel) segment(u int32, row []uint32, segment []byte) int {
	if len(segment) > 0 {
		if old := int32(row[wordSeg]); old < 0 || f.segNames[old] != string(segment) {
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
			if old >= 0 && f.segFlow[old] > 0 {
				if ps := int32(row[wordPSlot]); ps >= 0 {
					// The user's persona changed: their old persona funnel forgets them.
					f.rows[f.segFlow[old]].row(ps)[wordOwner] = math.MaxUint32
				}
			}
			row[wordSeg] = uint32(s)
			if f.segFlow[s] > 0 {
				row[wordPSlot] = math.MaxUint32 // noSlot
			}
		}
	}
	if s := int32(row[wordSeg]); s >= 0 {
		return f.segFlow[s]
	}
	return 0
}

// Events returns the number of events added.
func (f *EventFunnel) Events() int { return f.events }

// add records an event of touchpoint tp at t in a row of flow fi.
func (f *EventFunnel) add(fi int, r []uint32, tp int32, t int64) {
	c := f.flows[fi]
	k := c.col[tp]
	if k < 0 || c.first < 0 {
		return // outside the flow, or in a flow no one can enter
	}
	s := f.rows[fi]
	if k == 0 {
		if t < s.base(r) {
			s.setBase(r, t, f.window)
			// The window moved: everything may change, unless nothing else
			// is known about the user yet (common in a shuffled file).
			if int32(r[wordHead]) < 0 && s.onlyFirst(r) {
				return
			}
			// Reach times past the new end of the window are gone (setBase
			// dropped them), and the first touchpoint's successors may now
			// qualify; everything else follows from their changes.
			for _, o := range c.order {
				if o != 0 && s.get(r, o) != never {
					f.push(o)
				}
			}
			for _, o := range c.succ[0] {
				f.push(o)
			}
			f.settle(c, s, r)
		}
		return
	}
	if len(c.pred[k]) == 0 {
		return // no flow leads here: never reached
	}
	dl := f.deadline(s, r)
	if t > dl || t >= s.get(r, k) {
		return
	}
	if t >= threshold(c, s, r, k) {
		s.set(r, k, t)
		for _, o := range c.succ[k] {
			f.push(o)
		}
		f.settle(c, s, r)
		return
	}
	// Pending until a predecessor is reached early enough.
	i := f.free
	if i >= 0 {
		f.free = f.pool.at(i).next
	} else {
		i = f.pool.add()
	}
	*f.pool.at(i) = pendNode{t: t, col: k, next: int32(r[wordHead])}
	r[wordHead] = uint32(i)
}

func (f *EventFunnel) deadline(s *rowStore, r []uint32) int64 {
	b := s.base(r)
	if b == never {
		return never
	}
	return b + f.window
}

func threshold(c *compiledFlow, s *rowStore, r []uint32, k int32) int64 {
	thr := int64(never)
	for _, p := range c.pred[k] {
		if t := s.get(r, p); t < thr {
			thr = t
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

// settle recomputes the queued columns of one user's row until nothing
// changes. The bound guards against cycles in the flow.
func (f *EventFunnel) settle(c *compiledFlow, s *rowStore, r []uint32) {
	dl := f.deadline(s, r)
	for steps := 0; steps < len(f.work); steps++ {
		k := f.work[steps]
		f.queued[k] = false
		if k == 0 || steps > 4*f.n*f.n+16 {
			continue
		}
		old := s.get(r, k)
		cur := old
		thr := threshold(c, s, r, k)
		if cur != never && (cur > dl || cur < thr) {
			cur = never
		}
		// Promote or drop this column's pending events.
		prev := int32(-1)
		for i := int32(r[wordHead]); i >= 0; {
			e := *f.pool.at(i)
			next := e.next
			drop := false
			if e.col == k {
				switch {
				case e.t > dl:
					drop = true // past the end of the window, which only moves earlier
				case e.t >= thr:
					drop = true
					cur = min(cur, e.t)
				}
			}
			if drop {
				if prev < 0 {
					r[wordHead] = uint32(next)
				} else {
					f.pool.at(prev).next = next
				}
				f.pool.at(i).next = f.free
				f.free = i
			} else {
				prev = i
			}
			i = next
		}
		if cur != old {
			s.set(r, k, cur)
			for _, o := range c.succ[k] {
				f.push(o)
			}
		}
	}
	f.work = f.work[:0]
}

// cameFrom is the arrow by which a user reached column k, as an index
// into c.pred[k]; -1 for the first touchpoint (reached by any event) or
// when no predecessor was reached at or before k. Of the predecessors the
// user reached at or before k, it is the one reached last, each by the
// time it was first reached: the step they took just before k, as path
// analyses count it. Equal times go to the predecessor listed first.
func cameFrom(c *compiledFlow, s *rowStore, row []uint32, k int32) int {
	if k == 0 {
		return -1
	}
	best, at := -1, int64(math.MinInt64)
	tk := s.get(row, k)
	for i, p := range c.pred[k] {
		if t := s.get(row, p); t <= tk && t > at {
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
	// The funnels' rows are counted side by side, then added up.
	tallies := make([]*tally, len(funnels))
	var wg sync.WaitGroup
	for i, f := range funnels {
		wg.Go(func() { tallies[i] = f.tally() })
	}
	wg.Wait()
	for i, f := range funnels {
		ds.Events += f.events
		t := tallies[i]
		for fi, c := range f.flows {
			if fi > 0 && t.personaSeen[fi] {
				personaSeen[c.persona] = true
			}
			for k, v := range t.reached[fi] {
				if fi == 0 {
					overall[c.tp[k]] += v
				} else {
					persona[key{c.persona, c.tp[k]}] += v
				}
			}
		}
		for s, seg := range t.segments {
			if seg != nil && t.segSeen[s] {
				segSeen[f.segNames[s]] = true
			}
			for k, v := range seg {
				segment[key{f.segNames[s], f.flows[0].tp[k]}] += v
			}
		}
	}
	c0 := funnels[0].flows[0]
	for _, k := range c0.order {
		tp := j.Touchpoints()[c0.tp[k]]
		ds.Rows = append(ds.Rows, StepRow{Label: tp.ID, Segment: "Total", Total: true, Users: overall[tp.Index], HasUsers: true, Source: Source{File: file}})
	}
	for _, c := range funnels[0].flows[1:] {
		if !personaSeen[c.persona] {
			continue
		}
		for _, k := range c.order {
			ds.Rows = append(ds.Rows, StepRow{Label: j.Touchpoints()[c.tp[k]].ID, Segment: c.persona, Users: persona[key{c.persona, c.tp[k]}], HasUsers: true, Source: Source{File: file}})
		}
	}
	for fi, c := range funnels[0].flows {
		if fi > 0 && !personaSeen[c.persona] {
			continue
		}
		for _, k := range c.order {
			for i, p := range c.pred[k] {
				users := 0.0
				for _, t := range tallies {
					users += t.arrows[fi][int(c.arrow[k])+i]
				}
				ds.Edges = append(ds.Edges, EdgeRow{From: j.Touchpoints()[c.tp[p]].ID, To: j.Touchpoints()[c.tp[k]].ID, Persona: c.persona, Users: users})
			}
		}
	}
	var segs []string
	for s := range segSeen {
		segs = append(segs, s)
	}
	sort.Strings(segs)
	for _, s := range segs {
		for _, k := range c0.order {
			ds.Rows = append(ds.Rows, StepRow{Label: j.Touchpoints()[c0.tp[k]].ID, Segment: s, Users: segment[key{s, c0.tp[k]}], HasUsers: true, Source: Source{File: file}})
		}
	}
	ds.Channels = channelRows(funnels)
	return ds
}

// pendPool holds pending events in fixed-size pages, so that growing
// never copies them.
type pendPool struct {
	n     int32
	pages [][]pendNode
}

const pendPage = 1 << 18 // 4 MiB, touched as it fills

// add appends a node and returns its index.
func (p *pendPool) add() int32 {
	if p.n%pendPage == 0 {
		pg := make([]pendNode, pendPage)
		adviseHuge(pg)
		p.pages = append(p.pages, pg)
	}
	p.n++
	return p.n - 1
}

func (p *pendPool) at(i int32) *pendNode { return &p.pages[i/pendPage][i%pendPage] }

// tally is what one funnel's rows count: per flow, the users of each
// arrow and of each column and whether the persona's funnel has users;
// per segment, its users by column of flow 0 (nil for a persona) and
// whether it has users.
type tally struct {
	arrows, reached [][]float64
	personaSeen     []bool
	segments        [][]float64
	segSeen         []bool
}

func (f *EventFunnel) tally() *tally {
	t := &tally{arrows: make([][]float64, len(f.flows)), reached: make([][]float64, len(f.flows)), personaSeen: make([]bool, len(f.flows)),
		segments: make([][]float64, len(f.segNames)), segSeen: make([]bool, len(f.segNames))}
	for fi, c := range f.flows {
		t.arrows[fi] = make([]float64, c.arrows)
		t.reached[fi] = make([]float64, len(c.tp))
	}
	for s, name := range f.segNames {
		if f.j.Persona(name) == nil {
			t.segments[s] = make([]float64, len(f.flows[0].tp))
		}
	}
	// count adds the users of a row of flow fi, and to a segment's.
	count := func(fi int, r *rowStore, row []uint32, seg []float64) {
		c := f.flows[fi]
		arrows, reached := t.arrows[fi], t.reached[fi]
		for _, k := range c.order {
			if r.get(row, k) == never {
				continue
			}
			if i := cameFrom(c, r, row, k); i >= 0 {
				arrows[int(c.arrow[k])+i]++
			}
			reached[k]++
			if seg != nil {
				seg[k]++
			}
		}
	}
	for fi := range f.flows {
		r := f.rows[fi]
		for slot := range r.slots {
			row := r.row(int32(slot))
			if fi > 0 {
				if int32(row[wordOwner]) >= 0 {
					t.personaSeen[fi] = true
					count(fi, r, row, nil)
				}
				continue
			}
			var seg []float64
			if f.segWords {
				if s := int32(row[wordSeg]); s >= 0 {
					seg = t.segments[s]
					t.segSeen[s] = true
					if pf := f.segFlow[s]; pf > 0 && int32(row[wordPSlot]) == sharedSlot {
						// The row is the persona funnel's too.
						t.personaSeen[pf] = true
						count(pf, r, row, nil)
					}
				}
			}
			count(0, r, row, seg)
		}
	}
	return t
}

// rowStore holds per slot a row of 32-bit words, in fixed-size pages so
// that growing never copies (and never holds two copies of) what is
// already there. Words 0 and 1 hold the time the flow's first touchpoint
// was reached (Unix ms, never when not), word 2 the head of the slot's
// pending list (-1 for none), then the flow's other header words, then
// the reach times of the other columns.
//
// Every other reach time lies between the first one and the end of its
// window, so a row keeps it as a 32-bit offset from the first (noOffset
// when unreached) when the window is shorter than 2^32 ms (49 days): a
// user of an eight-step flow then takes 40 bytes, 48 with a segment and
// persona slot. Longer windows keep whole times, two words each ("wide").
type rowStore struct {
	hdr   int // words before the other columns' times
	words int // per row
	wide  bool
	slots int
	pages [][]uint32
	blank []uint32 // an empty row
}

// noOffset marks an unreached column in a narrow row.
const noOffset = math.MaxUint32

// pageSlots is the slots of a page: some 5 MiB of eight-step rows, so
// that a page holds whole huge pages; a page's memory is only touched as
// its slots are added.
const pageSlots = 1 << 17

func newRowStore(hdr, cols int, window int64) *rowStore {
	s := &rowStore{hdr: hdr, wide: window >= noOffset}
	per := 1
	if s.wide {
		per = 2
	}
	s.words = hdr + per*max(cols-1, 0)
	s.blank = make([]uint32, s.words)
	for i := range s.blank {
		s.blank[i] = math.MaxUint32
	}
	s.blank[1] = math.MaxInt32 // never, as an int64
	if s.wide {
		for i := hdr + 1; i < s.words; i += 2 {
			s.blank[i] = math.MaxInt32
		}
	}
	return s
}

// withHeader returns the store with hdr header words, the new ones -1,
// emptying s a page at a time.
func (s *rowStore) withHeader(hdr int) *rowStore {
	n := &rowStore{hdr: hdr, words: s.words + hdr - s.hdr, wide: s.wide}
	n.blank = slices.Concat(s.blank[:s.hdr], slices.Repeat([]uint32{math.MaxUint32}, hdr-s.hdr), s.blank[s.hdr:])
	for slot := range int32(s.slots) {
		r := s.row(slot)
		w := n.row(n.add())
		copy(w, r[:s.hdr])
		copy(w[hdr:], r[s.hdr:])
		if (slot+1)%pageSlots == 0 {
			s.pages[slot/pageSlots] = nil
		}
	}
	*s = rowStore{}
	return n
}

// add appends an empty slot and returns it.
func (s *rowStore) add() int32 {
	if s.slots%pageSlots == 0 {
		p := make([]uint32, pageSlots*s.words)
		adviseHuge(p)
		s.pages = append(s.pages, p)
	}
	s.slots++
	slot := int32(s.slots - 1)
	copy(s.row(slot), s.blank)
	return slot
}

// row returns the slot's words.
func (s *rowStore) row(slot int32) []uint32 {
	p := s.pages[slot/pageSlots]
	i := int(slot%pageSlots) * s.words
	return p[i : i+s.words : i+s.words]
}

// base is the time the row reached column 0, never when it did not.
func (s *rowStore) base(r []uint32) int64 { return int64(uint64(r[0]) | uint64(r[1])<<32) }

// get is the time the row reached column k, never when it did not.
func (s *rowStore) get(r []uint32, k int32) int64 {
	if k == 0 {
		return s.base(r)
	}
	if s.wide {
		i := s.hdr + 2*int(k-1)
		return int64(uint64(r[i]) | uint64(r[i+1])<<32)
	}
	o := r[s.hdr+int(k-1)]
	if o == noOffset {
		return never
	}
	return s.base(r) + int64(o)
}

// set records the time the row reached column k > 0: never, or a time
// from the row's base to the end of its window.
func (s *rowStore) set(r []uint32, k int32, t int64) {
	if s.wide {
		i := s.hdr + 2*int(k-1)
		r[i], r[i+1] = uint32(t), uint32(uint64(t)>>32)
		return
	}
	o := uint32(noOffset)
	if t != never {
		o = uint32(t - s.base(r))
	}
	r[s.hdr+int(k-1)] = o
}

// setBase moves the row's first time earlier, to t. A narrow row's
// offsets follow it; those that end up past the window are dropped, as
// they can never count again.
func (s *rowStore) setBase(r []uint32, t, window int64) {
	old := s.base(r)
	r[0], r[1] = uint32(t), uint32(uint64(t)>>32)
	if s.wide || old == never {
		return
	}
	d := uint64(old - t)
	for i := s.hdr; i < s.words; i++ {
		if o := r[i]; o != noOffset {
			if n := uint64(o) + d; n <= uint64(window) {
				r[i] = uint32(n)
			} else {
				r[i] = noOffset
			}
		}
	}
}

// onlyFirst reports whether no column but the first is reached.
func (s *rowStore) onlyFirst(r []uint32) bool {
	if !s.wide {
		for _, o := range r[s.hdr:] {
			if o != noOffset {
				return false
			}
		}
		return true
	}
	for k := int32(1); int(k) <= (s.words-s.hdr)/2; k++ {
		if s.get(r, k) != never {
			return false
		}
	}
	return true
}

// empty reports whether nothing is known of the row: no column reached,
// no event pending.
func (s *rowStore) empty(r []uint32) bool {
	return r[0] == math.MaxUint32 && r[1] == math.MaxInt32 && r[wordHead] == math.MaxUint32
}
