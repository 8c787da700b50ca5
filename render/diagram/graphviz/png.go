package graphviz

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"math"
	"strings"

	"github.com/fogleman/gg"
	"github.com/goccy/go-graphviz/gvc"

	"github.com/journey-maps/journey/render/diagram/fonts"
)

// pngRenderer draws Graphviz's render calls onto a raster. go-graphviz's
// own PNG renderer fills shapes but never strokes them when they are
// filled, and strokes nothing else visibly, so edges and outlines vanish;
// this one does what Graphviz's renderers do: fill with the fill colour,
// then stroke the outline with the pen colour and width. Text uses the Go
// fonts, embedded, so the picture does not depend on the fonts installed.
type pngRenderer struct {
	*gvc.DefaultRenderEngine
	dc *gg.Context
	// sx and sy are the page's scale, read once: every read of a Graphviz
	// field is a call into the WebAssembly module.
	sx, sy float64
	// k enlarges the picture beyond Graphviz's 96 dpi (see
	// Engine.RenderAllScaled).
	k float64
}

// htmlBold and htmlItalic are Graphviz's text-font flags for <B> and <I>.
const (
	htmlBold   = 1 << 0
	htmlItalic = 1 << 1
)

func (r *pngRenderer) BeginPage(_ context.Context, job *gvc.Job) error {
	dc := gg.NewContext(int(math.Ceil(float64(job.Width())*r.k)), int(math.Ceil(float64(job.Height())*r.k)))
	dc.SetRGB(1, 1, 1)
	dc.Clear()
	s := job.Scale()
	r.sx, r.sy = s.X()*r.k, s.Y()*r.k
	t := job.Translation()
	dc.Translate(r.sx*t.X(), -r.sy*t.Y())
	r.dc = dc
	return nil
}

func (r *pngRenderer) EndPage(_ context.Context, job *gvc.Job) error {
	var buf bytes.Buffer
	// Fast rather than small: journey decodes the tiles at once to compose
	// the picture, which it compresses properly.
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, r.dc.Image()); err != nil {
		return fmt.Errorf("cannot encode png: %w", err)
	}
	job.SetOutputData(buf.Bytes())
	job.SetOutputDataPosition(uint(buf.Len()))
	r.dc = nil
	return nil
}

// pt maps a Graphviz point (y up) to the raster (y down).
func (r *pngRenderer) pt(p *gvc.PointFloat) (float64, float64) {
	return r.sx * p.X(), -r.sy * p.Y()
}

func setColor(dc *gg.Context, c *gvc.Color) {
	v := c.RGBAUint()
	dc.SetRGBA255(int(v[0]), int(v[1]), int(v[2]), int(v[3]))
}

// paint fills the current path when filled, then strokes it with the pen.
func (r *pngRenderer) paint(job *gvc.Job, filled bool) {
	o := job.Object()
	if filled {
		setColor(r.dc, o.FillColor())
		if o.Pen() == gvc.PenNone {
			r.dc.Fill()
			return
		}
		r.dc.FillPreserve()
	}
	if o.Pen() == gvc.PenNone {
		r.dc.ClearPath()
		return
	}
	setColor(r.dc, o.PenColor())
	w := o.PenWidth() * r.sx
	r.dc.SetLineWidth(w)
	switch o.Pen() {
	case gvc.PenDashed:
		r.dc.SetDash(4*w+2, 3*w+2)
	case gvc.PenDotted:
		r.dc.SetDash(w, 2*w+2)
	default:
		r.dc.SetDash()
	}
	r.dc.Stroke()
}

func (r *pngRenderer) Polygon(_ context.Context, job *gvc.Job, a []*gvc.PointFloat, filled bool) error {
	if len(a) == 0 {
		return nil
	}
	r.dc.NewSubPath()
	for _, p := range a {
		x, y := r.pt(p)
		r.dc.LineTo(x, y)
	}
	r.dc.ClosePath()
	r.paint(job, filled)
	return nil
}

func (r *pngRenderer) Ellipse(_ context.Context, job *gvc.Job, a []*gvc.PointFloat, filled bool) error {
	if len(a) < 2 {
		return nil
	}
	cx, cy := r.pt(a[0])
	ex, ey := r.pt(a[1])
	rx, ry := ex-cx, ey-cy
	if rx < 0 {
		rx = -rx
	}
	if ry < 0 {
		ry = -ry
	}
	r.dc.NewSubPath()
	r.dc.DrawEllipse(cx, cy, rx, ry)
	r.paint(job, filled)
	return nil
}

func (r *pngRenderer) BezierCurve(_ context.Context, job *gvc.Job, a []*gvc.PointFloat, filled bool) error {
	if len(a) == 0 {
		return nil
	}
	x, y := r.pt(a[0])
	r.dc.NewSubPath()
	r.dc.MoveTo(x, y)
	for i := 1; i+2 < len(a); i += 3 {
		x1, y1 := r.pt(a[i])
		x2, y2 := r.pt(a[i+1])
		x3, y3 := r.pt(a[i+2])
		r.dc.CubicTo(x1, y1, x2, y2, x3, y3)
	}
	// Graphviz asks to fill the splines of edges too; filling an open
	// curve paints the area under it, so edges are only stroked.
	r.paint(job, filled && job.Object().Type() != gvc.EdgeObjectType)
	return nil
}

func (r *pngRenderer) Polyline(_ context.Context, job *gvc.Job, a []*gvc.PointFloat) error {
	if len(a) == 0 {
		return nil
	}
	r.dc.NewSubPath()
	for _, p := range a {
		x, y := r.pt(p)
		r.dc.LineTo(x, y)
	}
	r.paint(job, false)
	return nil
}

func (r *pngRenderer) TextSpan(_ context.Context, job *gvc.Job, p *gvc.PointFloat, span *gvc.TextSpan) error {
	f := span.Font()
	size := f.Size() * r.sy
	if size <= 0 {
		return nil
	}
	name := strings.ToLower(f.Name())
	style := fonts.Regular
	switch {
	case f.Flags()&htmlBold != 0 || strings.Contains(name, "bold"):
		style = fonts.Bold
	case f.Flags()&htmlItalic != 0 || strings.Contains(name, "italic") || strings.Contains(name, "oblique"):
		style = fonts.Italic
	}
	face, err := fonts.Face(style, size)
	if err != nil {
		return err
	}
	r.dc.SetFontFace(face)
	setColor(r.dc, job.Object().PenColor())
	x, y := r.pt(p)
	w := span.Size().X() * r.sx
	switch span.Just() {
	case 'r':
		x -= w
	case 'l':
	default:
		x -= w / 2
	}
	// The point is on the baseline; Graphviz's layout measured the text
	// with its own metrics, so centre the drawn string on the measured box
	// to keep it inside its node whatever the width difference.
	tw, _ := r.dc.MeasureString(span.Text())
	if tw > w && w > 0 {
		// The Go fonts run wider than the metrics Graphviz laid out with;
		// shrink the text to its box rather than overflow the node.
		face, err = fonts.Face(style, math.Floor(size*w/tw*10)/10)
		if err != nil {
			return err
		}
		r.dc.SetFontFace(face)
		tw, _ = r.dc.MeasureString(span.Text())
	}
	x += (w - tw) / 2
	r.dc.DrawString(span.Text(), x, y)
	return nil
}
