package main

import (
	"io"
	"os"
)

// newStreams decides once, for the whole run, which streams are terminals
// and whether colour is allowed (never when NO_COLOR is set to anything
// non-empty); pictures are drawn by the journey-graphviz helpers.
func newStreams(in io.Reader, out, err io.Writer) *streams {
	h := &helperDrawer{}
	return &streams{
		in: in, out: out, err: err,
		outTTY:   isTerminal(out),
		errTTY:   isTerminal(err),
		color:    os.Getenv("NO_COLOR") == "",
		draw:     h.draw,
		prestart: h.prestart,
	}
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
