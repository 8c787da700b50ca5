package importers

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/bits"
	"unicode/utf8"
)

// jsonTarget is a key path a scan extracts, one unescaped key a level.
type jsonTarget struct {
	keys [][]byte
}

// jsonValue is the value found at a target: kind 0 when the record has
// none, 's' a string (raw holds its bytes between the quotes), 'e' a
// string with escapes (raw still escaped), 'n' a number (its text), 'z'
// null, 'b' a boolean, 'o' an object or array.
type jsonValue struct {
	kind byte
	raw  []byte
}

// jsonSyntaxError is invalid JSON at byte pos of a record.
type jsonSyntaxError struct {
	pos int
	msg string
}

func (e *jsonSyntaxError) Error() string { return e.msg }

// jsonScanner reads one JSON object, checking its syntax, and keeps the
// values at its targets without building anything else. The scan can stop
// once some targets are found and go on later (run), so that a worker
// reads no further than the user id in records of other workers' users.
// A key that appears twice keeps its first value, so that a stopped scan
// and a whole one agree.
type jsonScanner struct {
	targets []jsonTarget
	vals    [64]jsonValue
	found   uint64
	done    bool

	b           []byte
	i           int
	depth       int
	after       bool   // a value just ended
	leaf, below uint64 // targets at, and below, the value about to be read
	arr         [maxJSONDepth]bool
	live        [maxJSONDepth]uint64 // targets below each open container
	keyBuf      []byte

	// collect, when set, is called with the path of every key that lies
	// in objects only (not in arrays), up to maxPathDepth levels, whose
	// value is not null or "" (a key that is always empty holds no role).
	collect func(path [][]byte)
	inPath  [maxJSONDepth]bool
	path    [maxPathDepth][]byte
	pathBuf [maxPathDepth][]byte
	err     *jsonSyntaxError
}

// reset starts a scan of rec. It returns false when rec is blank.
func (s *jsonScanner) reset(rec []byte) bool {
	for t := s.found; t != 0; t &= t - 1 {
		s.vals[bits.TrailingZeros64(t)] = jsonValue{}
	}
	s.found, s.done, s.b, s.depth, s.after, s.err = 0, false, rec, 0, false, nil
	s.leaf, s.below = 0, 1<<len(s.targets)-1
	i := 0
	for i < len(rec) && isJSONSpace(rec[i]) {
		i++
	}
	s.i = i
	if i == len(rec) {
		return false
	}
	if rec[i] != '{' {
		s.err = &jsonSyntaxError{i, fmt.Sprintf("expected an object, found %s", foundAt(rec, i))}
	}
	return true
}

func (s *jsonScanner) fail(i int, format string, args ...any) error {
	s.err = &jsonSyntaxError{i, fmt.Sprintf(format, args...)}
	return s.err
}

// strPlain marks the bytes that may stand in a string as they are.
var strPlain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// Eight-byte patterns for plainRun.
const (
	ones8   = 0x0101010101010101
	highs8  = 0x8080808080808080
	quote8  = '"' * ones8
	bslash8 = '\\' * ones8
	space8  = 0x20 * ones8
)

// special8 flags, in its lowest set high bit, the first of eight bytes
// that cannot stand in a string as it is (a quote, a backslash or a
// control character); higher flags may be false alarms.
func special8(x uint64) uint64 {
	q, bs := x^quote8, x^bslash8
	return ((q-ones8)&^q | (bs-ones8)&^bs | (x-space8)&^x) & highs8
}

// plainRun returns the end of the bytes from b[j] on that may stand in a
// string as they are (up to a quote, a backslash or a control character):
// eight at a time, as strings are most of a record.
func plainRun(b []byte, j int) int {
	for j+8 <= len(b) {
		if m := special8(binary.LittleEndian.Uint64(b[j:])); m != 0 {
			return j + bits.TrailingZeros64(m)/8
		}
		j += 8
	}
	return plainTail(b, j)
}

func plainTail(b []byte, j int) int {
	for j < len(b) && strPlain[b[j]] {
		j++
	}
	return j
}

