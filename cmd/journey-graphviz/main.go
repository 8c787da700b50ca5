// Command journey-graphviz lays out DOT and draws it with the Graphviz
// library compiled to WebAssembly. journey render runs it, so that the
// journey binary itself does not link the WebAssembly module, whose
// compilation at start-up would slow every other command.
//
//	journey-graphviz svg|png         one DOT graph on stdin, the picture on stdout
//	journey-graphviz tiles svg|png --journey-version=V [--scale=K]
//	                                 DOT graphs in frames on stdin; on stdout a
//	                                 frame with the helper's version, then for each
//	                                 graph its SVG (and with png, its PNG, K times
//	                                 96 dpi) in frames
//	journey-graphviz tiles           the same, with the arguments after tiles in a
//	                                 first frame on stdin, one a line: journey
//	                                 starts the helper before it knows them
//	journey-graphviz check           only starts Graphviz, to check the installation
//	journey-graphviz version         prints the version
//
// A frame is a length in decimal and a newline, then that many bytes. The
// tiles mode refuses a journey of another release (see frames.SameRelease):
// the two programs are released together and checked against each other.
package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"

	// Backs the heap's start in one system call (see the package).
	_ "github.com/journey-maps/journey/cmd/internal/prefault"
	"github.com/journey-maps/journey/render/diagram/frames"
	"github.com/journey-maps/journey/render/diagram/graphviz"
)

const usage = "usage: journey-graphviz svg|png|check|version  (DOT on stdin, the picture on stdout)\n" +
	"       journey-graphviz tiles svg|png --journey-version=V [--scale=K]  (DOT graphs in frames on stdin, pictures in frames on stdout)\n" +
	"       journey-graphviz tiles  (the same, the arguments after tiles in a first frame on stdin, one a line)"

// scaleFlag enlarges the PNG of tiles: --scale=2 draws at 192 dpi.
const scaleFlag = "--scale="

// version, commit and date are stamped by the release build
// (-ldflags "-X main.version=1.2.0 -X main.commit=... -X main.date=...");
// a go install build takes them from its build information instead.
var version, commit, date = "", "", ""

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	isFormat := func(s string) bool { return s == graphviz.FormatSVG || s == graphviz.FormatPNG }
	if len(args) == 1 && (args[0] == "version" || args[0] == "--version") {
		fmt.Fprintln(stdout, versionString())
		return 0
	}
	in := bufio.NewReader(stdin)
	if len(args) == 1 && args[0] == "tiles" {
		// Started early, Graphviz loading while journey reads its
		// command line: the arguments come first on stdin. An input that
		// ends before them is a journey that did not need the helper.
		b, err := frames.Read(in)
		if errors.Is(err, io.EOF) {
			return 0
		}
		if err != nil {
			fmt.Fprintf(stderr, "journey-graphviz: cannot read the arguments: %v\n", err)
			return 2
		}
		args = append(args, strings.Split(string(b), "\n")...)
	}
	// A scale, last, is for tiles only.
	scale := 1.0
	if n := len(args); n == 4 && args[0] == "tiles" {
		v, ok := strings.CutPrefix(args[n-1], scaleFlag)
		k, err := strconv.ParseFloat(v, 64)
		if !ok || err != nil || !(k > 0 && k <= 64) {
			fmt.Fprintln(stderr, usage)
			return 2
		}
		scale, args = k, args[:n-1]
	}
	tiles := len(args) >= 2 && len(args) <= 3 && args[0] == "tiles" && isFormat(args[1])
	if !tiles && (len(args) != 1 || !isFormat(args[0]) && args[0] != "check") {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	if tiles {
		if code := handshake(args[2:], stdout, stderr); code != 0 {
			return code
		}
	}
	ctx := context.Background()
	e, err := graphviz.New(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "journey-graphviz: %v\n", err)
		return 1
	}
	defer e.Close()
	if args[0] == "check" {
		fmt.Fprintln(stdout, "journey-graphviz: ok")
		return 0
	}
	w := bufio.NewWriter(stdout)
	if tiles {
		if code := drawTiles(ctx, e, args[1], scale, in, w, stderr); code != 0 {
			return code
		}
	} else {
		dot, err := io.ReadAll(in)
		if err != nil {
			fmt.Fprintf(stderr, "journey-graphviz: cannot read dot from stdin: %v\n", err)
			return 2
		}
		if err := e.Render(ctx, dot, args[0], w); err != nil {
			fmt.Fprintf(stderr, "journey-graphviz: %v\n", err)
			return 1
		}
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintf(stderr, "journey-graphviz: cannot write the picture: %v\n", err)
		return 2
	}
	return 0
}

