package fonts

import (
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

func TestFace(t *testing.T) {
	for _, style := range []Style{Regular, Bold, Italic} {
		small, err := Face(style, 11)
		if err != nil {
			t.Fatal(err)
		}
		if again, _ := Face(style, 11); again != small {
			t.Errorf("style %d: the face is not cached", style)
		}
		large, _ := Face(style, 22)
		if small.Metrics().Height >= large.Metrics().Height {
			t.Errorf("style %d: 11 px is not smaller than 22 px", style)
		}
	}
	// Bold strokes are thicker: more ink in the same glyph.
	regular, _ := Face(Regular, 40)
	bold, _ := Face(Bold, 40)
	if r, b := ink(t, regular), ink(t, bold); b <= r {
		t.Errorf("bold W has %d of ink, regular %d", b, r)
	}
}

func ink(t *testing.T, f font.Face) int {
	t.Helper()
	dr, mask, mp, _, ok := f.Glyph(fixed.P(0, 40), 'W')
	if !ok {
		t.Fatal("no glyph W")
	}
	sum := 0
	for y := 0; y < dr.Dy(); y++ {
		for x := 0; x < dr.Dx(); x++ {
			_, _, _, a := mask.At(mp.X+x, mp.Y+y).RGBA()
			sum += int(a >> 8)
		}
	}
	return sum
}
