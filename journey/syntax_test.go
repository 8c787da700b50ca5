package journey

import (
	"fmt"
	"testing"
)

// TestSyntaxPositions: a YAML syntax error and a raw control character
// are reported at their real line and column, not at 1:1 or at the start
// of the line.
func TestSyntaxPositions(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // LINE:COL RULE
	}{
		{"unclosed flow list on line 2", "version: 1\nname: [unclosed\nstages: []\n", "2:7 yaml-syntax"},
		{"unclosed flow list on line 1", "[a, b\n", "1:1 yaml-syntax"},
		{"unclosed flow mapping", "version: 1\nname: x\nstages: {a: 1\n", "3:9 yaml-syntax"},
		{"the inner bracket left open", "version: 1\nname: {a: [1, 2}\n", "2:11 yaml-syntax"},
		{"mapping value indented wrongly", "version: 1\nname: x\n  bad: indent\n", "3:6 yaml-syntax"},
		{"second colon in a value", "version: 1\nname: Step: one\n", "2:11 yaml-syntax"},
		{"unterminated quote", "version: 1\nstages: []\nname: \"abc\n", "3:7 yaml-syntax"},
		{"tab indentation", "version: 1\nstages:\n\t- a\n", "3:1 yaml-syntax"},
		{"at sign starting a value", "version: 1\nname: @x\n", "2:7 yaml-syntax"},
		{"key without value", "version: 1\nname: x\nstages\n", "3:1 yaml-syntax"},
		{"raw control character in a plain value", "version: 1\nname: a\x01b\n", "2:8 control-character"},
		{"raw escape in quotes after accents", "version: 1\nname: \"éé\x1b[0m\"\n", "2:10 control-character"},
		{"raw DEL on line 4", "version: 1\nname: x\nstages: []\ndescription: a\x7f\n", "4:15 control-character"},
		{"raw C1 control", "version: 1\nname: \u0080\n", "2:7 control-character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Parse("m.yaml", []byte(tt.src))
			if len(diags) == 0 {
				t.Fatal("no diagnostics")
			}
			d := diags[0]
			if got := fmt.Sprintf("%d:%d %s", d.Line, d.Column, d.Rule); got != tt.want {
				t.Errorf("got %s (%s), want %s", got, d.Message, tt.want)
			}
		})
	}
}
