package journey

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Load reads and parses a journey file of at most DefaultMaxFileSize bytes.
// The error is for a file that cannot be read or is larger (a
// *TooLargeError); problems with its content are diagnostics.
func Load(path string) (*Journey, Diagnostics, error) {
	src, err := ReadFile(path, DefaultMaxFileSize)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read journey file: %w", err)
	}
	j, diags := Parse(path, src)
	return j, diags, nil
}

// Parse parses and validates a journey file. It returns every problem it
// finds, sorted by position. The journey is nil only when the file is not a
// YAML mapping at all; otherwise it holds whatever could be understood, and
// is safe to use when diags has no errors.
func Parse(file string, src []byte) (*Journey, Diagnostics) {
	j, p := parse(file, src)
	return j, p.diags
}

// parse is Parse, with the parser's account of its work for the tests.
func parse(file string, src []byte) (*Journey, *parser) {
	p := &parser{file: file, expansion: newExpansion(0)}
	j := p.parse(src)
	if j != nil && !p.expansion.over {
		p.check(j)
	}
	p.diags.Sort()
	p.diags = p.diags.dedupe()
	return j, p
}

type parser struct {
	file  string
	diags Diagnostics
	state *loadState
	// merging holds the mappings whose merge keys are being followed.
	merging map[*yaml.Node]bool
	// read holds the keys of the anchored mappings already read, so that
	// a mapping that many aliases and merge keys bring in is read once.
	read map[readKey]fieldSet
	// sourceNodes is the number of nodes as written, aliases not followed.
	sourceNodes int
	expansion   *expansion
	// steps counts the keys and list items read, aliases followed; the
	// tests hold it to the file's size plus what its aliases may expand to.
	steps int
}

type readKey struct {
	node *yaml.Node
	what string
}

func (p *parser) report(sev Severity, line, col int, rule, format string, args ...any) {
	if p.expansion.over {
		return
	}
	if line < 1 {
		line = 1
	}
	if col < 1 {
		col = 1
	}
	p.diags = append(p.diags, Diagnostic{File: p.file, Line: line, Column: col, Severity: sev, Rule: rule, Message: fmt.Sprintf(format, args...)})
}

func (p *parser) errorf(n *yaml.Node, rule, format string, args ...any) {
	p.report(Error, n.Line, n.Column, rule, format, args...)
}

func (p *parser) warnf(n *yaml.Node, rule, format string, args ...any) {
	p.report(Warning, n.Line, n.Column, rule, format, args...)
}

// errorAt and warnAt report at an item's position, once the item is built.
func (p *parser) errorAt(at Pos, rule, format string, args ...any) {
	p.report(Error, at.Line, at.Column, rule, format, args...)
}

func (p *parser) warnAt(at Pos, rule, format string, args ...any) {
	p.report(Warning, at.Line, at.Column, rule, format, args...)
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func (p *parser) parse(src []byte) *Journey {
	if i := bytes.IndexByte(src, 0); i >= 0 || !utf8.Valid(src) {
		line := 1 + bytes.Count(src[:max(i, 0)], []byte("\n"))
		if i < 0 {
			line = 1
		}
		p.report(Error, line, 1, RuleEncoding, "expected UTF-8 YAML text, found binary data")
		return nil
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(src)) == 0 {
		p.report(Error, 1, 1, RuleEmptyFile, "the file is empty: expected a journey map with version, name and stages")
		return nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		p.syntaxError(src, err)
		return nil
	}
	if hasSecondDocument(src) {
		p.secondDocument(src)
	}
	p.sourceNodes = p.scan(&doc)
	p.expansion = newExpansion(p.sourceNodes)
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
			p.report(Error, 1, 1, RuleEmptyFile, "the file has no content: expected a journey map with version, name and stages")
			return nil
		}
		p.errorf(root, RuleWrongType, "expected a journey map (a mapping with version, name and stages), found %s", describe(root))
		return nil
	}
	j := &Journey{File: p.file, ids: map[string]any{}}
	p.journey(root, j)
	return j
}

// hasSecondDocument is a cheap pre-check for a "---" line after content;
// yaml.Unmarshal reads the first document only.
func hasSecondDocument(src []byte) bool {
	return bytes.Contains(src, []byte("\n---")) || bytes.Contains(src, []byte("\n..."))
}

