package importers

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/journey-maps/journey/journey"
)

// TestLayoutRoles checks which columns the headers of common event exports
// give each role (a real header of each, as the vendors' tables name them).
func TestLayoutRoles(t *testing.T) {
	tests := []struct {
		name, header           string
		label, user, timestamp string
	}{
		{"Snowplow atomic events", "app_id,platform,etl_tstamp,collector_tstamp,dvce_created_tstamp,event,event_id,user_id,user_ipaddress,domain_userid,network_userid,derived_tstamp,event_name",
			"event_name", "domain_userid", "derived_tstamp"},
		{"Segment tracks", "id,anonymous_id,user_id,received_at,sent_at,original_timestamp,timestamp,event,event_text",
			"event", "anonymous_id", "timestamp"},
		{"GA4 BigQuery, flattened", "event_date,event_timestamp,event_name,event_previous_timestamp,user_id,user_pseudo_id,user_first_touch_timestamp",
			"event_name", "user_pseudo_id", "event_timestamp"},
		{"Amplitude", "device_id,server_upload_time,amplitude_event_type,amplitude_id,client_event_time,event_time,event_type,user_id",
			"event_type", "amplitude_id", "event_time"},
		{"Mixpanel", "event,properties.time,distinct_id,time", "event", "distinct_id", "time"},
		{"PostHog", "uuid,event,properties,timestamp,distinct_id,elements_chain,created_at", "event", "distinct_id", "timestamp"},
		{"REES46", "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session",
			"event_type", "user_id", "event_time"},
		{"RetailRocket", "timestamp,visitorid,event,itemid,transactionid", "event", "visitorid", "timestamp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cells := strings.Split(tt.header, ",")
			h := classify(cells, nil)
			if !h.eventLevel() {
				t.Fatalf("not read as event-level: roles %v", h.role)
			}
			for role, want := range map[string]string{roleLabel: tt.label, roleUser: tt.user, roleTimestamp: tt.timestamp} {
				if got := cells[h.role[role]]; got != want {
					t.Errorf("%s column = %s, want %s", role, got, want)
				}
			}
		})
	}
}

// TestChooseUser checks the precedence between several user id columns:
// the first filled in nine of ten sampled rows, else the most filled.
func TestChooseUser(t *testing.T) {
	const header = "domain_userid,network_userid,user_id,event_name,derived_tstamp"
	tests := []struct {
		name string
		rows []string // domain_userid,network_userid,user_id
		want string
	}{
		{"the device id when it is filled", []string{"d1,n1,", "d2,n2,u2", "d3,n3,"}, "domain_userid"},
		{"one empty row in ten is filled enough", []string{",n0,", "d1,n1,", "d2,n2,", "d3,n3,", "d4,n4,", "d5,n5,", "d6,n6,", "d7,n7,", "d8,n8,", "d9,n9,"}, "domain_userid"},
		{"the next id when the first is mostly empty", []string{",n1,", ",n2,u2", "d3,n3,"}, "network_userid"},
		{"the most filled when none is filled enough", []string{",,u1", ",n2,u2", "d3,,u3", ",,"}, "user_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cells := strings.Split(header, ",")
			h := classify(cells, nil)
			var sample [][]string
			for _, r := range tt.rows {
				sample = append(sample, strings.Split(r+",page_view,2021-03-03 21:27:32.695", ","))
			}
			h.chooseUser(sample)
			if got := cells[h.role[roleUser]]; got != tt.want {
				t.Errorf("user column = %s, want %s", got, tt.want)
			}
		})
	}
	// A --map leaves no choice.
	h := classify(strings.Split(header, ","), map[string]string{"user_id": "user_id"})
	h.chooseUser([][]string{{"d1", "n1", ""}})
	if h.role[roleUser] != 2 {
		t.Errorf("mapped user column moved to %d", h.role[roleUser])
	}
}

