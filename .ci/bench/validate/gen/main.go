// Command gen writes generated journey files for the validation benchmark:
// gen -n 200 -files 1000 -o DIR.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/journey-maps/journey/journey/journeytest"
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
		if err := os.WriteFile(path, journeytest.Generate(*n, fmt.Sprintf("Generated journey %d", f)), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
}
