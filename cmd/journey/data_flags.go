package main

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/journey-maps/journey/importers"
	"github.com/journey-maps/journey/journey"
)

// dataFlags are the flags of every command that reads analytics data:
// render, report and serve. They are defined here once so the commands
// cannot drift apart.
type dataFlags struct {
	data    []string
	compare []string
	maps    []string
	window  string
	persona string
	// maxXLSX is what an XLSX workbook may unpack to.
	maxXLSX byteSize
}

// register defines the flags on cmd; compare adds --compare (report only).
func (f *dataFlags) register(cmd *cobra.Command, compare bool) {
	fs := cmd.Flags()
	fs.StringArrayVar(&f.data, "data", nil, "analytics export: .csv, .xlsx (FILE.xlsx#Sheet for a sheet), .jsonl/.ndjson/.json events, .parquet events or a folder of them, any but .xlsx and .parquet also .gz; - for CSV on standard input; repeatable")
	fs.StringArrayVar(&f.maps, "map", nil, "name the column of a role: ROLE=COLUMN (roles: "+strings.Join(importers.MapRoles, ", ")+"); repeatable")
	fs.StringVar(&f.window, "window", formatWindow(journey.DefaultWindow), "conversion window of event-level data (30d, 2w, 12h, 90m)")
	fs.StringVar(&f.persona, "persona", "", "one persona's journey: its touchpoints, and its rows or users in the data")
	sizeFlag(cmd, &f.maxXLSX, "max-xlsx-size", importers.DefaultMaxUnzip, "refuse XLSX workbooks that unpack to more than this (zip bombs); raise it for genuine large workbooks")
	_ = cmd.MarkFlagFilename("data", "csv", "xlsx", "jsonl", "ndjson", "json", "gz", "parquet")
	if compare {
		fs.StringArrayVar(&f.compare, "compare", nil, "a previous period's export to compare with: the change per figure; repeatable")
		_ = cmd.MarkFlagFilename("compare", "csv", "xlsx", "jsonl", "ndjson", "json", "gz", "parquet")
	}
}

// dataOptions are the data flags, checked.
type dataOptions struct {
	persona string
	window  time.Duration
	mapping map[string]string
	maxXLSX int64
}

// resolve checks the flags that need no journey: the window, the column
// mapping, and that standard input is read at most once (journey names
// the journey file, which may be - too).
func (f *dataFlags) resolve(journeyFile string) (dataOptions, error) {
	window, err := parseWindow(f.window)
	if err != nil {
		return dataOptions{}, usagef("invalid --window %q: %v", f.window, err)
	}
	mapping, err := importers.ParseMapping(f.maps)
	if err != nil {
		return dataOptions{}, usageError{err}
	}
	stdin := 0
	for _, in := range append(append([]string{journeyFile}, f.data...), f.compare...) {
		if in == "-" {
			stdin++
		}
	}
	if stdin > 1 {
		return dataOptions{}, usagef("standard input (-) can be read once: give the journey or one data file as -, not both")
	}
	return dataOptions{persona: f.persona, window: window, mapping: mapping, maxXLSX: f.maxXLSX.n}, nil
}

// checkPersona checks --persona against the journey's personas.
func (f *dataFlags) checkPersona(j *journey.Journey) error {
	if f.persona != "" && j.Persona(f.persona) == nil {
		return usagef("invalid --persona %q: expected one of the journey's personas (%s)", f.persona, personaIDs(j))
	}
	return nil
}

// files are the data files the flags name, for the output writer's check
// and serve's watcher; FILE.xlsx#Sheet names FILE.xlsx.
func (f *dataFlags) files() []string {
	var out []string
	for _, d := range append(append([]string(nil), f.data...), f.compare...) {
		if d == "-" {
			continue
		}
		if i := strings.LastIndex(d, "#"); i > 0 && strings.HasSuffix(strings.ToLower(d[:i]), ".xlsx") {
			d = d[:i]
		}
		out = append(out, d)
	}
	return out
}

// parseWindow reads a duration with day and week units besides Go's
// (30d, 2w, 12h, 90m).
func parseWindow(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	unit := time.Duration(0)
	switch {
	case strings.HasSuffix(s, "d"):
		unit = 24 * time.Hour
	case strings.HasSuffix(s, "w"):
		unit = 7 * 24 * time.Hour
	}
	var d time.Duration
	if unit > 0 {
		n, err := strconv.ParseFloat(strings.TrimSpace(s[:len(s)-1]), 64)
		if err != nil {
			return 0, errors.New("expected a number and a unit, such as 30d, 2w, 12h or 90m")
		}
		d = time.Duration(n * float64(unit))
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, errors.New("expected a number and a unit, such as 30d, 2w, 12h or 90m")
		}
	}
	if d <= 0 {
		return 0, errors.New("expected a window longer than zero")
	}
	return d, nil
}

// formatWindow writes a window as --window takes it: whole days as "30d".
func formatWindow(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	}
	return d.String()
}