// run scans on until a target in stop has been found or the record ends
// (done). The scan's state stays in locals while it runs: it is the inner
// loop of reading JSON.
func (s *jsonScanner) run(stop uint64) error {
	if s.err != nil {
		return s.err
	}
	if s.done {
		return nil
	}
	b, i, depth, after, leaf, below := s.b, s.i, s.depth, s.after, s.leaf, s.below
	for {
		if after {
			for i < len(b) && b[i] <= ' ' && isJSONSpace(b[i]) {
				i++
			}
			if depth == 0 {
				if i < len(b) {
					return s.fail(i, "expected the end of the record after the object, found %s", foundAt(b, i))
				}
				s.done, s.i, s.depth, s.after = true, i, 0, true
				return nil
			}
			if i == len(b) {
				return s.fail(i, "unexpected end of the record inside %d open brackets", depth)
			}
			c, arr := b[i], s.arr[depth-1]
			switch {
			case c == ',':
				i++
				after = false
				if arr {
					leaf, below = 0, 0
					continue
				}
			case c == ']' && arr, c == '}' && !arr:
				i++
				depth--
				continue
			case arr:
				return s.fail(i, "expected ',' or ']' after an array element, found %s", foundAt(b, i))
			default:
				return s.fail(i, "expected ',' or '}' after an object member, found %s", foundAt(b, i))
			}
		} else {
			for i < len(b) && b[i] <= ' ' && isJSONSpace(b[i]) {
				i++
			}
			if i == len(b) {
				return s.fail(i, "unexpected end of the record, expected a value")
			}
			var kind byte
			var raw []byte
			switch c := b[i]; {
			case c == '"':
				j := plainRun(b, i+1)
				kind = 's'
				if j == len(b) || b[j] != '"' {
					var err error
					if j, err = s.escaped(b, i, j); err != nil {
						return err
					}
					kind = 'e'
				}
				raw, i = b[i+1:j], j+1
			case c == '{', c == '[':
				if depth == maxJSONDepth {
					return s.fail(i, "nesting deeper than %d levels", maxJSONDepth)
				}
				if leaf != 0 {
					s.record(leaf, 'o', nil)
				}
				s.arr[depth] = c == '['
				s.inPath[depth] = c == '{' && (depth == 0 || (s.inPath[depth-1] && !s.arr[depth-1]))
				s.live[depth] = below
				depth++
				i++
				for i < len(b) && b[i] <= ' ' && isJSONSpace(b[i]) {
					i++
				}
				if i < len(b) && (b[i] == '}' && c == '{' || b[i] == ']' && c == '[') {
					i++
					depth--
					after = true
					continue
				}
				if c == '[' {
					s.live[depth-1] = 0
					leaf, below = 0, 0
					continue
				}
				goto key
			case c == '-' || c >= '0' && c <= '9':
				j, ok := scanNumber(b, i)
				if !ok {
					return s.fail(i, "invalid number %q", b[i:j])
				}
				kind, raw, i = 'n', b[i:j], j
			case c == 't' && bytes.HasPrefix(b[i:], []byte("true")):
				kind, raw, i = 'b', b[i:i+4], i+4
			case c == 'f' && bytes.HasPrefix(b[i:], []byte("false")):
				kind, raw, i = 'b', b[i:i+5], i+5
			case c == 'n' && bytes.HasPrefix(b[i:], []byte("null")):
				kind, raw, i = 'z', b[i:i+4], i+4
			default:
				return s.fail(i, "expected a value, found %s", foundAt(b, i))
			}
			after = true
			if leaf != 0 {
				s.record(leaf, kind, raw)
				if s.found&stop != 0 {
					s.i, s.depth, s.after = i, depth, true
					return nil
				}
			}
			continue
		}
	key:
		// An object's key, the ':' after it, and which targets lie at or
		// below its value.
		for i < len(b) && b[i] <= ' ' && isJSONSpace(b[i]) {
			i++
		}
		if i == len(b) || b[i] != '"' {
			return s.fail(i, "expected a key in quotes, found %s", foundAt(b, i))
		}
		j := plainRun(b, i+1)
		key := b[i+1 : j]
		if j == len(b) || b[j] != '"' {
			var err error
			if j, err = s.escaped(b, i, j); err != nil {
				return err
			}
			s.keyBuf = unescapeJSON(s.keyBuf[:0], b[i+1:j])
			key = s.keyBuf
		}
		i = j + 1
		for i < len(b) && b[i] <= ' ' && isJSONSpace(b[i]) {
			i++
		}
		if i == len(b) || b[i] != ':' {
			return s.fail(i, "expected ':' after a key, found %s", foundAt(b, i))
		}
		i++
		leaf, below = 0, 0
		for t := s.live[depth-1]; t != 0; t &= t - 1 {
			k := bits.TrailingZeros64(t)
			if keys := s.targets[k].keys; string(keys[depth-1]) == string(key) {
				if len(keys) == depth {
					leaf |= 1 << k
				} else {
					below |= 1 << k
				}
			}
		}
		if s.collect != nil && s.inPath[depth-1] && depth <= maxPathDepth && !emptyValue(b[i:]) {
			s.pathBuf[depth-1] = append(s.pathBuf[depth-1][:0], key...)
			s.path[depth-1] = s.pathBuf[depth-1]
			s.collect(s.path[:depth])
		}
	}
}