// handshake answers journey's version (given as --journey-version=V) with
// the helper's own in the first frame, and refuses a journey of another
// release, or one too old to say its version, before drawing anything.
func handshake(args []string, stdout, stderr io.Writer) int {
	mine := ownVersion()
	theirs, ok := "", false
	if len(args) == 1 {
		theirs, ok = strings.CutPrefix(args[0], frames.VersionFlag)
	}
	if !ok && len(args) == 1 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	if err := frames.Write(stdout, frames.Hello(mine)); err != nil {
		fmt.Fprintf(stderr, "journey-graphviz: cannot write the version: %v\n", err)
		return 2
	}
	if !ok {
		fmt.Fprintf(stderr, "journey-graphviz %s: journey did not send its version, so it is from an older release; "+
			"install both from the same release archive, or both with `go install github.com/journey-maps/journey/cmd/...@VERSION` "+
			"(from a checkout: `go install ./cmd/...`)\n", mine)
		return 2
	}
	if !frames.SameRelease(theirs, mine) {
		fmt.Fprintf(stderr, "journey-graphviz: %v\n", &frames.MismatchError{Journey: theirs, Helper: mine})
		return 2
	}
	return 0
}

// ownVersion is the stamped version, else the module's, in its shown form.
func ownVersion() string {
	v := version
	if v == "" {
		if info, ok := debug.ReadBuildInfo(); ok {
			v = info.Main.Version
		}
	}
	return frames.Normalize(v)
}

// versionString is what `journey-graphviz version` prints.
func versionString() string {
	c, d := commit, date
	// goreleaser stamps "none" and "unknown" where git could not tell it.
	if c == "none" || c == "unknown" {
		c = ""
	}
	if d == "none" || d == "unknown" {
		d = ""
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, st := range info.Settings {
			switch {
			case st.Key == "vcs.revision" && c == "":
				c = st.Value
			case st.Key == "vcs.time" && d == "":
				d = st.Value
			}
		}
	}
	out := "journey-graphviz " + ownVersion()
	var extra []string
	if c != "" {
		extra = append(extra, "commit "+c[:min(len(c), 12)])
	}
	if d != "" {
		extra = append(extra, "built "+d)
	}
	if len(extra) > 0 {
		out += " (" + strings.Join(extra, ", ") + ")"
	}
	return out
}

// drawTiles draws every DOT frame of r as SVG, and for png also as PNG from
// the same layout, each picture in its own frame, sent as soon as drawn.
func drawTiles(ctx context.Context, e *graphviz.Engine, format string, scale float64, r *bufio.Reader, w *bufio.Writer, stderr io.Writer) int {
	formats := []string{graphviz.FormatSVG}
	if format == graphviz.FormatPNG {
		formats = append(formats, graphviz.FormatPNG)
	}
	for n := 1; ; n++ {
		dot, err := frames.Read(r)
		if errors.Is(err, io.EOF) {
			return 0
		}
		if err != nil {
			fmt.Fprintf(stderr, "journey-graphviz: tile %d: %v\n", n, err)
			return 2
		}
		out, err := e.RenderAllScaled(ctx, dot, scale, formats...)
		if err != nil {
			fmt.Fprintf(stderr, "journey-graphviz: tile %d: %v\n", n, err)
			return 1
		}
		for _, b := range out {
			if err := frames.Write(w, b); err != nil {
				fmt.Fprintf(stderr, "journey-graphviz: cannot write the picture: %v\n", err)
				return 2
			}
		}
		// journey sends the next tile when this one is back.
		if err := w.Flush(); err != nil {
			fmt.Fprintf(stderr, "journey-graphviz: cannot write the picture: %v\n", err)
			return 2
		}
	}
}
