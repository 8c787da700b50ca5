package diagram

import (
	"strings"
	"unicode"

	"github.com/clipperhouse/displaywidth"
)

// Label widths in columns (see Columns): a longer label wraps onto several
// lines (see Wrap), so that one long name does not stretch its stage, and
// with it the whole map, across a wall. Names fit the examples' longest on
// one line; figure lines, set smaller, take more columns.
const (
	// NameColumns is for touchpoint and stage names and channels.
	NameColumns = 28
	// NoteColumns is for the small print: KPI badges, the touchpoint's
	// lines about flows elsewhere, the KPI list's scopes.
	NoteColumns = 44
	// TitleColumns is for the map's title and subtitle.
	TitleColumns = 60
)

// Columns is the width of s in columns, as a terminal counts them: most
// characters take one, East Asian wide and fullwidth characters and emoji
// two, combining marks none. A grapheme cluster (a letter with its accents,
// an emoji sequence) counts once.
func Columns(s string) int { return displaywidth.String(s) }

// Wrap breaks s into lines of at most width columns (see Columns): at
// spaces (not no-break spaces), and between East Asian wide characters, which need none (but not
// before closing punctuation such as "、" or "）"). A word wider than a line
// is cut between grapheme clusters: no character, accent or emoji sequence
// is ever split. Runs of spaces collapse to one and none starts or ends a
// line. The empty string gives no lines; width below 2 is taken as 2.
func Wrap(s string, width int) []string {
	width = max(width, 2)
	var lines []string
	var cur strings.Builder
	curW := 0
	flush := func() {
		if cur.Len() > 0 {
			lines = append(lines, cur.String())
		}
		cur.Reset()
		curW = 0
	}
	for _, w := range wrapWords(s) {
		need := w.width
		if curW > 0 && w.space {
			need++
		}
		if curW+need <= width {
			if curW > 0 && w.space {
				cur.WriteByte(' ')
			}
			cur.WriteString(w.text)
			curW += need
			continue
		}
		flush()
		if w.width <= width {
			cur.WriteString(w.text)
			curW = w.width
			continue
		}
		// Too wide for any line: cut it between grapheme clusters.
		g := displaywidth.StringGraphemes(w.text)
		for g.Next() {
			gw := g.Width()
			if curW+gw > width && curW > 0 {
				flush()
			}
			cur.WriteString(g.Value())
			curW += gw
		}
	}
	flush()
	return lines
}

// wrapWord is a piece of text that a line break may precede; space tells
// whether a space stands before it.
type wrapWord struct {
	text  string
	width int
	space bool
	wide  bool // starts with an East Asian wide character
}

// wrapWords cuts s into the pieces Wrap fills lines with: words between
// spaces, and each East Asian wide character on its own, with any closing
// punctuation that follows it.
func wrapWords(s string) []wrapWord {
	var words []wrapWord
	var cur wrapWord
	var b strings.Builder
	space := false
	end := func() {
		if b.Len() > 0 {
			cur.text = b.String()
			words = append(words, cur)
		}
		b.Reset()
		cur = wrapWord{}
	}
	g := displaywidth.StringGraphemes(s)
	for g.Next() {
		v := g.Value()
		r := firstRune(v)
		switch {
		case unicode.IsSpace(r) && !noBreakSpace(r):
			end()
			space = true
			continue
		case b.Len() > 0 && noBreakBefore(r):
			// Stays with what it closes.
		case g.Width() == 2 || b.Len() > 0 && cur.wide:
			// A wide character stands alone; so does the narrow text after it.
			end()
		}
		if b.Len() == 0 {
			cur.space, space = space, false
			cur.wide = g.Width() == 2
		}
		b.WriteString(v)
		cur.width += g.Width()
	}
	end()
	return words
}

// noBreakSpace reports whether r is a space that joins its neighbours
// (no-break, narrow no-break and figure space): Wrap does not break there.
func noBreakSpace(r rune) bool { return r == '\u00a0' || r == '\u202f' || r == '\u2007' }

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

// noBreakBefore reports whether a line must not start with r: closing
// punctuation and the small kana and prolonged sound mark of Japanese
// (a short list after the line-breaking rules of East Asian typesetting).
func noBreakBefore(r rune) bool {
	return strings.ContainsRune("、。，．・：；？！）」』】〕〉》’”ー々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.:;?!)]}%", r)
}
