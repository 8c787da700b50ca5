package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/journey-maps/journey/importers"
	"github.com/journey-maps/journey/journey"
	"github.com/journey-maps/journey/render/report"
)

// reportFormats are the formats of journey report.
var reportFormats = []string{"table", "markdown", "csv", "json", "xlsx"}

type reportOptions struct {
	file    string
	data    []string
	out     string
	format  string
	persona string
	window  string
	maps    []string
	// compare lists a previous period's exports; failOnMissed turns a
	// missed KPI into exit status 1.
	compare      []string
	failOnMissed bool
}

func newReportCmd(s *streams) *cobra.Command {
	opts := &reportOptions{}
	cmd := &cobra.Command{
		Use:   "report FILE --data DATA...",
		Short: "Merge analytics exports into the journey: users, conversion, drop-off, KPIs",
		Long: `Merge analytics exports into the journey map and report, per touchpoint
and stage, the users who reached it, the conversion from its predecessors and
the drop-off to its successors, and every KPI's actual figure with met,
missed or no-data. Rows that match no touchpoint are listed.

DATA is a CSV or XLSX export (FILE.xlsx#Sheet for a sheet other than the
first): step counts from Google Analytics 4 funnel explorations, PostHog,
Amplitude or any table with touchpoint and users columns, or event-level
data (user_id, timestamp, event), counted as an ordered funnel within
--window from each user's first touchpoint. Use --map ROLE=COLUMN when a
column has another name (roles: touchpoint, users, segment, user_id,
timestamp).

The format comes from --format, else from -o's extension (.xlsx, .md, .csv,
.json, .txt), else a table on standard output. Figures in json are
fractions (0.5 is 50%) and null where the data has none.

--compare DATA reads a previous period's export the same way and shows,
for every figure, the previous value and the change (percentage points for
rates): extra columns in the XLSX, CSV and tables, a "compare" key in JSON.

Exit status: 0 on success, 1 when the journey or a data file is invalid or,
with --fail-on-missed, when a KPI misses its target; 2 for bad usage or a
file that cannot be read or written.`,
		Example: `  journey report examples/online-store.yaml --data examples/online-store.ga4.csv
  journey report map.yaml --data events.csv --window 7d --format json
  journey report map.yaml --data funnel.xlsx#September -o gaps.xlsx
  journey report map.yaml --data export.csv --map users="Unique visitors"
  journey report map.yaml --data october.csv --compare september.csv -o gaps.xlsx
  journey report map.yaml --data ga4.csv --format markdown --fail-on-missed > comment.md`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.file = args[0]
			if len(opts.data) == 0 {
				return usagef("journey report needs --data: an analytics export (.csv or .xlsx)")
			}
			if opts.format == "" {
				opts.format = reportFormatFromExt(opts.out)
			}
			if !slices.Contains(reportFormats, opts.format) {
				return usagef("invalid --format %q: expected one of %s", opts.format, strings.Join(reportFormats, ", "))
			}
			return runReport(s, opts)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&opts.data, "data", nil, "analytics export (.csv, .xlsx, FILE.xlsx#Sheet, - for CSV on standard input); repeatable")
	f.StringVarP(&opts.out, "output", "o", "", "write the report to this file (- for standard output)")
	f.StringVarP(&opts.format, "format", "f", "", "report format: "+strings.Join(reportFormats, "|")+" (default from -o's extension, else table)")
	f.StringVar(&opts.persona, "persona", "", "restrict the figures to this persona's rows or users and touchpoints")
	f.StringVar(&opts.window, "window", "30d", "conversion window of event-level data (30d, 12h, 90m)")
	f.StringArrayVar(&opts.compare, "compare", nil, "a previous period's export to compare with: the change per figure; repeatable")
	f.BoolVar(&opts.failOnMissed, "fail-on-missed", false, "exit with status 1 when a KPI misses its target (for CI gates)")
	f.StringArrayVar(&opts.maps, "map", nil, "name the column of a role: ROLE=COLUMN, e.g. users=\"Unique visitors\"; repeatable")
	_ = cmd.RegisterFlagCompletionFunc("format", fixedCompletion(reportFormats...))
	_ = cmd.MarkFlagFilename("data", "csv", "xlsx")
	_ = cmd.MarkFlagFilename("compare", "csv", "xlsx")
	return cmd
}

// reportFormatFromExt picks the format from the output file's extension.
func reportFormatFromExt(out string) string {
	switch strings.ToLower(filepath.Ext(out)) {
	case ".xlsx":
		return "xlsx"
	case ".md", ".markdown":
		return "markdown"
	case ".csv":
		return "csv"
	case ".json":
		return "json"
	}
	return "table"
}

