// Package warehouse writes the SQL that computes a journey's ordered
// funnel inside the engine where the events live (DuckDB, BigQuery,
// Snowflake, ClickHouse, PostgreSQL), for event tables too large to
// export: one query whose result, saved as CSV by the engine's own client,
// is a step-count data file that journey reads with no --map.
//
// The query counts what journey's own funnel engine counts from event-level
// data (see the README, "Analytics data" and "journey sql"): per touchpoint
// the users who reached it, everyone's and per persona, and per flow arrow
// the users who came that way. Its rows are
//
//	touchpoint,from_touchpoint,persona,users
//
// with persona Total for everyone, a persona id, or another segment value;
// a row with from_touchpoint is an arrow into touchpoint.
package warehouse

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/journey-maps/journey/journey"
)

// Dialects lists the SQL dialects Query writes.
var Dialects = []string{"duckdb", "bigquery", "snowflake", "clickhouse", "postgres"}

// The columns of the query's result.
const (
	ColTouchpoint = "touchpoint"
	ColFrom       = "from_touchpoint"
	ColPersona    = "persona"
	ColUsers      = "users"
)

// Defaults are a dialect's table and columns when not given: each engine's
// common event schema (see the README's table).
type Defaults struct {
	Table, User, Event, Time string
}

// DefaultsOf returns the dialect's defaults; false for an unknown dialect.
func DefaultsOf(name string) (Defaults, bool) {
	d, ok := dialects[name]
	if !ok {
		return Defaults{}, false
	}
	return d.defaults, true
}

// Options say what the query reads and counts.
type Options struct {
	Dialect string
	// Table, UserCol, EventCol and TimeCol name the events table and its
	// columns ("" for the dialect's default). Dots separate a table's
	// parts and a nested column's fields.
	Table, UserCol, EventCol, TimeCol string
	// PersonaCol names the column that holds each user's persona id (or
	// another segment); "" when the table has none.
	PersonaCol string
	// Persona counts that persona's journey only (needs PersonaCol).
	Persona string
	// Window is the conversion window (journey.DefaultWindow when <= 0).
	Window time.Duration
	// From and To keep the events of these days, both included (UTC);
	// zero for no bound.
	From, To time.Time
}

// OptionError is an option that cannot be used, as opposed to a journey
// the query cannot be written for.
type OptionError struct{ Err error }

func (e *OptionError) Error() string { return e.Err.Error() }
func (e *OptionError) Unwrap() error { return e.Err }

func optionErr(format string, a ...any) error {
	return &OptionError{fmt.Errorf(format, a...)}
}

