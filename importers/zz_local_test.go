package importers

import (
	"os"
	"testing"

	"github.com/journey-maps/journey/journey"
)

func BenchmarkLocalFile(b *testing.B) {
	path, yaml := os.Getenv("H9_FILE"), os.Getenv("H9_YAML")
	if path == "" {
		b.Skip()
	}
	j, _, err := journey.Load(yaml)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		f, _ := os.Open(path)
		st, _ := f.Stat()
		if _, err := ReadCSV(path, f, st.Size(), Options{Journey: j}); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}
