package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSQL(t *testing.T) {
	const store = "../../examples/online-store.yaml"
	cases := []struct {
		name     string
		args     []string
		code     int
		out, err string // substrings
	}{
		{"bigquery default", []string{"sql", store, "--dialect", "bigquery"}, 0, "FROM `events_*` AS src", ""},
		{"ga4 days", []string{"sql", store, "--dialect", "bigquery", "--from", "2026-09-01", "--to", "2026-09-30"}, 0, "_TABLE_SUFFIX BETWEEN '20260901' AND '20260930'", ""},
		{"window", []string{"sql", store, "--dialect", "duckdb", "--window", "7d"}, 0, "r0 + 604800000", ""},
		{"persona", []string{"sql", store, "--dialect", "postgres", "--persona-col", "segment", "--persona", "bargain-hunter"}, 0, "WHERE seg = 'bargain-hunter'", ""},
		{"no dialect", []string{"sql", store}, 2, "", "journey sql needs --dialect"},
		{"unknown dialect", []string{"sql", store, "--dialect", "mysql"}, 2, "", `invalid --dialect "mysql": expected one of duckdb, bigquery, snowflake, clickhouse, postgres`},
		{"bad day", []string{"sql", store, "--dialect", "duckdb", "--from", "2026-13-01", "--to", "2026-12-01"}, 2, "", `invalid --from "2026-13-01": expected a day as YYYY-MM-DD`},
		{"one day bound", []string{"sql", store, "--dialect", "duckdb", "--from", "2026-09-01"}, 2, "", "--from and --to go together"},
		{"unknown persona", []string{"sql", store, "--dialect", "duckdb", "--persona-col", "p", "--persona", "nobody"}, 2, "", `invalid --persona "nobody": expected one of the journey's personas`},
		{"bad window", []string{"sql", store, "--dialect", "duckdb", "--window", "0d"}, 2, "", "invalid --window"},
		{"no map", []string{"sql", "missing.yaml", "--dialect", "duckdb"}, 2, "", "cannot read missing.yaml"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := runCmd(t, "", c.args...)
			if code != c.code || !strings.Contains(out, c.out) || !strings.Contains(errs, c.err) {
				t.Fatalf("exit %d, stdout %.300q, stderr %q; want exit %d, stdout with %q, stderr with %q", code, out, errs, c.code, c.out, c.err)
			}
		})
	}
}

// TestSQLOutput checks that -o writes what standard output shows, and
// refuses to write over the map.
func TestSQLOutput(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("../../examples/online-store.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m := filepath.Join(dir, "map.yaml")
	if err := os.WriteFile(m, src, 0o644); err != nil {
		t.Fatal(err)
	}
	code, want, _ := runCmd(t, "", "sql", m, "--dialect", "snowflake")
	if code != 0 || !strings.Contains(want, `FROM "ATOMIC"."EVENTS" AS src`) {
		t.Fatalf("exit %d: %.200s", code, want)
	}
	out := filepath.Join(dir, "q.sql")
	if code, _, errs := runCmd(t, "", "sql", m, "--dialect", "snowflake", "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if got, _ := os.ReadFile(out); string(got) != want {
		t.Fatalf("-o wrote %d bytes, standard output had %d", len(got), len(want))
	}
	if code, _, errs := runCmd(t, "", "sql", m, "--dialect", "snowflake", "-o", m); code != 2 {
		t.Fatalf("-o over the map: exit %d (%s), want 2", code, errs)
	}
}
