package report

import (
	"encoding/json"
	"io"
	"math"
	"strconv"

	"github.com/journey-maps/journey/journey"
)

// The JSON report has the keys the README promises (touchpoints with id,
// stage, users, conversion, drop_off; kpis with id, actual, target, status;
// channels with channel, touchpoints, users, share; unmatched with file,
// line, value) plus more. Figures are fractions; a
// figure without data is null.

type jsonReport struct {
	Journey     string                 `json:"journey"`
	File        string                 `json:"file"`
	Persona     *string                `json:"persona"`
	Sources     []jsonSource           `json:"sources"`
	Touchpoints []jsonTouchpoint       `json:"touchpoints"`
	Edges       []jsonEdge             `json:"edges"`
	Stages      []jsonStage            `json:"stages"`
	KPIs        []jsonKPI              `json:"kpis"`
	Channels    []jsonChannel          `json:"channels"`
	Segments    []string               `json:"segments"`
	Personas    map[string]jsonPersona `json:"personas,omitempty"`
	Unmatched   []jsonUnmatched        `json:"unmatched"`
}

type jsonPersona struct {
	Touchpoints []jsonTouchpoint `json:"touchpoints"`
	Edges       []jsonEdge       `json:"edges"`
	Stages      []jsonStage      `json:"stages"`
	KPIs        []jsonKPI        `json:"kpis"`
	Channels    []jsonChannel    `json:"channels"`
}

type jsonSource struct {
	File   string     `json:"file"`
	Period *string    `json:"period"`
	Rows   int        `json:"rows"`
	Notes  []jsonNote `json:"notes,omitempty"`
}

// jsonNote is something a data file holds that the figures leave out.
type jsonNote struct {
	Line    int    `json:"line,omitempty"`
	Cell    string `json:"cell,omitempty"`
	Message string `json:"message"`
}

type jsonTouchpoint struct {
	ID         string             `json:"id"`
	Name       string             `json:"name"`
	Stage      string             `json:"stage"`
	Users      *float64           `json:"users"`
	Conversion *float64           `json:"conversion"`
	DropOff    *float64           `json:"drop_off"`
	Metrics    map[string]float64 `json:"metrics,omitempty"`
	Segments   map[string]float64 `json:"segments,omitempty"`
}

// jsonEdge is a flow arrow. Estimated is true when users (and so
// conversion) is apportioned between the head's predecessors in
// proportion to their users, not measured: step counts into a touchpoint
// with several predecessors cannot say which way people came.
type jsonEdge struct {
	From       string   `json:"from"`
	To         string   `json:"to"`
	Users      *float64 `json:"users"`
	Conversion *float64 `json:"conversion"`
	Estimated  bool     `json:"estimated"`
}

type jsonStage struct {
	ID         string             `json:"id"`
	Name       string             `json:"name"`
	Users      *float64           `json:"users"`
	Conversion *float64           `json:"conversion"`
	DropOff    *float64           `json:"drop_off"`
	Metrics    map[string]float64 `json:"metrics,omitempty"`
}

type jsonKPI struct {
	ID     string   `json:"id"`
	Name   string   `json:"name"`
	Metric string   `json:"metric"`
	Actual *float64 `json:"actual"`
	Target *string  `json:"target"`
	Status string   `json:"status"`
}

// jsonChannel is a channel: channel, touchpoints (ids), users (people
// who reached any of them) and share (of the journey's users, those of
// its first stage) as the format contract fixes, plus more. Users are
// estimated (users_estimated) when step counts give them: the largest
// users figure among the touchpoints, a lower bound.
type jsonChannel struct {
	Channel         string           `json:"channel"`
	Touchpoints     []string         `json:"touchpoints"`
	Users           *float64         `json:"users"`
	UsersEstimated  bool             `json:"users_estimated"`
	Share           *float64         `json:"share"`
	Emotion         *float64         `json:"emotion"`
	WorstTouchpoint *string          `json:"worst_touchpoint"`
	WorstDropOff    *float64         `json:"worst_drop_off"`
	KPIs            []jsonChannelKPI `json:"kpis"`
}

// jsonChannelKPI is a KPI that belongs to a channel, with its status.
type jsonChannelKPI struct {
	ID     string `json:"id"`
	Status string `json:"status"`
}

type jsonUnmatched struct {
	File  string `json:"file"`
	Line  int    `json:"line,omitempty"`
	Cell  string `json:"cell,omitempty"`
	Value string `json:"value"`
	Rows  int    `json:"rows"`
}

