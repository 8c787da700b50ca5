package frames

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	in := [][]byte{[]byte("digraph { a -> b }"), {}, []byte("line\nbreaks\n"), bytes.Repeat([]byte{0, 1, 2}, 1000)}
	var buf bytes.Buffer
	for _, b := range in {
		if err := Write(&buf, b); err != nil {
			t.Fatal(err)
		}
	}
	r := bufio.NewReader(&buf)
	for i, want := range in {
		got, err := Read(r)
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("frame %d: got %q, want %q", i, got, want)
		}
	}
	if _, err := Read(r); err != io.EOF {
		t.Fatalf("after the last frame: got %v, want io.EOF", err)
	}
}

func TestReadErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"12", "cannot read a frame's length"},
		{"x\n", `expected a frame length, found "x"`},
		{"-1\n", `expected a frame length, found "-1"`},
		{"99999999999\n", "expected a frame length"},
		{"5\nabc", "cannot read a frame of 5 bytes"},
	} {
		_, err := Read(bufio.NewReader(strings.NewReader(tc.in)))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %q", tc.in, err, tc.want)
		}
		if err != nil && tc.in == "5\nabc" && !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("%q: got %v, want an unexpected EOF", tc.in, err)
		}
	}
}

// FuzzRead: any input gives frames, io.EOF or an error, never a panic or
// a frame longer than the input.
func FuzzRead(f *testing.F) {
	f.Add([]byte("3\nabc0\n"))
	f.Add([]byte("99999999999\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		r := bufio.NewReader(bytes.NewReader(in))
		for {
			b, err := Read(r)
			if err != nil {
				return
			}
			if len(b) > len(in) {
				t.Fatalf("frame of %d bytes from %d bytes of input", len(b), len(in))
			}
		}
	})
}
