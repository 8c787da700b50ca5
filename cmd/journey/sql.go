package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/journey-maps/journey/journey"
	"github.com/journey-maps/journey/render/warehouse"
)

type sqlOptions struct {
	file    string
	maxSize byteSize
	out     string
	dialect string
	window  string
	from    string
	to      string
	q       warehouse.Options
}

func newSQLCmd(s *streams) *cobra.Command {
	opts := &sqlOptions{}
	cmd := &cobra.Command{
		Use:   "sql FILE --dialect DIALECT",
		Short: "Print the SQL that counts the journey's funnel where the events live",
		Long: `Print one SQL query that computes the journey's figures inside the
engine that holds the events (DuckDB, BigQuery, Snowflake, ClickHouse,
PostgreSQL), as journey counts event-level data itself: the ordered funnel
within --window from each user's first touchpoint, the users of each
touchpoint, everyone's and per persona, and the users of each flow arrow.

The result has the columns touchpoint, from_touchpoint, persona and users.
Saved as CSV (or XLSX) by the engine's own client, it is a --data file for
report, render and serve, with no --map.

The events table and its columns default to the engine's common event
schema: BigQuery's is the GA4 export (events_*, user_pseudo_id, event_name,
event_timestamp in microseconds); see the README for the others. The time
column has the engine's timestamp type. --persona-col names a column that
holds each user's persona id; without it, everyone is counted together.

Exit status: 0 on success, 1 when the journey is invalid, 2 for bad usage
or a file that cannot be read or written.`,
		Example: `  journey sql map.yaml --dialect bigquery --table 'my-project.analytics_123456789.events_*' --from 2026-09-01 --to 2026-09-30 > funnel.sql
  bq query --use_legacy_sql=false --format=csv --max_rows=100000 < funnel.sql > funnel.csv
  journey report map.yaml --data funnel.csv

  journey sql map.yaml --dialect postgres --table analytics.events --persona-col persona -o funnel.sql
  psql -X --csv -f funnel.sql > funnel.csv

  journey sql map.yaml --dialect duckdb -o funnel.sql && duckdb -csv events.duckdb < funnel.sql > funnel.csv
  journey sql map.yaml --dialect clickhouse --window 7d --persona-col persona --persona bargain-hunter`,
		Args: argCount(1, 1, "the journey FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.file = args[0]
			if opts.dialect == "" {
				return usagef("journey sql needs --dialect: one of %s", strings.Join(warehouse.Dialects, ", "))
			}
			window, err := parseWindow(opts.window)
			if err != nil {
				return usagef("invalid --window %q: %v", opts.window, err)
			}
			opts.q.Window = window
			for _, d := range []struct {
				flag, v string
				t       *time.Time
			}{{"from", opts.from, &opts.q.From}, {"to", opts.to, &opts.q.To}} {
				if d.v == "" {
					continue
				}
				t, err := time.Parse(time.DateOnly, d.v)
				if err != nil {
					return usagef("invalid --%s %q: expected a day as YYYY-MM-DD", d.flag, d.v)
				}
				*d.t = t
			}
			opts.q.Dialect = opts.dialect
			return runSQL(s, opts)
		},
	}
	fs := cmd.Flags()
	enumFlag(cmd, &opts.dialect, "dialect", "", "", warehouse.Dialects, "SQL dialect of the engine", "required")
	fs.StringVar(&opts.q.Table, "table", "", "events table, dots between its parts (default: the dialect's, see --help)")
	fs.StringVar(&opts.q.UserCol, "user-col", "", "column of the user id (default: the dialect's)")
	fs.StringVar(&opts.q.EventCol, "event-col", "", "column of the event name (default: the dialect's)")
	fs.StringVar(&opts.q.TimeCol, "time-col", "", "column of the event time, of the engine's timestamp type (default: the dialect's)")
	fs.StringVar(&opts.q.PersonaCol, "persona-col", "", "column of each user's persona id (or another segment); none by default")
	fs.StringVar(&opts.q.Persona, "persona", "", "count one persona's journey only (needs --persona-col)")
	fs.StringVar(&opts.window, "window", formatWindow(journey.DefaultWindow), "conversion window (30d, 2w, 12h, 90m)")
	fs.StringVar(&opts.from, "from", "", "first day of events to read, YYYY-MM-DD (UTC; GA4: the table suffix)")
	fs.StringVar(&opts.to, "to", "", "last day of events to read, YYYY-MM-DD, included")
	fs.StringVarP(&opts.out, "output", "o", "", "write the query to this file (- for standard output)")
	maxFileSizeFlag(cmd, &opts.maxSize)
	return cmd
}

func runSQL(s *streams, opts *sqlOptions) error {
	j, err := loadJourney(s, opts.file, opts.maxSize)
	if err != nil {
		return err
	}
	if opts.q.Persona != "" && j.Persona(opts.q.Persona) == nil {
		return usagef("invalid --persona %q: expected one of the journey's personas (%s)", opts.q.Persona, personaIDs(j))
	}
	text, err := warehouse.Query(j, opts.q)
	if err != nil {
		if _, bad := errors.AsType[*warehouse.OptionError](err); bad {
			return usageError{err}
		}
		return inputError{fmt.Errorf("%s: %w", j.File, err)}
	}
	return writeOutput(s, opts.out, []byte(text), []string{opts.file})
}
