package journey

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"testing/iotest"
)

func TestReadAll(t *testing.T) {
	tests := []struct {
		name  string
		size  int
		limit int64
		ok    bool
	}{
		{"empty", 0, 10, true},
		{"below", 9, 10, true},
		{"at the limit", 10, 10, true},
		{"one byte over", 11, 10, false},
		{"many chunks", 1<<20 + 7, 1 << 21, true},
		{"many chunks, over", 1<<20 + 7, 1 << 20, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := bytes.Repeat([]byte("abcdefg\n"), tt.size/8+1)[:tt.size]
			dir := t.TempDir()
			path := filepath.Join(dir, "f.yaml")
			if err := os.WriteFile(path, src, 0o644); err != nil {
				t.Fatal(err)
			}
			// A reader that gives one byte a call, like a slow pipe, and the
			// file itself.
			for what, read := range map[string]func() ([]byte, error){
				"reader": func() ([]byte, error) { return ReadAll(iotest.OneByteReader(bytes.NewReader(src)), tt.limit) },
				"file":   func() ([]byte, error) { return ReadFile(path, tt.limit) },
			} {
				got, err := read()
				var big *TooLargeError
				switch {
				case tt.ok && (err != nil || !bytes.Equal(got, src)):
					t.Errorf("%s: got %d bytes, %v; want the %d bytes", what, len(got), err, len(src))
				case !tt.ok && (!errors.As(err, &big) || big.Limit != tt.limit):
					t.Errorf("%s: got %d bytes, %v; want a TooLargeError", what, len(got), err)
				}
			}
		})
	}
}

// TestReadAllStops: a reader without end is read no further than the limit.
func TestReadAllStops(t *testing.T) {
	endless := &counter{}
	_, err := ReadAll(endless, 1<<20)
	var big *TooLargeError
	if !errors.As(err, &big) {
		t.Fatalf("err = %v, want a TooLargeError", err)
	}
	if endless.n > 1<<20+1 {
		t.Errorf("read %d bytes for a limit of %d", endless.n, 1<<20)
	}
	if msg := err.Error(); msg != "expected at most 1048576 bytes, found more" {
		t.Errorf("message %q", msg)
	}
}

// counter is an endless reader of zeros that counts what it gave.
type counter struct{ n int }

func (c *counter) Read(p []byte) (int, error) {
	clear(p)
	c.n += len(p)
	return len(p), nil
}
