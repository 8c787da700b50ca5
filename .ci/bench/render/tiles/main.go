// Command tiles writes the DOT tiles journey render has Graphviz lay out for
// a journey and its data, one graph after another in one file, so that the
// rendering benchmark can time native dot on the same tiles:
//
//	go run ./.ci/bench/render/tiles -o tiles.dot journey.yaml data.csv
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/journey-maps/journey/importers"
	"github.com/journey-maps/journey/journey"
	"github.com/journey-maps/journey/render"
)

func main() {
	out := flag.String("o", "tiles.dot", "output file")
	flag.Parse()
	if flag.NArg() < 1 {
		fmt.Fprintln(os.Stderr, "usage: tiles -o OUT JOURNEY.yaml [DATA...]")
		os.Exit(2)
	}
	if err := run(*out, flag.Arg(0), flag.Args()[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "tiles:", err)
		os.Exit(1)
	}
}

func run(out, file string, data []string) error {
	src, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	j, diags := journey.Parse(file, src)
	if j == nil || diags.Errors() > 0 {
		return fmt.Errorf("%s is invalid: %v", file, diags)
	}
	var a *journey.Analysis
	if len(data) > 0 {
		var sets []*journey.DataSet
		for _, f := range data {
			ds, err := importers.Read(f, importers.Options{Journey: j, Window: 30 * 24 * time.Hour})
			if err != nil {
				return err
			}
			sets = append(sets, ds)
		}
		a = journey.Analyze(j, sets, journey.AnalyzeOptions{})
	}
	d, err := render.NewDiagram(j, a, render.DiagramOptions{})
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	for _, t := range render.Tiles(d, render.ThemeDefault) {
		if _, err := f.Write(t); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}
