package journey

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// Aliases let a small file stand for a huge one: a list of a thousand
// aliases to a stage whose touchpoints are a thousand aliases is a million
// touchpoints ("billion laughs"). yaml.v3 guards against this only when it
// decodes into Go values; journey walks the node tree itself, so it keeps
// its own account. Every alias the walk follows costs the number of nodes
// its anchor stands for, written out. The file may spend
// expansionAllowance plus expansionRatio times its own node count; the
// alias that goes over stops the walk with an alias-expansion error.
//
// The allowance lets small files share anchors freely; the ratio lets large
// files do so too, in proportion. Files written by people stay far below
// both: a map whose 20,000 touchpoints each merge a shared base spends
// about one node per node of its own.
const (
	expansionAllowance = 250_000
	expansionRatio     = 2
)

// expansion is the account of one file's aliases.
type expansion struct {
	limit int64
	spent int64
	// sizes holds the written-out node count of anchored nodes, -1 while
	// it is being computed (an anchor that contains an alias to itself).
	sizes map[*yaml.Node]int64
	// over is set once an alias went over the limit.
	over bool
}

func newExpansion(sourceNodes int) *expansion {
	return &expansion{
		limit: expansionAllowance + expansionRatio*int64(sourceNodes),
		sizes: map[*yaml.Node]int64{},
	}
}

// size returns how many nodes n stands for with every alias written out,
// saturating rather than overflowing. An alias back into the anchor that
// contains it counts as one node: the walk reports such cycles itself and
// never follows them round.
func (e *expansion) size(n *yaml.Node) int64 {
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			return 1
		}
		n = n.Alias
	}
	if s, ok := e.sizes[n]; ok {
		return max(s, 1)
	}
	memo := n.Anchor != ""
	if memo {
		e.sizes[n] = -1
	}
	s := int64(1)
	for _, c := range n.Content {
		s = addSaturating(s, e.size(c))
	}
	if memo {
		e.sizes[n] = s
	}
	return s
}

const saturated = int64(1) << 62

func addSaturating(a, b int64) int64 {
	if a >= saturated-b {
		return saturated
	}
	return a + b
}

// follow returns the node n stands for: n itself, or the anchored node when
// n is an alias, charged to the file's account. Once the account is
// overdrawn it reports the alias, and from then on every alias stands for
// null and further diagnostics are dropped: what the walk finds after that
// point says nothing about the file.
func (p *parser) follow(n *yaml.Node) *yaml.Node {
	if n.Kind != yaml.AliasNode || n.Alias == nil {
		return n
	}
	e := p.expansion
	if !e.over {
		e.spent = addSaturating(e.spent, e.size(n.Alias))
		if e.spent <= e.limit {
			return n.Alias
		}
		p.errorf(n, RuleAliasExpansion, "alias *%s takes the file past %d nodes, the most its aliases may expand it to (%d plus %d times its %d nodes as written): expected anchors that are shared, not multiplied",
			n.Value, e.limit, expansionAllowance, expansionRatio, p.sourceNodes)
		e.over = true
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: n.Line, Column: n.Column}
}

// scan counts the nodes of the tree as written, each once, and reports the
// scalars that hold control characters. Raw control characters are a YAML
// syntax error, but escapes in double-quoted text ("\x01", "\0", "\e")
// bring them in, and they make every XML output (SVG, XLSX, SARIF, JUnit)
// unreadable.
func (p *parser) scan(n *yaml.Node) int {
	count := 1
	if n.Kind == yaml.ScalarNode {
		if r, ok := controlChar(n.Value); ok {
			p.errorf(n, RuleControlCharacter, "expected text without control characters, found %s in %s", runeName(r), describe(n))
		}
	}
	for _, c := range n.Content {
		count += p.scan(c)
	}
	return count
}

// controlChar returns the first character of s that XML 1.0 does not allow:
// the C0 controls other than tab, line feed and carriage return, and the
// noncharacters U+FFFE and U+FFFF.
func controlChar(s string) (rune, bool) {
	for _, r := range s {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0xFFFE || r == 0xFFFF {
			return r, true
		}
	}
	return 0, false
}

func runeName(r rune) string {
	if r >= 0xFFFE {
		return fmt.Sprintf("the noncharacter U+%04X", r)
	}
	return fmt.Sprintf("the control character U+%04X", r)
}
