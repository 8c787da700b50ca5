package prefault

import (
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// faultsEnv makes the test binary count the page faults of a first 8 MB
// of allocations instead of running the tests.
const faultsEnv = "PREFAULT_TEST_COUNT"

func TestMain(m *testing.M) {
	if os.Getenv(faultsEnv) != "" {
		os.Stdout.WriteString(strconv.FormatInt(countFaults(), 10))
		os.Exit(0)
	}
	os.Exit(m.Run())
}

var sink [][]byte

// countFaults allocates and writes 8 MB in 64 KB pieces, as a program's
// first allocations, and counts the minor page faults that took.
func countFaults() int64 {
	var before, after syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	for range 128 {
		b := make([]byte, 64<<10)
		for i := 0; i < len(b); i += 4096 {
			b[i] = 1
		}
		sink = append(sink, b)
	}
	syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	return after.Minflt - before.Minflt
}

// TestFirstAllocationsDoNotFault: with the heap's start backed at
// initialisation, a program's first 8 MB of allocations take few page
// faults; turned off, about one a 4 KB page (2,048).
func TestFirstAllocationsDoNotFault(t *testing.T) {
	faults := func(env string) int64 {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), faultsEnv+"=1", env)
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		n, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
		if err != nil {
			t.Fatalf("%q: %v", out, err)
		}
		return n
	}
	off, on := faults("JOURNEY_PREFAULT=0"), faults("JOURNEY_PREFAULT=")
	if off < 1000 {
		t.Fatalf("without prefault, 8 MB of allocations took %d page faults; expected about 2,048 (huge pages?)", off)
	}
	if on > off/4 {
		t.Errorf("8 MB of allocations took %d page faults with the heap prefaulted, %d without", on, off)
	}
}

// TestBlockFreed: the block is not kept; the heap starts small.
func TestBlockFreed(t *testing.T) {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	if m.HeapAlloc >= size {
		t.Errorf("%d bytes of heap in use after initialisation: the %d-byte block is still held", m.HeapAlloc, size)
	}
}
