package journey

import (
	"encoding/json"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestSchemaAgrees keeps the JSON Schema's keys and required keys in step
// with what Parse accepts.
func TestSchemaAgrees(t *testing.T) {
	var s struct {
		Required   []string                   `json:"required"`
		Properties map[string]json.RawMessage `json:"properties"`
		Defs       map[string]struct {
			Required   []string                   `json:"required"`
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(Schema, &s); err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	check := func(what string, props map[string]json.RawMessage, required, keys, wantRequired []string) {
		var got []string
		for k := range props {
			got = append(got, k)
		}
		sort.Strings(got)
		want := append([]string(nil), keys...)
		sort.Strings(want)
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: schema keys %v, parser keys %v", what, got, want)
		}
		sort.Strings(required)
		sort.Strings(wantRequired)
		if strings.Join(required, ",") != strings.Join(wantRequired, ",") {
			t.Errorf("%s: schema requires %v, parser requires %v", what, required, wantRequired)
		}
	}
	check("journey", s.Properties, s.Required, journeyKeys, []string{"version", "name", "stages"})
	check("persona", s.Defs["persona"].Properties, s.Defs["persona"].Required, personaKeys, []string{"id", "name"})
	check("stage", s.Defs["stage"].Properties, s.Defs["stage"].Required, withSpecKeys(stageKeys, "goals"), []string{"id", "name"})
	check("touchpoint", s.Defs["touchpoint"].Properties, s.Defs["touchpoint"].Required, withSpecKeys(touchpointKeys, "actions", "thoughts", "backstage"), []string{"id", "name"})
	check("kpi", s.Defs["kpi"].Properties, s.Defs["kpi"].Required, kpiKeys, []string{"id", "metric"})
}

// withSpecKeys adds keys that the README's format lists and the schema
// accepts to the parser's keys, when the parser does not read them yet.
// Once it does, the call changes nothing and can go.
func withSpecKeys(parser []string, keys ...string) []string {
	out := append([]string(nil), parser...)
	for _, k := range keys {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// TestSchemaDescribed: editors show a node's description on hover and a
// definition's title, so every property, list item and definition has a
// description, and the four kinds of item a title.
func TestSchemaDescribed(t *testing.T) {
	var root map[string]any
	if err := json.Unmarshal(Schema, &root); err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	var walk func(path string, node map[string]any)
	walk = func(path string, node map[string]any) {
		if d, _ := node["description"].(string); strings.TrimSpace(d) == "" {
			t.Errorf("%s has no description", path)
		}
		if props, ok := node["properties"].(map[string]any); ok {
			for k, v := range props {
				walk(path+"."+k, v.(map[string]any))
			}
		}
		if items, ok := node["items"].(map[string]any); ok {
			if _, isRef := items["$ref"]; !isRef {
				walk(path+"[]", items)
			}
		}
	}
	walk("journey", root)
	defs := root["$defs"].(map[string]any)
	for name, d := range defs {
		walk(name, d.(map[string]any))
	}
	for name, title := range map[string]string{"persona": "Persona", "stage": "Stage", "touchpoint": "Touchpoint", "kpi": "KPI"} {
		def, _ := defs[name].(map[string]any)
		if got, _ := def["title"].(string); got != title {
			t.Errorf("$defs.%s: title %q, want %q", name, got, title)
		}
	}
}

// schemaPattern digs a pattern out of the schema by a path of keys.
func schemaPattern(t *testing.T, keys ...string) *regexp.Regexp {
	t.Helper()
	var node any
	if err := json.Unmarshal(Schema, &node); err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		switch n := node.(type) {
		case map[string]any:
			node = n[k]
		case []any:
			i, _ := strconv.Atoi(k)
			node = n[i]
		}
	}
	p, ok := node.(string)
	if !ok {
		t.Fatalf("no pattern at %v", keys)
	}
	// Go's regexp is RE2: a pattern that compiles here has none of the
	// look-arounds that some JSON Schema validators cannot run.
	return regexp.MustCompile(p)
}

// TestSchemaPatternsAgree: the schema's patterns for ids and targets
// accept what the validator accepts, and its range check for conversion
// and drop_off targets flags what the validator flags.
func TestSchemaPatternsAgree(t *testing.T) {
	id := schemaPattern(t, "$defs", "id", "pattern")
	for _, s := range []string{"checkout", "cart-2", "a_b", "7", "", "Checkout", "-cart", "_x", "check out", "café", "a.b"} {
		if got, want := id.MatchString(s), validID(s); got != want {
			t.Errorf("id %q: schema accepts %v, validator %v", s, got, want)
		}
	}
	target := schemaPattern(t, "$defs", "kpi", "properties", "target", "pattern")
	rate := schemaPattern(t, "$defs", "kpi", "allOf", "1", "then", "properties", "target", "if", "anyOf", "1", "not", "pattern")
	tests := []string{
		">= 60%", "60%", "0.6", ".6", "6.", " < 3 ", "> 1e3", "6e-1", "<= -10", "+5", "60 %", ">=60%",
		"100%", "100.0%", "100.5%", "150%", "1", "1.0", "1.5", "60", "0", "0%", "00.5", "-5%", "99.99%",
		"=> 60%", "lots", "", "%", ">=", "0x10", "1_000", "NaN", "inf", "6O%", "60%%", "1..2",
	}
	for _, s := range tests {
		tg, err := ParseTarget(s, MetricConversion)
		if got, want := target.MatchString(s), err == nil; got != want {
			t.Errorf("target %q: schema accepts %v, validator %v (%v)", s, got, want, err)
			continue
		}
		if err != nil {
			continue
		}
		// A regular expression cannot weigh exponents: the schema lets
		// every exponent form pass, and only the validator checks its range.
		inRange := tg.Value >= 0 && tg.Value <= 1 || strings.ContainsAny(s, "eE")
		if got := rate.MatchString(s); got != inRange {
			t.Errorf("conversion target %q: schema finds it in range %v, validator %v", s, got, inRange)
		}
	}
}

func TestTemplateIsClean(t *testing.T) {
	j, diags := Parse("template.yaml", Template)
	if len(diags) > 0 {
		t.Fatalf("the init template has problems:\n%s", format(diags))
	}
	if len(j.Touchpoints()) < 3 || len(j.KPIs) == 0 {
		t.Errorf("the template should show touchpoints and a KPI")
	}
}
