package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/journey-maps/journey/journey/journeytest"
)

// Limits a bomb must stay under: 256 MiB of data (bash's ulimit -d, there
// on every machine with bash) and a deadline. Linux counts the memory a
// process has written to against the data limit, but not the address
// space it only reserved, of which the Go runtime takes some 0.85 GiB
// before it allocates anything; so ulimit -v would measure the runtime,
// while ulimit -d measures the heap. Validating the README's 20,000-
// touchpoint map fits; the alias bomb took 7 GiB before it was bounded.
const (
	bombData    = 256 << 20
	bombTimeout = 30 * time.Second
)

// TestBombs runs the real journey binary on inputs made to exhaust memory
// or time, where the other tests run the command in-process: only a
// process of its own can be held to a memory limit and killed when it
// hangs. A bomb is one line of the table: the command line (run from this
// directory), the file to feed to standard input ("" for none), the exit
// status and a text that its output must contain.
func TestBombs(t *testing.T) {
	// The control: a real map as large as the README promises passes.
	large := filepath.Join(t.TempDir(), "large.yaml")
	if err := os.WriteFile(large, journeytest.Generate(20000, "Large"), 0o644); err != nil {
		t.Fatal(err)
	}
	bombs := []struct {
		name  string
		args  []string
		stdin string
		exit  int
		want  string
	}{
		{"merge chain", []string{"validate", hostileDir + "/merge-chain/map.yaml"}, "", 1, "alias *x13 takes the file past 250330 nodes"},
		{"stage and touchpoint aliases", []string{"validate", hostileDir + "/alias-bomb/map.yaml"}, "", 1, "map.yaml:25:5: error: alias *stage takes the file past"},
		{"aliases on standard input", []string{"validate", "-"}, hostileDir + "/alias-bomb/map.yaml", 1, "<stdin>:25:5: error: alias *stage takes the file past"},
		{"a device that never ends", []string{"validate", "/dev/zero"}, "", 2, "cannot read /dev/zero: expected at most 8MiB (--max-file-size), found more"},
		{"a 20,000-touchpoint map", []string{"validate", large}, "", 0, ""},
		{"standard input that never ends", []string{"validate", "-"}, "/dev/zero", 2, "cannot read <stdin>: expected at most 8MiB (--max-file-size), found more"},
		{"an XLSX zip bomb", []string{"report", hostileDir + "/../funnel/store.yaml", "--data", hostileDir + "/xlsx-zip-bomb/bomb.xlsx"}, "", 1, "a zip bomb, or a workbook larger than this reader takes"},
		{"a journey that never ends, drawn", []string{"render", "/dev/zero", "-f", "dot"}, "", 2, "cannot read /dev/zero: expected at most 8MiB (--max-file-size), found more"},
	}
	bin := buildJourney(t)
	for _, b := range bombs {
		t.Run(b.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), bombTimeout)
			defer cancel()
			// exec: journey replaces the shell, so the limit and the kill
			// on time-out are journey's own.
			script := "ulimit -d " + strconv.Itoa(bombData>>10) + ` && exec "$0" "$@"`
			cmd := exec.CommandContext(ctx, "bash", append([]string{"-c", script, bin}, b.args...)...)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if b.stdin != "" {
				f, err := os.Open(b.stdin)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				cmd.Stdin = f
			}
			start := time.Now()
			err := cmd.Run()
			if ctx.Err() != nil {
				t.Fatalf("still running after %s: it hangs", bombTimeout)
			}
			var exit *exec.ExitError
			if err != nil && !errors.As(err, &exit) {
				t.Fatal(err)
			}
			if code := cmd.ProcessState.ExitCode(); code != b.exit {
				t.Errorf("exit %d, want %d", code, b.exit)
			}
			if !strings.Contains(out.String(), b.want) {
				t.Errorf("output lacks %q:\n%.3000s", b.want, out.String())
			}
			t.Logf("%s", time.Since(start).Round(time.Millisecond))
		})
	}
}

// buildJourney builds the journey command into a temporary directory.
func buildJourney(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "journey")
	// go test puts its own go command first on PATH.
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}
