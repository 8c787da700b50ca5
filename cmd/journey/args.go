package main

import (
	"github.com/spf13/cobra"
)

// argCount checks that a command has from min to max arguments, with the
// usage exit status and one wording for every command: what it takes
// (names, such as "the journey FILE"), how many it got, and where to look.
func argCount(min, max int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) >= min && len(args) <= max {
			return nil
		}
		if max == 0 {
			return usagef("%s takes no arguments, got %d; see %s --help", cmd.CommandPath(), len(args), cmd.CommandPath())
		}
		return usagef("%s needs %s, got %d argument(s); see %s --help", cmd.CommandPath(), names, len(args), cmd.CommandPath())
	}
}