// Query writes the query for the journey.
func Query(j *journey.Journey, o Options) (string, error) {
	d, ok := dialects[o.Dialect]
	if !ok {
		return "", optionErr("unknown dialect %q: expected one of %s", o.Dialect, strings.Join(Dialects, ", "))
	}
	if o.Persona != "" {
		if j.Persona(o.Persona) == nil {
			return "", optionErr("unknown persona %q: expected one of the journey's personas", o.Persona)
		}
		if o.PersonaCol == "" {
			return "", optionErr("--persona %s needs --persona-col, the column that holds each user's persona id", o.Persona)
		}
	}
	if o.From.IsZero() != o.To.IsZero() {
		return "", optionErr("--from and --to go together: give both days")
	}
	if !o.From.IsZero() && o.To.Before(o.From) {
		return "", optionErr("--to %s is before --from %s", o.To.Format(time.DateOnly), o.From.Format(time.DateOnly))
	}
	def := d.defaults
	pick := func(v, dv string) string {
		if v == "" {
			return dv
		}
		return v
	}
	table, user, event, tcol := pick(o.Table, def.Table), pick(o.UserCol, def.User), pick(o.EventCol, def.Event), pick(o.TimeCol, def.Time)
	for _, n := range []struct{ what, v string }{{"--table", table}, {"--user-col", user}, {"--event-col", event}, {"--time-col", tcol}, {"--persona-col", o.PersonaCol}} {
		if err := checkText(n.what, n.v); err != nil {
			return "", &OptionError{err}
		}
		if n.v != "" && (strings.HasPrefix(n.v, ".") || strings.HasSuffix(n.v, ".") || strings.Contains(n.v, "..")) {
			return "", optionErr("invalid %s %q: expected a name, with dots only between its parts", n.what, n.v)
		}
	}
	window := o.Window
	if window <= 0 {
		window = journey.DefaultWindow
	}
	q := &query{d: d, j: j, window: window.Milliseconds(), persona: o.PersonaCol != ""}
	keys, err := touchpointKeys(j)
	if err != nil {
		return "", err
	}
	flow0 := j.Flow("")
	if flow0.First() == nil {
		return "", errors.New("the journey has no touchpoints: there is nothing to count")
	}

	// ev: the events that match a touchpoint, as user, segment, touchpoint
	// index and Unix milliseconds.
	micros := d.name == "bigquery" && strings.EqualFold(tcol, "event_timestamp")
	col := func(name string) string { return d.column("src", name) }
	label := d.lower(d.text(col(event)))
	var cases, all []string
	for _, tp := range j.Touchpoints() {
		var lits []string
		for _, k := range keys[tp.Index] {
			lits = append(lits, d.str(k))
		}
		all = append(all, lits...)
		cases = append(cases, "WHEN "+label+" IN ("+strings.Join(lits, ", ")+") THEN "+strconv.Itoa(tp.Index))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "-- journey sql (%s): the ordered funnel, %s window.\n", d.name, windowText(window))
	b.WriteString("-- Save the result as CSV and read it with: journey report MAP --data RESULT.csv\n")
	b.WriteString("WITH\nev AS (\n  SELECT\n    " + d.text(col(user)) + " AS u,\n")
	if q.persona {
		b.WriteString("    COALESCE(" + d.text(col(o.PersonaCol)) + ", '') AS seg,\n")
	}
	b.WriteString("    CASE\n      " + strings.Join(cases, "\n      ") + "\n    END AS k,\n")
	b.WriteString("    " + d.ms(col(tcol), micros) + " AS t\n")
	b.WriteString("  FROM " + d.table(table) + " AS src\n")
	b.WriteString("  WHERE " + label + " IN (" + strings.Join(all, ", ") + ")\n")
	b.WriteString("    AND " + col(user) + " IS NOT NULL AND " + col(tcol) + " IS NOT NULL")
	if !o.From.IsZero() {
		end := o.To.AddDate(0, 0, 1)
		if d.name == "bigquery" && strings.HasSuffix(table, "*") {
			fmt.Fprintf(&b, "\n    AND _TABLE_SUFFIX BETWEEN '%s' AND '%s'", o.From.Format("20060102"), o.To.Format("20060102"))
		} else {
			b.WriteString("\n    AND " + d.since(col(tcol), micros, o.From, end))
		}
	}
	b.WriteString("\n),\n")
	// ue: one row per user with all their events.
	seg := ""
	if q.persona {
		seg = "MAX(seg) AS seg, "
	}
	b.WriteString("ue AS (\n  SELECT u, " + seg + d.collect + "\n  FROM ev\n  WHERE u <> ''\n  GROUP BY u\n)")

	var outs []string
	switch {
	case o.Persona != "":
		f := q.plan(j.Flow(o.Persona), "p")
		if f == nil {
			break
		}
		b.WriteString(q.layers(f, "WHERE seg = "+d.str(o.Persona)))
		b.WriteString(q.aggregate(f, "seg"))
		outs = append(outs, q.output(f, "a.seg", "1", ""))
	case !q.persona:
		f := q.plan(flow0, "f")
		b.WriteString(q.layers(f, ""))
		b.WriteString(q.aggregate(f, ""))
		outs = append(outs, q.output(f, d.str("Total"), "0", ""))
	default:
		f := q.plan(flow0, "f")
		b.WriteString(q.layers(f, ""))
		b.WriteString(q.aggregate(f, "total"))
		var shared, own []string
		var ownPlans []*plan
		for i, p := range j.Personas {
			pf := q.plan(j.Flow(p.ID), "p"+strconv.Itoa(i+1))
			switch {
			case pf != nil && pf.same(f):
				shared = append(shared, d.str(p.ID))
			default:
				own = append(own, d.str(p.ID))
				if pf != nil {
					ownPlans = append(ownPlans, pf)
				}
			}
		}
		// Rows of segments: a persona whose flow is everyone's, or any
		// other value (touchpoints only; arrows are counted per persona).
		where := "a.g = 0 OR (a.seg <> ''"
		if len(own) > 0 {
			where += " AND a.seg NOT IN (" + strings.Join(own, ", ") + ")"
		}
		arrows := "s.from_touchpoint = ''"
		if len(shared) > 0 {
			arrows = "(" + arrows + " OR a.seg IN (" + strings.Join(shared, ", ") + "))"
		}
		where += " AND " + arrows + ")"
		outs = append(outs, q.output(f, "CASE WHEN a.g = 0 THEN "+d.str("Total")+" ELSE a.seg END", "a.g", where))
		for _, pf := range ownPlans {
			b.WriteString(q.layers(pf, "WHERE seg = "+d.str(pf.persona)))
			b.WriteString(q.aggregate(pf, "seg"))
			outs = append(outs, q.output(pf, "a.seg", "1", ""))
		}
	}
	b.WriteString("\nSELECT touchpoint, from_touchpoint, persona, users\nFROM (\n")
	if len(outs) == 0 {
		// A persona who meets no touchpoint: no rows.
		b.WriteString("  SELECT '' AS touchpoint, '' AS from_touchpoint, '' AS persona, 0 AS users, 0 AS o, 0 AS i FROM ue WHERE 1 = 0\n")
	}
	b.WriteString(strings.Join(outs, "  UNION ALL\n"))
	b.WriteString(") AS r\nORDER BY o, persona, i;\n")
	return b.String(), nil
}

