package journey

import (
	"sort"
	"strings"
)

// UnspecifiedChannel is the channel of a touchpoint that names none: the
// figures list such touchpoints under it rather than leaving them out.
const UnspecifiedChannel = "unspecified"

// ChannelOf is the channel a touchpoint belongs to: its channel as
// written, without surrounding white space, or UnspecifiedChannel when it
// names none. Names compare exactly, so "Web" and "web" are two channels:
// the file's spelling is the author's to keep consistent, and a guess at
// which spellings mean the same would merge channels nobody merged.
func ChannelOf(tp *Touchpoint) string {
	if c := strings.TrimSpace(tp.Channel); c != "" {
		return c
	}
	return UnspecifiedChannel
}

// Channels lists the channels of the journey's touchpoints (see
// ChannelOf) in order of first appearance in the file.
func (j *Journey) Channels() []string {
	var out []string
	seen := map[string]bool{}
	for _, tp := range j.Touchpoints() {
		if c := ChannelOf(tp); !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// channelKey is a channel in everyone's flow (persona "") or a persona's.
type channelKey struct {
	persona, channel string
}

// computeChannels groups the flow's touchpoints by channel and works out
// each channel's figures (see ChannelFigures), most users first.
func (a *Analysis) computeChannels(f *Flow, in *analyzeInput, persona string) {
	tf := make(map[*Touchpoint]*TouchpointFigures, len(a.Touchpoints))
	for i := range a.Touchpoints {
		tf[a.Touchpoints[i].Touchpoint] = &a.Touchpoints[i]
	}
	// The journey's users, the share's denominator: the first stage's
	// users, as the stage funnel counts them.
	var journeyUsers *float64
	if len(a.Stages) > 0 {
		journeyUsers = a.Stages[0].Users
	}
	index := map[string]int{}
	for _, tp := range f.Touchpoints() {
		name := ChannelOf(tp)
		i, ok := index[name]
		if !ok {
			i = len(a.Channels)
			index[name] = i
			a.Channels = append(a.Channels, ChannelFigures{Channel: name})
		}
		a.Channels[i].Touchpoints = append(a.Channels[i].Touchpoints, tp)
	}
	for _, k := range a.KPIs {
		if name, ok := kpiChannel(a.Journey, f, k.KPI); ok {
			if i, ok := index[name]; ok {
				a.Channels[i].KPIs = append(a.Channels[i].KPIs, k)
			}
		}
	}
	for i := range a.Channels {
		c := &a.Channels[i]
		var emotion float64
		var emotions int
		var largest *float64
		for _, tp := range c.Touchpoints {
			if tp.Emotion != nil {
				emotion += float64(*tp.Emotion)
				emotions++
			}
			t := tf[tp]
			if t == nil {
				continue
			}
			if t.Users != nil && (largest == nil || *t.Users > *largest) {
				largest = copyFigure(t.Users)
			}
			if t.DropOff != nil && *t.DropOff > 0 && (c.WorstDropOff == nil || *t.DropOff > *c.WorstDropOff) {
				c.Worst, c.WorstDropOff = tp, copyFigure(t.DropOff)
			}
		}
		if emotions > 0 {
			m := emotion / float64(emotions)
			c.Emotion = &m
		}
		counted, ok := in.channels[channelKey{persona, c.Channel}]
		switch {
		case ok && (largest == nil || *largest <= counted):
			c.Users = &counted
		case largest != nil:
			// Step counts, or a touchpoint that another file counts
			// higher than the events do: no fewer people reached the
			// channel than reached its busiest touchpoint.
			c.Users = largest
			c.UsersEstimated = ok || len(c.Touchpoints) > 1
		}
		c.Share = ratio(c.Users, journeyUsers)
	}
	sort.SliceStable(a.Channels, func(x, y int) bool {
		ux, uy := a.Channels[x].Users, a.Channels[y].Users
		if ux == nil || uy == nil {
			return ux != nil && uy == nil
		}
		return *ux > *uy
	})
}

// kpiChannel is the channel a KPI belongs to: the one that holds every
// touchpoint of its scope in the flow (the touchpoint; from and to; the
// stage's touchpoints). A KPI whose scope spans channels, or lies outside
// the flow, belongs to none.
func kpiChannel(j *Journey, f *Flow, k *KPI) (string, bool) {
	if k == nil {
		return "", false
	}
	var tps []*Touchpoint
	switch {
	case k.Touchpoint != "":
		tps = []*Touchpoint{j.Touchpoint(k.Touchpoint)}
	case k.Stage != "":
		if s := j.Stage(k.Stage); s != nil {
			for _, tp := range s.Touchpoints {
				if f.Contains(tp) {
					tps = append(tps, tp)
				}
			}
		}
	case k.From != "" && k.To != "":
		tps = []*Touchpoint{j.Touchpoint(k.From), j.Touchpoint(k.To)}
	}
	if len(tps) == 0 {
		return "", false
	}
	name := ""
	for i, tp := range tps {
		if tp == nil || !f.Contains(tp) {
			return "", false
		}
		if c := ChannelOf(tp); i == 0 {
			name = c
		} else if c != name {
			return "", false
		}
	}
	return name, true
}

// channelRows counts, in each flow of the funnels (everyone's, and each
// persona's that holds users), the people who reached at least one
// touchpoint of each channel. The reach times the funnels keep say it
// user by user, so the count needs no memory per user: one pass over
// them, as ReduceEvents makes for the touchpoints.
func channelRows(funnels []*EventFunnel) []ChannelRow {
	if len(funnels) == 0 {
		return nil
	}
	j := funnels[0].j
	names := j.Channels()
	index := make(map[string]int, len(names))
	for i, name := range names {
		index[name] = i
	}
	chanOf := make([]int, len(j.Touchpoints()))
	for _, tp := range j.Touchpoints() {
		chanOf[tp.Index] = index[ChannelOf(tp)]
	}
	var rows []ChannelRow
	counts := make([]float64, len(names))
	inFlow := make([]bool, len(names))
	// mark[ch] == user means the user is counted for ch already.
	mark := make([]int, len(names))
	user := 0
	for fi, c := range funnels[0].flows {
		clear(counts)
		clear(inFlow)
		for _, k := range c.order {
			inFlow[chanOf[c.tp[k]]] = true
		}
		// add counts the channels one user's row of flow fi reached.
		add := func(r *rowStore, row []uint32) {
			user++
			for _, k := range c.order {
				if ch := chanOf[c.tp[k]]; r.get(row, k) != never && mark[ch] != user {
					mark[ch] = user
					counts[ch]++
				}
			}
		}
		held := fi == 0
		for _, f := range funnels {
			if fi == 0 {
				r := f.rows[0]
				for slot := range r.slots {
					add(r, r.row(int32(slot)))
				}
				continue
			}
			// A persona's users have rows of their own, or share their
			// row of everyone's flow when the persona's flow is the same
			// (as ReduceEvents' tally reads them).
			r := f.rows[fi]
			for slot := range r.slots {
				if row := r.row(int32(slot)); int32(row[wordOwner]) >= 0 {
					held = true
					add(r, row)
				}
			}
			if !f.segWords {
				continue
			}
			r0 := f.rows[0]
			for slot := range r0.slots {
				row := r0.row(int32(slot))
				if s := int32(row[wordSeg]); s >= 0 && f.segFlow[s] == fi && int32(row[wordPSlot]) == sharedSlot {
					held = true
					add(r0, row)
				}
			}
		}
		if !held {
			continue
		}
		for i, name := range names {
			if inFlow[i] {
				rows = append(rows, ChannelRow{Channel: name, Persona: c.persona, Users: counts[i]})
			}
		}
	}
	return rows
}
