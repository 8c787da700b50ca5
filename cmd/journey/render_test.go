package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/journey-maps/journey/render/diagram"
	"github.com/journey-maps/journey/render/diagram/graphviz"
)

// Tests draw SVG and PNG in-process instead of running the journey-graphviz
// helper; the test binary links Graphviz, journey does not.
func drawInProcess(ctx context.Context, d *diagram.Model, t *diagram.Theme, format string) ([]byte, error) {
	return drawTiled(ctx, d, t, format, inProcessTiles)
}

var (
	gvOnce   sync.Once
	gvEngine *graphviz.Engine
	gvErr    error
)

func inProcessTiles(ctx context.Context, tiles [][]byte, format string, scale float64, arrived func(int, []byte)) (svgs, pngs [][]byte, err error) {
	gvOnce.Do(func() { gvEngine, gvErr = graphviz.New(context.Background()) })
	if gvErr != nil {
		return nil, nil, gvErr
	}
	formats := []string{"svg"}
	if format == "png" {
		formats = append(formats, "png")
	}
	for i, dot := range tiles {
		out, err := gvEngine.RenderAllScaled(ctx, dot, scale, formats...)
		if err != nil {
			return nil, nil, err
		}
		// Every other tile is handed over as drawn, so that tests cover
		// both tiles read on arrival and tiles read at the end.
		if arrived != nil && i%2 == 1 {
			arrived(i, out[0])
		}
		svgs = append(svgs, out[0])
		if format == "png" {
			pngs = append(pngs, out[1])
		}
	}
	return svgs, pngs, nil
}

const store = "../../examples/online-store.yaml"