// touchpointKeys lists per touchpoint (by Index) the lower-case event
// names that match it, as journey.Matcher matches them: its id, its name,
// its events, each without a leading step number, and only where no
// touchpoint before it claims the same key (ids first).
func touchpointKeys(j *journey.Journey) ([][]string, error) {
	m := journey.NewMatcher(j)
	keys := make([][]string, len(j.Touchpoints()))
	add := func(s string) error {
		tp := m.Match(s)
		if tp == nil {
			return nil
		}
		k := strings.ToLower(journey.StripStepNumber(s))
		if err := checkText("the event name", k); err != nil {
			return err
		}
		if !slices.Contains(keys[tp.Index], k) {
			keys[tp.Index] = append(keys[tp.Index], k)
		}
		return nil
	}
	for _, tp := range j.Touchpoints() {
		for _, s := range append([]string{tp.ID, tp.Name}, tp.Events...) {
			if err := add(s); err != nil {
				return nil, fmt.Errorf("touchpoint %s: %w", tp.ID, err)
			}
		}
	}
	return keys, nil
}

// query holds what the parts of one query share.
type query struct {
	d       *dialect
	j       *journey.Journey
	window  int64
	persona bool
}

// plan is a flow as the query computes it: its touchpoints in flow order
// (the first one first), and per touchpoint its predecessors' places.
type plan struct {
	name    string // prefix of the flow's CTEs
	persona string
	tps     []*journey.Touchpoint
	pred    [][]int
	passes  int
}

