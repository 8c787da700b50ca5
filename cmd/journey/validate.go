package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/journey-maps/journey/journey"
	"github.com/journey-maps/journey/render/diagnostics"
)

type validateOptions struct {
	paths   []string
	exclude []string
	format  string
	strict  bool
	maxSize byteSize
	// out is -o: the findings go to this file (written whole, as every
	// output) instead of standard output.
	out string
}

func newValidateCmd(s *streams) *cobra.Command {
	opts := &validateOptions{}
	cmd := &cobra.Command{
		Use:   "validate [PATH...]",
		Short: "Check journey files for errors and warnings",
		Long: `Check journey files against the format: unknown or missing keys, wrong
types, duplicate ids, references to ids that do not exist, emotion out of
range, malformed KPI targets and scopes; and warn about touchpoints no flow
reaches, personas no touchpoint serves and stages without touchpoints.

PATH is a file, a directory or - for standard input. Without PATH, the
current directory is checked. A file named as PATH is always checked. In
a directory, journey checks the journey maps among the *.yaml and *.yml
files below it (hidden directories such as .github skipped): a file is a
journey map unless its top level is plainly something else: a list, or a
mapping without a stages or personas key where at most half of the keys
are journey keys (version, name, description, personas, stages, kpis) or
close misspellings of them. So docker-compose.yml, mkdocs.yml or a CI
configuration is passed over, while a journey map with errors, even a
YAML syntax error, is checked. A file named *.journey.yaml or
*.journey.yml is always checked.

--exclude GLOB (repeatable) leaves out the files and directories it
matches below a directory PATH: a pattern without a slash matches a name
at any depth (vendor, *.draft.yaml), one with a slash matches the path
from PATH (maps/old/*.yaml); ** matches any number of directories
(maps/**/archive). Patterns use * ? and [...] as in shell globs.

In a directory, named pipes, sockets, devices and symbolic links that
lead out of it are skipped with a note on stderr.
A file larger than --max-file-size (sizes such as 16MiB, 64MB, 1GB) is
not read.

Exit status: 0 when no errors (and, with --strict, no warnings) are found,
1 when some are, 2 for bad usage or a file that cannot be read or is
larger than --max-file-size.`,
		Example: `  journey validate examples/online-store.yaml
  journey validate --strict maps/
  cat map.yaml | journey validate -
  journey validate --format github maps/     # annotations in GitHub Actions
  journey validate --format sarif maps/ > journey.sarif
  journey validate --exclude 'drafts/**' --exclude '*.old.yaml'`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.paths = args
			if len(opts.paths) == 0 {
				opts.paths = []string{"."}
			}
			for _, g := range opts.exclude {
				if err := checkGlob(g); err != nil {
					return usagef("invalid --exclude %q: %v", g, err)
				}
			}
			return runValidate(s, opts)
		},
	}
	enumFlag(cmd, &opts.format, "format", "f", diagnostics.Formats[0], diagnostics.Formats, "output format", "")
	cmd.Flags().BoolVar(&opts.strict, "strict", false, "fail on warnings too")
	cmd.Flags().StringVarP(&opts.out, "output", "o", "", "write the findings to this file (- for standard output), e.g. -o journey.sarif")
	cmd.Flags().StringArrayVar(&opts.exclude, "exclude", nil, "leave out files and directories below a directory PATH that match this glob (** for any depth); repeatable")
	maxFileSizeFlag(cmd, &opts.maxSize)
	return cmd
}

// validated is one checked file.
type validated struct {
	name  string
	src   []byte
	diags journey.Diagnostics
}

