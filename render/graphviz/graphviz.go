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
	mu sync.Mutex
	gv *graphviz.Graphviz
}

// New starts a Graphviz context with journey's own PNG renderer in place of
// go-graphviz's, which draws no strokes.
func New(ctx context.Context) (*Engine, error) {
	png, err := gvc.NewRenderPlugin(ctx, FormatPNG, &pngRenderer{DefaultRenderEngine: new(gvc.DefaultRenderEngine)})
	if err != nil {
		return nil, fmt.Errorf("cannot set up the png renderer: %w", err)
	}
	dev, err := gvc.PNGDevicePlugin(ctx)
	if err != nil {
		return nil, fmt.Errorf("cannot set up the png device: %w", err)
	}
	gv, err := graphviz.NewWithPlugins(ctx, png, dev)
	if err != nil {
		return nil, fmt.Errorf("cannot start graphviz: %w", err)
	}
	return &Engine{gv: gv}, nil
}

// Close releases the Graphviz context.
func (e *Engine) Close() error { return e.gv.Close() }

// Render lays out the DOT source with the dot engine and writes it in the
// format (svg or png) to w.
func (e *Engine) Render(ctx context.Context, dot []byte, format string, w io.Writer) error {
	if format != FormatSVG && format != FormatPNG {
		return fmt.Errorf("expected format svg or png, found %q", format)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return fmt.Errorf("cannot parse dot: %w", err)
	}
	defer g.Close()
	var buf bytes.Buffer
	if err := e.gv.Render(ctx, g, graphviz.Format(format), &buf); err != nil {
		return fmt.Errorf("cannot render %s: %w", format, err)
	}
	if buf.Len() == 0 {
		return fmt.Errorf("cannot render %s: graphviz produced no output", format)
	}
	_, err = w.Write(buf.Bytes())
	return err
}
