package importers

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/journey-maps/journey/journey"
)

// blockSize is how much of an event file one block holds.
const blockSize = 1 << 20

// blockSlack is room a block's buffer keeps for the record carried over
// from the one before, so that a buffer can be used again whatever its
// carry was (short of a record longer than this).
const blockSlack = 16 << 10

// blocksAhead is how many blocks a worker may lag behind the fastest: the
// slack that keeps the others going while the machine runs something else
// on its core for a moment.
const blocksAhead = 12

// block is a run of whole records and the line number of its first one.
type block struct {
	data    []byte
	line    int
	quotes  bool         // whether data has any '"'; most exports have none
	pending atomic.Int32 // workers still reading it
	// offset is where data starts in the (decompressed) file, and records,
	// for a JSON array, where each element lies in data.
	offset  int64
	records []jsonRecord
	// parts, for JSON, shares the reading of the block's records.
	parts *jsonParts
	// pq, for Parquet, are the block's rows; their values lie in data.
	pq []pqRow
}

// streamEvents reads an event-level table (one row per event) after its
// header and reduces it with an ordered funnel, without keeping the rows.
func streamEvents(name string, br *bufio.Reader, headerLine int, h *header, cr *countingReader, opts Options) (*journey.DataSet, error) {
	if len(h.users) > 1 {
		h.chooseUser(sampleRecords(br, sampleRows, opts.Delimiter))
	}
	users := estimateUsers(br, cr.total, h.role[roleUser], opts.delimiter())
	if users == 0 {
		// Exports run to some 40 bytes a row and rarely under five rows a
		// user.
		users = cr.total / 200
	}
	return streamRecords(name, headerLine, cr, opts, eventSource{
		users: users,
		split: func(free chan []byte, emit func(*block) bool) error {
			return splitBlocks(name, br, headerLine+1, opts.delimiter(), opts.maxLine(), free, emit)
		},
		scanner: func(w *eventWorker) func(*block) error {
			w.columns(h)
			return func(b *block) error { return w.scan(b.data, b.line, b.quotes) }
		},
	})
}

// estimateUsers guesses the users of an event file of total bytes from
// the rows br holds after the header, so that the user table can be sized
// once: of n rows drawn from R rows in no particular order, about
// n²(m-1)/2R pairs are the same user's, where m is the mean rows per user,
// so the pairs found tell m and the users are R/m. Users' rows vary in
// number, which makes m look larger by their variance over m (with
// counts as uneven as a Poisson draw, m+1): the estimate takes a quarter
// more users to make up for it. A file sorted by user looks like few users
// with many rows each; the table then grows as it fills. 0 when the
// sample is too small to tell.
func estimateUsers(br *bufio.Reader, total int64, userCol int, sep byte) int64 {
	buf, _ := br.Peek(br.Size())
	seen := map[uint64]int32{}
	n, pairs, used := 0, 0, 0
	for n < 50_000 {
		end := bytes.IndexByte(buf, '\n')
		if end < 0 || bytes.IndexByte(buf[:end], '"') >= 0 {
			break // the end of what is buffered, or quotes that may hold line breaks
		}
		user := bytes.TrimSpace(nthField(buf[:end], userCol, sep))
		buf, used = buf[end+1:], used+end+1
		if len(user) > 0 {
			h := journey.UserHash(user)
			pairs += int(seen[h])
			seen[h]++
			n++
		}
	}
	if total <= 0 || used == 0 {
		return 0
	}
	return usersFromPairs(float64(total)*float64(n)/float64(used), n, pairs)
}

// usersFromPairs estimates the users of a file of rows rows from a sample
// of n user ids with pairs pairs of the same id (see estimateUsers); 0
// when the sample is too small to tell.
func usersFromPairs(rows float64, n, pairs int) int64 {
	if n < 1000 {
		return 0
	}
	m := 1 + 2*rows*float64(pairs)/(float64(n)*float64(n))
	return int64(1.25 * rows / m)
}

