// Package fonts holds the fonts PNG pictures are drawn with: the Go fonts,
// embedded, so that a picture of Latin, Greek or Cyrillic text does not
// depend on the fonts installed; for the characters they lack, fonts of
// the system found through fontconfig (see fallbackFor).
package fonts

import (
	"fmt"
	"sync"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
)

// Style is a font style.
type Style int

// The styles.
const (
	Regular Style = iota
	Bold
	Italic
)

type faceKey struct {
	style Style
	size  float64
}

var (
	mu    sync.Mutex
	faces = map[faceKey]font.Face{}
	fonts = map[Style]*truetype.Font{}
)

// Face returns the face of the style at the size in pixels: the Go font,
// and installed fonts for the characters it lacks. Faces are cached and
// shared; a face is not safe for concurrent use.
func Face(style Style, size float64) (font.Face, error) {
	mu.Lock()
	defer mu.Unlock()
	k := faceKey{style, size}
	if f, ok := faces[k]; ok {
		return f, nil
	}
	ft, ok := fonts[style]
	if !ok {
		src := goregular.TTF
		switch style {
		case Bold:
			src = gobold.TTF
		case Italic:
			src = goitalic.TTF
		}
		var err error
		ft, err = truetype.Parse(src)
		if err != nil {
			return nil, fmt.Errorf("cannot load the built-in font: %w", err)
		}
		fonts[style] = ft
	}
	f := &fallbackFace{
		Face:    truetype.NewFace(ft, &truetype.Options{Size: size, Hinting: font.HintingNone}),
		primary: ft, style: style, size: size, faces: map[*fallbackFont]font.Face{},
	}
	faces[k] = f
	return f, nil
}
