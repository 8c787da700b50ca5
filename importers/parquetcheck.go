package importers

import (
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go/format"
)

// Limits on Parquet input (README, "Parquet"). The Parquet library trusts
// the sizes a file declares: a few bytes of metadata can ask it for
// gigabytes. These checks run on the metadata and on every page header of
// the columns read before the library sees them.
const (
	// maxParquetFooter is the longest file metadata (footer) read. A file
	// of a thousand row groups of a hundred columns has a few MiB.
	maxParquetFooter = 64 << 20
	// maxParquetEntries is how many list entries (row groups, column
	// chunks, schema elements, encodings...) the metadata may hold: each
	// costs some hundreds of bytes once decoded, however few bytes it takes
	// in the file.
	maxParquetEntries = 2_000_000
	// maxParquetPage is the largest page, compressed or not, of a column
	// read: one page of each column read is held at a time. Writers make
	// pages of about 1 MiB; a dictionary page of a million distinct user
	// ids takes some tens of MiB.
	maxParquetPage = 256 << 20
	// maxPageHeader is the longest page header (with its statistics).
	maxPageHeader = 1 << 20
	// maxThriftDepth is how deeply the metadata's structures may nest.
	maxThriftDepth = 32
)

// Thrift compact protocol types.
const (
	tStop   = 0
	tTrue   = 1
	tFalse  = 2
	tByte   = 3
	tI16    = 4
	tI32    = 5
	tI64    = 6
	tDouble = 7
	tBinary = 8
	tList   = 9
	tSet    = 10
	tMap    = 11
	tStruct = 12
	tUUID   = 13
)

// errThriftShort is metadata that ends before a value it declares.
var errThriftShort = errors.New("ends inside a value")

// thriftWalk checks Thrift compact-protocol data without decoding it into
// structures: every value it declares must lie within the data, and lists
// must not hold more entries than the data has bytes. It counts the list
// entries and hands the integer fields of the top two levels to ints.
type thriftWalk struct {
	b       []byte
	i       int
	entries int
	ints    func(parent, field int16, v int64)
}

func (t *thriftWalk) varint() (uint64, error) {
	v, n := binary.Uvarint(t.b[t.i:])
	if n <= 0 {
		if n == 0 {
			return 0, errThriftShort
		}
		return 0, errors.New("a number longer than 64 bits")
	}
	t.i += n
	return v, nil
}

func (t *thriftWalk) byte() (byte, error) {
	if t.i >= len(t.b) {
		return 0, errThriftShort
	}
	t.i++
	return t.b[t.i-1], nil
}

func (t *thriftWalk) skip(n uint64) error {
	if n > uint64(len(t.b)-t.i) {
		return fmt.Errorf("a value of %d bytes with %d bytes left: %w", n, len(t.b)-t.i, errThriftShort)
	}
	t.i += int(n)
	return nil
}

// structure walks a struct; parent is the field id that holds it (0 at
// the top) and depth its nesting.
func (t *thriftWalk) structure(parent int16, depth int) error {
	if depth > maxThriftDepth {
		return fmt.Errorf("structures nested deeper than %d", maxThriftDepth)
	}
	var id int16
	for {
		h, err := t.byte()
		if err != nil {
			return err
		}
		typ := h & 0x0f
		if typ == tStop {
			return nil
		}
		if d := h >> 4; d != 0 {
			id += int16(d)
		} else {
			v, err := t.varint()
			if err != nil {
				return err
			}
			id = int16(int64(v>>1) ^ -int64(v&1))
		}
		if err := t.value(typ, parent, id, depth); err != nil {
			return err
		}
	}
}

// value walks one value of type typ, field id of parent.
func (t *thriftWalk) value(typ byte, parent, id int16, depth int) error {
	switch typ {
	case tTrue, tFalse:
		if t.ints != nil && depth <= 2 {
			t.ints(parent, id, int64(2-typ)) // true 1, false 0
		}
		return nil
	case tByte:
		_, err := t.byte()
		return err
	case tI16, tI32, tI64:
		v, err := t.varint()
		if err == nil && t.ints != nil && depth <= 2 {
			t.ints(parent, id, int64(v>>1)^-int64(v&1))
		}
		return err
	case tDouble:
		return t.skip(8)
	case tUUID:
		return t.skip(16)
	case tBinary:
		n, err := t.varint()
		if err != nil {
			return err
		}
		return t.skip(n)
	case tStruct:
		if parent == 0 || depth == 1 {
			return t.structure(id, depth+1)
		}
		return t.structure(parent, depth+1)
	case tList, tSet:
		h, err := t.byte()
		if err != nil {
			return err
		}
		n := uint64(h >> 4)
		if n == 15 {
			if n, err = t.varint(); err != nil {
				return err
			}
		}
		return t.walkEntries(n, h&0x0f, 0, depth)
	case tMap:
		n, err := t.varint()
		if err != nil || n == 0 {
			return err
		}
		kv, err := t.byte()
		if err != nil {
			return err
		}
		return t.walkEntries(n, kv>>4, kv&0x0f, depth)
	}
	return fmt.Errorf("unknown value type %d", typ)
}

