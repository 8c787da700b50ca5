package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// Exit statuses, the same for every command.
const (
	exitOK      = 0
	exitInvalid = 1 // the input is invalid or a check failed
	exitUsage   = 2 // bad usage, or a file that cannot be read or written
)

// streams are a command's I/O; tests pass buffers.
type streams struct {
	in  io.Reader
	out io.Writer
	err io.Writer
}

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
// does so.
func exitCode(err error) int {
	var in inputError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errInvalid), errors.As(err, &in):
		return exitInvalid
	default:
		// Usage errors, cobra's own argument errors and unreadable or
		// unwritable files.
		return exitUsage
	}
}

// run executes the whole command line in-process and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	s := &streams{in: stdin, out: stdout, err: stderr}
	root := newRootCmd(s)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	if !errors.Is(err, errInvalid) && !errors.Is(err, errReported) {
		fmt.Fprintf(stderr, "journey: %v\n", err)
	}
	return exitCode(err)
}

func newRootCmd(s *streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "journey",
		Short: "Customer journey maps as code: validate, analyse, render",
		Long: `journey keeps a customer journey map in YAML (personas, stages,
touchpoints, KPIs), validates it, merges analytics exports (CSV/XLSX) into
it to show where customers drop off, and renders diagrams and gap reports.`,
		Example: `  journey init checkout.yaml
  journey validate examples/
  journey render examples/online-store.yaml -o store.svg
  journey report examples/online-store.yaml --data examples/online-store.ga4.csv
  journey serve examples/online-store.yaml --data examples/online-store.ga4.csv`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newValidateCmd(s))
	root.AddCommand(newInitCmd(s))
	root.AddCommand(newSchemaCmd(s))
	root.AddCommand(newVersionCmd(s))
	root.AddCommand(newServeCmd(s))
	root.AddCommand(newRenderCmd(s))
	root.AddCommand(newReportCmd(s))
	return root
}

// stdinName is how diagnostics name standard input.
const stdinName = "<stdin>"
