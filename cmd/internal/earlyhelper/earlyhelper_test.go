package earlyhelper

import (
	"strings"
	"testing"
)

func TestWanted(t *testing.T) {
	for _, tc := range []struct {
		args string
		want bool
	}{
		{"render map.yaml", true},
		{"render map.yaml -o map.svg", true},
		{"render map.yaml -o MAP.PNG --data ga4.csv", true},
		{"render map.yaml -f png -o -", true},
		{"render map.yaml --format=svg", true},
		{"render map.yaml -fpng -o out", true},
		{"render map.yaml -o=map.svg", true},
		{"render - --view flow", true},
		{"--color never render map.yaml", false}, // a root flag's value reads as the command: no early start
		{"render map.yaml -o map.dot", false},
		{"render map.yaml -o dir.v2/map.gv", false},
		{"render map.yaml -o map.mmd", false},
		{"render map.yaml -o map.mermaid", false},
		{"render map.yaml -f dot", false},
		{"render map.yaml --format mermaid-journey -o x.svg", false},
		{"render map.yaml -o x.svg -f mermaid", false},
		{"render map.yaml --view canvas -o x.svg", false},
		{"render map.yaml --view=canvas", false},
		{"render --help", false},
		{"render map.yaml -h", false},
		{"render map.yaml -- -o", true},
		{"validate map.yaml", false},
		{"report map.yaml --data x.csv -o r.svg", false},
		{"serve map.yaml", false},
		{"", false},
		{"render map.yaml -f", false},
	} {
		if got := Wanted(strings.Fields(tc.args)); got != tc.want {
			t.Errorf("journey %s: got %v, want %v", tc.args, got, tc.want)
		}
	}
}

func TestTakeOnce(t *testing.T) {
	s := &Started{Pid: 1}
	started.Store(s)
	if got := Take(); got != s {
		t.Fatalf("Take() = %v, want the started helper", got)
	}
	if got := Take(); got != nil {
		t.Errorf("second Take() = %v, want nil", got)
	}
}
