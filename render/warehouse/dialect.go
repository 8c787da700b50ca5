package warehouse

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// never is the reach time of a touchpoint not reached. It stays far below
// the 64-bit limit, so that never plus a window does not overflow.
const never = "4611686018427387904" // 2^62 ms

// dialect is what differs between engines: quoting, casts, the events of
// a user kept in one row, and a small table of constants.
type dialect struct {
	name     string
	defaults Defaults
	// quote quotes one identifier.
	quote func(string) string
	// str is a string literal.
	str func(string) string
	// column turns a column name of table alias src, dots for nested
	// fields, into an expression.
	column func(src, name string) string
	// table turns a table name, dots between its parts, into a reference.
	table func(string) string
	// text casts an expression to text, lower lower-cases text.
	text, lower func(string) string
	// ms turns the time column into Unix milliseconds.
	ms func(col string, micros bool) string
	// since is the condition that the time column lies in [from, to).
	since func(col string, micros bool, from, to time.Time) string
	// collect are the select items that gather a user's events (columns k
	// and t) into the columns named by events.
	collect string
	events  []string
	// first returns the expression of the earliest time of touchpoint k
	// among the user's events whose time t satisfies cond ("" for any),
	// or never.
	first func(k int, cond func(t string) string) string
	// values is a table of constant rows with the named columns, for a
	// FROM clause.
	values func(alias string, cols, types []string, rows [][]string) string
	// big is never as the engine should read it.
	big string
}

// dialects holds every dialect by name, in the order of Dialects.
var dialects = map[string]*dialect{}

func init() {
	for _, d := range []*dialect{duckDB(), bigQuery(), snowflake(), clickHouse(), postgres()} {
		dialects[d.name] = d
	}
}

// doubleQuote quotes an identifier in double quotes, doubling those inside
// (the SQL standard, as DuckDB, PostgreSQL and Snowflake read it).
func doubleQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// backQuote quotes an identifier in backticks with backslash escapes (as
// BigQuery and ClickHouse read it).
func backQuote(s string) string {
	return "`" + backslashEscape(s, '`') + "`"
}

// standardString is a string literal of the SQL standard: quotes doubled,
// backslashes as they are (DuckDB, PostgreSQL with its default
// standard_conforming_strings).
func standardString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// escapedString is a string literal of engines that read backslash escapes
// in strings (BigQuery, Snowflake, ClickHouse).
func escapedString(s string) string { return "'" + backslashEscape(s, '\'') + "'" }

// backslashEscape escapes the quote, backslashes and control characters
// with backslashes; other characters, unicode included, stay as they are.
func backslashEscape(s string, quote byte) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == rune(quote):
			b.WriteByte('\\')
			b.WriteByte(quote)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// folded quotes a plain name (letters, digits and _) as the engine reads
// it unquoted, folded to upper or lower case, so that USER_ID finds the
// column user_id; any other name is quoted exactly as given.
func folded(quote func(string) string, fold func(string) string) func(string) string {
	return func(s string) string {
		if plainName(s) {
			return quote(fold(s))
		}
		return quote(s)
	}
}

func plainName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// path quotes each dot-separated part of a name and joins them with sep.
func path(s string, quote func(string) string, sep string) string {
	parts := strings.Split(s, ".")
	for i, p := range parts {
		parts[i] = quote(p)
	}
	return strings.Join(parts, sep)
}

// sqlValues is a VALUES table with its column names (DuckDB, PostgreSQL,
// Snowflake).
func sqlValues(alias string, cols, _ []string, rows [][]string) string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = "(" + strings.Join(r, ", ") + ")"
	}
	return "(VALUES " + strings.Join(out, ", ") + ") AS " + alias + "(" + strings.Join(cols, ", ") + ")"
}

