package journey

import (
	"fmt"
	"strings"
	"testing"
)

// generate writes a realistic journey with n touchpoints over five stages,
// two personas and a KPI per stage.
func generate(n int) []byte {
	var b strings.Builder
	b.WriteString("version: 1\nname: Generated journey\ndescription: Benchmark input.\npersonas:\n")
	b.WriteString("  - id: p1\n    name: First persona\n    goals: [Save time]\n    pains: [Too many forms]\n")
	b.WriteString("  - id: p2\n    name: Second persona\n    goals: [Pay less]\n")
	b.WriteString("stages:\n")
	stages := []string{"awareness", "consideration", "purchase", "experience", "loyalty"}
	per := (n + len(stages) - 1) / len(stages)
	k := 0
	for _, s := range stages {
		fmt.Fprintf(&b, "  - id: %s\n    name: %s\n    touchpoints:\n", s, strings.ToUpper(s[:1])+s[1:])
		for i := 0; i < per && k < n; i++ {
			fmt.Fprintf(&b, "      - id: tp-%d\n        name: Touchpoint number %d\n        channel: web\n        owner: team-%d\n", k, k, k%7)
			if k%3 == 1 {
				fmt.Fprintf(&b, "        personas: [p%d]\n", 1+k%2)
			}
			fmt.Fprintf(&b, "        emotion: %d\n        pains: [Slow page, Unclear price]\n        opportunities: [Explain the next step]\n        events: [event_%d]\n", k%5-2, k)
			if k%10 == 5 && k+2 < n {
				fmt.Fprintf(&b, "        next: [tp-%d, tp-%d]\n", k+1, k+2)
			}
			k++
		}
	}
	b.WriteString("kpis:\n")
	for i, s := range stages {
		fmt.Fprintf(&b, "  - id: kpi-%d\n    name: %s conversion\n    metric: conversion\n    stage: %s\n    target: \">= %d%%\"\n", i, s, s, 40+i)
	}
	return []byte(b.String())
}

func TestGenerateIsValid(t *testing.T) {
	j, diags := Parse("gen.yaml", generate(200))
	if len(diags) > 0 {
		t.Fatalf("generated journey is not clean:\n%s", format(diags))
	}
	if len(j.Touchpoints()) != 200 {
		t.Fatalf("got %d touchpoints", len(j.Touchpoints()))
	}
}

// BenchmarkParse measures loading and validating one file; bytes/op grows
// with the file (compare the sizes).
func BenchmarkParse(b *testing.B) {
	for _, n := range []int{200, 2000, 20000} {
		src := generate(n)
		b.Run(fmt.Sprintf("touchpoints=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				if _, diags := Parse("gen.yaml", src); diags.Errors() > 0 {
					b.Fatal(diags)
				}
			}
		})
	}
}
