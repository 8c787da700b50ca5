package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/journey-maps/journey/journey/journeytest"
)

// exportsJSONDir holds real JSON event exports, each with a journey map
// of the same name and the report it gives.
const exportsJSONDir = "../../testdata/exports-json"

func TestExportsJSON(t *testing.T) {
	maps, err := filepath.Glob(filepath.Join(exportsJSONDir, "*.yaml"))
	if err != nil || len(maps) == 0 {
		t.Fatalf("no journey maps under %s (%v)", exportsJSONDir, err)
	}
	for _, m := range maps {
		base := strings.TrimSuffix(filepath.Base(m), ".yaml")
		t.Run(base, func(t *testing.T) {
			var data string
			for _, ext := range []string{".json", ".jsonl", ".ndjson", ".json.gz", ".jsonl.gz"} {
				if _, err := os.Stat(filepath.Join(exportsJSONDir, base+ext)); err == nil {
					data = base + ext
				}
			}
			if data == "" {
				t.Fatalf("no export beside %s", m)
			}
			t.Chdir(exportsJSONDir)
			var out, errOut bytes.Buffer
			code := run([]string{"report", base + ".yaml", "--data", data, "--format", "json"}, strings.NewReader(""), &out, &errOut)
			got := fmt.Appendf(nil, "exit %d\n--- stdout\n%s--- stderr\n%s", code, out.String(), errOut.String())
			journeytest.Golden(t, base+".golden", got, *update)
		})
	}
}
