package diagnostics

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path"
	"path/filepath"
	"strings"

	"github.com/journey-maps/journey/journey"
)

// SARIF 2.1.0, as code-scanning tools (GitHub's among them) read it: the
// rules with their help, and each result at a relative URI under the
// %SRCROOT% base, with a fingerprint that survives lines moving.

// sarifSchema is the schema the log names: OASIS's SARIF 2.1.0 with its
// errata, which the tests validate the output against.
const sarifSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// srcRoot is the base of every relative URI: the directory journey ran in,
// which in CI is the repository's root.
const srcRoot = "%SRCROOT%"

// fingerprintKey names journey's partial fingerprint and its version.
const fingerprintKey = "journeyFinding/v1"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifMultiText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifRule struct {
	ID               string         `json:"id"`
	Name             string         `json:"name"`
	ShortDescription sarifText      `json:"shortDescription"`
	FullDescription  sarifText      `json:"fullDescription"`
	Help             sarifMultiText `json:"help"`
	HelpURI          string         `json:"helpUri"`
	DefaultConfig    sarifConfig    `json:"defaultConfiguration"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
}

type sarifLocation struct {
	Physical *sarifPhysical `json:"physicalLocation,omitempty"`
	// Message stands in for the place when there is no file, as for
	// standard input.
	Message *sarifText `json:"message,omitempty"`
}

type sarifPhysical struct {
	Artifact sarifArtifact `json:"artifactLocation"`
	Region   *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

func writeSARIF(w io.Writer, ds journey.Diagnostics, opts Options) error {
	docs := ruleDocs()
	rules := make([]sarifRule, 0, len(docs))
	index := map[string]int{}
	for i, r := range docs {
		index[r.ID] = i
		rules = append(rules, sarifRule{
			ID:               r.ID,
			Name:             ruleName(r.ID),
			ShortDescription: sarifText{r.Summary},
			FullDescription:  sarifText{r.Severity.String() + ": " + r.Summary + ". " + r.Help},
			Help: sarifMultiText{
				Text:     r.Help + " See " + RulesURL,
				Markdown: fmt.Sprintf("**%s** (%s): %s.\n\n%s\n\n[The rules of journey](%s)", r.ID, r.Severity, r.Summary, r.Help, RulesURL),
			},
			HelpURI:       RulesURL,
			DefaultConfig: sarifConfig{r.Severity.String()},
		})
	}
	results := make([]sarifResult, 0, len(ds))
	seen := map[string]int{}
	for _, d := range ds {
		i, ok := index[d.Rule]
		if !ok {
			// A rule the list lacks would make ruleIndex lie; refuse
			// rather than write a log that points at the wrong help.
			return fmt.Errorf("diagnostic of unknown rule %q", d.Rule)
		}
		loc := sarifLocation{}
		if a, ok := sarifArtifactOf(d.File); ok {
			loc.Physical = &sarifPhysical{Artifact: a}
			if d.Line > 0 {
				loc.Physical.Region = &sarifRegion{StartLine: d.Line, StartColumn: d.Column}
			}
		} else {
			loc.Message = &sarifText{fmt.Sprintf("%s:%d:%d", d.File, d.Line, d.Column)}
		}
		// The fingerprint leaves out the line, so that a finding keeps
		// its identity when lines above it move; n tells apart equal
		// findings in one file.
		key := d.Rule + "\x00" + d.File + "\x00" + d.Message
		n := seen[key]
		seen[key]++
		sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d", key, n))
		results = append(results, sarifResult{
			RuleID:              d.Rule,
			RuleIndex:           i,
			Level:               d.Severity.String(),
			Message:             sarifText{d.Message},
			Locations:           []sarifLocation{loc},
			PartialFingerprints: map[string]string{fingerprintKey: hex.EncodeToString(sum[:16])},
		})
	}
	log := sarifLog{
		Schema:  sarifSchema,
		Version: "2.1.0",
		Runs: []sarifRun{{
			Tool:    sarifTool{Driver: sarifDriver{Name: "journey", Version: opts.ToolVersion, InformationURI: InformationURL, Rules: rules}},
			Results: results,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // "<= 10%" as written, not "\u003c= 10%"
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

// ruleName is a rule's id in the PascalCase SARIF viewers show as its
// name (emotion-range: EmotionRange).
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.Split(id, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

// sarifArtifactOf turns a diagnostic's file name into a SARIF artifact
// location: a relative path into a percent-encoded URI reference under
// %SRCROOT%, an absolute one into a file: URI; false for standard input,
// which has no URI.
func sarifArtifactOf(file string) (sarifArtifact, bool) {
	if file == stdinName || file == "" {
		return sarifArtifact{}, false
	}
	p := filepath.ToSlash(file)
	if vol := filepath.VolumeName(file); vol != "" || strings.HasPrefix(p, "/") {
		if vol != "" {
			p = "/" + p // file:///C:/maps/a.yaml
		}
		u := url.URL{Scheme: "file", Path: p}
		return sarifArtifact{URI: u.String()}, true
	}
	p = path.Clean(p)
	esc := (&url.URL{Path: p}).EscapedPath()
	// A colon in the first segment would read as a scheme.
	first, rest, found := strings.Cut(esc, "/")
	esc = strings.ReplaceAll(first, ":", "%3A")
	if found {
		esc += "/" + rest
	}
	return sarifArtifact{URI: esc, URIBaseID: srcRoot}, true
}
