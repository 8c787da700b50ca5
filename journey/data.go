package journey

// Source locates a row of a data file: Line (1-based, counting every line
// of the file) for CSV, Cell (as "Sheet!C7") for XLSX.
type Source struct {
	File string
	Line int
	Cell string
}

// StepRow is one row of aggregated step counts from an analytics export.
type StepRow struct {
	// Label is the touchpoint cell with any leading step number removed; it
	// is matched against touchpoint ids, names and events.
	Label string
	// Segment is the persona or segment cell; "" when the file has none.
	Segment string
	// Total marks the row that carries the overall figure of its step (GA4's
	// "Total"), as opposed to one segment's figure.
	Total bool
	// Users is the people who reached the step; HasUsers is false when the
	// row carries custom metrics only.
	Users    float64
	HasUsers bool
	// Metrics holds custom numeric columns by their header as the export
	// writes it (NPS, csat); Analyze matches them to KPI metrics ignoring
	// case, "_" and "-".
	Metrics map[string]float64
	Source  Source
}

// DataSet is the content of one analytics export, reduced to step counts.
// Event-level exports are reduced by the funnel engine while they stream.
type DataSet struct {
	File string
	// Period is the date range the export states, if any (e.g.
	// "2026-09-01..2026-09-30"); "" when unknown.
	Period string
	Rows   []StepRow
	// Events is the number of event rows read when the file was
	// event-level (and reduced to Rows by an EventFunnel); 0 otherwise.
	Events int
	// Unmatched lists labels the importer already found to match no
	// touchpoint (event-level files: one entry per distinct event name).
	Unmatched []Unmatched
	// Anonymous counts event rows without a user id, which no funnel can
	// follow (included in Events).
	Anonymous int
	// Edges holds the people who took each flow arrow, counted user by
	// user from event-level data (see ReduceEvents); step counts cannot
	// tell which way people came into a touchpoint, so they have none.
	Edges []EdgeRow
	// Channels holds the people who reached at least one touchpoint of
	// each channel, counted user by user from event-level data (see
	// ReduceEvents); step counts cannot tell people who reached several
	// touchpoints apart, so they have none.
	Channels []ChannelRow
	// Notes lists what the importer read past without using, such as a
	// second table below a GA4 export's first: the commands print them as
	// warnings and the reports list them with the data file.
	Notes []Note
}

// EdgeRow is the people who went from touchpoint From to touchpoint To
// (both ids), in everyone's flow (Persona "") or in one persona's.
type EdgeRow struct {
	From, To string
	Persona  string
	Users    float64
}

// ChannelRow is the people who reached at least one touchpoint of the
// channel (as ChannelOf names it), in everyone's flow (Persona "") or in
// one persona's.
type ChannelRow struct {
	Channel string
	Persona string
	Users   float64
}

// Note is something a data file holds that its data set leaves out, at
// its place in the file.
type Note struct {
	Source  Source
	Message string
}
