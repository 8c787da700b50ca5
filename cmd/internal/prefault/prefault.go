// Package prefault backs the first 16 MB of the Go heap with memory in one
// system call when the program starts, instead of a page fault at a time
// as the heap grows into it.
//
// Why: on virtual machines whose page tables the host keeps in step (as
// the 2-core machine journey's benchmarks run on), a page fault costs
// 10 to 20 µs, and a journey-graphviz helper faults in some 6,000 pages
// while it loads Graphviz and draws a map of 300 touchpoints: a third of
// its time. madvise(MADV_POPULATE_WRITE) backs a range for about 1 µs a
// page. The range is a block allocated and freed here, which the heap then
// reuses for its first allocations.
//
// The package imports nothing but runtime and syscall, so that Go
// initialises it before the packages whose initialisation allocates
// (go-graphviz's loads Graphviz). journey-graphviz imports it; journey
// does not: its allocations are off the picture's critical path (the
// helper's start and drawing are that path; measured, backing journey's
// heap too made no difference), and its other commands would pay for the
// 16 MB at every start. JOURNEY_PREFAULT=0 turns it off. Elsewhere than
// Linux, and on kernels before 5.14 (no MADV_POPULATE_WRITE), it does
// nothing.
package prefault
