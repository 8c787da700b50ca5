// Command check runs the queries of journey sql on real engines, DuckDB
// and PostgreSQL, over generated events, and checks that their figures are
// exactly those of journey's own funnel engine on the same events. The
// events have rows out of order, events past the window, equal times,
// personas, other segments, event names in other case and rows that match
// no touchpoint. Each query's result is read back the way users read it:
// as a --data file of journey report, with no --map.
//
//	go run ./.ci/sql/check -journey BIN -duckdb .bench/sql/duckdb.mjs -work .bench/sql/run
//
// PostgreSQL is reached with psql through the PG* environment variables
// (.ci/sql/run.sh starts a throwaway server and sets them).
package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/journey-maps/journey/importers"
	"github.com/journey-maps/journey/journey"
)

var (
	bin    = flag.String("journey", "", "the journey binary")
	duck   = flag.String("duckdb", "", "duckdb.mjs, beside its node_modules")
	work   = flag.String("work", "", "folder for scratch files")
	maps   = flag.String("maps", "examples/online-store.yaml,examples/b2b-saas.yaml,examples/ev-lease.yaml,testdata/sql/loop.yaml,testdata/sql/hostile-labels.yaml", "journey maps, comma-separated")
	seed   = flag.Int64("seed", 11, "seed of the generated events")
	users  = flag.Int("users", 400, "users per map")
	engine = flag.String("engines", "duckdb,postgres", "engines to run")
)

type event struct {
	user, label, persona string
	ms                   int64
}

const day = int64(24 * time.Hour / time.Millisecond)

var start = time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC).UnixMilli()

func main() {
	flag.Parse()
	if *bin == "" || *duck == "" || *work == "" {
		fail("usage: check -journey BIN -duckdb duckdb.mjs -work DIR")
	}
	if err := os.MkdirAll(*work, 0o755); err != nil {
		fail("%v", err)
	}
	checks := 0
	for _, m := range strings.Split(*maps, ",") {
		checks += checkMap(m)
	}
	fmt.Printf("journey sql: %d checks of DuckDB and PostgreSQL against journey's engine, all equal\n", checks)
}

func fail(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "check: "+format+"\n", a...)
	os.Exit(1)
}

func loadMap(path string) *journey.Journey {
	src, err := os.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}
	j, diags := journey.Parse(path, src)
	if j == nil || diags.Errors() > 0 {
		fail("%s does not load: %v", path, diags)
	}
	return j
}

// generate makes the events of a map: per user a persona (or a segment
// that is no persona, or none) kept on all their rows, and a random walk
// over the touchpoints' labels with times that go back and forth.
func generate(j *journey.Journey, rng *rand.Rand) []event {
	var labels []string
	for _, tp := range j.Touchpoints() {
		labels = append(labels, tp.ID, tp.Name, strings.ToUpper(tp.ID))
		labels = append(labels, tp.Events...)
	}
	var segs []string
	for _, p := range j.Personas {
		segs = append(segs, p.ID)
	}
	segs = append(segs, "", "", "mobile")
	var evs []event
	for u := 0; u < *users; u++ {
		user := fmt.Sprintf("user-%d", u)
		seg := segs[rng.Intn(len(segs))]
		base := start + rng.Int63n(50*day)
		t := base
		for n := 1 + rng.Intn(14); n > 0; n-- {
			label := labels[rng.Intn(len(labels))]
			if rng.Intn(10) == 0 {
				label = "noise_event"
			}
			switch rng.Intn(6) {
			case 0: // the same millisecond as the last event
			case 1: // earlier than the last one: out of order in time
				t -= rng.Int63n(3 * day)
			case 2: // far later: often past a 30-day window
				t += 20*day + rng.Int63n(20*day)
			default:
				t += rng.Int63n(2 * day)
			}
			evs = append(evs, event{user: user, label: label, persona: seg, ms: t})
		}
		if rng.Intn(5) == 0 {
			// The first touchpoint again, exactly one window later.
			first := j.Flow("").First()
			evs = append(evs, event{user: user, label: first.ID, persona: seg, ms: base + 30*day})
		}
	}
	evs = append(evs, event{user: "", label: j.Touchpoints()[0].ID, ms: start})
	rng.Shuffle(len(evs), func(a, b int) { evs[a], evs[b] = evs[b], evs[a] })
	return evs
}

func writeEvents(path string, evs []event, persona bool, from, to int64) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	head := []string{"user_id", "event", "timestamp"}
	if persona {
		head = append(head, "persona")
	}
	_ = w.Write(head)
	for _, e := range evs {
		if from != 0 && (e.ms < from || e.ms >= to) {
			continue
		}
		row := []string{e.user, e.label, time.UnixMilli(e.ms).UTC().Format("2006-01-02 15:04:05.000")}
		if persona {
			row = append(row, e.persona)
		}
		_ = w.Write(row)
	}
	w.Flush()
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		fail("%v", err)
	}
}

type variant struct {
	name    string
	args    []string
	persona string // --persona
	window  time.Duration
	segs    bool
	from    string
	to      string
}