func runReport(s *streams, opts *reportOptions) error {
	window, err := parseWindow(opts.window)
	if err != nil {
		return usagef("invalid --window %q: %v", opts.window, err)
	}
	mapping, err := importers.ParseMapping(opts.maps)
	if err != nil {
		return usageError{err}
	}
	if stdin := countString(append(append([]string{opts.file}, opts.data...), opts.compare...), "-"); stdin > 1 {
		return usagef("standard input (-) can be read once: give the journey or one data file as -, not both")
	}
	j, err := loadJourneyForRender(s, opts.file)
	if err != nil {
		return err
	}
	if opts.persona != "" && j.Persona(opts.persona) == nil {
		return usagef("invalid --persona %q: expected one of the journey's personas (%s)", opts.persona, personaIDs(j))
	}
	dopts := dataOptions{persona: opts.persona, window: window, mapping: mapping}
	a, err := analyzeData(s, j, opts.data, dopts)
	if err != nil {
		return err
	}
	var prev *journey.Analysis
	if len(opts.compare) > 0 {
		if prev, err = analyzeData(s, j, opts.compare, dopts); err != nil {
			return err
		}
	}
	rep := report.New(a, prev)
	var b bytes.Buffer
	switch opts.format {
	case "json":
		if prev != nil {
			err = report.WriteJSONCompare(&b, a, prev)
		} else {
			err = report.WriteJSON(&b, a)
		}
	case "table":
		err = report.WriteTable(&b, rep, useColor(s.out) && (opts.out == "" || opts.out == "-"))
	case "markdown":
		err = report.WriteMarkdown(&b, rep)
	case "csv":
		err = report.WriteCSV(&b, rep)
	case "xlsx":
		err = report.WriteXLSX(&b, rep)
	}
	if err != nil {
		return fmt.Errorf("cannot build the %s report: %w", opts.format, err)
	}
	if err := writeOutput(s, opts.out, b.Bytes()); err != nil {
		return err
	}
	if opts.failOnMissed && rep.MissedKPIs() {
		var missed []string
		for _, k := range rep.KPIs {
			if k.Status == journey.StatusMissed {
				missed = append(missed, k.ID)
			}
		}
		fmt.Fprintf(s.err, "journey: %d KPI(s) missed the target: %s\n", len(missed), strings.Join(missed, ", "))
		return errInvalid
	}
	return nil
}

// dataOptions tune how data files are read and analysed.
type dataOptions struct {
	persona string
	window  time.Duration
	mapping map[string]string
}

// analyzeData reads the data files and computes the journey's figures. A
// data file that cannot be read is an ioError (exit 2), one that cannot be
// used an inputError (exit 1). A progress bar shows on a terminal while a
// large file is read.
func analyzeData(s *streams, j *journey.Journey, files []string, opts dataOptions) (*journey.Analysis, error) {
	var sets []*journey.DataSet
	for _, f := range files {
		var err error
		ro := importers.Options{Journey: j, Window: opts.window, Mapping: opts.mapping}
		bar := newProgressBar(s.err, f)
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
		sets = append(sets, ds)
	}
	a := journey.Analyze(j, sets, journey.AnalyzeOptions{Persona: opts.persona})
	if opts.persona != "" && !hasFigures(a) {
		fmt.Fprintf(s.err, "journey: warning: the data has no rows or users for persona %q: figures need a persona, segment or breakdown_value column with that value\n", opts.persona)
	}
	return a, nil
}

func countString(xs []string, s string) int {
	n := 0
	for _, x := range xs {
		if x == s {
			n++
		}
	}
	return n
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

// progressBar draws reading progress on a terminal; nil (a no-op) when
// the stream is not a terminal.
type progressBar struct {
	w     io.Writer
	name  string
	start time.Time
	shown bool
}

// progressMin is the file size from which reading shows progress.
const progressMin = 32 << 20

func newProgressBar(w io.Writer, name string) *progressBar {
	if !isTerminal(w) {
		return nil
	}
	return &progressBar{w: w, name: name, start: time.Now()}
}

func (p *progressBar) update(done, total int64) {
	if p == nil || total < progressMin || time.Since(p.start) < 200*time.Millisecond && done < total {
		return
	}
	const width = 30
	frac := float64(done) / float64(total)
	frac = min(max(frac, 0), 1)
	n := int(frac * width)
	fmt.Fprintf(p.w, "\r%s [%s%s] %3.0f%% %d/%d MB", filepath.Base(p.name), strings.Repeat("=", n), strings.Repeat(" ", width-n), frac*100, done>>20, total>>20)
	p.shown = true
}

func (p *progressBar) done() {
	if p != nil && p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
