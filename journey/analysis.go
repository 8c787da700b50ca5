package journey

// Analysis is the journey's figures computed over analytics data: what the
// reports and the annotated diagrams show. A nil figure means "no data",
// never zero.
type Analysis struct {
	Journey *Journey
	// Persona is the persona the figures are restricted to, or "".
	Persona string
	Sources []SourceInfo
	// Touchpoints holds one entry per touchpoint of the flow, in file order.
	Touchpoints []TouchpointFigures
	// Edges holds one entry per flow arrow, in file order of the source.
	Edges  []EdgeFigures
	Stages []StageFigures
	KPIs   []KPIResult
	// Channels holds one entry per channel of the flow's touchpoints (see
	// ChannelOf), most users first; channels without figures last, and
	// ties, in order of first appearance.
	Channels []ChannelFigures
	// Segments lists the segment values seen in the data (not persona ids),
	// sorted.
	Segments []string
	// Personas holds the figures per persona when the data has personas,
	// keyed by persona id.
	Personas  map[string]*Analysis
	Unmatched []Unmatched
}

// SourceInfo describes one data file used.
type SourceInfo struct {
	File   string
	Period string
	Rows   int
	// Notes lists what the file holds that the figures leave out (a
	// second table, for one).
	Notes []Note
}

// TouchpointFigures are the figures of one touchpoint.
type TouchpointFigures struct {
	Touchpoint *Touchpoint
	Users      *float64
	Conversion *float64
	DropOff    *float64
	// Metrics holds custom metrics by their name in the data (the
	// header's spelling, NPS stays NPS).
	Metrics map[string]float64
	// BySegment holds users per segment value when the data has segments.
	BySegment map[string]float64
}

// EdgeFigures are the figures of one flow arrow From -> To.
type EdgeFigures struct {
	From, To *Touchpoint
	// Users is the people who went this way. Event-level data counts
	// them user by user (see ReduceEvents). From step counts it is
	// users(To) when To has a single predecessor; with several the counts
	// cannot say which way people came, so it is the share of users(To)
	// proportional to users(From), and Estimated is true.
	Users *float64
	// Estimated marks Users (and so Conversion) as apportioned between
	// To's predecessors rather than measured.
	Estimated bool
	// Conversion is Users / users(From).
	Conversion *float64
}

// StageFigures are the figures of one stage.
type StageFigures struct {
	Stage      *Stage
	Users      *float64
	Conversion *float64
	DropOff    *float64
	Metrics    map[string]float64
}

// ChannelFigures are the figures of one channel: the touchpoints of the
// analysed flow that belong to it.
type ChannelFigures struct {
	// Channel is the name as ChannelOf gives it.
	Channel string
	// Touchpoints are the channel's touchpoints, in file order.
	Touchpoints []*Touchpoint
	// Users is the people who reached at least one of Touchpoints.
	// Event-level data counts them user by user (see ReduceEvents). Step
	// counts cannot tell whether the people at two touchpoints are the
	// same, so from them Users is the largest users figure among
	// Touchpoints, a lower bound, and UsersEstimated is true (unless the
	// channel has a single touchpoint, whose users are the channel's).
	// When another file counts one of Touchpoints higher than the events
	// count the channel, that figure is taken, estimated too.
	Users          *float64
	UsersEstimated bool
	// Share is Users as a share of the journey's users: the users of the
	// flow's first stage (StageFigures.Users).
	Share *float64
	// Emotion is the mean emotion of the Touchpoints that state one.
	Emotion *float64
	// Worst is the channel's touchpoint with the highest drop-off above
	// zero, WorstDropOff that drop-off; nil for none.
	Worst        *Touchpoint
	WorstDropOff *float64
	// KPIs are the KPIs that belong to the channel: those whose scope's
	// touchpoints (the touchpoint; from and to; the stage's touchpoints in
	// the flow) are all in it. A KPI that spans channels belongs to none.
	KPIs []KPIResult
}

// KPI statuses.
const (
	StatusMet    = "met"
	StatusMissed = "missed"
	StatusNoData = "no-data"
)

// KPIResult is one KPI's actual figure and status.
type KPIResult struct {
	KPI    *KPI
	Actual *float64
	Status string
}

// Unmatched is a data row whose label matched no touchpoint, or that
// repeats a label more often than the journey has touchpoints for it.
type Unmatched struct {
	File  string
	Line  int
	Cell  string
	Value string
	// Rows counts the rows with this value (event-level files list each
	// event name once, at its first row).
	Rows int
}
