package main

import (
	"bufio"
	"bytes"
	"image/png"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/journey-maps/journey/render/diagram/frames"
)

func frame(s string) string { return strconv.Itoa(len(s)) + "\n" + s }

// dev is the argument of a journey built from a checkout, like this test;
// hello is the helper's answer to it.
var (
	dev   = frames.VersionFlag + "(devel)"
	hello = frame("journey-graphviz dev")
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
		{"version", []string{"version"}, "", 0, "journey-graphviz dev", ""},
		{"--version", []string{"--version"}, "", 0, "journey-graphviz dev", ""},
		{"tiles, no input", []string{"tiles"}, "", 0, "", ""},
		{"tiles, arguments on stdin", []string{"tiles"}, frame("svg\n"+dev) + frame("digraph { a -> b }"), 0, hello, ""},
		{"tiles, arguments on stdin at a scale", []string{"tiles"}, frame("png\n"+dev+"\n--scale=2") + frame("digraph { a }"), 0, hello, ""},
		{"tiles, no format on stdin", []string{"tiles"}, frame(dev), 2, "", "usage:"},
		{"tiles, unknown format on stdin", []string{"tiles"}, frame("pdf\n" + dev), 2, "", "usage:"},
		{"tiles, broken arguments frame", []string{"tiles"}, "40\nsvg", 2, "", "cannot read the arguments"},
		{"tiles, no version on stdin", []string{"tiles"}, frame("svg"), 2, hello, "journey did not send its version"},
		{"tiles svg", []string{"tiles", "svg", dev}, frame("digraph { a -> b }") + frame("digraph { c }"), 0, hello, ""},
		{"no tiles", []string{"tiles", "png", dev}, "", 0, hello, ""},
		{"broken tile", []string{"tiles", "svg", dev}, frame("digraph { a }") + frame("digraph { a -> "), 1, hello, "tile 2: cannot parse dot"},
		{"broken frame", []string{"tiles", "svg", dev}, "40\ndigraph", 2, hello, "tile 1: cannot read a frame of 40 bytes"},
		{"journey without a version", []string{"tiles", "svg"}, frame("digraph { a }"), 2, hello,
			"journey-graphviz dev: journey did not send its version, so it is from an older release"},
		{"journey of a release", []string{"tiles", "svg", "--journey-version=v1.2.0"}, frame("digraph { a }"), 2, hello,
			"journey 1.2.0 and journey-graphviz dev are from different releases"},
		{"unknown third argument", []string{"tiles", "svg", "--journey"}, "", 2, "", "usage:"},
		{"tiles png at a scale", []string{"tiles", "png", dev, "--scale=2"}, frame("digraph { a -> b }"), 0, hello, ""},
		{"scale not a number", []string{"tiles", "png", dev, "--scale=big"}, "", 2, "", "usage:"},
		{"scale of zero", []string{"tiles", "png", dev, "--scale=0"}, "", 2, "", "usage:"},
		{"scale without tiles", []string{"png", "--scale=2"}, "", 2, "", "usage:"},
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

// TestTiles checks that every tile comes back in order, as SVG and, when
// asked, as a PNG from the same layout.
func TestTiles(t *testing.T) {
	in := frame(`digraph one { graph [id="one"]; a -> b }`) + frame(`digraph two { graph [id="two"]; c }`)
	for _, format := range []string{"svg", "png"} {
		var out, errb bytes.Buffer
		if code := run([]string{"tiles", format, dev}, strings.NewReader(in), &out, &errb); code != 0 {
			t.Fatalf("%s: exit %d: %s", format, code, errb.String())
		}
		r := bufio.NewReader(&out)
		if v, err := frames.ReadHello(r); err != nil || v != "dev" {
			t.Fatalf("%s: hello %q, %v; want dev", format, v, err)
		}
		for _, id := range []string{"one", "two"} {
			svg, err := frames.Read(r)
			if err != nil {
				t.Fatalf("%s: tile %s: %v", format, id, err)
			}
			if !bytes.Contains(svg, []byte(`<g id="`+id+`" class="graph"`)) {
				t.Errorf("%s: tile %s: not its svg: %.200s", format, id, svg)
			}
			if format != "png" {
				continue
			}
			pic, err := frames.Read(r)
			if err != nil {
				t.Fatalf("png: tile %s: %v", id, err)
			}
			if _, err := png.Decode(bytes.NewReader(pic)); err != nil {
				t.Errorf("png: tile %s: %v", id, err)
			}
		}
		if _, err := frames.Read(r); err != io.EOF {
			t.Errorf("%s: more output than tiles: %v", format, err)
		}
	}
}

// TestVersionStamps: the helper prints and answers with the version the
// release build stamped, in the same form as journey.
func TestVersionStamps(t *testing.T) {
	defer func(v, c, d string) { version, commit, date = v, c, d }(version, commit, date)
	for _, tt := range []struct{ version, commit, date, want string }{
		{"v1.2.0", "0123456789abcdef", "2026-01-02T03:04:05Z", "journey-graphviz 1.2.0 (commit 0123456789ab, built 2026-01-02T03:04:05Z)\n"},
		{"1.2.0-next", "none", "unknown", "journey-graphviz 1.2.0-next\n"},
	} {
		version, commit, date = tt.version, tt.commit, tt.date
		var out, errb bytes.Buffer
		if code := run([]string{"version"}, strings.NewReader(""), &out, &errb); code != 0 || out.String() != tt.want {
			t.Errorf("%q: exit %d, %q; want %q", tt.version, code, out.String(), tt.want)
		}
		out.Reset()
		run([]string{"tiles", "svg", frames.VersionFlag + "1.2.0"}, strings.NewReader(""), &out, &errb)
		v, err := frames.ReadHello(bufio.NewReader(&out))
		if err != nil || v != strings.TrimPrefix(tt.version, "v") {
			t.Errorf("%q: hello %q, %v", tt.version, v, err)
		}
	}
}

// TestTileSentWhenDrawn: each tile's picture reaches journey while the
// helper waits for the next tile, since journey sends a tile only when one
// it sent before is back.
func TestTileSentWhenDrawn(t *testing.T) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run([]string{"tiles", "svg", dev}, inR, outW, io.Discard)
		outW.Close()
	}()
	r := bufio.NewReader(outR)
	if _, err := frames.ReadHello(r); err != nil {
		t.Fatal(err)
	}
	for _, dot := range []string{"digraph { a -> b }", "digraph { c }"} {
		if _, err := io.WriteString(inW, frame(dot)); err != nil {
			t.Fatal(err)
		}
		got := make(chan error, 1)
		go func() {
			b, err := frames.Read(r)
			if err == nil && !bytes.Contains(b, []byte("</svg>")) {
				err = io.ErrUnexpectedEOF
			}
			got <- err
		}()
		select {
		case err := <-got:
			if err != nil {
				t.Fatalf("%s: %v", dot, err)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("%s: no picture while the helper waits for the next tile", dot)
		}
	}
	inW.Close()
	if code := <-done; code != 0 {
		t.Errorf("exit %d", code)
	}
}
