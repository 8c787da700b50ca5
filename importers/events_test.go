package importers

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/journey-maps/journey/journey"
)

// TestRaggedRowsNote: rows with fewer or more cells than the header are
// read, and the data set says how many there were and where the first is.
func TestRaggedRowsNote(t *testing.T) {
	j := raggedJourney(t)
	for _, tc := range []struct {
		name, csv string
		want      string
	}{
		{"even", "user_id,event,timestamp,extra\nu1,visit,2026-01-01T00:00:00Z,x\nu2,visit,2026-01-01T00:00:00Z,y\n", ""},
		{"short and long", "user_id,event,timestamp,extra\nu1,visit,2026-01-01T00:00:00Z,x\nu1,signup,2026-01-01T00:01:00Z\nu2,visit,2026-01-01T00:00:00Z,x,y\n",
			"2 rows have a number of cells other than the header's 4"},
		{"quoted", "user_id,event,timestamp,extra\n\"u1\",visit,2026-01-01T00:00:00Z,\"a,b\"\nu2,visit,2026-01-01T00:00:00Z,\"x\",\"y\"\n",
			"1 row has a number of cells other than the header's 4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "events.csv")
			if err := os.WriteFile(path, []byte(tc.csv), 0o644); err != nil {
				t.Fatal(err)
			}
			ds, err := Read(path, Options{Journey: j, Window: 24 * time.Hour, Workers: 2, Mapping: map[string]string{"touchpoint": "event"}})
			if err != nil {
				t.Fatal(err)
			}
			var got string
			for _, n := range ds.Notes {
				got += n.Message
			}
			if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
				t.Errorf("notes %q, expected %q", got, tc.want)
			}
			if tc.want != "" && (len(ds.Notes) != 1 || ds.Notes[0].Source.Line != 3) {
				t.Errorf("notes %+v, expected one at line 3", ds.Notes)
			}
		})
	}
}

func raggedJourney(t *testing.T) *journey.Journey {
	t.Helper()
	src := "version: 1\nname: T\nstages:\n  - id: s\n    name: S\n    touchpoints:\n      - id: visit\n        name: Visit\n      - id: signup\n        name: Signup\n"
	j, diags := journey.Parse("t.yaml", []byte(src))
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	return j
}
