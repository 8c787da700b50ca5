package importers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/journey-maps/journey/journey"
)

// Limits on JSON input. A record longer than maxJSONRecord or nested
// deeper than maxJSONDepth is an error that names its line: real exports
// stay far below both (a GA4 BigQuery row, among the largest, runs to a
// few kilobytes and five levels), and the bounds keep one hostile line
// from holding the reader's memory.
const (
	maxJSONRecord = 4 << 20
	maxJSONDepth  = 64
	// maxPathDepth is how deep the keys that can name a role may lie.
	maxPathDepth = 8
	// jsonSampleSize is how many records, at most, are looked at for the
	// keys that hold the roles.
	jsonSampleSize = 1000
)

// ReadJSON reads event-level data in JSON from r: JSON lines (one object
// a line) or one array of objects. name is used in errors and size (0
// when unknown) in progress reports.
//
// The keys that hold the user, the event name and the time are found in
// the first records by their names in the known layouts (Mixpanel,
// Amplitude, Segment, the GA4 BigQuery export, PostHog), or named with
// --map; nested keys are written with dots (properties.distinct_id).
func ReadJSON(name string, r io.Reader, size int64, opts Options) (*journey.DataSet, error) {
	cr := &countingReader{r: r, total: size, report: opts.Progress}
	return readJSON(name, cr, cr, opts)
}

// readJSON reads JSON from r; cr counts the bytes of the file (which are
// not r's when the file is compressed) for progress reports.
func readJSON(name string, r io.Reader, cr *countingReader, opts Options) (*journey.DataSet, error) {
	head := make([]byte, blockSize)
	n, err := io.ReadFull(r, head)
	eof := err == io.EOF || err == io.ErrUnexpectedEOF
	if err != nil && !eof {
		return nil, unreadable(name, err)
	}
	head = head[:n]
	var offset int64
	if bytes.HasPrefix(head, []byte("\ufeff")) {
		head, offset = head[3:], 3
	}
	first := bytes.IndexFunc(head, func(c rune) bool { return !isJSONSpace(byte(c)) })
	if first < 0 {
		if !eof {
			return nil, &DataError{File: name, Err: fmt.Errorf("expected JSON, found %d MiB of white space", blockSize>>20)}
		}
		return nil, &DataError{File: name, Err: errors.New("no records: the file is empty")}
	}
	array := head[first] == '['
	if !array && head[first] != '{' {
		return nil, &DataError{File: name, Line: 1 + bytes.Count(head[:first], []byte{'\n'}), Err: fmt.Errorf("expected JSON lines (an object a line) or an array of objects, found %s", foundAt(head, first))}
	}
	// The first records say which keys hold the roles. A record longer
	// than the head is read on, up to the record limit.
	for !eof && len(head) < maxJSONRecord+blockSize && !sampleComplete(head, array) {
		more := make([]byte, len(head), 2*len(head))
		copy(more, head)
		n, err := io.ReadFull(r, more[len(head):cap(more)])
		eof = err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !eof {
			return nil, unreadable(name, err)
		}
		head = more[:len(head)+n]
	}
	smp, err := sampleJSON(name, head, array, eof)
	if err != nil {
		return nil, err
	}
	lay, err := jsonRoles(name, smp, opts.Mapping)
	if err != nil {
		return nil, err
	}
	var users int64
	if smp.records > 0 {
		// Some five records a user, as in CSV.
		users = cr.total / max(1, int64(smp.bytes/smp.records)*5)
	}
	workers := workerCount(opts)
	src := eventSource{
		users: users,
		split: func(free chan []byte, emit func(*block) bool) error {
			cut := func(b *block) bool {
				b.parts = newJSONParts(workers)
				if array {
					b.parts.cutRecords(len(b.records))
				} else {
					b.parts.cutLines(b.data, b.line)
				}
				return emit(b)
			}
			if array {
				return splitJSONArray(name, r, head, offset, eof, free, cut)
			}
			return splitJSONLines(name, r, head, offset, eof, free, cut)
		},
		scanner: func(w *eventWorker) func(*block) error {
			jw := &jsonWorker{w: w, lay: lay, array: array}
			jw.s.targets = lay.targets
			return jw.block
		},
	}
	return streamRecords(name, 1, cr, opts, src)
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// foundAt describes the input at b[i] for an error message.
func foundAt(b []byte, i int) string {
	if i >= len(b) {
		return "the end of the record"
	}
	r, _ := utf8.DecodeRune(b[i:])
	return fmt.Sprintf("%q", r)
}

// sampleComplete reports whether head holds at least one whole record.
func sampleComplete(head []byte, array bool) bool {
	if !array {
		return bytes.IndexByte(head, '\n') >= 0
	}
	var sp jsonArraySplitter
	sp.scan(head, 0)
	return sp.err != nil || len(sp.records) > 0
}

// jsonSample is what the first records of a file hold: every key path
// (objects inside objects, not inside arrays) in order of appearance.
type jsonSample struct {
	paths   []jsonPath
	index   map[string]int
	records int
	bytes   int
	line    int // of the first record
}

// jsonPath is a key path of a record: its keys as they are (unescaped)
// and its name, the keys joined with dots.
type jsonPath struct {
	keys [][]byte
	name string
}

func (smp *jsonSample) add(keys [][]byte) {
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('.')
		}
		b.Write(k)
	}
	name := b.String()
	if _, ok := smp.index[name]; ok {
		return
	}
	cp := make([][]byte, len(keys))
	for i, k := range keys {
		cp[i] = append([]byte(nil), k...)
	}
	smp.index[name] = len(smp.paths)
	smp.paths = append(smp.paths, jsonPath{keys: cp, name: name})
}

