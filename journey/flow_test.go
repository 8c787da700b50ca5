package journey

import (
	"strings"
	"testing"
)

const flowJourney = `version: 1
name: Flow
personas:
  - {id: p1, name: One}
  - {id: p2, name: Two}
stages:
  - id: s1
    name: S1
    touchpoints:
      - {id: a, name: A}
      - {id: b, name: B, next: [c, d]}
  - id: s2
    name: S2
    touchpoints:
      - {id: c, name: C, personas: [p1]}
      - {id: d, name: D, personas: [p2], next: [e]}
      - {id: x, name: X, next: []}
  - id: s3
    name: S3
    touchpoints:
      - {id: e, name: E}
      - {id: f, name: F, personas: [p2]}
      - {id: g, name: G}
`

func ids(tps []*Touchpoint) string {
	var out []string
	for _, tp := range tps {
		out = append(out, tp.ID)
	}
	return strings.Join(out, ",")
}

func TestFlow(t *testing.T) {
	j, diags := Parse("flow.yaml", []byte(flowJourney))
	if diags.Errors() > 0 {
		t.Fatalf("unexpected errors:\n%s", format(diags))
	}
	tests := []struct {
		persona          string
		tp               string
		succ, pred       string
		inFlow           bool
		reachableFromTop bool
	}{
		// Default flow goes to the next touchpoint listed, across stages.
		{"", "a", "b", "", true, true},
		// Explicit branches, in the order written.
		{"", "b", "c,d", "a", true, true},
		{"", "c", "d", "b", true, true},
		{"", "d", "e", "b,c", true, true},
		// next: [] ends the flow; nothing flows into x.
		{"", "x", "", "", true, false},
		{"", "e", "f", "d", true, true},
		// The last touchpoint has no successor.
		{"", "g", "", "f", true, true},
		// p1 does not meet d or f: c flows through d to e, e through f to g.
		{"p1", "b", "c,e", "a", true, true},
		{"p1", "c", "e", "b", true, true},
		{"p1", "e", "g", "b,c", true, true},
		{"p1", "d", "", "", false, false},
		// p2 does not meet c: b's arrow to c leads on to d.
		{"p2", "b", "d", "a", true, true},
		{"p2", "d", "e", "b", true, true},
		{"p2", "f", "g", "e", true, true},
	}
	for _, tt := range tests {
		f := j.Flow(tt.persona)
		tp := j.Touchpoint(tt.tp)
		if got := f.Contains(tp); got != tt.inFlow {
			t.Errorf("persona %q: Contains(%s) = %v, want %v", tt.persona, tt.tp, got, tt.inFlow)
		}
		if !tt.inFlow {
			continue
		}
		if got := ids(f.Successors(tp)); got != tt.succ {
			t.Errorf("persona %q: successors of %s = %q, want %q", tt.persona, tt.tp, got, tt.succ)
		}
		if got := ids(f.Predecessors(tp)); got != tt.pred {
			t.Errorf("persona %q: predecessors of %s = %q, want %q", tt.persona, tt.tp, got, tt.pred)
		}
		if got := f.Reachable()[tp.Index]; got != tt.reachableFromTop {
			t.Errorf("persona %q: reachable(%s) = %v, want %v", tt.persona, tt.tp, got, tt.reachableFromTop)
		}
	}
	if got := ids(j.Flow("p2").Touchpoints()); got != "a,b,d,x,e,f,g" {
		t.Errorf("p2 touchpoints = %s", got)
	}
	if got := ids(j.Flow("").StageEntries(j.Stage("s2"))); got != "c,x" {
		t.Errorf("entries of s2 = %s, want c,x", got)
	}
	if got := ids(j.Flow("p2").StageEntries(j.Stage("s2"))); got != "d,x" {
		t.Errorf("p2 entries of s2 = %s, want d,x", got)
	}
	if f := j.Flow("nobody"); len(f.Touchpoints()) != 0 || f.First() != nil {
		t.Errorf("unknown persona should give an empty flow")
	}
	// The flow warning: x is reached by no flow.
	found := false
	for _, d := range diags {
		if d.Rule == RuleUnreachable && strings.Contains(d.Message, `"x"`) {
			found = true
		}
	}
	if !found {
		t.Errorf("expected an unreachable-touchpoint warning for x:\n%s", format(diags))
	}
}

