package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
)

// progressBar draws reading progress on a terminal; nil (a no-op) when
// standard error is not a terminal.
type progressBar struct {
	w     io.Writer
	name  string
	start time.Time
	shown bool
}

// progressMin is the file size from which reading shows progress.
const progressMin = 32 << 20

func newProgressBar(s *streams, name string) *progressBar {
	if !s.errTTY {
		return nil
	}
	return &progressBar{w: s.err, name: name, start: time.Now()}
}

func (p *progressBar) update(done, total int64) {
	if p == nil || total < progressMin || time.Since(p.start) < 200*time.Millisecond && done < total {
		return
	}
	const width = 30
	frac := float64(done) / float64(total)
	frac = min(max(frac, 0), 1)
	n := int(frac * width)
	fmt.Fprintf(p.w, "\r%s [%s%s] %3.0f%% %d/%d MB", filepath.Base(p.name), strings.Repeat("=", n), strings.Repeat(" ", width-n), frac*100, done>>20, total>>20)
	p.shown = true
}

func (p *progressBar) done() {
	if p != nil && p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
