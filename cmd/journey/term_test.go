package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// runTerminal runs a command line as if standard output and error were
// terminals, with or without colour.
func runTerminal(t *testing.T, color bool, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	s := testStreams(strings.NewReader(""), &out, &errb, drawInProcess)
	s.outTTY, s.errTTY, s.color = true, true, color
	code = execute(context.Background(), args, s)
	return code, out.String(), errb.String()
}

func TestTerminalSnippetsAndColour(t *testing.T) {
	file := fixtures + "emotion-range.yaml"
	code, out, errOut := runTerminal(t, true, "validate", file)
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(out, "emotion: 3") || !strings.Contains(out, "^") {
		t.Errorf("no caret snippet on a terminal:\n%s", out)
	}
	if !strings.Contains(out, "\x1b[") {
		t.Errorf("no colour on a terminal:\n%q", out)
	}
	if !strings.Contains(errOut, "1 file checked: 2 errors, 0 warnings") {
		t.Errorf("no summary line on a terminal's stderr: %q", errOut)
	}

	_, out, _ = runTerminal(t, false, "validate", file)
	if strings.Contains(out, "\x1b[") || !strings.Contains(out, "^") {
		t.Errorf("NO_COLOR: want the snippet without colour, got %q", out)
	}

	_, out, _ = runCmd(t, "", "validate", file)
	if strings.Contains(out, "^") || strings.Contains(out, "\x1b[") {
		t.Errorf("not a terminal: want plain lines, got %q", out)
	}

	_, out, _ = runTerminal(t, true, "report", store, "--data", "../../examples/online-store.ga4.csv")
	if !strings.Contains(out, "\x1b[") {
		t.Errorf("report table on a colour terminal has no colour")
	}
	code, _, errOut = runTerminal(t, true, "render", store, "-f", "png")
	if code != 2 || !strings.Contains(errOut, "will not write a PNG to the terminal") {
		t.Errorf("png to a terminal: exit %d, %q", code, errOut)
	}
}

func TestProgressBar(t *testing.T) {
	var errb bytes.Buffer
	s := testStreams(strings.NewReader(""), &bytes.Buffer{}, &errb, nil)
	if bar := newProgressBar(s, "big.csv"); bar != nil {
		t.Fatal("a progress bar on a stream that is not a terminal")
	}
	s.errTTY = true
	bar := newProgressBar(s, "data/big.csv")
	bar.update(10<<20, 100<<20) // too early to show
	bar.update(100<<20, 100<<20)
	bar.done()
	got := errb.String()
	if !strings.Contains(got, "big.csv [==============================] 100% 100/100 MB") || !strings.HasSuffix(got, "\r\x1b[K") {
		t.Errorf("progress bar drew %q", got)
	}
	errb.Reset()
	small := newProgressBar(s, "small.csv")
	small.update(1<<20, 1<<20)
	small.done()
	if errb.Len() != 0 {
		t.Errorf("a small file showed progress: %q", errb.String())
	}
}

// TestColorFlag: --color always colours a pipe, never leaves a terminal
// plain, auto colours a terminal only when colour is allowed; the flag is
// global, before or after the command.
func TestColorFlag(t *testing.T) {
	file := fixtures + "emotion-range.yaml"
	tests := []struct {
		name    string
		tty     bool
		allowed bool // NO_COLOR unset and TERM not dumb
		args    []string
		colour  bool
	}{
		{"auto on a terminal", true, true, []string{"validate", file}, true},
		{"auto on a pipe", false, true, []string{"validate", file}, false},
		{"auto on a terminal with NO_COLOR or TERM=dumb", true, false, []string{"validate", file}, false},
		{"always on a pipe", false, true, []string{"validate", "--color", "always", file}, true},
		{"always before the command", false, false, []string{"--color=always", "validate", file}, true},
		{"never on a terminal", true, true, []string{"validate", "--color", "never", file}, false},
		{"explicit auto", true, true, []string{"--color", "auto", "validate", file}, true},
		{"diff, always", false, true, []string{"diff", "--color", "always", diffFixtures + "online-store.old.yaml", diffFixtures + "online-store.new.yaml"}, true},
		{"diff, never on a terminal", true, true, []string{"diff", "--color", "never", diffFixtures + "online-store.old.yaml", diffFixtures + "online-store.new.yaml"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			s := testStreams(strings.NewReader(""), &out, &errb, drawInProcess)
			s.outTTY, s.errTTY, s.color = tt.tty, tt.tty, tt.allowed
			execute(context.Background(), tt.args, s)
			if got := strings.Contains(out.String(), "\x1b["); got != tt.colour {
				t.Errorf("colour = %v, want %v:\n%q", got, tt.colour, out.String())
			}
		})
	}
	code, _, errOut := runCmd(t, "", "validate", "--color", "sometimes", file)
	if code != 2 || !strings.Contains(errOut, `invalid --color "sometimes": expected one of auto, always, never`) {
		t.Errorf("--color sometimes: exit %d, %q", code, errOut)
	}
}

// TestColorAllowed: NO_COLOR (any non-empty value) and TERM=dumb turn
// colour off for --color auto.
func TestColorAllowed(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{}, true},
		{map[string]string{"TERM": "xterm-256color"}, true},
		{map[string]string{"NO_COLOR": "1"}, false},
		{map[string]string{"NO_COLOR": ""}, true},
		{map[string]string{"TERM": "dumb"}, false},
		{map[string]string{"TERM": "dumb", "NO_COLOR": "x"}, false},
	}
	for _, tt := range tests {
		if got := colorAllowed(func(k string) string { return tt.env[k] }); got != tt.want {
			t.Errorf("colorAllowed(%v) = %v, want %v", tt.env, got, tt.want)
		}
	}
}

// TestNewStreamsTermDumb: the decision is taken from the environment once,
// when the streams are made.
func TestNewStreamsTermDumb(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	t.Setenv("TERM", "dumb")
	if newStreams(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}).color {
		t.Error("TERM=dumb allows colour")
	}
	t.Setenv("TERM", "xterm")
	if !newStreams(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}).color {
		t.Error("TERM=xterm without NO_COLOR forbids colour")
	}
}
