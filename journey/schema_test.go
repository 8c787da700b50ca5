package journey

import (
	"encoding/json"
	"sort"
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
	check("stage", s.Defs["stage"].Properties, s.Defs["stage"].Required, stageKeys, []string{"id", "name"})
	check("touchpoint", s.Defs["touchpoint"].Properties, s.Defs["touchpoint"].Required, touchpointKeys, []string{"id", "name"})
	check("kpi", s.Defs["kpi"].Properties, s.Defs["kpi"].Required, kpiKeys, []string{"id", "metric"})
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
