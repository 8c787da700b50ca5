package report

import (
	"flag"
	"testing"

	"github.com/journey-maps/journey/journey/journeytest"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with the golden file at path, or rewrites it with
// -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	journeytest.Golden(t, path, got, *update)
}
