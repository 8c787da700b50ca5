package warehouse

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/journey-maps/journey/journey"
	"github.com/journey-maps/journey/journey/journeytest"
)

var update = flag.Bool("update", false, "rewrite golden files")

func load(t *testing.T, path string) *journey.Journey {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	j, diags := journey.Parse(filepath.Base(path), src)
	if j == nil || diags.Errors() > 0 {
		t.Fatalf("%s: %v", path, diags)
	}
	return j
}

// TestGolden pins the queries of the engines CI cannot run (BigQuery,
// Snowflake, ClickHouse) for every example and a map of hostile labels;
// DuckDB's and PostgreSQL's are pinned too, and run on the engines by
// .ci/sql/run.sh.
func TestGolden(t *testing.T) {
	maps, err := filepath.Glob("../../examples/*.yaml")
	if err != nil || len(maps) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	maps = append(maps, "../../testdata/sql/hostile-labels.yaml", "../../testdata/sql/loop.yaml")
	for _, m := range maps {
		j := load(t, m)
		name := strings.TrimSuffix(filepath.Base(m), ".yaml")
		for _, d := range Dialects {
			t.Run(name+"/"+d, func(t *testing.T) {
				o := Options{Dialect: d}
				if len(j.Personas) > 0 {
					o.PersonaCol = "persona"
				}
				got, err := Query(j, o)
				if err != nil {
					t.Fatal(err)
				}
				journeytest.Golden(t, filepath.Join("testdata", name+"."+d+".sql"), []byte(got), *update)
			})
		}
	}
}

// TestGoldenOptions pins what the options change: one persona, a window,
// days (GA4's table suffix), and tables and columns with hostile names.
func TestGoldenOptions(t *testing.T) {
	j := load(t, "../../examples/b2b-saas.yaml")
	from := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		o    Options
	}{
		{"persona", Options{Dialect: "clickhouse", PersonaCol: "persona", Persona: "cio", Window: 7 * 24 * time.Hour}},
		{"ga4-days", Options{Dialect: "bigquery", Table: "my-project.analytics_123456789.events_*", From: from, To: to}},
		{"days", Options{Dialect: "bigquery", Table: "my-project.shop.events", TimeCol: "ts", From: from, To: to}},
		{"hostile-names", Options{Dialect: "snowflake", Table: `raw."Events"`, UserCol: `user"id`, EventCol: "properties.event name", TimeCol: "ts", PersonaCol: "Persona"}},
		{"hostile-names", Options{Dialect: "bigquery", Table: "p.d.t`x", UserCol: "user`id", EventCol: "device.category", TimeCol: `a\b`}},
		{"hostile-names", Options{Dialect: "clickhouse", Table: "db.t`x", UserCol: `user\id`, EventCol: "properties.event", TimeCol: "ts"}},
		{"hostile-names", Options{Dialect: "postgres", Table: `public.Events"x`, UserCol: "USER_ID", EventCol: "props.event", TimeCol: "ts"}},
		{"hostile-names", Options{Dialect: "duckdb", Table: `main.ev"ents`, UserCol: "user id", EventCol: "props.event", TimeCol: "ts", From: from, To: to}},
	}
	for _, c := range cases {
		t.Run(c.name+"/"+c.o.Dialect, func(t *testing.T) {
			got, err := Query(j, c.o)
			if err != nil {
				t.Fatal(err)
			}
			journeytest.Golden(t, filepath.Join("testdata", "options", c.name+"."+c.o.Dialect+".sql"), []byte(got), *update)
		})
	}
}

