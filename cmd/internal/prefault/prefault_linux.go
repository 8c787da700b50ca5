package prefault

import (
	"runtime"
	"syscall"
)

// size is how much of the heap is backed at start.
const size = 16 << 20

// madvPopulateWrite is Linux's MADV_POPULATE_WRITE (since 5.14).
const madvPopulateWrite = 23

func init() {
	if v, ok := syscall.Getenv("JOURNEY_PREFAULT"); ok && v == "0" {
		return
	}
	b := make([]byte, size)
	if syscall.Madvise(b, madvPopulateWrite) != nil {
		return
	}
	runtime.KeepAlive(b)
	b = nil
	// Free the block now, so that the next allocations take its pages.
	runtime.GC()
}
