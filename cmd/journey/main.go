// Command journey validates, analyses and renders customer journey maps.
package main

import (
	"os"

	// Backs the heap's start in one system call (see the package).
	_ "github.com/journey-maps/journey/cmd/internal/prefault"
)

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
