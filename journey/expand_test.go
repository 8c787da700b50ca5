package journey

import (
	"fmt"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// mergeChain is a touchpoint list where each mapping merges the previous
// one twice: 2^n mappings when written out, in a few hundred bytes.
func mergeChain(n int) string {
	var b strings.Builder
	b.WriteString("version: 1\nname: Merge chain\nstages:\n  - id: s\n    name: S\n    touchpoints:\n      - &x0 {id: t, name: T, pains: [Slow page]}\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "      - &x%d {<<: [*x%d, *x%d]}\n", i, i-1, i-1)
	}
	return b.String()
}

// stageBomb is a stage of t touchpoint aliases, aliased s times.
func stageBomb(s, t int) string {
	return "version: 1\nname: Alias bomb\nstages:\n  - &stage\n    id: s\n    name: S\n    touchpoints: [&tp {id: t, name: T}" +
		strings.Repeat(", *tp", t-1) + "]\n" + strings.Repeat("  - *stage\n", s-1)
}

// laughs is the classic: ten aliases of ten aliases of ..., depth deep,
// read as a touchpoint's pains.
func laughs(depth int) string {
	var b strings.Builder
	b.WriteString("version: 1\nname: Laughs\nstages:\n  - id: s\n    name: S\n    touchpoints:\n      - id: t\n        name: T\n        description: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i <= depth; i++ {
		fmt.Fprintf(&b, "        x%d: &l%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*l%d, ", i-1), 10), ", "))
	}
	fmt.Fprintf(&b, "        pains: *l%d\n", depth)
	return b.String()
}

// sharedBase is how people use anchors: n touchpoints that merge one base
// and share one list of pains.
func sharedBase(n int) string {
	var b strings.Builder
	b.WriteString("version: 1\nname: Shared\nstages:\n  - id: s\n    name: S\n    touchpoints:\n")
	b.WriteString("      - &base\n        id: t0\n        name: Touchpoint 0\n        channel: web\n        owner: e-commerce\n        pains: &pains [Slow page, Unclear price, Too many forms]\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "      - <<: *base\n        id: t%d\n        name: Touchpoint %d\n        pains: *pains\n", i, i)
	}
	return b.String()
}

func TestAliasExpansion(t *testing.T) {
	tests := []struct {
		name string
		src  string
		// at is where the alias-expansion error must be, "" for none.
		at string
		// touchpoints is how many touchpoints must be read when at is "".
		touchpoints int
		// others is how many other diagnostics come before the error.
		others int
	}{
		{"merge chain of 29", mergeChain(29), "21:20", 0, 1},
		{"merge chain of 10", mergeChain(10), "", 11, 0},
		{"3000 stages of 3000 touchpoints", stageBomb(3000, 3000), "25:5", 0, 0},
		{"20 stages of 1000 touchpoints", stageBomb(20, 1000), "", 20000, 0},
		{"billion laughs", laughs(9), "19:16", 0, 9},
		{"shared base", sharedBase(5000), "", 5000, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j, p := parse("x.yaml", []byte(tt.src))
			var at []string
			for _, d := range p.diags {
				if d.Rule == RuleAliasExpansion {
					at = append(at, fmt.Sprintf("%d:%d", d.Line, d.Column))
				}
			}
			switch {
			case tt.at != "" && (len(at) != 1 || at[0] != tt.at):
				t.Errorf("alias-expansion at %v, want once at %s\n%s", at, tt.at, format(p.diags))
			case tt.at == "" && len(at) > 0:
				t.Errorf("unexpected alias-expansion:\n%s", format(p.diags))
			case tt.at == "" && tt.touchpoints > 0 && len(j.Touchpoints()) != tt.touchpoints:
				t.Errorf("%d touchpoints, want %d", len(j.Touchpoints()), tt.touchpoints)
			}
			if tt.at != "" && len(p.diags) != 1+tt.others {
				t.Errorf("after the alias-expansion error, nothing the walk finds should be reported:\n%s", format(p.diags))
			}
			if max := 2 * (int64(p.sourceNodes) + p.expansion.limit); int64(p.steps) > max {
				t.Errorf("%d steps, more than twice the file's %d nodes and its allowance of %d", p.steps, p.sourceNodes, p.expansion.limit)
			}
		})
	}
}

// TestMergeReadOnce: a mapping merged many times is read once, and what it
// brings in is right however deep the chain.
func TestMergeReadOnce(t *testing.T) {
	src := mergeChain(12) + "      - <<: *x12\n        id: last\n"
	j, p := parse("x.yaml", []byte(src))
	last := j.Touchpoint("last")
	if last == nil || last.Name != "T" || strings.Join(last.Pains, ",") != "Slow page" {
		t.Fatalf("last = %+v\n%s", last, format(p.diags))
	}
	if p.steps > 200 {
		t.Errorf("%d steps for a chain of 12 merges: anchored mappings are read again", p.steps)
	}
}

