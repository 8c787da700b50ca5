package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/journey-maps/journey/journey/journeytest"
)

// exportFixtures holds real public exports, cut to a few rows, one per
// layout the README lists; its README.md names their sources.
const exportFixtures = "../../testdata/exports/"

// TestExportLayouts pins the JSON report of each real export over a journey
// whose events are the labels that occur in it. The comments give the
// figures worked out by hand from the rows.
func TestExportLayouts(t *testing.T) {
	tests := []struct {
		name string
		data string
		args []string
		warn string // expected on stderr, if anything
	}{
		// Users by domain_userid (filled in 59 of 60 rows), not the test
		// notes in user_id: 8 viewed a page; 5d27ff97, 4f011c92 and
		// f897c486 clicked a link after it. One row has no domain_userid.
		{name: "snowplow", data: "snowplow.events.csv", warn: "1 row without a user id"},
		// Users by amplitude_id, not the e-mails in user_id: only
		// 75605632776 watched _2 (Feb 1), _3 (Feb 11), then the first
		// (Mar 1, within 30 days).
		{name: "amplitude", data: "amplitude.events.csv"},
		// 9e308c27 plays; 622b...e7 starts with playthrough_29 (2024) and
		// reaches playthrough_30 a year later, outside the window.
		{name: "mixpanel", data: "mixpanel.events.csv"},
		// One page view, by anonymous_id; the page is its path.
		{name: "segment", data: "segment.pages.csv", args: []string{"--map", "touchpoint=path"}},
		// Unix ms; 257597 views, adds to cart, buys; 111016 views and adds
		// to cart a day later; 992329 and 483717 view.
		{name: "retailrocket", data: "retailrocket.events.csv"},
		// "... UTC" times; 25 people view, 543272936 also buys (no cart
		// event: a purchase that follows a view directly is not reached,
		// since the flow goes through the cart).
		{name: "rees46", data: "rees46.2019-Oct.csv"},
		// No user id column: counted by GA4 session with --map; times in
		// microseconds.
		{name: "ga4-bigquery", data: "ga4-bigquery.events.csv", args: []string{"--map", "user_id=ga_session_id"}},
		// A query over the GA4 events table (user_pseudo_id renamed
		// client_id, microseconds): one visitor, 820687608.1730395654,
		// whose user_id is set in 9 of 55 rows only; counted by client_id,
		// the filled column. First visit 2025-02-25 14:58, cart 15:49,
		// purchase 16:52: 1 at every step.
		{name: "ga4-bigquery-query", data: "ga4-bigquery-query.events.csv"},
		// Segment tracks table: people by anonymous_id (filled in every
		// row; user_001 has two), labels from event, not event_text.
		// anon_001, anon_003 and anon_005 view a page; anon_005 clicks
		// before it, so 2 click after; both use a feature later (view to
		// feature 2/3). anon_002 and anon_004 only click and use
		// features: no page view, so not counted.
		{name: "segment-tracks", data: "segment-tracks.events.csv"},
		// PostHog's own CSV export (CRLF line ends, "+00:00" times with
		// microseconds): three events of distinct_id 2.
		{name: "posthog", data: "posthog.events.csv"},
		// PostHog events table: user_ph_001, _002 and _003 view a page;
		// _001 (Jan 4) and _003 (Jan 6) use a feature after it, _002 only
		// before. $identify and Button Clicked match no touchpoint.
		{name: "posthog-table", data: "posthog-table.events.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"report", exportFixtures + tt.name + ".yaml", "--data", exportFixtures + tt.data, "--format", "json"}
			args = append(args, tt.args...)
			code, out, errOut := runCmd(t, "", args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if (tt.warn == "") != (errOut == "") || !strings.Contains(errOut, tt.warn) {
				t.Errorf("stderr = %q, want %q", errOut, tt.warn)
			}
			journeytest.Golden(t, filepath.Join(exportFixtures, tt.name+".json.golden"), []byte(out), *update)
		})
	}
}
