package diagram

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/clipperhouse/displaywidth"

	"golang.org/x/image/font"

	"github.com/journey-maps/journey/render/diagram/fonts"
)

// The canvas measures its text with the fonts PNG pictures are drawn with
// (see package fonts), so that a PNG's text fits its boxes exactly; SVG
// viewers draw it in Arial or Helvetica, which run narrower, so it fits
// there too.

// measureMu guards the shared font faces, which are not safe for
// concurrent use.
var measureMu sync.Mutex

// measure is the advance width of s in points at size.
func measure(s string, size float64, bold bool) float64 {
	style := fonts.Regular
	if bold {
		style = fonts.Bold
	}
	measureMu.Lock()
	defer measureMu.Unlock()
	// Faces are measured at 100 px and scaled, so that every size shares
	// one cached face; without hinting, widths scale linearly.
	face, err := fonts.Face(style, 100)
	if err != nil {
		return textWidth(s, size, bold)
	}
	return float64(font.MeasureString(face, s)) / 64 / 100 * size
}

// wrap breaks s into lines no wider than width at size: at spaces, and
// inside a word only when the word alone is wider than a line (a URL, or
// a script written without spaces). At most maxLines lines are kept, the
// last cut with "…" when text is left over.
func wrap(s string, size float64, bold bool, width float64, maxLines int) []string {
	var lines []string
	line := ""
	fits := func(t string) bool { return measure(t, size, bold) <= width }
	// Breaks where the flow view's Wrap breaks (wrapWords): at spaces and
	// between East Asian wide characters, never before closing
	// punctuation; widths are measured in the font instead of counted.
	for _, w := range wrapWords(s) {
		word := w.text
		candidate := word
		switch {
		case line != "" && w.space:
			candidate = line + " " + word
		case line != "":
			candidate = line + word
		}
		if fits(candidate) {
			line = candidate
			continue
		}
		if line != "" {
			lines = append(lines, line)
			line = ""
		}
		// A word wider than a line is cut after its last hyphen that
		// fits, else where it no longer fits: between characters as the
		// reader sees them (never inside an emoji or an accented letter),
		// and not before a mark that may not start a line (closing
		// punctuation, Japanese small kana and the prolonged sound mark;
		// see noBreakBefore).
		for !fits(word) {
			cut, hyphen := 0, 0
			g := displaywidth.StringGraphemes(word)
			for i := 0; g.Next(); i += len(g.Value()) {
				v := g.Value()
				if i > 0 && !fits(word[:i]) {
					break
				}
				if i > 0 && !noBreakBefore(firstRune(v)) {
					cut = i
				}
				if v == "-" && fits(word[:i+1]) {
					hyphen = i + 1
				}
			}
			if hyphen > 0 && hyphen < len(word) {
				cut = hyphen
			}
			if cut == 0 {
				_, cut = utf8.DecodeRuneInString(word)
			}
			lines = append(lines, word[:cut])
			word = word[cut:]
		}
		line = word
	}
	if line != "" {
		lines = append(lines, line)
	}
	if maxLines > 0 && len(lines) > maxLines {
		last := lines[maxLines-1] + "…"
		for !fits(last) && utf8.RuneCountInString(last) > 1 {
			r := []rune(last)
			last = strings.TrimRight(string(r[:len(r)-2]), " ") + "…"
		}
		lines = append(lines[:maxLines-1], last)
	}
	return lines
}
