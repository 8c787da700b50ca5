package report

import (
	"bytes"
	"encoding/json"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/journey-maps/journey/journey"
	"github.com/journey-maps/journey/render/figure"
)

// checkReportGolden compares got with testdata/name (see golden).
func checkReportGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden(t, filepath.Join("testdata", name), got)
}

func reportCases(t *testing.T) map[string]*Model {
	j := loadReportJourney(t, "store.yaml")
	sept := storeAnalysis(t, j)
	empty := fixtureAnalysis(j, "", nil, nil)
	empty.Sources = nil
	return map[string]*Model{
		"store":         New(sept, nil),
		"store-compare": New(sept, storeAugust(t, j)),
		"store-nodata":  New(empty, nil),
	}
}

func TestReportGolden(t *testing.T) {
	formats := []struct {
		ext    string
		render func(*bytes.Buffer, *Model) error
	}{
		{"table", func(b *bytes.Buffer, r *Model) error { return WriteTable(b, r, false) }},
		{"color.table", func(b *bytes.Buffer, r *Model) error { return WriteTable(b, r, true) }},
		{"md", func(b *bytes.Buffer, r *Model) error { return WriteMarkdown(b, r) }},
		{"csv", func(b *bytes.Buffer, r *Model) error { return WriteCSV(b, r) }},
	}
	for name, r := range reportCases(t) {
		for _, f := range formats {
			if f.ext == "color.table" && name != "store" {
				continue
			}
			t.Run(name+"."+f.ext, func(t *testing.T) {
				var b bytes.Buffer
				if err := f.render(&b, r); err != nil {
					t.Fatal(err)
				}
				checkReportGolden(t, name+"."+f.ext+".golden", b.Bytes())
				// Same input, same bytes.
				var again bytes.Buffer
				if err := f.render(&again, r); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(b.Bytes(), again.Bytes()) {
					t.Error("two renderings of the same report differ")
				}
			})
		}
	}
}

func TestReportModel(t *testing.T) {
	r := reportCases(t)["store"]
	if r.Met != 2 || r.Missed != 2 || r.NoData != 1 {
		t.Errorf("KPI counts = %d met, %d missed, %d no data; want 2, 2, 1", r.Met, r.Missed, r.NoData)
	}
	// The gap is positive past the target and negative short of it, for
	// "at most" targets too.
	for _, k := range r.KPIs {
		want := map[string]float64{"cart-to-checkout": -0.1, "payment-drop": 0.1 - 50.0/1200}[k.ID]
		if want != 0 && (k.Gap == nil || math.Abs(*k.Gap-want) > 1e-9) {
			t.Errorf("%s gap = %v, want %v", k.ID, k.Gap, want)
		}
	}
	if !r.MissedKPIs() {
		t.Error("MissedKPIs() = false with two missed KPIs")
	}
	var worst []string
	for _, l := range r.Worst {
		worst = append(worst, l.ID)
	}
	if got, want := strings.Join(worst, ","), "product-page,social-ad,landing"; got != want {
		t.Errorf("worst drop-offs = %s, want %s", got, want)
	}
	for _, l := range r.Touchpoints {
		if l.ID == "coupon-field" && (l.Users.Value != nil || l.DropOff.Value != nil) {
			t.Errorf("coupon-field has no data but shows figures %+v", l)
		}
	}
	if len(r.Personas) != 2 || r.Personas[0].ID != "bargain-hunter" || r.Personas[1].ID != "loyal-regular" {
		t.Errorf("personas not in journey order: %+v", r.Personas)
	}

	c := reportCases(t)["store-compare"]
	for _, l := range c.Touchpoints {
		switch l.ID {
		case "landing":
			if l.Users.Change == nil || *l.Users.Change != 500 {
				t.Errorf("landing users change = %v, want 500", l.Users.Change)
			}
		case "confirmation":
			if l.Users.Prev != nil || l.Users.Change != nil {
				t.Errorf("confirmation had no August data, yet prev/change = %v/%v", l.Users.Prev, l.Users.Change)
			}
		}
	}
}

