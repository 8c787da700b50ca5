package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/journey-maps/journey/journey/journeytest"
)

var update = flag.Bool("update", false, "rewrite golden files")

const funnelFixtures = "../../testdata/funnel/"

// TestReportJSONGolden pins the JSON report of every example export and of
// an event-level file, hand-checked once and compared byte for byte since.
func TestReportJSONGolden(t *testing.T) {
	tests := []struct {
		golden string
		args   []string
	}{
		{"online-store.ga4", []string{"../../examples/online-store.yaml", "--data", "../../examples/online-store.ga4.csv"}},
		{"b2b-saas.posthog", []string{"../../examples/b2b-saas.yaml", "--data", "../../examples/b2b-saas.posthog.csv"}},
		{"b2b-saas.posthog.cio", []string{"../../examples/b2b-saas.yaml", "--data", "../../examples/b2b-saas.posthog.csv", "--persona", "cio"}},
		{"ev-lease.amplitude", []string{"../../examples/ev-lease.yaml", "--data", "../../examples/ev-lease.amplitude.csv", "--data", "../../examples/ev-lease.survey.csv"}},
		// Overall: product 5, cart 2 (u4's cart came first, u5's after 49
		// days), coupon 1, checkout 2, payment 2; checkout's conversion is
		// 2 / (cart 2 + coupon 1). Hunters u1, u4; regulars u2, u3, u5,
		// whose flow goes from cart straight to checkout.
		{"events", []string{funnelFixtures + "store.yaml", "--data", funnelFixtures + "events.csv"}},
		{"events.window-60d", []string{funnelFixtures + "store.yaml", "--data", funnelFixtures + "events.csv", "--window", "60d"}},
		// Regulars' flow skips the coupon: cart -> checkout.
		{"events.regular", []string{funnelFixtures + "store.yaml", "--data", funnelFixtures + "events.csv", "--persona", "regular"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			args := append([]string{"report"}, tt.args...)
			args = append(args, "--format", "json")
			code, out, errOut := runCmd(t, "", args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			journeytest.Golden(t, filepath.Join(funnelFixtures, tt.golden+".json.golden"), []byte(out), *update)
		})
	}
}

// TestReportFormatsGolden pins the report of every example export in the
// formats for people (the JSON is pinned above; the XLSX is read back in
// the report package's tests), channels section included.
func TestReportFormatsGolden(t *testing.T) {
	examples := []struct {
		name string
		args []string
	}{
		{"online-store.ga4", []string{"../../examples/online-store.yaml", "--data", "../../examples/online-store.ga4.csv"}},
		{"b2b-saas.posthog", []string{"../../examples/b2b-saas.yaml", "--data", "../../examples/b2b-saas.posthog.csv"}},
		{"ev-lease.amplitude", []string{"../../examples/ev-lease.yaml", "--data", "../../examples/ev-lease.amplitude.csv", "--data", "../../examples/ev-lease.survey.csv"}},
	}
	for _, ex := range examples {
		for _, f := range []struct{ format, ext string }{{"table", "table"}, {"markdown", "md"}, {"csv", "csv"}} {
			t.Run(ex.name+"."+f.ext, func(t *testing.T) {
				args := append(append([]string{"report"}, ex.args...), "--format", f.format)
				code, out, errOut := runCmd(t, "", args...)
				if code != 0 {
					t.Fatalf("exit %d: %s", code, errOut)
				}
				journeytest.Golden(t, filepath.Join(funnelFixtures, ex.name+"."+f.ext+".golden"), []byte(out), *update)
			})
		}
	}
}

// TestReportJSONChannels checks the channels the README promises: one
// object per channel with channel, touchpoints (ids), users and share,
// most users first, figures as fractions and null without data.
func TestReportJSONChannels(t *testing.T) {
	code, out, errOut := runCmd(t, "", "report", "../../examples/online-store.yaml", "--data", "../../examples/online-store.ga4.csv", "-f", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Channels []map[string]any `json:"channels"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range doc.Channels {
		for _, k := range []string{"channel", "touchpoints", "users", "share", "users_estimated"} {
			if _, ok := c[k]; !ok {
				t.Errorf("channel %v has no %q key", c["channel"], k)
			}
		}
		names = append(names, c["channel"].(string))
	}
	if got, want := strings.Join(names, ","), "social,web,email,carrier,chat"; got != want {
		t.Errorf("channels = %s, want %s", got, want)
	}
	web := doc.Channels[1]
	if web["users"] != 41870.0 || web["users_estimated"] != true || web["share"].(float64) <= 0 || web["share"].(float64) >= 1 {
		t.Errorf("web = %v, want 41,870 users estimated, a share below 1", web)
	}
	if tps := web["touchpoints"].([]any); len(tps) != 7 || tps[0] != "landing" || tps[6] != "repeat-purchase" {
		t.Errorf("web touchpoints = %v, want the seven web touchpoints of three stages by id", tps)
	}
	if chat := doc.Channels[4]; chat["users"] != nil || chat["share"] != nil {
		t.Errorf("chat has no data, yet %v", chat)
	}
}

// TestReportJSONShape checks the keys the README promises: fractions,
// null for no data, met/missed/no-data, unmatched rows with file and line.
func TestReportJSONShape(t *testing.T) {
	code, out, errOut := runCmd(t, "", "report", "../../examples/online-store.yaml", "--data", "../../examples/online-store.ga4.csv", "-f", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Touchpoints []map[string]any `json:"touchpoints"`
		KPIs        []map[string]any `json:"kpis"`
		Unmatched   []map[string]any `json:"unmatched"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	byID := map[string]map[string]any{}
	for _, tp := range doc.Touchpoints {
		for _, k := range []string{"id", "stage", "users", "conversion", "drop_off"} {
			if _, ok := tp[k]; !ok {
				t.Errorf("touchpoint %v has no %q key", tp["id"], k)
			}
		}
		byID[tp["id"].(string)] = tp
	}
	cart := byID["cart"]
	if cart["stage"] != "purchase" || cart["users"] != 9526.0 {
		t.Errorf("cart = %v", cart)
	}
	if c := cart["conversion"].(float64); c <= 0 || c >= 1 {
		t.Errorf("conversion %v is not a fraction", c)
	}
	if byID["coupon-field"]["users"] != nil || byID["support-chat"]["drop_off"] != nil {
		t.Errorf("touchpoints without data must be null: %v %v", byID["coupon-field"], byID["support-chat"])
	}
	statuses := map[string]string{}
	for _, k := range doc.KPIs {
		statuses[k["id"].(string)] = k["status"].(string)
		if _, ok := k["actual"]; !ok {
			t.Errorf("kpi %v has no actual", k["id"])
		}
	}
	want := map[string]string{"cart-to-checkout": "missed", "checkout-drop-off": "met", "purchase-conversion": "missed", "support-csat": "no-data"}
	for id, s := range want {
		if statuses[id] != s {
			t.Errorf("kpi %s status %q, want %q", id, statuses[id], s)
		}
	}
	if len(doc.Unmatched) != 1 || doc.Unmatched[0]["value"] != "view_cart" || doc.Unmatched[0]["line"] != 24.0 || doc.Unmatched[0]["file"] != "../../examples/online-store.ga4.csv" {
		t.Errorf("unmatched = %v", doc.Unmatched)
	}
}

func TestReportErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bad := write("bad.csv", "# export\ntouchpoint,users\ncart,10\ncheckout,\"ten\"\n")
	noCol := write("nocol.csv", "Page,Visitors\ncart,3\n")
	brokenJourney := write("broken.yaml", "version: 1\nname: Broken\nstages:\n  - id: s\n    name: S\n    touchpoints:\n      - {id: a, name: A, emotion: 7}\n")
	store := funnelFixtures + "store.yaml"
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"non-numeric count", []string{store, "--data", bad}, 1, bad + `:4: column "users": expected a count of users (a number such as 1200 or "1,200"), found "ten"`},
		{"missing column", []string{store, "--data", noCol}, 1, `no touchpoint column: found columns "Page", "Visitors"; expected one named event`},
		{"unreadable data", []string{store, "--data", filepath.Join(dir, "missing.csv")}, 2, "cannot read " + filepath.Join(dir, "missing.csv")},
		{"unreadable workbook sheet", []string{store, "--data", filepath.Join(dir, "missing.xlsx#Sheet1")}, 2, "cannot read"},
		{"journey with errors", []string{brokenJourney, "--data", bad}, 1, brokenJourney + ":7:"},
		{"unreadable journey", []string{filepath.Join(dir, "none.yaml"), "--data", bad}, 2, "cannot read"},
		{"no data", []string{store}, 2, "needs --data"},
		{"bad window", []string{store, "--data", bad, "--window", "soon"}, 2, `invalid --window "soon"`},
		{"bad map", []string{store, "--data", bad, "--map", "colour=Red"}, 2, `invalid --map "colour=Red"`},
		{"unknown persona", []string{store, "--data", bad, "--persona", "ceo"}, 2, `invalid --persona "ceo"`},
		{"bad format", []string{store, "--data", bad, "--format", "pdf"}, 2, `invalid --format "pdf"`},
		{"output it cannot write, pdf", []string{store, "--data", bad, "-o", filepath.Join(dir, "gaps.pdf")}, 2, `cannot tell the format from -o`},
		{"output it cannot write, xls", []string{store, "--data", bad, "-o", filepath.Join(dir, "gaps.xls")}, 2, `expected extension .csv, .json, .markdown, .md, .txt, .xlsx`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCmd(t, "", append([]string{"report"}, tt.args...)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, errOut)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, errOut)
			}
			for _, name := range []string{"gaps.pdf", "gaps.xls"} {
				if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
					t.Errorf("%s was written", name)
				}
			}
		})
	}
}

