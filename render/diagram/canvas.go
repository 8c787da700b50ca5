package diagram

import (
	"github.com/journey-maps/journey/journey"
)

// The canvas is the classic journey-map grid that workshops know from
// templates: stages as columns, one column per touchpoint inside its
// stage, and lanes as rows (touchpoints, what the customer does and
// thinks, the emotion curve, pains, opportunities, owners, back stage).
// NewCanvas builds its model from the flow picture's (so persona filters,
// figures and KPI badges are computed once, the same way); LayoutCanvas
// turns it into shapes; CanvasSVG and CanvasPNG draw those.

// Views are the pictures render draws, the default first: the flow
// picture and the canvas.
var Views = []string{"flow", ViewCanvas}

// ViewCanvas is the Views value of the canvas.
const ViewCanvas = "canvas"

// Lane kinds, in the order the canvas shows them top to bottom.
const (
	LaneGoals         = "goals"   // the stages' goals, a cell per stage
	LaneFigures       = "figures" // the stages' figures and KPIs, with data
	LaneTouchpoints   = "touchpoints"
	LaneActions       = "actions"
	LaneThoughts      = "thoughts"
	LaneEmotion       = "emotion"
	LanePains         = "pains"
	LaneOpportunities = "opportunities"
	LaneOwners        = "owners"
	LaneBackstage     = "backstage"
)

// laneTitles are the lane headings, as the canvas names the rows.
var laneTitles = map[string]string{
	LaneGoals:         "Goals",
	LaneFigures:       "Figures",
	LaneTouchpoints:   "Touchpoints",
	LaneActions:       "Doing",
	LaneThoughts:      "Thinking",
	LaneEmotion:       "Feeling",
	LanePains:         "Pains",
	LaneOpportunities: "Opportunities",
	LaneOwners:        "Owner",
	LaneBackstage:     "Back stage",
}

// Canvas is what the canvas shows, every figure formatted.
type Canvas struct {
	Title    string
	Subtitle string
	HasData  bool
	// Personas are the cards above the grid: every persona of the
	// journey, or the one drawn.
	Personas []*CanvasPersona
	Stages   []*CanvasStage
	// Lanes are the rows shown, in order: a lane is left out when no
	// stage or touchpoint has anything for it (touchpoints always show).
	Lanes []string
}

// CanvasPersona is a persona's card.
type CanvasPersona struct {
	Name, Description string
	Goals, Pains      []string
}

// CanvasStage is one stage column group.
type CanvasStage struct {
	Name  string
	Goals []string
	// Users, Conversion and DropOff are the stage's figures ("" without
	// data); KPIs are the badges of the KPIs scoped to the stage or to
	// one of its touchpoints (from+to KPIs at their "to").
	Users, Conversion, DropOff string
	KPIs                       []*Badge
	Touchpoints                []*CanvasTouchpoint
}

// CanvasTouchpoint is one touchpoint column.
type CanvasTouchpoint struct {
	ID, Name, Channel string
	Emotion           int
	HasEmotion        bool
	Actions, Thoughts []string
	Pains, Opps       []string
	Owner             string
	Backstage         []string
	// Users and DropOff are formatted figures; NoData marks a touchpoint
	// the data says nothing about; Worst one of the largest drop-offs.
	Users, DropOff string
	NoData, Worst  bool
}

// texts are the touchpoint's notes in a lane.
func (tp *CanvasTouchpoint) texts(lane string) []string {
	switch lane {
	case LaneActions:
		return tp.Actions
	case LaneThoughts:
		return tp.Thoughts
	case LanePains:
		return tp.Pains
	case LaneOpportunities:
		return tp.Opps
	case LaneBackstage:
		return tp.Backstage
	case LaneOwners:
		if tp.Owner != "" {
			return []string{tp.Owner}
		}
	}
	return nil
}

// NewCanvas builds the canvas of the journey; a is the analysis of the
// data or nil, opt as for New (the layout, arrow and colour options do
// not apply to the canvas).
func NewCanvas(j *journey.Journey, a *journey.Analysis, opt Options) (*Canvas, error) {
	d, err := New(j, a, opt)
	if err != nil {
		return nil, err
	}
	c := &Canvas{Title: d.Title, Subtitle: d.Subtitle, HasData: d.HasData}
	for _, p := range j.Personas {
		if opt.Persona == "" || p.ID == opt.Persona {
			c.Personas = append(c.Personas, &CanvasPersona{Name: clip(p.Name), Description: p.Description, Goals: p.Goals, Pains: p.Pains})
		}
	}
	has := map[string]bool{LaneTouchpoints: true, LaneFigures: d.HasData}
	for _, s := range d.Stages {
		cs := &CanvasStage{Name: s.FullName, Users: s.Users, Conversion: s.Conversion, DropOff: s.DropOff}
		if js := j.Stage(s.ID); js != nil {
			cs.Goals = js.Goals
		}
		has[LaneGoals] = has[LaneGoals] || len(cs.Goals) > 0
		cs.KPIs = append(cs.KPIs, s.Badges...)
		for _, n := range s.Nodes {
			tp := j.Touchpoint(n.ID)
			if tp == nil {
				continue
			}
			ct := &CanvasTouchpoint{
				ID: n.ID, Name: n.FullName, Channel: n.Channel, Emotion: n.Emotion, HasEmotion: n.HasEmotion,
				Actions: tp.Actions, Thoughts: tp.Thoughts, Pains: tp.Pains, Opps: tp.Opportunities,
				Owner: n.Owner, Backstage: tp.Backstage,
				Users: n.Users, DropOff: n.DropOff, NoData: n.NoData, Worst: n.Worst,
			}
			cs.KPIs = append(cs.KPIs, n.Badges...)
			has[LaneEmotion] = has[LaneEmotion] || ct.HasEmotion
			for _, lane := range []string{LaneActions, LaneThoughts, LanePains, LaneOpportunities, LaneOwners, LaneBackstage} {
				has[lane] = has[lane] || len(ct.texts(lane)) > 0
			}
			cs.Touchpoints = append(cs.Touchpoints, ct)
		}
		c.Stages = append(c.Stages, cs)
	}
	for _, lane := range []string{LaneGoals, LaneFigures, LaneTouchpoints, LaneActions, LaneThoughts, LaneEmotion, LanePains, LaneOpportunities, LaneOwners, LaneBackstage} {
		if has[lane] {
			c.Lanes = append(c.Lanes, lane)
		}
	}
	return c, nil
}
