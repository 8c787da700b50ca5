package journey

import (
	"slices"
	"strings"
)

// Matcher finds the touchpoint a data label stands for. A label matches a
// touchpoint's id, its name or one of its events, case-insensitively and
// after trimming white space and a leading step number ("3. view_item",
// "Step 3: Cart"). When two touchpoints claim the same label, the first in
// file order wins, and ids win over names and events.
type Matcher struct {
	byKey map[string]*Touchpoint
	// all lists every touchpoint a key matches, in file order.
	all map[string][]*Touchpoint
}

// NewMatcher indexes the journey's touchpoints for matching.
func NewMatcher(j *Journey) *Matcher {
	m := &Matcher{byKey: map[string]*Touchpoint{}, all: map[string][]*Touchpoint{}}
	add := func(key string, tp *Touchpoint) {
		key = normalizeLabel(key)
		if key == "" {
			return
		}
		if _, ok := m.byKey[key]; !ok {
			m.byKey[key] = tp
		}
		if !slices.Contains(m.all[key], tp) {
			m.all[key] = append(m.all[key], tp)
		}
	}
	for _, tp := range j.Touchpoints() {
		add(tp.ID, tp)
	}
	for _, tp := range j.Touchpoints() {
		add(tp.Name, tp)
		for _, ev := range tp.Events {
			add(ev, tp)
		}
	}
	for _, tps := range m.all {
		slices.SortFunc(tps, func(a, b *Touchpoint) int { return a.Index - b.Index })
	}
	return m
}

// MatchAll returns every touchpoint the label stands for, in file order
// (which is flow order), or nil.
func (m *Matcher) MatchAll(label string) []*Touchpoint {
	return m.all[normalizeLabel(label)]
}

// Match returns the touchpoint the label stands for, or nil.
func (m *Matcher) Match(label string) *Touchpoint {
	return m.byKey[normalizeLabel(label)]
}

// normalizeLabel lower-cases the label and strips surrounding white space
// and a leading step number.
func normalizeLabel(s string) string {
	return strings.ToLower(StripStepNumber(s))
}

// StripStepNumber removes white space and a leading step number such as
// "3. ", "3) ", "3: ", "3 - " or "Step 3: " from a funnel step label. A
// label that is only a number is kept: it may be a touchpoint's name.
func StripStepNumber(s string) string {
	s = strings.TrimSpace(s)
	rest := s
	if len(rest) > 5 && strings.EqualFold(rest[:4], "step") && (rest[4] == ' ' || rest[4] == '\t') {
		rest = strings.TrimLeft(rest[5:], " \t")
	}
	i := 0
	for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
		i++
	}
	if i == 0 || i == len(rest) {
		return s
	}
	sep := rest[i:]
	switch {
	case strings.HasPrefix(sep, ". "), strings.HasPrefix(sep, ") "), strings.HasPrefix(sep, ": "):
		sep = sep[2:]
	case strings.HasPrefix(sep, " - "):
		sep = sep[3:]
	case sep[0] == '.' || sep[0] == ')' || sep[0] == ':':
		sep = sep[1:]
	default:
		return s
	}
	sep = strings.TrimSpace(sep)
	if sep == "" {
		return s
	}
	return sep
}