// TestEventFileUsers reads a Snowplow-like file end to end: users by
// domain_userid although user_id is filled too (as in Snowplow's own test
// data), the time from derived_tstamp or, where it is empty,
// collector_tstamp, and the period from the first and last event.
func TestEventFileUsers(t *testing.T) {
	src := "user_id,domain_userid,event_name,derived_tstamp,collector_tstamp\n" +
		"case a,d1,view_item,2021-03-01 10:00:00.000,2021-03-01 10:00:01.000\n" +
		"case a,d1,add_to_cart,,2021-03-01 10:05:00.000\n" +
		"case a,d2,view_item,2021-03-02 09:00:00.000,2021-03-02 09:00:00.500\n" +
		"case b,d3,add_to_cart,2021-03-03 23:59:59.999,\n"
	ds, err := readString(t, "sp.csv", src, Options{Journey: storeJ(t)})
	if err != nil {
		t.Fatal(err)
	}
	want := "period 2021-03-01..2021-03-03\nproduct [Total] total users=2\ncart [Total] total users=1\ncheckout [Total] total users=0\npayment [Total] total users=0\n"
	if got := describe(ds); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	// Both time columns empty: the error names the first.
	_, err = readString(t, "sp.csv", src+"case c,d4,view_item,,\n", Options{Journey: storeJ(t)})
	if err == nil || !strings.HasPrefix(err.Error(), `sp.csv:6: column "derived_tstamp": expected a time`) {
		t.Errorf("got %v", err)
	}
}

// TestLayoutErrors shows the message of each file that used to give exit 0
// with empty or wrong figures.
func TestLayoutErrors(t *testing.T) {
	ga4, err := os.ReadFile("../testdata/exports/ga4-bigquery.events.csv")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		src     string
		mapping map[string]string
		want    string
	}{
		{
			name: "an event file without a user id column (the GA4 BigQuery test export)",
			src:  string(ga4),
			want: `data.csv:1: one row per event (column "event_name" names events), but no user_id column, which an event-level file needs: ` +
				`found columns "event_date", "event_timestamp", "event_name", "ga_session_id", "stream_id"; expected one named amplitude_id, person_id, ` +
				`distinct_id, user_pseudo_id, domain_userid, network_userid, anonymous_id, anonymousid, user_id, userid, device_id, visitor_id, visitorid, ` +
				`customer_id, client_id, user (any case), or name it with --map user_id=ga_session_id`,
		},
		{
			name: "an event file whose user column has no known name",
			src:  "timestamp,shopper_key,event,itemid\n1433221332117,257597,view,355908\n",
			want: `data.csv:1: one row per event (column "event" names events), but no user_id column, which an event-level file needs: ` +
				`found columns "timestamp", "shopper_key", "event", "itemid"; expected one named amplitude_id`,
		},
		{
			name: "the --map fix suggested when nothing looks like a user id",
			src:  "timestamp,who,event\n1433221332117,257597,view\n",
			want: `or name it with --map user_id=COLUMN`,
		},
		{
			name: "an event file without a time column",
			src:  "user_pseudo_id,event_name,event_bundle_sequence_id,occurred\nu1,page_view,1,x\n",
			want: `data.csv:1: one row per event (column "event_name" names events), but no timestamp column, which an event-level file needs: ` +
				`found columns "user_pseudo_id", "event_name", "event_bundle_sequence_id", "occurred"; expected one named timestamp, event_timestamp, ` +
				`event_time, time, derived_tstamp, collector_tstamp, dvce_created_tstamp, original_timestamp, client_event_time, ts, datetime, created_at ` +
				`(any case), or name it with --map timestamp=COLUMN`,
		},
		{
			name: "an event file with a per-event id but neither user nor time",
			src:  "event_id,event,page\ne1,view_item,/\n",
			want: `data.csv:1: one row per event (column "event" names events), but no user_id and no timestamp column, which an event-level file needs: ` +
				`found columns "event_id", "event", "page"; name them with --map user_id=COLUMN --map timestamp=COLUMN`,
		},
		{
			name:    "a mapped user column that is missing",
			src:     "timestamp,visitor,event\n1433221332117,257597,view\n",
			mapping: map[string]string{"user_id": "visitorid"},
			want:    `data.csv:1: one row per event (column "event" names events), but no column "visitorid" (mapped with --map user_id=visitorid)`,
		},
		{
			// A PostHog trends export: a series per row, a column per day.
			name:    "a step table without a users column",
			src:     "series,2026-09-01,2026-09-02,2026-09-03\n$pageview,120,98,143\nsigned_up,7,4,9\n",
			mapping: map[string]string{"touchpoint": "series"},
			want: `data.csv:1: no users column: found columns "series", "2026-09-01", "2026-09-02", "2026-09-03"; expected one named active users, ` +
				`count, total users, unique users, users (any case), or name it with --map users=COLUMN`,
		},
		{
			name: "ids, ports and coordinates are no metrics, so no users column is an error",
			src:  "step,item_id,port,latitude\nview_item,355908,443,-37.8061\n",
			want: `data.csv:1: no users column`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readString(t, "data.csv", tt.src, Options{Journey: storeJ(t), Mapping: tt.mapping})
			var de *DataError
			if !errors.As(err, &de) {
				t.Fatalf("expected a DataError, got %v", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got  %s\nwant %s", err, tt.want)
			}
		})
	}
}

