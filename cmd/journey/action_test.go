package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestActionValidateStep runs the Validate step of the repository's GitHub
// Action (action.yml) as GitHub runs it, with bash -eo pipefail, on a
// broken map and with a SARIF file asked for: the step fails, and still
// prints the annotations and writes the SARIF file and its output.
func TestActionValidateStep(t *testing.T) {
	src, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Runs struct {
			Steps []struct {
				Name string `yaml:"name"`
				Run  string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(src, &action); err != nil {
		t.Fatal(err)
	}
	var script string
	for _, s := range action.Runs.Steps {
		if s.Name == "Validate" {
			script = s.Run
		}
	}
	if script == "" {
		t.Fatal("action.yml has no step named Validate")
	}

	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "journey"), ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("cannot build journey: %v\n%s", err, out)
	}
	work := t.TempDir()
	if err := os.MkdirAll(filepath.Join(work, "maps"), 0o755); err != nil {
		t.Fatal(err)
	}
	broken := "version: 1\nname: Shop\nstages:\n  - id: s\n    name: S\n    touchpoints:\n      - id: a\n        name: A\n        emotion: 3\n"
	if err := os.WriteFile(filepath.Join(work, "maps", "shop.yaml"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	output := filepath.Join(work, "github-output")
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"PATHS=maps/", "STRICT=true", "SARIF_FILE=journey.sarif", "GITHUB_OUTPUT="+output)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("the step ended with %v, expected exit status 1; stderr %q", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "::error file=maps/shop.yaml,line=9,") {
		t.Errorf("no annotation for the broken map in %q", stdout.String())
	}
	sarif, err := os.ReadFile(filepath.Join(work, "journey.sarif"))
	if err != nil || !strings.Contains(string(sarif), `"ruleId": "emotion-range"`) {
		t.Errorf("journey.sarif: %v, %.200q", err, sarif)
	}
	if got, _ := os.ReadFile(output); !strings.Contains(string(got), "sarif-file=journey.sarif") {
		t.Errorf("step output %q lacks sarif-file", got)
	}
}
