package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"math"
	"strconv"
	"testing"
	"time"
)

func render(t *testing.T, c config) ([]byte, int) {
	t.Helper()
	events, users := generate(c)
	var b bytes.Buffer
	n, err := write(&b, events, c)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(b.Len()) {
		t.Fatalf("write reported %d bytes, wrote %d", n, b.Len())
	}
	return b.Bytes(), users
}

// The default output must stay byte for byte what the generator wrote
// before it had -users, -per, -persona, -time and -format, so that figures
// measured on older files stay comparable. The digests are of files that
// generator wrote.
func TestDefaultOutputUnchanged(t *testing.T) {
	for _, tc := range []struct {
		rows int
		seed int64
		sum  string
	}{
		{200_000, 1, "62510fcda4eb9f26af504d151ff01842e901a85d659623e77470b549ad94bdbd"},
		{33_333, 7, "3948ff5c6f4b0fc833e0116160c89d1f9ba62d720e82d6b68b1d39114be733fa"},
	} {
		out, _ := render(t, config{rows: tc.rows, seed: tc.seed})
		sum := sha256.Sum256(out)
		if got := hex.EncodeToString(sum[:]); got != tc.sum {
			t.Errorf("-rows %d -seed %d: sha256 %s, want %s", tc.rows, tc.seed, got, tc.sum)
		}
	}
}

func TestUsersAndMeanEventsPerUser(t *testing.T) {
	for _, per := range []float64{2, 3.4, 6, 12, 20} {
		const users = 20_000
		events, n := generate(config{users: users, per: per, seed: 1})
		if n != users {
			t.Errorf("-per %g: %d users, want %d", per, n, users)
		}
		seen := map[int32]bool{}
		for _, e := range events {
			seen[e.user] = true
		}
		if len(seen) != users {
			t.Errorf("-per %g: %d distinct users in the events, want %d", per, len(seen), users)
		}
		if mean := float64(len(events)) / users; math.Abs(mean-per) > 0.03*per {
			t.Errorf("-per %g: %.3f events per user, want within 3%%", per, mean)
		}
	}
}

// Every shape option changes only how the same events are written: the
// CSV and JSON lines files, with RFC 3339 or millisecond times, hold the
// same rows, and the persona is the same on all of a user's rows.
func TestFormatsHoldTheSameEvents(t *testing.T) {
	type row struct{ user, event, persona string }
	base := config{users: 3000, per: 6, seed: 3}
	var want []row
	var wantTimes []int64
	for _, tc := range []struct {
		name           string
		ms, jsonl, per bool
	}{
		{"csv rfc3339", false, false, false},
		{"csv ms persona", true, false, true},
		{"jsonl rfc3339 persona", false, true, true},
		{"jsonl ms", true, true, false},
	} {
		c := base
		c.ms, c.jsonl, c.persona = tc.ms, tc.jsonl, tc.per
		out, _ := render(t, c)
		var rows []row
		var times []int64
		if tc.jsonl {
			for i, line := range bytes.Split(bytes.TrimSuffix(out, []byte("\n")), []byte("\n")) {
				var m map[string]any
				if err := json.Unmarshal(line, &m); err != nil {
					t.Fatalf("%s: line %d: %v", tc.name, i+1, err)
				}
				wantKeys := 3
				if tc.per {
					wantKeys = 4
				}
				if len(m) != wantKeys {
					t.Fatalf("%s: line %d has keys %v, want %d", tc.name, i+1, m, wantKeys)
				}
				p, _ := m["persona"].(string)
				rows = append(rows, row{m["user_id"].(string), m["event"].(string), p})
				times = append(times, jsonTime(t, tc.name, m["timestamp"], tc.ms))
			}
		} else {
			records, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			wantHeader := "user_id,event,timestamp"
			if tc.per {
				wantHeader += ",persona"
			}
			if got := string(out[:bytes.IndexByte(out, '\n')]); got != wantHeader {
				t.Fatalf("%s: header %q, want %q", tc.name, got, wantHeader)
			}
			for _, r := range records[1:] {
				p := ""
				if tc.per {
					p = r[3]
				}
				rows = append(rows, row{r[0], r[1], p})
				times = append(times, textTime(t, tc.name, r[2], tc.ms))
			}
		}
		personaOfUser := map[string]string{}
		for i, r := range rows {
			if tc.per {
				if p, ok := personaOfUser[r.user]; ok && p != r.persona {
					t.Fatalf("%s: user %s has personas %s and %s", tc.name, r.user, p, r.persona)
				}
				personaOfUser[r.user] = r.persona
			}
			rows[i].persona = ""
		}
		if tc.per {
			count := map[string]int{}
			for _, p := range personaOfUser {
				count[p]++
			}
			for _, p := range personas {
				if count[p] < len(personaOfUser)/10 {
					t.Errorf("%s: persona %s has %d of %d users", tc.name, p, count[p], len(personaOfUser))
				}
			}
			if len(count) != len(personas) {
				t.Errorf("%s: personas %v, want only %v", tc.name, count, personas)
			}
		}
		if want == nil {
			want, wantTimes = rows, times
			continue
		}
		if len(rows) != len(want) {
			t.Fatalf("%s: %d rows, want %d", tc.name, len(rows), len(want))
		}
		for i := range rows {
			if rows[i] != want[i] || times[i] != wantTimes[i] {
				t.Fatalf("%s: row %d is %v at %d, want %v at %d", tc.name, i+1, rows[i], times[i], want[i], wantTimes[i])
			}
		}
	}
}

func jsonTime(t *testing.T, name string, v any, ms bool) int64 {
	t.Helper()
	if ms {
		f, ok := v.(float64)
		if !ok {
			t.Fatalf("%s: timestamp %v is not a number", name, v)
		}
		return int64(f)
	}
	s, ok := v.(string)
	if !ok {
		t.Fatalf("%s: timestamp %v is not a string", name, v)
	}
	return textTime(t, name, s, false)
}

func textTime(t *testing.T, name, s string, ms bool) int64 {
	t.Helper()
	if ms {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || len(s) != 13 {
			t.Fatalf("%s: timestamp %q is not 13 digits of Unix milliseconds", name, s)
		}
		return n
	}
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return at.UnixMilli()
}
