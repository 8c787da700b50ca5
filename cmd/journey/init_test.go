package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "new.yaml")
	code, _, errOut := runCmd(t, "", "init", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if code, out, _ := runCmd(t, "", "validate", "--strict", path); code != 0 {
		t.Fatalf("the written journey does not validate:\n%s", out)
	}
	if err := os.WriteFile(path, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runCmd(t, "", "init", path)
	if code != 2 || !strings.Contains(errOut, "already exists") {
		t.Errorf("overwrite: exit %d, stderr %q; want 2 and a refusal", code, errOut)
	}
	if b, _ := os.ReadFile(path); string(b) != "mine" {
		t.Errorf("init overwrote the file")
	}
	code, out, _ := runCmd(t, "", "init", "-")
	if code != 0 || !strings.HasPrefix(out, "# A customer journey map") {
		t.Errorf("init -: exit %d, output %.80q", code, out)
	}
	if code, _, _ := runCmd(t, "", "init", "a", "b"); code != 2 {
		t.Errorf("two arguments: exit %d, want 2", code)
	}
	if code, _, _ := runCmd(t, "", "init", filepath.Join(dir, "missing", "dir", "x.yaml")); code != 2 {
		t.Errorf("unwritable path: exit %d, want 2", code)
	}
}

func TestSchemaAndVersion(t *testing.T) {
	code, out, _ := runCmd(t, "", "schema")
	var v map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &v) != nil || v["title"] == nil {
		t.Errorf("schema: exit %d, output %.80q", code, out)
	}
	code, out, _ = runCmd(t, "", "version")
	if code != 0 || !strings.HasPrefix(out, "journey ") || !strings.Contains(out, "file format version 1") {
		t.Errorf("version: exit %d, output %q", code, out)
	}
}

// TestHelpExamplesExist keeps the files that --help examples name real.
func TestHelpExamplesExist(t *testing.T) {
	_, out, _ := runCmd(t, "", "--help")
	for _, f := range strings.Fields(out) {
		if strings.HasPrefix(f, "examples/") {
			if _, err := os.Stat(filepath.Join("../..", f)); err != nil {
				t.Errorf("root --help names %s: %v", f, err)
			}
		}
	}
}