func TestQuoting(t *testing.T) {
	cases := []struct {
		dialect, in       string
		wantStr, wantName string
	}{
		{"postgres", `it's \ "x"`, `'it''s \ "x"'`, `"it's \ ""x"""`},
		{"duckdb", "a'b\nc", "'a''b\nc'", "\"a'b\nc\""},
		{"bigquery", "it's \\ `x`\n", `'it\'s \\ ` + "`x`" + `\n'`, "`it's \\\\ \\`x\\`\\n`"},
		{"clickhouse", "a'b\\c\x01", `'a\'b\\c\x01'`, "`a'b\\\\c\\x01`"},
		{"snowflake", "O'Brien \\", `'O\'Brien \\'`, `"O'Brien \"`},
		{"snowflake", "user_id", `'user_id'`, `"USER_ID"`},
		{"postgres", "User_ID", `'User_ID'`, `"user_id"`},
		{"postgres", "東京", `'東京'`, `"東京"`},
	}
	for _, c := range cases {
		d := dialects[c.dialect]
		if got := d.str(c.in); got != c.wantStr {
			t.Errorf("%s string %q = %s, want %s", c.dialect, c.in, got, c.wantStr)
		}
		if got := d.quote(c.in); got != c.wantName {
			t.Errorf("%s name %q = %s, want %s", c.dialect, c.in, got, c.wantName)
		}
	}
}

func TestQueryErrors(t *testing.T) {
	j := load(t, "../../examples/b2b-saas.yaml")
	day := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		o    Options
		want string
	}{
		{Options{Dialect: "oracle"}, `unknown dialect "oracle": expected one of duckdb, bigquery, snowflake, clickhouse, postgres`},
		{Options{Dialect: "duckdb", Persona: "cio"}, "--persona cio needs --persona-col"},
		{Options{Dialect: "duckdb", Persona: "nobody", PersonaCol: "p"}, `unknown persona "nobody"`},
		{Options{Dialect: "duckdb", From: day}, "--from and --to go together"},
		{Options{Dialect: "duckdb", From: day, To: day.AddDate(0, 0, -1)}, "--to 2026-08-31 is before --from 2026-09-01"},
		{Options{Dialect: "duckdb", Table: "a..b"}, `invalid --table "a..b": expected a name, with dots only between its parts`},
		{Options{Dialect: "duckdb", UserCol: "a\x00b"}, "holds a NUL character"},
	}
	for _, c := range cases {
		_, err := Query(j, c.o)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", c.o, err, c.want)
		}
		if _, ok := errors.AsType[*OptionError](err); !ok {
			t.Errorf("%+v: %v is not an OptionError", c.o, err)
		}
	}
}

// TestPasses checks that a flow whose arrows go back gets a pass per such
// arrow, and a flow without them one pass.
func TestPasses(t *testing.T) {
	for _, c := range []struct {
		path string
		want int
	}{{"../../examples/online-store.yaml", 1}, {"../../testdata/sql/loop.yaml", 3}} {
		j := load(t, c.path)
		q := &query{d: dialects["duckdb"], j: j}
		if got := q.plan(j.Flow(""), "f").passes; got != c.want {
			t.Errorf("%s: %d passes, want %d", c.path, got, c.want)
		}
	}
}

// TestQueryGrowsLinearly: the query's length grows with the touchpoints,
// not with their square, so that a map of 1,000 touchpoints stays within
// BigQuery's 1 MiB of query text (README, "journey sql").
func TestQueryGrowsLinearly(t *testing.T) {
	size := func(n int) int {
		var b strings.Builder
		b.WriteString("version: 1\nname: Big\nstages:\n")
		for i := range n {
			if i%15 == 0 {
				b.WriteString("  - id: s" + strconv.Itoa(i) + "\n    name: Stage " + strconv.Itoa(i) + "\n    touchpoints:\n")
			}
			b.WriteString("      - id: t" + strconv.Itoa(i) + "\n        name: Touchpoint number " + strconv.Itoa(i) + "\n")
		}
		j, diags := journey.Parse("big.yaml", []byte(b.String()))
		if j == nil || diags.Errors() > 0 {
			t.Fatalf("%d touchpoints: %v", n, diags)
		}
		q, err := Query(j, Options{Dialect: "bigquery"})
		if err != nil {
			t.Fatal(err)
		}
		return len(q)
	}
	small, big := size(100), size(1000)
	if big > 1<<20 {
		t.Errorf("1,000 touchpoints: %d bytes of BigQuery SQL, over its 1 MiB limit", big)
	}
	if ratio := float64(big) / float64(small); ratio > 12 {
		t.Errorf("ten times the touchpoints made the query %.1f times as long (%d -> %d bytes); expected about ten", ratio, small, big)
	}
}