// sampleJSON collects the key paths of the first records in head. A
// record that is not valid JSON ends the sample; when it is the first,
// its error is the file's.
func sampleJSON(name string, head []byte, array, eof bool) (*jsonSample, error) {
	smp := &jsonSample{index: map[string]int{}}
	s := &jsonScanner{collect: smp.add}
	fail := func(err error, rec []byte, line int, off int64, array bool) error {
		if smp.records > 0 {
			return nil
		}
		var se *jsonSyntaxError
		if errors.As(err, &se) {
			return syntaxError(name, se, rec, line, off, array)
		}
		return err
	}
	if array {
		var sp jsonArraySplitter
		sp.scan(head, 0)
		if sp.err != nil && len(sp.records) == 0 && (eof || !sp.partial) {
			return nil, &DataError{File: name, Line: sp.errLine, Err: sp.err}
		}
		for _, r := range sp.records {
			if smp.records == jsonSampleSize {
				break
			}
			rec := head[r.start:r.end]
			if smp.records == 0 {
				smp.line = r.line
			}
			if s.reset(rec) {
				if err := s.run(0); err != nil {
					return smp, fail(err, rec, r.line, int64(r.start), true)
				}
			}
			smp.records++
			smp.bytes += len(rec)
		}
		if smp.records == 0 && eof {
			return nil, &DataError{File: name, Err: errors.New("no records: the array is empty")}
		}
		return smp, nil
	}
	data, line := head, 1
	for len(data) > 0 && smp.records < jsonSampleSize {
		end := bytes.IndexByte(data, '\n')
		if end < 0 {
			if !eof {
				break // the rest of the line is still unread
			}
			end = len(data)
		}
		rec := data[:end]
		data = data[min(end+1, len(data)):]
		if s.reset(rec) {
			if smp.records == 0 {
				smp.line = line
			}
			if err := s.run(0); err != nil {
				return smp, fail(err, rec, line, 0, false)
			}
			smp.records++
			smp.bytes += len(rec) + 1
		}
		line++
	}
	if smp.records == 0 && eof {
		return nil, &DataError{File: name, Err: errors.New("no records: the file has only blank lines")}
	}
	return smp, nil
}

// jsonLayout is where a file's records hold the roles: targets are the
// key paths a scan extracts; user lists the targets that may hold the user
// id, in order of preference.
type jsonLayout struct {
	targets          []jsonTarget
	names            []string // each target's path, for messages
	user             []int
	label, ts, segID int
}

