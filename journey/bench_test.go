package journey

import (
	"fmt"
	"testing"

	"github.com/journey-maps/journey/journey/journeytest"
)

// generate is a realistic journey of n touchpoints.
func generate(n int) []byte { return journeytest.Generate(n, "Generated journey") }

func TestGenerateIsValid(t *testing.T) {
	j, diags := Parse("gen.yaml", generate(200))
	if len(diags) > 0 {
		t.Fatalf("generated journey is not clean:\n%s", format(diags))
	}
	if len(j.Touchpoints()) != 200 {
		t.Fatalf("got %d touchpoints", len(j.Touchpoints()))
	}
}

// BenchmarkParse measures loading and validating one file; bytes/op grows
// with the file (compare the sizes).
func BenchmarkParse(b *testing.B) {
	for _, n := range []int{200, 2000, 20000} {
		src := generate(n)
		b.Run(fmt.Sprintf("touchpoints=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				if _, diags := Parse("gen.yaml", src); diags.Errors() > 0 {
					b.Fatal(diags)
				}
			}
		})
	}
}