func TestCSVNeutralisesFormulas(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"=1+1", "'=1+1"}, {"+SUM(A1)", "'+SUM(A1)"}, {"-2+3", "'-2+3"}, {"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"}, {"plain", "plain"}, {"", ""}, {"a=b", "a=b"},
	} {
		if got := csvText(tc.in); got != tc.want {
			t.Errorf("csvText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMarkdownEscapes(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a | b", `a \| b`},
		{"<script>", "&lt;script&gt;"},
		{"@team", "@\u200bteam"},
		{"*bold* [x](y)", `\*bold\* \[x\]\(y\)`},
		{"line\nbreak", "line break"},
	} {
		if got := mdText(tc.in); got != tc.want {
			t.Errorf("mdText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFormatFigures(t *testing.T) {
	for _, tc := range []struct {
		got, want string
	}{
		{formatFigure(figure.Count, reportF64(1234567)), "1,234,567"},
		{formatFigure(figure.Count, reportF64(999)), "999"},
		{formatFigure(figure.Count, reportF64(-1500)), "-1,500"},
		{formatFigure(figure.Percent, reportF64(0.25)), "25.0%"},
		{formatFigure(figure.Percent, nil), "–"},
		{formatFigure(figure.Number, reportF64(31.5)), "31.5"},
		{formatChange(figure.Percent, reportF64(0.032)), "+3.2 pp"},
		{formatChange(figure.Percent, reportF64(-0.00001)), "0.0 pp"},
		{formatChange(figure.Count, reportF64(-400)), "-400"},
		{formatChange(figure.Count, reportF64(0)), "0"},
		{formatChange(figure.Count, nil), "–"},
		{csvNumber(reportF64(0.1 + 0.2)), "0.3"},
		{csvNumber(nil), ""},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestReportJSONCompare(t *testing.T) {
	j := loadReportJourney(t, "store.yaml")
	var b bytes.Buffer
	if err := WriteJSONCompare(&b, storeAnalysis(t, j), storeAugust(t, j)); err != nil {
		t.Fatal(err)
	}
	checkReportGolden(t, "store-compare.json.golden", b.Bytes())
	var doc struct {
		Touchpoints []map[string]any `json:"touchpoints"`
		Compare     struct {
			Sources     []map[string]any `json:"sources"`
			Touchpoints []struct {
				ID    string `json:"id"`
				Users struct {
					Previous *float64 `json:"previous"`
					Change   *float64 `json:"change"`
				} `json:"users"`
			} `json:"touchpoints"`
			KPIs []map[string]any `json:"kpis"`
		} `json:"compare"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("invalid JSON: %v", err)
	}
	if len(doc.Touchpoints) != 8 || len(doc.Compare.Touchpoints) != 8 || len(doc.Compare.Sources) != 1 || len(doc.Compare.KPIs) != 5 {
		t.Fatalf("compare JSON has %d touchpoints, %d compared, %d previous sources, %d KPIs; want 8, 8, 1, 5",
			len(doc.Touchpoints), len(doc.Compare.Touchpoints), len(doc.Compare.Sources), len(doc.Compare.KPIs))
	}
	landing := doc.Compare.Touchpoints[1]
	if landing.ID != "landing" || landing.Users.Previous == nil || *landing.Users.Previous != 11500 || landing.Users.Change == nil || *landing.Users.Change != 500 {
		t.Errorf("landing users comparison = %+v, want previous 11500, change 500", landing)
	}
	if conf := doc.Compare.Touchpoints[7]; conf.Users.Previous != nil || conf.Users.Change != nil {
		t.Errorf("confirmation had no August data, yet its comparison is %+v", conf)
	}
}

// The markdown report of a large journey still fits a GitHub comment
// (65,536 characters): long tables are cut and say so.
func TestMarkdownFitsAComment(t *testing.T) {
	r := New(bigJourney(t, 40, 100), nil)
	var b bytes.Buffer
	if err := WriteMarkdown(&b, r); err != nil {
		t.Fatal(err)
	}
	if n := len([]rune(b.String())); n > 65536 {
		t.Errorf("markdown of 4,000 touchpoints is %d characters, more than a comment holds", n)
	}
	if !strings.Contains(b.String(), "…and 3900 more touchpoints") {
		t.Error("the cut touchpoint table does not say how many rows it left out")
	}
}

// FuzzReportEscapes checks the escaping contracts on any label: a CSV cell
// never opens with a formula character, a markdown cell never breaks its
// table row or opens an HTML tag, and a terminal cell has no control
// characters.
func FuzzReportEscapes(f *testing.F) {
	for _, s := range []string{"=1+1", "@team", "a|b", "<script>", "line\nbreak", "\x1b[31mred", "-2", "\t=x", "plain"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if c := csvText(s); c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			t.Errorf("csvText(%q) = %q opens with a formula character", s, c)
		}
		md := mdText(s)
		if strings.ContainsAny(md, "<>\n\r") {
			t.Errorf("mdText(%q) = %q holds a raw tag bracket or line break", s, md)
		}
		for i := 0; i < len(md); i++ {
			if md[i] == '|' && (i == 0 || md[i-1] != '\\') {
				t.Errorf("mdText(%q) = %q holds an unescaped pipe", s, md)
			}
		}
		for _, r := range plainText(s) {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
				t.Errorf("plainText(%q) keeps control character %U", s, r)
			}
		}
	})
}

// TestReportChannels: web holds touchpoints of two stages and counts as
// one channel, its users estimated; payment names no channel and is
// reported under "unspecified"; a comparison gives each channel's change.
func TestReportChannels(t *testing.T) {
	cases := reportCases(t)
	byName := func(r *Model) map[string]ChannelLine {
		m := map[string]ChannelLine{}
		for _, c := range r.Channels {
			m[c.Name] = c
		}
		return m
	}
	got := byName(cases["store"])
	web := got["web"]
	if strings.Join(web.TouchpointIDs, ",") != "landing,product-page,cart,coupon-field,checkout" {
		t.Errorf("web touchpoints = %v, want those of Consideration and Purchase", web.TouchpointIDs)
	}
	if web.Users.Value == nil || *web.Users.Value != 12000 || !web.Estimated || web.WorstID != "product-page" {
		t.Errorf("web = %+v, want 12,000 users estimated, worst at product-page", web)
	}
	if u := got[journey.UnspecifiedChannel]; strings.Join(u.TouchpointIDs, ",") != "payment" || len(u.Met) != 1 {
		t.Errorf("unspecified = %+v, want payment with its met KPI", u)
	}
	if len(got) != 4 {
		t.Errorf("%d channels, want social, web, unspecified, email", len(got))
	}
	cmp := byName(cases["store-compare"])["web"]
	if cmp.Users.Change == nil || *cmp.Users.Change != 500 || cmp.Share.Prev == nil || math.Abs(*cmp.Share.Prev-11500.0/18000) > 1e-9 {
		t.Errorf("web compared = users %+v share %+v, want +500 and a previous share of 11,500/18,000", cmp.Users, cmp.Share)
	}
}
