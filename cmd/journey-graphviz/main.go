// Command journey-graphviz lays out DOT and draws it with the Graphviz
// library compiled to WebAssembly. journey render runs it, so that the
// journey binary itself does not link the WebAssembly module, whose
// compilation at start-up would slow every other command.
//
//	journey-graphviz svg|png         one DOT graph on stdin, the picture on stdout
//	journey-graphviz tiles svg|png   DOT graphs in frames on stdin; for each, in
//	                                 frames on stdout, its SVG (and with png, its PNG)
//	journey-graphviz check           only starts Graphviz, to check the installation
//
// A frame is a length in decimal and a newline, then that many bytes.
package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/journey-maps/journey/render/diagram/frames"
	"github.com/journey-maps/journey/render/diagram/graphviz"
)

const usage = "usage: journey-graphviz svg|png|check  (DOT on stdin, the picture on stdout)\n" +
	"       journey-graphviz tiles svg|png  (DOT graphs in frames on stdin, pictures in frames on stdout)"

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	isFormat := func(s string) bool { return s == graphviz.FormatSVG || s == graphviz.FormatPNG }
	tiles := len(args) == 2 && args[0] == "tiles" && isFormat(args[1])
	if !tiles && (len(args) != 1 || !isFormat(args[0]) && args[0] != "check") {
		fmt.Fprintln(stderr, usage)
		return 2
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
		if code := drawTiles(ctx, e, args[1], bufio.NewReader(stdin), w, stderr); code != 0 {
			return code
		}
	} else {
		dot, err := io.ReadAll(stdin)
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

// drawTiles draws every DOT frame of r as SVG, and for png also as PNG from
// the same layout, each picture in its own frame.
func drawTiles(ctx context.Context, e *graphviz.Engine, format string, r *bufio.Reader, w io.Writer, stderr io.Writer) int {
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
		out, err := e.RenderAll(ctx, dot, formats...)
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
	}
}
