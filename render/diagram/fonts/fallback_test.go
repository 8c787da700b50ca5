package fonts

import (
	"bytes"
	"image"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// missing is a character no font has (the last private-use code point):
// it is drawn as the Go fonts' empty box, .notdef.
const missing = '\U0010FFFD'

// glyphMask draws r alone with the face and returns its coverage.
func glyphMask(t *testing.T, f font.Face, r rune) (*image.Alpha, int) {
	t.Helper()
	dst := image.NewAlpha(image.Rect(0, 0, 80, 80))
	d := font.Drawer{Dst: dst, Src: image.Opaque, Face: f, Dot: fixed.P(10, 60)}
	d.DrawString(string(r))
	ink := 0
	for _, a := range dst.Pix {
		ink += int(a)
	}
	return dst, ink
}

// TestFallbackGlyphs: characters the Go fonts lack (Japanese, Chinese,
// Korean, emoji) are drawn from installed fonts, not as the empty box a
// missing character gets; the Go fonts keep Latin and Cyrillic. CI
// installs the fonts (fonts-noto-cjk, fonts-symbola in .ci/run).
func TestFallbackGlyphs(t *testing.T) {
	for _, style := range []Style{Regular, Bold} {
		f, err := Face(style, 40)
		if err != nil {
			t.Fatal(err)
		}
		box, boxInk := glyphMask(t, f, missing)
		if boxInk == 0 {
			t.Fatal("the missing character draws nothing, expected the empty box")
		}
		for _, r := range []rune{'ä', 'Ж', 'あ', 'カ', '中', '旅', '한', '여', '🚀', '😀'} {
			m, ink := glyphMask(t, f, r)
			if ink == 0 {
				t.Errorf("style %d: %q draws no ink", style, r)
			}
			if bytes.Equal(m.Pix, box.Pix) {
				t.Errorf("style %d: %q is drawn as the empty box of a missing character", style, r)
			}
		}
		// A variation selector or a joiner draws nothing and takes no room.
		for _, r := range []rune{'\uFE0F', '\u200D'} {
			if _, ink := glyphMask(t, f, r); ink != 0 {
				t.Errorf("style %d: %U draws ink", style, r)
			}
			if adv, _ := f.GlyphAdvance(r); adv != 0 {
				t.Errorf("style %d: %U advances %v", style, r, adv)
			}
		}
	}
}

// TestFallbackWithoutFontconfig: without fontconfig a missing character is
// the empty box, and nothing fails.
func TestFallbackWithoutFontconfig(t *testing.T) {
	old := fcMatch
	fcMatch = "journey-no-such-fc-match"
	defer func() { fcMatch = old }()
	f := &fallbackFace{style: Italic, size: 20}
	if got := fontconfigCandidates(f.style, 'ぁ'); got != nil {
		t.Errorf("found %v without fontconfig", got)
	}
}