func runValidate(s *streams, opts *validateOptions) error {
	// Parsing allocates a lot of short-lived YAML nodes; collecting less
	// often saves a fifth of the CPU time, and live memory stays one file
	// per core.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	files, walked, readErrs, notes := expandPaths(opts.paths, opts.exclude)
	results := make([]validated, len(files))
	var unreadable []error
	unreadable = append(unreadable, readErrs...)

	snippets := opts.format == "text" && s.outTTY
	// Parse on every core; results keep the order of files.
	var mu sync.Mutex
	var wg sync.WaitGroup
	passedOver := 0
	next := make(chan int)
	for w := 0; w < min(runtime.GOMAXPROCS(0), max(len(files), 1)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				name := files[i]
				name, src, err := readJourneyFile(s, name, opts.maxSize)
				if err != nil {
					mu.Lock()
					unreadable = append(unreadable, fmt.Errorf("cannot read %s: %w", name, unwrapPathError(err)))
					mu.Unlock()
					continue
				}
				if walked[files[i]] && !journey.IsJourneyName(name) && !journey.LooksLikeJourney(src) {
					// Other YAML in the directory: not a journey map.
					mu.Lock()
					passedOver++
					mu.Unlock()
					continue
				}
				_, diags := journey.Parse(name, src)
				if !snippets || len(diags) == 0 {
					src = nil // keep memory to one file at a time
				}
				results[i] = validated{name: name, src: src, diags: diags}
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()

	var all journey.Diagnostics
	sources := map[string][]byte{}
	var checked []string
	for _, r := range results {
		if r.name == "" {
			continue
		}
		all = append(all, r.diags...)
		if r.src != nil {
			sources[r.name] = r.src
		}
		checked = append(checked, r.name)
	}
	all.Sort()
	toolVersion, _, _, _ := buildVersion()
	var w io.Writer = s.out
	var file bytes.Buffer
	toFile := opts.out != "" && opts.out != "-"
	if toFile {
		w, snippets = &file, false
	}
	err := diagnostics.Write(w, opts.format, all, diagnostics.Options{
		Sources:  sources,
		Snippets: snippets,
		Color:    s.outColor() && !toFile,
		Files:    checked,
		Strict:   opts.strict,
		// For SARIF's tool.driver.version.
		ToolVersion: toolVersion,
	})
	if err != nil {
		return ioError{fmt.Errorf("cannot write the report: %w", err)}
	}
	if toFile {
		if err := writeOutput(s, opts.out, file.Bytes(), checked); err != nil {
			return err
		}
	}
	for _, n := range notes {
		fmt.Fprintf(s.err, "journey: %s\n", n)
	}
	if len(checked) == 0 && passedOver > 0 && len(unreadable) == 0 {
		unreadable = append(unreadable, fmt.Errorf("no journey maps found: %s passed over as other YAML (a list, or a mapping without stages or personas; see journey validate --help)", plural(passedOver, "YAML file")))
	}
	sort.Slice(unreadable, func(i, k int) bool { return unreadable[i].Error() < unreadable[k].Error() })
	for _, e := range unreadable {
		fmt.Fprintf(s.err, "journey: %v\n", e)
	}
	if opts.format == "text" && s.errTTY {
		fmt.Fprintf(s.err, "%s checked: %s, %s\n", plural(len(checked), "file"), plural(all.Errors(), "error"), plural(all.Warnings(), "warning"))
	}
	switch {
	case len(unreadable) > 0:
		return ioError{errReported}
	case all.Errors() > 0, opts.strict && all.Warnings() > 0:
		return errInvalid
	}
	return nil
}

// errReported is a failure whose details the command already printed.
var errReported = errors.New("reported")

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// expandPaths turns the arguments into the files to check: files as given,
// directories walked for *.yaml and *.yml (hidden directories and what
// matches an exclude pattern skipped), "-" for standard input once.
// walked marks the files found in a directory only, which are checked
// when they look like journey maps. In a directory, what is not a regular
// file in it (a named pipe that would block the read, a device that never
// ends, a link out of the tree that a pull request could point at any
// file) is skipped with a note.
func expandPaths(paths, exclude []string) (files []string, walked map[string]bool, errs []error, notes []string) {
	seen := map[string]bool{}
	walked = map[string]bool{}
	add := func(f string, inDir bool) {
		if !seen[f] {
			seen[f] = true
			files = append(files, f)
			walked[f] = inDir
		} else if !inDir {
			walked[f] = false
		}
	}
	for _, p := range paths {
		if p == "-" {
			add("-", false)
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("cannot read %s: %w", p, unwrapPathError(err)))
			continue
		}
		if !st.IsDir() {
			add(p, false)
			continue
		}
		root := realPath(p)
		found := 0
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err)))
				return nil
			}
			if path != p {
				if rel, err := filepath.Rel(p, path); err == nil && excluded(exclude, filepath.ToSlash(rel)) {
					if d.IsDir() {
						return filepath.SkipDir
					}
					return nil
				}
			}
			if d.IsDir() {
				if path != p && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			ext := strings.ToLower(filepath.Ext(path))
			if ext != ".yaml" && ext != ".yml" {
				return nil
			}
			found++
			if why := skipReason(root, path, d.Type()); why != "" {
				notes = append(notes, fmt.Sprintf("skipped %s: %s", path, why))
				return nil
			}
			add(path, true)
			return nil
		})
		if err != nil {
			errs = append(errs, err)
		}
		if found == 0 {
			errs = append(errs, fmt.Errorf("no *.yaml or *.yml files under %s", p))
		}
	}
	return files, walked, errs, notes
}

