package journey

import "testing"

func TestLooksLikeJourney(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want bool
	}{
		{"a journey", "version: 1\nname: x\nstages: []\n", true},
		{"personas alone", "personas:\n  - id: p\n", true},
		{"misspelt stages", "version: 1\nname: x\nstags: []\n", true},
		{"quoted keys", "\"version\": 1\n'stages': []\n", true},
		{"after a BOM, comments and a document start", "\xef\xbb\xbf# map\n%YAML 1.2\n---\nversion: 1\nstages: []\n", true},
		{"flow style", "{version: 1, name: x, stages: []}\n", true},
		{"syntax error below", "version: 1\nname: [unclosed\nstages:\n", true},
		{"CRLF", "version: 1\r\nname: x\r\nkpis: []\r\n", true},
		{"compose", "version: \"3\"\nservices:\n  web:\n    image: x\nvolumes:\n  data:\n", false},
		{"compose without version", "services:\n  stages:\n    image: x\n", false},
		{"workflow", "name: CI\non: [push]\njobs:\n  build:\n    runs-on: x\n", false},
		{"mkdocs", "site_name: x\nnav:\n  - Home: index.md\ntheme: material\n", false},
		{"a list", "- id: journey-validate\n  name: x\n", false},
		{"nested stages only", "spec:\n  stages: []\n", false},
		{"block scalar holding stages", "script: |\n  stages:\n", false},
		{"empty: checked, and reported", "", true},
		{"a scalar: checked", "just text\n", true},
		{"a flow list", "[a, b]\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LooksLikeJourney([]byte(tt.src)); got != tt.want {
				t.Errorf("LooksLikeJourney = %v, want %v (keys %q)", got, tt.want, fst(topLevelKeys([]byte(tt.src))))
			}
		})
	}
}

func TestIsJourneyName(t *testing.T) {
	for name, want := range map[string]bool{
		"store.journey.yaml": true, "maps/Store.Journey.YML": true, `maps\a.journey.yml`: true,
		"store.yaml": false, "journey.yaml": false, "store.journey.yaml.bak": false,
	} {
		if got := IsJourneyName(name); got != want {
			t.Errorf("IsJourneyName(%q) = %v, want %v", name, got, want)
		}
	}
}

func fst(keys []string, _ bool) []string { return keys }
