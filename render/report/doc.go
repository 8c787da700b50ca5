// Package report writes the gap report of a journey's figures: New builds
// a renderer-neutral Model (touchpoints, stages, KPIs, channels,
// segments, personas and unmatched rows, with the previous period's
// figures when compared), and WriteTable, WriteMarkdown, WriteCSV and
// WriteXLSX write it for people; WriteJSON and WriteJSONCompare write the
// analysis for programs.
package report
