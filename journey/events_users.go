package journey

import (
	"bytes"
	"hash/maphash"
)

// userTable interns user ids as dense indexes. Ids live in one byte arena
// and the table holds no pointers, so a few million users cost the garbage
// collector nothing to scan and little memory (id bytes plus 12 bytes).
type userTable struct {
	seed  maphash.Seed
	arena []byte
	ends  []uint32 // ends[i] is where user i's id ends in arena
	table []int32  // open addressing: user index + 1, 0 empty
	mask  uint64
}

func newUserTable() *userTable {
	t := &userTable{seed: maphash.MakeSeed(), table: make([]int32, 1024), mask: 1023}
	return t
}

func (t *userTable) id(i int32) []byte {
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	return t.arena[start:t.ends[i]]
}

// intern returns the user's index and whether it was new.
func (t *userTable) intern(key []byte) (int32, bool) {
	h := maphash.Bytes(t.seed, key)
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		v := t.table[i]
		if v == 0 {
			u := int32(len(t.ends))
			t.arena = append(t.arena, key...)
			t.ends = append(t.ends, uint32(len(t.arena)))
			t.table[i] = u + 1
			if uint64(len(t.ends))*2 > t.mask {
				t.grow()
			}
			return u, true
		}
		if bytes.Equal(t.id(v-1), key) {
			return v - 1, false
		}
	}
}

func (t *userTable) grow() {
	t.table = make([]int32, 2*len(t.table))
	t.mask = uint64(len(t.table) - 1)
	for u := range int32(len(t.ends)) {
		h := maphash.Bytes(t.seed, t.id(u))
		i := h & t.mask
		for t.table[i] != 0 {
			i = (i + 1) & t.mask
		}
		t.table[i] = u + 1
	}
}

func (t *userTable) len() int { return len(t.ends) }
