package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"github.com/spf13/cobra"

	"github.com/journey-maps/journey/journey"
	mapdiff "github.com/journey-maps/journey/render/diff"
)

type diffOptions struct {
	old, new string
	format   string
	out      string
	maxSize  byteSize
	data     dataFlags
	// exitCode turns differences into exit status 1, as git diff
	// --exit-code does.
	exitCode bool
}

func newDiffCmd(s *streams) *cobra.Command {
	opts := &diffOptions{}
	cmd := &cobra.Command{
		Use:   "diff OLD NEW",
		Short: "Show what changed between two versions of a journey map",
		Long: `Show the personas, stages, touchpoints and KPIs that were added, removed,
renamed or changed between two versions of a journey map, with the keys
that changed (old and new value, or the list items added and removed),
and the flow arrows added and removed.

Items are matched by id. An item is renamed when it keeps its id and its
name changed, or when its id changed and its name did not (a removed and
an added item of the same kind with the same name, which no other removed
or added item of that kind has). When both change, it shows as removed and
added. References to a renamed id (next, personas, KPI scopes) follow it,
so renaming an id does not show every reference as changed.

OLD and NEW are journey files, - for standard input (one of them), or
REV:PATH for a version in git: the file as committed ("git cat-file blob
REV:PATH", no filters applied), read in the current
directory, so PATH is from the repository's top (or ./PATH from the
current directory), as git reads it. An argument that names an existing
file is always read as that file, even with a colon in its name; so is a
Windows path such as C:\maps\store.yaml.

With --data, the same data is read with each version, and the change in
the figures is shown too: users, conversion and drop-off per touchpoint,
and each KPI's actual figure, target and status.

--format markdown fits a pull-request comment: a table per kind of item,
long ones folded in <details>, every name from the map escaped.

Exit status: 0 whether or not the versions differ (1 when they differ
with --exit-code); 1 when a version is not a valid journey map; 2 for bad
usage or a version that cannot be read (a missing file, not a git
repository, an unknown revision or path).`,
		Example: `  journey diff old.yaml maps/store.yaml
  journey diff HEAD:maps/store.yaml maps/store.yaml
  journey diff main:maps/store.yaml HEAD:maps/store.yaml --format markdown > comment.md
  journey diff HEAD~1:maps/store.yaml maps/store.yaml --data ga4.csv
  journey diff --exit-code HEAD:maps/store.yaml maps/store.yaml`,
		Args: argCount(2, 2, "the OLD and NEW versions of a journey map"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.old, opts.new = args[0], args[1]
			if opts.old == "-" && opts.new == "-" {
				return usagef("standard input (-) can be read once: give OLD or NEW as -, not both")
			}
			if opts.format == "" {
				f, err := formatFromExt(opts.out, diffExts, "text")
				if err != nil {
					return err
				}
				opts.format = f
			}
			return runDiff(s, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.out, "output", "o", "", "write the diff to this file (- for standard output)")
	enumFlag(cmd, &opts.format, "format", "f", "", mapdiff.Formats, "diff format", "default from -o's extension, else text")
	cmd.Flags().BoolVar(&opts.exitCode, "exit-code", false, "exit with status 1 when the versions differ, as git diff --exit-code")
	maxFileSizeFlag(cmd, &opts.maxSize)
	opts.data.register(cmd, false)
	return cmd
}

// diffExts are the output extensions diff knows, with their format.
var diffExts = map[string]string{".md": "markdown", ".markdown": "markdown", ".json": "json", ".txt": "text"}

func runDiff(s *streams, opts *diffOptions) error {
	var dopts dataOptions
	if len(opts.data.data) > 0 {
		stdinMap := ""
		if opts.old == "-" || opts.new == "-" {
			stdinMap = "-"
		}
		var err error
		if dopts, err = opts.data.resolve(stdinMap); err != nil {
			return err
		}
	}
	oldJ, err := loadVersion(s, opts.old, opts.maxSize)
	if err != nil {
		return err
	}
	newJ, err := loadVersion(s, opts.new, opts.maxSize)
	if err != nil {
		return err
	}
	d := journey.Diff(oldJ, newJ)
	if len(opts.data.data) > 0 {
		if err := opts.data.checkPersona(newJ); err != nil {
			return err
		}
		// The data is read twice, once with each version's labels and
		// flow; its warnings are the same both times, so the old
		// version's are not repeated.
		quiet := *s
		quiet.err = io.Discard
		oldA, err := analyzeData(&quiet, oldJ, opts.data.data, dopts)
		if err != nil {
			return err
		}
		newA, err := analyzeData(s, newJ, opts.data.data, dopts)
		if err != nil {
			return err
		}
		d.AddFigures(oldA, newA)
	}
	o := mapdiff.Options{Old: opts.old, New: opts.new, Color: s.outColor() && (opts.out == "" || opts.out == "-")}
	var b bytes.Buffer
	switch opts.format {
	case "markdown":
		err = mapdiff.WriteMarkdown(&b, d, o)
	case "json":
		err = mapdiff.WriteJSON(&b, d, o)
	default:
		err = mapdiff.WriteText(&b, d, o)
	}
	if err != nil {
		return fmt.Errorf("cannot build the %s diff: %w", opts.format, err)
	}
	var inputs []string
	for _, v := range []string{opts.old, opts.new} {
		if _, ok := gitSpec(v); !ok {
			inputs = append(inputs, v)
		}
	}
	if err := writeOutput(s, opts.out, b.Bytes(), append(inputs, opts.data.files()...)); err != nil {
		return err
	}
	if opts.exitCode && !d.Empty() {
		return errInvalid
	}
	return nil
}

// loadVersion reads and checks one version of the map: a file, standard
// input, or REV:PATH from git.
func loadVersion(s *streams, arg string, limit byteSize) (*journey.Journey, error) {
	spec, ok := gitSpec(arg)
	if !ok {
		return loadJourney(s, arg, limit)
	}
	src, err := gitShow(spec, limit)
	if err != nil {
		return nil, err
	}
	return parseJourney(s, arg, src)
}

// gitSpec tells whether arg names a version in git (REV:PATH) rather than
// a file: it holds a colon, it is not an existing file or directory (a
// file may have a colon in its name), and it is not a Windows path with a
// drive letter (C:\maps\x.yaml, C:/maps/x.yaml, C:x.yaml are files).
func gitSpec(arg string) (string, bool) {
	if arg == "-" || !strings.Contains(arg, ":") {
		return "", false
	}
	if _, err := os.Stat(arg); err == nil {
		return "", false
	}
	if len(arg) >= 2 && arg[1] == ':' && isLetter(arg[0]) {
		return "", false
	}
	return arg, true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// gitShow reads REV:PATH from git, in the current directory, up to limit
// bytes: the file's bytes as committed ("git cat-file blob", which applies
// no text conversion and fails on a directory instead of listing it).
// Every failure is a version that cannot be read (exit 2), with git's own
// reason.
func gitShow(spec string, limit byteSize) ([]byte, error) {
	if strings.HasPrefix(spec, "-") {
		// git would take it for an option.
		return nil, usagef("invalid version %q: expected REV:PATH with a revision that does not start with -", spec)
	}
	cmd := exec.Command("git", "cat-file", "blob", spec)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, ioError{fmt.Errorf("cannot read %s from git: %w", spec, err)}
	}
	if err := cmd.Start(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return nil, ioError{fmt.Errorf("cannot read %s: it is not a file, and git, which would read it as REV:PATH, is not installed", spec)}
		}
		return nil, ioError{fmt.Errorf("cannot read %s from git: %w", spec, err)}
	}
	src, rerr := journey.ReadAll(out, limit.n)
	if rerr != nil {
		_ = cmd.Process.Kill()
	}
	werr := cmd.Wait()
	if _, big := errors.AsType[*journey.TooLargeError](rerr); big {
		return nil, ioError{fmt.Errorf("cannot read %s from git: expected at most %s (--max-file-size), found more", spec, limit.text)}
	}
	if werr != nil || rerr != nil {
		why := strings.TrimSpace(stderr.String())
		if i := strings.IndexByte(why, '\n'); i >= 0 {
			why = why[:i]
		}
		why = strings.TrimPrefix(why, "fatal: ")
		if why == "" {
			why = errors.Join(werr, rerr).Error()
		}
		if kind, err := exec.Command("git", "cat-file", "-t", spec).Output(); err == nil && strings.TrimSpace(string(kind)) == "tree" {
			why = "it is a directory there; name a journey file in it"
		}
		return nil, ioError{fmt.Errorf("cannot read %s: it is not a file, and git cannot show it as REV:PATH: %s", spec, why)}
	}
	return src, nil
}
