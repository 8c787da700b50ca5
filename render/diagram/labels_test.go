package diagram

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestWrap: lines stay within the width, break at spaces or between wide
// characters, and never split a character or a grapheme cluster.
func TestWrap(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		width int
		want  []string
	}{
		{"fits", "Landing page", 28, []string{"Landing page"}},
		{"empty", "", 28, nil},
		{"spaces only", "   ", 28, nil},
		{"at spaces", "Order confirmation email with tracking link", 20, []string{"Order confirmation", "email with tracking", "link"}},
		{"spaces collapse", "  a   b  ", 28, []string{"a b"}},
		{"exact width", "abcd efgh", 9, []string{"abcd efgh"}},
		{"one over", "abcd efghi", 9, []string{"abcd", "efghi"}},
		{"long word cut", "Donaudampfschifffahrtsgesellschaft", 10, []string{"Donaudampf", "schifffahr", "tsgesellsc", "haft"}},
		{"long word after a short one", "the Donaudampfschiff", 8, []string{"the", "Donaudam", "pfschiff"}},
		{"cyrillic counts one a letter", "Реклама в поиске", 9, []string{"Реклама в", "поиске"}},
		{"wide characters count two", "ショッピングカート", 8, []string{"ショッピ", "ングカー", "ト"}},
		{"no line starts with closing punctuation", "顧客、旅程。", 6, []string{"顧客、", "旅程。"}},
		{"hangul breaks at spaces and between syllables", "배송 추적 서비스", 6, []string{"배송", "추적", "서비스"}},
		{"chinese", "客户旅程地图", 6, []string{"客户旅", "程地图"}},
		{"latin after wide", "購入Kauf", 4, []string{"購入", "Kauf"}},
		{"accent stays on its letter", "cafe\u0301 cafe\u0301", 4, []string{"cafe\u0301", "cafe\u0301"}},
		{"combining marks in a cut word", "e\u0301e\u0301e\u0301e\u0301e\u0301", 2, []string{"e\u0301e\u0301", "e\u0301e\u0301", "e\u0301"}},
		{"emoji two columns", "Launch 🚀 day", 8, []string{"Launch", "🚀 day"}},
		{"zwj sequence stays whole", "👩‍💻👩‍💻👩‍💻", 4, []string{"👩‍💻👩‍💻", "👩‍💻"}},
		{"flag stays whole", "🇩🇪🇯🇵🇰🇷", 2, []string{"🇩🇪", "🇯🇵", "🇰🇷"}},
		{"no break at a no-break space", "Deals lost: 30% (target\u00a0<=\u00a020%)", 20, []string{"Deals lost: 30%", "(target\u00a0<=\u00a020%)"}},
		{"width below two", "ab", 0, []string{"ab"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Wrap(tc.in, tc.width)
			if !slices.Equal(got, tc.want) {
				t.Errorf("Wrap(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
			}
			for _, l := range got {
				if !utf8.ValidString(l) {
					t.Errorf("line %q is not valid UTF-8", l)
				}
				if Columns(l) > max(tc.width, 2) {
					t.Errorf("line %q takes %d columns, more than %d", l, Columns(l), tc.width)
				}
			}
		})
	}
}

// TestWrapKeepsText: whatever the width, the lines hold the text's
// characters in order, only spaces dropped.
func TestWrapKeepsText(t *testing.T) {
	texts := []string{
		"Kundenreise – 顧客の旅 – 客户旅程 – 고객 여정 🚀",
		strings.Repeat("Sehr langer Name einer Station ", 5),
		"Ünïcödé ñame with ZWJ 👩‍👩‍👧 and flags 🇺🇳 and e\u0301",
	}
	for _, s := range texts {
		for width := 2; width <= 40; width++ {
			got := strings.Join(Wrap(s, width), "")
			want := strings.Join(strings.Fields(s), "")
			if strings.ReplaceAll(got, " ", "") != want {
				t.Fatalf("width %d: lines of %q hold %q", width, s, got)
			}
		}
	}
}

func TestColumns(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"abc", 3}, {"Ärger", 5}, {"Привет", 6}, {"日本", 4}, {"한국", 4}, {"🚀", 2}, {"e\u0301", 1}, {"", 0},
	} {
		if got := Columns(tc.in); got != tc.want {
			t.Errorf("Columns(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}