// jsonRoles finds the key of each role in the sample: --map first, then
// the JSON layouts' names, then the names CSV headers use.
func jsonRoles(name string, smp *jsonSample, mapping map[string]string) (*jsonLayout, error) {
	lay := &jsonLayout{segID: -1}
	taken := map[int]bool{}
	add := func(i int) int {
		taken[i] = true
		lay.targets = append(lay.targets, jsonTarget{keys: smp.paths[i].keys})
		lay.names = append(lay.names, smp.paths[i].name)
		return len(lay.targets) - 1
	}
	find := func(norm string) int {
		for i, p := range smp.paths {
			if !taken[i] && normHeader(p.name) == norm {
				return i
			}
		}
		return -1
	}
	for _, role := range []string{roleUser, roleLabel, roleTimestamp, roleSegment} {
		i, alias := -1, ""
		if col, ok := mapping[role]; ok {
			if i = find(normHeader(col)); i < 0 {
				return nil, &DataError{File: name, Line: smp.line, Err: fmt.Errorf("no key %q (mapped with --map %s=%s): found %s", col, role, col, smp.keyList())}
			}
		} else {
			for _, a := range append(append([]string(nil), jsonAliases[role]...), aliases[role]...) {
				if i = find(a); i >= 0 {
					alias = a
					break
				}
			}
		}
		if i < 0 {
			if role == roleSegment {
				continue
			}
			if smp.has(roleUsers) {
				return nil, &DataError{File: name, Line: smp.line, Err: errors.New("step counts in JSON are not read: export them as CSV")}
			}
			var names []string
			for _, a := range dedupe(append(append([]string(nil), jsonAliases[role]...), aliases[role]...)) {
				// As exports write them: Segment in camel case, the others
				// in snake case.
				if camel, ok := segmentKeys[a]; ok {
					a = camel
				}
				names = append(names, strings.ReplaceAll(a, " ", "_"))
			}
			return nil, &DataError{File: name, Line: smp.line, Err: fmt.Errorf("no %s key: found %s; expected one named %s (any case, nested keys with dots), or name it with --map %s=KEY", role, smp.keyList(), strings.Join(names, ", "), role)}
		}
		t := add(i)
		switch role {
		case roleUser:
			lay.user = append(lay.user, t)
			if fb, ok := jsonFallback[alias]; ok {
				if k := find(fb); k >= 0 {
					lay.user = append(lay.user, add(k))
				}
			}
		case roleLabel:
			lay.label = t
		case roleTimestamp:
			lay.ts = t
		case roleSegment:
			lay.segID = t
		}
	}
	return lay, nil
}

// has reports whether the sample has a top-level key named as one of the
// role's aliases.
func (smp *jsonSample) has(role string) bool {
	for _, p := range smp.paths {
		for _, a := range aliases[role] {
			if len(p.keys) == 1 && normHeader(p.name) == a {
				return true
			}
		}
	}
	return false
}

