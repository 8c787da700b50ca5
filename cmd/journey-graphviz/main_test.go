package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stdout string // prefix expected on stdout
		stderr string // substring expected on stderr
	}{
		{"no arguments", nil, "", 2, "", "usage: journey-graphviz svg|png|check"},
		{"unknown format", []string{"pdf"}, "", 2, "", "usage:"},
		{"check", []string{"check"}, "", 0, "journey-graphviz: ok", ""},
		{"svg", []string{"svg"}, "digraph { a -> b }", 0, "<?xml", ""},
		{"png", []string{"png"}, "digraph { a -> b }", 0, "\x89PNG", ""},
		{"broken dot", []string{"svg"}, "digraph { a -> ", 1, "", "cannot parse dot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(tt.args, strings.NewReader(tt.stdin), &out, &errb)
			if code != tt.code || !strings.HasPrefix(out.String(), tt.stdout) || !strings.Contains(errb.String(), tt.stderr) {
				t.Errorf("exit %d, stdout %.40q, stderr %q; expected exit %d, stdout starting %q, stderr with %q",
					code, out.String(), errb.String(), tt.code, tt.stdout, tt.stderr)
			}
		})
	}
}
