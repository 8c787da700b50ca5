package importers

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Column roles a data file's header is matched to.
const (
	roleLabel     = "touchpoint"
	roleUsers     = "users"
	roleSegment   = "segment"
	roleUser      = "user_id"
	roleTimestamp = "timestamp"
	// roleFrom marks a step table's arrow rows: the users who came to the
	// row's touchpoint from this one (journey sql writes them).
	roleFrom = "from_touchpoint"
)

// aliases lists the header names of each role, in order of preference,
// normalised (lower case, "_" and "-" as spaces).
//
// Event names: Snowplow has both "event" (the event's kind, "unstruct" for
// most) and "event_name" (its name), so the name comes first; Segment's
// "event" (the slug) comes before its "event_text".
//
// User ids, for a file with several (see chooseUser): people are counted
// as the tool that made the export counts them by default, by the id it
// sets on every event itself (Amplitude's amplitude_id, PostHog's
// person_id, Mixpanel's distinct_id, GA4's user_pseudo_id, Snowplow's
// domain_userid, Segment's anonymous_id), and only then by the id the site
// sets once someone logs in (user_id), which most events lack.
//
// Times, for a file with several: the time the tool settled on for the
// event (Segment's timestamp, Snowplow's derived_tstamp, Amplitude's
// event_time) before the collector's and the device's clocks; later ones
// stand in, row by row, where an earlier one is empty.
var aliases = map[string][]string{
	roleLabel:   {"touchpoint", "step", "event name", "event", "event type", "event text", "name", "step name", "funnel step"},
	roleUsers:   {"users", "count", "active users", "unique users", "total users"},
	roleSegment: {"persona", "segment", "breakdown value", "breakdown"},
	roleUser: {"amplitude id", "person id", "distinct id", "user pseudo id", "domain userid", "network userid",
		"anonymous id", "anonymousid", "user id", "userid", "device id", "visitor id", "visitorid", "customer id", "client id", "user"},
	roleTimestamp: {"timestamp", "event timestamp", "event time", "time", "derived tstamp", "collector tstamp",
		"dvce created tstamp", "original timestamp", "client event time", "ts", "datetime", "created at"},
	roleFrom: {"from touchpoint"},
}

// eventLabels are the label headers that name events rather than steps.
var eventLabels = map[string]bool{"event name": true, "event": true, "event type": true, "event text": true}

// eventIDs are headers of a per-event id: a file that has one holds one
// row per event.
var eventIDs = map[string]bool{"event id": true, "event uuid": true, "uuid": true, "message id": true, "insert id": true, "event fingerprint": true}

// userish and timeish recognise, among headers that are no alias, those
// that look like a user id or a time (visitor_key, created_at), to name
// them in the --map fix for an event file that lacks the role. (Not any
// header with "time" in it: funnel exports have "Average time" columns.)
var (
	userish = regexp.MustCompile(`(user|visitor|visit|distinct|anonymous|customer|client|device|cookie|member|account|person|shopper|buyer|session) ?(id|key|hash|uuid)$`)
	timeish = regexp.MustCompile(`(^| )(timestamp|tstamp|datetime|ts)$|^(created|updated|occurred|received|sent|logged|event|hit|visit) (at|time|date)$|^(time|date)$`)
)

