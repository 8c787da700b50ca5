package importers

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits on what one data file may hold. Every reader says which limit a
// file hit; none reads part of a file silently (README, "Analytics data").
const (
	// DefaultMaxLine is the longest line or record (a record with quoted
	// line breaks counts whole) a CSV file may have, and the most text an
	// XLSX row may hold. Exports run to some hundreds of bytes a row; a
	// longer one is a quote left open or not an export at all.
	DefaultMaxLine = 1 << 20
	// DefaultMaxUnzip is what an XLSX workbook may unpack to. An export of
	// a million rows fits; a zip bomb, which unpacks a thousand times its
	// size, does not.
	DefaultMaxUnzip = 256 << 20
)

func (o Options) maxLine() int {
	if o.MaxLineBytes > 0 {
		return o.MaxLineBytes
	}
	return DefaultMaxLine
}

func (o Options) maxUnzip() int64 {
	if o.MaxUnzipSize > 0 {
		return o.MaxUnzipSize
	}
	return DefaultMaxUnzip
}

// Cell values in messages and unmatched rows are cut: a value longer than
// shownWhole bytes shows its first excerptLen bytes and its length.
const (
	shownWhole = 100
	excerptLen = 60
)

// excerpt returns s, or its start and its length when s is long.
func excerpt(s string) string {
	if len(s) <= shownWhole {
		return s
	}
	return cutUTF8(s, excerptLen) + "…(" + strconv.Itoa(len(s)) + " bytes)"
}

// quoted returns s quoted as Go does (%q), or its quoted start followed by
// its length when s is long.
func quoted(s string) string {
	if len(s) <= shownWhole {
		return strconv.Quote(s)
	}
	return strconv.Quote(cutUTF8(s, excerptLen)) + "…(" + strconv.Itoa(len(s)) + " bytes)"
}

// quoteList quotes the first names of a list, and counts the rest.
func quoteList(xs []string) string {
	const shown = 20
	var q []string
	for i, x := range xs {
		if i == shown {
			q = append(q, fmt.Sprintf("%d more", len(xs)-shown))
			break
		}
		q = append(q, quoted(x))
	}
	return strings.Join(q, ", ")
}

// cutUTF8 cuts s to at most n bytes without splitting a character.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// byteSize writes a size as people read it: "256 MiB", "1.5 GiB".
func byteSize(n int64) string {
	const kib, mib, gib = 1 << 10, 1 << 20, 1 << 30
	switch {
	case n >= gib && n%gib == 0:
		return fmt.Sprintf("%d GiB", n/gib)
	case n >= gib:
		return fmt.Sprintf("%.1f GiB", float64(n)/gib)
	case n >= mib && n%mib == 0:
		return fmt.Sprintf("%d MiB", n/mib)
	case n >= mib:
		return fmt.Sprintf("%.1f MiB", float64(n)/mib)
	case n >= kib && n%kib == 0:
		return fmt.Sprintf("%d KiB", n/kib)
	case n >= kib:
		return fmt.Sprintf("%.1f KiB", float64(n)/kib)
	}
	return fmt.Sprintf("%d bytes", n)
}
