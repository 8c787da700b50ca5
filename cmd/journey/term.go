package main

import (
	"io"
	"os"

	"github.com/spf13/cobra"
)

// newStreams decides once, for the whole run, which streams are terminals
// and whether colour is allowed on them (see colorAllowed); pictures are
// drawn by the journey-graphviz helpers. --color, read later, can force
// colour on or off (see colorFor).
func newStreams(in io.Reader, out, err io.Writer) *streams {
	h := &helperDrawer{}
	return &streams{
		in: in, out: out, err: err,
		outTTY:   isTerminal(out),
		errTTY:   isTerminal(err),
		color:    colorAllowed(os.Getenv),
		draw:     h.draw,
		prestart: h.prestart,
	}
}

// colorAllowed tells whether --color auto may colour a terminal: not when
// NO_COLOR is set to anything non-empty (no-color.org), nor when TERM is
// "dumb", a terminal that does not read escape sequences (Emacs' shell).
func colorAllowed(getenv func(string) string) bool {
	return getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
}

// colorModes are the values of --color, the default first.
var colorModes = []string{"auto", "always", "never"}

// colorFlag defines the global --color on the root command, for every
// command.
func colorFlag(root *cobra.Command, s *streams) {
	if s.colorMode == "" {
		s.colorMode = colorModes[0]
	}
	root.PersistentFlags().Var(&enumValue{p: &s.colorMode, options: colorModes}, "color",
		"colour the output: auto (on a terminal, unless NO_COLOR is set or TERM=dumb), always, never")
	_ = root.RegisterFlagCompletionFunc("color", fixedCompletion(colorModes...))
}

// colorFor tells whether to colour a stream that is a terminal (tty) or
// not: --color always and never decide alone; auto colours a terminal
// when colour is allowed.
func (s *streams) colorFor(tty bool) bool {
	switch s.colorMode {
	case "always":
		return true
	case "never":
		return false
	}
	return tty && s.color
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