// knownFigures are headers of per-step figures that are custom metrics
// without a KPI naming them: survey scores and money. Any other numeric
// column is a custom metric only when a KPI of the journey names it (ids,
// times, ports, coordinates and counts of other things are not figures of
// a step).
var knownFigures = map[string]bool{
	"nps": true, "csat": true, "ces": true, "sus": true, "satisfaction": true, "rating": true,
	"revenue": true, "purchase revenue": true, "total revenue": true, "average order value": true, "aov": true,
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
	norm  []string       // names normalised (normHeader)
	role  map[string]int // role -> column
	// users and times are every user id and time column found, in the
	// order of aliases; role holds the first (users: see chooseUser).
	users, times []int
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
	h.norm = norm
	taken := map[int]bool{}
	roles := append(append([]string(nil), MapRoles...), roleFrom)
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
			if role == roleUser {
				h.users = []int{h.role[role]}
			}
			if role == roleTimestamp {
				h.times = []int{h.role[role]}
			}
			continue
		}
		if _, mapped := mapping[role]; mapped {
			continue // a mapped column that is missing is reported, not guessed
		}
		// Every user id and time column is kept, in order of preference;
		// of the other roles, the first alias found.
		all := role == roleUser || role == roleTimestamp
	alias:
		for _, a := range aliases[role] {
			for i := range cells {
				if !taken[i] && norm[i] == a {
					if _, ok := h.role[role]; !ok {
						h.role[role] = i
					}
					taken[i] = true
					switch role {
					case roleUser:
						h.users = append(h.users, i)
					case roleTimestamp:
						h.times = append(h.times, i)
					}
					if !all {
						break alias
					}
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

// eventFile reports whether the header is that of a file with one row per
// event, whether or not all its roles were found: its label column names
// events (event, event_name, event_type) and it has a user id or time
// column, by alias or by look (visitor_key, created_at), or a per-event id.
func (h *header) eventFile() bool {
	if h.eventLevel() {
		return true
	}
	label, ok := h.role[roleLabel]
	if !ok || !eventLabels[h.norm[label]] {
		return false
	}
	if h.has(roleUser) || h.has(roleTimestamp) {
		return true
	}
	for _, c := range h.rest {
		if eventIDs[h.norm[c]] || userish.MatchString(h.norm[c]) || timeish.MatchString(h.norm[c]) {
			return true
		}
	}
	return false
}

// eventRoles checks that a file with one row per event has a user id and a
// time column; a step-count table reads its rows differently and would
// give empty figures. It returns nil for any other file.
func (h *header) eventRoles(mapping map[string]string) error {
	if !h.eventFile() || h.eventLevel() {
		return nil
	}
	var missing []string
	for _, role := range []string{roleUser, roleTimestamp} {
		if !h.has(role) {
			missing = append(missing, role)
		}
	}
	label := h.role[roleLabel]
	why := fmt.Sprintf("one row per event (column %q names events)", strings.TrimSpace(h.names[label]))
	role := missing[0]
	if len(missing) == 2 {
		return fmt.Errorf("%s, but no user_id and no timestamp column, which an event-level file needs: found %s; name them with --map user_id=%s --map timestamp=%s",
			why, h.foundText(), h.guess(userish), h.guess(timeish))
	}
	looks := userish
	if role == roleTimestamp {
		looks = timeish
	}
	if col, ok := mapping[role]; ok {
		return fmt.Errorf("%s, but no column %q (mapped with --map %s=%s): found %s", why, col, role, col, h.foundText())
	}
	names := append([]string(nil), aliases[role]...)
	for i := range names {
		names[i] = strings.ReplaceAll(names[i], " ", "_")
	}
	return fmt.Errorf("%s, but no %s column, which an event-level file needs: found %s; expected one named %s (any case), or name it with --map %s=%s",
		why, role, h.foundText(), strings.Join(names, ", "), role, h.guess(looks))
}

// guess names the first column that is no role and looks like re, for the
// --map fix; COLUMN when none does.
func (h *header) guess(re *regexp.Regexp) string {
	for _, c := range h.rest {
		if re.MatchString(h.norm[c]) {
			n := strings.TrimSpace(h.names[c])
			if strings.ContainsAny(n, " \t\"'") {
				return strconv.Quote(n)
			}
			return n
		}
	}
	return "COLUMN"
}

// foundText lists the header's columns for error messages.
func (h *header) foundText() string {
	var found []string
	for _, n := range h.names {
		if strings.TrimSpace(n) != "" {
			found = append(found, strings.TrimSpace(n))
		}
	}
	if len(found) == 0 {
		return "no columns"
	}
	return "columns " + quoteList(found)
}

// missing describes a required column that is absent: which columns were
// found and which names would have done.
func (h *header) missing(role string, mapping map[string]string) string {
	foundText := h.foundText()
	if col, ok := mapping[role]; ok {
		return fmt.Sprintf("no column %q (mapped with --map %s=%s): found %s", col, role, col, foundText)
	}
	names := append([]string(nil), aliases[role]...)
	sort.Strings(names)
	return fmt.Sprintf("no %s column: found %s; expected one named %s (any case), or name it with --map %s=COLUMN", role, foundText, strings.Join(names, ", "), role)
}

// chooseUser picks the user id column of a file that has several: the
// first, in the order of aliases, that is filled in at least nine of ten
// sampled rows; when none is, the one filled in the most rows (the first
// of those on a tie). One id per file, never a fallback row by row: a
// person's events before and after logging in would count as two people.
func (h *header) chooseUser(sample [][]string) {
	if len(h.users) < 2 || len(sample) == 0 {
		return
	}
	filled := make([]int, len(h.users))
	for _, row := range sample {
		for k, c := range h.users {
			if c < len(row) && strings.TrimSpace(row[c]) != "" {
				filled[k]++
			}
		}
	}
	best := 0
	for k, n := range filled {
		if n*10 >= len(sample)*9 {
			best = k
			break
		}
		if n > filled[best] {
			best = k
		}
	}
	h.role[roleUser] = h.users[best]
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

// segmentKeys are Segment's camel-case keys, as messages name them.
var segmentKeys = map[string]string{"userid": "userId", "anonymousid": "anonymousId"}
