// Package graphviz lays out and draws DOT with the Graphviz library compiled
// to WebAssembly (github.com/goccy/go-graphviz). It is the only package that
// imports go-graphviz: linking it compiles the WebAssembly module at process
// start, so only the journey-graphviz helper binary and tests link it.
package graphviz

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/goccy/go-graphviz"
	"github.com/goccy/go-graphviz/gvc"
)

// Formats the engine produces.
const (
	FormatSVG = "svg"
	FormatPNG = "png"
)

// Engine renders DOT source. It is safe for concurrent use; renders are
// serialised because a Graphviz context is not re-entrant.
type Engine struct {
	mu  sync.Mutex
	gv  *gvc.Context
	png *pngRenderer
}

// New starts a Graphviz context with journey's own PNG renderer in place of
// go-graphviz's, which draws no strokes.
func New(ctx context.Context) (*Engine, error) {
	r := &pngRenderer{DefaultRenderEngine: new(gvc.DefaultRenderEngine), k: 1}
	png, err := gvc.NewRenderPlugin(ctx, FormatPNG, r)
	if err != nil {
		return nil, fmt.Errorf("cannot set up the png renderer: %w", err)
	}
	dev, err := gvc.PNGDevicePlugin(ctx)
	if err != nil {
		return nil, fmt.Errorf("cannot set up the png device: %w", err)
	}
	gv, err := gvc.NewWithPlugins(ctx, png, dev)
	if err != nil {
		return nil, fmt.Errorf("cannot start graphviz: %w", err)
	}
	return &Engine{gv: gv, png: r}, nil
}

// Close releases the Graphviz context.
func (e *Engine) Close() error { return e.gv.Close() }

// Render lays out the DOT source with the dot engine and writes it in the
// format (svg or png) to w.
func (e *Engine) Render(ctx context.Context, dot []byte, format string, w io.Writer) error {
	out, err := e.RenderAll(ctx, dot, format)
	if err != nil {
		return err
	}
	_, err = w.Write(out[0])
	return err
}

// RenderAll lays out the DOT source once with the dot engine and draws it
// in each of the formats (svg or png).
func (e *Engine) RenderAll(ctx context.Context, dot []byte, formats ...string) ([][]byte, error) {
	return e.RenderAllScaled(ctx, dot, 1, formats...)
}

// RenderAllScaled is RenderAll with the PNG enlarged scale times (96 dpi
// at 1); the SVG is the same at any scale.
func (e *Engine) RenderAllScaled(ctx context.Context, dot []byte, scale float64, formats ...string) ([][]byte, error) {
	if !(scale > 0) {
		return nil, fmt.Errorf("expected a scale above 0, found %v", scale)
	}
	for _, f := range formats {
		if f != FormatSVG && f != FormatPNG {
			return nil, fmt.Errorf("expected format svg or png, found %q", f)
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.png.k = scale
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return nil, fmt.Errorf("cannot parse dot: %w", err)
	}
	defer g.Close()
	if err := e.gv.Layout(ctx, g, "dot"); err != nil {
		return nil, fmt.Errorf("cannot lay out the graph: %w", err)
	}
	defer e.gv.FreeLayout(ctx, g)
	out := make([][]byte, len(formats))
	for i, f := range formats {
		var buf bytes.Buffer
		if err := e.gv.RenderData(ctx, g, f, &buf); err != nil {
			return nil, fmt.Errorf("cannot render %s: %w", f, err)
		}
		if buf.Len() == 0 {
			return nil, fmt.Errorf("cannot render %s: graphviz produced no output", f)
		}
		out[i] = buf.Bytes()
	}
	return out, nil
}
