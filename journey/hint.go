package journey

import "strings"

// Closest returns the candidate nearest to s by edit distance, when it is
// near enough to be a likely typo; "" otherwise.
func Closest(s string, candidates []string) string {
	best, bestDist := "", -1
	ls := strings.ToLower(s)
	for _, c := range candidates {
		d := editDistance(ls, strings.ToLower(c))
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	if bestDist < 0 {
		return ""
	}
	limit := 1
	if n := len([]rune(best)); n >= 9 {
		limit = 3
	} else if n >= 5 {
		limit = 2
	}
	if bestDist <= limit && bestDist < len([]rune(s)) {
		return best
	}
	// A truncated key such as "desc" for "description".
	if len(ls) >= 3 {
		for _, c := range candidates {
			if strings.HasPrefix(strings.ToLower(c), ls) {
				return c
			}
		}
	}
	return ""
}

// editDistance is the Levenshtein distance over runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for k := range prev {
		prev[k] = k
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for k := 1; k <= len(rb); k++ {
			cost := 1
			if ra[i-1] == rb[k-1] {
				cost = 0
			}
			cur[k] = min(prev[k]+1, cur[k-1]+1, prev[k-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
