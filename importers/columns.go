package importers

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Column roles a data file's header is matched to.
const (
	roleLabel     = "touchpoint"
	roleUsers     = "users"
	roleSegment   = "segment"
	roleUser      = "user_id"
	roleTimestamp = "timestamp"
)

// aliases lists the header names of each role, in order of preference,
// normalised (lower case, "_" and "-" as spaces).
var aliases = map[string][]string{
	roleLabel:     {"touchpoint", "step", "event", "name", "event name", "event type", "step name", "funnel step"},
	roleUsers:     {"users", "count", "active users", "unique users", "total users"},
	roleSegment:   {"persona", "segment", "breakdown value", "breakdown"},
	roleUser:      {"user id", "distinct id", "userid", "user"},
	roleTimestamp: {"timestamp", "time", "event time", "event timestamp", "ts"},
}

// ignored are columns that exports compute themselves (journey computes
// its own rates) or that describe the step rather than measure it.
var ignored = map[string]bool{
	"completion rate": true, "abandonments": true, "abandonment rate": true,
	"conversion rate": true, "conversion": true, "conversion %": true, "drop off": true,
	"drop off rate": true, "drop off %": true, "order": true, "step order": true,
	"action id": true, "average conversion time": true, "median conversion time": true,
	"type": true, "custom name": true, "people": true, "step number": true, "step #": true, "#": true,
	"elapsed time": true,
}

// MapRoles lists the roles --map accepts.
var MapRoles = []string{roleLabel, roleUsers, roleSegment, roleUser, roleTimestamp}

// ParseMapping parses --map values ROLE=COLUMN. "step" and "event" are
// accepted for touchpoint, "persona" for segment.
func ParseMapping(specs []string) (map[string]string, error) {
	m := map[string]string{}
	for _, s := range specs {
		role, col, ok := strings.Cut(s, "=")
		role = strings.ToLower(strings.TrimSpace(role))
		col = strings.TrimSpace(col)
		col = strings.Trim(col, `"'`)
		switch role {
		case "step", "event", "label":
			role = roleLabel
		case "persona", "breakdown":
			role = roleSegment
		case "user", "user id", "userid":
			role = roleUser
		case "time":
			role = roleTimestamp
		}
		if !ok || col == "" || !slices.Contains(MapRoles, role) {
			return nil, fmt.Errorf("invalid --map %q: expected ROLE=COLUMN with ROLE one of %s", s, strings.Join(MapRoles, ", "))
		}
		m[role] = col
	}
	return m, nil
}

// normHeader lower-cases a header and treats "_" and "-" as spaces.
func normHeader(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	h = strings.NewReplacer("_", " ", "-", " ").Replace(h)
	return strings.Join(strings.Fields(h), " ")
}

// header is a data file's header row, with the column of each role.
type header struct {
	names []string
	role  map[string]int // role -> column
	// metrics are the remaining columns, candidates for custom metrics or
	// (when textual) a breakdown dimension.
	rest []int
}

// classify matches header cells to roles: --map first, then aliases.
func classify(cells []string, mapping map[string]string) *header {
	h := &header{names: cells, role: map[string]int{}}
	norm := make([]string, len(cells))
	for i, c := range cells {
		norm[i] = normHeader(c)
	}
	taken := map[int]bool{}
	roles := append([]string(nil), MapRoles...)
	for _, role := range roles {
		if col, ok := mapping[role]; ok {
			for i := range cells {
				if !taken[i] && norm[i] == normHeader(col) {
					h.role[role] = i
					taken[i] = true
					break
				}
			}
		}
	}
	for _, role := range roles {
		if _, ok := h.role[role]; ok {
			continue
		}
		if _, mapped := mapping[role]; mapped {
			continue // a mapped column that is missing is reported, not guessed
		}
	alias:
		for _, a := range aliases[role] {
			for i := range cells {
				if !taken[i] && norm[i] == a {
					h.role[role] = i
					taken[i] = true
					break alias
				}
			}
		}
	}
	for i := range cells {
		if !taken[i] && !ignored[norm[i]] && norm[i] != "" {
			h.rest = append(h.rest, i)
		}
	}
	return h
}

func (h *header) has(role string) bool {
	_, ok := h.role[role]
	return ok
}

// eventLevel reports whether the file has one row per event.
func (h *header) eventLevel() bool {
	return h.has(roleUser) && h.has(roleTimestamp) && h.has(roleLabel)
}

// missing describes a required column that is absent: which columns were
// found and which names would have done.
func (h *header) missing(role string, mapping map[string]string) string {
	var found []string
	for _, n := range h.names {
		if strings.TrimSpace(n) != "" {
			found = append(found, fmt.Sprintf("%q", strings.TrimSpace(n)))
		}
	}
	foundText := "no columns"
	if len(found) > 0 {
		foundText = "columns " + strings.Join(found, ", ")
	}
	if col, ok := mapping[role]; ok {
		return fmt.Sprintf("no column %q (mapped with --map %s=%s): found %s", col, role, col, foundText)
	}
	names := append([]string(nil), aliases[role]...)
	sort.Strings(names)
	return fmt.Sprintf("no %s column: found %s; expected one named %s (any case), or name it with --map %s=COLUMN", role, foundText, strings.Join(names, ", "), role)
}

// JSON exports. jsonAliases are the keys of the JSON layouts, consulted
// before the aliases above and in this order, so that a record with
// several candidates picks the one its vendor counts by: Mixpanel's
// properties.distinct_id and properties.time, PostHog's distinct_id,
// GA4's user_pseudo_id (its user_id is empty until a visitor signs in),
// Amplitude's user_id, event_type and event_time, Segment's userId.
// Nested keys are joined with dots.
var jsonAliases = map[string][]string{
	roleUser:      {"distinct id", "properties.distinct id", "user pseudo id", "user id", "userid", "anonymousid"},
	roleLabel:     {"event", "event type", "event name"},
	roleTimestamp: {"timestamp", "properties.time", "event time", "event timestamp"},
}

// jsonFallback names, for a user key, the key that stands in for it in
// records where it is missing or null: Segment sets userId only once a
// visitor is identified, and anonymousId always.
var jsonFallback = map[string]string{"userid": "anonymousid"}
