package journey

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"
)

// channelJourney has a channel (web) with touchpoints in all three stages
// when " web " counts as web, one (phone) on two parallel branches, a
// touchpoint without a channel, and "Web", which is not web.
const channelJourney = `version: 1
name: Channels
personas:
  - {id: p, name: P}
  - {id: q, name: Q}
stages:
  - id: find
    name: Find
    touchpoints:
      - {id: ad, name: Ad, channel: social, emotion: 1}
      - {id: landing, name: Landing, channel: " web ", emotion: 0}
  - id: buy
    name: Buy
    touchpoints:
      - {id: cart, name: Cart, channel: web, emotion: -1, next: [call, pay]}
      - {id: call, name: Call, channel: phone, personas: [p], emotion: -2}
      - {id: pay, name: Pay, channel: web, emotion: -2}
  - id: after
    name: After
    touchpoints:
      - {id: mail, name: Mail, channel: email, emotion: 2, next: [hotline, survey]}
      - {id: hotline, name: Hotline, channel: phone, next: []}
      - {id: survey, name: Survey}
      - {id: reorder, name: Reorder, channel: Web}
kpis:
  - {id: cart-pay, name: Cart to pay, metric: conversion, from: cart, to: pay, target: ">= 50%"}
  - {id: ad-landing, name: Ad to landing, metric: conversion, from: ad, to: landing, target: ">= 50%"}
  - {id: buy-stage, name: Buy stage, metric: conversion, stage: buy, target: ">= 50%"}
  - {id: mail-users, name: Mail users, metric: users, touchpoint: mail, target: ">= 100"}
  - {id: hotline-users, name: Hotline users, metric: users, touchpoint: hotline, target: ">= 100"}
`

// describeChannels prints each channel's figures on one line.
func describeChannels(cs []ChannelFigures) string {
	f := func(x *float64) string {
		if x == nil {
			return "-"
		}
		return fmt.Sprintf("%.4g", *x)
	}
	var b strings.Builder
	for _, c := range cs {
		var ids []string
		for _, tp := range c.Touchpoints {
			ids = append(ids, tp.ID)
		}
		users := f(c.Users)
		if c.UsersEstimated {
			users = "~" + users
		}
		worst := "-"
		if c.Worst != nil {
			worst = c.Worst.ID + "@" + f(c.WorstDropOff)
		}
		var kpis []string
		for _, k := range c.KPIs {
			kpis = append(kpis, k.KPI.ID+":"+k.Status)
		}
		fmt.Fprintf(&b, "%s [%s] users=%s share=%s emotion=%s worst=%s kpis=%s\n",
			c.Channel, strings.Join(ids, ","), users, f(c.Share), f(c.Emotion), worst, strings.Join(kpis, ","))
	}
	return b.String()
}

