// Package frames holds the length-prefixed frames in which journey sends
// tiles of DOT to the journey-graphviz helper and gets pictures back: the
// length in decimal and a newline, then that many bytes.
package frames

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// MaxSize bounds a frame, so that a corrupt length cannot exhaust memory.
const MaxSize = 1 << 30

// Write writes b as one frame.
func Write(w io.Writer, b []byte) error {
	if _, err := io.WriteString(w, strconv.Itoa(len(b))+"\n"); err != nil {
		return err
	}
	_, err := w.Write(b)
	return err
}

// Read reads one frame; io.EOF when r ends before a frame starts.
func Read(r *bufio.Reader) ([]byte, error) {
	head, err := r.ReadString('\n')
	if err != nil {
		if errors.Is(err, io.EOF) && head == "" {
			return nil, io.EOF
		}
		return nil, fmt.Errorf("cannot read a frame's length: %w", noEOF(err))
	}
	n, err := strconv.Atoi(head[:len(head)-1])
	if err != nil || n < 0 || n > MaxSize {
		return nil, fmt.Errorf("expected a frame length, found %q", head[:len(head)-1])
	}
	// Up to eagerSize allocated at once (a picture tile is some hundred
	// KiB: growing a buffer for it would write each byte twice over);
	// past that grown as the bytes arrive, so that a corrupt length does
	// not allocate all of it up front.
	if n <= eagerSize {
		b := make([]byte, n)
		if _, err := io.ReadFull(r, b); err != nil {
			return nil, fmt.Errorf("cannot read a frame of %d bytes: %w", n, noEOF(err))
		}
		return b, nil
	}
	var b bytes.Buffer
	b.Grow(eagerSize)
	if _, err := io.CopyN(&b, r, int64(n)); err != nil {
		return nil, fmt.Errorf("cannot read a frame of %d bytes: %w", n, noEOF(err))
	}
	return b.Bytes(), nil
}

// eagerSize is the largest frame allocated whole before it is read.
const eagerSize = 8 << 20

// noEOF turns an end of input inside a frame into io.ErrUnexpectedEOF.
func noEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}
