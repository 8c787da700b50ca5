//go:build !linux

package journey

// adviseHuge asks for huge pages where the system takes the advice (see
// the Linux version); elsewhere it does nothing.
func adviseHuge[T any](s []T) {}
