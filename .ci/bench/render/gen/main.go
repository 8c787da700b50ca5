// Command gen writes a large, valid journey map and a matching step-count
// CSV for the rendering benchmark: -n touchpoints in stages of -per (or in
// -stages stages of ceil(n/stages) touchpoints each, fewer stages when that
// leaves the last ones empty), with a branch every seventh touchpoint,
// three personas, emotions, owners and pains, and a funnel that loses a
// varying share at every step.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
)

func main() {
	n := flag.Int("n", 300, "touchpoints")
	per := flag.Int("per", 15, "touchpoints per stage")
	stages := flag.Int("stages", 0, "number of stages, instead of -per")
	out := flag.String("o", "big.yaml", "journey file to write")
	csv := flag.String("csv", "big.csv", "step-count CSV to write")
	flag.Parse()
	if *n < 1 || *per < 1 || *stages < 0 || *stages > *n {
		fmt.Fprintf(os.Stderr, "gen: expected -n of 1 or more, -per of 1 or more and -stages from 0 to -n, found -n %d -per %d -stages %d\n", *n, *per, *stages)
		os.Exit(2)
	}
	if *stages > 0 {
		*per = (*n + *stages - 1) / *stages
	}
	if err := write(*out, *csv, *n, *per); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func write(out, csvPath string, n, per int) error {
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	personas := []string{"newcomer", "regular", "business"}
	channels := []string{"web", "app", "email", "store", "phone", "chat"}
	owners := []string{"marketing", "e-commerce", "support", "logistics", "crm"}
	fmt.Fprintf(w, "version: 1\nname: Generated journey of %d touchpoints\npersonas:\n", n)
	for _, p := range personas {
		fmt.Fprintf(w, "  - id: %s\n    name: %s customer\n", p, p)
	}
	fmt.Fprintf(w, "stages:\n")
	for i := 0; i < n; i++ {
		if i%per == 0 {
			s := i / per
			fmt.Fprintf(w, "  - id: stage-%d\n    name: Stage %d\n    touchpoints:\n", s, s+1)
		}
		fmt.Fprintf(w, "      - id: tp-%d\n        name: Touchpoint number %d\n", i, i)
		fmt.Fprintf(w, "        channel: %s\n        owner: %s\n        emotion: %d\n", channels[i%len(channels)], owners[i%len(owners)], i%5-2)
		if i%4 == 1 {
			fmt.Fprintf(w, "        personas: [%s]\n", personas[i%len(personas)])
		}
		if i%3 == 0 {
			fmt.Fprintf(w, "        pains: [Waiting too long at step %d, Unclear price]\n", i)
		}
		if i%7 == 3 && i+3 < n {
			fmt.Fprintf(w, "        next: [tp-%d, tp-%d]\n", i+1, i+3)
		}
	}
	fmt.Fprintf(w, "kpis:\n  - id: first-to-last\n    name: First to last\n    metric: conversion\n    from: tp-0\n    to: tp-%d\n    target: \">= 1%%\"\n", n-1)
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}

	c, err := os.Create(csvPath)
	if err != nil {
		return err
	}
	cw := bufio.NewWriter(c)
	fmt.Fprintln(cw, "touchpoint,users")
	users := 1_000_000.0
	for i := 0; i < n; i++ {
		fmt.Fprintf(cw, "tp-%d,%.0f\n", i, users)
		users *= []float64{0.99, 0.97, 0.9, 0.995, 0.98}[i%5]
	}
	if err := cw.Flush(); err != nil {
		return err
	}
	return c.Close()
}
