package main

import (
	"strings"
	"testing"
)

// TestVersionStamps: what the release build stamps is what journey
// version and journey --version print; a build without stamps is "dev".
func TestVersionStamps(t *testing.T) {
	defer func(v, c, d string) { version, commit, date = v, c, d }(version, commit, date)
	tests := []struct {
		version, commit, date string
		want                  []string // substrings, in order
		not                   string
	}{
		{"1.2.0", "0123456789abcdef0123", "2026-01-02T03:04:05Z",
			[]string{"journey 1.2.0 (file format version 1, commit 0123456789ab, built 2026-01-02T03:04:05Z, go"}, "dev"},
		{"v1.2.0", "", "", []string{"journey 1.2.0 (file format version 1"}, "commit"},
		{"1.2.0-next", "none", "unknown", []string{"journey 1.2.0-next (file format version 1, go"}, "none"},
		{"", "", "", []string{"journey dev (file format version 1"}, "(devel)"},
	}
	for _, tt := range tests {
		version, commit, date = tt.version, tt.commit, tt.date
		for _, args := range [][]string{{"version"}, {"--version"}} {
			code, out, stderr := runCmd(t, "", args...)
			if code != 0 || stderr != "" {
				t.Errorf("%v with %q: exit %d, stderr %q", args, tt.version, code, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("%v with %q: %q lacks %q", args, tt.version, out, w)
				}
			}
			if strings.Contains(out, tt.not) || strings.Count(out, "\n") != 1 {
				t.Errorf("%v with %q: %q has %q or is not one line", args, tt.version, out, tt.not)
			}
		}
	}
}