func (q *query) plan(f *journey.Flow, name string) *plan {
	if f.First() == nil {
		return nil
	}
	p := &plan{name: name, persona: f.Persona, tps: f.Touchpoints()}
	at := map[*journey.Touchpoint]int{}
	for i, tp := range p.tps {
		at[tp] = i
	}
	back := 0
	for i, tp := range p.tps {
		var pred []int
		for _, pr := range f.Predecessors(tp) {
			pred = append(pred, at[pr])
			if at[pr] >= i {
				back++
			}
		}
		p.pred = append(p.pred, pred)
	}
	// Each pass takes every touchpoint in flow order, so a path through
	// k arrows that go back needs k+1 passes; no earliest path repeats a
	// touchpoint, which bounds k by the touchpoints.
	p.passes = 1 + min(back, len(p.tps)-1)
	return p
}

// same reports whether two plans count alike.
func (p *plan) same(o *plan) bool {
	return slices.Equal(p.tps, o.tps) && slices.EqualFunc(p.pred, o.pred, slices.Equal)
}

// r names the reach time column of the plan's i-th touchpoint.
func r(i int) string { return "r" + strconv.Itoa(i) }

// layers writes the CTEs that compute each user's reach times: the first
// touchpoint at the user's earliest event of it, every other one at the
// earliest event of it no earlier than the earliest of its predecessors
// and within the window from the first; passes repeat this until arrows
// that go back have been followed.
func (q *query) layers(p *plan, where string) string {
	d := q.d
	carry := append([]string{"u"}, d.events...)
	if q.persona {
		carry = []string{"u", "seg"}
		carry = append(carry, d.events...)
	}
	var b strings.Builder
	prev := "ue"
	n := 0
	defined := make([]bool, len(p.tps))
	// emit writes a layer that computes column k with expr, carrying the
	// columns defined so far.
	emit := func(k int, expr, where string) {
		name := p.name + strconv.Itoa(n)
		// A column defined for the first time is added to all the
		// others (*), which keeps the query's length linear in the
		// touchpoints (BigQuery refuses a query text over 1 MiB); one
		// computed again, in a later pass, replaces the old one, so the
		// others are listed.
		cols := "*"
		if defined[k] {
			list := slices.Clone(carry)
			for i, ok := range defined {
				if ok && i != k {
					list = append(list, r(i))
				}
			}
			cols = strings.Join(list, ", ")
		}
		fmt.Fprintf(&b, ",\n%s AS (\n  SELECT %s,\n    %s AS %s\n  FROM %s", name, cols, expr, r(k), prev)
		if where != "" {
			b.WriteString("\n  " + where)
		}
		b.WriteString("\n)")
		defined[k] = true
		prev = name
		n++
	}
	emit(0, d.first(p.tps[0].Index, nil), where)
	deadline := "r0 + " + strconv.FormatInt(q.window, 10)
	for pass := 0; pass < p.passes; pass++ {
		for k := 1; k < len(p.tps); k++ {
			var from []int
			for _, pi := range p.pred[k] {
				if defined[pi] {
					from = append(from, pi)
				}
			}
			if len(from) == 0 {
				// No flow leads here, or only arrows that go back, whose
				// tails the next pass knows.
				if !defined[k] {
					emit(k, d.big, "")
				}
				continue
			}
			thr := least(from)
			emit(k, d.first(p.tps[k].Index, func(t string) string {
				return t + " >= " + thr + " AND " + t + " <= " + deadline
			}), "")
		}
	}
	p.name = prev // the last layer holds the reach times
	return b.String()
}

// least is the earliest reach time of the columns, as nested two-argument
// LEAST (ClickHouse's least takes two).
func least(cols []int) string {
	out := r(cols[len(cols)-1])
	for i := len(cols) - 2; i >= 0; i-- {
		out = "LEAST(" + r(cols[i]) + ", " + out + ")"
	}
	return out
}

// counts lists the plan's figures in the order of its rows: users per
// touchpoint, then per arrow (by head in flow order, then by tail in
// file order).
type count struct {
	tp, from string
	expr     string
}