func TestReportMapAndOutput(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "visits.csv")
	if err := os.WriteFile(data, []byte("Page,Unique visitors\nProduct page,200\nShopping cart,50\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "report.json")
	code, stdout, errOut := runCmd(t, "", "report", funnelFixtures+"store.yaml", "--data", data, "--map", "touchpoint=Page", "--map", `users="Unique visitors"`, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if stdout != "" || errOut != "" {
		t.Errorf("with -o, stdout and stderr stay empty (no progress bar off a terminal): %q %q", stdout, errOut)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"conversion": 0.25`) {
		t.Errorf("the format comes from -o's extension; got:\n%s", b)
	}
}

func TestParseWindow(t *testing.T) {
	for in, want := range map[string]string{"30d": "720h0m0s", "2w": "336h0m0s", "12h": "12h0m0s", "90m": "1h30m0s", "1.5d": "36h0m0s"} {
		d, err := parseWindow(in)
		if err != nil || d.String() != want {
			t.Errorf("parseWindow(%q) = %v, %v; want %s", in, d, err, want)
		}
	}
	for _, in := range []string{"", "0d", "-1h", "soon", "d"} {
		if _, err := parseWindow(in); err == nil {
			t.Errorf("parseWindow(%q) accepted", in)
		}
	}
}

func TestReportPersonaWithoutRows(t *testing.T) {
	code, out, errOut := runCmd(t, "", "report", "../../examples/online-store.yaml", "--data", "../../examples/online-store.ga4.csv", "--persona", "bargain-hunter", "-f", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, `warning: the data has no rows or users for persona "bargain-hunter"`) {
		t.Errorf("no warning on stderr: %q", errOut)
	}
	if !strings.Contains(out, `"persona": "bargain-hunter"`) || strings.Contains(out, `"users": 9526`) {
		t.Errorf("figures must be the persona's (none), not everyone's:\n%s", out)
	}
}

func TestReportDataFromStdin(t *testing.T) {
	csv := "touchpoint,users\nProduct page,200\nShopping cart,50\n"
	code, out, errOut := runCmd(t, csv, "report", funnelFixtures+"store.yaml", "--data", "-", "-f", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, `"file": "<stdin>"`) || !strings.Contains(out, `"conversion": 0.25`) {
		t.Errorf("stdin data not used:\n%s", out)
	}
	code, _, errOut = runCmd(t, csv, "report", "-", "--data", "-")
	if code != 2 || !strings.Contains(errOut, "standard input (-) can be read once") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// TestReportSecondTable: a GA4 export's second table (below a blank line)
// is skipped with a warning that names its line, and the report lists it.
func TestReportSecondTable(t *testing.T) {
	const warning = "journey: warning: ../../examples/online-store.ga4.csv:45: a second table (\"Step,Device category,Elapsed time\") below a blank line was skipped"
	for _, format := range []string{"table", "markdown", "json"} {
		code, out, errOut := runCmd(t, "", "report", "../../examples/online-store.yaml", "--data", "../../examples/online-store.ga4.csv", "-f", format)
		if code != 0 || !strings.Contains(errOut, warning) {
			t.Errorf("%s: exit %d, stderr %q; want the warning %q", format, code, errOut, warning)
		}
		if !strings.Contains(out, "a second table") || !strings.Contains(out, "45") {
			t.Errorf("%s: the report does not list the skipped table:\n%.800s", format, out)
		}
	}
	// render warns too.
	code, _, errOut := runCmd(t, "", "render", "../../examples/online-store.yaml", "--data", "../../examples/online-store.ga4.csv", "-f", "dot")
	if code != 0 || !strings.Contains(errOut, warning) {
		t.Errorf("render: exit %d, stderr %q", code, errOut)
	}
}
