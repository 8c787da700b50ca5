package diagram

import (
	"bytes"
	"image/png"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/journey-maps/journey/journey"
)

func buildCanvas(t testing.TB, j *journey.Journey, v variant) *Canvas {
	t.Helper()
	var a *journey.Analysis
	if v.data {
		a = journey.Analyze(j, exampleSets(j), journey.AnalyzeOptions{Persona: v.persona})
	}
	c, err := NewCanvas(j, a, Options{Persona: v.persona})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// canvasVariants are the canvases pinned per example: everyone, the first
// persona, with data, and the high-contrast theme.
func canvasVariants(j *journey.Journey) []struct {
	v     variant
	theme *Theme
} {
	out := []struct {
		v     variant
		theme *Theme
	}{
		{variant{"all", "", false}, ThemeDefault},
		{variant{"all.data", "", true}, ThemeDefault},
		{variant{"high-contrast", "", false}, ThemeHighContrast},
	}
	if len(j.Personas) > 0 {
		p := j.Personas[0].ID
		out = append(out, struct {
			v     variant
			theme *Theme
		}{variant{p + ".data", p, true}, ThemeDefault})
	}
	return out
}

// TestCanvasGoldenSVG pins the canvas of every example, checks that it is
// well-formed XML, and that the same input gives the same bytes.
func TestCanvasGoldenSVG(t *testing.T) {
	for _, name := range exampleNames(t) {
		j := loadExample(t, name)
		for _, cv := range canvasVariants(j) {
			t.Run(name+"/"+cv.v.name, func(t *testing.T) {
				out, err := CanvasSVG(buildCanvas(t, j, cv.v), cv.theme)
				if err != nil {
					t.Fatal(err)
				}
				checkGolden(t, name+"."+cv.v.name+".canvas.svg", out)
				checkXML(t, out)
				again, _ := CanvasSVG(buildCanvas(t, j, cv.v), cv.theme)
				if !bytes.Equal(out, again) {
					t.Error("two renders of the same journey differ")
				}
			})
		}
	}
}

// TestCanvasContent checks what the canvas shows against the journey: a
// stage header per stage, a box per touchpoint of the persona's journey,
// the lanes that have content and only those, and an emotion curve with a
// point per touchpoint that states an emotion.
func TestCanvasContent(t *testing.T) {
	const src = `version: 1
name: Lease & <friends>
personas:
  - id: commuter
    name: Commuter
    goals: [Charge at home]
  - id: family
    name: Family
stages:
  - id: look
    name: Look
    goals: [Know the price]
    touchpoints:
      - id: ad
        name: Video ad
        emotion: 1
        actions: [Watches]
      - id: calc
        name: Calculator
        personas: [commuter]
        emotion: -2
        pains: [Asks for an e-mail first]
      - id: quiet
        name: No emotion here
  - id: buy
    name: Buy
    touchpoints:
      - id: sign
        name: Sign
        emotion: 2
        owner: finance
`
	j, diags := journey.Parse("lease.yaml", []byte(src))
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	tests := []struct {
		persona      string
		boxes        int
		lanes        string
		curvePoints  []int // per subpath
		cards        int
		missingLanes []string
	}{
		{"", 4, "goals touchpoints actions emotion pains owners", []int{2, 1}, 2, []string{"thoughts", "opportunities", "backstage", "figures"}},
		{"family", 3, "goals touchpoints actions emotion owners", []int{1, 1}, 1, []string{"pains"}},
	}
	for _, tt := range tests {
		t.Run("persona="+tt.persona, func(t *testing.T) {
			c, err := NewCanvas(j, nil, Options{Persona: tt.persona})
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(c.Lanes, " "); got != tt.lanes {
				t.Errorf("lanes %q, want %q", got, tt.lanes)
			}
			b, err := CanvasSVG(c, nil)
			if err != nil {
				t.Fatal(err)
			}
			checkXML(t, b)
			svg := string(b)
			if n := strings.Count(svg, `class="touchpoint"`); n != tt.boxes {
				t.Errorf("%d touchpoint boxes, want %d", n, tt.boxes)
			}
			for _, lane := range strings.Fields(tt.lanes) {
				if !strings.Contains(svg, `class="lane lane-`+lane+`"`) {
					t.Errorf("no %s lane", lane)
				}
			}
			for _, lane := range tt.missingLanes {
				if strings.Contains(svg, `lane-`+lane+`"`) {
					t.Errorf("a %s lane, though nothing fills it", lane)
				}
			}
			if !strings.Contains(svg, "Lease &amp; &lt;friends&gt;") || strings.Contains(svg, "<friends>") {
				t.Error("the title is not escaped")
			}
			m := regexp.MustCompile(`<path d="([^"]*)" id="emotion-curve" class="emotion-curve"`).FindStringSubmatch(svg)
			if m == nil {
				t.Fatal("no emotion-curve path")
			}
			var points []int
			for _, sub := range strings.Split(m[1], "M")[1:] {
				points = append(points, 1+strings.Count(sub, "C"))
			}
			if len(points) != len(tt.curvePoints) || !slicesEqual(points, tt.curvePoints) {
				t.Errorf("curve subpaths with %v points, want %v (%s)", points, tt.curvePoints, m[1])
			}
			if n := strings.Count(svg, "<rect") - strings.Count(svg, "<rect x"); n != 1 {
				t.Errorf("%d background rects", n)
			}
			if n := strings.Count(layoutPersonaNames(c), "|"); n != tt.cards {
				t.Errorf("%d persona cards, want %d", n, tt.cards)
			}
		})
	}
}

func layoutPersonaNames(c *Canvas) string {
	var b strings.Builder
	for _, p := range c.Personas {
		b.WriteString(p.Name + "|")
	}
	return b.String()
}

func slicesEqual(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestCanvasEmotionLevels: each point of the curve sits on its emotion's
// level, higher on the page for a better emotion.
func TestCanvasEmotionLevels(t *testing.T) {
	c := buildCanvas(t, loadExample(t, "online-store"), variant{"all", "", false})
	l := layoutCanvas(c, ThemeDefault)
	var curve *canvasShape
	for i := range l.shapes {
		if l.shapes[i].id == "emotion-curve" {
			curve = &l.shapes[i]
		}
	}
	if curve == nil {
		t.Fatal("no curve")
	}
	var emotions []int
	for _, s := range c.Stages {
		for _, tp := range s.Touchpoints {
			emotions = append(emotions, tp.Emotion)
		}
	}
	var ends []point
	for _, sub := range curve.path {
		ends = append(ends, sub[0])
		for k := 3; k < len(sub); k += 3 {
			ends = append(ends, sub[k])
		}
	}
	if len(ends) != len(emotions) {
		t.Fatalf("%d points for %d touchpoints", len(ends), len(emotions))
	}
	step := canvasMetricsOf(ThemeDefault).emotionStep
	for i := 1; i < len(ends); i++ {
		want := float64(emotions[i-1]-emotions[i]) * step
		if got := ends[i].y - ends[i-1].y; math.Abs(got-want) > 1e-9 {
			t.Errorf("point %d is %g below point %d, want %g", i, got, i-1, want)
		}
		if ends[i].x <= ends[i-1].x {
			t.Errorf("point %d is not right of point %d", i, i-1)
		}
	}
}

// TestCanvasTextFits: every line of text inside the grid fits its column
// (text is measured with the PNG's fonts), however long the note.
func TestCanvasTextFits(t *testing.T) {
	long := strings.Repeat("Customers explain at length why the form is confusing ", 8)
	j, diags := journey.Parse("long.yaml", []byte(`version: 1
name: Long
stages:
  - id: s
    name: A stage whose name goes on and on and on well past its column
    touchpoints:
      - id: t
        name: A touchpoint named with a whole sentence that would stretch any box
        emotion: 0
        pains: ["`+long+`", "https://example.com/a/very/long/link/without/any/spaces/in/it/at/all"]
`))
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	c, err := NewCanvas(j, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, theme := range Themes {
		m := canvasMetricsOf(theme)
		l := layoutCanvas(c, theme)
		left := m.pad + m.label
		for _, s := range l.shapes {
			if s.kind != shapeText || s.y < 0 {
				continue
			}
			w := measure(s.text, s.size, s.bold)
			x0 := s.x - w*[]float64{0, 0.5, 1}[s.anchor]
			if x0 >= left-1e-9 && x0+w > left+m.col+1e-9 {
				t.Errorf("%s: %q runs past its column (%g > %g)", theme.Name, s.text, x0+w, left+m.col)
			}
		}
		// The long pain is cut at the most lines a note shows.
		lines := wrap(long, m.note, false, m.col-2*m.cellPad-2*m.notePad, m.maxLines)
		if len(lines) != m.maxLines || !strings.HasSuffix(lines[len(lines)-1], "…") {
			t.Errorf("%s: the long pain wraps to %d lines ending %q", theme.Name, len(lines), lines[len(lines)-1])
		}
	}
}

func TestCanvasWrap(t *testing.T) {
	tests := []struct {
		in       string
		width    float64
		maxLines int
		want     string
	}{
		{"Pay less", 200, 0, "Pay less"},
		{"Pay less for shipping", measure("Pay less for", 12, false), 0, "Pay less for|shipping"},
		{"  spaces   inside\tand\nbreaks ", 500, 0, "spaces inside and breaks"},
		{"", 100, 0, ""},
		{"abcdefghij", measure("abcd", 12, false), 0, "abcd|efgh|ij"},
		{"one two three four", measure("three", 12, false), 2, "one|tw…"},
		{"Two-hundred-question form", measure("Two-hundred-qu", 12, false), 0, "Two-hundred-|question form"},
		{"日本語のテキスト", measure("日本語", 12, false), 0, "日本語|のテキ|スト"},
		// Never before a prolonged sound mark or closing punctuation.
		{"ショッピングカート", measure("ショッピングカ", 12, false), 0, "ショッピング|カート"},
		{"注文、確認", measure("注文", 12, false), 0, "注|文、|確認"},
		// Never inside an emoji sequence.
		{"ab👍🏽cd", measure("ab👍", 12, false), 0, "ab|👍🏽|cd"},
	}
	for _, tt := range tests {
		got := strings.Join(wrap(tt.in, 12, false, tt.width, tt.maxLines), "|")
		if got != tt.want {
			t.Errorf("wrap(%q, %g) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
	}
}

// TestCanvasPNG: the PNG is the layout's size at the scale, the same
// bytes every time, and shows the curve's colour on the curve.
func TestCanvasPNG(t *testing.T) {
	for _, name := range exampleNames(t) {
		t.Run(name, func(t *testing.T) {
			c := buildCanvas(t, loadExample(t, name), variant{"all.data", "", true})
			out, err := CanvasPNG(c, ThemeHighContrast, 0)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			l := layoutCanvas(c, ThemeHighContrast)
			if b := img.Bounds(); b.Dx() != int(math.Ceil(l.w*pngDPI/72)) || b.Dy() != int(math.Ceil(l.h*pngDPI/72)) {
				t.Errorf("png %v for a canvas of %gx%g pt", b, l.w, l.h)
			}
			for _, s := range l.shapes {
				if s.class == "touchpoint" {
					if got := colorAt(img, s.x+s.w/2, s.y+s.h-4); got != s.fill {
						t.Errorf("%s: %s at the foot of the box, want its fill %s", s.id, got, s.fill)
					}
				}
			}
			again, _ := CanvasPNG(buildCanvas(t, loadExample(t, name), variant{"all.data", "", true}), ThemeHighContrast, 0)
			if !bytes.Equal(out, again) {
				t.Error("two renders of the same journey differ")
			}
		})
	}
	c := buildCanvas(t, loadExample(t, "ev-lease"), variant{"all", "", false})
	big, err := CanvasPNG(c, nil, 2)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.DecodeConfig(bytes.NewReader(big))
	if l := layoutCanvas(c, ThemeDefault); err != nil || img.Width != int(math.Ceil(l.w*2*pngDPI/72)) {
		t.Errorf("at twice the scale: %v, %d px wide for %g pt", err, img.Width, l.w)
	}
}
