package journey

import "testing"

// pageviewJourney has two touchpoints that the same event stands for, as a
// PostHog funnel "$pageview -> $pageview" counts them.
const pageviewJourney = `version: 1
name: Pageviews
stages:
  - id: s1
    name: S1
    touchpoints:
      - {id: landing, name: Landing, events: [$pageview]}
      - {id: pricing, name: Pricing, events: [$pageview]}
      - {id: signup, name: Sign-up, events: [signed_up]}
`

func TestRepeatedLabels(t *testing.T) {
	tests := []struct {
		name string
		rows []StepRow
		want string
	}{
		{
			name: "the n-th row of a label goes to the n-th touchpoint it matches",
			rows: []StepRow{row("$pageview", "", 900, 2), row("$pageview", "", 300, 3), row("signed_up", "", 60, 4)},
			want: `tp landing users=900 conv=- drop=0.6667
tp pricing users=300 conv=0.3333 drop=0.8
tp signup users=60 conv=0.2 drop=-
edge landing>pricing users=300 conv=0.3333
edge pricing>signup users=60 conv=0.2
stage s1 users=900 conv=- drop=-
`,
		},
		{
			name: "per segment, and a row beyond the touchpoints is listed, not dropped",
			rows: []StepRow{
				row("$pageview", "desktop", 500, 2), row("$pageview", "mobile", 400, 3),
				row("$pageview", "desktop", 200, 4), row("$pageview", "mobile", 100, 5),
				row("$pageview", "desktop", 150, 6),
			},
			want: `tp landing users=900 conv=- drop=0.6667 seg:desktop=500 seg:mobile=400
tp pricing users=300 conv=0.3333 drop=- seg:desktop=200 seg:mobile=100
tp signup users=- conv=- drop=-
edge landing>pricing users=300 conv=0.3333
edge pricing>signup users=- conv=-
stage s1 users=900 conv=- drop=-
unmatched data.csv:6 "$pageview"
segments desktop,mobile
`,
		},
		{
			name: "a label once matches its first touchpoint",
			rows: []StepRow{row("$pageview", "", 900, 2), row("signed_up", "", 60, 3)},
			want: `tp landing users=900 conv=- drop=-
tp pricing users=- conv=- drop=-
tp signup users=60 conv=- drop=-
edge landing>pricing users=- conv=-
edge pricing>signup users=60 conv=-
stage s1 users=900 conv=- drop=-
`,
		},
		{
			name: "a repeated label with one touchpoint keeps its first row",
			rows: []StepRow{row("signed_up", "", 60, 2), row("signed_up", "", 70, 3)},
			want: `tp landing users=- conv=- drop=-
tp pricing users=- conv=- drop=-
tp signup users=60 conv=- drop=-
edge landing>pricing users=- conv=-
edge pricing>signup users=60 conv=-
stage s1 users=- conv=- drop=-
unmatched data.csv:3 "signed_up"
`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Analyze(mustParse(t, pageviewJourney), []*DataSet{{File: "data.csv", Rows: tt.rows}}, AnalyzeOptions{})
			if got := describeAnalysis(a); got != tt.want {
				t.Errorf("figures differ\ngot:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}
