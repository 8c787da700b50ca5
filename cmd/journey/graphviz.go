package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/journey-maps/journey/cmd/internal/earlyhelper"
	"github.com/journey-maps/journey/render/diagram"
	"github.com/journey-maps/journey/render/diagram/frames"
)

// A pictureDrawer draws the diagram as svg or png.
type pictureDrawer func(ctx context.Context, d *diagram.Model, t *diagram.Theme, format string) ([]byte, error)

// helperDrawer draws pictures with journey-graphviz helpers. Helpers can
// be started before journey reads its inputs (prestart): loading Graphviz
// then overlaps journey's own work (the map, the data, the figures, the
// tiles) instead of following it.
type helperDrawer struct {
	mu      sync.Mutex
	started []*helperProc
	// format and scale are those the started helpers draw in.
	format string
	scale  float64
}

// prestart readies the helper a picture in format at scale (times 96 dpi,
// for png) will use first: the one started with journey's process (see
// earlyhelper) when there is one, else a new one. It returns a function
// that stops it if no drawing used it. Nothing is started when the helper
// is not installed: draw then says so. A large map's further helpers (see
// helperCount) start when it is drawn.
func (h *helperDrawer) prestart(ctx context.Context, format string, scale float64) (release func()) {
	// Helpers left from an earlier prestart that no drawing took.
	h.mu.Lock()
	left := h.started
	h.started = nil
	h.mu.Unlock()
	for _, p := range left {
		p.abandon()
	}
	path, err := findGraphvizHelper()
	if err != nil {
		return func() {}
	}
	var procs []*helperProc
	// The helper started with journey's process is the same program,
	// found next to journey's executable.
	if e := earlyhelper.Take(); e != nil {
		if p, err := adoptHelper(ctx, e, format, scale); err == nil {
			procs = append(procs, p)
		}
	}
	if len(procs) == 0 {
		if p, err := startHelper(ctx, path, format, scale); err == nil {
			procs = append(procs, p)
		}
	}
	h.mu.Lock()
	h.started, h.format, h.scale = procs, format, scale
	h.mu.Unlock()
	return func() {
		for _, p := range h.take(format, scale, len(procs)) {
			p.abandon()
		}
	}
}

// take hands out up to n started helpers for format and scale.
func (h *helperDrawer) take(format string, scale float64, n int) []*helperProc {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.format != format || h.scale != scale {
		return nil
	}
	n = min(n, len(h.started))
	procs := h.started[:n]
	h.started = h.started[n:]
	return procs
}

// draw draws the picture with the helpers, prestarted ones first.
func (h *helperDrawer) draw(ctx context.Context, d *diagram.Model, t *diagram.Theme, format string) ([]byte, error) {
	return drawTiled(ctx, d, t, format, func(ctx context.Context, tiles [][]byte, format string, scale float64, arrived func(int, []byte)) ([][]byte, [][]byte, error) {
		return drawTilesWithHelpers(ctx, tiles, format, scale, h.take(format, scale, helperCount(tiles)), arrived)
	})
}

// helperCount is how many helpers draw the tiles: one, or for a large map
// (manyTileBytes of DOT or more) one per core, at most maxHelpers.
//
// One helper, started with journey's process, is ready about when journey
// has the tiles, and draws those of a few hundred touchpoints in about the
// time a second would take to start: on two cores the second's start
// competes with the first helper and with journey, and slowed pictures of
// 300 touchpoints by 10–20% (measured side by side; see the README). Past
// some thousand touchpoints the drawing outweighs a start.
func helperCount(tiles [][]byte) int {
	size := 0
	for _, t := range tiles {
		size += len(t)
	}
	if size < manyTileBytes {
		return min(1, len(tiles))
	}
	return min(runtime.NumCPU(), maxHelpers, len(tiles))
}

// manyTileBytes is the size of the tiles' DOT from which a picture is drawn
// by more than one helper: about 600 touchpoints with figures.
const manyTileBytes = 512 << 10

// A tileDrawer lays out DOT graphs and draws each as SVG and, for png, also
// as PNG from the same layout, at scale times 96 dpi. It may tell arrived
// of each tile's SVG as soon as it is drawn.
type tileDrawer func(ctx context.Context, tiles [][]byte, format string, scale float64, arrived func(i int, svg []byte)) (svgs, pngs [][]byte, err error)