// secondDocument reports a second YAML document, or the syntax error that
// stops the decoder on the way to it.
func (p *parser) secondDocument(src []byte) {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var first, extra yaml.Node
	if err := dec.Decode(&first); err != nil {
		return
	}
	if err := dec.Decode(&extra); err == nil {
		p.errorf(&extra, RuleSyntax, "expected one YAML document, found a second one")
	} else if !errors.Is(err, io.EOF) {
		p.syntaxError(src, err)
	}
}

// syntaxError reports a YAML parser error at its real line and column.
func (p *parser) syntaxError(src []byte, err error) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if strings.Contains(msg, "control characters are not allowed") {
		// The reader's error has no position at all; find the character.
		if r, line, col, ok := rawControlChar(src); ok {
			p.report(Error, line, col, RuleControlCharacter, "expected text without control characters, found %s", runeName(r))
			return
		}
	}
	line, col, msg := syntaxPos(src, msg)
	if strings.Contains(msg, "excessive aliasing") {
		// yaml.v3's own guard, which trips only when it decodes into Go
		// values; journey's walk keeps its own account (see expansion).
		p.report(Error, line, col, RuleAliasExpansion, "the aliases expand the file far beyond its written size (%s): expected anchors that are shared, not multiplied", msg)
		return
	}
	p.report(Error, line, col, RuleSyntax, "invalid YAML: %s", msg)
}

// yamlParserProblems are the problems yaml.v3's parser (not its scanner)
// reports. For them its "line N" is the 0-based line of the mark (the
// start of the construct, or the problem when that is on line 0), so the
// real line is N+1; the scanner's lines are 1-based already. Without a
// line, both marks are on the first line.
var yamlParserProblems = []string{
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"did not find expected '-' indicator",
	"did not find expected <document start>",
	"did not find expected <stream-start>",
	"did not find expected key",
	"did not find expected node content",
	"found duplicate %TAG directive",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found undefined tag handle",
}

// syntaxPos finds the line and column of a yaml.v3 error message (without
// its "yaml: " prefix) in src, and returns the message without its line.
// yaml.v3 gives a line only; the column is found on that line from what
// the message names: the bracket left open, the colon, the quote that
// starts the scalar, the tab or the character that cannot start a token.
// Otherwise it is the line's first non-blank character.
func syntaxPos(src []byte, msg string) (line, col int, rest string) {
	line, rest = 1, msg
	if m := yamlLine.FindStringSubmatch("yaml: " + msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		rest = m[2]
		if slices.Contains(yamlParserProblems, rest) {
			line++
		}
	}
	lines := bytes.SplitN(src, []byte("\n"), line+1)
	if line > len(lines) {
		return line, 1, rest
	}
	text := bytes.TrimRight(lines[line-1], "\r")
	at := len(text) - len(bytes.TrimLeft(text, " \t"))
	switch {
	case rest == "did not find expected ',' or ']'", rest == "did not find expected ',' or '}'":
		// The bracket left open; when the list starts the file, yaml.v3
		// names the line where it noticed, so look above too.
		open, close := byte('['), byte(']')
		if strings.HasSuffix(rest, "'}'") {
			open, close = '{', '}'
		}
		for l := line; l >= 1; l-- {
			t := bytes.TrimRight(lines[l-1], "\r")
			if i := unclosed(t, open, close, -1); i >= 0 {
				line, text, at = l, t, i
				break
			}
		}
	case rest == "mapping values are not allowed in this context":
		// The colon the scanner stopped at: on "key: value: more" the
		// second colon that ends a word, on a line alone ("  key: v"
		// indented wrongly) the first.
		var colons []int
		for i := at; i < len(text); i++ {
			if text[i] == ':' && (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\t') {
				colons = append(colons, i)
			}
		}
		if len(colons) > 1 {
			at = colons[1]
		} else if len(colons) == 1 {
			at = colons[0]
		}
	case strings.Contains(rest, "tab character"):
		if i := bytes.IndexByte(text, '\t'); i >= 0 {
			at = i
		}
	case rest == "found character that cannot start any token":
		if i := bytes.IndexByte(text, '\t'); i >= 0 && i < at {
			at = i
		} else if i := bytes.IndexAny(text[at:], "@`"); i >= 0 {
			at += i
		}
	case strings.Contains(rest, "end of stream"), strings.Contains(rest, "quoted scalar"):
		if i := bytes.IndexAny(text[at:], "\"'"); i >= 0 {
			at += i
		}
	}
	if at >= len(text) {
		return line, 1, rest
	}
	return line, 1 + utf8.RuneCount(text[:at]), rest
}