// eventSource is one file format's way of handing events to the workers:
// split cuts the stream into blocks of whole records and scanner gives
// each worker its reader of blocks, which calls the worker's add for the
// events of its users.
type eventSource struct {
	users   int64 // an estimate of the file's users, 0 when unknown
	split   func(free chan []byte, emit func(*block) bool) error
	scanner func(w *eventWorker) func(*block) error
}

// streamRecords reduces a stream of event records with an ordered funnel.
//
// The file is read in blocks of whole records. Every worker scans every
// block but parses and counts only the rows of the users hashed to it, so
// each user's events meet in one funnel and the funnels' counts add up;
// workers need no locks and memory stays per user. (Handing parsed rows
// to their user's worker instead, so each row is parsed once, measured
// slower: finding a row's user costs less than moving the row.)
func streamRecords(name string, headerLine int, cr *countingReader, opts Options, src eventSource) (*journey.DataSet, error) {
	if opts.Journey == nil {
		return nil, &DataError{File: name, Line: headerLine, Err: errors.New("event-level data needs a journey to count the funnel over")}
	}
	workers := workerCount(opts)
	ws := make([]*eventWorker, workers)
	scans := make([]func(*block) error, workers)
	chans := make([]chan *block, workers)
	m := journey.NewMatcher(opts.Journey)
	for i := range ws {
		ws[i] = newEventWorker(name, i, workers, m, opts)
		ws[i].funnel.Reserve(int(src.users / int64(workers)))
		scans[i] = src.scanner(ws[i])
		chans[i] = make(chan *block, blocksAhead)
	}
	free := make(chan []byte, blocksAhead+2)
	var wg sync.WaitGroup
	var failed atomic.Bool
	for i, w := range ws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range chans[i] {
				if !failed.Load() {
					if err := scans[i](b); err != nil {
						w.err = err
						failed.Store(true)
					}
				}
				if b.pending.Add(-1) == 0 {
					select {
					case free <- b.data[:0]:
					default:
					}
				}
			}
		}()
	}
	readErr := src.split(free, func(b *block) bool {
		b.pending.Store(int32(workers))
		for _, c := range chans {
			c <- b
		}
		return !failed.Load()
	})
	for _, c := range chans {
		close(c)
	}
	wg.Wait()
	if opts.Progress != nil {
		opts.Progress(cr.n, cr.total)
	}
	// The earliest problem in the file wins; a record the reader refused
	// (too long, say) counts at its line like the others.
	var firstErr *DataError
	errs := make([]error, 0, len(ws)+1)
	for _, w := range ws {
		errs = append(errs, w.err)
	}
	errs = append(errs, readErr)
	for _, err := range errs {
		var de *DataError
		if errors.As(err, &de) && (firstErr == nil || de.Line < firstErr.Line) {
			firstErr = de
		}
	}
	if firstErr != nil {
		return nil, firstErr
	}
	if readErr != nil {
		var de *DataError
		if errors.As(readErr, &de) {
			return nil, de
		}
		return nil, unreadable(name, readErr)
	}
	funnels := make([]*journey.EventFunnel, len(ws))
	for i, w := range ws {
		funnels[i] = w.funnel
	}
	ds := journey.ReduceEvents(name, funnels...)
	ds.Unmatched = mergeUnmatched(name, ws)
	for _, w := range ws {
		ds.Anonymous += w.anonymous
	}
	ds.Events += ds.Anonymous
	first, last := int64(math.MaxInt64), int64(math.MinInt64)
	for _, w := range ws {
		first, last = min(first, w.first), max(last, w.last)
	}
	ds.Period = eventPeriod(first, last)
	if n := raggedNote(name, ws); n != nil {
		ds.Notes = append(ds.Notes, *n)
	}
	return ds, nil
}

