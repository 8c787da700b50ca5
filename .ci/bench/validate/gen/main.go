// Command gen writes generated journey files for the validation benchmark:
// gen -n 200 -files 1000 -o DIR.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	n := flag.Int("n", 200, "touchpoints per file")
	files := flag.Int("files", 1, "number of files")
	out := flag.String("o", ".", "output directory")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	for f := 0; f < *files; f++ {
		path := filepath.Join(*out, fmt.Sprintf("journey-%04d.yaml", f))
		if err := os.WriteFile(path, generate(*n, f), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
}

// generate returns a realistic journey with n touchpoints over five stages,
// two personas, branches and a KPI per stage.
func generate(n, seed int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "version: 1\nname: Generated journey %d\ndescription: Benchmark input.\npersonas:\n", seed)
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