// unclosed finds the last opening bracket on the line that no closing one
// follows, or def.
func unclosed(text []byte, open, close byte, def int) int {
	var stack []int
	for i, c := range text {
		switch c {
		case open:
			stack = append(stack, i)
		case close:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	if len(stack) == 0 {
		return def
	}
	return stack[len(stack)-1]
}

// rawControlChar finds the first character that YAML does not allow in
// its text, with its 1-based line and column (in characters): the C0
// controls other than tab, line feed and carriage return, DEL, the C1
// controls other than NEL, the surrogates and U+FFFE, U+FFFF.
func rawControlChar(src []byte) (r rune, line, col int, ok bool) {
	line, col = 1, 1
	for _, r := range string(src) {
		allowed := r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0x7E) || r == 0x85 ||
			(r >= 0xA0 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || r >= 0x10000
		if !allowed {
			return r, line, col, true
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return 0, 0, 0, false
}

// describe names a node's kind and value for messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.Tag {
	case "!!null":
		return "nothing (null)"
	case "!!int", "!!float":
		return "the number " + n.Value
	case "!!bool":
		return "the boolean " + n.Value
	}
	v := n.Value
	if len(v) > 40 {
		v = v[:37] + "..."
	}
	return fmt.Sprintf("the text %q", v)
}

// fieldSet holds a mapping's known keys with their value nodes, in file
// order. Mappings here have a dozen keys at most, so a slice beats a map.
type fieldSet []field

type field struct {
	key string
	val *yaml.Node
}

func (f fieldSet) get(key string) (*yaml.Node, bool) {
	for _, x := range f {
		if x.key == key {
			return x.val, true
		}
	}
	return nil, false
}

func (f fieldSet) val(key string) *yaml.Node {
	v, _ := f.get(key)
	return v
}

// fields reads a mapping, reporting unknown and duplicate keys.
//
// Aliases are followed, and merge keys ("<<: *base") bring in the keys of
// the merged mappings that the mapping does not set itself.
//
// An anchored mapping is read once for each kind of item (what): the
// result is kept, and its problems are reported at the anchor the first
// time. Without that, a chain of mappings that each merge the previous one
// twice would be read 2^n times.
func (p *parser) fields(n *yaml.Node, what string, known []string) fieldSet {
	if n.Anchor != "" {
		if vals, ok := p.read[readKey{n, what}]; ok {
			return vals
		}
	}
	vals := make(fieldSet, 0, len(n.Content)/2)
	var merged fieldSet
	for i := 0; i+1 < len(n.Content); i += 2 {
		p.steps++
		k, v := n.Content[i], p.follow(n.Content[i+1])
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			merged = append(merged, p.merge(v, what, known)...)
			continue
		}
		if k.Kind != yaml.ScalarNode {
			p.errorf(k, RuleWrongType, "expected a key name in %s, found %s", what, describe(k))
			continue
		}
		if !slices.Contains(known, k.Value) {
			msg := fmt.Sprintf("unknown key %q in %s", k.Value, what)
			if hint := Closest(k.Value, known); hint != "" {
				msg += fmt.Sprintf("; did you mean %q?", hint)
			} else {
				msg += "; expected one of " + strings.Join(known, ", ")
			}
			p.errorf(k, RuleUnknownKey, "%s", msg)
			continue
		}
		if _, dup := vals.get(k.Value); dup {
			first := 0
			for m := 0; m < i; m += 2 {
				if n.Content[m].Value == k.Value {
					first = n.Content[m].Line
					break
				}
			}
			p.errorf(k, RuleDuplicateKey, "key %q appears twice in %s (first at line %d)", k.Value, what, first)
			continue
		}
		vals = append(vals, field{k.Value, v})
	}
	for _, f := range merged {
		if _, set := vals.get(f.key); !set {
			vals = append(vals, f)
		}
	}
	if n.Anchor != "" {
		if p.read == nil {
			p.read = map[readKey]fieldSet{}
		}
		p.read[readKey{n, what}] = vals
	}
	return vals
}

// merge reads the value of a merge key: a mapping or a list of mappings,
// earlier ones winning.
func (p *parser) merge(v *yaml.Node, what string, known []string) fieldSet {
	// A mapping that merges itself, directly or through others, would
	// never end.
	if p.merging == nil {
		p.merging = map[*yaml.Node]bool{}
	}
	if p.merging[v] {
		p.errorf(v, RuleWrongType, "expected a mapping to merge into %s, found the mapping itself (a merge cycle)", what)
		return nil
	}
	p.merging[v] = true
	defer delete(p.merging, v)
	switch v.Kind {
	case yaml.MappingNode:
		return p.fields(v, what, known)
	case yaml.SequenceNode:
		var out fieldSet
		for _, m := range v.Content {
			p.steps++
			m = p.follow(m)
			if p.merging[m] {
				p.errorf(m, RuleWrongType, "expected a mapping to merge into %s, found the mapping itself (a merge cycle)", what)
				continue
			}
			if m.Kind != yaml.MappingNode {
				p.errorf(m, RuleWrongType, "expected a mapping to merge into %s, found %s", what, describe(m))
				continue
			}
			for _, f := range p.fields(m, what, known) {
				if _, set := out.get(f.key); !set {
					out = append(out, f)
				}
			}
		}
		return out
	}
	p.errorf(v, RuleWrongType, "expected a mapping to merge into %s, found %s", what, describe(v))
	return nil
}

// require reports the required keys that are missing (or null) at the
// mapping's position.
func (p *parser) require(n *yaml.Node, vals fieldSet, what string, keys ...string) {
	for _, k := range keys {
		v, ok := vals.get(k)
		if !ok || (v.Kind == yaml.ScalarNode && v.Tag == "!!null") {
			p.errorf(n, RuleMissingKey, "%s is missing the required key %q", what, k)
		}
	}
}

// str reads a scalar as text. Absent and null give "".
func (p *parser) str(vals fieldSet, key, what string) string {
	v, ok := vals.get(key)
	if !ok || isNull(v) {
		return ""
	}
	if v.Kind != yaml.ScalarNode {
		p.errorf(v, RuleWrongType, "expected text for %s of %s, found %s", key, what, describe(v))
		return ""
	}
	return v.Value
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// list reads a sequence; absent and null give nil.
func (p *parser) list(vals fieldSet, key, what string) []*yaml.Node {
	v, ok := vals.get(key)
	if !ok || isNull(v) {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		p.errorf(v, RuleWrongType, "expected a list for %s of %s, found %s", key, what, describe(v))
		return nil
	}
	p.steps += len(v.Content)
	for i, it := range v.Content {
		if it.Kind == yaml.AliasNode {
			items := make([]*yaml.Node, len(v.Content))
			copy(items, v.Content[:i])
			for k := i; k < len(v.Content); k++ {
				items[k] = p.follow(v.Content[k])
			}
			if p.expansion.over {
				return nil
			}
			return items
		}
	}
	return v.Content
}

// strs reads a list of free texts (goals, pains, opportunities, actions,
// thoughts, back-stage processes). An item that is empty or only white
// space, and an item that repeats an earlier one of the same list (compared
// with surrounding white space trimmed), is a warning and left out of the
// list: every picture and report would show it as an empty line or twice.
func (p *parser) strs(vals fieldSet, key, what string) []string {
	items := p.list(vals, key, what)
	if items == nil {
		return nil
	}
	out := make([]string, 0, len(items))
	first := make(map[string]*yaml.Node, len(items))
	for _, it := range items {
		if it.Kind != yaml.ScalarNode || isNull(it) {
			p.errorf(it, RuleWrongType, "expected text in %s of %s, found %s", key, what, describe(it))
			continue
		}
		text := strings.TrimSpace(it.Value)
		if text == "" {
			p.warnf(it, RuleEmptyText, "empty item in %s of %s: expected some text, or remove the item", key, what)
			continue
		}
		if prev, dup := first[text]; dup {
			p.warnf(it, RuleDuplicateText, "%q appears twice in %s of %s (first at line %d, column %d): it is shown once", text, key, what, prev.Line, prev.Column)
			continue
		}
		first[text] = it
		out = append(out, it.Value)
	}
	return out
}

// texts reads a list of scalars as text, and passes each node to each
// unless it is nil.
func (p *parser) texts(vals fieldSet, key, what string, each func(*yaml.Node)) []string {
	items := p.list(vals, key, what)
	if items == nil {
		return nil
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		if it.Kind != yaml.ScalarNode || isNull(it) {
			p.errorf(it, RuleWrongType, "expected text in %s of %s, found %s", key, what, describe(it))
			continue
		}
		out = append(out, it.Value)
		if each != nil {
			each(it)
		}
	}
	return out
}

// validID reports whether id matches ^[a-z0-9][a-z0-9_-]*$.
func validID(id string) bool {
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case (c == '-' || c == '_') && i > 0:
		default:
			return false
		}
	}
	return id != ""
}

