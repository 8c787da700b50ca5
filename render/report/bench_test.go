package report

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/journey-maps/journey/journey"
)

// bigJourney is a generated journey of stages x perStage touchpoints with
// a KPI per stage, and its figures: users fall along the flow.
func bigJourney(b testing.TB, stages, perStage int) *journey.Analysis {
	b.Helper()
	var y strings.Builder
	y.WriteString("version: 1\nname: Generated journey\npersonas:\n  - id: p1\n    name: First persona\nstages:\n")
	for s := 0; s < stages; s++ {
		fmt.Fprintf(&y, "  - id: s%d\n    name: Stage %d\n    touchpoints:\n", s, s)
		for t := 0; t < perStage; t++ {
			fmt.Fprintf(&y, "      - id: t%d-%d\n        name: Touchpoint %d of stage %d\n        channel: web\n        owner: team-%d\n        emotion: %d\n        pains: [Slow page, \"=1+1\"]\n        opportunities: [Faster page]\n",
				s, t, t, s, t%7, t%5-2)
		}
	}
	y.WriteString("kpis:\n")
	for s := 0; s < stages; s++ {
		fmt.Fprintf(&y, "  - id: k%d\n    name: Stage %d conversion\n    metric: conversion\n    stage: s%d\n    target: \">= 90%%\"\n", s, s, s)
	}
	j, diags := journey.Parse("big.yaml", []byte(y.String()))
	if diags.Errors() > 0 {
		b.Fatalf("generated journey is invalid: %v", diags[0])
	}
	users := make(map[string]float64)
	u := 1e7
	for _, tp := range j.Touchpoints() {
		users[tp.ID] = float64(int(u))
		u *= 0.9995
	}
	a := fixtureAnalysis(j, "", users, nil)
	a.Sources = []journey.SourceInfo{{File: "big.csv", Rows: len(users)}}
	return a
}

// BenchmarkReportXLSX20k writes the gap report of a 20,000-touchpoint
// journey (200 stages of 100), the size the XLSX writer is built for.
func BenchmarkReportXLSX20k(b *testing.B) {
	r := New(bigJourney(b, 200, 100), nil)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := WriteXLSX(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReportXLSX20kCompare is the same with a previous period, which
// triples the figure columns.
func BenchmarkReportXLSX20kCompare(b *testing.B) {
	a := bigJourney(b, 200, 100)
	r := New(a, a)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := WriteXLSX(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReportTextFormats20k(b *testing.B) {
	r := New(bigJourney(b, 200, 100), nil)
	for _, f := range []struct {
		name   string
		render func(io.Writer, *Model) error
	}{
		{"table", func(w io.Writer, r *Model) error { return WriteTable(w, r, false) }},
		{"markdown", WriteMarkdown},
		{"csv", WriteCSV},
	} {
		b.Run(f.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := f.render(io.Discard, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
