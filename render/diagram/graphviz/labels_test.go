package graphviz

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/journey-maps/journey/journey"
	"github.com/journey-maps/journey/render/diagram"
	"github.com/journey-maps/journey/render/diagram/fonts"
)

// composeSVG draws the picture as journey render does: each tile laid out
// alone, then composed.
func composeSVG(t *testing.T, d *diagram.Model) []byte {
	t.Helper()
	var svgs [][]byte
	for _, tile := range diagram.Tiles(d, diagram.ThemeDefault) {
		out, err := testEngine(t).RenderAll(context.Background(), tile, FormatSVG)
		if err != nil {
			t.Fatal(err)
		}
		svgs = append(svgs, out[0])
	}
	svg, err := diagram.ComposeSVG(d, diagram.ThemeDefault, svgs)
	if err != nil {
		t.Fatal(err)
	}
	return svg
}

var (
	svgWidth = regexp.MustCompile(`<svg width="([\d.]+)pt"`)
	svgText  = regexp.MustCompile(`<text[^>]*>([^<]*)</text>`)
)

// longNamesJourney has three stages of two touchpoints each; every name,
// channel and KPI name is words pieces long, the last touchpoint's one
// word of 70 letters.
func longNamesJourney(words int) string {
	long := func(what string) string {
		return strings.TrimSpace(strings.Repeat(what+" with a long name ", words))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "version: 1\nname: %q\nstages:\n", long("Map"))
	for s := range 3 {
		fmt.Fprintf(&b, "  - id: s%d\n    name: %q\n    touchpoints:\n", s, long("Stage"))
		for k := range 2 {
			name := long("Touchpoint")
			if s == 2 && k == 1 {
				name = strings.Repeat("Kundenzufriedenheitsumfrage", 3)[:70]
			}
			fmt.Fprintf(&b, "      - {id: t%d%d, name: %q, channel: %q}\n", s, k, name, long("Channel"))
		}
	}
	fmt.Fprintf(&b, "kpis:\n  - {id: k, name: %q, metric: conversion, from: t00, to: t21, target: '>= 50%%'}\n", long("KPI"))
	return b.String()
}

// TestLongNamesWrap: long names wrap instead of stretching the map: a map
// of names of a hundred characters and more is about as wide as one of
// names that fit a line, and no drawn line is wider than a label's width.
func TestLongNamesWrap(t *testing.T) {
	width := func(words int) float64 {
		t.Helper()
		src := longNamesJourney(words)
		j, diags := journey.Parse("long.yaml", []byte(src))
		if j == nil || diags.Errors() > 0 {
			t.Fatalf("does not load: %v", diags)
		}
		sets := []*journey.DataSet{{File: "d.csv", Rows: []journey.StepRow{{Label: "t00", Users: 100, HasUsers: true}, {Label: "t21", Users: 40, HasUsers: true}}}}
		d, err := diagram.New(j, journey.Analyze(j, sets, journey.AnalyzeOptions{}), diagram.Options{})
		if err != nil {
			t.Fatal(err)
		}
		svg := composeSVG(t, d)
		m := svgWidth.FindSubmatch(svg)
		if m == nil {
			t.Fatal("no width on the svg element")
		}
		w, _ := strconv.ParseFloat(string(m[1]), 64)
		svgTexts(t, svg) // well-formed
		for _, m := range svgText.FindAllSubmatch(svg, -1) {
			text := string(m[1])
			if !strings.Contains(text, "long name") && !strings.Contains(text, "Kunden") {
				continue // the legend's own words
			}
			if c := diagram.Columns(text); c > diagram.TitleColumns {
				t.Errorf("a line of %d columns: %q", c, m[1])
			}
		}
		return w
	}
	short, long := width(1), width(6)
	t.Logf("map %.0f pt wide with names of one piece, %.0f pt with six", short, long)
	// Six pieces are over a hundred characters; three stage columns at
	// the width of a wrapped name stay within a laptop screen.
	if long > 1200 || long > short*1.25 {
		t.Errorf("the map with long names is %.0f pt wide, expected at most 1200 pt (with short names: %.0f pt)", long, short)
	}
}