// keyList names the sample's keys for an error message, the first twenty.
func (smp *jsonSample) keyList() string {
	if len(smp.paths) == 0 {
		return "no keys"
	}
	var names []string
	for i, p := range smp.paths {
		if i == 20 {
			names = append(names, fmt.Sprintf("and %d more", len(smp.paths)-20))
			break
		}
		names = append(names, fmt.Sprintf("%q", p.name))
	}
	return "keys " + strings.Join(names, ", ")
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// jsonWorker reads the records of a worker's users into its funnel.
type jsonWorker struct {
	w     *eventWorker
	lay   *jsonLayout
	s     jsonScanner
	array bool
	buf   []byte // unescaped values of the current record
	tbuf  []byte // an unescaped time
}

// jsonParts shares the reading of a block's records between the workers.
// Finding whose a record is takes reading it up to the user id, which in
// some layouts comes late (Mixpanel's properties.distinct_id): rather
// than every worker reading every record that far, the block is cut into
// parts, a worker reads each part it claims first, whole, and hands each
// event to the worker of its user. The workers then add their events part
// by part, so a user's events keep the file's order.
type jsonParts struct {
	next  atomic.Int32 // the next part to claim
	left  atomic.Int32 // workers yet to add their events
	parts []jsonPart
}

// jsonPart is a run of a block's records: for JSON lines, bytes [start,
// end) of its data from line on; for an array, its records [start, end).
type jsonPart struct {
	start, end, line int
	out              [][]journey.Event // per worker
	arena            []byte            // unescaped user ids and segments
	read             sync.WaitGroup    // done once the part is read
}

// jsonPartCount is how many parts a block is cut into: enough for the
// workers to share them evenly whichever gets to a block first.
const jsonPartCount = 8

var jsonPartsPool sync.Pool

func newJSONParts(workers int) *jsonParts {
	p, _ := jsonPartsPool.Get().(*jsonParts)
	if p == nil || len(p.parts[0].out) != workers {
		p = &jsonParts{parts: make([]jsonPart, jsonPartCount)}
		for i := range p.parts {
			p.parts[i].out = make([][]journey.Event, workers)
		}
	}
	p.next.Store(0)
	p.left.Store(int32(workers))
	for i := range p.parts {
		pt := &p.parts[i]
		pt.read.Add(1)
		for w := range pt.out {
			pt.out[w] = pt.out[w][:0]
		}
		pt.arena = pt.arena[:0]
	}
	return p
}

// cutLines cuts JSON lines (data, from line on) into parts of about the
// same size.
func (p *jsonParts) cutLines(data []byte, line int) {
	start := 0
	for i := range p.parts {
		end := len(data)
		if i < len(p.parts)-1 {
			end = max(start, (i+1)*len(data)/len(p.parts))
			if nl := bytes.IndexByte(data[end:], '\n'); nl >= 0 {
				end += nl + 1
			} else {
				end = len(data)
			}
		}
		p.parts[i].start, p.parts[i].end, p.parts[i].line = start, end, line
		line += bytes.Count(data[start:end], []byte{'\n'})
		start = end
	}
}

// cutRecords cuts an array's n records into parts.
func (p *jsonParts) cutRecords(n int) {
	for i := range p.parts {
		p.parts[i].start, p.parts[i].end = i*n/len(p.parts), (i+1)*n/len(p.parts)
	}
}

func (j *jsonWorker) block(b *block) error {
	p, w := b.parts, j.w
	var first error
	for {
		i := int(p.next.Add(1)) - 1
		if i >= len(p.parts) {
			break
		}
		// Every part is read even after an error, so that no worker waits
		// for a part no one claims; the earliest error counts.
		if err := j.part(b, &p.parts[i]); err != nil && (first == nil || errLine(err) < errLine(first)) {
			first = err
		}
		p.parts[i].read.Done()
	}
	// The parts read first are added while the others are being read.
	for i := range p.parts {
		p.parts[i].read.Wait()
		evs := p.parts[i].out[w.id]
		for len(evs) > 0 {
			n := min(len(evs), batchSize)
			w.funnel.AddBatch(evs[:n])
			evs = evs[n:]
		}
	}
	if p.left.Add(-1) == 0 {
		jsonPartsPool.Put(p)
	}
	return first
}

// errLine is the line of a DataError, the largest int for another error.
func errLine(err error) int {
	var de *DataError
	if errors.As(err, &de) {
		return de.Line
	}
	return math.MaxInt
}

// part reads the records of a part.
func (j *jsonWorker) part(b *block, pt *jsonPart) error {
	if j.array {
		for _, r := range b.records[pt.start:pt.end] {
			if err := j.record(b.data[r.start:r.end], r.line, b.offset+int64(r.start), pt); err != nil {
				return err
			}
		}
		return nil
	}
	data, line := b.data[pt.start:pt.end], pt.line
	for len(data) > 0 {
		end := bytes.IndexByte(data, '\n')
		if end < 0 {
			end = len(data)
		}
		if err := j.record(data[:end], line, 0, pt); err != nil {
			return err
		}
		data = data[min(end+1, len(data)):]
		line++
	}
	return nil
}

// record reads one record and hands its event to the worker of its user.
func (j *jsonWorker) record(rec []byte, line int, off int64, pt *jsonPart) error {
	s, w, lay := &j.s, j.w, j.lay
	if !s.reset(rec) {
		if j.array {
			return &DataError{File: w.file, Line: line, Err: fmt.Errorf("expected an object as array element, found %s", foundAt(rec, s.i))}
		}
		return nil // a blank line
	}
	fail := func(err error) error {
		var se *jsonSyntaxError
		if errors.As(err, &se) {
			return syntaxError(w.file, se, rec, line, off, j.array)
		}
		return err
	}
	// The user first, as far as the record must be read to know it, so
	// that a user id of the wrong kind is reported before what follows.
	if err := s.run(1 << lay.user[0]); err != nil {
		return fail(err)
	}
	j.buf = j.buf[:0]
	var user []byte
	copied := false
	for {
		u, decided, esc, err := j.pick(line)
		if err != nil {
			return err
		}
		if decided || s.done {
			user, copied = u, esc
			break
		}
		if err := s.run(0); err != nil {
			return fail(err)
		}
	}
	if err := s.run(0); err != nil {
		return fail(err)
	}
	if len(user) == 0 {
		// Anonymous events cannot be followed through the funnel.
		w.anonymous++
		return nil
	}
	label, _, err := j.text(lay.label, line, "an event name")
	if err != nil {
		return err
	}
	ts, err := j.time(line)
	if err != nil {
		return err
	}
	var seg []byte
	if lay.segID >= 0 {
		var esc bool
		if seg, esc, err = j.text(lay.segID, line, "a segment"); err != nil {
			return err
		}
		copied = copied || esc
	}
	if copied {
		// Unescaped values live in j.buf, which the next record reuses.
		user, seg = keep(&pt.arena, user), keep(&pt.arena, seg)
	}
	hash := journey.UserHash(user)
	to := 0
	if w.of > 1 {
		to = int((hash >> 32) % uint64(w.of))
	}
	pt.out[to] = append(pt.out[to], w.event(user, hash, label, seg, ts, line))
	return nil
}

// pick finds the user id among the candidates: the first that is a
// non-empty string or a number (its decimal text). decided is false while
// a preferred candidate may still come later in the record.
func (j *jsonWorker) pick(line int) (user []byte, decided, esc bool, err error) {
	s := &j.s
	for _, t := range j.lay.user {
		v := s.vals[t]
		switch v.kind {
		case 0:
			if !s.done {
				return nil, false, false, nil
			}
		case 'z':
		case 's', 'n':
			if len(v.raw) > 0 {
				return v.raw, true, false, nil
			}
		case 'e':
			n := len(j.buf)
			j.buf = unescapeJSON(j.buf, v.raw)
			if len(j.buf) > n {
				return j.buf[n:len(j.buf):len(j.buf)], true, true, nil
			}
		default:
			return nil, false, false, &DataError{File: j.w.file, Line: line, Err: fmt.Errorf("user id at %q: expected a string or a number, found %s", j.lay.names[t], kindName(v.kind))}
		}
	}
	return nil, true, false, nil
}

// text returns a string or number value of target t ("" when it is
// missing or null); esc reports that it was unescaped into the record's
// buffer.
func (j *jsonWorker) text(t, line int, what string) (val []byte, esc bool, err error) {
	v := j.s.vals[t]
	switch v.kind {
	case 0, 'z':
		return nil, false, nil
	case 's', 'n':
		return v.raw, false, nil
	case 'e':
		n := len(j.buf)
		j.buf = unescapeJSON(j.buf, v.raw)
		return j.buf[n:len(j.buf):len(j.buf)], true, nil
	}
	return nil, false, &DataError{File: j.w.file, Line: line, Err: fmt.Errorf("%s at %q: expected a string or a number, found %s", what, j.lay.names[t], kindName(v.kind))}
}

func (j *jsonWorker) time(line int) (int64, error) {
	t := j.lay.ts
	v := j.s.vals[t]
	raw := v.raw
	switch v.kind {
	case 's', 'n':
	case 'e':
		j.tbuf = unescapeJSON(j.tbuf[:0], raw)
		raw = j.tbuf
	case 0:
		return 0, &DataError{File: j.w.file, Line: line, Err: fmt.Errorf("no time: the record has no key %q", j.lay.names[t])}
	default:
		return 0, &DataError{File: j.w.file, Line: line, Err: fmt.Errorf("time at %q: expected a string or a number, found %s", j.lay.names[t], kindName(v.kind))}
	}
	ms, ok := parseTimestamp(raw)
	if !ok {
		return 0, &DataError{File: j.w.file, Line: line, Err: fmt.Errorf("time at %q: expected RFC 3339 (2026-09-01T10:15:00Z), YYYY-MM-DD HH:MM:SS[.ffffff], or Unix seconds, milliseconds or microseconds, found %q", j.lay.names[t], raw)}
	}
	return ms, nil
}

func kindName(k byte) string {
	switch k {
	case 'b':
		return "a boolean"
	case 'o':
		return "an object or array"
	case 'z':
		return "null"
	}
	return "a value"
}

// syntaxError places a syntax error of a record: the line and column for
// JSON lines, the line and byte (counted from 1, as columns are) for an
// array.
func syntaxError(file string, se *jsonSyntaxError, rec []byte, line int, off int64, array bool) error {
	if !array {
		return &DataError{File: file, Line: line, Err: fmt.Errorf("invalid JSON at column %d: %s", se.pos+1, se.msg)}
	}
	line += bytes.Count(rec[:se.pos], []byte{'\n'})
	return &DataError{File: file, Line: line, Err: fmt.Errorf("invalid JSON at byte %d: %s", off+int64(se.pos)+1, se.msg)}
}

// nextBlock reads the next block of a JSON file into a free buffer (or a
// new one): what carried over from the last block, then up to blockSize
// bytes more; eof is true when the file ended.
func nextBlock(r io.Reader, free chan []byte, carry []byte) (buf []byte, eof bool, err error) {
	select {
	case buf = <-free:
	default:
	}
	if cap(buf) < len(carry)+blockSize {
		buf = make([]byte, 0, len(carry)+blockSize+blockSlack)
	}
	buf = append(buf[:0], carry...)
	n, err := io.ReadFull(r, buf[len(buf):len(buf)+blockSize])
	buf = buf[:len(buf)+n]
	eof = err == io.EOF || err == io.ErrUnexpectedEOF
	if err != nil && !eof {
		return nil, false, err
	}
	return buf, eof, nil
}

// splitJSONLines cuts JSON lines into blocks of whole lines, starting with
// head (the start of the file, already read; eof when it is all of it).
func splitJSONLines(name string, r io.Reader, head []byte, offset int64, eof bool, free chan []byte, emit func(*block) bool) error {
	line := 1
	var carry []byte
	buf := head
	for {
		if buf == nil {
			var err error
			if buf, eof, err = nextBlock(r, free, carry); err != nil {
				return err
			}
		}
		// Only the first line of a buffer can be longer than what was read
		// last (it started in the carry): it is refused before it fills
		// memory.
		if nl := bytes.IndexByte(buf, '\n'); nl > maxJSONRecord || nl < 0 && len(buf) > maxJSONRecord {
			return &DataError{File: name, Line: line, Err: fmt.Errorf("a record longer than %d MiB, the limit of a JSON line", maxJSONRecord>>20)}
		}
		cut := bytes.LastIndexByte(buf, '\n')
		if eof {
			cut = len(buf) - 1
		}
		data := buf[:cut+1]
		carry = append(carry[:0], buf[cut+1:]...)
		if len(data) > 0 {
			b := &block{data: data, line: line, offset: offset}
			line += bytes.Count(data, []byte{'\n'})
			offset += int64(len(data))
			if !emit(b) {
				return nil
			}
		}
		if eof {
			return nil
		}
		buf = nil
	}
}

// States of a JSON array between its elements.
const (
	arrBegin = iota // before '['
	arrFirst        // after '['
	arrAfter        // after an element
	arrComma        // after ','
	arrEnd          // after ']'
)

// jsonArraySplitter finds the elements of a JSON array, a buffer at a
// time. It follows strings and brackets only; the workers check the
// elements' syntax.
type jsonArraySplitter struct {
	state   int
	line    int // at the scan's start, then at cut
	records []jsonRecord
	// cut is where the next buffer starts: after the last whole element
	// (and what follows it up to an unfinished one).
	cut     int
	partial bool // the buffer ends inside an element
	err     error
	errLine int
}

// jsonRecord is where an element of an array lies in its block.
type jsonRecord struct {
	start, end int
	line       int
}

func (sp *jsonArraySplitter) scan(b []byte, from int) {
	if sp.line == 0 {
		sp.line = 1
	}
	sp.records, sp.partial, sp.cut = nil, false, from
	line := sp.line
	fail := func(l int, format string, args ...any) {
		sp.err, sp.errLine = fmt.Errorf(format, args...), l
	}
	for i := from; i < len(b); i++ {
		c := b[i]
		if isJSONSpace(c) {
			if c == '\n' {
				line++
			}
			continue
		}
		switch sp.state {
		case arrBegin:
			if c != '[' {
				fail(line, "expected '[', found %s", foundAt(b, i))
				return
			}
			sp.state = arrFirst
			continue
		case arrAfter:
			switch c {
			case ',':
				sp.state = arrComma
			case ']':
				sp.state = arrEnd
			default:
				fail(line, "expected ',' or ']' after an array element, found %s", foundAt(b, i))
				return
			}
			continue
		case arrEnd:
			fail(line, "expected the end of the file after the array, found %s", foundAt(b, i))
			return
		case arrFirst:
			if c == ']' {
				sp.state = arrEnd
				continue
			}
		}
		if c != '{' {
			fail(line, "expected an object as array element, found %s", foundAt(b, i))
			return
		}
		// An element: follow it to its closing bracket.
		start, startLine, depth, inStr := i, line, 0, false
		j := i
		for ; j < len(b); j++ {
			c := b[j]
			if inStr {
				switch c {
				case '\\':
					j++
					if j < len(b) && b[j] == '\n' {
						line++
					}
				case '"':
					inStr = false
				case '\n':
					line++
				}
				continue
			}
			switch c {
			case '"':
				inStr = true
			case '{', '[':
				depth++
				if depth > maxJSONDepth {
					fail(line, "invalid JSON: nesting deeper than %d levels", maxJSONDepth)
					return
				}
			case '}', ']':
				depth--
			case '\n':
				line++
			}
			if depth == 0 {
				break
			}
		}
		if j-start > maxJSONRecord {
			fail(startLine, "an array element longer than %d MiB, the limit of a JSON record", maxJSONRecord>>20)
			return
		}
		if j >= len(b) {
			sp.partial = true
			sp.cut, sp.line = start, startLine
			return
		}
		sp.records = append(sp.records, jsonRecord{start: start, end: j + 1, line: startLine})
		sp.state = arrAfter
		i = j
	}
	sp.cut, sp.line = len(b), line
}

// splitJSONArray cuts a JSON array into blocks of whole elements, starting
// with head (the start of the file, already read; eof when it is all of
// it).
func splitJSONArray(name string, r io.Reader, head []byte, offset int64, eof bool, free chan []byte, emit func(*block) bool) error {
	var sp jsonArraySplitter
	var carry []byte
	buf := head
	for {
		if buf == nil {
			var err error
			if buf, eof, err = nextBlock(r, free, carry); err != nil {
				return err
			}
		}
		line := sp.line
		sp.scan(buf, 0)
		if len(sp.records) > 0 {
			if !emit(&block{data: buf[:sp.cut], line: max(line, 1), offset: offset, records: sp.records}) {
				return nil
			}
		}
		if sp.err != nil {
			return &DataError{File: name, Line: sp.errLine, Err: sp.err}
		}
		if eof {
			switch {
			case sp.partial:
				return &DataError{File: name, Line: sp.line, Err: errors.New("unexpected end of the file inside an array element")}
			case sp.state != arrEnd:
				return &DataError{File: name, Line: sp.line, Err: errors.New("unexpected end of the file: the array is not closed with ']'")}
			}
			return nil
		}
		carry = append(carry[:0], buf[sp.cut:]...)
		offset += int64(sp.cut)
		buf = nil
	}
}