// id reads and registers an id, reporting malformed and duplicate ids.
func (p *parser) id(j *Journey, vals fieldSet, what string, obj any, firstSeen map[string]*yaml.Node) string {
	v, ok := vals.get("id")
	if !ok || isNull(v) {
		return ""
	}
	if v.Kind != yaml.ScalarNode {
		p.errorf(v, RuleWrongType, "expected text for id of %s, found %s", what, describe(v))
		return ""
	}
	id := v.Value
	if !validID(id) {
		p.errorf(v, RuleInvalidID, "invalid id %q: expected lower-case letters, digits, '-' and '_', starting with a letter or digit", id)
	}
	if prev, dup := firstSeen[id]; dup {
		p.errorf(v, RuleDuplicateID, "duplicate id %q: already used by the %s at line %d", id, kindName(j.ids[id]), prev.Line)
		return id
	}
	firstSeen[id] = v
	j.ids[id] = obj
	return id
}

func kindName(obj any) string {
	switch obj.(type) {
	case *Persona:
		return "persona"
	case *Stage:
		return "stage"
	case *Touchpoint:
		return "touchpoint"
	case *KPI:
		return "KPI"
	}
	return "item"
}

var (
	journeyKeys    = []string{"version", "name", "description", "personas", "stages", "kpis"}
	personaKeys    = []string{"id", "name", "description", "goals", "pains"}
	stageKeys      = []string{"id", "name", "description", "goals", "touchpoints"}
	touchpointKeys = []string{"id", "name", "description", "channel", "personas", "owner", "emotion", "pains", "opportunities", "actions", "thoughts", "backstage", "events", "next"}
	kpiKeys        = []string{"id", "name", "description", "metric", "touchpoint", "stage", "from", "to", "target"}
)