// WriteJSON writes the analysis as JSON, indented, keys in a fixed order.
func WriteJSON(w io.Writer, a *journey.Analysis) error {
	out := jsonReport{
		Journey:     a.Journey.Name,
		File:        a.Journey.File,
		Sources:     []jsonSource{},
		Segments:    append([]string{}, a.Segments...),
		Unmatched:   []jsonUnmatched{},
		Touchpoints: jsonTouchpoints(a),
		Edges:       jsonEdges(a),
		Stages:      jsonStages(a),
		KPIs:        jsonKPIs(a),
		Channels:    jsonChannels(a),
	}
	if a.Persona != "" {
		p := a.Persona
		out.Persona = &p
	}
	for _, s := range a.Sources {
		out.Sources = append(out.Sources, jsonSourceOf(s))
	}
	if len(a.Personas) > 0 {
		out.Personas = map[string]jsonPersona{}
		for id, pa := range a.Personas {
			out.Personas[id] = jsonPersona{Touchpoints: jsonTouchpoints(pa), Edges: jsonEdges(pa), Stages: jsonStages(pa), KPIs: jsonKPIs(pa), Channels: jsonChannels(pa)}
		}
	}
	for _, u := range a.Unmatched {
		rows := u.Rows
		if rows == 0 {
			rows = 1
		}
		out.Unmatched = append(out.Unmatched, jsonUnmatched{File: u.File, Line: u.Line, Cell: u.Cell, Value: u.Value, Rows: rows})
	}
	return encodeJSON(w, out, "")
}

// encodeJSON writes v indented, with a prefix on every line but the
// first, and without escaping <, > and & (as \u003c): the report is read by
// programs and people, not pasted into HTML.
func encodeJSON(w io.Writer, v any, prefix string) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, "  ")
	return enc.Encode(v)
}

func jsonSourceOf(s journey.SourceInfo) jsonSource {
	src := jsonSource{File: s.File, Rows: s.Rows}
	if s.Period != "" {
		p := s.Period
		src.Period = &p
	}
	for _, n := range s.Notes {
		src.Notes = append(src.Notes, jsonNote{Line: n.Source.Line, Cell: n.Source.Cell, Message: n.Message})
	}
	return src
}

func jsonTouchpoints(a *journey.Analysis) []jsonTouchpoint {
	out := []jsonTouchpoint{}
	for _, t := range a.Touchpoints {
		out = append(out, jsonTouchpoint{
			ID: t.Touchpoint.ID, Name: t.Touchpoint.Name, Stage: t.Touchpoint.Stage.ID,
			Users: jsonFigure(t.Users), Conversion: jsonFigure(t.Conversion), DropOff: jsonFigure(t.DropOff),
			Metrics: jsonFigures(t.Metrics), Segments: jsonFigures(t.BySegment),
		})
	}
	return out
}

func jsonEdges(a *journey.Analysis) []jsonEdge {
	out := []jsonEdge{}
	for _, e := range a.Edges {
		out = append(out, jsonEdge{From: e.From.ID, To: e.To.ID, Users: jsonFigure(e.Users), Conversion: jsonFigure(e.Conversion), Estimated: e.Estimated && e.Users != nil})
	}
	return out
}

func jsonStages(a *journey.Analysis) []jsonStage {
	out := []jsonStage{}
	for _, s := range a.Stages {
		out = append(out, jsonStage{ID: s.Stage.ID, Name: s.Stage.Name, Users: jsonFigure(s.Users), Conversion: jsonFigure(s.Conversion), DropOff: jsonFigure(s.DropOff), Metrics: jsonFigures(s.Metrics)})
	}
	return out
}

func jsonKPIs(a *journey.Analysis) []jsonKPI {
	out := []jsonKPI{}
	for _, k := range a.KPIs {
		r := jsonKPI{ID: k.KPI.ID, Name: k.KPI.Name, Metric: k.KPI.Metric, Actual: jsonFigure(k.Actual), Status: k.Status}
		if k.KPI.Target != nil {
			t := k.KPI.Target.String()
			r.Target = &t
		}
		out = append(out, r)
	}
	return out
}

func jsonChannels(a *journey.Analysis) []jsonChannel {
	out := []jsonChannel{}
	for _, c := range a.Channels {
		jc := jsonChannel{
			Channel: c.Channel, Touchpoints: []string{}, KPIs: []jsonChannelKPI{},
			Users: jsonFigure(c.Users), UsersEstimated: c.UsersEstimated && c.Users != nil, Share: jsonFigure(c.Share),
			Emotion: jsonFigure(c.Emotion), WorstDropOff: jsonFigure(c.WorstDropOff),
		}
		for _, tp := range c.Touchpoints {
			jc.Touchpoints = append(jc.Touchpoints, tp.ID)
		}
		if c.Worst != nil && jc.WorstDropOff != nil {
			id := c.Worst.ID
			jc.WorstTouchpoint = &id
		}
		for _, k := range c.KPIs {
			if k.KPI != nil {
				jc.KPIs = append(jc.KPIs, jsonChannelKPI{ID: k.KPI.ID, Status: k.Status})
			}
		}
		out = append(out, jc)
	}
	return out
}

// jsonFigure rounds away binary noise (1 - 0.7 = 0.30000000000000004) so
// the output reads as the arithmetic does; NaN and infinities have no JSON
// form and mean no figure.
func jsonFigure(v *float64) *float64 {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return nil
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(*v, 'g', 12, 64), 64)
	return &r
}

func jsonFigures(m map[string]float64) map[string]float64 {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]float64, len(m))
	for k, v := range m {
		if f := jsonFigure(&v); f != nil {
			out[k] = *f
		}
	}
	return out
}
