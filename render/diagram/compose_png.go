package diagram

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"strconv"

	"github.com/fogleman/gg"

	"github.com/journey-maps/journey/render/diagram/fonts"
)

// pngDPI is pixels per inch of a PNG picture at scale 1, as Graphviz
// draws PNG.
const pngDPI = 96.0

// MaxPixels bounds a PNG picture's size (width times height): its canvas
// takes four bytes a pixel.
const MaxPixels = 100_000_000

// ComposePNG draws the picture from what Graphviz drew of each tile (in the
// order of Tiles): its SVG, for the geometry, and its PNG. The tiles are
// pasted in place, then the arrows between stages and their figures are
// drawn as ComposeSVG draws them. The tiles' PNG must be drawn at the
// picture's scale (d.Scale).
func ComposePNG(d *Model, t *Theme, svgs, pngs [][]byte) ([]byte, error) {
	tiles, err := readTiles(d, t, svgs)
	if err != nil {
		return nil, err
	}
	return ComposePNGTiles(d, t, tiles, pngs)
}

// ComposePNGTiles is ComposePNG of tiles already read (see ReadTile) in
// the same theme.
func ComposePNGTiles(d *Model, t *Theme, tiles []*Tile, pngs [][]byte) ([]byte, error) {
	if t == nil {
		t = ThemeDefault
	}
	if len(pngs) != len(tiles) {
		return nil, fmt.Errorf("expected %d png tiles, found %d", len(tiles), len(pngs))
	}
	c, err := compose(d, t, tiles)
	if err != nil {
		return nil, err
	}
	pngScale := pngDPI / 72 * scaleOf(d)
	pw, ph := int(math.Ceil(c.w*pngScale)), int(math.Ceil(c.h*pngScale))
	if float64(pw)*float64(ph) > MaxPixels {
		return nil, &TooLargeError{Width: pw, Height: ph}
	}
	dc := gg.NewContext(pw, ph)
	bg, err := parseHexColor(t.Background)
	if err != nil {
		return nil, err
	}
	dc.SetColor(bg)
	dc.Clear()
	canvas, ok := dc.Image().(*image.RGBA)
	if !ok {
		return nil, fmt.Errorf("cannot draw png: unexpected canvas %T", dc.Image())
	}
	for i, b := range pngs {
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("cannot read tile %s from graphviz's png: %w", c.tiles[i].id, err)
		}
		// A plain copy: the tiles land on whole pixels (gg's DrawImage
		// would resample them, slowly, through its transform).
		at := image.Pt(int(math.Round(c.at[i].x*pngScale)), int(math.Round(c.at[i].y*pngScale)))
		draw.Draw(canvas, img.Bounds().Sub(img.Bounds().Min).Add(at), img, img.Bounds().Min, draw.Src)
	}

	edge, err := parseHexColor(t.Edge)
	if err != nil {
		return nil, err
	}
	px := func(p point) (float64, float64) { return p.x * pngScale, p.y * pngScale }
	for _, a := range c.arrows {
		dc.SetColor(edge)
		dc.SetLineWidth(a.width * pngScale)
		dc.SetLineJoin(gg.LineJoinRound)
		dc.SetLineCap(gg.LineCapButt)
		dc.NewSubPath()
		dc.MoveTo(px(a.from))
		dc.LineTo(px(a.out))
		if a.curved {
			x1, y1 := px(a.c1)
			x2, y2 := px(a.c2)
			x3, y3 := px(a.in)
			dc.CubicTo(x1, y1, x2, y2, x3, y3)
		} else {
			dc.LineTo(px(a.in))
		}
		dc.LineTo(px(a.end))
		dc.Stroke()
		dc.NewSubPath()
		for _, q := range a.head {
			dc.LineTo(px(q))
		}
		dc.ClosePath()
		dc.SetLineWidth(pngScale)
		dc.FillPreserve()
		dc.Stroke()
	}
	for i, tile := range c.tiles {
		for _, l := range tile.figures {
			placed := *l
			placed.box = l.box.moved(c.at[i])
			if err := drawLabelPNG(dc, &placed, bg, pngScale); err != nil {
				return nil, err
			}
		}
	}
	for _, a := range c.arrows {
		if a.label != nil {
			if err := drawLabelPNG(dc, a.label, bg, pngScale); err != nil {
				return nil, err
			}
		}
	}
	var out bytes.Buffer
	if err := dc.EncodePNG(&out); err != nil {
		return nil, fmt.Errorf("cannot encode png: %w", err)
	}
	return out.Bytes(), nil
}

// drawLabelPNG draws a figure label: its box, widened if the Go fonts run
// wider than the estimate it was laid out with, then its lines centred.
func drawLabelPNG(dc *gg.Context, l *composedLabel, bg color.Color, pngScale float64) error {
	b := l.box
	cx := (b.x0 + b.x1) / 2 * pngScale
	w := (b.x1 - b.x0) * pngScale
	type drawn struct {
		line composedLine
		col  color.Color
	}
	var lines []drawn
	for _, line := range l.lines {
		style := fonts.Regular
		if line.bold {
			style = fonts.Bold
		}
		face, err := fonts.Face(style, line.size*pngScale)
		if err != nil {
			return err
		}
		dc.SetFontFace(face)
		tw, _ := dc.MeasureString(line.text)
		w = math.Max(w, tw+2*composeLabelPad*pngScale)
		col, err := parseHexColor(line.color)
		if err != nil {
			return err
		}
		lines = append(lines, drawn{line, col})
	}
	dc.SetColor(bg)
	dc.DrawRoundedRectangle(cx-w/2, b.y0*pngScale, w, (b.y1-b.y0)*pngScale, 2*pngScale)
	dc.Fill()
	for _, d := range lines {
		style := fonts.Regular
		if d.line.bold {
			style = fonts.Bold
		}
		face, err := fonts.Face(style, d.line.size*pngScale)
		if err != nil {
			return err
		}
		dc.SetFontFace(face)
		dc.SetColor(d.col)
		dc.DrawStringAnchored(d.line.text, cx, (b.y0+d.line.baseline)*pngScale, 0.5, 0)
	}
	return nil
}

// scaleOf is the picture's scale, 1 when not set.
func scaleOf(d *Model) float64 {
	if d.Scale <= 0 {
		return 1
	}
	return d.Scale
}

// TooLargeError is a PNG picture of more than MaxPixels.
type TooLargeError struct{ Width, Height int }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("the png picture would be %d×%d pixels, more than %d million: lower --scale, or draw svg, which has no size limit",
		e.Width, e.Height, MaxPixels/1_000_000)
}

// parseHexColor reads a theme colour, #rrggbb.
func parseHexColor(s string) (color.Color, error) {
	if len(s) != 7 || s[0] != '#' {
		return nil, fmt.Errorf("expected a colour #rrggbb, found %q", s)
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return nil, fmt.Errorf("expected a colour #rrggbb, found %q", s)
	}
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}, nil
}
