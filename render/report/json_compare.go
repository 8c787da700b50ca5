package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"

	"github.com/journey-maps/journey/journey"
)

// The JSON report compared with a previous period is the JSON report of the
// current period with one more key, "compare": the previous period's data
// files and, per touchpoint, stage, KPI and channel, each figure's
// previous value and its change (current minus previous; null when either
// is missing).

type jsonCompare struct {
	Sources     []jsonSource            `json:"sources"`
	Touchpoints []jsonCompareTouchpoint `json:"touchpoints"`
	Stages      []jsonCompareStage      `json:"stages"`
	KPIs        []jsonCompareKPI        `json:"kpis"`
	Channels    []jsonCompareChannel    `json:"channels"`
}

type jsonChange struct {
	Previous *float64 `json:"previous"`
	Change   *float64 `json:"change"`
}

type jsonCompareTouchpoint struct {
	ID         string     `json:"id"`
	Users      jsonChange `json:"users"`
	Conversion jsonChange `json:"conversion"`
	DropOff    jsonChange `json:"drop_off"`
}

type jsonCompareStage struct {
	ID         string     `json:"id"`
	Users      jsonChange `json:"users"`
	Conversion jsonChange `json:"conversion"`
	DropOff    jsonChange `json:"drop_off"`
}

// jsonCompareChannel compares a channel with the same channel in the
// previous period; worst_drop_off compares the channel's worst drop-offs,
// wherever each period had it.
type jsonCompareChannel struct {
	Channel      string     `json:"channel"`
	Users        jsonChange `json:"users"`
	Share        jsonChange `json:"share"`
	WorstDropOff jsonChange `json:"worst_drop_off"`
}

type jsonCompareKPI struct {
	ID             string     `json:"id"`
	Actual         jsonChange `json:"actual"`
	PreviousStatus string     `json:"previous_status"`
}

func jsonChangeOf(f Figure) jsonChange {
	return jsonChange{Previous: jsonFigure(f.Prev), Change: jsonFigure(f.Change)}
}

// WriteJSONCompare writes the JSON report of a with the "compare" key
// built from prev, the previous period's analysis of the same journey.
func WriteJSONCompare(w io.Writer, a, prev *journey.Analysis) error {
	var cur bytes.Buffer
	if err := WriteJSON(&cur, a); err != nil {
		return err
	}
	r := New(a, prev)
	c := jsonCompare{
		Sources:     []jsonSource{},
		Touchpoints: []jsonCompareTouchpoint{},
		Stages:      []jsonCompareStage{},
		KPIs:        []jsonCompareKPI{},
		Channels:    []jsonCompareChannel{},
	}
	for _, s := range r.PrevSources {
		c.Sources = append(c.Sources, jsonSourceOf(s))
	}
	for _, t := range r.Touchpoints {
		c.Touchpoints = append(c.Touchpoints, jsonCompareTouchpoint{ID: t.ID,
			Users: jsonChangeOf(t.Users), Conversion: jsonChangeOf(t.Conversion), DropOff: jsonChangeOf(t.DropOff)})
	}
	for _, s := range r.Stages {
		c.Stages = append(c.Stages, jsonCompareStage{ID: s.ID,
			Users: jsonChangeOf(s.Users), Conversion: jsonChangeOf(s.Conversion), DropOff: jsonChangeOf(s.DropOff)})
	}
	for _, k := range r.KPIs {
		c.KPIs = append(c.KPIs, jsonCompareKPI{ID: k.ID, Actual: jsonChangeOf(k.Actual), PreviousStatus: k.PrevStatus})
	}
	for _, ch := range r.Channels {
		c.Channels = append(c.Channels, jsonCompareChannel{Channel: ch.Name,
			Users: jsonChangeOf(ch.Users), Share: jsonChangeOf(ch.Share), WorstDropOff: jsonChangeOf(ch.WorstDropOff)})
	}

	// Splice the key into the current report's object, keeping its bytes
	// (and key order) as they are.
	body := bytes.TrimRight(cur.Bytes(), " \n")
	if len(body) < 2 || body[len(body)-1] != '}' {
		return errors.New("json report: expected an object")
	}
	body = bytes.TrimRight(body[:len(body)-1], " \n")
	var eb bytes.Buffer
	if err := encodeJSON(&eb, c, "  "); err != nil {
		return err
	}
	extra := bytes.TrimRight(eb.Bytes(), "\n")
	var out bytes.Buffer
	out.Grow(len(body) + len(extra) + 32)
	out.Write(body)
	if body[len(body)-1] != '{' {
		out.WriteByte(',')
	}
	out.WriteString("\n  \"compare\": ")
	out.Write(extra)
	out.WriteString("\n}\n")
	if !json.Valid(out.Bytes()) {
		return errors.New("json report: the comparison did not splice into valid JSON")
	}
	_, err := w.Write(out.Bytes())
	return err
}
