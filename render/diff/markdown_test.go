package diff

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/journey-maps/journey/journey"
)

// TestMarkdownEscapes: names and values from the map cannot break the
// table, add HTML or mention people in a pull-request comment.
func TestMarkdownEscapes(t *testing.T) {
	d := &journey.MapDiff{Touchpoints: []journey.ItemChange{{
		Change: journey.Renamed, ID: "t", Name: "a | b <script>@team", OldName: "[x](http://e)\nnext",
		Stage: "s", Fields: []journey.FieldChange{{Field: "pains", List: true, New: []string{"**bold** `code`"}}},
	}}}
	var b bytes.Buffer
	if err := WriteMarkdown(&b, d, Options{Old: "HEAD:map`.yaml", New: "map.yaml"}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, bad := range []string{"a | b", "<script>", "@team", "[x](", "**bold**", "`code`", "HEAD:map`"} {
		if strings.Contains(out, bad) {
			t.Errorf("the comment holds %q unescaped:\n%s", bad, out)
		}
	}
	for _, want := range []string{`a \| b &lt;script&gt;@` + "\u200b" + `team`, `\[x\]\(http://e\) next`, `\*\*bold\*\* \` + "`code\\`"} {
		if !strings.Contains(out, want) {
			t.Errorf("the comment lacks %q:\n%s", want, out)
		}
	}
	// Each table row stays on one line: the newline in the old name
	// became a space.
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "| ✏️") && strings.Count(line, " | ") != 4 {
			t.Errorf("row with %d cell breaks: %q", strings.Count(line, " | "), line)
		}
	}
}

// TestMarkdownFolds: a section longer than foldAfter rows is folded in a
// <details> block, a short one is a heading and an open table.
func TestMarkdownFolds(t *testing.T) {
	tests := []struct {
		rows   int
		folded bool
	}{{foldAfter, false}, {foldAfter + 1, true}, {50, true}}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.rows), func(t *testing.T) {
			d := &journey.MapDiff{}
			for i := range tt.rows {
				d.Touchpoints = append(d.Touchpoints, journey.ItemChange{Change: journey.Added, ID: fmt.Sprintf("t%d", i), Name: "T", Stage: "s"})
			}
			var b bytes.Buffer
			if err := WriteMarkdown(&b, d, Options{Old: "a", New: "b"}); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			summary := fmt.Sprintf("<details><summary>Touchpoints (%d)</summary>\n\n| ", tt.rows)
			if got := strings.Contains(out, summary) && strings.Contains(out, "\n</details>\n"); got != tt.folded {
				t.Errorf("folded = %v, want %v:\n%s", got, tt.folded, out)
			}
			if got := strings.Contains(out, "#### Touchpoints\n"); got == tt.folded {
				t.Errorf("open heading = %v, want %v", got, !tt.folded)
			}
			if n := strings.Count(out, "| ➕ added |"); n != tt.rows {
				t.Errorf("%d rows, want %d", n, tt.rows)
			}
		})
	}
}