func TestRenderFormats(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name  string
		args  []string
		out   string // file to check, "" for stdout
		check func(t *testing.T, b []byte)
	}{
		{"svg to stdout by default", []string{"render", store}, "", checkSVG},
		{"svg from extension", []string{"render", store, "-o", filepath.Join(dir, "a.svg")}, "a.svg", checkSVG},
		{"png from extension", []string{"render", store, "-o", filepath.Join(dir, "a.png")}, "a.png", checkPNG},
		{"dot from extension", []string{"render", store, "-o", filepath.Join(dir, "a.gv")}, "a.gv", checkDOT},
		{"mermaid from extension", []string{"render", store, "-o", filepath.Join(dir, "a.mmd")}, "a.mmd", checkMermaid},
		{"format beats extension", []string{"render", store, "--format", "dot", "-o", filepath.Join(dir, "b.txt")}, "b.txt", checkDOT},
		{"dash is stdout", []string{"render", store, "-f", "mermaid", "-o", "-"}, "", checkMermaid},
		{"persona", []string{"render", store, "--persona", "loyal-regular", "-f", "dot"}, "", func(t *testing.T, b []byte) {
			checkDOT(t, b)
			if bytes.Contains(b, []byte("Coupon code field")) || !bytes.Contains(b, []byte("Early-access newsletter")) {
				t.Error("persona loyal-regular: expected the newsletter and no coupon field")
			}
		}},
		{"tb layout, high contrast", []string{"render", store, "--layout", "tb", "--theme", "high-contrast", "-f", "dot"}, "", func(t *testing.T, b []byte) {
			checkDOT(t, b)
			if !bytes.Contains(b, []byte("rank=same; t0}")) || !bytes.Contains(b, []byte(`"#c8007a"`)) && !bytes.Contains(b, []byte("penwidth=2.5")) {
				t.Error("expected stage rows and the high-contrast pens")
			}
		}},
		{"coloured by channel", []string{"render", store, "--color-by", "channel", "-f", "dot"}, "", func(t *testing.T, b []byte) {
			checkDOT(t, b)
			web := diagram.ThemeDefault.ChannelPalette[1]
			if !bytes.Contains(b, []byte("Channel:")) || !bytes.Contains(b, []byte(`BGCOLOR="`+web+`"`)) || !bytes.Contains(b, []byte(`fillcolor="`+web+`"`)) || bytes.Contains(b, []byte("Emotion:</FONT>")) {
				t.Errorf("expected a channel legend and web (the second channel) in %s", web)
			}
		}},
		{"stdin", []string{"render", "-", "-f", "dot"}, "", checkDOT},
		{"data", []string{"render", store, "--data", "../../examples/online-store.ga4.csv", "-f", "dot"}, "", func(t *testing.T, b []byte) {
			checkDOT(t, b)
			for _, w := range []string{"48,200 users", "drop-off", "MISSED", "MET", "worst drop-off"} {
				if !bytes.Contains(b, []byte(w)) {
					t.Errorf("with data: DOT lacks %q", w)
				}
			}
		}},
		{"data as png", []string{"render", store, "--data", "../../examples/online-store.ga4.csv", "-o", filepath.Join(dir, "d.png")}, "d.png", checkPNG},
		{"canvas", []string{"render", store, "--view", "canvas", "-o", filepath.Join(dir, "c.svg")}, "c.svg", func(t *testing.T, b []byte) {
			checkSVG(t, b)
			for _, w := range []string{`id="emotion-curve"`, "lane-actions", "Scrolls the feed", "lane-backstage", "Coupon code field"} {
				if !bytes.Contains(b, []byte(w)) {
					t.Errorf("canvas lacks %q", w)
				}
			}
		}},
		{"canvas as png", []string{"render", store, "--view", "canvas", "--theme", "high-contrast", "-o", filepath.Join(dir, "c.png")}, "c.png", checkPNG},
		{"canvas with data", []string{"render", store, "--view", "canvas", "--data", "../../examples/online-store.ga4.csv"}, "", func(t *testing.T, b []byte) {
			checkSVG(t, b)
			for _, w := range []string{"lane-figures", "MISSED", "MET", "48,200 users", "drop off", "largest drop-offs"} {
				if !bytes.Contains(b, []byte(w)) {
					t.Errorf("canvas lacks %q", w)
				}
			}
		}},
		{"canvas of a persona", []string{"render", store, "--view", "canvas", "--persona", "loyal-regular"}, "", func(t *testing.T, b []byte) {
			checkSVG(t, b)
			for _, w := range []string{"Early-access newsletter", "Loyal Regular"} {
				if !bytes.Contains(b, []byte(w)) {
					t.Errorf("canvas lacks %q", w)
				}
			}
			if bytes.Contains(b, []byte("Coupon code field")) || bytes.Contains(b, []byte("Bargain Hunter")) {
				t.Error("persona loyal-regular: the canvas shows the bargain hunter's coupon field or card")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdin := ""
			if tt.args[1] == "-" {
				src, err := os.ReadFile(store)
				if err != nil {
					t.Fatal(err)
				}
				stdin = string(src)
			}
			code, stdout, stderr := runCmd(t, stdin, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d, stderr: %s", code, stderr)
			}
			got := []byte(stdout)
			if tt.out != "" {
				if stdout != "" {
					t.Errorf("stdout not empty when writing a file: %.80q", stdout)
				}
				var err error
				if got, err = os.ReadFile(filepath.Join(dir, tt.out)); err != nil {
					t.Fatal(err)
				}
			}
			tt.check(t, got)
		})
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func checkSVG(t *testing.T, b []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	n := 0
	for {
		_, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed: %v", err)
		}
		n++
	}
	if n == 0 || !bytes.Contains(b, []byte("<svg")) || !bytes.Contains(b, []byte("Shopping cart")) {
		t.Fatalf("not an SVG of the journey: %.200q", b)
	}
}

func checkPNG(t *testing.T, b []byte) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	if img.Bounds().Dx() < 200 || img.Bounds().Dy() < 200 {
		t.Fatalf("PNG is only %v", img.Bounds())
	}
}

func checkDOT(t *testing.T, b []byte) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("digraph journey {")) || !bytes.HasSuffix(b, []byte("}\n")) {
		t.Fatalf("not DOT: %.100q", b)
	}
}

