package journey

import (
	"fmt"
	"strings"
	"testing"
)

// diffLines writes a diff as one line per change, for the table below.
func diffLines(d *MapDiff) string {
	var lines []string
	for _, f := range d.Journey {
		lines = append(lines, fmt.Sprintf("journey %s %v->%v", f.Field, f.Old, f.New))
	}
	for _, sec := range []struct {
		kind  string
		items []ItemChange
	}{{"persona", d.Personas}, {"stage", d.Stages}, {"touchpoint", d.Touchpoints}, {"kpi", d.KPIs}} {
		for _, c := range sec.items {
			l := fmt.Sprintf("%s %s %s", sec.kind, c.Change, c.ID)
			if c.OldID != "" {
				l += " from " + c.OldID
			}
			if c.OldName != "" {
				l += fmt.Sprintf(" was %q", c.OldName)
			}
			for _, f := range c.Fields {
				l += fmt.Sprintf(" %s:%v->%v", f.Field, f.Old, f.New)
			}
			lines = append(lines, l)
		}
	}
	for _, f := range d.Flow {
		lines = append(lines, fmt.Sprintf("flow %s %s->%s", f.Change, f.From, f.To))
	}
	return strings.Join(lines, "\n")
}

const diffBase = `version: 1
name: Shop
personas:
  - {id: p1, name: Buyer}
stages:
  - id: s1
    name: Browse
    touchpoints:
      - {id: a, name: Ad, channel: social}
      - {id: b, name: Page, personas: [p1], next: [c]}
  - id: s2
    name: Buy
    touchpoints:
      - {id: c, name: Cart, pains: [Slow, Costly]}
kpis:
  - {id: k, metric: conversion, from: b, to: c, target: ">= 60%"}
`

func TestDiff(t *testing.T) {
	tests := []struct {
		name string
		edit func(string) string
		want string
	}{
		{"identical", func(s string) string { return s }, ""},
		{"id renamed, name kept: renamed, references follow",
			func(s string) string {
				return strings.NewReplacer("{id: c, name: Cart", "{id: cart, name: Cart", "next: [c]", "next: [cart]", "to: c,", "to: cart,").Replace(s)
			},
			"touchpoint renamed cart from c"},
		{"name renamed, id kept",
			func(s string) string { return strings.Replace(s, "name: Cart", "name: Basket", 1) },
			`touchpoint renamed c was "Cart"`},
		{"id and name both changed: removed and added",
			func(s string) string {
				return strings.NewReplacer("{id: c, name: Cart", "{id: basket, name: Basket", "next: [c]", "next: [basket]", "to: c,", "to: basket,").Replace(s)
			},
			"touchpoint added basket\ntouchpoint removed c\nkpi changed k scope:[b -> c]->[b -> basket]\nflow added b->basket\nflow removed b->c"},
		{"a persona renamed by id is followed in personas",
			func(s string) string {
				return strings.NewReplacer("{id: p1, name: Buyer}", "{id: buyer, name: Buyer}", "personas: [p1]", "personas: [buyer]").Replace(s)
			},
			"persona renamed buyer from p1"},
		{"touchpoint moved to another stage",
			func(s string) string {
				s = strings.Replace(s, "      - {id: b, name: Page, personas: [p1], next: [c]}\n", "", 1)
				return strings.Replace(s, "      - {id: c, name: Cart", "      - {id: b, name: Page, personas: [p1], next: [c]}\n      - {id: c, name: Cart", 1)
			},
			"touchpoint changed b stage:[s1]->[s2]"},
		{"stages swapped",
			func(s string) string {
				i, j := strings.Index(s, "  - id: s1"), strings.Index(s, "  - id: s2")
				k := strings.Index(s, "kpis:")
				return s[:i] + s[j:k] + s[i:j] + s[k:]
			},
			"stage changed s2 position:[2]->[1]\nstage changed s1 position:[1]->[2]\nflow added c->a"},
		{"same target written differently is no change",
			func(s string) string { return strings.Replace(s, `">= 60%"`, `">= 0.6"`, 1) },
			""},
		{"target changed",
			func(s string) string { return strings.Replace(s, `">= 60%"`, `">= 70%"`, 1) },
			"kpi changed k target:[>= 60%]->[>= 70%]"},
		{"list items and single values",
			func(s string) string {
				return strings.NewReplacer("pains: [Slow, Costly]", "pains: [Costly, Rude]", "channel: social", "emotion: 1").Replace(s)
			},
			"touchpoint changed a channel:[social]->[] emotion:[]->[1]\ntouchpoint changed c pains:[Slow Costly]->[Costly Rude]"},
		{"a name two added items share: no pairing",
			func(s string) string {
				return strings.Replace(s, "{id: a, name: Ad, channel: social}", "{id: a2, name: Ad, channel: social}\n      - {id: d, name: Ad}", 1)
			},
			"touchpoint added a2\ntouchpoint added d\ntouchpoint removed a\nflow added a2->d\nflow added d->b\nflow removed a->b"},
		{"the canvas lanes: stage goals, actions, thoughts, back stage",
			func(s string) string {
				return strings.NewReplacer("    name: Buy\n", "    name: Buy\n    goals: [Pay fast]\n",
					"pains: [Slow, Costly]", "pains: [Slow, Costly], actions: [Pays], thoughts: [Is it safe], backstage: [PSP]").Replace(s)
			},
			"stage changed s2 goals:[]->[Pay fast]\ntouchpoint changed c actions:[]->[Pays] thoughts:[]->[Is it safe] backstage:[]->[PSP]"},
		{"map name and description",
			func(s string) string {
				return strings.Replace(s, "name: Shop\n", "name: Store\ndescription: New.\n", 1)
			},
			"journey name [Shop]->[Store]\njourney description []->[New.]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old, diags := Parse("old.yaml", []byte(diffBase))
			if diags.Errors() > 0 {
				t.Fatalf("old: %v", diags)
			}
			cur, diags := Parse("new.yaml", []byte(tt.edit(diffBase)))
			if diags.Errors() > 0 {
				t.Fatalf("new: %v", diags)
			}
			d := Diff(old, cur)
			got := diffLines(d)
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			if d.Empty() != (tt.want == "") {
				t.Errorf("Empty() = %v with changes %q", d.Empty(), got)
			}
		})
	}
}
