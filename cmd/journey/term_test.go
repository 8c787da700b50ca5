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
