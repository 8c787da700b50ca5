package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/journey-maps/journey/journey/journeytest"
)

const diffFixtures = "../../testdata/diff/"

// TestDiffGolden runs journey diff on a real pair, the online store example
// and an edited copy (an id and names renamed, a touchpoint removed, one
// added, one moved to another stage, a KPI target changed, KPIs added and
// removed), in every format, with and without data.
func TestDiffGolden(t *testing.T) {
	old, cur := diffFixtures+"online-store.old.yaml", diffFixtures+"online-store.new.yaml"
	data := "../../examples/online-store.ga4.csv"
	tests := []struct {
		golden string
		args   []string
	}{
		{"store.txt", []string{"diff", old, cur}},
		{"store.md", []string{"diff", old, cur, "--format", "markdown"}},
		{"store.json", []string{"diff", old, cur, "--format", "json"}},
		{"store-data.txt", []string{"diff", old, cur, "--data", data}},
		{"store-data.md", []string{"diff", old, cur, "--data", data, "-f", "markdown"}},
		{"store-data.json", []string{"diff", old, cur, "--data", data, "-f", "json"}},
		{"reverse.txt", []string{"diff", cur, old}},
		{"same.txt", []string{"diff", old, old}},
		{"same.md", []string{"diff", old, old, "-f", "markdown"}},
		{"same.json", []string{"diff", old, old, "-f", "json"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			code, out, _ := runCmd(t, "", tt.args...)
			if code != 0 {
				t.Fatalf("exit %d, want 0", code)
			}
			journeytest.Golden(t, diffFixtures+tt.golden+".golden", []byte(out), *update)
		})
	}
}

func TestDiffExitCodes(t *testing.T) {
	old, cur := diffFixtures+"online-store.old.yaml", diffFixtures+"online-store.new.yaml"
	tests := []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stdout string
		stderr string
	}{
		{name: "differences exit 0", args: []string{"diff", old, cur}, code: 0, stdout: "+ gift-wrap"},
		{name: "--exit-code with differences", args: []string{"diff", "--exit-code", old, cur}, code: 1, stdout: "+ gift-wrap"},
		{name: "--exit-code without differences", args: []string{"diff", "--exit-code", old, old}, code: 0, stdout: "no differences"},
		{name: "new from stdin", args: []string{"diff", old, "-"}, stdin: "version: 1\nname: x\nstages: [{id: s, name: S, touchpoints: [{id: t, name: T}]}]\n",
			code: 0, stdout: "+ t \"T\" in s"},
		{name: "stdin twice", args: []string{"diff", "-", "-"}, code: 2, stderr: "standard input (-) can be read once"},
		{name: "one argument", args: []string{"diff", old}, code: 2, stderr: "needs the OLD and NEW versions"},
		{name: "invalid map", args: []string{"diff", old, fixtures + "emotion-range.yaml"}, code: 1, stderr: "emotion 3"},
		{name: "missing file", args: []string{"diff", old, "nope.yaml"}, code: 2, stderr: "cannot read nope.yaml"},
		{name: "windows path is a file", args: []string{"diff", old, `C:\maps\store.yaml`}, code: 2, stderr: `cannot read C:\maps\store.yaml: no such file`},
		{name: "revision like an option", args: []string{"diff", "--", "--output=x:store.yaml", cur}, code: 2, stderr: "does not start with -"},
		{name: "bad format", args: []string{"diff", "-f", "html", old, cur}, code: 2, stderr: "expected one of text, markdown, json"},
		{name: "-o extension", args: []string{"diff", "-o", filepath.Join(t.TempDir(), "x.pdf"), old, cur}, code: 2, stderr: "cannot tell the format"},
		{name: "unknown persona with data", args: []string{"diff", old, cur, "--data", "../../examples/online-store.ga4.csv", "--persona", "nobody"}, code: 2, stderr: "invalid --persona"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, tt.stdin, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			if !strings.Contains(out, tt.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tt.stdout, out)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, errOut)
			}
		})
	}
}

// TestDiffMarkdownFile writes the pull-request comment with -o, its format
// taken from the extension.
func TestDiffMarkdownFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "comment.md")
	code, _, errOut := runCmd(t, "", "diff", diffFixtures+"online-store.old.yaml", diffFixtures+"online-store.new.yaml", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), "### Journey map changes") {
		t.Errorf("comment.md does not start with the markdown heading:\n%s", b)
	}
}

