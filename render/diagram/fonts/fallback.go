package fonts

import (
	"bufio"
	"bytes"
	"context"
	"image"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Fallback fonts: the Go fonts cover Latin, Greek and Cyrillic; for any
// other character (Japanese, Chinese, Korean, emoji, ...) a face asks
// fontconfig (fc-match) for an installed font that has it, as desktop
// programs do. Fonts that hold only colour bitmaps (such as Noto Color
// Emoji) are passed over: only outlines can be drawn at any size. Without
// fontconfig, or without such a font, the character is drawn as the Go
// fonts' empty box.

// NoSystemFonts is the environment variable that, set to 1, keeps pictures
// to the embedded Go fonts: the same picture on every machine, characters
// they lack drawn as empty boxes.
const NoSystemFonts = "JOURNEY_NO_SYSTEM_FONTS"

// fcMatch is the fontconfig program; a variable for tests.
var fcMatch = "fc-match"

// fcTimeout bounds one fontconfig query, which may build its cache first.
const fcTimeout = 20 * time.Second

// maxCandidates is how many of fontconfig's sorted matches are tried for
// one character.
const maxCandidates = 12

type fallbackFont struct {
	path  string
	index int
	f     *sfnt.Font
}

var (
	fbMu sync.Mutex
	// fbFonts are the fallback fonts loaded so far, per style, in the
	// order they were first needed: a character is looked up in them
	// before fontconfig is asked.
	fbFonts = map[Style][]*fallbackFont{}
	// fbFiles are the fonts loaded by file and index (nil: unusable).
	fbFiles = map[string]*fallbackFont{}
	// fbRunes remembers, per style, the font of a character (nil: none).
	fbRunes = map[Style]map[rune]*fallbackFont{}
)

// fallbackFor finds an installed font with outlines for r in the style.
func fallbackFor(style Style, r rune) *fallbackFont {
	fbMu.Lock()
	defer fbMu.Unlock()
	if fbRunes[style] == nil {
		fbRunes[style] = map[rune]*fallbackFont{}
	}
	if f, ok := fbRunes[style][r]; ok {
		return f
	}
	var found *fallbackFont
	for _, f := range fbFonts[style] {
		if hasGlyph(f.f, r) {
			found = f
			break
		}
	}
	if found == nil {
		for _, c := range fontconfigCandidates(style, r) {
			f := loadFallback(c.path, c.index)
			if f != nil && hasGlyph(f.f, r) {
				found = f
				fbFonts[style] = append(fbFonts[style], f)
				break
			}
		}
	}
	fbRunes[style][r] = found
	return found
}

type candidate struct {
	path  string
	index int
}

// fontconfigCandidates lists fontconfig's fonts for r in the style, best
// first; none when fontconfig is missing or fails.
func fontconfigCandidates(style Style, r rune) []candidate {
	pattern := "sans-serif"
	switch style {
	case Bold:
		pattern += ":weight=bold"
	case Italic:
		pattern += ":slant=italic"
	}
	pattern += ":charset=" + strconv.FormatInt(int64(r), 16)
	ctx, cancel := context.WithTimeout(context.Background(), fcTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, fcMatch, "-s", "-f", "%{file}\t%{index}\n", pattern).Output()
	if err != nil {
		return nil
	}
	var cs []candidate
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() && len(cs) < maxCandidates {
		path, idx, ok := strings.Cut(sc.Text(), "\t")
		if !ok || path == "" {
			continue
		}
		i, _ := strconv.Atoi(idx)
		cs = append(cs, candidate{path, i})
	}
	return cs
}

// loadFallback opens the font at index i of the file, once; nil when it
// cannot be read or has no outlines to draw.
func loadFallback(path string, i int) *fallbackFont {
	key := path + "\x00" + strconv.Itoa(i)
	if f, ok := fbFiles[key]; ok {
		return f
	}
	fbFiles[key] = nil
	file, err := os.Open(path)
	if err != nil {
		return nil
	}
	// The file stays open for the life of the process: the font's glyphs
	// are read from it as they are drawn (a CJK font is tens of MB).
	c, err := sfnt.ParseCollectionReaderAt(file)
	if err != nil || i < 0 || i >= c.NumFonts() {
		file.Close()
		return nil
	}
	f, err := c.Font(i)
	if err != nil || !hasOutlines(f) {
		file.Close()
		return nil
	}
	fb := &fallbackFont{path: path, index: i, f: f}
	fbFiles[key] = fb
	return fb
}

// hasOutlines reports whether the font's glyphs are outlines: a colour
// bitmap font's load as errors or as nothing.
func hasOutlines(f *sfnt.Font) bool {
	var b sfnt.Buffer
	for _, r := range []rune{'0', 'A', '中', '😀', 'ا'} {
		x, err := f.GlyphIndex(&b, r)
		if err != nil || x == 0 {
			continue
		}
		segs, err := f.LoadGlyph(&b, x, fixed.I(64), nil)
		return err == nil && len(segs) > 0
	}
	// None of the probes: try the first glyphs after .notdef.
	for x := sfnt.GlyphIndex(1); int(x) < min(f.NumGlyphs(), 16); x++ {
		if segs, err := f.LoadGlyph(&b, x, fixed.I(64), nil); err == nil && len(segs) > 0 {
			return true
		}
	}
	return false
}

func hasGlyph(f *sfnt.Font, r rune) bool {
	var b sfnt.Buffer
	x, err := f.GlyphIndex(&b, r)
	return err == nil && x != 0
}

// fallbackFace is a face of the Go fonts that draws the characters they
// lack with fallback fonts.
type fallbackFace struct {
	font.Face // the Go font's
	primary   *truetype.Font
	style     Style
	size      float64
	faces     map[*fallbackFont]font.Face
}

// faceFor is the face that draws r: the Go font's, a fallback font's, or
// nil for an invisible character that no font has (a variation selector,
// a joiner), which is drawn as nothing.
func (f *fallbackFace) faceFor(r rune) font.Face {
	if f.primary.Index(r) != 0 || r < 0x20 {
		return f.Face
	}
	var fb *fallbackFont
	if os.Getenv(NoSystemFonts) != "1" {
		fb = fallbackFor(f.style, r)
	}
	if fb == nil {
		if invisible(r) {
			return nil
		}
		return f.Face
	}
	face, ok := f.faces[fb]
	if !ok {
		var err error
		face, err = opentype.NewFace(fb.f, &opentype.FaceOptions{Size: f.size, DPI: 72, Hinting: font.HintingNone})
		if err != nil {
			face = f.Face
		}
		f.faces[fb] = face
	}
	return face
}

// invisible reports whether r draws nothing: format characters (joiners,
// marks of direction) and variation selectors, such as the one that asks
// for an emoji's colour form.
func invisible(r rune) bool {
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r)
}