func checkMap(path string) int {
	j := loadMap(path)
	name := strings.TrimSuffix(filepath.Base(path), ".yaml")
	dir := filepath.Join(*work, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fail("%v", err)
	}
	rng := rand.New(rand.NewSource(*seed))
	evs := generate(j, rng)
	all := filepath.Join(dir, "events.csv")
	writeEvents(all, evs, true, 0, 0)
	variants := []variant{
		{name: "everyone", window: journey.DefaultWindow},
		{name: "personas", args: []string{"--persona-col", "persona"}, window: journey.DefaultWindow, segs: true},
		{name: "window-7d", args: []string{"--persona-col", "persona", "--window", "7d"}, window: 7 * 24 * time.Hour, segs: true},
		{name: "days", args: []string{"--from", "2026-09-10", "--to", "2026-10-05"}, window: journey.DefaultWindow, from: "2026-09-10", to: "2026-10-05"},
	}
	for _, p := range j.Personas {
		variants = append(variants, variant{name: "persona-" + p.ID, args: []string{"--persona-col", "persona", "--persona", p.ID}, persona: p.ID, window: journey.DefaultWindow, segs: true})
	}
	if strings.Contains(*engine, "postgres") {
		psql("-c", "DROP TABLE IF EXISTS events", "-c", "CREATE TABLE events (user_id text, event text, \"timestamp\" timestamptz, persona text)",
			"-c", "\\copy events FROM '"+all+"' CSV HEADER")
	}
	n := 0
	for _, v := range variants {
		// journey's own engine on the same events (those of the days, for
		// --from and --to; without the persona column unless asked).
		var lo, hi int64
		if v.from != "" {
			f, _ := time.Parse(time.DateOnly, v.from)
			t, _ := time.Parse(time.DateOnly, v.to)
			lo, hi = f.UnixMilli(), t.AddDate(0, 0, 1).UnixMilli()
		}
		ref := filepath.Join(dir, v.name+".events.csv")
		writeEvents(ref, evs, v.segs, lo, hi)
		want, err := importers.Read(ref, importers.Options{Journey: j, Window: v.window})
		if err != nil {
			fail("%s: journey's engine: %v", ref, err)
		}
		for _, eng := range strings.Split(*engine, ",") {
			q := filepath.Join(dir, v.name+"."+eng+".sql")
			out := filepath.Join(dir, v.name+"."+eng+".csv")
			run(*bin, append([]string{"sql", path, "--dialect", eng, "-o", q}, v.args...)...)
			switch eng {
			case "duckdb":
				run("node", *duck, all, q, out)
			case "postgres":
				res := psql("--csv", "-f", q)
				if err := os.WriteFile(out, res, 0o644); err != nil {
					fail("%v", err)
				}
			}
			got, err := importers.Read(out, importers.Options{Journey: j})
			if err != nil {
				fail("%s: the result of %s does not read as data: %v", out, q, err)
			}
			compare(fmt.Sprintf("%s %s %s", name, v.name, eng), figures(want, v.persona), figures(got, v.persona))
			compareReports(fmt.Sprintf("%s %s %s", name, v.name, eng), path, ref, out, v)
			n++
		}
	}
	return n
}

// figures are a data set's users per touchpoint and segment and per arrow
// and persona; with persona, that persona's only.
func figures(ds *journey.DataSet, persona string) map[string]float64 {
	out := map[string]float64{}
	for _, r := range ds.Rows {
		if persona != "" && r.Segment != persona {
			continue
		}
		out["users "+r.Label+" @"+r.Segment] = r.Users
	}
	for _, e := range ds.Edges {
		if persona != "" && e.Persona != persona {
			continue
		}
		out["arrow "+e.From+" -> "+e.To+" @"+e.Persona] = e.Users
	}
	return out
}

func compare(what string, want, got map[string]float64) {
	if len(want) == 0 {
		fail("%s: journey's engine counted nothing: the test checks nothing", what)
	}
	var diffs []string
	for k, v := range want {
		if g, ok := got[k]; !ok || g != v {
			diffs = append(diffs, fmt.Sprintf("  %s: journey %g, sql %s", k, v, show(g, ok)))
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			diffs = append(diffs, fmt.Sprintf("  %s: journey has none, sql %g", k, g))
		}
	}
	if len(diffs) > 0 {
		sort.Strings(diffs)
		fail("%s: the figures differ:\n%s", what, strings.Join(diffs, "\n"))
	}
}

func show(v float64, ok bool) string {
	if !ok {
		return "none"
	}
	return fmt.Sprint(v)
}

// compareReports checks that journey report gives the same touchpoints
// and arrows from the query's result (no --map) as from the events.
func compareReports(what, mapFile, events, result string, v variant) {
	args := func(data string) []string {
		a := []string{"report", mapFile, "--data", data, "--format", "json", "--window", fmt.Sprintf("%dm", int(v.window/time.Minute))}
		if v.persona != "" {
			a = append(a, "--persona", v.persona)
		}
		return a
	}
	pick := func(out []byte) string {
		var r map[string]any
		if err := json.Unmarshal(out, &r); err != nil {
			fail("%s: report json: %v", what, err)
		}
		keep := map[string]any{"touchpoints": r["touchpoints"], "edges": r["edges"], "stages": r["stages"], "kpis": r["kpis"]}
		b, _ := json.MarshalIndent(keep, "", " ")
		return string(b)
	}
	want, got := pick(run(*bin, args(events)...)), pick(run(*bin, args(result)...))
	if !reflect.DeepEqual(want, got) {
		_ = os.WriteFile(result+".want.json", []byte(want), 0o644)
		_ = os.WriteFile(result+".got.json", []byte(got), 0o644)
		fail("%s: journey report differs between the events and the query's result (see %s.want.json and .got.json)", what, result)
	}
}

func run(name string, args ...string) []byte {
	cmd := exec.Command(name, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		fail("%s %s: %v\n%s", name, strings.Join(args, " "), err, errb.String())
	}
	return out.Bytes()
}

func psql(args ...string) []byte {
	return run("psql", append([]string{"-X", "-q", "-v", "ON_ERROR_STOP=1"}, args...)...)
}