// TestStepMetrics checks which numeric columns of a step table are custom
// metrics: those a KPI names and known figures, under the header's
// spelling, which the KPI finds whatever its case.
func TestStepMetrics(t *testing.T) {
	j, diags := journey.Parse("store.yaml", []byte(storeJourney+`kpis:
  - {id: effort, name: Effort, metric: effort_score, touchpoint: cart, target: "<= 3"}
`))
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	src := "touchpoint,users,Effort Score,CSAT,revenue,item_id,session_id,port,lat,lon,created_at\n" +
		"cart,400,2.5,4.1,1200.50,355908,17,443,-37.8,145.0,1614800000\n"
	ds, err := readString(t, "data.csv", src, Options{Journey: j})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := describe(ds), "cart users=400 CSAT=4.1 Effort Score=2.5 revenue=1200.5 @2\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	a := journey.Analyze(j, []*journey.DataSet{ds}, journey.AnalyzeOptions{})
	if k := a.KPIs[0]; k.Actual == nil || *k.Actual != 2.5 {
		t.Errorf("effort KPI = %v, want 2.5", k.Actual)
	}
}

// TestRepeatedSteps reads a PostHog funnel export through the same event
// twice ($pageview -> $pageview) and checks that each row reaches its own
// touchpoint, and that a third row is reported.
func TestRepeatedSteps(t *testing.T) {
	j, diags := journey.Parse("site.yaml", []byte(`version: 1
name: Site
stages:
  - id: visit
    name: Visit
    touchpoints:
      - {id: landing, name: Landing page, events: [$pageview]}
      - {id: pricing, name: Pricing page, events: [$pageview]}
`))
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	src := "name,custom_name,action_id,count,average_conversion_time,median_conversion_time,order\n" +
		"$pageview,Landing,$pageview,1200,,,0\n" +
		"$pageview,Pricing,$pageview,300,41,20,1\n" +
		"$pageview,Docs,$pageview,90,30,12,2\n"
	ds, err := readString(t, "funnel.csv", src, Options{Journey: j})
	if err != nil {
		t.Fatal(err)
	}
	a := journey.Analyze(j, []*journey.DataSet{ds}, journey.AnalyzeOptions{})
	for id, want := range map[string]float64{"landing": 1200, "pricing": 300} {
		if u := a.Touchpoint(id).Users; u == nil || *u != want {
			t.Errorf("%s users = %v, want %g", id, u, want)
		}
	}
	if len(a.Unmatched) != 1 || a.Unmatched[0].Line != 4 || a.Unmatched[0].Value != "$pageview" {
		t.Errorf("unmatched = %+v, want the third $pageview at line 4", a.Unmatched)
	}
}

// TestGA4StartEndDate reads the period of a GA4 report whose comment block
// states it on two lines.
func TestGA4StartEndDate(t *testing.T) {
	src := "# ----------------------------------------\n# Funnel exploration\n# Account: Store\n# Property: Store\n" +
		"# ----------------------------------------\n#\n# All Users\n# Start date: 20260910\n# End date: 20261007\n\n" +
		"Step,Active users\n1. view_item,900\n"
	ds, err := readString(t, "ga4.csv", src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ds.Period != "2026-09-10..2026-10-07" {
		t.Errorf("period = %q, want 2026-09-10..2026-10-07", ds.Period)
	}
}

// TestStepTablesStay checks that step exports whose label column is named
// Event stay step tables: a funnel's timing columns are no event times.
func TestStepTablesStay(t *testing.T) {
	for _, src := range []string{
		"Step #,Event,Users,Average time,Median time to convert\n1,view_item,900,,\n2,add_to_cart,300,120,60\n",
		"event,count\nview_item,900\nadd_to_cart,300\n",
	} {
		ds, err := readString(t, "funnel.csv", src, Options{Journey: storeJ(t)})
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if len(ds.Rows) != 2 || ds.Rows[1].Users != 300 {
			t.Errorf("%q: rows %+v", src, ds.Rows)
		}
	}
}
