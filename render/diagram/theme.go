package diagram

import (
	"fmt"
	"strings"
)

// Theme is the look of a journey picture: colours, fonts and line
// widths. Colours are #rrggbb.
type Theme struct {
	Name string
	// Font is a single family name: Graphviz sizes labels by the metrics of
	// a family it knows by name (Arial and Helvetica share theirs) and falls
	// back to the narrower Times for anything else, lists included. Its SVG
	// names Helvetica "Helvetica,sans-Serif", which some renderers resolve
	// to a wider sans; Arial it writes as is, and systems without Arial map
	// it to a metric-compatible font.
	Font       string
	Background string
	Text       string
	Muted      string // channel, legend notes
	// Stage columns.
	StageFill, StageBorder string
	StagePen               float64
	// Touchpoints.
	NodeBorder  string
	NodePen     float64
	NoEmotion   string         // fill of a touchpoint without emotion
	Emotion     map[int]string // fill by emotion -2..2
	EmotionName map[int]string // legend text by emotion
	// ChannelPalette fills touchpoints by channel (--color-by channel),
	// one colour per channel slot; channels past its end share
	// ChannelOther, and touchpoints without a channel get NoEmotion.
	ChannelPalette []string
	ChannelOther   string
	Edge           string
	// Worst drop-offs and KPI badges.
	Worst       string
	WorstPen    float64
	Met, Missed string
	NoData      string
	TitleSize   float64
	NameSize    float64
	SmallSize   float64
}

var emotionNames = map[int]string{-2: "very negative", -1: "negative", 0: "neutral", 1: "positive", 2: "very positive"}

// Model themes: the default for screens and handouts, high-contrast for
// projectors in lit rooms and for colour-blind readers (orange to blue
// instead of red to green, black lines, larger type).
var (
	ThemeDefault = &Theme{
		Name: "default", Font: "Arial",
		Background: "#ffffff", Text: "#1f2933", Muted: "#52606d",
		StageFill: "#f4f6f8", StageBorder: "#9aa5b1", StagePen: 1,
		NodeBorder: "#52606d", NodePen: 1.2, NoEmotion: "#ffffff",
		Emotion:     map[int]string{-2: "#f4a3a3", -1: "#fad4c0", 0: "#eceff1", 1: "#cdebc5", 2: "#94d3a2"},
		EmotionName: emotionNames,
		// Light qualitative tints that keep the dark text readable; red
		// comes late, since red outlines mark the worst drop-offs.
		ChannelPalette: []string{"#a6cee3", "#b2df8a", "#fdbf6f", "#cab2d6", "#ffff99", "#8dd3c7", "#fccde5", "#fb9a99"},
		ChannelOther:   "#bdbdbd",
		Edge:           "#616e7c",
		Worst:          "#d0021b", WorstPen: 4,
		Met: "#1e7b34", Missed: "#c62828", NoData: "#7b8794",
		TitleSize: 22, NameSize: 14, SmallSize: 11,
	}
	ThemeHighContrast = &Theme{
		Name: "high-contrast", Font: "Arial",
		Background: "#ffffff", Text: "#000000", Muted: "#000000",
		StageFill: "#ffffff", StageBorder: "#000000", StagePen: 2.5,
		NodeBorder: "#000000", NodePen: 2.5, NoEmotion: "#ffffff",
		Emotion:     map[int]string{-2: "#f28e2b", -1: "#fdd0a2", 0: "#ffffff", 1: "#c6dbef", 2: "#6baed6"},
		EmotionName: emotionNames,
		// Paul Tol's "light" scheme: colours colour-blind readers tell
		// apart, made to carry black text; orange and pink come last,
		// since the magenta of the worst drop-offs reads badly on them.
		ChannelPalette: []string{"#77aadd", "#99ddff", "#44bb99", "#bbcc33", "#aaaa00", "#eedd88", "#ee8866", "#ffaabb"},
		ChannelOther:   "#dddddd",
		Edge:           "#000000",
		Worst:          "#c8007a", WorstPen: 6,
		Met: "#00662b", Missed: "#b00000", NoData: "#000000",
		TitleSize: 28, NameSize: 18, SmallSize: 14,
	}
)

// Themes are the themes by name, for --theme.
var Themes = []*Theme{ThemeDefault, ThemeHighContrast}

// LookupTheme returns the theme with the name; "" is the default.
func LookupTheme(name string) (*Theme, error) {
	if name == "" {
		return ThemeDefault, nil
	}
	for _, t := range Themes {
		if t.Name == name {
			return t, nil
		}
	}
	return nil, fmt.Errorf("expected theme %s, found %q", strings.Join(ThemeNames(), " or "), name)
}

// ThemeNames lists the themes' names, the default first.
func ThemeNames() []string {
	names := make([]string, len(Themes))
	for i, t := range Themes {
		names[i] = t.Name
	}
	return names
}

// nodeFill is the fill of a touchpoint: by its channel or its emotion,
// as the picture says.
func (t *Theme) nodeFill(d *Model, n *Node) string {
	if d.ColorBy == ColorByChannel {
		return t.channelFill(n.ChannelSlot)
	}
	return t.emotionFill(n)
}

// channelFill is the colour of a channel slot.
func (t *Theme) channelFill(slot int) string {
	switch {
	case slot < 0:
		return t.NoEmotion
	case slot < len(t.ChannelPalette):
		return t.ChannelPalette[slot]
	}
	return t.ChannelOther
}

// emotionFill is the fill of a touchpoint by its emotion.
func (t *Theme) emotionFill(n *Node) string {
	if !n.HasEmotion {
		return t.NoEmotion
	}
	if c, ok := t.Emotion[n.Emotion]; ok {
		return c
	}
	return t.NoEmotion
}
