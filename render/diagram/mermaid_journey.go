package diagram

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// WriteMermaidJourney writes the model as Mermaid's journey diagram: the
// title, a section per stage, and a task per touchpoint with a score of 1
// to 5 from its emotion (-2..2 plus 3; 3 when it has none) and its
// personas as the actors. Figures have no place in this diagram.
func WriteMermaidJourney(w io.Writer, d *Model) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "journey\n    title %s\n", journeyText(d.Title))
	for _, s := range d.Stages {
		if len(s.Nodes) == 0 {
			continue // Mermaid refuses a section without tasks
		}
		fmt.Fprintf(b, "    section %s\n", journeyText(s.Name))
		for _, n := range s.Nodes {
			score := 3
			if n.HasEmotion {
				score = n.Emotion + 3
			}
			fmt.Fprintf(b, "      %s: %d", journeyText(n.Name), score)
			if len(n.Personas) > 0 {
				actors := make([]string, len(n.Personas))
				for i, p := range n.Personas {
					actors[i] = journeyText(strings.ReplaceAll(p, ",", "，"))
				}
				fmt.Fprintf(b, ": %s", strings.Join(actors, ", "))
			}
			b.WriteByte('\n')
		}
	}
	return b.Flush()
}

// journeyMarks are the characters Mermaid's journey grammar reads as
// syntax in a title, section or task (the separators ":" and ";", and "#"
// in a task), each replaced by its full-width form, which reads the same.
var journeyMarks = strings.NewReplacer(":", "：", ";", "；", "#", "＃")

// journeyText makes a name safe as Mermaid journey text: on one line,
// without control characters, the syntax marks replaced, never empty.
func journeyText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(journeyMarks.Replace(s))
	if s == "" {
		return "–"
	}
	// A line that starts with a keyword or "%%" would be read as a section,
	// a title or a comment: its first letter takes its full-width form.
	first, _, _ := strings.Cut(strings.ToLower(s), " ")
	switch {
	case strings.HasPrefix(s, "%"):
		s = "％" + s[1:]
	case journeyKeywords[first] && s[0] < 0x80:
		s = string(rune(s[0])-'!'+'！') + s[1:]
	}
	return s
}

// journeyKeywords open a line of Mermaid's journey grammar.
var journeyKeywords = map[string]bool{"journey": true, "title": true, "section": true, "acctitle": true, "accdescr": true}
