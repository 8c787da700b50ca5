package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/journey-maps/journey/journey"
)

func newSchemaCmd(s *streams) *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of the journey file format",
		Long: `Print the JSON Schema (draft 2020-12) of the journey file format, version 1.
Editors use it for completion and inline checks; journey validate gives the
full checks, with positions and hints.`,
		Example: `  journey schema > journey.schema.json
  # VS Code (YAML extension), first line of a journey file:
  # yaml-language-server: $schema=./journey.schema.json`,
		Args: argCount(0, 0, ""),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := s.out.Write(journey.Schema); err != nil {
				return ioError{fmt.Errorf("cannot write the schema: %w", err)}
			}
			return nil
		},
	}
}
