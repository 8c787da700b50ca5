package journeytest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	errors []string
	fatal  bool
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, a ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, a...))
}
func (r *recorder) Fatalf(format string, a ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, a...))
	r.fatal = true
}
func (r *recorder) Fatal(a ...any) { r.Fatalf("%v", fmt.Sprint(a...)) }

func TestGolden(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "x.golden")

	r := &recorder{TB: t}
	Golden(r, path, []byte("a\nb\n"), false)
	if !r.fatal || !strings.Contains(r.errors[0], "go test -update creates it") {
		t.Errorf("missing golden file: %v", r.errors)
	}

	r = &recorder{TB: t}
	Golden(r, path, []byte("a\nb\n"), true)
	if b, err := os.ReadFile(path); err != nil || string(b) != "a\nb\n" || len(r.errors) > 0 {
		t.Fatalf("update wrote %q, %v; errors %v", b, err, r.errors)
	}

	r = &recorder{TB: t}
	Golden(r, path, []byte("a\nb\n"), false)
	if len(r.errors) > 0 {
		t.Errorf("same bytes: %v", r.errors)
	}

	r = &recorder{TB: t}
	Golden(r, path, []byte("a\nc\n"), false)
	if len(r.errors) != 1 || !strings.Contains(r.errors[0], "line 2:\nwant: b\ngot:  c") {
		t.Errorf("changed line: %v", r.errors)
	}
}

func TestGenerate(t *testing.T) {
	src := string(Generate(23, "Some name"))
	if !strings.Contains(src, "name: Some name\n") {
		t.Errorf("name missing:\n%.200s", src)
	}
	if n := strings.Count(src, "      - id: tp-"); n != 23 {
		t.Errorf("%d touchpoints, want 23", n)
	}
	if n := strings.Count(src, "        next: [tp-"); n != 2 {
		t.Errorf("%d branches, want 2 (at tp-5 and tp-15)", n)
	}
}
