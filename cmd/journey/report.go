package main

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/journey-maps/journey/journey"
	"github.com/journey-maps/journey/render/report"
)

type reportOptions struct {
	file    string
	maxSize byteSize
	out     string
	format  string
	data    dataFlags
	// failOnMissed turns a missed KPI into exit status 1.
	failOnMissed bool
}

func newReportCmd(s *streams) *cobra.Command {
	opts := &reportOptions{}
	cmd := &cobra.Command{
		Use:   "report FILE --data DATA...",
		Short: "Merge analytics exports into the journey: users, conversion, drop-off, KPIs",
		Long: `Merge analytics exports into the journey map and report, per stage, the
users who reached it and the share that continues to the next stage; per
touchpoint, the users who reached it, its conversion from the previous step
(its users as a share of its predecessors') and its drop-off before the next
step; per channel, the people who reached any of its touchpoints (from step
counts, those of its busiest touchpoint, marked as an estimate) and their
share of the journey's users, and its worst drop-off; and every KPI's actual
figure with met, missed or no-data. Rows that match no touchpoint are
listed, and so is a second table below a file's first (GA4 exports have
one), which is not read.

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
  journey report map.yaml --data mixpanel-export.jsonl.gz --map user_id=properties.distinct_id
  journey report map.yaml --data funnel.xlsx#September -o gaps.xlsx
  journey report map.yaml --data export.csv --map users="Unique visitors"
  journey report map.yaml --data october.csv --compare september.csv -o gaps.xlsx
  journey report map.yaml --data ga4.csv --format markdown --fail-on-missed > comment.md`,
		Args: argCount(1, 1, "the journey FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.file = args[0]
			if len(opts.data.data) == 0 {
				return usagef("journey report needs --data: an analytics export (.csv or .xlsx)")
			}
			if opts.format == "" {
				f, err := formatFromExt(opts.out, reportExts, "table")
				if err != nil {
					return err
				}
				opts.format = f
			}
			return runReport(s, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.out, "output", "o", "", "write the report to this file (- for standard output)")
	enumFlag(cmd, &opts.format, "format", "f", "", report.Formats, "report format", "default from -o's extension, else table")
	cmd.Flags().BoolVar(&opts.failOnMissed, "fail-on-missed", false, "exit with status 1 when a KPI misses its target (for CI gates)")
	maxFileSizeFlag(cmd, &opts.maxSize)
	opts.data.register(cmd, true)
	return cmd
}

// reportExts are the output extensions report knows, with their format.
var reportExts = map[string]string{".xlsx": "xlsx", ".md": "markdown", ".markdown": "markdown", ".csv": "csv", ".json": "json", ".txt": "table"}

func runReport(s *streams, opts *reportOptions) error {
	dopts, err := opts.data.resolve(opts.file)
	if err != nil {
		return err
	}
	j, err := loadJourney(s, opts.file, opts.maxSize)
	if err != nil {
		return err
	}
	if err := opts.data.checkPersona(j); err != nil {
		return err
	}
	a, err := analyzeData(s, j, opts.data.data, dopts)
	if err != nil {
		return err
	}
	var prev *journey.Analysis
	if len(opts.data.compare) > 0 {
		if prev, err = analyzeData(s, j, opts.data.compare, dopts); err != nil {
			return err
		}
	}
	rep := report.New(a, prev)
	rep.Generated = s.clock()
	var b bytes.Buffer
	switch opts.format {
	case "json":
		if prev != nil {
			err = report.WriteJSONCompare(&b, a, prev)
		} else {
			err = report.WriteJSON(&b, a)
		}
	case "table":
		err = report.WriteTable(&b, rep, s.outColor() && (opts.out == "" || opts.out == "-"))
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
	if err := writeOutput(s, opts.out, b.Bytes(), append([]string{opts.file}, opts.data.files()...)); err != nil {
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
