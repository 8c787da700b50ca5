// Package journey holds the journey-map model: its types, loading from YAML
// with source positions, validation, the flow graph and the funnel
// arithmetic over analytics data. It never prints, exits or reads flags.
package journey

// Pos is a 1-based position in a YAML source.
type Pos struct {
	Line   int
	Column int
}

// Journey is a loaded journey map (format version 1).
type Journey struct {
	File        string
	Version     int
	Name        string
	Description string
	Personas    []*Persona
	Stages      []*Stage
	KPIs        []*KPI

	touchpoints []*Touchpoint
	ids         map[string]any
	flow        *Flow
}

// Persona is a kind of customer the journey is drawn for.
type Persona struct {
	ID          string
	Name        string
	Description string
	Goals       []string
	Pains       []string
	Pos         Pos
}

// Stage is a phase of the journey; its touchpoints are in flow order.
type Stage struct {
	ID          string
	Name        string
	Description string
	// Goals are what the customer wants to achieve in this stage.
	Goals       []string
	Touchpoints []*Touchpoint
	// Index is the stage's place in journey order, from 0.
	Index int
	Pos   Pos
}

// Touchpoint is a moment where the customer meets the company.
type Touchpoint struct {
	ID          string
	Name        string
	Description string
	Channel     string
	Owner       string
	// Personas lists the personas served; empty means every persona.
	Personas      []string
	Emotion       *int
	Pains         []string
	Opportunities []string
	// Actions are what the customer does here, Thoughts what they think
	// or say, Backstage the processes and systems behind the touchpoint
	// that the customer does not see.
	Actions   []string
	Thoughts  []string
	Backstage []string
	Events    []string
	// Next lists explicit flow successors. HasNext tells "next: []" (a
	// deliberate end) from an absent key (flow to the following touchpoint).
	Next    []string
	HasNext bool

	Stage *Stage
	// Index is the touchpoint's place in file order across all stages, from 0.
	Index int
	Pos   Pos
}

// KPI is a measure with a target, scoped to a touchpoint, a stage, or a
// from/to pair of touchpoints.
type KPI struct {
	ID         string
	Name       string
	Metric     string
	Touchpoint string
	Stage      string
	From       string
	To         string
	Target     *Target
	Pos        Pos
}

// Metric names with built-in meaning; any other metric is a custom numeric
// column of the data.
const (
	MetricUsers      = "users"
	MetricConversion = "conversion"
	MetricDropOff    = "drop_off"
)

// Touchpoints returns every touchpoint in file order (stage by stage).
func (j *Journey) Touchpoints() []*Touchpoint { return j.touchpoints }

// Touchpoint returns the touchpoint with the id, or nil.
func (j *Journey) Touchpoint(id string) *Touchpoint {
	tp, _ := j.ids[id].(*Touchpoint)
	return tp
}

// Stage returns the stage with the id, or nil.
func (j *Journey) Stage(id string) *Stage {
	s, _ := j.ids[id].(*Stage)
	return s
}

// Persona returns the persona with the id, or nil.
func (j *Journey) Persona(id string) *Persona {
	p, _ := j.ids[id].(*Persona)
	return p
}

// Serves reports whether the touchpoint is part of the persona's journey:
// it lists the persona or lists no personas at all.
func (tp *Touchpoint) Serves(persona string) bool {
	if len(tp.Personas) == 0 {
		return true
	}
	for _, p := range tp.Personas {
		if p == persona {
			return true
		}
	}
	return false
}
