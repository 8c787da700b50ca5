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

// byteSize is a size flag: a whole number of bytes with an optional unit,
// B, KB, MB, GB (powers of 1000) or KiB, MiB, GiB (powers of 1024), in any
// case, such as 16MiB, 64MB or 1GB.
type byteSize struct {
	n    int64
	text string
}

var sizeUnits = map[string]int64{
	"": 1, "b": 1,
	"kb": 1e3, "mb": 1e6, "gb": 1e9,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30,
}

func (b *byteSize) String() string { return b.text }
func (b *byteSize) Type() string   { return "size" }

func (b *byteSize) Set(s string) error {
	text := strings.TrimSpace(s)
	digits := strings.TrimLeft(text, "0123456789")
	num, unit := text[:len(text)-len(digits)], strings.ToLower(strings.TrimSpace(digits))
	mult, ok := sizeUnits[unit]
	n, err := strconv.ParseInt(num, 10, 64)
	if !ok || err != nil || n <= 0 {
		return errors.New("expected a size above zero such as 16MiB, 64MB or 1GB")
	}
	if n > (math.MaxInt64-1)/mult {
		return errors.New("expected a size below 8EiB")
	}
	b.n, b.text = n*mult, text
	return nil
}

// newByteSize is n bytes, written in the largest binary unit that divides
// it (256MiB).
func newByteSize(n int64) byteSize {
	text := strconv.FormatInt(n, 10)
	for _, u := range []struct {
		name string
		size int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.size && n%u.size == 0 {
			text = strconv.FormatInt(n/u.size, 10) + u.name
			break
		}
	}
	return byteSize{n: n, text: text}
}

// sizeFlag defines --name holding a size in bytes, def when not given.
func sizeFlag(cmd *cobra.Command, p *byteSize, name string, def int64, usage string) {
	*p = newByteSize(def)
	cmd.Flags().Var(p, name, usage)
}