func checkMermaid(t *testing.T, b []byte) {
	t.Helper()
	if !bytes.Contains(b, []byte("\nflowchart LR\n")) || !bytes.Contains(b, []byte("subgraph s0[")) {
		t.Fatalf("not a Mermaid flowchart: %.200q", b)
	}
}

func TestRenderErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("version: 1\nname: x\nstages:\n  - id: s\n    name: S\n    touchpoints:\n      - id: a\n        name: A\n        emotion: 7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	badData := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(badData, []byte("nothing,useful\n1,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"invalid journey", []string{"render", bad, "-f", "dot"}, 1, "emotion 7"},
		{"missing file", []string{"render", filepath.Join(dir, "none.yaml")}, 2, "cannot read"},
		{"bad format", []string{"render", store, "--format", "pdf"}, 2, `invalid --format "pdf"`},
		{"unknown extension", []string{"render", store, "-o", filepath.Join(dir, "x.pdf")}, 2, "cannot tell the format"},
		{"unknown persona", []string{"render", store, "--persona", "nobody", "-f", "dot"}, 2, `invalid --persona "nobody"`},
		{"bad layout", []string{"render", store, "--layout", "diagonal"}, 2, `invalid --layout`},
		{"bad theme", []string{"render", store, "--theme", "neon"}, 2, `invalid --theme`},
		{"bad color-by", []string{"render", store, "--color-by", "owner"}, 2, `invalid --color-by "owner"`},
		{"missing data", []string{"render", store, "--data", filepath.Join(dir, "none.csv"), "-f", "dot"}, 2, "none.csv"},
		{"unusable data", []string{"render", store, "--data", badData, "-f", "dot"}, 1, "bad.csv"},
		{"no file", []string{"render"}, 2, "needs the journey FILE, got 0 argument(s)"},
		{"unwritable output", []string{"render", store, "-f", "dot", "-o", filepath.Join(dir, "no", "such", "dir.dot")}, 2, "cannot write"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCmd(t, "", tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; expected exit %d and %q", code, stderr, tt.code, tt.stderr)
			}
		})
	}
}

// TestRenderKeepsOldPictureOnFailure: a failed render leaves the previous
// output file as it was.
func TestRenderKeepsOldPictureOnFailure(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "map.svg")
	if err := os.WriteFile(out, []byte("previous picture"), 0o644); err != nil {
		t.Fatal(err)
	}
	broken := func(context.Context, *diagram.Model, *diagram.Theme, string) ([]byte, error) {
		return []byte("<svg half"), io.ErrUnexpectedEOF
	}
	if code, _, _ := runCmdDraw(t, broken, "", "render", store, "-o", out); code == 0 {
		t.Fatal("failed render exited 0")
	}
	if b, _ := os.ReadFile(out); string(b) != "previous picture" {
		t.Errorf("output became %q, expected the previous picture kept", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("%d files in the directory, expected only the picture", len(entries))
	}

	if code, _, stderr := runCmd(t, "", "render", store, "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(out); !bytes.Contains(b, []byte("<svg")) {
		t.Error("a successful render did not replace the picture")
	}
}

// TestRenderWithoutHelper: without journey-graphviz next to journey or on
// PATH, svg fails with how to install it, and dot still works.
func TestRenderWithoutHelper(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	code, _, stderr := runCmdDraw(t, drawWithHelpers, "", "render", store, "-f", "svg")
	if code != 2 || !strings.Contains(stderr, "journey-graphviz") || !strings.Contains(stderr, "go install") {
		t.Errorf("exit %d, stderr %q: expected exit 2 and how to install journey-graphviz", code, stderr)
	}
	if code, _, stderr := runCmd(t, "", "render", store, "-f", "dot"); code != 0 {
		t.Errorf("dot without the helper: exit %d: %s", code, stderr)
	}
}

func TestFormatFromExt(t *testing.T) {
	tests := map[string]string{"": "svg", "-": "svg", "a.svg": "svg", "A.PNG": "png", "x/y.dot": "dot", "m.gv": "dot", "m.mmd": "mermaid", "m.mermaid": "mermaid", "m.pdf": ""}
	for out, want := range tests {
		got, err := formatFromExt(out, pictureExts, "svg")
		if got != want || (want == "") != (err != nil) {
			t.Errorf("formatFromExt(%q) = %q, %v; want %q", out, got, err, want)
		}
	}
}

