// Package journeytest holds what the tests and benchmarks of journey's
// packages share: a generator of journey files and golden-file checks.
package journeytest

import (
	"fmt"
	"strings"
)

// Generate returns a valid, realistic journey file named name with n
// touchpoints over five stages, two personas, branches and a KPI per stage.
func Generate(n int, name string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "version: 1\nname: %s\ndescription: Benchmark input.\npersonas:\n", name)
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
