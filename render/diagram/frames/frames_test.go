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

func TestHello(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, Hello("1.2.0")); err != nil {
		t.Fatal(err)
	}
	v, err := ReadHello(bufio.NewReader(&buf))
	if err != nil || v != "1.2.0" {
		t.Fatalf("got %q, %v; want 1.2.0", v, err)
	}
	for _, tc := range []struct{ in, want string }{
		{"", "expected the helper's version first"},
		{"5\n<svg>", `expected "journey-graphviz " and a version`},
		{"17\njourney-graphviz ", `expected "journey-graphviz " and a version`},
		{"19\njourney-graphviz 1\n2", `expected "journey-graphviz " and a version`},
	} {
		_, err := ReadHello(bufio.NewReader(strings.NewReader(tc.in)))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %q", tc.in, err, tc.want)
		}
	}
}

func TestSameRelease(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"1.2.0", "v1.2.0", true},
		{"v1.2.0", "v1.2.0", true},
		{"(devel)", "dev", true},
		{"", "(devel)", true},
		{"1.2.0", "1.2.1", false},
		{"dev", "1.2.0", false},
		{"v0.0.0-20260101000000-abcdef123456", "v0.0.0-20260101000000-abcdef123456", true},
		{"v0.0.0-20260101000000-abcdef123456", "v0.0.0-20260102000000-123456abcdef", false},
	} {
		if got := SameRelease(tc.a, tc.b); got != tc.same {
			t.Errorf("SameRelease(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.same)
		}
	}
}

func TestMismatchError(t *testing.T) {
	for _, tc := range []struct {
		err  MismatchError
		want []string
	}{
		{MismatchError{Journey: "v1.3.0", Helper: "1.2.0", Path: "/usr/bin/journey-graphviz"},
			[]string{"journey 1.3.0 and journey-graphviz 1.2.0 (/usr/bin/journey-graphviz) are from different releases", "go install ./cmd/..."}},
		{MismatchError{Journey: "(devel)"},
			[]string{"journey dev and an older journey-graphviz that does not say its version", "same release archive"}},
	} {
		got := tc.err.Error()
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%q lacks %q", got, w)
			}
		}
	}
}