// TestYAMLGuard: yaml.v3 refuses alias bombs only when it decodes into Go
// values, never into the node tree journey walks; its message, should it
// ever come, is an alias-expansion error too.
func TestYAMLGuard(t *testing.T) {
	src := []byte(stageBomb(3000, 3000))
	var tree yaml.Node
	if err := yaml.Unmarshal(src, &tree); err != nil {
		t.Fatalf("yaml.v3 now refuses the node tree too (%v): journey's own account may be redundant", err)
	}
	var values any
	err := yaml.Unmarshal(src, &values)
	if err == nil {
		t.Fatal("yaml.v3 decoded the alias bomb into values")
	}
	p := &parser{file: "x.yaml", expansion: newExpansion(0)}
	p.syntaxError(src, err)
	want := "x.yaml:1:1: error: the aliases expand the file far beyond its written size (document contains excessive aliasing): expected anchors that are shared, not multiplied [alias-expansion]\n"
	if got := format(p.diags); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestControlCharacters(t *testing.T) {
	tests := []struct {
		name  string
		value string // a double-quoted YAML scalar, as written
		want  string // "" for none
	}{
		{"tab, line feed, carriage return", `"a\tb\nc\rd"`, ""},
		{"delete and C1 are XML text", `"a\x7fb\u0085c"`, ""},
		{"U+0001", `"a\x01"`, "the control character U+0001"},
		{"NUL", `"a\0b"`, "the control character U+0000"},
		{"escape", `"\e[31mred"`, "the control character U+001B"},
		{"unit separator", `"\x1f"`, "the control character U+001F"},
		{"vertical tab", `"\v"`, "the control character U+000B"},
		{"U+FFFE", `"\uFFFE"`, "the noncharacter U+FFFE"},
		{"U+FFFF", `"\uffff"`, "the noncharacter U+FFFF"},
		{"first one named", `"\x02\x03"`, "the control character U+0002"},
	}
	places := []struct {
		name string
		src  string
		at   string
	}{
		{"journey name", "version: 1\nname: %s\nstages: [{id: s, name: S, touchpoints: [{id: t, name: T}]}]\n", "2:7"},
		{"event", "version: 1\nname: x\nstages: [{id: s, name: S, touchpoints: [{id: t, name: T, events: [%s]}]}]\n", "3:67"},
		{"key", "version: 1\nname: x\n%s: 1\nstages: [{id: s, name: S, touchpoints: [{id: t, name: T}]}]\n", "3:1"},
	}
	for _, tt := range tests {
		for _, pl := range places {
			t.Run(tt.name+"/"+pl.name, func(t *testing.T) {
				_, diags := Parse("x.yaml", fmt.Appendf(nil, pl.src, tt.value))
				var got []Diagnostic
				for _, d := range diags {
					if d.Rule == RuleControlCharacter {
						got = append(got, d)
					}
				}
				if tt.want == "" {
					if len(got) > 0 {
						t.Errorf("unexpected: %v", got)
					}
					return
				}
				if len(got) != 1 || !strings.Contains(got[0].Message, tt.want) || fmt.Sprintf("%d:%d", got[0].Line, got[0].Column) != pl.at {
					t.Errorf("got %v, want one at %s naming %s", got, pl.at, tt.want)
				}
			})
		}
	}
}

func TestAmbiguousEvent(t *testing.T) {
	const head = "version: 1\nname: x\nstages:\n  - id: s\n    name: S\n    touchpoints:\n"
	tests := []struct {
		name string
		tps  string
		want string // the warnings' text, one a line
	}{
		{"distinct", "      - {id: a, name: A, events: [x]}\n      - {id: b, name: B, events: [y]}\n", ""},
		{"own id and name", "      - {id: cart, name: Cart, events: [CART, cart]}\n", ""},
		{"event twice", "      - {id: a, name: A, events: [add_to_cart]}\n      - {id: b, name: B, events: [\" Add_To_Cart \"]}\n",
			`x.yaml:8:35: event " Add_To_Cart " of touchpoint "b" is also an event of touchpoint "a" (line 7): analytics data labelled " Add_To_Cart " counts for touchpoint "a" only`},
		{"step number", "      - {id: a, name: Cart}\n      - {id: b, name: B, events: [\"Step 3: Cart\"]}\n",
			`x.yaml:8:35: event "Step 3: Cart" of touchpoint "b" is also the name of touchpoint "a" (line 7): analytics data labelled "Step 3: Cart" counts for touchpoint "a" only`},
		{"an id wins though later", "      - {id: a, name: A, events: [b]}\n      - {id: b, name: B}\n",
			`x.yaml:8:14: id "b" of touchpoint "b" is also an event of touchpoint "a" (line 7): analytics data labelled "b" counts for touchpoint "b" only`},
		{"once per touchpoint", "      - {id: a, name: Cart}\n      - {id: b, name: cart, events: [Cart]}\n",
			`x.yaml:8:23: name "cart" of touchpoint "b" is also the name of touchpoint "a" (line 7): analytics data labelled "cart" counts for touchpoint "a" only`},
		{"a third touchpoint too", "      - {id: a, name: X}\n      - {id: b, name: x}\n      - {id: c, name: C, events: [x]}\n",
			`x.yaml:8:23: name "x" of touchpoint "b" is also the name of touchpoint "a" (line 7): analytics data labelled "x" counts for touchpoint "a" only` + "\n" +
				`x.yaml:9:35: event "x" of touchpoint "c" is also the name of touchpoint "a" (line 7): analytics data labelled "x" counts for touchpoint "a" only`},
		{"one touchpoint aliased", "      - &a {id: a, name: A, events: [x]}\n      - *a\n", ""},
		{"a merged event", "      - &a {id: a, name: A, events: [x]}\n      - {<<: *a, id: b, name: B}\n",
			`x.yaml:7:38: event "x" of touchpoint "b" is also an event of touchpoint "a" (line 7): analytics data labelled "x" counts for touchpoint "a" only`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Parse("x.yaml", []byte(head+tt.tps))
			var got []string
			for _, d := range diags {
				if d.Rule == RuleAmbiguousEvent {
					if d.Severity != Warning {
						t.Errorf("severity %v", d.Severity)
					}
					got = append(got, fmt.Sprintf("%s:%d:%d: %s", d.File, d.Line, d.Column, d.Message))
				}
			}
			if g := strings.Join(got, "\n"); g != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s\nall:\n%s", g, tt.want, format(diags))
			}
		})
	}
}

