package journey

import (
	"bytes"
	"path"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// IsJourneyName reports whether a file name follows the journey map
// convention: *.journey.yaml or *.journey.yml, in any case.
func IsJourneyName(name string) bool {
	n := strings.ToLower(path.Base(strings.ReplaceAll(name, "\\", "/")))
	return strings.HasSuffix(n, ".journey.yaml") || strings.HasSuffix(n, ".journey.yml")
}

// LooksLikeJourney reports whether YAML text found in a directory is to be
// checked as a journey map. It is not when its top level is plainly
// something else, so that docker-compose.yml, mkdocs.yml or a CI
// configuration beside the maps is not reported as a broken journey:
//   - a list (a journey map is a mapping; pre-commit hooks and Ansible
//     playbooks are lists), or
//   - a mapping with neither a stages nor a personas key where at most
//     half of the keys are keys of a journey map or close misspellings of
//     one ("stags").
//
// Anything else is checked, an empty file or a map with a YAML syntax
// error included: the keys are read from the text line by line, so that
// a syntax error further down does not hide them.
func LooksLikeJourney(src []byte) bool {
	keys, list := topLevelKeys(src)
	if len(keys) == 0 {
		return !list
	}
	if slices.Contains(keys, "stages") || slices.Contains(keys, "personas") {
		return true
	}
	near := 0
	for _, k := range keys {
		if slices.Contains(journeyKeys, k) || Closest(k, journeyKeys) != "" {
			near++
		}
	}
	return 2*near > len(keys)
}

// topKey is a key at the start of a line: plain, or in single or double
// quotes, followed by a colon and a space or the line's end.
var topKey = regexp.MustCompile(`^(?:"([^"]*)"|'([^']*)'|([^\s"'#:\-{}\[\]?][^#:]*?))[ \t]*:(?:[ \t]|$)`)

// topLevelKeys lists the keys of a block mapping at the top of the text,
// in order, or tells that the top level is a list. Lines that start with
// white space belong to a value; a top level in flow style ({...} or
// [...]) is parsed instead.
func topLevelKeys(src []byte) (keys []string, list bool) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	for len(src) > 0 {
		line := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		line = bytes.TrimRight(line, "\r")
		if len(line) == 0 || line[0] == ' ' || line[0] == '\t' || line[0] == '#' || line[0] == '%' ||
			bytes.HasPrefix(line, []byte("---")) || bytes.HasPrefix(line, []byte("...")) {
			continue
		}
		if len(keys) == 0 {
			switch {
			case line[0] == '{':
				return flowKeys(line, src), false
			case line[0] == '[', line[0] == '-' && (len(line) == 1 || line[1] == ' ' || line[1] == '\t'):
				return nil, true
			}
		}
		if m := topKey.FindSubmatch(line); m != nil {
			keys = append(keys, string(bytes.TrimSpace(slices.Concat(m[1], m[2], m[3]))))
		}
	}
	return keys, false
}

// flowKeys parses a top level written in flow style.
func flowKeys(first, rest []byte) []string {
	var doc yaml.Node
	if err := yaml.Unmarshal(slices.Concat(first, []byte("\n"), rest), &doc); err != nil || len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil
	}
	var keys []string
	for i := 0; i+1 < len(root.Content); i += 2 {
		keys = append(keys, root.Content[i].Value)
	}
	return keys
}
