package main

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/journey-maps/journey/importers"
	"github.com/journey-maps/journey/journey"
)

// analyzeData reads the data files and computes the journey's figures. A
// data file that cannot be read is an ioError (exit 2), one that cannot be
// used an inputError (exit 1). A progress bar shows on a terminal while a
// large file is read.
func analyzeData(s *streams, j *journey.Journey, files []string, opts dataOptions) (*journey.Analysis, error) {
	var sets []*journey.DataSet
	for _, f := range files {
		var err error
		ro := importers.Options{Journey: j, Window: opts.window, Mapping: opts.mapping, MaxUnzipSize: opts.maxXLSX}
		bar := newProgressBar(s, f)
		if bar != nil {
			ro.Progress = bar.update
		}
		var ds *journey.DataSet
		if f == "-" {
			ds, err = importers.ReadCSV(stdinName, s.in, 0, ro)
		} else {
			ds, err = importers.Read(f, ro)
		}
		bar.done()
		if err != nil {
			if errors.Is(err, importers.ErrUnreadable) {
				return nil, ioError{err}
			}
			return nil, inputError{err}
		}
		if ds.Anonymous > 0 {
			fmt.Fprintf(s.err, "journey: warning: %s: %s without a user id left out of the funnel\n", ds.File, plural(ds.Anonymous, "row"))
		}
		for _, n := range ds.Notes {
			fmt.Fprintf(s.err, "journey: warning: %s: %s\n", where(n.Source.File, n.Source.Line, n.Source.Cell), n.Message)
		}
		sets = append(sets, ds)
	}
	a := journey.Analyze(j, sets, journey.AnalyzeOptions{Persona: opts.persona})
	if opts.persona != "" && !hasFigures(a) {
		fmt.Fprintf(s.err, "journey: warning: the data has no rows or users for persona %q: figures need a persona, segment or breakdown_value column with that value\n", opts.persona)
	}
	return a, nil
}

// warnUnmatched lists on stderr the rows that match no touchpoint, for the
// outputs that have no place for them (the picture).
func warnUnmatched(s *streams, a *journey.Analysis) {
	for _, u := range a.Unmatched {
		rows := ""
		if u.Rows > 1 {
			rows = fmt.Sprintf(" (%d rows)", u.Rows)
		}
		fmt.Fprintf(s.err, "journey: warning: %s: %q matches no touchpoint%s\n", where(u.File, u.Line, u.Cell), u.Value, rows)
	}
}

// where is a place in a data file as messages give it: FILE:LINE (CSV)
// or FILE:Sheet!C7 (XLSX).
func where(file string, line int, cell string) string {
	switch {
	case cell != "":
		return file + ":" + cell
	case line > 0:
		return file + ":" + strconv.Itoa(line)
	}
	return file
}

// hasFigures reports whether any touchpoint has a users figure.
func hasFigures(a *journey.Analysis) bool {
	for _, t := range a.Touchpoints {
		if t.Users != nil {
			return true
		}
	}
	return false
}