// label is a text that stands for a touchpoint in analytics data. A map
// of 20,000 touchpoints has 60,000 of them, so it is kept small.
type label struct {
	tp   *Touchpoint
	node *yaml.Node
	kind labelKind
}

type labelKind uint8

const (
	idLabel labelKind = iota
	nameLabel
	eventLabel
)

// String names the kind in messages: "event" "x" of touchpoint "y".
func (k labelKind) String() string {
	return [...]string{"id", "name", "event"}[k]
}

// the names the kind after "is also": the id, the name, an event.
func (k labelKind) the() string {
	if k == eventLabel {
		return "an event"
	}
	return "the " + k.String()
}

// refs remembers where each reference was written, for checking once every
// id is known.
type ref struct {
	node *yaml.Node
	want string // "persona", "stage", "touchpoint"
	from string // what holds the reference, for messages
}

type loadState struct {
	seen map[string]*yaml.Node
	refs []ref
	// labels are the touchpoints' ids, names and events, which analytics
	// data may use to name them.
	labels []label
	// kpi nodes for scope checks
	kpiNodes map[*KPI]fieldSet
}

func (p *parser) journey(root *yaml.Node, j *Journey) {
	st := &loadState{seen: map[string]*yaml.Node{}, kpiNodes: map[*KPI]fieldSet{}}
	p.state = st
	vals := p.fields(root, "the journey", journeyKeys)
	p.require(root, vals, "the journey", "version", "name", "stages")
	if v, ok := vals.get("version"); ok && !isNull(v) {
		if v.Kind != yaml.ScalarNode || v.Tag != "!!int" {
			p.errorf(v, RuleUnsupportedVersion, "unsupported version %s: expected version: 1", describe(v))
		} else if n, err := strconv.Atoi(v.Value); err != nil || n != 1 {
			p.errorf(v, RuleUnsupportedVersion, "unsupported version %s: this journey supports format version 1", v.Value)
		} else {
			j.Version = n
		}
	}
	j.Name = p.str(vals, "name", "the journey")
	j.Description = p.str(vals, "description", "the journey")
	for _, n := range p.list(vals, "personas", "the journey") {
		if per := p.persona(j, n); per != nil {
			j.Personas = append(j.Personas, per)
		}
	}
	if v, ok := vals.get("stages"); ok && v.Kind == yaml.SequenceNode && len(v.Content) == 0 {
		p.errorf(v, RuleMissingKey, "the journey has no stages: expected at least one")
	}
	for _, n := range p.list(vals, "stages", "the journey") {
		if s := p.stage(j, n); s != nil {
			s.Index = len(j.Stages)
			j.Stages = append(j.Stages, s)
		}
	}
	for _, n := range p.list(vals, "kpis", "the journey") {
		if k := p.kpi(j, n); k != nil {
			j.KPIs = append(j.KPIs, k)
		}
	}
	for i, tp := range j.touchpoints {
		tp.Index = i
	}
	j.buildFlow()
}
