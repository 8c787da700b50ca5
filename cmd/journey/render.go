package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/journey-maps/journey/journey"
	"github.com/journey-maps/journey/render/diagram"
)

type renderOptions struct {
	file    string
	maxSize byteSize
	out     string
	format  string
	data    dataFlags
	pic     pictureFlags
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
on its own, journey places the stages, draws the arrows between them and
sets the figures beside the arrows.
DOT is the whole map as one graph, for Graphviz's own tools; DOT and
Mermaid need nothing. --format mermaid-journey writes Mermaid's journey
diagram: a section per stage, a task per touchpoint scored 1 to 5 from its
emotion, its personas as actors, no figures. --color-by channel fills the
touchpoints by channel instead of emotion, with a legend.

--view canvas draws the classic journey-map canvas instead of the flow:
persona cards on top, stages as columns with a column per touchpoint, and
lanes for the stages' goals, the touchpoints (name, channel, filled by
emotion), what the customer does and thinks, the emotion curve on a
scale from +2 to -2, pains, opportunities, owners and back-stage
processes; a lane shows only when something fills it. With --data a lane
of figures per stage (users, drop-off, KPIs met or missed) is added and
each touchpoint shows its users and drop-off. The canvas is SVG or PNG,
laid out by journey itself (no helper needed); long texts wrap.`,
		Example: `  journey render examples/online-store.yaml -o store.svg
  journey render examples/online-store.yaml --data ga4.csv -o store.png
  journey render map.yaml --persona bargain-hunter --theme high-contrast -o wall.png
  journey render map.yaml --scale 4 -o poster.png   # 384 dpi, for print or a wall
  journey render map.yaml -o map.mmd     # Mermaid; in Markdown, inside a mermaid code block
  journey render map.yaml -f mermaid-journey > journey.mmd   # Mermaid's journey diagram
  journey render map.yaml --data events.jsonl.gz --color-by channel -o channels.png
  journey render map.yaml --view canvas --theme high-contrast -o canvas.png
  journey render map.yaml --format dot | dot -Tpdf -o map.pdf`,
		Args: argCount(1, 1, "the journey FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.file = args[0]
			if opts.format == "" {
				f, err := formatFromExt(opts.out, pictureExts, "svg")
				if err != nil {
					return err
				}
				opts.format = f
			}
			if cmd.Flags().Changed("scale") {
				if opts.format != "png" {
					return usagef("--scale enlarges PNG only, found --format %s: SVG and DOT scale without loss as they are", opts.format)
				}
				if !(opts.pic.scale >= diagram.MinScale && opts.pic.scale <= diagram.MaxScale) {
					return usagef("expected --scale from %g to %g, found %g", diagram.MinScale, diagram.MaxScale, opts.pic.scale)
				}
			}
			if opts.format == "png" && (opts.out == "" || opts.out == "-") && s.outTTY {
				return usagef("will not write a PNG to the terminal: give -o FILE.png or redirect standard output")
			}
			return runRender(cmd.Context(), s, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.out, "output", "o", "", "write the picture to this file (- for standard output)")
	enumFlag(cmd, &opts.format, "format", "f", "", diagram.Formats, "picture format", "default from -o's extension, else svg")
	maxFileSizeFlag(cmd, &opts.maxSize)
	opts.data.register(cmd, false)
	opts.pic.register(cmd)
	cmd.Flags().Float64Var(&opts.pic.scale, "scale", 1, fmt.Sprintf("enlarge a PNG, from %g to %g times 96 dpi (2 for print, more for wall posters)", diagram.MinScale, diagram.MaxScale))
	return cmd
}

// pictureExts are the output extensions render knows, with their format.
var pictureExts = map[string]string{".svg": "svg", ".png": "png", ".dot": "dot", ".gv": "dot", ".mmd": "mermaid", ".mermaid": "mermaid"}

func runRender(ctx context.Context, s *streams, opts *renderOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	dopts, err := opts.data.resolve(opts.file)
	if err != nil {
		return err
	}
	if s.prestart != nil && opts.pic.view != diagram.ViewCanvas && (opts.format == "svg" || opts.format == "png") {
		scale := opts.pic.scale
		if scale <= 0 {
			scale = 1 // as drawScale
		}
		defer s.prestart(ctx, opts.format, scale)()
	}
	j, err := loadJourney(s, opts.file, opts.maxSize)
	if err != nil {
		return err
	}
	if err := opts.data.checkPersona(j); err != nil {
		return err
	}
	var a *journey.Analysis
	if len(opts.data.data) > 0 {
		if a, err = analyzeData(s, j, opts.data.data, dopts); err != nil {
			return err
		}
		warnUnmatched(s, a)
	}
	pic, err := drawMap(ctx, s, j, a, opts.data.persona, opts.pic, opts.format)
	if err != nil {
		return err
	}
	return writeOutput(s, opts.out, pic, append([]string{opts.file}, opts.data.files()...))
}
