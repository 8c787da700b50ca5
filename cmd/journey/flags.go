package main

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
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

// sizeValue is a flag holding a size in bytes, written as a number with an
// optional unit: 1048576, 512KiB, 64MiB, 1GiB, or 64MB (decimal units).
type sizeValue struct{ p *int64 }

var sizeUnits = map[string]int64{
	"": 1, "b": 1,
	"k": 1 << 10, "kib": 1 << 10, "kb": 1000,
	"m": 1 << 20, "mib": 1 << 20, "mb": 1000 * 1000,
	"g": 1 << 30, "gib": 1 << 30, "gb": 1000 * 1000 * 1000,
	"t": 1 << 40, "tib": 1 << 40, "tb": 1000 * 1000 * 1000 * 1000,
}

func (v sizeValue) Set(s string) error {
	t := strings.TrimSpace(s)
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	num, unit := t, ""
	if i >= 0 {
		num, unit = t[:i], strings.ToLower(strings.TrimSpace(t[i:]))
	}
	mult, ok := sizeUnits[unit]
	n, err := strconv.ParseFloat(num, 64)
	if !ok || err != nil || n <= 0 || n*float64(mult) > math.MaxInt64/2 {
		return errors.New("expected a size such as 64MiB, 512KiB or 2GiB")
	}
	*v.p = int64(n * float64(mult))
	return nil
}

func (v sizeValue) String() string { return formatSize(*v.p) }
func (v sizeValue) Type() string   { return "size" }

// formatSize writes a size in the largest binary unit that divides it.
func formatSize(n int64) string {
	for _, u := range []struct {
		name string
		size int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.size && n%u.size == 0 {
			return strconv.FormatInt(n/u.size, 10) + u.name
		}
	}
	return strconv.FormatInt(n, 10)
}

// sizeFlag defines --name holding a size in bytes, def when not given.
func sizeFlag(cmd *cobra.Command, p *int64, name string, def int64, usage string) {
	*p = def
	cmd.Flags().Var(sizeValue{p}, name, usage)
}
