package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/journey-maps/journey/journey/journeytest"
)

// hostileDir holds the corpus of hostile input: one folder a case, with the
// command line in `args` (one argument a line, run from inside the folder),
// standard input in `stdin` if there is one, and the expected exit status,
// standard output and standard error in `want.golden`.
const hostileDir = "../../testdata/hostile"

// hostileTimeout is how long a case may run before it counts as a hang. It
// guards against hangs, it does not measure speed.
const hostileTimeout = 60 * time.Second

func TestHostileCorpus(t *testing.T) {
	cases, err := os.ReadDir(hostileDir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range cases {
		if !c.IsDir() {
			continue
		}
		n++
		dir, err := filepath.Abs(filepath.Join(hostileDir, c.Name()))
		if err != nil {
			t.Fatal(err)
		}
		t.Run(c.Name(), func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(dir, "args"))
			if err != nil {
				t.Fatal(err)
			}
			args := strings.Split(strings.TrimRight(string(raw), "\n"), "\n")
			stdin, _ := os.ReadFile(filepath.Join(dir, "stdin"))
			t.Chdir(dir)
			got := runHostile(t, args, stdin)
			journeytest.Golden(t, filepath.Join(dir, "want.golden"), got, *update)
		})
	}
	if n == 0 {
		t.Fatalf("no cases under %s", hostileDir)
	}
}

// runHostile runs one command line in-process and returns its exit status
// and output in the form of a want.golden file.
func runHostile(t *testing.T, args []string, stdin []byte) []byte {
	t.Helper()
	type result struct {
		code     int
		out, err bytes.Buffer
	}
	done := make(chan *result, 1)
	go func() {
		r := &result{}
		r.code = execute(context.Background(), args, testStreams(bytes.NewReader(stdin), &r.out, &r.err, drawInProcess))
		done <- r
	}()
	select {
	case r := <-done:
		var b bytes.Buffer
		fmt.Fprintf(&b, "exit %d\n--- stdout\n%s--- stderr\n%s", r.code, r.out.String(), r.err.String())
		return b.Bytes()
	case <-time.After(hostileTimeout):
		t.Fatalf("journey %s still running after %s: it hangs", strings.Join(args, " "), hostileTimeout)
		return nil
	}
}