// day is a date's midnight in UTC as "YYYY-MM-DD HH:MM:SS".
func day(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05") }

func duckDB() *dialect {
	d := &dialect{name: "duckdb", big: never,
		defaults: Defaults{Table: "events", User: "user_id", Event: "event", Time: "timestamp"},
		quote:    doubleQuote, str: standardString,
		text:  func(e string) string { return "CAST(" + e + " AS VARCHAR)" },
		lower: func(e string) string { return "lower(" + e + ")" },
		ms:    func(col string, _ bool) string { return "epoch_ms(" + col + ")" },
		since: func(col string, _ bool, from, to time.Time) string {
			// An untyped literal takes the column's type, as in PostgreSQL.
			return col + " >= '" + day(from) + "+00' AND " + col + " < '" + day(to) + "+00'"
		},
		collect: "list({'k': k, 't': t}) AS evs", events: []string{"evs"},
		values: sqlValues,
	}
	d.column = func(src, s string) string { return src + "." + path(s, doubleQuote, ".") }
	d.table = func(s string) string { return path(s, doubleQuote, ".") }
	d.first = func(k int, cond func(string) string) string {
		where := "e.k = " + strconv.Itoa(k)
		if cond != nil {
			where += " AND " + cond("e.t")
		}
		return "coalesce(list_min([e.t FOR e IN evs IF " + where + "]), " + never + ")"
	}
	return d
}

func postgres() *dialect {
	quote := folded(doubleQuote, strings.ToLower)
	d := &dialect{name: "postgres", big: never,
		defaults: Defaults{Table: "events", User: "user_id", Event: "event", Time: "timestamp"},
		quote:    quote, str: standardString,
		text:  func(e string) string { return "CAST(" + e + " AS TEXT)" },
		lower: func(e string) string { return "lower(" + e + ")" },
		ms: func(col string, _ bool) string {
			return "CAST(floor(extract(epoch FROM " + col + ") * 1000) AS BIGINT)"
		},
		since: func(col string, _ bool, from, to time.Time) string {
			// An untyped literal takes the column's type: midnight UTC for
			// timestamptz, midnight as written for timestamp.
			return col + " >= '" + day(from) + "+00' AND " + col + " < '" + day(to) + "+00'"
		},
		collect: "array_agg(k) AS ks, array_agg(t) AS ts", events: []string{"ks", "ts"},
		values: sqlValues,
	}
	// A composite column's field is (col).field.
	d.column = func(src, s string) string {
		parts := strings.Split(s, ".")
		out := src + "." + quote(parts[0])
		for _, p := range parts[1:] {
			out = "(" + out + ")." + quote(p)
		}
		return out
	}
	d.table = func(s string) string { return path(s, quote, ".") }
	d.first = func(k int, cond func(string) string) string {
		where := "x.k = " + strconv.Itoa(k)
		if cond != nil {
			where += " AND " + cond("x.t")
		}
		return "COALESCE((SELECT min(x.t) FROM unnest(ks, ts) AS x(k, t) WHERE " + where + "), " + never + ")"
	}
	return d
}

func bigQuery() *dialect {
	d := &dialect{name: "bigquery", big: never,
		defaults: Defaults{Table: "events_*", User: "user_pseudo_id", Event: "event_name", Time: "event_timestamp"},
		quote:    backQuote, str: escapedString,
		text:  func(e string) string { return "CAST(" + e + " AS STRING)" },
		lower: func(e string) string { return "LOWER(" + e + ")" },
		ms: func(col string, micros bool) string {
			if micros {
				return "DIV(" + col + ", 1000)"
			}
			return "UNIX_MILLIS(" + col + ")"
		},
		since: func(col string, micros bool, from, to time.Time) string {
			lo, hi := "TIMESTAMP '"+day(from)+"+00'", "TIMESTAMP '"+day(to)+"+00'"
			if micros {
				lo, hi = "UNIX_MICROS("+lo+")", "UNIX_MICROS("+hi+")"
			}
			return col + " >= " + lo + " AND " + col + " < " + hi
		},
		collect: "ARRAY_AGG(STRUCT(k, t)) AS evs", events: []string{"evs"},
	}
	d.column = func(src, s string) string { return src + "." + path(s, backQuote, ".") }
	// project.dataset.table in one pair of backticks, as GA4's documentation
	// writes it (a project id may hold dashes).
	d.table = backQuote
	d.first = func(k int, cond func(string) string) string {
		where := "e.k = " + strconv.Itoa(k)
		if cond != nil {
			where += " AND " + cond("e.t")
		}
		return "IFNULL((SELECT MIN(e.t) FROM UNNEST(evs) AS e WHERE " + where + "), " + never + ")"
	}
	d.values = func(alias string, cols, _ []string, rows [][]string) string {
		out := make([]string, len(rows))
		for i, r := range rows {
			items := make([]string, len(r))
			for c, v := range r {
				items[c] = v + " AS " + cols[c]
			}
			out[i] = "STRUCT(" + strings.Join(items, ", ") + ")"
		}
		return "UNNEST([" + strings.Join(out, ", ") + "]) AS " + alias
	}
	return d
}

func snowflake() *dialect {
	quote := folded(doubleQuote, strings.ToUpper)
	d := &dialect{name: "snowflake", big: never,
		defaults: Defaults{Table: "ATOMIC.EVENTS", User: "DOMAIN_USERID", Event: "EVENT_NAME", Time: "DERIVED_TSTAMP"},
		quote:    quote, str: escapedString,
		text:  func(e string) string { return "CAST(" + e + " AS VARCHAR)" },
		lower: func(e string) string { return "LOWER(" + e + ")" },
		ms: func(col string, _ bool) string {
			return "DATE_PART(EPOCH_MILLISECOND, " + col + ")"
		},
		since: func(col string, _ bool, from, to time.Time) string {
			return col + " >= '" + day(from) + "' AND " + col + " < '" + day(to) + "'"
		},
		collect: "ARRAY_AGG(OBJECT_CONSTRUCT('k', k, 't', t)) AS evs", events: []string{"evs"},
		values: sqlValues,
	}
	// A nested field is a path into a VARIANT column: col:"key".
	d.column = func(src, s string) string {
		parts := strings.Split(s, ".")
		out := src + "." + quote(parts[0])
		for _, p := range parts[1:] {
			out += ":" + doubleQuote(p)
		}
		return out
	}
	d.table = func(s string) string { return path(s, quote, ".") }
	d.first = func(k int, cond func(string) string) string {
		where := "e:k::INT = " + strconv.Itoa(k)
		if cond != nil {
			where += " AND " + cond("e:t::INT")
		}
		return "COALESCE(ARRAY_MIN(TRANSFORM(FILTER(evs, e -> " + where + "), e -> e:t::INT))::INT, " + never + ")"
	}
	return d
}

func clickHouse() *dialect {
	big := "toInt64(" + never + ")"
	d := &dialect{name: "clickhouse", big: big,
		defaults: Defaults{Table: "events", User: "distinct_id", Event: "event", Time: "timestamp"},
		quote:    backQuote, str: escapedString,
		// A nested column's subcolumn is named with its dot (n.key).
		column: func(src, s string) string { return src + "." + backQuote(s) },
		table:  func(s string) string { return path(s, backQuote, ".") },
		text:   func(e string) string { return "toString(" + e + ")" },
		lower:  func(e string) string { return "lowerUTF8(" + e + ")" },
		ms: func(col string, _ bool) string {
			return "toUnixTimestamp64Milli(toDateTime64(" + col + ", 3, 'UTC'))"
		},
		since: func(col string, _ bool, from, to time.Time) string {
			return col + " >= toDateTime64('" + day(from) + "', 3, 'UTC') AND " + col + " < toDateTime64('" + day(to) + "', 3, 'UTC')"
		},
		collect: "groupArray((k, t)) AS evs", events: []string{"evs"},
	}
	d.first = func(k int, cond func(string) string) string {
		where := "e.1 = " + strconv.Itoa(k)
		if cond != nil {
			where += " AND " + cond("e.2")
		}
		return "arrayMin(arrayMap(e -> if(" + where + ", e.2, " + big + "), evs))"
	}
	d.values = func(alias string, cols, types []string, rows [][]string) string {
		var spec []string
		for i, c := range cols {
			spec = append(spec, c+" "+types[i])
		}
		out := make([]string, len(rows))
		for i, r := range rows {
			out[i] = "(" + strings.Join(r, ", ") + ")"
		}
		return "values('" + strings.Join(spec, ", ") + "', " + strings.Join(out, ", ") + ") AS " + alias
	}
	return d
}

// checkText refuses text no SQL string can hold.
func checkText(what, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s %q is not valid UTF-8, which SQL text cannot hold", what, s)
	}
	if strings.ContainsRune(s, 0) {
		return fmt.Errorf("%s %q holds a NUL character, which SQL text cannot hold", what, s)
	}
	return nil
}
