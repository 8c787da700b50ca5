// Command journey-graphviz lays out DOT read from stdin and writes it as SVG
// or PNG to stdout: `journey-graphviz svg|png`; `journey-graphviz check`
// only starts Graphviz, to check the installation. journey render runs it, so
// that the journey binary itself does not link the Graphviz WebAssembly
// module, whose compilation at start-up would slow every other command.
package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/journey-maps/journey/render/graphviz"
)

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) != 1 || (args[0] != graphviz.FormatSVG && args[0] != graphviz.FormatPNG && args[0] != "check") {
		fmt.Fprintln(stderr, "usage: journey-graphviz svg|png|check  (DOT on stdin, the picture on stdout)")
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
	dot, err := io.ReadAll(stdin)
	if err != nil {
		fmt.Fprintf(stderr, "journey-graphviz: cannot read dot from stdin: %v\n", err)
		return 2
	}
	w := bufio.NewWriter(stdout)
	if err := e.Render(ctx, dot, args[0], w); err != nil {
		fmt.Fprintf(stderr, "journey-graphviz: %v\n", err)
		return 1
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintf(stderr, "journey-graphviz: cannot write the picture: %v\n", err)
		return 2
	}
	return 0
}
