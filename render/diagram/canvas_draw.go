package diagram

import (
	"bytes"
	"fmt"
	"math"
	"strings"

	"github.com/fogleman/gg"

	"github.com/journey-maps/journey/render/diagram/fonts"
)

// CanvasSVG draws the canvas as SVG. Journey lays the canvas out itself
// rather than through Graphviz: it is a grid of known columns and lanes,
// and its emotion curve runs across every column, which no Graphviz table
// cell can draw.
func CanvasSVG(c *Canvas, t *Theme) ([]byte, error) {
	if t == nil {
		t = ThemeDefault
	}
	l := layoutCanvas(c, t)
	var b bytes.Buffer
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	p("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n")
	p("<svg width=\"%spt\" height=\"%spt\" viewBox=\"0 0 %s %s\" xmlns=\"http://www.w3.org/2000/svg\" class=\"journey-canvas\">\n",
		svgNum(l.w), svgNum(l.h), svgNum(l.w), svgNum(l.h))
	p("<title>%s</title>\n", svgText(c.Title))
	p("<rect width=\"100%%\" height=\"100%%\" fill=\"%s\"/>\n", l.bg)
	font := svgText(t.Font) + ",Helvetica,sans-serif"
	p("<g font-family=\"%s\">\n", font)
	for _, s := range l.shapes {
		attrs := svgShapeAttrs(s)
		switch s.kind {
		case shapeGroup:
			p("<g%s>\n", attrs)
		case shapeEnd:
			p("</g>\n")
		case shapeRect:
			p("<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"", svgNum(s.x), svgNum(s.y), svgNum(s.w), svgNum(s.h))
			if s.radius > 0 {
				p(" rx=\"%s\"", svgNum(s.radius))
			}
			p("%s%s", attrs, svgPaint(s))
			svgClose(&b, "rect", s.title)
		case shapeCircle:
			p("<circle cx=\"%s\" cy=\"%s\" r=\"%s\"%s%s", svgNum(s.x+s.w/2), svgNum(s.y+s.h/2), svgNum(s.w/2), attrs, svgPaint(s))
			svgClose(&b, "circle", s.title)
		case shapeLine:
			p("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\"%s%s/>\n", svgNum(s.x), svgNum(s.y), svgNum(s.x+s.w), svgNum(s.y+s.h), attrs, svgPaint(s))
		case shapePath:
			var d []string
			for _, sub := range s.path {
				d = append(d, "M"+svgNum(sub[0].x)+","+svgNum(sub[0].y))
				for k := 1; k+2 < len(sub); k += 3 {
					d = append(d, fmt.Sprintf("C%s,%s %s,%s %s,%s", svgNum(sub[k].x), svgNum(sub[k].y), svgNum(sub[k+1].x), svgNum(sub[k+1].y), svgNum(sub[k+2].x), svgNum(sub[k+2].y)))
				}
			}
			p("<path d=\"%s\"%s%s stroke-linecap=\"round\"/>\n", strings.Join(d, " "), attrs, svgPaint(s))
		case shapeText:
			anchor := ""
			switch s.anchor {
			case anchorMiddle:
				anchor = " text-anchor=\"middle\""
			case anchorEnd:
				anchor = " text-anchor=\"end\""
			}
			weight := ""
			if s.bold {
				weight = " font-weight=\"bold\""
			}
			p("<text x=\"%s\" y=\"%s\"%s font-size=\"%s\"%s fill=\"%s\">%s</text>\n", svgNum(s.x), svgNum(s.y), anchor, svgNum(s.size), weight, s.fill, svgText(s.text))
		}
	}
	p("</g>\n</svg>\n")
	return b.Bytes(), nil
}

func svgShapeAttrs(s canvasShape) string {
	var a string
	if s.id != "" {
		a += " id=\"" + svgText(s.id) + "\""
	}
	if s.class != "" {
		a += " class=\"" + svgText(s.class) + "\""
	}
	return a
}

func svgPaint(s canvasShape) string {
	fill := s.fill
	if fill == "" {
		fill = "none"
	}
	a := " fill=\"" + fill + "\""
	if s.stroke != "" {
		a += " stroke=\"" + s.stroke + "\" stroke-width=\"" + svgNum(s.pen) + "\""
		if s.dashed {
			a += " stroke-dasharray=\"3,3\""
		}
	}
	return a
}

// svgClose ends an element, with its tooltip if it has one.
func svgClose(b *bytes.Buffer, tag, title string) {
	if title == "" {
		b.WriteString("/>\n")
		return
	}
	fmt.Fprintf(b, "><title>%s</title></%s>\n", svgText(title), tag)
}

// CanvasPNG draws the canvas as PNG at scale pixels per point (0 for
// Graphviz's 96 dpi, as the flow picture).
func CanvasPNG(c *Canvas, t *Theme, scale float64) ([]byte, error) {
	if t == nil {
		t = ThemeDefault
	}
	if scale <= 0 {
		scale = 1
	}
	scale *= pngDPI / 72 // pixels per point
	l := layoutCanvas(c, t)
	pw, ph := int(math.Ceil(l.w*scale)), int(math.Ceil(l.h*scale))
	if float64(pw)*float64(ph) > MaxPixels {
		return nil, &TooLargeError{Width: pw, Height: ph}
	}
	dc := gg.NewContext(pw, ph)
	bg, err := parseHexColor(l.bg)
	if err != nil {
		return nil, err
	}
	dc.SetColor(bg)
	dc.Clear()
	dc.SetLineJoin(gg.LineJoinRound)
	setPaint := func(col string) error {
		v, err := parseHexColor(col)
		if err == nil {
			dc.SetColor(v)
		}
		return err
	}
	// paint fills then strokes the current path.
	paint := func(s canvasShape) error {
		if s.fill != "" {
			if err := setPaint(s.fill); err != nil {
				return err
			}
			if s.stroke != "" {
				dc.FillPreserve()
			} else {
				dc.Fill()
			}
		}
		if s.stroke != "" {
			if err := setPaint(s.stroke); err != nil {
				return err
			}
			dc.SetLineWidth(s.pen * scale)
			if s.dashed {
				dc.SetDash(3*scale, 3*scale)
			}
			dc.Stroke()
			dc.SetDash()
		}
		dc.ClearPath()
		return nil
	}
	measureMu.Lock()
	defer measureMu.Unlock()
	for _, s := range l.shapes {
		var err error
		switch s.kind {
		case shapeRect:
			if s.radius > 0 {
				dc.DrawRoundedRectangle(s.x*scale, s.y*scale, s.w*scale, s.h*scale, s.radius*scale)
			} else {
				dc.DrawRectangle(s.x*scale, s.y*scale, s.w*scale, s.h*scale)
			}
			err = paint(s)
		case shapeCircle:
			dc.DrawCircle((s.x+s.w/2)*scale, (s.y+s.h/2)*scale, s.w/2*scale)
			err = paint(s)
		case shapeLine:
			dc.NewSubPath()
			dc.MoveTo(s.x*scale, s.y*scale)
			dc.LineTo((s.x+s.w)*scale, (s.y+s.h)*scale)
			err = paint(s)
		case shapePath:
			dc.SetLineCap(gg.LineCapRound)
			for _, sub := range s.path {
				dc.NewSubPath()
				dc.MoveTo(sub[0].x*scale, sub[0].y*scale)
				for k := 1; k+2 < len(sub); k += 3 {
					dc.CubicTo(sub[k].x*scale, sub[k].y*scale, sub[k+1].x*scale, sub[k+1].y*scale, sub[k+2].x*scale, sub[k+2].y*scale)
				}
			}
			err = paint(s)
			dc.SetLineCap(gg.LineCapButt)
		case shapeText:
			style := fonts.Regular
			if s.bold {
				style = fonts.Bold
			}
			f, ferr := fonts.Face(style, s.size*scale)
			if ferr != nil {
				return nil, ferr
			}
			dc.SetFontFace(f)
			if err = setPaint(s.fill); err == nil {
				ax := []float64{0, 0.5, 1}[s.anchor]
				dc.DrawStringAnchored(s.text, s.x*scale, s.y*scale, ax, 0)
			}
		}
		if err != nil {
			return nil, err
		}
	}
	var out bytes.Buffer
	if err := dc.EncodePNG(&out); err != nil {
		return nil, fmt.Errorf("cannot encode png: %w", err)
	}
	return out.Bytes(), nil
}
