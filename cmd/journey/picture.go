package main

import (
	"bytes"
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/journey-maps/journey/journey"
	"github.com/journey-maps/journey/render/diagram"
)

// pictureFlags are the picture options render and serve share; their
// values come from the diagram package's lists.
type pictureFlags struct {
	view    string
	layout  string
	arrows  string
	theme   string
	colorBy string
	// scale enlarges PNG (render's --scale); 0 is 1.
	scale float64
}

func (p *pictureFlags) register(cmd *cobra.Command) {
	enumFlag(cmd, &p.view, "view", "", diagram.Views[0], diagram.Views, "picture", "canvas: stages as columns, lanes for touchpoints, doing, thinking, feeling, pains, opportunities, owners, back stage")
	enumFlag(cmd, &p.layout, "layout", "", diagram.Layouts[0], diagram.Layouts, "stage direction", "left to right or top to bottom")
	enumFlag(cmd, &p.arrows, "arrows", "", diagram.ArrowStyles[0], diagram.ArrowStyles, "arrow style", "straight lines bend around touchpoints in the way")
	enumFlag(cmd, &p.theme, "theme", "", diagram.ThemeNames()[0], diagram.ThemeNames(), "colours", "high-contrast for projectors")
	enumFlag(cmd, &p.colorBy, "color-by", "", diagram.ColorBys[0], diagram.ColorBys, "what the touchpoints' colour shows", "a legend names the colours")
}

// drawMap goes from a journey and its figures (a, nil without data) to the
// picture in one format: the one path from map to picture, for render and
// serve alike.
func drawMap(ctx context.Context, s *streams, j *journey.Journey, a *journey.Analysis, persona string, p pictureFlags, format string) ([]byte, error) {
	if p.view == diagram.ViewCanvas {
		return drawCanvas(j, a, persona, p, format)
	}
	d, err := diagram.New(j, a, diagram.Options{Persona: persona, Layout: p.layout, Arrows: p.arrows, ColorBy: p.colorBy, Scale: p.scale})
	if err != nil {
		return nil, inputError{err}
	}
	theme, err := diagram.LookupTheme(p.theme)
	if err != nil {
		return nil, usageError{err}
	}
	var buf bytes.Buffer
	switch format {
	case "mermaid":
		err = diagram.WriteMermaid(&buf, d, theme)
	case "mermaid-journey":
		err = diagram.WriteMermaidJourney(&buf, d)
	case "dot":
		err = diagram.WriteDOT(&buf, d, theme)
	default:
		return s.draw(ctx, d, theme, format)
	}
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// drawCanvas draws the canvas view (see diagram.NewCanvas), which journey
// lays out itself: SVG and PNG only, no helper program.
func drawCanvas(j *journey.Journey, a *journey.Analysis, persona string, p pictureFlags, format string) ([]byte, error) {
	if format != "svg" && format != "png" {
		return nil, usagef("--view canvas draws svg or png, found --format %s: use --view flow for %s", format, format)
	}
	c, err := diagram.NewCanvas(j, a, diagram.Options{Persona: persona})
	if err != nil {
		return nil, inputError{err}
	}
	theme, err := diagram.LookupTheme(p.theme)
	if err != nil {
		return nil, usageError{err}
	}
	if format == "png" {
		pic, err := diagram.CanvasPNG(c, theme, p.scale)
		var large *diagram.TooLargeError
		if errors.As(err, &large) {
			return nil, inputError{err}
		}
		return pic, err
	}
	return diagram.CanvasSVG(c, theme)
}
