package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/journey-maps/journey/journey"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Exit statuses, the same for every command.
const (
	exitOK      = 0
	exitInvalid = 1 // the input is invalid or a check failed
	exitUsage   = 2 // bad usage, or a file that cannot be read or written
)

// streams are a command's I/O and what is decided about it once per run:
// whether each output is a terminal, whether colour is allowed, and how
// pictures are drawn. Tests build their own, with buffers that pretend to
// be terminals and a drawer that runs Graphviz in-process.
type streams struct {
	in  io.Reader
	out io.Writer
	err io.Writer
	// outTTY and errTTY: the stream is a terminal (caret snippets, the
	// progress bar, the summary line, no PNG on the screen).
	outTTY, errTTY bool
	// color: colour is allowed on a terminal (NO_COLOR is unset, TERM is
	// not dumb); colorMode is --color (auto, always, never).
	color     bool
	colorMode string
	// draw lays out and draws a picture as svg or png.
	draw pictureDrawer
	// prestart, when set, starts what draw will use before the command
	// reads its inputs, and returns a function that stops what was not
	// used (see helperDrawer).
	prestart func(ctx context.Context, format string, scale float64) (release func())
	// now is the time of the run (time.Now when nil); tests fix it, so
	// that a report that states its time stays the same.
	now func() time.Time
}

// clock returns the time of the run.
func (s *streams) clock() time.Time {
	if s.now != nil {
		return s.now()
	}
	return time.Now()
}

// outColor and errColor tell whether to colour what goes to each stream.
func (s *streams) outColor() bool { return s.colorFor(s.outTTY) }
func (s *streams) errColor() bool { return s.colorFor(s.errTTY) }

// errInvalid reports that the input is invalid or a check failed; the
// command has already printed why.
var errInvalid = errors.New("check failed")

// inputError is input that cannot be used: a malformed data file, a journey
// with errors. Exit status 1.
type inputError struct{ err error }

func (e inputError) Error() string { return e.err.Error() }
func (e inputError) Unwrap() error { return e.err }

// usageError is bad usage: unknown flags, wrong arguments, bad flag values.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// ioError is a file that cannot be read or written.
type ioError struct{ err error }

func (e ioError) Error() string { return e.err.Error() }
func (e ioError) Unwrap() error { return e.err }

// exitCode maps a command's error to the exit status; the only place that
// does so. ran tells whether the command's own code started: an error
// nobody classified before that is cobra's word on the command line (an
// unknown command), after it a failure of the run itself (a crash of the
// Graphviz helper), which is not the user's usage and exits 1 with its
// cause.
func exitCode(err error, ran bool) int {
	var in inputError
	var use usageError
	var io ioError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errInvalid), errors.As(err, &in):
		return exitInvalid
	case errors.As(err, &use), errors.As(err, &io):
		return exitUsage
	case !ran:
		return exitUsage
	default:
		return exitInvalid
	}
}

// run executes the whole command line in-process and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return execute(context.Background(), args, newStreams(stdin, stdout, stderr))
}

// execute runs the command line on streams already set up; ctx ends
// long-running commands (serve) when it is done.
func execute(ctx context.Context, args []string, s *streams) int {
	root := newRootCmd(s)
	ran := false
	root.PersistentPreRun = func(*cobra.Command, []string) { ran = true }
	root.SetArgs(args)
	root.SetIn(s.in)
	root.SetOut(s.out)
	root.SetErr(s.err)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	if !errors.Is(err, errInvalid) && !errors.Is(err, errReported) {
		fmt.Fprintf(s.err, "journey: %v\n", err)
	}
	return exitCode(err, ran)
}

func newRootCmd(s *streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "journey",
		Short: "Customer journey maps as code: validate, analyse, render",
		Long: `journey keeps a customer journey map in YAML (personas, stages,
touchpoints, KPIs), validates it, merges analytics exports (CSV, XLSX,
JSON, Parquet) into it to show where customers drop off, and renders
diagrams, journey-map canvases and gap reports.`,
		Example: `  journey init checkout.yaml
  journey validate examples/
  journey render examples/online-store.yaml -o store.svg
  journey report examples/online-store.yaml --data examples/online-store.ga4.csv
  journey serve examples/online-store.yaml --data examples/online-store.ga4.csv
  journey render examples/online-store.yaml --view canvas -o canvas.png
  journey diff HEAD:maps/store.yaml maps/store.yaml -f markdown
  journey sql examples/online-store.yaml --dialect bigquery`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(flagError)
	setVersionFlag(root)
	colorFlag(root, s)
	root.SetHelpCommand(newHelpCmd(root))
	root.AddCommand(newValidateCmd(s))
	root.AddCommand(newInitCmd(s))
	root.AddCommand(newSchemaCmd(s))
	root.AddCommand(newVersionCmd(s))
	root.AddCommand(newServeCmd(s))
	root.AddCommand(newRenderCmd(s))
	root.AddCommand(newReportCmd(s))
	root.AddCommand(newSQLCmd(s))
	root.AddCommand(newDiffCmd(s))
	return root
}

// stdinName is how diagnostics name standard input.
const stdinName = "<stdin>"

// flagError words a bad flag value as every other usage error: the flag,
// the value and what was expected; an unknown flag gets the closest known
// one and a pointer to --help.
func flagError(cmd *cobra.Command, err error) error {
	var bad *pflag.InvalidValueError
	if errors.As(err, &bad) {
		return usagef("invalid --%s %q: %w", bad.GetFlag().Name, bad.GetValue(), errors.Unwrap(bad))
	}
	if name, ok := strings.CutPrefix(err.Error(), "unknown flag: --"); ok {
		var names []string
		cmd.Flags().VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
		cmd.InheritedFlags().VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
		msg := "unknown flag: --" + name
		if c := journey.Closest(name, names); c != "" {
			msg += " (did you mean --" + c + "?)"
		}
		return usagef("%s; see %s --help", msg, cmd.CommandPath())
	}
	return usageError{err}
}

// newHelpCmd is `journey help [COMMAND]`, which, unlike cobra's own, calls
// a topic it does not know a usage error.
func newHelpCmd(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:   "help [COMMAND]",
		Short: "Help about any command",
		RunE: func(_ *cobra.Command, args []string) error {
			target, rest, err := root.Find(args)
			if err != nil || target == nil || len(rest) > 0 || (len(args) > 0 && target == root) {
				return usagef("unknown help topic %q: see journey --help for the commands", strings.Join(args, " "))
			}
			return target.Help()
		},
	}
}
