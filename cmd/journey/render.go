package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/journey-maps/journey/importers"
	"github.com/journey-maps/journey/journey"
	"github.com/journey-maps/journey/render/diagnostics"
	"github.com/journey-maps/journey/render/diagram"
)

// renderFormats are the picture formats of journey render.
var renderFormats = []string{"svg", "png", "dot", "mermaid"}

type renderOptions struct {
	file    string
	out     string
	format  string
	data    []string
	persona string
	layout  string
	arrows  string
	theme   string
	window  string
	maps    []string
}

func newRenderCmd(s *streams) *cobra.Command {
	opts := &renderOptions{}
	cmd := &cobra.Command{
		Use:   "render FILE",
		Short: "Draw the journey map as SVG, PNG, DOT or Mermaid",
		Long: `Draw the journey map: one column per stage in journey order, its
touchpoints with name and channel, coloured by emotion, and the flow arrows.
In SVG, hovering a touchpoint shows its owner, pains and opportunities.
A flow that goes back to an earlier stage, or past the next one, is written
in its touchpoint ("← back to ...", "→ on to ...") rather than drawn across
the columns.

With --data, every touchpoint shows its users and drop-off, every arrow the
share of users who take it and a width by the users who continue; the worst
drop-offs are outlined in a stand-out colour and KPIs show MET or MISSED.

The format comes from --format, else from -o's extension (.svg, .png, .dot
or .gv, .mmd or .mermaid), else SVG to standard output. The output file is
replaced only once the picture is complete. FILE - reads standard input.

SVG and PNG are drawn by the journey-graphviz program, which is installed
next to journey (no system Graphviz needed): Graphviz lays out each stage
on its own, journey places the stages and draws the arrows between them.
DOT is the whole map as one graph, for Graphviz's own tools; DOT and
Mermaid need nothing.`,
		Example: `  journey render examples/online-store.yaml -o store.svg
  journey render examples/online-store.yaml --data ga4.csv -o store.png
  journey render map.yaml --persona bargain-hunter --theme high-contrast -o wall.png
  journey render map.yaml -o map.mmd     # Mermaid; in Markdown, inside a mermaid code block
  journey render map.yaml --format dot | dot -Tpdf -o map.pdf`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.file = args[0]
			if opts.format == "" {
				f, err := formatFromExt(opts.out)
				if err != nil {
					return err
				}
				opts.format = f
			}
			if !slices.Contains(renderFormats, opts.format) {
				return usagef("invalid --format %q: expected one of %s", opts.format, strings.Join(renderFormats, ", "))
			}
			if err := checkPictureFlags(opts.layout, opts.arrows, opts.theme); err != nil {
				return err
			}
			if opts.format == "png" && (opts.out == "" || opts.out == "-") && isTerminal(s.out) {
				return usagef("will not write a PNG to the terminal: give -o FILE.png or redirect standard output")
			}
			return runRender(cmd.Context(), s, opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.out, "output", "o", "", "write the picture to this file (- for standard output)")
	f.StringVarP(&opts.format, "format", "f", "", "picture format: "+strings.Join(renderFormats, "|")+" (default from -o's extension, else svg)")
	f.StringArrayVar(&opts.data, "data", nil, "analytics export (.csv, .xlsx, FILE.xlsx#Sheet) to show figures from; repeatable")
	f.StringVar(&opts.persona, "persona", "", "draw this persona's journey only")
	f.StringVar(&opts.window, "window", "30d", "conversion window of event-level data (30d, 12h, 90m)")
	f.StringArrayVar(&opts.maps, "map", nil, "name the column of a role in the data: ROLE=COLUMN; repeatable")
	f.StringVar(&opts.layout, "layout", "lr", "stage direction: lr (left to right) or tb (top to bottom)")
	f.StringVar(&opts.theme, "theme", "default", "colours: default or high-contrast (for projectors)")
	_ = cmd.RegisterFlagCompletionFunc("format", fixedCompletion(renderFormats...))
	_ = cmd.MarkFlagFilename("data", "csv", "xlsx")
	f.StringVar(&opts.arrows, "arrows", "straight", "arrow style: straight (lines, bent around touchpoints in the way) or curved")
	_ = cmd.RegisterFlagCompletionFunc("layout", fixedCompletion("lr", "tb"))
	_ = cmd.RegisterFlagCompletionFunc("arrows", fixedCompletion("straight", "curved"))
	_ = cmd.RegisterFlagCompletionFunc("theme", fixedCompletion("default", "high-contrast"))
	return cmd
}

// checkPictureFlags checks the flags render and serve share.
func checkPictureFlags(layout, arrows, theme string) error {
	if layout != "lr" && layout != "tb" {
		return usagef("invalid --layout %q: expected lr or tb", layout)
	}
	if arrows != "straight" && arrows != "curved" {
		return usagef("invalid --arrows %q: expected straight or curved", arrows)
	}
	if _, err := diagram.LookupTheme(theme); err != nil {
		return usagef("invalid --theme %q: expected default or high-contrast", theme)
	}
	return nil
}

// formatFromExt picks the format from the output file's extension.
func formatFromExt(out string) (string, error) {
	if out == "" || out == "-" {
		return "svg", nil
	}
	switch ext := strings.ToLower(filepath.Ext(out)); ext {
	case ".svg":
		return "svg", nil
	case ".png":
		return "png", nil
	case ".dot", ".gv":
		return "dot", nil
	case ".mmd", ".mermaid":
		return "mermaid", nil
	default:
		return "", usagef("cannot tell the format from -o %q: expected extension .svg, .png, .dot, .gv, .mmd or .mermaid, or give --format", out)
	}
}

func runRender(ctx context.Context, s *streams, opts *renderOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	j, err := loadJourneyForRender(s, opts.file)
	if err != nil {
		return err
	}
	if opts.persona != "" && j.Persona(opts.persona) == nil {
		return usagef("invalid --persona %q: expected one of the journey's personas (%s)", opts.persona, personaIDs(j))
	}
	var a *journey.Analysis
	if len(opts.data) > 0 {
		a, err = analyzeForRender(s, j, opts)
		if err != nil {
			return err
		}
	}
	d, err := diagram.New(j, a, diagram.Options{Persona: opts.persona, Layout: opts.layout, Arrows: opts.arrows})
	if err != nil {
		return inputError{err}
	}
	theme, _ := diagram.LookupTheme(opts.theme)

	var buf bytes.Buffer
	switch opts.format {
	case "mermaid":
		err = diagram.WriteMermaid(&buf, d, theme)
	case "dot":
		err = diagram.WriteDOT(&buf, d, theme)
	default:
		var pic []byte
		if pic, err = drawPicture(ctx, d, theme, opts.format); err == nil {
			buf.Write(pic)
		}
	}
	if err != nil {
		return err
	}
	return writeOutput(s, opts.out, buf.Bytes())
}

// loadJourneyForRender reads and checks the journey; a journey with errors
// is not drawn. Diagnostics go to stderr.
func loadJourneyForRender(s *streams, file string) (*journey.Journey, error) {
	var src []byte
	var err error
	name := file
	if file == "-" {
		name = stdinName
		src, err = io.ReadAll(s.in)
	} else {
		src, err = os.ReadFile(file)
	}
	if err != nil {
		return nil, ioError{fmt.Errorf("cannot read %s: %w", name, unwrapPathError(err))}
	}
	j, diags := journey.Parse(name, src)
	if len(diags) > 0 {
		werr := diagnostics.Write(s.err, "text", diags, diagnostics.Options{
			Sources:  map[string][]byte{name: src},
			Snippets: isTerminal(s.err),
			Color:    useColor(s.err),
		})
		if werr != nil {
			return nil, ioError{fmt.Errorf("cannot write diagnostics: %w", werr)}
		}
	}
	if j == nil || diags.Errors() > 0 {
		return nil, errInvalid
	}
	return j, nil
}

func personaIDs(j *journey.Journey) string {
	if len(j.Personas) == 0 {
		return "it has none"
	}
	ids := make([]string, len(j.Personas))
	for i, p := range j.Personas {
		ids[i] = p.ID
	}
	return strings.Join(ids, ", ")
}

// writeOutput writes the picture to stdout, or atomically to the file: a
// temporary file in the same directory renamed over the target, so a
// failed render never leaves a half-written picture in place of the last
// good one.
func writeOutput(s *streams, out string, data []byte) error {
	if out == "" || out == "-" {
		if _, err := s.out.Write(data); err != nil {
			return ioError{fmt.Errorf("cannot write to standard output: %w", err)}
		}
		return nil
	}
	dir, base := filepath.Split(out)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return ioError{fmt.Errorf("cannot write %s: %w", out, unwrapPathError(err))}
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		mode := os.FileMode(0o644)
		if st, err := os.Stat(out); err == nil {
			mode = st.Mode().Perm()
		}
		werr = os.Chmod(tmp.Name(), mode)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), out)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return ioError{fmt.Errorf("cannot write %s: %w", out, unwrapPathError(werr))}
	}
	return nil
}

