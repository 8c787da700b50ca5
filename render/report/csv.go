package report

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"
	"strings"
)

// WriteCSV writes the gap report as CSV, one row per touchpoint, with its
// channel's users and share, and a users column per segment when the
// data has segments. Figures
// are fractions (0.25, not 25%) as in the JSON report; a figure with no data
// is an empty cell. With a comparison each figure is followed by its
// previous value and the change.
//
// Text cells that a spreadsheet would run as a formula (starting with =, +,
// -, @, a tab or a carriage return) are prefixed with a single quote.
func WriteCSV(w io.Writer, r *Model) error {
	cw := csv.NewWriter(w)
	h := []string{"stage_id", "stage", "touchpoint_id", "touchpoint", "channel", "owner", "personas"}
	// The figures' names as the other formats write them, in snake case
	// (conversion_from_previous_step): a touchpoint's conversion is not
	// a stage's.
	for _, name := range []string{csvName(nameUsers), csvName(nameStepConv), csvName(nameStepDropOff)} {
		h = append(h, name)
		if r.Compare {
			h = append(h, name+"_previous", name+"_change")
		}
	}
	h = append(h, "emotion", "pains", "opportunities")
	// The touchpoint's channel's figures, repeated on each of its rows:
	// the report stays one table, and a pivot by channel gives the
	// channels section of the other formats.
	h = append(h, "channel_"+csvName(nameUsers))
	if r.Compare {
		h = append(h, "channel_"+csvName(nameUsers)+"_previous", "channel_"+csvName(nameUsers)+"_change")
	}
	h = append(h, "channel_users_estimated", "channel_"+csvName(nameShare))
	if r.Compare {
		h = append(h, "channel_"+csvName(nameShare)+"_previous", "channel_"+csvName(nameShare)+"_change")
	}
	for _, seg := range r.Segments {
		// Users per segment value, named after the value.
		h = append(h, csvText("users:"+seg))
	}
	if err := cw.Write(h); err != nil {
		return err
	}
	channelOf := map[string]*ChannelLine{}
	for i := range r.Channels {
		for _, id := range r.Channels[i].TouchpointIDs {
			channelOf[id] = &r.Channels[i]
		}
	}
	for _, l := range r.Touchpoints {
		row := []string{csvText(l.StageID), csvText(l.Stage), csvText(l.ID), csvText(l.Name),
			csvText(l.Channel), csvText(l.Owner), csvText(strings.Join(l.Personas, ";"))}
		for _, f := range []Figure{l.Users, l.Conversion, l.DropOff} {
			row = append(row, csvNumber(f.Value))
			if r.Compare {
				row = append(row, csvNumber(f.Prev), csvNumber(f.Change))
			}
		}
		emotion := ""
		if l.Emotion != nil {
			emotion = strconv.Itoa(*l.Emotion)
		}
		row = append(row, emotion, csvText(strings.Join(l.Pains, "; ")), csvText(strings.Join(l.Opps, "; ")))
		c := channelOf[l.ID]
		if c == nil {
			c = &ChannelLine{}
		}
		for i, f := range []Figure{c.Users, c.Share} {
			row = append(row, csvNumber(f.Value))
			if r.Compare {
				row = append(row, csvNumber(f.Prev), csvNumber(f.Change))
			}
			if i == 0 {
				row = append(row, strconv.FormatBool(c.Estimated))
			}
		}
		for _, v := range l.BySegment {
			row = append(row, csvNumber(v))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvName is a figure's name as a CSV header: lower case, words joined
// by "_".
func csvName(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == ' ' || r == '-' }), "_")
}

// csvNumber formats a figure rounded to nine decimals, so that float noise
// (0.30000000000000004) does not reach the output; empty for no data.
func csvNumber(v *float64) string {
	if v == nil {
		return ""
	}
	x := math.Round(*v*1e9) / 1e9
	if x == 0 {
		x = 0 // no "-0"
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// csvText neutralises a cell that a spreadsheet would take for a formula.
func csvText(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
