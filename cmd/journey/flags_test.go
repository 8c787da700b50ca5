package main

import "testing"

func TestSizeValue(t *testing.T) {
	for in, want := range map[string]int64{
		"1048576": 1 << 20, "512KiB": 512 << 10, "64MiB": 64 << 20, "2GiB": 2 << 30,
		"64MB": 64e6, "1.5g": 3 << 29, " 8 mib ": 8 << 20,
	} {
		var n int64
		if err := (sizeValue{&n}).Set(in); err != nil || n != want {
			t.Errorf("%q: %d, %v; want %d", in, n, err, want)
		}
	}
	for _, in := range []string{"", "0", "-5MiB", "lots", "5 parsecs", "1e300GiB"} {
		var n int64
		if err := (sizeValue{&n}).Set(in); err == nil {
			t.Errorf("%q: accepted as %d", in, n)
		}
	}
	if got := formatSize(256 << 20); got != "256MiB" {
		t.Errorf("formatSize = %q", got)
	}
}
