// Command tiles writes the DOT tiles journey render has Graphviz lay out for
// a journey and its data, one graph after another in one file, so that the
// rendering benchmark can time native dot on the same tiles; with -frames
// also in the frames journey-graphviz reads, to time one helper on them:
//
//	go run ./.ci/bench/render/tiles -o tiles.dot -frames tiles.frames journey.yaml data.csv
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/journey-maps/journey/importers"
	"github.com/journey-maps/journey/journey"
	"github.com/journey-maps/journey/render/diagram"
	"github.com/journey-maps/journey/render/diagram/frames"
)

func main() {
	out := flag.String("o", "tiles.dot", "output file")
	framed := flag.String("frames", "", "also write the tiles in frames to this file")
	flag.Parse()
	if flag.NArg() < 1 {
		fmt.Fprintln(os.Stderr, "usage: tiles -o OUT JOURNEY.yaml [DATA...]")
		os.Exit(2)
	}
	if err := run(*out, *framed, flag.Arg(0), flag.Args()[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "tiles:", err)
		os.Exit(1)
	}
}

func run(out, framed, file string, data []string) error {
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
	d, err := diagram.New(j, a, diagram.Options{})
	if err != nil {
		return err
	}
	tiles := diagram.Tiles(d, diagram.ThemeDefault)
	if err := os.WriteFile(out, bytes.Join(tiles, nil), 0o644); err != nil {
		return err
	}
	if framed == "" {
		return nil
	}
	var b bytes.Buffer
	for _, t := range tiles {
		if err := frames.Write(&b, t); err != nil {
			return err
		}
	}
	return os.WriteFile(framed, b.Bytes(), 0o644)
}
