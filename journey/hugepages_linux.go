package journey

import (
	"syscall"
	"unsafe"
)

// adviseHuge asks the kernel to back the whole 2 MiB pages of a large
// array with huge pages (as transparent huge pages set to "madvise"
// allow). The funnel reads its per-user arrays at random, an event at a
// time: with 4 KiB pages nearly every read misses the TLB, and a page
// walk costs the most in a virtual machine. The advice is a hint; an
// error changes nothing.
func adviseHuge[T any](s []T) {
	if len(s) == 0 {
		return
	}
	const huge = 2 << 20
	base := unsafe.Pointer(unsafe.SliceData(s))
	p := uintptr(base)
	start := (p + huge - 1) &^ (huge - 1)
	end := (p + uintptr(len(s))*unsafe.Sizeof(s[0])) &^ (huge - 1)
	if end <= start {
		return
	}
	_ = syscall.Madvise(unsafe.Slice((*byte)(unsafe.Add(base, start-p)), end-start), syscall.MADV_HUGEPAGE)
}