// TestScriptsPNG: text in German, Russian, Japanese, Chinese and Korean,
// and an emoji, is drawn in the PNG with its glyphs. The Go fonts draw the
// first two: the picture is the same with system fonts turned off. Fonts
// found through fontconfig draw the others: turned off, they come out as
// empty boxes, so the picture must differ from that one, in many pixels.
func TestScriptsPNG(t *testing.T) {
	draw := func(text string, systemFonts bool) image.Image {
		t.Helper()
		if !systemFonts {
			t.Setenv(fonts.NoSystemFonts, "1")
			defer os.Unsetenv(fonts.NoSystemFonts)
		}
		dot := fmt.Sprintf(`digraph { bgcolor=white; a [shape=plaintext, fontname=Arial, fontsize=40, fontcolor=black, label=%q] }`, text)
		img, err := png.Decode(bytes.NewReader(renderBytes(t, dot, FormatPNG)))
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	for _, tc := range []struct {
		text    string
		goFonts bool
	}{
		{"Größenberater", true}, {"Корзина", true},
		{"ショッピング", false}, {"结账页面", false}, {"배송 추적", false}, {"🚀", false}, {"Bewusstsein 🚀", false},
	} {
		t.Run(tc.text, func(t *testing.T) {
			got, boxes := draw(tc.text, true), draw(tc.text, false)
			if got.Bounds() != boxes.Bounds() {
				t.Fatalf("%v with system fonts, %v without: expected one layout", got.Bounds(), boxes.Bounds())
			}
			ink, differ := 0, 0
			b := got.Bounds()
			for y := b.Min.Y; y < b.Max.Y; y++ {
				for x := b.Min.X; x < b.Max.X; x++ {
					r, _, _, _ := got.At(x, y).RGBA()
					r2, _, _, _ := boxes.At(x, y).RGBA()
					if r < 0x8000 {
						ink++
					}
					if (r < 0x8000) != (r2 < 0x8000) {
						differ++
					}
				}
			}
			if ink < 100 {
				t.Errorf("%d dark pixels, expected the text drawn", ink)
			}
			switch {
			case tc.goFonts && differ != 0:
				t.Errorf("%d pixels differ without system fonts, expected the Go fonts' glyphs either way", differ)
			case !tc.goFonts && differ < ink/4:
				t.Errorf("only %d of %d dark pixels differ from the empty boxes of missing glyphs", differ, ink)
			}
		})
	}
}

// composePNG draws the picture as a PNG as journey render does.
func composePNG(t *testing.T, d *diagram.Model) image.Image {
	t.Helper()
	var svgs, pngs [][]byte
	for _, tile := range diagram.Tiles(d, diagram.ThemeDefault) {
		out, err := testEngine(t).RenderAll(context.Background(), tile, FormatSVG, FormatPNG)
		if err != nil {
			t.Fatal(err)
		}
		svgs, pngs = append(svgs, out[0]), append(pngs, out[1])
	}
	b, err := diagram.ComposePNG(d, diagram.ThemeDefault, svgs, pngs)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// TestScriptsMapPNG draws testdata/scripts.yaml, a map in German, Russian,
// Japanese, Chinese and Korean with an emoji in a stage name: with system
// fonts it differs from the picture of empty boxes in at least as many
// pixels as its CJK text takes (some 30 characters at 11 to 22 points).
func TestScriptsMapPNG(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "scripts.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	j, diags := journey.Parse("scripts.yaml", src)
	if j == nil || diags.Errors() > 0 {
		t.Fatalf("does not load: %v", diags)
	}
	d, err := diagram.New(j, nil, diagram.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := composePNG(t, d)
	t.Setenv(fonts.NoSystemFonts, "1")
	boxes := composePNG(t, d)
	if got.Bounds() != boxes.Bounds() {
		t.Fatalf("%v with system fonts, %v without: expected one layout", got.Bounds(), boxes.Bounds())
	}
	differ := 0
	b := got.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, _, _, _ := got.At(x, y).RGBA()
			r2, _, _, _ := boxes.At(x, y).RGBA()
			if (r < 0x8000) != (r2 < 0x8000) {
				differ++
			}
		}
	}
	if differ < 2000 {
		t.Errorf("%d pixels differ from the picture with empty boxes, expected the CJK and emoji glyphs drawn", differ)
	}
}