// TestRenderCanvasUsage: the canvas is drawn as SVG or PNG only; asking
// for another format, or an unknown view, is a usage error that writes
// nothing.
func TestRenderCanvasUsage(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--view", "canvas", "-f", "dot"}, "--view canvas draws svg or png, found --format dot"},
		{[]string{"--view", "canvas", "-f", "mermaid-journey"}, "found --format mermaid-journey"},
		{[]string{"--view", "grid"}, "expected one of flow, canvas"},
	}
	for _, tt := range tests {
		code, stdout, stderr := runCmd(t, "", append([]string{"render", store}, tt.args...)...)
		if code != 2 || stdout != "" || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stdout %.40q, stderr %q; want 2 and %q", tt.args, code, stdout, stderr, tt.want)
		}
	}
}

// TestRenderScale: --scale enlarges the PNG's pixels by its factor; a
// scale out of range, or on a format other than PNG, is a usage error
// that writes nothing.
func TestRenderScale(t *testing.T) {
	dir := t.TempDir()
	size := func(scale string) (int, int) {
		t.Helper()
		out := filepath.Join(dir, "s"+scale+".png")
		args := []string{"render", store, "-o", out}
		if scale != "" {
			args = append(args, "--scale", scale)
		}
		if code, _, stderr := runCmd(t, "", args...); code != 0 {
			t.Fatalf("--scale %s: exit %d: %s", scale, code, stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		return img.Bounds().Dx(), img.Bounds().Dy()
	}
	w1, h1 := size("")
	for _, tc := range []struct {
		scale  string
		factor float64
	}{{"1", 1}, {"2", 2}, {"0.5", 0.5}, {"3.5", 3.5}} {
		w, h := size(tc.scale)
		if math.Abs(float64(w)-float64(w1)*tc.factor) > 2+tc.factor || math.Abs(float64(h)-float64(h1)*tc.factor) > 2+tc.factor {
			t.Errorf("--scale %s: %dx%d, expected about %.0fx%.0f", tc.scale, w, h, float64(w1)*tc.factor, float64(h1)*tc.factor)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--scale", "0.1", "-o", filepath.Join(dir, "x.png")}, "expected --scale from 0.25 to 8, found 0.1"},
		{[]string{"--scale", "9", "-o", filepath.Join(dir, "x.png")}, "expected --scale from 0.25 to 8, found 9"},
		{[]string{"--scale", "NaN", "-o", filepath.Join(dir, "x.png")}, "expected --scale from 0.25 to 8, found NaN"},
		{[]string{"--scale", "2", "-o", filepath.Join(dir, "x.svg")}, "--scale enlarges PNG only, found --format svg"},
		{[]string{"--scale", "2", "-f", "dot"}, "--scale enlarges PNG only, found --format dot"},
	} {
		code, stdout, stderr := runCmd(t, "", append([]string{"render", store}, tc.args...)...)
		if code != 2 || !strings.Contains(stderr, tc.want) || stdout != "" {
			t.Errorf("%v: exit %d, stderr %q; expected exit 2 saying %q", tc.args, code, stderr, tc.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.png")); err == nil {
		t.Error("a refused --scale wrote x.png")
	}
}

// TestREADMEMermaidJourney: the README's Mermaid journey block, which
// Markdown previews draw, is what the command writes for the example.
func TestREADMEMermaidJourney(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "```mermaid\n")
	block, _, closed := strings.Cut(rest, "```\n")
	if !ok || !closed {
		t.Fatal("the README has no ```mermaid block")
	}
	code, out, stderr := runCmd(t, "", "render", "../../examples/online-store.yaml", "--format", "mermaid-journey")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if block != out {
		t.Errorf("the README's block differs from the output:\n%s\nwant:\n%s", block, out)
	}
}
