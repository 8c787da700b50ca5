package diagnostics

import (
	"bytes"
	"strings"
	"testing"

	"github.com/journey-maps/journey/journey"
)

func TestDiagnosticsText(t *testing.T) {
	src := []byte("version: 1\nname: x\nstages:\n\t- id: a\n    emotion: 7\n")
	ds := journey.Diagnostics{
		{File: "m.yaml", Line: 5, Column: 14, Severity: journey.Error, Rule: "emotion-range", Message: "emotion 7 is out of range"},
		{File: "m.yaml", Line: 4, Column: 4, Severity: journey.Warning, Rule: "r", Message: "tabbed"},
		{File: "other.yaml", Line: 99, Column: 1, Severity: journey.Error, Rule: "r", Message: "past the end"},
	}
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"plain", Options{}, "m.yaml:5:14: error: emotion 7 is out of range [emotion-range]\n" +
			"m.yaml:4:4: warning: tabbed [r]\n" +
			"other.yaml:99:1: error: past the end [r]\n"},
		{"snippets", Options{Sources: map[string][]byte{"m.yaml": src, "other.yaml": src}, Snippets: true},
			"m.yaml:5:14: error: emotion 7 is out of range [emotion-range]\n" +
				"    5 |     emotion: 7\n" +
				"      |              ^\n" +
				"m.yaml:4:4: warning: tabbed [r]\n" +
				"    4 | \t- id: a\n" +
				"      | \t  ^\n" +
				"other.yaml:99:1: error: past the end [r]\n"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := Write(&b, "text", ds, tt.opts); err != nil {
			t.Fatal(err)
		}
		if b.String() != tt.want {
			t.Errorf("%s:\ngot:\n%s\nwant:\n%s", tt.name, b.String(), tt.want)
		}
	}
	var b bytes.Buffer
	if err := Write(&b, "text", ds[:1], Options{Color: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "\x1b[31merror\x1b[0m") {
		t.Errorf("colour output lacks a red severity: %q", b.String())
	}
	if err := Write(&b, "yaml", ds, Options{}); err == nil {
		t.Errorf("unknown format accepted")
	}
}

func TestDiagnosticsGitHubEscapes(t *testing.T) {
	ds := journey.Diagnostics{{File: "dir,with:odd/m.yaml", Line: 1, Column: 2, Severity: journey.Error, Rule: "r", Message: "100% wrong\nsecond line"}}
	var b bytes.Buffer
	if err := Write(&b, "github", ds, Options{}); err != nil {
		t.Fatal(err)
	}
	want := "::error file=dir%2Cwith%3Aodd/m.yaml,line=1,col=2,title=journey r::100%25 wrong%0Asecond line\n"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

// TestDiagnosticsJSONKeepsText: the machine formats write a message as it
// is, "<= 10%" and "&", never "\u003c= 10%".
func TestDiagnosticsJSONKeepsText(t *testing.T) {
	ds := journey.Diagnostics{{File: "a&b.yaml", Line: 3, Column: 5, Severity: journey.Error, Rule: "malformed-target", Message: `target "<= ten" is malformed: expected <= 10% or > 0.5`}}
	for _, format := range []string{"json", "sarif"} {
		var b bytes.Buffer
		if err := Write(&b, format, ds, Options{}); err != nil {
			t.Fatal(err)
		}
		if out := b.String(); strings.Contains(out, `\u00`) || !strings.Contains(out, `expected <= 10% or > 0.5`) || !strings.Contains(out, "a&b.yaml") {
			t.Errorf("%s escapes the text:\n%s", format, out)
		}
	}
}
