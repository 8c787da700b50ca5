// Package diff writes what changed between two versions of a journey map
// (a journey.MapDiff) as text for the terminal, markdown for a pull-request
// comment, and JSON for programs. It is a family of its own beside the gap
// report: its rows are the map's items and their keys, not figures, and
// its figures section reuses the report's formatting (render/figure) and
// markdown escaping.
package diff

import (
	"strconv"
	"strings"

	"github.com/journey-maps/journey/journey"
)

// Formats are the output formats, the default first.
var Formats = []string{"text", "markdown", "json"}

// Options are what the writers need besides the diff.
type Options struct {
	// Old and New name the two versions as the command line gave them
	// (a file, or REV:PATH).
	Old, New string
	// Color colours the text form (added green, removed red).
	Color bool
}

// section is one kind of item, with its changes.
type section struct {
	title string // "Touchpoints"
	key   string // "touchpoints"
	items []journey.ItemChange
}

func sections(d *journey.MapDiff) []section {
	return []section{
		{"Personas", "personas", d.Personas},
		{"Stages", "stages", d.Stages},
		{"Touchpoints", "touchpoints", d.Touchpoints},
		{"KPIs", "kpis", d.KPIs},
	}
}

// summary counts the changes in words: "2 added, 1 removed, 3 renamed,
// 4 changed; flow: 2 arrows added, 1 removed".
func summary(d *journey.MapDiff) string {
	var parts []string
	for _, c := range []string{journey.Added, journey.Removed, journey.Renamed, journey.Changed} {
		if n := d.Count(c); n > 0 {
			parts = append(parts, strconv.Itoa(n)+" "+c)
		}
	}
	items := strings.Join(parts, ", ")
	if items == "" {
		items = "no item changed"
	}
	if n := len(d.Journey); n > 0 {
		items = strconv.Itoa(n) + " key(s) of the map changed; " + items
	}
	add, rem := 0, 0
	for _, f := range d.Flow {
		if f.Change == journey.Added {
			add++
		} else {
			rem++
		}
	}
	flow := "flow unchanged"
	if add+rem > 0 {
		flow = "flow: " + strconv.Itoa(add) + " arrow(s) added, " + strconv.Itoa(rem) + " removed"
	}
	return items + "; " + flow
}