func TestTarget(t *testing.T) {
	tests := []struct {
		raw, metric string
		op          string
		value       float64
		err         bool
	}{
		{">= 60%", "conversion", ">=", 0.6, false},
		{"0.6", "conversion", ">=", 0.6, false},
		{"60%", "conversion", ">=", 0.6, false},
		{"35%", "drop_off", "<=", 0.35, false},
		{"< 0.2", "drop_off", "<", 0.2, false},
		{"> 4.2", "csat", ">", 4.2, false},
		{"<=1,000", "users", "", 0, true},
		{"=> 60%", "conversion", "", 0, true},
		{">= NaN", "conversion", "", 0, true},
		{"", "users", "", 0, true},
		{">=", "users", "", 0, true},
		{"0x10", "users", "", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseTarget(tt.raw, tt.metric)
		if (err != nil) != tt.err {
			t.Errorf("ParseTarget(%q) error = %v, want error %v", tt.raw, err, tt.err)
			continue
		}
		if err == nil && (got.Op != tt.op || got.Value != tt.value) {
			t.Errorf("ParseTarget(%q, %s) = %s %v, want %s %v", tt.raw, tt.metric, got.Op, got.Value, tt.op, tt.value)
		}
	}
	met := []struct {
		t      string
		metric string
		actual float64
		want   bool
	}{
		{">= 60%", "conversion", 0.6, true},
		{">= 60%", "conversion", 0.59, false},
		{"35%", "drop_off", 0.36, false},
		{"35%", "drop_off", 0.2, true},
		{"> 4", "csat", 4, false},
		{"< 4", "csat", 3.9, true},
	}
	for _, m := range met {
		tg, err := ParseTarget(m.t, m.metric)
		if err != nil {
			t.Fatal(err)
		}
		if got := tg.Met(m.actual); got != m.want {
			t.Errorf("%q met by %v = %v, want %v", m.t, m.actual, got, m.want)
		}
	}
}

func TestClosest(t *testing.T) {
	keys := []string{"id", "name", "description", "channel", "personas", "owner", "emotion", "pains", "opportunities", "events", "next"}
	for in, want := range map[string]string{
		"nme": "name", "chanel": "channel", "desc": "description", "emotions": "emotion",
		"oportunities": "opportunities", "colour": "", "x": "", "persona": "personas",
	} {
		if got := Closest(in, keys); got != want {
			t.Errorf("Closest(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(flowJourney))
	f.Add([]byte("version: 1\nname: x\nstages: [{id: a, name: A, touchpoints: [{id: t, name: T, next: [t]}]}]\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("version: 1\nname: x\nstages:\n  - &s\n    id: a\n    name: A\n    <<: *s\n"))
	f.Add([]byte("version: 1\nname: x\nstages:\n  - &s\n    id: a\n    <<: [&t {name: A, <<: *s}]\n"))
	f.Add([]byte("\x00"))
	f.Add([]byte(mergeChain(29)))
	f.Add([]byte(stageBomb(300, 300)))
	f.Add([]byte("version: 1\nname: \"a\\x01\"\nstages: [{id: s, name: S, touchpoints: [{id: t, name: T, events: [t, T]}]}]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		j, diags := Parse("fuzz.yaml", src)
		for _, d := range diags {
			if d.Line < 1 || d.Column < 1 || d.Rule == "" || d.Message == "" {
				t.Fatalf("malformed diagnostic %+v", d)
			}
		}
		if j != nil && diags.Errors() == 0 {
			for _, tp := range j.Touchpoints() {
				_ = j.Flow("").Successors(tp)
			}
		}
	})
}