// raggedNote warns of rows whose number of cells is not the header's: a
// cell lost or added before a column journey reads moves its values under
// the wrong names, which no figure shows.
func raggedNote(name string, ws []*eventWorker) *journey.Note {
	rows, line := 0, 0
	for _, w := range ws {
		if w.ragged > 0 && (rows == 0 || w.raggedLine < line) {
			line = w.raggedLine
		}
		rows += w.ragged
	}
	if rows == 0 {
		return nil
	}
	verb := "rows have"
	if rows == 1 {
		verb = "row has"
	}
	return &journey.Note{Source: journey.Source{File: name, Line: line},
		Message: fmt.Sprintf("%d %s a number of cells other than the header's %d (the first on this line): where a cell is missing or extra before the user, event or time column, those rows' values are read under the wrong columns; check the export",
			rows, verb, ws[0].width)}
}

// workerCount is how many workers read an event file.
func workerCount(opts Options) int {
	if opts.Workers > 0 {
		return opts.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// sampleRows is how many rows after the header decide between several
// user id columns.
const sampleRows = 1000

// sampleRecords parses up to n records from what br holds (at most its
// buffer, 1 MiB) without consuming them. A record the buffer cuts off is
// left out.
func sampleRecords(br *bufio.Reader, n int, sep byte) [][]string {
	buf, err := br.Peek(br.Size())
	whole := err != nil // the buffer holds the rest of the file
	r := csv.NewReader(bytes.NewReader(buf))
	if sep != 0 {
		r.Comma = rune(sep)
	}
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var recs [][]string
	for len(recs) <= n {
		rec, err := r.Read()
		if err != nil {
			break
		}
		recs = append(recs, rec)
	}
	if !whole && len(recs) > 0 {
		recs = recs[:len(recs)-1]
	}
	return recs[:min(n, len(recs))]
}

// eventPeriod is the period of an event file: the days (UTC) of its first
// and last event, "" when it had none.
func eventPeriod(first, last int64) string {
	if first > last {
		return ""
	}
	day := func(ms int64) string { return time.UnixMilli(ms).UTC().Format(time.DateOnly) }
	return day(first) + ".." + day(last)
}

// splitBlocks reads br in blocks that end at a record boundary (a newline
// outside quotes) and hands them to emit with their first line number. A
// record over maxRecord bytes and a quote left open are errors.
func splitBlocks(name string, br *bufio.Reader, line int, sep byte, maxRecord int, free chan []byte, emit func(*block) bool) error {
	var carry []byte
	for {
		var buf []byte
		select {
		case buf = <-free:
		default:
		}
		if cap(buf) < len(carry)+blockSize {
			// A record longer than a block makes the next one grow.
			buf = make([]byte, 0, len(carry)+blockSize+blockSlack)
		}
		buf = append(buf, carry...)
		n, err := io.ReadFull(br, buf[len(buf):len(buf)+blockSize])
		buf = buf[:len(buf)+n]
		eof := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !eof {
			return err
		}
		// Cut after the last newline outside quotes. Blocks start at a
		// record boundary, so quote state starts closed; it only needs
		// tracking when the block has quotes at all.
		cut := -1
		quotes := bytes.IndexByte(buf, '"') >= 0
		var q quoteScan // of the record after the cut
		if !quotes {
			cut = bytes.LastIndexByte(buf, '\n')
		} else {
			for {
				q = quoteScan{sep: sep}
				end := q.feed(buf[cut+1:])
				if end < 0 {
					break
				}
				if q.bad {
					return q.badError(name, line+bytes.Count(buf[:cut+1], []byte{'\n'}))
				}
				cut += 1 + end
			}
		}
		if len(buf)-(cut+1) > maxRecord+2 {
			return q.tooLong(name, line+bytes.Count(buf[:cut+1], []byte{'\n'}), maxRecord)
		}
		if eof && cut+1 < len(buf) {
			switch {
			case q.open():
				return q.unclosed(name, line+bytes.Count(buf[:cut+1], []byte{'\n'}))
			case q.bad:
				return q.badError(name, line+bytes.Count(buf[:cut+1], []byte{'\n'}))
			}
			cut = len(buf) - 1
		}
		carry = append(carry[:0], buf[cut+1:]...)
		data := buf[:cut+1]
		if len(data) > 0 {
			b := &block{data: data, line: line, quotes: quotes}
			line += bytes.Count(data, []byte{'\n'})
			if !emit(b) {
				return nil
			}
		}
		if eof {
			return nil
		}
	}
}

// eventWorker parses records and feeds the funnel for its share of users.
type eventWorker struct {
	file             string
	id, of           int
	userCol, tsCol   int
	labelCol, segCol int
	maxCol           int
	// width is the header's number of cells; ragged counts the rows of
	// this worker with another number, raggedLine the first of them.
	width, ragged, raggedLine int
	sep                       byte
	maxLine                   int
	// tsAlt are the other time columns, read where tsCol is empty.
	tsAlt []int
	// first and last are the earliest and latest event times read (Unix
	// ms), for the data set's period.
	first, last int64
	tsName      string
	matcher     *journey.Matcher
	cache       map[string]int32
	slots       []labelSlot
	funnel      *journey.EventFunnel
	fields      [][]byte
	scratch     []byte
	unmatched   map[string]*journey.Unmatched
	anonymous   int
	err         error
	// batch collects rows for the funnel; its user ids point into the
	// block (or arena, for quoted ones) until flushed.
	batch []journey.Event
	arena []byte
}

// batchSize is how many rows go to the funnel at once: enough for the
// processor to overlap their cache misses.
const batchSize = 64

func (w *eventWorker) flush() {
	w.funnel.AddBatch(w.batch)
	w.batch = w.batch[:0]
	w.arena = w.arena[:0]
}

func newEventWorker(file string, id, of int, m *journey.Matcher, opts Options) *eventWorker {
	return &eventWorker{
		file: file, id: id, of: of,
		matcher: m, cache: map[string]int32{}, funnel: journey.NewEventFunnel(opts.Journey, opts.Window),
		scratch: make([]byte, 0, 4096), unmatched: map[string]*journey.Unmatched{},
		batch: make([]journey.Event, 0, batchSize), slots: make([]labelSlot, 256),
		first: math.MaxInt64, last: math.MinInt64,
		sep: opts.delimiter(), maxLine: opts.maxLine(),
	}
}

// columns sets the columns a CSV worker reads.
func (w *eventWorker) columns(h *header) {
	w.userCol, w.tsCol, w.labelCol, w.segCol = h.role[roleUser], h.role[roleTimestamp], h.role[roleLabel], -1
	if c, ok := h.role[roleSegment]; ok {
		w.segCol = c
	}
	w.maxCol = max(w.userCol, w.tsCol, w.labelCol, w.segCol)
	w.width = len(h.names)
	w.tsName = strings.TrimSpace(h.names[w.tsCol])
	for _, c := range h.times {
		if c != w.tsCol {
			w.tsAlt = append(w.tsAlt, c)
		}
	}
}

// labelSlot is a direct-mapped cache entry of event names: exports use a
// few dozen names millions of times, and a map lookup hashes each one.
type labelSlot struct {
	label []byte
	tp    int32
}

// touchpoint returns the touchpoint index an event name matches, or -1.
func (w *eventWorker) touchpoint(label []byte) int32 {
	h := 0
	if n := len(label); n > 0 {
		h = (n*31 + int(label[0])*7 + int(label[n-1]) + int(label[n/2])*3) & (len(w.slots) - 1)
	}
	if e := &w.slots[h]; e.label != nil && bytes.Equal(e.label, label) {
		return e.tp
	}
	k, ok := w.cache[string(label)]
	if !ok {
		k = -1
		if tp := w.matcher.Match(string(label)); tp != nil {
			k = int32(tp.Index)
		}
		w.cache[string(label)] = k
	}
	w.slots[h] = labelSlot{label: append([]byte{}, label...), tp: k}
	return k
}

// nthField returns field i of a record without quotes (nil when it has
// fewer fields).
func nthField(rec []byte, i int, sep byte) []byte {
	for ; i > 0; i-- {
		j := bytes.IndexByte(rec, sep)
		if j < 0 {
			return nil
		}
		rec = rec[j+1:]
	}
	if j := bytes.IndexByte(rec, sep); j >= 0 {
		return rec[:j]
	}
	return rec
}

func (w *eventWorker) scan(data []byte, line int, quotes bool) error {
	base := w.scratch[:0]
	if !quotes {
		// One record per line.
		for len(data) > 0 {
			end := bytes.IndexByte(data, '\n')
			if end < 0 {
				end = len(data)
			}
			rec := data[:end]
			if end < len(data) {
				data = data[end+1:]
			} else {
				data = nil
			}
			if len(rec) > 0 && rec[len(rec)-1] == '\r' {
				rec = rec[:len(rec)-1]
			}
			if err := w.record(rec, line, &base, false); err != nil {
				return err
			}
			line++
		}
		w.flush()
		return nil
	}
	for len(data) > 0 {
		end := bytes.IndexByte(data, '\n')
		if end < 0 {
			end = len(data)
		}
		rec := data[:end]
		// A quoted field may hold newlines: extend to the whole record.
		if bytes.IndexByte(rec, '"') >= 0 {
			q := quoteScan{sep: w.sep}
			if end = q.feed(data); end < 0 {
				end = len(data)
			}
			rec = data[:end]
		}
		lines := 1 + bytes.Count(rec, []byte{'\n'})
		if end < len(data) {
			data = data[end+1:]
		} else {
			data = nil
		}
		if len(rec) > 0 && rec[len(rec)-1] == '\r' {
			rec = rec[:len(rec)-1]
		}
		if err := w.record(rec, line, &base, true); err != nil {
			return err
		}
		line += lines
	}
	w.flush() // the block is about to be reused
	return nil
}

func (w *eventWorker) record(rec []byte, line int, base *[]byte, quotes bool) error {
	if len(bytes.TrimSpace(rec)) == 0 {
		return nil
	}
	if len(rec) > w.maxLine {
		var q quoteScan
		return q.tooLong(w.file, line, w.maxLine)
	}
	quotes = quotes && bytes.IndexByte(rec, '"') >= 0
	// Find the user first: rows of other workers' users end here.
	var user []byte
	split := false
	if !quotes {
		user = nthField(rec, w.userCol, w.sep)
		if user == nil {
			// Too few columns to tell whose row it is: one worker reports it.
			if w.id != 0 {
				return nil
			}
			n := bytes.Count(rec, []byte{w.sep}) + 1
			return &DataError{File: w.file, Line: line, Err: fmt.Errorf("expected at least %d columns, found %d", w.maxCol+1, n)}
		}
	} else {
		scratch := (*base)[:0]
		w.fields = splitFields(w.fields, rec, &scratch, w.sep)
		split = true
		if w.userCol < len(w.fields) {
			user = w.fields[w.userCol]
		}
	}
	user = bytes.TrimSpace(user)
	if len(user) == 0 && (!split || len(w.fields) > w.maxCol) {
		// Anonymous events cannot be followed through the funnel; one
		// worker counts them for the data set.
		if w.id == 0 {
			w.anonymous++
		}
		return nil
	}
	hash := journey.UserHash(user)
	if w.of > 1 && int((hash>>32)%uint64(w.of)) != w.id {
		return nil
	}
	if !split {
		scratch := (*base)[:0]
		w.fields = splitFields(w.fields, rec, &scratch, w.sep)
	}
	f := w.fields
	if len(f) <= w.maxCol {
		return &DataError{File: w.file, Line: line, Err: fmt.Errorf("expected at least %d columns, found %d", w.maxCol+1, len(f))}
	}
	if len(user) == 0 {
		return nil
	}
	if len(f) != w.width {
		if w.ragged == 0 || line < w.raggedLine {
			w.raggedLine = line
		}
		w.ragged++
	}
	ts, ok := parseTimestamp(f[w.tsCol])
	if !ok {
		if ts, ok = w.altTime(f); !ok {
			return &DataError{File: w.file, Line: line, Err: timeError(w.tsName, f[w.tsCol])}
		}
	}
	var seg []byte
	if w.segCol >= 0 {
		seg = f[w.segCol]
	}
	w.add(user, hash, f[w.labelCol], seg, ts, line, quotes)
	return nil
}

// add counts one event of a user of this worker. user and seg must stay
// valid until the next flush (the end of the block) unless copy is set,
// in which case they are copied.
func (w *eventWorker) add(user []byte, hash uint64, label, seg []byte, ts int64, line int, copy bool) {
	if copy {
		// Unescaped fields live in scratch, which the next row reuses.
		user, seg = keep(&w.arena, user), keep(&w.arena, seg)
	}
	w.batch = append(w.batch, w.event(user, hash, label, seg, ts, line))
	if len(w.batch) == cap(w.batch) {
		w.flush()
	}
}

// event is the funnel's event of a row; it counts the row's time for the
// period and its event name when it matches no touchpoint.
func (w *eventWorker) event(user []byte, hash uint64, label, seg []byte, ts int64, line int) journey.Event {
	w.first, w.last = min(w.first, ts), max(w.last, ts)
	k := w.touchpoint(label)
	if k < 0 {
		u := w.unmatched[string(label)]
		if u == nil {
			u = &journey.Unmatched{File: w.file, Line: line, Value: excerpt(string(label))}
			w.unmatched[string(label)] = u
		}
		u.Rows++
	}
	return journey.Event{User: user, Hash: hash, Segment: seg, TP: k, MS: ts}
}

// keep copies b to the end of arena and returns the copy.
func keep(arena *[]byte, b []byte) []byte {
	n := len(*arena)
	*arena = append(*arena, b...)
	return (*arena)[n:len(*arena):len(*arena)]
}

// altTime reads the event's time from the other time columns when the
// first one is empty; ok is false when it is not empty (and so malformed)
// or when no other column has a time.
func (w *eventWorker) altTime(f [][]byte) (int64, bool) {
	if len(f[w.tsCol]) > 0 {
		return 0, false
	}
	for _, c := range w.tsAlt {
		if c < len(f) && len(f[c]) > 0 {
			return parseTimestamp(f[c])
		}
	}
	return 0, false
}

// timeError describes a time cell that cannot be read.
func timeError(column string, cell []byte) error {
	return fmt.Errorf("column %s: expected a time (RFC 3339 such as 2026-09-01T10:15:00Z, 2026-09-01 10:15:00[.ffffff][ UTC], or Unix seconds, milliseconds or microseconds), found %s", quoted(column), quoted(string(cell)))
}

// mergeUnmatched lists each unmatched event name once, at its first line,
// with the rows of all workers added up.
func mergeUnmatched(file string, ws []*eventWorker) []journey.Unmatched {
	all := map[string]*journey.Unmatched{}
	for _, w := range ws {
		for v, u := range w.unmatched {
			if a := all[v]; a == nil {
				c := *u
				all[v] = &c
			} else {
				a.Rows += u.Rows
				a.Line = min(a.Line, u.Line)
			}
		}
	}
	out := make([]journey.Unmatched, 0, len(all))
	for _, u := range all {
		out = append(out, *u)
	}
	sort.Slice(out, func(i, k int) bool { return out[i].Line < out[k].Line })
	return out
}