// escaped reads on a string that starts at b[i] from b[j], a byte that
// cannot stand in it as it is, and returns the index of its closing quote.
func (s *jsonScanner) escaped(b []byte, i, j int) (int, error) {
	for {
		if j == len(b) {
			return j, s.fail(i, "unterminated string")
		}
		switch b[j] {
		case '"':
			return j, nil
		case '\\':
		default:
			return j, s.fail(j, "control character %#02x in a string", b[j])
		}
		if j+1 == len(b) {
			return j, s.fail(i, "unterminated string")
		}
		switch b[j+1] {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			j += 2
		case 'u':
			if j+6 > len(b) || !isHex4(b[j+2:j+6]) {
				return j, s.fail(j, "invalid \\u escape in a string")
			}
			j += 6
		default:
			return j, s.fail(j, "invalid escape %s in a string", foundAt(b, j+1))
		}
		j = plainRun(b, j)
	}
}

func (s *jsonScanner) record(leaf uint64, kind byte, raw []byte) {
	for t := leaf &^ s.found; t != 0; t &= t - 1 {
		s.vals[bits.TrailingZeros64(t)] = jsonValue{kind, raw}
	}
	s.found |= leaf
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// scanNumber reads a JSON number from b[i]; it returns its end and
// whether it is well formed.
func scanNumber(b []byte, i int) (int, bool) {
	digits := func(j int) int {
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
		return j
	}
	if b[i] == '-' {
		i++
	}
	switch {
	case i == len(b) || b[i] < '0' || b[i] > '9':
		return i, false
	case b[i] == '0':
		i++
	default:
		i = digits(i)
	}
	if i < len(b) && b[i] == '.' {
		j := digits(i + 1)
		if j == i+1 {
			return j, false
		}
		i = j
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := digits(i)
		if j == i {
			return j, false
		}
		i = j
	}
	return i, true
}

// unescapeJSON appends the string s (the bytes between the quotes, whose
// escapes the scanner has checked) to dst with its escapes decoded. A lone
// surrogate becomes U+FFFD, as in encoding/json.
func unescapeJSON(dst, s []byte) []byte {
	for len(s) > 0 {
		i := bytes.IndexByte(s, '\\')
		if i < 0 {
			return append(dst, s...)
		}
		dst = append(dst, s[:i]...)
		s = s[i:]
		c := s[1]
		s = s[2:]
		switch c {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r := rune(hex4(s))
			s = s[4:]
			if r >= 0xd800 && r < 0xdc00 && len(s) >= 6 && s[0] == '\\' && s[1] == 'u' {
				if r2 := rune(hex4(s[2:])); r2 >= 0xdc00 && r2 < 0xe000 {
					r = (r-0xd800)<<10 | (r2 - 0xdc00) + 0x10000
					s = s[6:]
				}
			}
			if r >= 0xd800 && r < 0xe000 {
				r = utf8.RuneError
			}
			dst = utf8.AppendRune(dst, r)
		default: // '"', '\\', '/'
			dst = append(dst, c)
		}
	}
	return dst
}

func hex4(b []byte) int {
	v := 0
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | int(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | int(c-'a'+10)
		default:
			v = v<<4 | int(c-'A'+10)
		}
	}
	return v
}

// emptyValue reports whether b starts (after white space) with the value
// null or "".
func emptyValue(b []byte) bool {
	for len(b) > 0 && isJSONSpace(b[0]) {
		b = b[1:]
	}
	return bytes.HasPrefix(b, []byte("null")) || bytes.HasPrefix(b, []byte(`""`))
}