// walkEntries walks n list entries of type a (or map entries a -> b).
func (t *thriftWalk) walkEntries(n uint64, a, b byte, depth int) error {
	// Every entry takes a byte at least (a bool in a list takes one).
	if n > uint64(len(t.b)-t.i) {
		return fmt.Errorf("a list of %d entries with %d bytes left: %w", n, len(t.b)-t.i, errThriftShort)
	}
	t.entries += int(n)
	if t.entries > maxParquetEntries {
		return fmt.Errorf("more than %d list entries (row groups, column chunks, schema elements, ...), the limit", maxParquetEntries)
	}
	for range n {
		for _, typ := range []byte{a, b} {
			if typ == 0 {
				continue
			}
			if typ == tTrue || typ == tFalse {
				if _, err := t.byte(); err != nil {
					return err
				}
				continue
			}
			if err := t.value(typ, -1, 0, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkFooter checks a file's metadata before the library decodes it.
func checkFooter(footer []byte) error {
	t := thriftWalk{b: footer}
	if err := t.structure(0, 1); err != nil {
		return err
	}
	return nil
}

// pageHeader is what a page header declares about its page's size.
type pageHeader struct {
	typ                       int64
	uncompressed, compressed  int64
	numValues                 int64
	defLevelBytes, repLvBytes int64
	// plain: a data page v2 stored uncompressed (is_compressed false).
	plain bool
	len   int // of the header itself
}

// parsePageHeader checks and reads a page header at the start of b.
func parsePageHeader(b []byte) (pageHeader, error) {
	var h pageHeader
	h.uncompressed, h.compressed = -1, -1
	t := thriftWalk{b: b, ints: func(parent, field int16, v int64) {
		switch {
		case parent == 0 && field == 1:
			h.typ = v
		case parent == 0 && field == 2:
			h.uncompressed = v
		case parent == 0 && field == 3:
			h.compressed = v
		case (parent == 5 || parent == 7 || parent == 8) && field == 1:
			h.numValues = v // data page, dictionary page and data page v2
		case parent == 8 && field == 5:
			h.defLevelBytes = v
		case parent == 8 && field == 6:
			h.repLvBytes = v
		case parent == 8 && field == 7:
			h.plain = v == 0
		}
	}}
	if err := t.structure(0, 1); err != nil {
		return h, err
	}
	h.len = t.i
	switch {
	case h.uncompressed < 0 || h.compressed < 0:
		return h, errors.New("a page header without its page's sizes")
	case h.numValues < 0 || h.defLevelBytes < 0 || h.repLvBytes < 0:
		return h, errors.New("a page header with a negative count")
	case h.defLevelBytes+h.repLvBytes > h.compressed:
		return h, fmt.Errorf("a page header whose levels (%d bytes) outgrow its page (%d bytes)", h.defLevelBytes+h.repLvBytes, h.compressed)
	}
	return h, nil
}

// checkUnpacked unpacks a gzip, zstd or brotli page into nothing and fails
// when it unpacks to more than its header's size (limit). These codecs can
// unpack a few kilobytes into gigabytes, and the Parquet library unpacks a
// page to its end whatever the header says; snappy states its size first
// and LZ4 cannot grow a page more than 255 times, so those are not
// unpacked here. Other codecs are the library's to refuse.
func checkUnpacked(codec format.CompressionCodec, page io.Reader, limit int64) error {
	var r io.Reader
	switch codec {
	case format.Gzip:
		z, err := gzip.NewReader(page)
		if err != nil {
			return fmt.Errorf("does not unpack: %w", err)
		}
		defer z.Close()
		r = z
	case format.Zstd:
		z, err := zstd.NewReader(page, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(uint64(maxParquetPage)))
		if err != nil {
			return fmt.Errorf("does not unpack: %w", err)
		}
		defer z.Close()
		r = z
	case format.Brotli:
		r = brotli.NewReader(page)
	default:
		return nil
	}
	n, err := io.Copy(io.Discard, io.LimitReader(r, limit+1))
	if err != nil {
		return fmt.Errorf("does not unpack: %w", err)
	}
	if n > limit {
		return fmt.Errorf("unpacks to more than its header's %s", byteSize(limit))
	}
	return nil
}
