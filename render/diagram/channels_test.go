package diagram

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/journey-maps/journey/journey"
)

// TestDiagramGoldenChannels pins the example coloured by channel, in both
// themes and in Mermaid.
func TestDiagramGoldenChannels(t *testing.T) {
	j := loadExample(t, "online-store")
	a := journey.Analyze(j, exampleSets(j), journey.AnalyzeOptions{})
	d, err := New(j, a, Options{ColorBy: ColorByChannel})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		golden string
		write  func(*bytes.Buffer) error
	}{
		{"online-store.channel.data.dot", func(b *bytes.Buffer) error { return WriteDOT(b, d, ThemeDefault) }},
		{"online-store.high-contrast.channel.data.dot", func(b *bytes.Buffer) error { return WriteDOT(b, d, ThemeHighContrast) }},
		{"online-store.channel.data.mmd", func(b *bytes.Buffer) error { return WriteMermaid(b, d, ThemeDefault) }},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.write(&b); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tt.golden, b.Bytes())
		})
	}
}

// manyChannels has eleven channels, more than either palette holds, the
// last one also early in the file, and a touchpoint without a channel.
func manyChannels(t *testing.T) *journey.Journey {
	var y strings.Builder
	y.WriteString("version: 1\nname: Many\npersonas:\n  - {id: p, name: P}\nstages:\n  - id: s\n    name: S\n    touchpoints:\n")
	for i := 0; i < 11; i++ {
		fmt.Fprintf(&y, "      - {id: t%d, name: T%d, channel: c%d}\n", i, i, i)
	}
	y.WriteString("      - {id: none, name: None}\n      - {id: again, name: Again, channel: c1}\n")
	y.WriteString("      - {id: ponly, name: Ponly, channel: c9, personas: [p]}\n")
	j, diags := journey.Parse("many.yaml", []byte(y.String()))
	if j == nil || diags.Errors() > 0 {
		t.Fatalf("does not load: %v", diags)
	}
	return j
}

// nodeFills reads each touchpoint's fill colour from the DOT, by node key.
func nodeFills(dot string) map[string]string {
	out := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^\s+(t\d+) \[.*?fillcolor="(#[0-9a-f]+)"`).FindAllStringSubmatch(dot, -1) {
		out[m[1]] = m[2]
	}
	return out
}

// TestDiagramChannelColours: channels take the palette's colours in order
// of first appearance in the file, a channel keeps its colour wherever it
// appears again and in a persona's picture, channels past the palette
// are grey and named together in the legend, and touchpoints without a
// channel are left white.
func TestDiagramChannelColours(t *testing.T) {
	j := manyChannels(t)
	for _, theme := range Themes {
		t.Run(theme.Name, func(t *testing.T) {
			d, err := New(j, nil, Options{ColorBy: ColorByChannel})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := WriteDOT(&b, d, theme); err != nil {
				t.Fatal(err)
			}
			dot := b.String()
			checkDOTSyntax(t, dot)
			fills := nodeFills(dot)
			pal := theme.ChannelPalette
			for i := 0; i < 11; i++ {
				want := theme.ChannelOther
				if i < len(pal) {
					want = pal[i]
				}
				if got := fills[fmt.Sprint("t", i)]; got != want {
					t.Errorf("t%d (channel c%d) fill %s, want %s", i, i, got, want)
				}
			}
			if fills["t11"] != theme.NoEmotion || fills["t12"] != pal[1] {
				t.Errorf("no channel fill %s, want %s; c1 again %s, want %s", fills["t11"], theme.NoEmotion, fills["t12"], pal[1])
			}
			var other []string
			for i := len(pal); i < 11; i++ {
				other = append(other, fmt.Sprint("c", i))
			}
			for _, want := range []string{
				"Channel:",
				fmt.Sprintf(`BGCOLOR="%s" BORDER="1" COLOR="%s" STYLE="ROUNDED"><FONT POINT-SIZE="%s">c0</FONT>`, pal[0], theme.NodeBorder, dotNum(theme.SmallSize)),
				fmt.Sprintf(`BGCOLOR="%s" BORDER="1" COLOR="%s" STYLE="ROUNDED"><FONT POINT-SIZE="%s">%s</FONT>`, theme.ChannelOther, theme.NodeBorder, dotNum(theme.SmallSize), strings.Join(other, ", ")),
				fmt.Sprintf(`BGCOLOR="%s" BORDER="1" COLOR="%s" STYLE="ROUNDED"><FONT POINT-SIZE="%s">unspecified</FONT>`, theme.NoEmotion, theme.NodeBorder, dotNum(theme.SmallSize)),
			} {
				if !strings.Contains(dot, want) {
					t.Errorf("legend lacks %s", want)
				}
			}
			if strings.Contains(dot, "Emotion:</FONT>") {
				t.Error("coloured by channel, the legend still explains emotions")
			}

			// The persona's picture keeps the colours of the whole map.
			pd, err := New(j, nil, Options{ColorBy: ColorByChannel, Persona: "p"})
			if err != nil {
				t.Fatal(err)
			}
			b.Reset()
			if err := WriteDOT(&b, pd, theme); err != nil {
				t.Fatal(err)
			}
			if got, want := nodeFills(b.String())["t13"], theme.channelFill(9); got != want {
				t.Errorf("persona picture: c9 fill %s, want %s as in the whole map", got, want)
			}

			// Mermaid colours by class, one per palette colour.
			b.Reset()
			if err := WriteMermaid(&b, d, theme); err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"classDef ch0 fill:" + pal[0], "classDef chother fill:" + theme.ChannelOther, "class t11 plain"} {
				if !strings.Contains(b.String(), want) {
					t.Errorf("Mermaid lacks %q", want)
				}
			}
		})
	}
}

// TestDiagramChannelLegendCut: past maxOtherChannels, the grey swatch
// says how many more channels it stands for.
func TestDiagramChannelLegendCut(t *testing.T) {
	var y strings.Builder
	y.WriteString("version: 1\nname: Wide\nstages:\n  - id: s\n    name: S\n    touchpoints:\n")
	n := len(ThemeDefault.ChannelPalette) + maxOtherChannels + 3
	for i := 0; i < n; i++ {
		fmt.Fprintf(&y, "      - {id: t%d, name: T%d, channel: c%d}\n", i, i, i)
	}
	j, diags := journey.Parse("wide.yaml", []byte(y.String()))
	if j == nil || diags.Errors() > 0 {
		t.Fatalf("does not load: %v", diags)
	}
	d, err := New(j, nil, Options{ColorBy: ColorByChannel})
	if err != nil {
		t.Fatal(err)
	}
	legend := channelLegend(d, ThemeDefault)
	last := legend[len(legend)-1]
	if len(legend) != len(ThemeDefault.ChannelPalette)+1 || last.fill != ThemeDefault.ChannelOther || !strings.HasSuffix(last.text, "and 3 more") {
		t.Errorf("legend = %+v, want the palette's channels and one grey swatch ending \"and 3 more\"", legend)
	}
}
