//go:build !linux

package earlyhelper

// Elsewhere journey starts the helper once it has read its flags.
