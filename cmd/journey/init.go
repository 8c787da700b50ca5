package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/journey-maps/journey/journey"
)

func newInitCmd(s *streams) *cobra.Command {
	return &cobra.Command{
		Use:   "init [FILE]",
		Short: "Write a starter journey file",
		Long: `Write a small, valid journey map to start from (default journey.yaml),
with comments that explain the format. An existing file is never
overwritten. FILE - writes to standard output.`,
		Example: `  journey init
  journey init maps/checkout.yaml
  journey init - > draft.yaml`,
		Args: argCount(0, 1, "at most one FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := "journey.yaml"
			if len(args) == 1 {
				path = args[0]
			}
			return runInit(s, path)
		},
	}
}

func runInit(s *streams, path string) error {
	if path == "-" {
		if _, err := s.out.Write(journey.Template); err != nil {
			return ioError{fmt.Errorf("cannot write to standard output: %w", err)}
		}
		return nil
	}
	// O_EXCL makes "never overwrite" hold even if the file appears meanwhile.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return ioError{fmt.Errorf("%s already exists; not overwriting it (choose another name or remove it first)", path)}
	}
	if err != nil {
		return ioError{fmt.Errorf("cannot create %s: %w", path, unwrapPathError(err))}
	}
	if _, err := f.Write(journey.Template); err != nil {
		f.Close()
		os.Remove(path)
		return ioError{fmt.Errorf("cannot write %s: %w", path, err)}
	}
	if err := f.Close(); err != nil {
		return ioError{fmt.Errorf("cannot write %s: %w", path, err)}
	}
	fmt.Fprintf(s.err, "wrote %s; next: journey validate %s\n", path, path)
	return nil
}
