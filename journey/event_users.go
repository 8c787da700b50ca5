package journey

import (
	"bytes"
	"encoding/binary"
	"hash/maphash"
)

// userSeed seeds user id hashes for the whole process, so importers can
// shard users by the same hash the funnel's table uses.
var userSeed = maphash.MakeSeed()

// UserHash hashes a user id; shard users over several EventFunnel values by it
// and pass it to AddHashed to save hashing twice.
func UserHash(id []byte) uint64 { return maphash.Bytes(userSeed, id) }

// userTable interns user ids as dense indexes with open addressing (linear
// probing, at most three quarters full: entries are 16 bytes, so a probe
// sequence mostly stays in one cache line). It
// holds no pointers, so millions of users cost the garbage collector
// nothing to scan, and it is laid out for a file whose rows come in random
// user order, where every lookup is a cache miss: an entry holds 31 bits
// of the hash (so growing needs no rehash), the index, and the id itself
// when it has at most 8 bytes and no NUL (else its place in the arena). A
// lookup thus touches one cache line of the table, and the arena only for
// a long id whose hash bits agree.
type userTable struct {
	arena []byte
	table []userEntry
	mask  uint64
	count int
}

type userEntry struct {
	// key is the hash's low 31 bits << 33 | arena flag << 32 | index + 1;
	// 0 is empty.
	key uint64
	// loc is the id's bytes (little-endian, zero-padded) for an inline id,
	// else its arena offset << 24 | length.
	loc uint64
}

const (
	hashBits  = 31
	arenaFlag = 1 << 32
)

func newUserTable() *userTable {
	return &userTable{table: make([]userEntry, 1024), mask: 1023}
}

// inlineID packs an id of at most 8 bytes without NUL into a word; zero
// padding then tells lengths apart.
func inlineID(id []byte) (uint64, bool) {
	if len(id) > 8 || bytes.IndexByte(id, 0) >= 0 {
		return 0, false
	}
	var b [8]byte
	copy(b[:], id)
	return binary.LittleEndian.Uint64(b[:]), true
}

// intern returns the user's index and whether it was new.
func (t *userTable) intern(id []byte, h uint64) (int32, bool) {
	h &= 1<<hashBits - 1
	want, inline := inlineID(id)
	tag := h << 33
	if !inline {
		tag |= arenaFlag
	}
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		e := &t.table[i]
		if e.key == 0 {
			u := uint32(t.count)
			t.count++
			e.key = tag | uint64(u+1)
			if inline {
				e.loc = want
			} else {
				e.loc = uint64(len(t.arena))<<24 | uint64(min(len(id), 1<<24-1))
				t.arena = append(t.arena, id[:min(len(id), 1<<24-1)]...)
			}
			if uint64(t.count)*4 > 3*(t.mask+1) {
				t.grow()
			}
			return int32(u), true
		}
		if e.key&^0xffffffff != tag {
			continue
		}
		if inline {
			if e.loc == want {
				return int32(uint32(e.key) - 1), false
			}
			continue
		}
		off, ln := e.loc>>24, e.loc&(1<<24-1)
		if int(ln) == min(len(id), 1<<24-1) && bytes.Equal(t.arena[off:off+ln], id[:ln]) {
			return int32(uint32(e.key) - 1), false
		}
	}
}

func (t *userTable) grow() {
	old := t.table
	t.table = make([]userEntry, 2*len(old))
	adviseHuge(t.table)
	t.mask = uint64(len(t.table) - 1)
	for _, e := range old {
		if e.key == 0 {
			continue
		}
		i := e.key >> 33 & t.mask
		for t.table[i].key != 0 {
			i = (i + 1) & t.mask
		}
		t.table[i] = e
	}
}