// FuzzAliasExpansion builds journeys from anchors, aliases and merge keys
// that the fuzzer arranges, and holds the parser to its bounds: it ends,
// reads no more than the file and its allowance, and reports positions.
func FuzzAliasExpansion(f *testing.F) {
	f.Add([]byte{0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, uint16(1))
	f.Add([]byte{0, 2, 2, 2, 2, 2, 3, 4, 5}, uint16(3000))
	f.Add([]byte{0, 0, 3, 3, 1, 5, 2}, uint16(0))
	f.Fuzz(func(t *testing.T, ops []byte, stages uint16) {
		if len(ops) > 400 {
			ops = ops[:400]
		}
		src := fuzzJourney(ops, int(stages))
		j, p := parse("fuzz.yaml", []byte(src))
		for _, d := range p.diags {
			if d.Line < 1 || d.Column < 1 || d.Rule == "" || d.Message == "" {
				t.Fatalf("malformed diagnostic %+v", d)
			}
		}
		if max := 2 * (int64(p.sourceNodes) + p.expansion.limit); int64(p.steps) > max {
			t.Fatalf("%d steps, more than twice the file's %d nodes and its allowance of %d:\n%s", p.steps, p.sourceNodes, p.expansion.limit, src)
		}
		if j != nil && int64(len(j.Touchpoints())) > p.expansion.limit {
			t.Fatalf("%d touchpoints from a file of %d nodes", len(j.Touchpoints()), p.sourceNodes)
		}
	})
}

// fuzzJourney writes a journey whose first stage's touchpoints are made by
// ops (new mappings, merges of earlier ones, aliases of them, shared lists)
// and whose first stage is then aliased stages times.
func fuzzJourney(ops []byte, stages int) string {
	var b strings.Builder
	b.WriteString("version: 1\nname: Fuzz\nstages:\n  - &s0\n    id: s0\n    name: S0\n    touchpoints:\n      - &a0 {id: t0, name: T0, events: &e0 [e0]}\n")
	anchors, lists := 1, 1
	pick := func(op byte, n int) int { return int(op>>3) % n }
	for i, op := range ops {
		switch op % 6 {
		case 0:
			fmt.Fprintf(&b, "      - &a%d {id: t%d, name: T%d}\n", anchors, i, i)
			anchors++
		case 1:
			fmt.Fprintf(&b, "      - &a%d {<<: [*a%d, *a%d]}\n", anchors, anchors-1, pick(op, anchors))
			anchors++
		case 2:
			fmt.Fprintf(&b, "      - *a%d\n", pick(op, anchors))
		case 3:
			fmt.Fprintf(&b, "      - &a%d {<<: *a%d, events: *e%d}\n", anchors, pick(op, anchors), pick(op, lists))
			anchors++
		case 4:
			fmt.Fprintf(&b, "      - {id: u%d, name: U, pains: &e%d [*e%d, *e%d]}\n", i, lists, lists-1, pick(op, lists))
			lists++
		case 5:
			fmt.Fprintf(&b, "      - {id: v%d, name: V, <<: {<<: *a%d}}\n", i, pick(op, anchors))
		}
	}
	b.WriteString(strings.Repeat("  - *s0\n", min(stages, 4000)))
	return b.String()
}
