package diagnostics

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/journey-maps/journey/journey"
)

// sarifSchemaFile is OASIS's SARIF 2.1.0 schema with its errata (see
// testdata/README.md for where it comes from).
const sarifSchemaFile = "testdata/sarif-schema-2.1.0.json"

func compileSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(sarifSchemaFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	// Formats (uri, uri-reference) are checked too, not only noted.
	c.AssertFormat()
	if err := c.AddResource(sarifSchema, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(sarifSchema)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func validateSARIF(sch *jsonschema.Schema, b []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

// TestSARIFSchema: the output is valid SARIF 2.1.0 by the official schema,
// with and without findings; and the check itself fails on a log that is
// not.
func TestSARIFSchema(t *testing.T) {
	sch := compileSARIFSchema(t)
	ds, _ := sample()
	for _, tt := range []struct {
		name string
		ds   journey.Diagnostics
	}{{"sample", ds}, {"clean", nil}, {"stdin only", ds[1:2]}} {
		var b bytes.Buffer
		if err := Write(&b, "sarif", tt.ds, Options{ToolVersion: "1.2.0"}); err != nil {
			t.Fatal(err)
		}
		if err := validateSARIF(sch, b.Bytes()); err != nil {
			t.Errorf("%s: not valid SARIF 2.1.0: %v", tt.name, err)
		}
	}
	for name, bad := range map[string]string{
		"no version":         `{"runs": []}`,
		"level unknown":      `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "j"}}, "results": [{"message": {"text": "m"}, "level": "fatal"}]}]}`,
		"helpUri not a uri":  `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "j", "rules": [{"id": "r", "helpUri": "not a uri"}]}}}]}`,
		"location, no place": `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "j"}}, "results": [{"message": {"text": "m"}, "locations": [{"physicalLocation": {"region": {"startLine": 1}}}]}]}]}`,
	} {
		if validateSARIF(sch, []byte(bad)) == nil {
			t.Errorf("%s: the schema check passed an invalid log", name)
		}
	}
}

// uriReference is RFC 3986's characters of a URI reference, with every %
// starting an escape.
var uriReference = regexp.MustCompile(`^([A-Za-z0-9\-._~!$&'()*+,;=:@/?#]|%[0-9A-F]{2})*$`)

func TestSARIFArtifact(t *testing.T) {
	tests := []struct {
		file, uri, base string
		ok              bool
	}{
		{"maps/store.yaml", "maps/store.yaml", srcRoot, true},
		{"./maps/../maps/store.yaml", "maps/store.yaml", srcRoot, true},
		{"maps/café map.yaml", "maps/caf%C3%A9%20map.yaml", srcRoot, true},
		{"a#b?c%d.yaml", "a%23b%3Fc%25d.yaml", srcRoot, true},
		{"c:map.yaml", "c%3Amap.yaml", srcRoot, true},
		{"dir/c:map.yaml", "dir/c:map.yaml", srcRoot, true},
		{"../shared/map.yaml", "../shared/map.yaml", srcRoot, true},
		{"/abs/my maps/a.yaml", "file:///abs/my%20maps/a.yaml", "", true},
		{"<stdin>", "", "", false},
	}
	for _, tt := range tests {
		a, ok := sarifArtifactOf(tt.file)
		if ok != tt.ok || a.URI != tt.uri || a.URIBaseID != tt.base {
			t.Errorf("%q: got %+v, %v; want uri %q base %q, %v", tt.file, a, ok, tt.uri, tt.base, tt.ok)
		}
		if ok && !uriReference.MatchString(a.URI) {
			t.Errorf("%q: %q is not a URI reference", tt.file, a.URI)
		}
	}
}

// TestSARIFRules: every rule carries its help, help link and full
// description; every finding points at its rule; fingerprints are
// distinct, and a finding keeps its fingerprint when lines move.
func TestSARIFRules(t *testing.T) {
	ds, _ := sample()
	var b bytes.Buffer
	if err := Write(&b, "sarif", ds, Options{ToolVersion: "1.2.0"}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Version, InformationURI string
					Rules                   []struct {
						ID, HelpURI     string
						FullDescription struct{ Text string }
						Help            struct{ Text, Markdown string }
					}
				}
			}
			Results []struct {
				RuleID              string
				RuleIndex           int
				PartialFingerprints map[string]string
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	d := log.Runs[0].Tool.Driver
	if d.Version != "1.2.0" || d.InformationURI != InformationURL || len(d.Rules) != len(journey.Rules) {
		t.Fatalf("driver: version %q, informationUri %q, %d rules", d.Version, d.InformationURI, len(d.Rules))
	}
	for _, r := range d.Rules {
		if r.HelpURI != RulesURL || r.Help.Text == "" || !strings.Contains(r.Help.Markdown, r.ID) || len(r.FullDescription.Text) < 40 {
			t.Errorf("rule %s lacks its documentation: %+v", r.ID, r)
		}
	}
	seen := map[string]bool{}
	for _, res := range log.Runs[0].Results {
		if d.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result of %s points at rule %d, %s", res.RuleID, res.RuleIndex, d.Rules[res.RuleIndex].ID)
		}
		fp := res.PartialFingerprints[fingerprintKey]
		if fp == "" || seen[fp] {
			t.Errorf("result of %s: fingerprint %q missing or repeated", res.RuleID, fp)
		}
		seen[fp] = true
	}

	moved := append(journey.Diagnostics(nil), ds...)
	for i := range moved {
		moved[i].Line += 5
	}
	var b2 bytes.Buffer
	if err := Write(&b2, "sarif", moved, Options{ToolVersion: "1.2.0"}); err != nil {
		t.Fatal(err)
	}
	fps := regexp.MustCompile(`"journeyFinding/v1": "[0-9a-f]+"`)
	if a, z := fps.FindAllString(b.String(), -1), fps.FindAllString(b2.String(), -1); strings.Join(a, ",") != strings.Join(z, ",") {
		t.Errorf("fingerprints changed when lines moved:\n%v\n%v", a, z)
	}

	unknown := journey.Diagnostics{{File: "m.yaml", Line: 1, Column: 1, Rule: "no-such-rule", Message: "m"}}
	if err := Write(&b, "sarif", unknown, Options{}); err == nil {
		t.Error("a diagnostic of an unknown rule was written")
	}
}

// TestRuleHelp: help is written for rules that exist, and no rule goes
// without help text.
func TestRuleHelp(t *testing.T) {
	known := map[string]bool{}
	for _, r := range journey.Rules {
		known[r.ID] = true
	}
	for id := range ruleHelp {
		if !known[id] {
			t.Errorf("help for %q, which is not a rule", id)
		}
	}
	for _, r := range journey.Rules {
		if ruleHelp[r.ID] == "" {
			t.Errorf("rule %s has no help of its own", r.ID)
		}
	}
	for _, r := range ruleDocs() {
		if r.Help == "" || r.Summary == "" {
			t.Errorf("rule %s: summary %q, help %q", r.ID, r.Summary, r.Help)
		}
	}
}
