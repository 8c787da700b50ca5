package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/journey-maps/journey/journey"
	"github.com/journey-maps/journey/render/diagram"
)

func TestShareTiles(t *testing.T) {
	sizes := []int{50, 900, 300, 300, 20, 700, 10}
	tiles := make([][]byte, len(sizes))
	for i, n := range sizes {
		tiles[i] = make([]byte, n)
	}
	for n := 1; n <= 4; n++ {
		shares := shareTiles(tiles, n)
		if len(shares) != n {
			t.Fatalf("%d helpers: %d shares", n, len(shares))
		}
		var all []int
		var loads []int
		for _, s := range shares {
			if !slices.IsSorted(s) {
				t.Errorf("%d helpers: share %v not in tile order", n, s)
			}
			load := 0
			for _, i := range s {
				load += sizes[i]
			}
			loads = append(loads, load)
			all = append(all, s...)
		}
		slices.Sort(all)
		if !slices.Equal(all, []int{0, 1, 2, 3, 4, 5, 6}) {
			t.Errorf("%d helpers: tiles %v, expected each once", n, all)
		}
		// Largest first to the least loaded: loads differ by no more
		// than the largest tile.
		if slices.Max(loads)-slices.Min(loads) > 900 {
			t.Errorf("%d helpers: loads %v", n, loads)
		}
		if n == 2 && !slices.Equal(loads, []int{1200, 1080}) {
			t.Errorf("2 helpers: loads %v, expected [1200 1080]", loads)
		}
	}
}

// buildHelper builds journey-graphviz into a directory on PATH, where
// journey render looks for it after its own directory.
func buildHelper(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	name := graphvizHelper
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, name), "../journey-graphviz")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("cannot build journey-graphviz: %v\n%s", err, out)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// TestHelpersDrawTiles runs the real helper processes side by side and
// gets back, in tile order, the same pictures Graphviz draws in-process.
func TestHelpersDrawTiles(t *testing.T) {
	buildHelper(t)
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
	for _, format := range []string{"svg", "png"} {
		svgs, pngs, err := drawTilesWithHelpers(ctx, tiles, format)
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		wantSVG, wantPNG, err := inProcessTiles(ctx, tiles, format)
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
	_, _, err = drawTilesWithHelpers(ctx, broken, "svg")
	if err == nil || !strings.Contains(err.Error(), "cannot parse dot") || !strings.Contains(err.Error(), graphvizHelper) {
		t.Errorf("broken tile: got %v, want the helper's parse error", err)
	}

	// journey render end to end, through the helpers.
	code, out, stderr := runCmdDraw(t, drawWithHelpers, "", "render", store, "-f", "svg")
	if code != 0 || !strings.Contains(out, "Instagram ad") || !strings.HasSuffix(out, "</svg>\n") {
		t.Errorf("render: exit %d, stderr %q, svg %.200q", code, stderr, out)
	}
}