func TestChannelFigures(t *testing.T) {
	j := mustParse(t, channelJourney)
	steps := &DataSet{File: "steps.csv"}
	for i, r := range []struct {
		tp    string
		users float64
	}{{"ad", 1000}, {"landing", 600}, {"cart", 300}, {"call", 50}, {"pay", 200}, {"mail", 180}, {"hotline", 30}, {"survey", 90}, {"reorder", 40}} {
		steps.Rows = append(steps.Rows, row(r.tp, "", r.users, i+2))
		if r.tp != "call" {
			steps.Rows = append(steps.Rows, row(r.tp, "q", r.users/2, i+2))
		}
	}
	// Event-level data: u1 calls, u2 reaches the hotline; so two people
	// reached the phone channel, though each phone touchpoint has one. u3
	// skips the ad, so reaches nothing; u4 is persona p.
	events := runEvents(t, j, time.Hour, []ev{
		{"u1", "", "ad", 0}, {"u1", "", "landing", 1}, {"u1", "", "cart", 2}, {"u1", "", "call", 3},
		{"u2", "", "ad", 0}, {"u2", "", "landing", 1}, {"u2", "", "cart", 2}, {"u2", "", "pay", 3}, {"u2", "", "mail", 4}, {"u2", "", "hotline", 5},
		{"u3", "", "landing", 1}, {"u3", "", "cart", 2},
		{"u4", "p", "ad", 0}, {"u4", "p", "landing", 1}, {"u4", "p", "mail", 2},
	})
	tests := []struct {
		name    string
		data    []*DataSet
		persona string
		want    string
	}{
		{
			// Web spans three stages; its users are its busiest
			// touchpoint's, a lower bound; one touchpoint alone is exact.
			// The KPIs spanning channels (ad-landing, buy-stage) belong to
			// none.
			name: "step counts",
			data: []*DataSet{steps},
			want: `social [ad] users=1000 share=1 emotion=1 worst=ad@0.4 kpis=
web [landing,cart,pay] users=~600 share=0.6 emotion=-1 worst=landing@0.5 kpis=cart-pay:met
email [mail] users=180 share=0.18 emotion=2 worst=mail@0.3333 kpis=mail-users:met
unspecified [survey] users=90 share=0.09 emotion=- worst=survey@0.5556 kpis=
phone [call,hotline] users=~50 share=0.05 emotion=-2 worst=- kpis=hotline-users:missed
Web [reorder] users=40 share=0.04 emotion=- worst=- kpis=
`,
		},
		{
			// Counted user by user: phone has two people, where its
			// touchpoints have one each.
			name: "events",
			data: []*DataSet{events},
			want: `social [ad] users=3 share=1 emotion=1 worst=- kpis=
web [landing,cart,pay] users=3 share=1 emotion=-1 worst=landing@0.3333 kpis=cart-pay:met
phone [call,hotline] users=2 share=0.6667 emotion=-2 worst=- kpis=hotline-users:missed
email [mail] users=1 share=0.3333 emotion=2 worst=- kpis=mail-users:missed
unspecified [survey] users=0 share=0 emotion=- worst=- kpis=
Web [reorder] users=0 share=0 emotion=- worst=- kpis=
`,
		},
		{
			// Persona q's flow has no call: phone is the hotline alone,
			// counted exactly, and the buy stage is all web, so its KPI
			// is web's.
			name:    "persona without the call",
			data:    []*DataSet{steps},
			persona: "q",
			want: `social [ad] users=500 share=1 emotion=1 worst=ad@0.4 kpis=
web [landing,cart,pay] users=~300 share=0.6 emotion=-1 worst=landing@0.5 kpis=cart-pay:met,buy-stage:met
email [mail] users=90 share=0.18 emotion=2 worst=mail@0.3333 kpis=mail-users:missed
unspecified [survey] users=45 share=0.09 emotion=- worst=survey@0.5556 kpis=
Web [reorder] users=20 share=0.04 emotion=- worst=- kpis=
phone [hotline] users=15 share=0.03 emotion=- worst=- kpis=hotline-users:missed
`,
		},
		{
			name: "no data",
			want: `social [ad] users=- share=- emotion=1 worst=- kpis=
web [landing,cart,pay] users=- share=- emotion=-1 worst=- kpis=cart-pay:no-data
phone [call,hotline] users=- share=- emotion=-2 worst=- kpis=hotline-users:no-data
email [mail] users=- share=- emotion=2 worst=- kpis=mail-users:no-data
unspecified [survey] users=- share=- emotion=- worst=- kpis=
Web [reorder] users=- share=- emotion=- worst=- kpis=
`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Analyze(j, tt.data, AnalyzeOptions{Persona: tt.persona})
			if got := describeChannels(a.Channels); got != tt.want {
				t.Errorf("channels:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// A touchpoint that another file counts higher than the events count its
// channel lifts the channel to that figure, marked as an estimate.
func TestChannelEventsAndSteps(t *testing.T) {
	j := mustParse(t, channelJourney)
	events := runEvents(t, j, time.Hour, []ev{{"u1", "", "ad", 0}, {"u1", "", "landing", 1}})
	steps := &DataSet{File: "steps.csv", Rows: []StepRow{row("landing", "", 40, 2)}}
	a := Analyze(j, []*DataSet{events, steps}, AnalyzeOptions{})
	for _, c := range a.Channels {
		if c.Channel == "web" && (c.Users == nil || *c.Users != 40 || !c.UsersEstimated) {
			t.Errorf("web users = %v estimated %v, want 40 estimated", c.Users, c.UsersEstimated)
		}
		if c.Channel == "social" && (c.Users == nil || *c.Users != 1 || c.UsersEstimated) {
			t.Errorf("social users = %v estimated %v, want 1 counted", c.Users, c.UsersEstimated)
		}
	}
}

// The channel counts of ReduceEvents are the distinct users who reached at
// least one of the channel's touchpoints, in everyone's flow and each
// persona's, whatever the order of the rows and however users are
// sharded: checked against each user's own funnel.
func TestChannelRowsMatchUsers(t *testing.T) {
	j := mustParse(t, channelJourney)
	tps := j.Touchpoints()
	rng := rand.New(rand.NewSource(11))
	for round := 0; round < 100; round++ {
		byUser := map[string][]ev{}
		var events []ev
		for u := 0; u < 8; u++ {
			user := fmt.Sprint("u", u)
			seg := []string{"", "p", "q", "mobile"}[rng.Intn(4)]
			for e := rng.Intn(14); e > 0; e-- {
				x := ev{user: user, seg: seg, tp: tps[rng.Intn(len(tps))].ID, at: int64(rng.Intn(30))}
				events = append(events, x)
				byUser[user] = append(byUser[user], x)
			}
		}
		// Reference: each user alone through the funnel, their channels
		// from the touchpoints they reached.
		want := map[string]float64{}
		for _, evs := range byUser {
			ds := runEvents(t, j, 20*time.Minute, evs)
			reached := map[string]bool{}
			for _, r := range ds.Rows {
				if r.Users > 0 && (r.Total || j.Persona(r.Segment) != nil) {
					persona := r.Segment
					if r.Total {
						persona = ""
					}
					reached[persona+"/"+ChannelOf(j.Touchpoint(r.Label))] = true
				}
			}
			for k := range reached {
				want[k]++
			}
		}
		// Two shards, users split by their hash, rows in shuffled order.
		rng.Shuffle(len(events), func(a, b int) { events[a], events[b] = events[b], events[a] })
		shards := []*EventFunnel{NewEventFunnel(j, 20*time.Minute), NewEventFunnel(j, 20*time.Minute)}
		for _, e := range events {
			shards[UserHash([]byte(e.user))%2].Add([]byte(e.user), []byte(e.seg), j.Touchpoint(e.tp).Index, e.at*60_000)
		}
		ds := ReduceEvents("events.csv", shards...)
		if len(ds.Channels) == 0 {
			t.Fatalf("round %d: no channel counted", round)
		}
		for _, c := range ds.Channels {
			if k := c.Persona + "/" + c.Channel; c.Users != want[k] {
				t.Fatalf("round %d: %s = %g, reference %g\nevents %v", round, k, c.Users, want[k], events)
			}
		}
	}
}

func TestChannelOf(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"web", "web"}, {"  web\t", "web"}, {"Web", "Web"}, {"", UnspecifiedChannel}, {"   ", UnspecifiedChannel},
		{"video call", "video call"},
	} {
		if got := ChannelOf(&Touchpoint{Channel: tc.in}); got != tc.want {
			t.Errorf("ChannelOf(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	j := mustParse(t, channelJourney)
	if got := strings.Join(j.Channels(), ","); got != "social,web,phone,email,unspecified,Web" {
		t.Errorf("Channels() = %s, want first appearance order", got)
	}
}
