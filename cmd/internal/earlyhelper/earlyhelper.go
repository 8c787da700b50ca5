// Package earlyhelper starts the journey-graphviz helper the moment
// journey's process starts, when the command line asks for an SVG or PNG
// flow picture: the helper then loads Graphviz (about 100 ms) while
// journey initialises its own packages, parses its flags and reads the
// map, instead of after.
//
// The package imports nothing but syscall, so that Go initialises it
// before the heavy packages journey links (its package initialisation
// order is by import path among packages whose imports are ready): the
// helper starts a few milliseconds after journey does. The helper runs in
// `journey-graphviz tiles` mode and waits for its arguments (format,
// journey's version, scale) in a first frame on its standard input, which
// journey sends once it knows them (see Take). A helper that journey does
// not take sees its input end when journey exits, and exits too.
package earlyhelper

import "sync/atomic"

// Started is a helper started when journey's process started: its process
// id, its path, and journey's ends of its standard input, output and
// error.
type Started struct {
	Pid                   int
	Path                  string
	Stdin, Stdout, Stderr uintptr
}

var started atomic.Pointer[Started]

// Take hands out the helper started with the process, once; nil when none
// was started.
func Take() *Started { return started.Swap(nil) }

// Wanted tells from journey's arguments (without the program's name)
// whether the command draws an SVG or PNG flow picture, as far as a look
// at the words can tell: `render` with --format svg or png, or without a
// format, an -o that does not name another format by its extension; not
// with --view canvas or --help. A wrong guess costs only a helper that
// loads Graphviz for nothing on another core, or no early start.
func Wanted(args []string) bool {
	i := 0
	for i < len(args) && len(args[i]) > 0 && args[i][0] == '-' {
		i++
	}
	if i == len(args) || args[i] != "render" {
		return false
	}
	var format, out, view string
	hasFormat, hasOut := false, false
	rest := args[i+1:]
	for k := 0; k < len(rest); k++ {
		a := rest[k]
		if a == "--" {
			break
		}
		name, value, inline := cutFlag(a)
		next := func() string {
			if inline {
				return value
			}
			if k+1 < len(rest) {
				k++
				return rest[k]
			}
			return ""
		}
		switch name {
		case "-h", "--help":
			return false
		case "-f", "--format":
			format, hasFormat = next(), true
		case "-o", "--output":
			out, hasOut = next(), true
		case "--view":
			view = next()
		}
	}
	if view == "canvas" {
		return false
	}
	if hasFormat {
		return format == "svg" || format == "png"
	}
	if hasOut {
		switch ext(out) {
		case ".dot", ".gv", ".mmd", ".mermaid":
			return false
		}
	}
	return true
}

// cutFlag splits "--name=value" and "-fvalue" (a one-letter flag with its
// value joined) into the flag's name and value.
func cutFlag(a string) (name, value string, inline bool) {
	if len(a) > 2 && a[0] == '-' && a[1] == '-' {
		for j := 2; j < len(a); j++ {
			if a[j] == '=' {
				return a[:j], a[j+1:], true
			}
		}
		return a, "", false
	}
	if len(a) > 2 && a[0] == '-' && (a[1] == 'f' || a[1] == 'o') {
		v := a[2:]
		if v[0] == '=' {
			v = v[1:]
		}
		return a[:2], v, true
	}
	return a, "", false
}

// ext is the extension of a path, lower-case ASCII.
func ext(p string) string {
	for j := len(p) - 1; j >= 0 && p[j] != '/'; j-- {
		if p[j] == '.' {
			b := []byte(p[j:])
			for k, c := range b {
				if c >= 'A' && c <= 'Z' {
					b[k] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return ""
}
