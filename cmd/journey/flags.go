package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

// enumValue is a string flag that takes one of a fixed list of values. The
// list comes from the package that gives the values their meaning, so the
// check, the help text and the shell completion never disagree with it.
type enumValue struct {
	p       *string
	options []string
}

func (e *enumValue) Set(v string) error {
	if !slices.Contains(e.options, v) {
		return fmt.Errorf("expected one of %s", strings.Join(e.options, ", "))
	}
	*e.p = v
	return nil
}

func (e *enumValue) String() string { return *e.p }
func (e *enumValue) Type() string   { return "string" }

// enumFlag defines --name (and -short, unless empty) holding one of
// options, with def as its value when not given ("" where the command
// derives it otherwise, as render's format from -o). The help reads
// "usage: a|b|c (note)".
func enumFlag(cmd *cobra.Command, p *string, name, short, def string, options []string, usage, note string) {
	*p = def
	help := usage + ": " + strings.Join(options, "|")
	if note != "" {
		help += " (" + note + ")"
	}
	cmd.Flags().VarP(&enumValue{p: p, options: options}, name, short, help)
	_ = cmd.RegisterFlagCompletionFunc(name, fixedCompletion(options...))
}

// fixedCompletion completes a flag from a fixed list of values.
func fixedCompletion(values ...string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}

// formatFromExt picks an output format from -o's extension by exts; def
// for standard output. An extension the command cannot write is a usage
// error, so that nothing is written under a misleading name.
func formatFromExt(out string, exts map[string]string, def string) (string, error) {
	if out == "" || out == "-" {
		return def, nil
	}
	ext := strings.ToLower(filepath.Ext(out))
	if f, ok := exts[ext]; ok {
		return f, nil
	}
	known := make([]string, 0, len(exts))
	for e := range exts {
		known = append(known, e)
	}
	slices.Sort(known)
	return "", usagef("cannot tell the format from -o %q: expected extension %s, or give --format", out, strings.Join(known, ", "))
}