// drawTiled has Graphviz lay out and draw the diagram's tiles (the header
// and each stage, see diagram.Tiles), then composes the picture. Tiles are
// read as they arrive, while Graphviz draws the others.
func drawTiled(ctx context.Context, d *diagram.Model, t *diagram.Theme, format string, draw tileDrawer) ([]byte, error) {
	tiles := diagram.Tiles(d, t)
	read := make([]*diagram.Tile, len(tiles))
	readErrs := make([]error, len(tiles))
	var reading sync.WaitGroup
	arrived := func(i int, svg []byte) {
		reading.Go(func() { read[i], readErrs[i] = diagram.ReadTile(d, t, i, svg) })
	}
	svgs, pngs, err := draw(ctx, tiles, format, drawScale(d), arrived)
	reading.Wait()
	if err != nil {
		return nil, err
	}
	for i, svg := range svgs {
		if read[i] == nil && readErrs[i] == nil {
			read[i], readErrs[i] = diagram.ReadTile(d, t, i, svg)
		}
	}
	var pic []byte
	if err = errors.Join(readErrs...); err == nil && format == "png" {
		pic, err = diagram.ComposePNGTiles(d, t, read, pngs)
	} else if err == nil {
		pic, err = diagram.ComposeSVGTiles(d, t, read)
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

// drawScale is the picture's scale, 1 when the model leaves it unset.
func drawScale(d *diagram.Model) float64 {
	if d.Scale <= 0 {
		return 1
	}
	return d.Scale
}

// graphvizHelper is the helper program's name.
const graphvizHelper = "journey-graphviz"

// maxHelpers bounds the helpers one picture runs: each costs a process
// start and its own Graphviz.
const maxHelpers = 4

// drawTilesWithHelpers has journey-graphviz helpers (as many as
// helperCount says) draw the tiles, each taking the next from one queue
// (see tileQueue). started are helpers already running (see prestart);
// more are started as needed, and those past that number are stopped. The
// helper is a program of its own because linking Graphviz's WebAssembly
// module into journey would compile it at the start of every command.
func drawTilesWithHelpers(ctx context.Context, tiles [][]byte, format string, scale float64, started []*helperProc, arrived func(i int, svg []byte)) ([][]byte, [][]byte, error) {
	n := helperCount(tiles)
	for _, p := range started[min(n, len(started)):] {
		p.abandon()
	}
	procs := started[:min(n, len(started))]
	if len(procs) < n {
		path, err := findGraphvizHelper()
		if err != nil {
			for _, p := range procs {
				p.abandon()
			}
			return nil, nil, err
		}
		for len(procs) < n {
			p, err := startHelper(ctx, path, format, scale)
			if err != nil {
				for _, p := range procs {
					p.abandon()
				}
				return nil, nil, fmt.Errorf("cannot draw %s with %s: %w", format, path, err)
			}
			procs = append(procs, p)
		}
	}
	queue := newTileQueue(tiles)
	per := 1
	if format == "png" {
		per = 2
	}
	out := make([][]byte, len(tiles)*per)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, n)
	for h := range procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := procs[h].draw(ctx, tiles, queue, per, out, arrived); err != nil {
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

// A tileQueue hands out tile indices, the largest tile first (by DOT
// size, which tracks layout time well enough), to whichever helper asks
// next: a helper that started late or draws slowly takes fewer tiles, and
// the small tiles left at the end keep the helpers finishing together.
type tileQueue struct {
	mu    sync.Mutex
	order []int
}

func newTileQueue(tiles [][]byte) *tileQueue {
	order := make([]int, len(tiles))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return len(tiles[b]) - len(tiles[a]) })
	return &tileQueue{order: order}
}

// next takes the next tile, false when none is left.
func (q *tileQueue) next() (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.order) == 0 {
		return 0, false
	}
	i := q.order[0]
	q.order = q.order[1:]
	return i, true
}

// tilesInFlight is how many tiles a helper holds at once: the one it draws
// and the next, already in its pipe when it finishes, so it never waits
// for journey between tiles.
const tilesInFlight = 2

// A helperProc is a running journey-graphviz helper in tiles mode, waiting
// for its tiles on standard input.
type helperProc struct {
	path, format string
	stdin        io.WriteCloser
	stdout       io.ReadCloser
	// stderr is what the helper said on its standard error, complete
	// once wait returned.
	stderr bytes.Buffer
	// wait waits for the helper to exit and its standard error to end,
	// and sets state.
	wait  func() error
	state *os.ProcessState
	// drawn counts the pictures read back from the helper.
	drawn int
}

// helperArgs are the helper's arguments after tiles: format, journey's
// version, the scale of a PNG.
func helperArgs(format string, scale float64) []string {
	mine, _, _, _ := buildVersion()
	args := []string{format, frames.VersionFlag + mine}
	if scale != 1 && format == "png" {
		args = append(args, "--scale="+strconv.FormatFloat(scale, 'g', -1, 64))
	}
	return args
}

// startHelper starts a helper that will draw tiles in format at scale. It
// loads Graphviz while journey prepares the tiles.
func startHelper(ctx context.Context, path, format string, scale float64) (*helperProc, error) {
	p := &helperProc{path: path, format: format}
	cmd := exec.CommandContext(ctx, path, append([]string{"tiles"}, helperArgs(format, scale)...)...)
	// Graphviz runs on one thread; more Go processors only add garbage
	// collection and scheduler work that competes with the other helpers
	// and with journey for the cores.
	cmd.Env = append(os.Environ(), "GOMAXPROCS=1")
	cmd.Stderr = &p.stderr
	var err error
	if p.stdin, err = cmd.StdinPipe(); err != nil {
		return nil, err
	}
	if p.stdout, err = cmd.StdoutPipe(); err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p.wait = func() error {
		err := cmd.Wait()
		p.state = cmd.ProcessState
		return err
	}
	return p, nil
}

