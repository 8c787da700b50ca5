package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/journey-maps/journey/render/diagram"
	"github.com/journey-maps/journey/render/diagram/frames"
)

// A pictureDrawer draws the diagram as svg or png.
type pictureDrawer func(ctx context.Context, d *diagram.Model, t *diagram.Theme, format string) ([]byte, error)

// drawWithHelpers draws the picture with the journey-graphviz helpers.
func drawWithHelpers(ctx context.Context, d *diagram.Model, t *diagram.Theme, format string) ([]byte, error) {
	return drawTiled(ctx, d, t, format, drawTilesWithHelpers)
}

// A tileDrawer lays out DOT graphs and draws each as SVG and, for png, also
// as PNG from the same layout, at scale times 96 dpi.
type tileDrawer func(ctx context.Context, tiles [][]byte, format string, scale float64) (svgs, pngs [][]byte, err error)

// drawTiled has Graphviz lay out and draw the diagram's tiles (the header
// and each stage, see diagram.Tiles), then composes the picture.
func drawTiled(ctx context.Context, d *diagram.Model, t *diagram.Theme, format string, draw tileDrawer) ([]byte, error) {
	scale := d.Scale
	if scale <= 0 {
		scale = 1
	}
	svgs, pngs, err := draw(ctx, diagram.Tiles(d, t), format, scale)
	if err != nil {
		return nil, err
	}
	var pic []byte
	if format == "png" {
		pic, err = diagram.ComposePNG(d, t, svgs, pngs)
	} else {
		pic, err = diagram.ComposeSVG(d, t, svgs)
	}
	var large *diagram.TooLargeError
	if errors.As(err, &large) {
		return nil, inputError{err}
	}
	if err != nil {
		return nil, fmt.Errorf("cannot compose the %s picture: %w", format, err)
	}
	return pic, nil
}

// graphvizHelper is the helper program's name.
const graphvizHelper = "journey-graphviz"

// maxHelpers bounds the helpers one picture runs: each costs a process
// start and its own Graphviz.
const maxHelpers = 4

// drawTilesWithHelpers runs the journey-graphviz helper, one per core (at
// most maxHelpers), each on a share of the tiles, largest first. The
// helper is a program of its own because linking Graphviz's WebAssembly
// module into journey would compile it at the start of every command.
func drawTilesWithHelpers(ctx context.Context, tiles [][]byte, format string, scale float64) ([][]byte, [][]byte, error) {
	path, err := findGraphvizHelper()
	if err != nil {
		return nil, nil, err
	}
	n := min(runtime.NumCPU(), maxHelpers, len(tiles))
	shares := shareTiles(tiles, n)
	per := 1
	if format == "png" {
		per = 2
	}
	out := make([][]byte, len(tiles)*per)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, n)
	for h, share := range shares {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := runHelper(ctx, path, tiles, share, format, scale, per, out); err != nil {
				errs[h] = err
				cancel()
			}
		}()
	}
	wg.Wait()
	// The first helper's own failure, not another's cancellation.
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return nil, nil, err
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	svgs := make([][]byte, len(tiles))
	var pngs [][]byte
	if per == 2 {
		pngs = make([][]byte, len(tiles))
	}
	for i := range tiles {
		svgs[i] = out[i*per]
		if per == 2 {
			pngs[i] = out[i*per+1]
		}
	}
	return svgs, pngs, nil
}

// shareTiles deals the tiles' indices out to n helpers, the largest tile
// to the least loaded helper first (by DOT size, which tracks layout time
// well enough); each share stays in tile order.
func shareTiles(tiles [][]byte, n int) [][]int {
	order := make([]int, len(tiles))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return len(tiles[b]) - len(tiles[a]) })
	shares := make([][]int, n)
	load := make([]int, n)
	for _, i := range order {
		h := 0
		for k := range load {
			if load[k] < load[h] {
				h = k
			}
		}
		shares[h] = append(shares[h], i)
		load[h] += len(tiles[i])
	}
	for _, s := range shares {
		slices.Sort(s)
	}
	return shares
}

// runHelper draws the tiles of share with one helper process and puts its
// pictures in out, per pictures per tile.
func runHelper(ctx context.Context, path string, tiles [][]byte, share []int, format string, scale float64, per int, out [][]byte) error {
	var in bytes.Buffer
	for _, i := range share {
		if err := frames.Write(&in, tiles[i]); err != nil {
			return err
		}
	}
	var stdout, stderr bytes.Buffer
	mine, _, _, _ := buildVersion()
	args := []string{"tiles", format, frames.VersionFlag + mine}
	if scale != 1 && format == "png" {
		args = append(args, "--scale="+strconv.FormatFloat(scale, 'g', -1, 64))
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Stdin = &in
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	runErr := cmd.Run()
	if runErr != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	r := bufio.NewReader(&stdout)
	if err := checkHelperVersion(r, path, mine, runErr, stderr.String()); err != nil {
		return err
	}
	if runErr != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = runErr.Error()
		}
		return fmt.Errorf("cannot draw %s with %s: %s", format, path, msg)
	}
	for _, i := range share {
		for k := 0; k < per; k++ {
			b, err := frames.Read(r)
			if err != nil {
				return fmt.Errorf("cannot draw %s with %s: %w", format, path, err)
			}
			out[i*per+k] = b
		}
	}
	return nil
}

// checkHelperVersion reads the helper's hello (see frames.Hello) and fails
// when the helper is of another release than journey, naming both
// versions. A helper that failed without a hello, on usage, is older than
// the handshake. Either is an installation problem (exit 2), as a missing
// helper is.
func checkHelperVersion(r *bufio.Reader, path, mine string, runErr error, stderr string) error {
	theirs, err := frames.ReadHello(r)
	switch {
	case err == nil && !frames.SameRelease(mine, theirs):
		return ioError{fmt.Errorf("cannot draw svg or png: %w", &frames.MismatchError{Journey: mine, Helper: theirs, Path: path})}
	case err == nil:
		return nil
	case runErr != nil && strings.HasPrefix(stderr, "usage: journey-graphviz"):
		return ioError{fmt.Errorf("cannot draw svg or png: %w", &frames.MismatchError{Journey: mine, Path: path})}
	case runErr != nil:
		return nil // the helper's own failure, reported by the caller
	}
	return fmt.Errorf("cannot draw svg or png with %s: %w", path, err)
}

// findGraphvizHelper looks for journey-graphviz next to the running journey
// executable first (as release archives and go install place it), then on
// PATH.
func findGraphvizHelper() (string, error) {
	name := graphvizHelper
	if filepath.Separator == '\\' {
		name += ".exe"
	}
	var dir string
	if exe, err := os.Executable(); err == nil {
		if real, err := filepath.EvalSymlinks(exe); err == nil {
			exe = real
		}
		dir = filepath.Dir(exe)
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	return "", ioError{fmt.Errorf("cannot draw svg or png: the %s program was not found next to journey (in %s) or on PATH; "+
		"install it with `go install github.com/journey-maps/journey/cmd/journey-graphviz@latest` (or take it from the release archive), "+
		"or draw --format dot or mermaid, which need no helper", graphvizHelper, dir)}
}