func (f *fallbackFace) Glyph(dot fixed.Point26_6, r rune) (image.Rectangle, image.Image, image.Point, fixed.Int26_6, bool) {
	face := f.faceFor(r)
	if face == nil {
		return image.Rectangle{}, image.NewAlpha(image.Rectangle{}), image.Point{}, 0, true
	}
	return face.Glyph(dot, r)
}

func (f *fallbackFace) GlyphBounds(r rune) (fixed.Rectangle26_6, fixed.Int26_6, bool) {
	face := f.faceFor(r)
	if face == nil {
		return fixed.Rectangle26_6{}, 0, true
	}
	return face.GlyphBounds(r)
}

func (f *fallbackFace) GlyphAdvance(r rune) (fixed.Int26_6, bool) {
	face := f.faceFor(r)
	if face == nil {
		return 0, true
	}
	return face.GlyphAdvance(r)
}

// Kern applies between two characters of the same font only.
func (f *fallbackFace) Kern(r0, r1 rune) fixed.Int26_6 {
	a, b := f.faceFor(r0), f.faceFor(r1)
	if a == nil || a != b {
		return 0
	}
	return a.Kern(r0, r1)
}

// Close does nothing: faces are cached and shared (see Face).
func (f *fallbackFace) Close() error { return nil }