// excluded tells whether a path relative to the walked directory (with
// slashes) matches one of the patterns: a pattern without a slash matches
// the last name, one with a slash the whole path, where ** stands for any
// number of directories.
func excluded(patterns []string, rel string) bool {
	for _, pat := range patterns {
		pat = strings.TrimPrefix(filepath.ToSlash(pat), "./")
		pat = strings.TrimSuffix(pat, "/")
		if !strings.Contains(pat, "/") {
			if ok, _ := path.Match(pat, path.Base(rel)); ok {
				return true
			}
			continue
		}
		if globMatch(strings.Split(pat, "/"), strings.Split(rel, "/")) {
			return true
		}
	}
	return false
}

// globMatch matches path segments against pattern segments; "**" matches
// zero or more segments.
func globMatch(pat, segs []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(segs); i++ {
				if globMatch(pat[1:], segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], segs[0]); !ok {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}

// checkGlob reports a malformed --exclude pattern.
func checkGlob(pat string) error {
	for _, seg := range strings.Split(filepath.ToSlash(pat), "/") {
		if _, err := path.Match(seg, ""); err != nil {
			return errors.New("expected a glob such as maps/**/*.draft.yaml: unbalanced [ or a trailing \\")
		}
	}
	return nil
}

// skipReason says why a directory entry of type t is not read, or "" when
// it is: a regular file, or a link to one inside root. A link that does not
// resolve is read, and fails as a file that cannot be read.
func skipReason(root, path string, t fs.FileMode) string {
	if t.IsRegular() {
		return ""
	}
	if t&fs.ModeSymlink == 0 {
		return fileKind(t) + ", not a regular file"
	}
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return ""
	}
	target = realPath(target)
	if rel, err := filepath.Rel(root, target); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "a symbolic link to " + target + ", outside the directory"
	}
	st, err := os.Stat(target)
	if err != nil || st.Mode().IsRegular() {
		return ""
	}
	return "a symbolic link to " + fileKind(st.Mode().Type()) + ", not a regular file"
}

// realPath is p absolute with its links resolved, or p when it cannot be.
func realPath(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		p = r
	}
	if a, err := filepath.Abs(p); err == nil {
		p = a
	}
	return p
}

// fileKind names a file type for notes.
func fileKind(t fs.FileMode) string {
	switch {
	case t&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case t&fs.ModeSocket != 0:
		return "a socket"
	case t&fs.ModeCharDevice != 0:
		return "a character device"
	case t&fs.ModeDevice != 0:
		return "a device"
	case t.IsDir():
		return "a directory"
	}
	return "a special file"
}