// analyzeForRender loads the data files and computes the figures, as
// journey report does; rows that match no touchpoint are listed on stderr,
// since the picture has no place for them.
func analyzeForRender(s *streams, j *journey.Journey, opts *renderOptions) (*journey.Analysis, error) {
	window := 30 * 24 * time.Hour
	if opts.window != "" {
		w, err := parseWindow(opts.window)
		if err != nil {
			return nil, usagef("invalid --window %q: %v", opts.window, err)
		}
		window = w
	}
	mapping, err := importers.ParseMapping(opts.maps)
	if err != nil {
		return nil, usageError{err}
	}
	a, err := analyzeData(s, j, opts.data, dataOptions{persona: opts.persona, window: window, mapping: mapping})
	if err != nil {
		return nil, err
	}
	for _, u := range a.Unmatched {
		where := u.File
		switch {
		case u.Cell != "":
			where += ":" + u.Cell
		case u.Line > 0:
			where += ":" + strconv.Itoa(u.Line)
		}
		rows := ""
		if u.Rows > 1 {
			rows = fmt.Sprintf(" (%d rows)", u.Rows)
		}
		fmt.Fprintf(s.err, "journey: warning: %s: %q matches no touchpoint%s\n", where, u.Value, rows)
	}
	return a, nil
}
