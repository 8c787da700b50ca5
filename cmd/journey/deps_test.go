package main

import (
	"os/exec"
	"strings"
	"testing"
)

const goGraphviz = "github.com/goccy/go-graphviz"

// TestJourneyDoesNotLinkGraphviz: the embedded Graphviz compiles its
// WebAssembly when its package initialises, so journey must not link it
// (every command would start slowly); only the journey-graphviz helper
// does, through render/diagram/graphviz, the one package that imports it.
func TestJourneyDoesNotLinkGraphviz(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, goGraphviz) {
			t.Errorf("journey links %s", dep)
		}
	}

	out, err = exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "../../...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	var importers []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		for _, imp := range f[1:] {
			if strings.HasPrefix(imp, goGraphviz) {
				importers = append(importers, f[0])
				break
			}
		}
	}
	if len(importers) != 1 || importers[0] != "github.com/journey-maps/journey/render/diagram/graphviz" {
		t.Errorf("packages importing %s: %v, want only render/diagram/graphviz", goGraphviz, importers)
	}
}