func (q *query) counts(p *plan) []count {
	d := q.d
	var out []count
	for k, tp := range p.tps {
		out = append(out, count{tp: tp.ID, expr: "COUNT(CASE WHEN f." + r(k) + " < " + d.big + " THEN 1 END)"})
	}
	for k, tp := range p.tps {
		for i, pi := range p.pred[k] {
			if k == 0 {
				// The first touchpoint is reached by any event: no arrow
				// leads a user into it.
				out = append(out, count{tp: tp.ID, from: p.tps[pi].ID, expr: "0"})
				continue
			}
			// The arrow a user came by is from the predecessor reached
			// last at or before the head; at equal times, the one listed
			// first.
			rk, rp := "f."+r(k), "f."+r(pi)
			conds := []string{rk + " < " + d.big, rp + " <= " + rk}
			for j, qi := range p.pred[k] {
				rq := "f." + r(qi)
				switch {
				case j < i:
					conds = append(conds, "NOT ("+rq+" <= "+rk+" AND "+rq+" >= "+rp+")")
				case j > i:
					conds = append(conds, "NOT ("+rq+" <= "+rk+" AND "+rq+" > "+rp+")")
				}
			}
			out = append(out, count{tp: tp.ID, from: p.tps[pi].ID, expr: "COUNT(CASE WHEN " + strings.Join(conds, " AND ") + " THEN 1 END)"})
		}
	}
	return out
}

// aggregate writes the CTE of the plan's counts: over everyone (by ""),
// per segment value ("seg"), or both ("total": g = 0 for everyone, 1 per
// segment).
func (q *query) aggregate(p *plan, by string) string {
	d := q.d
	var items []string
	for i, c := range q.counts(p) {
		items = append(items, c.expr+" AS n"+strconv.Itoa(i))
	}
	var keys, from, group string
	from = p.name + " AS f"
	switch by {
	case "":
		keys = "0 AS g, '' AS seg"
	case "seg":
		keys = "1 AS g, f.seg AS seg"
		group = "\n  GROUP BY f.seg"
	case "total":
		segExpr := "CASE WHEN g.g = 0 THEN '' ELSE f.seg END"
		keys = "g.g AS g, " + segExpr + " AS seg"
		from += "\n  CROSS JOIN " + d.values("g", []string{"g"}, []string{"UInt8"}, [][]string{{"0"}, {"1"}})
		group = "\n  GROUP BY g.g, " + segExpr
	}
	agg := "a" + p.name
	return fmt.Sprintf(",\n%s AS (\n  SELECT %s,\n    %s\n  FROM %s%s\n)", agg, keys, strings.Join(items, ",\n    "), from, group)
}

// output is the plan's rows: one per touchpoint and arrow, per row of its
// aggregate; persona and order are expressions over a (the aggregate),
// where filters.
func (q *query) output(p *plan, persona, order, where string) string {
	d := q.d
	var rows [][]string
	var whens []string
	for i, c := range q.counts(p) {
		rows = append(rows, []string{strconv.Itoa(i), d.str(c.tp), d.str(c.from)})
		whens = append(whens, "WHEN "+strconv.Itoa(i)+" THEN a.n"+strconv.Itoa(i))
	}
	steps := d.values("s", []string{"i", "touchpoint", "from_touchpoint"}, []string{"UInt32", "String", "String"}, rows)
	out := "  SELECT s.touchpoint AS touchpoint, s.from_touchpoint AS from_touchpoint, " + persona + " AS persona,\n" +
		"    CASE s.i " + strings.Join(whens, " ") + " ELSE 0 END AS users,\n" +
		"    " + order + " AS o, s.i AS i\n" +
		"  FROM a" + p.name + " AS a\n  CROSS JOIN " + steps + "\n"
	if where != "" {
		out += "  WHERE " + where + "\n"
	}
	return out
}

func windowText(w time.Duration) string {
	if w%(24*time.Hour) == 0 {
		return strconv.Itoa(int(w/(24*time.Hour))) + "-day"
	}
	return w.String()
}
