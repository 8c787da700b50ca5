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
	"testing"
	"time"

	"github.com/journey-maps/journey/journey"
	"github.com/journey-maps/journey/render/diagram"
	"github.com/journey-maps/journey/render/diagram/frames"
)

// drawWithHelpers draws with helpers started for the picture alone, as
// journey does when nothing was prestarted.
func drawWithHelpers(ctx context.Context, d *diagram.Model, t *diagram.Theme, format string) ([]byte, error) {
	return (&helperDrawer{}).draw(ctx, d, t, format)
}

func frame(s string) string { return strconv.Itoa(len(s)) + "\n" + s }

func TestTileQueue(t *testing.T) {
	sizes := []int{50, 900, 300, 300, 20, 700, 10}
	tiles := make([][]byte, len(sizes))
	for i, n := range sizes {
		tiles[i] = make([]byte, n)
	}
	// One taker: largest first, equal sizes in tile order.
	q := newTileQueue(tiles)
	var got []int
	for i, ok := q.next(); ok; i, ok = q.next() {
		got = append(got, i)
	}
	if want := []int{1, 5, 2, 3, 0, 4, 6}; !slices.Equal(got, want) {
		t.Errorf("order %v, expected %v", got, want)
	}
	// Takers side by side: each tile once.
	q = newTileQueue(tiles)
	var mu sync.Mutex
	got = nil
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for i, ok := q.next(); ok; i, ok = q.next() {
				mu.Lock()
				got = append(got, i)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	slices.Sort(got)
	if !slices.Equal(got, []int{0, 1, 2, 3, 4, 5, 6}) {
		t.Errorf("tiles %v, expected each once", got)
	}
}

// fakeHelperDelay, set in a helper's environment, makes the test binary
// itself a tiles-mode helper (see TestMain) that answers each DOT frame
// with the frame itself after that delay.
const fakeHelperDelay = "JOURNEY_TEST_FAKE_HELPER_DELAY"

func TestMain(m *testing.M) {
	if d, ok := os.LookupEnv(fakeHelperDelay); ok {
		os.Exit(fakeHelper(d))
	}
	os.Exit(m.Run())
}

func fakeHelper(delay string) int {
	d, err := time.ParseDuration(delay)
	if err != nil {
		return 2
	}
	mine, _, _, _ := buildVersion()
	w := bufio.NewWriter(os.Stdout)
	if err := frames.Write(w, frames.Hello(mine)); err != nil || w.Flush() != nil {
		return 2
	}
	r := bufio.NewReader(os.Stdin)
	for {
		b, err := frames.Read(r)
		if err != nil {
			return 0
		}
		time.Sleep(d)
		if frames.Write(w, b) != nil || w.Flush() != nil {
			return 2
		}
	}
}

// TestHelpersShareByPace: tiles go to whichever helper is free, so a slow
// helper draws only what it took at the start and the fast one the rest
// (dealt out in advance, each would have drawn half), and every picture
// lands at its own tile.
func TestHelpersShareByPace(t *testing.T) {
	if runtime.NumCPU() < 2 {
		t.Fatal("needs two cores: one helper a core")
	}
	// A large map's worth of tiles, for two helpers.
	tiles := make([][]byte, 12)
	for i := range tiles {
		tiles[i] = []byte(fmt.Sprintf("digraph t%d { a }%s", i, strings.Repeat(" ", manyTileBytes/len(tiles)+100-i)))
	}
	if n := helperCount(tiles); n != 2 {
		t.Fatalf("%d helpers for %d bytes of tiles, expected 2", n, len(tiles)*len(tiles[0]))
	}
	ctx := context.Background()
	var procs []*helperProc
	for _, delay := range []string{"600ms", "0s"} {
		t.Setenv(fakeHelperDelay, delay)
		p, err := startHelper(ctx, os.Args[0], "svg", 1)
		if err != nil {
			t.Fatal(err)
		}
		procs = append(procs, p)
	}
	svgs, _, err := drawTilesWithHelpers(ctx, tiles, "svg", 1, procs, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range tiles {
		if !bytes.Equal(svgs[i], tiles[i]) {
			t.Errorf("tile %d: got %.40q", i, svgs[i])
			break
		}
	}
	slow, fast := procs[0].drawn, procs[1].drawn
	if slow > tilesInFlight+1 || slow+fast != len(tiles) {
		t.Errorf("the slow helper drew %d tiles and the fast one %d; expected at most %d for the slow one", slow, fast, tilesInFlight+1)
	}
}

// buildHelper builds journey-graphviz into a directory on PATH, where
// journey render looks for it after its own directory. Its version is
// stamped as a release does, or with "" left a dev build like the test's
// own journey (without VCS stamping, which go build adds in a checkout and
// go test does not).
func buildHelper(t *testing.T, stamp string) {
	t.Helper()
	dir := t.TempDir()
	name := graphvizHelper
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	cmd := exec.Command("go", "build", "-buildvcs=false", "-ldflags", "-X main.version="+stamp, "-o", filepath.Join(dir, name), "../journey-graphviz")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("cannot build journey-graphviz: %v\n%s", err, out)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// TestHelpersDrawTiles runs the real helper processes side by side and
// gets back, in tile order, the same pictures Graphviz draws in-process.
func TestHelpersDrawTiles(t *testing.T) {
	buildHelper(t, "")
	src, err := os.ReadFile(store)
	if err != nil {
		t.Fatal(err)
	}
	j, diags := journey.Parse(store, src)
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	d, err := diagram.New(j, nil, diagram.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tiles := diagram.Tiles(d, nil)
	ctx := context.Background()
	for _, tc := range []struct {
		format string
		scale  float64
	}{{"svg", 1}, {"png", 1}, {"png", 2}} {
		format := tc.format
		svgs, pngs, err := drawTilesWithHelpers(ctx, tiles, format, tc.scale, nil, nil)
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		wantSVG, wantPNG, err := inProcessTiles(ctx, tiles, format, tc.scale, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(svgs) != len(tiles) || len(pngs) != len(wantPNG) {
			t.Fatalf("%s: %d svgs and %d pngs for %d tiles", format, len(svgs), len(pngs), len(tiles))
		}
		for i := range tiles {
			if !bytes.Equal(svgs[i], wantSVG[i]) {
				t.Errorf("%s: tile %d: the helper's svg differs from the in-process one", format, i)
			}
			if format == "png" && !bytes.Equal(pngs[i], wantPNG[i]) {
				t.Errorf("png: tile %d: the helper's png differs from the in-process one", i)
			}
		}
	}

	broken := append(slices.Clone(tiles), []byte("digraph broken { a -> "))
	_, _, err = drawTilesWithHelpers(ctx, broken, "svg", 1, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "cannot parse dot") || !strings.Contains(err.Error(), graphvizHelper) {
		t.Errorf("broken tile: got %v, want the helper's parse error", err)
	}

	// journey render end to end, through the helpers.
	code, out, stderr := runCmdDraw(t, drawWithHelpers, "", "render", store, "-f", "svg")
	if code != 0 || !strings.Contains(out, "Instagram ad") || !strings.HasSuffix(out, "</svg>\n") {
		t.Errorf("render: exit %d, stderr %q, svg %.200q", code, stderr, out)
	}
}

// TestHelperOfAnotherRelease: a helper stamped with another version than
// journey's refuses to draw, and journey says so with both versions and
// the fix, as an installation problem (exit 2).
func TestHelperOfAnotherRelease(t *testing.T) {
	buildHelper(t, "9.9.9")
	code, out, stderr := runCmdDraw(t, drawWithHelpers, "", "render", store, "-f", "svg")
	for _, want := range []string{"journey dev and journey-graphviz 9.9.9", "are from different releases", "go install ./cmd/..."} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q lacks %q", stderr, want)
		}
	}
	if code != 2 || out != "" {
		t.Errorf("exit %d, %d bytes out; expected exit 2 and nothing", code, len(out))
	}
}

// TestCheckHelperVersion covers the helper's answers journey can get: its
// hello of the same or another release, nothing from a helper older than
// the handshake, and a failure of the helper's own.
func TestCheckHelperVersion(t *testing.T) {
	hello := func(v string) string { return frame(string(frames.Hello(v))) }
	failed := errors.New("exit status 2")
	tests := []struct {
		name    string
		mine    string
		stdout  string
		runErr  error
		stderr  string
		want    string // substring of the error; "" for none
		install bool   // an installation problem (exit 2)
	}{
		{"same release", "1.2.0", hello("1.2.0") + frame("<svg/>"), nil, "", "", false},
		{"dev builds", "dev", hello("dev"), nil, "", "", false},
		{"another release", "1.3.0", hello("1.2.0"), failed, "journey-graphviz: ...", "journey 1.3.0 and journey-graphviz 1.2.0 (/bin/journey-graphviz) are from different releases", true},
		{"dev and a release", "dev", hello("1.2.0"), failed, "", "journey dev and journey-graphviz 1.2.0", true},
		{"older helper", "1.3.0", "", failed, "usage: journey-graphviz svg|png|check", "an older journey-graphviz that does not say its version", true},
		{"helper crashed", "1.3.0", "", failed, "panic: out of memory", "", false},
		{"no hello", "1.3.0", frame("<svg/>"), nil, "", `expected "journey-graphviz " and a version`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			theirs, helloErr := frames.ReadHello(bufio.NewReader(strings.NewReader(tt.stdout)))
			err := checkHelperVersion(theirs, helloErr, "/bin/journey-graphviz", tt.mine, tt.runErr, tt.stderr)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("got %v, want no error", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
			var ioe ioError
			if errors.As(err, &ioe) != tt.install {
				t.Errorf("%v: an installation problem is %v, want %v", err, !tt.install, tt.install)
			}
		})
	}
}

// TestPrestartedHelpers: journey render starts its helpers before it reads
// the map, draws with those very helpers, and leaves none running, whether
// it draws or fails before drawing.
func TestPrestartedHelpers(t *testing.T) {
	buildHelper(t, "")
	var started []*helperProc
	h := &helperDrawer{}
	s := func(out, errb *bytes.Buffer) *streams {
		st := testStreams(strings.NewReader(""), out, errb, h.draw)
		st.prestart = func(ctx context.Context, format string, scale float64) func() {
			release := h.prestart(ctx, format, scale)
			started = append([]*helperProc(nil), h.started...)
			return release
		}
		return st
	}

	var out, errb bytes.Buffer
	code := execute(context.Background(), []string{"render", store, "-f", "svg"}, s(&out, &errb))
	if code != 0 || !strings.Contains(out.String(), "Instagram ad") {
		t.Fatalf("render: exit %d, stderr %q", code, errb.String())
	}
	if want := 1; len(started) != want {
		t.Fatalf("%d helpers prestarted, expected %d", len(started), want)
	}
	for i, p := range started {
		if p.state == nil || !p.state.Success() {
			t.Errorf("prestarted helper %d: state %v after the render", i, p.state)
		}
		if p.drawn == 0 {
			t.Errorf("prestarted helper %d drew nothing", i)
		}
	}
	if len(h.started) != 0 {
		t.Errorf("%d helpers left over", len(h.started))
	}

	// A map that cannot be read: the prestarted helpers are stopped.
	started = nil
	out.Reset()
	errb.Reset()
	code = execute(context.Background(), []string{"render", "no-such-map.yaml", "-f", "svg"}, s(&out, &errb))
	if code != 2 || len(started) == 0 {
		t.Fatalf("missing map: exit %d with %d helpers prestarted; expected 2 and some", code, len(started))
	}
	for i, p := range started {
		if p.state == nil {
			t.Errorf("helper %d still running after a failed render", i)
		}
	}
}

// TestHelperCount: one helper draws a map of a few hundred touchpoints;
// a large map gets one a core (at most maxHelpers), never more than tiles.
func TestHelperCount(t *testing.T) {
	tile := func(n int) []byte { return make([]byte, n) }
	cores := min(runtime.NumCPU(), maxHelpers)
	for _, tc := range []struct {
		name  string
		tiles [][]byte
		want  int
	}{
		{"none", nil, 0},
		{"one small", [][]byte{tile(100)}, 1},
		{"300 touchpoints", [][]byte{tile(4000), tile(100000), tile(100000), tile(100000)}, 1},
		{"just under", [][]byte{tile(manyTileBytes - 1)}, 1},
		{"one large tile", [][]byte{tile(manyTileBytes)}, 1},
		{"large", [][]byte{tile(manyTileBytes / 2), tile(manyTileBytes / 2)}, min(cores, 2)},
		{"large, many tiles", slices.Repeat([][]byte{tile(manyTileBytes / 8)}, 8), cores},
	} {
		if got := helperCount(tc.tiles); got != tc.want {
			t.Errorf("%s: %d helpers, expected %d", tc.name, got, tc.want)
		}
	}
}