// TestDiffGit reads versions from git in a repository made for the test:
// REV:PATH for a committed version, the work tree's file beside it, and
// the errors for a directory that is no repository, an unknown revision
// and a path the revision lacks. A file whose name holds a colon is read
// as the file.
func TestDiffGit(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		t.Fatal("git is needed (CI installs it):", err)
	}
	goldenDir, err := filepath.Abs(diffFixtures)
	if err != nil {
		t.Fatal(err)
	}
	base := t.TempDir()
	// Keep git from finding a repository above the temporary folders,
	// and from the user's configuration.
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(base))
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	repo := filepath.Join(base, "repo")
	if err := os.MkdirAll(filepath.Join(repo, "maps"), 0o755); err != nil {
		t.Fatal(err)
	}
	old, err := os.ReadFile(diffFixtures + "online-store.old.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cur, err := os.ReadFile(diffFixtures + "online-store.new.yaml")
	if err != nil {
		t.Fatal(err)
	}
	mapFile := filepath.Join(repo, "maps", "store.yaml")
	if err := os.WriteFile(mapFile, old, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"init", "-q"},
		{"add", "maps/store.yaml"},
		{"-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "first map"},
	} {
		cmd := exec.Command(git, args...)
		cmd.Dir = repo
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	if err := os.WriteFile(mapFile, cur, 0o644); err != nil {
		t.Fatal(err)
	}
	colon := filepath.Join(repo, "HEAD:maps")
	if err := os.WriteFile(colon, cur, 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name   string
		dir    string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{name: "committed against the work tree", dir: repo, args: []string{"diff", "HEAD:maps/store.yaml", "maps/store.yaml"}, code: 0,
			stdout: "--- HEAD:maps/store.yaml\n+++ maps/store.yaml\n"},
		{name: "./PATH from a subfolder", dir: filepath.Join(repo, "maps"), args: []string{"diff", "HEAD:./store.yaml", "store.yaml"}, code: 0,
			stdout: "+ gift-wrap"},
		{name: "same revision", dir: repo, args: []string{"diff", "HEAD:maps/store.yaml", "HEAD:maps/store.yaml"}, code: 0, stdout: "no differences"},
		{name: "a file named with a colon", dir: repo, args: []string{"diff", "HEAD:maps", "maps/store.yaml"}, code: 0, stdout: "no differences"},
		{name: "unknown revision", dir: repo, args: []string{"diff", "nope:maps/store.yaml", "maps/store.yaml"}, code: 2,
			stderr: "journey: cannot read nope:maps/store.yaml: it is not a file, and git cannot show it as REV:PATH: invalid object name 'nope'."},
		{name: "path not in the revision", dir: repo, args: []string{"diff", "HEAD:maps/gone.yaml", "maps/store.yaml"}, code: 2,
			stderr: "journey: cannot read HEAD:maps/gone.yaml: it is not a file, and git cannot show it as REV:PATH: path 'maps/gone.yaml' does not exist in 'HEAD'"},
		{name: "a directory in the revision", dir: repo, args: []string{"diff", "HEAD:./maps", "maps/store.yaml"}, code: 2,
			stderr: "journey: cannot read HEAD:./maps: it is not a file, and git cannot show it as REV:PATH: it is a directory there; name a journey file in it"},
		{name: "not a repository", dir: base, args: []string{"diff", "HEAD:maps/store.yaml", "repo/maps/store.yaml"}, code: 2,
			stderr: "journey: cannot read HEAD:maps/store.yaml: it is not a file, and git cannot show it as REV:PATH: not a git repository"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(tt.dir)
			code, out, errOut := runCmd(t, "", tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			if !strings.Contains(out, tt.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tt.stdout, out)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, errOut)
			}
		})
	}
	t.Run("golden", func(t *testing.T) {
		t.Chdir(repo)
		code, out, errOut := runCmd(t, "", "diff", "HEAD:maps/store.yaml", "maps/store.yaml", "-f", "markdown")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		journeytest.Golden(t, filepath.Join(goldenDir, "git-head.md.golden"), []byte(out), *update)
	})
}