// adoptHelper takes the helper started with journey's process (see
// earlyhelper) to draw tiles in format at scale: it sends the helper its
// arguments, which it waits for on standard input.
func adoptHelper(ctx context.Context, e *earlyhelper.Started, format string, scale float64) (*helperProc, error) {
	p := &helperProc{path: e.Path, format: format}
	p.stdin = os.NewFile(e.Stdin, "journey-graphviz's standard input")
	p.stdout = os.NewFile(e.Stdout, "journey-graphviz's standard output")
	stderr := os.NewFile(e.Stderr, "journey-graphviz's standard error")
	proc, err := os.FindProcess(e.Pid)
	if err != nil {
		p.stdin.Close()
		p.stdout.Close()
		stderr.Close()
		return nil, err
	}
	copied, exited := make(chan struct{}), make(chan struct{})
	go func() {
		io.Copy(&p.stderr, stderr)
		stderr.Close()
		close(copied)
	}()
	go func() {
		select {
		case <-ctx.Done():
			proc.Kill()
		case <-exited:
		}
	}()
	p.wait = func() error {
		state, err := proc.Wait()
		close(exited)
		<-copied
		p.stdout.Close()
		p.state = state
		switch {
		case err != nil:
			return err
		case !state.Success():
			return errors.New(state.String())
		}
		return nil
	}
	if err := frames.Write(p.stdin, []byte(strings.Join(helperArgs(format, scale), "\n"))); err != nil {
		p.abandon()
		return nil, err
	}
	return p, nil
}

// abandon stops a helper that has nothing to draw: it reads the end of its
// input and exits.
func (p *helperProc) abandon() {
	p.stdin.Close()
	io.Copy(io.Discard, p.stdout)
	p.wait()
}

// draw has the helper draw tiles from the queue, tilesInFlight at a time,
// and puts its pictures in out, per pictures per tile. The pictures are
// read as they come, each into a slice of its own size, and each tile's
// SVG is handed to arrived (when not nil) once its pictures are in.
func (p *helperProc) draw(ctx context.Context, tiles [][]byte, queue *tileQueue, per int, out [][]byte, arrived func(i int, svg []byte)) error {
	// sent lists the tiles written to the helper, in order; a token in
	// free lets the writer send one more.
	sent := make(chan int, len(tiles))
	free := make(chan struct{}, tilesInFlight)
	for range tilesInFlight {
		free <- struct{}{}
	}
	done := make(chan struct{})
	written := make(chan error, 1)
	go func() {
		defer close(sent)
		w := bufio.NewWriter(p.stdin)
		var err error
	send:
		for {
			select {
			case <-free:
			case <-done:
				break send
			}
			i, ok := queue.next()
			if !ok {
				break
			}
			if err = frames.Write(w, tiles[i]); err == nil {
				err = w.Flush()
			}
			if err != nil {
				break
			}
			sent <- i
		}
		p.stdin.Close()
		written <- err
	}()
	mine, _, _, _ := buildVersion()
	r := bufio.NewReaderSize(p.stdout, 64<<10)
	theirs, helloErr := frames.ReadHello(r)
	var readErr error
	if helloErr == nil && frames.SameRelease(mine, theirs) {
	read:
		for i := range sent {
			for k := 0; k < per; k++ {
				b, err := frames.Read(r)
				if err != nil {
					readErr = err
					break read
				}
				out[i*per+k] = b
				p.drawn++
			}
			if arrived != nil {
				arrived(i, out[i*per])
			}
			free <- struct{}{}
		}
	}
	// The writer stops at the next tile when reading stopped early.
	close(done)
	// Whatever is left (a helper that failed part way) is read to its
	// end, so that the helper is not left blocked on a full pipe.
	io.Copy(io.Discard, r)
	runErr := p.wait()
	writeErr := <-written
	if runErr != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	// A helper that stopped early (another release, a crash) closes its
	// end of the pipe: what it said on its way out tells why, not the
	// write error.
	if err := checkHelperVersion(theirs, helloErr, p.path, mine, runErr, p.stderr.String()); err != nil {
		return err
	}
	if runErr == nil && writeErr != nil {
		runErr = writeErr
	}
	if runErr != nil {
		msg := strings.TrimSpace(p.stderr.String())
		if msg == "" {
			msg = runErr.Error()
		}
		return fmt.Errorf("cannot draw %s with %s: %s", p.format, p.path, msg)
	}
	if readErr != nil {
		return fmt.Errorf("cannot draw %s with %s: %w", p.format, p.path, readErr)
	}
	return nil
}

// checkHelperVersion judges the helper's hello (theirs, or the error of
// reading it; see frames.Hello) and fails when the helper is of another
// release than journey, naming both versions. A helper that failed without
// a hello, on usage, is older than the handshake. Either is an
// installation problem (exit 2), as a missing helper is.
func checkHelperVersion(theirs string, err error, path, mine string, runErr error, stderr string) error {
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
