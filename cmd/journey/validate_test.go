package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"math/rand"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runCmd runs the command line in-process, drawing pictures with Graphviz
// in-process too.
func runCmd(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runCmdDraw(t, drawInProcess, stdin, args...)
}

// runCmdDraw is runCmd with another picture drawer.
func runCmdDraw(t *testing.T, draw pictureDrawer, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = execute(context.Background(), args, testStreams(strings.NewReader(stdin), &out, &errb, draw))
	return code, out.String(), errb.String()
}

// testStreams are streams that are not terminals, with colour allowed,
// at the fixed time testNow.
func testStreams(in io.Reader, out, err io.Writer, draw pictureDrawer) *streams {
	return &streams{in: in, out: out, err: err, color: true, draw: draw, now: func() time.Time { return testNow }}
}

// testNow is the time of every test run of a command.
var testNow = time.Date(2026, 10, 1, 9, 30, 0, 0, time.UTC)

const fixtures = "../../testdata/validate/"

func TestValidateExitCodes(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		stdin    string
		code     int
		stdout   string // substring expected on stdout
		stderr   string // substring expected on stderr
		noStdout bool
	}{
		{name: "examples are clean", args: []string{"validate", "--strict", "../../examples"}, code: 0, noStdout: true},
		{name: "error fails", args: []string{"validate", fixtures + "emotion-range.yaml"}, code: 1,
			stdout: fixtures + "emotion-range.yaml:9:18: error: emotion 3 of touchpoint \"ad\" is out of range"},
		{name: "warning passes", args: []string{"validate", fixtures + "empty-stage.yaml"}, code: 0,
			stdout: "warning: stage \"loyalty\" has no touchpoints [empty-stage]"},
		{name: "warning fails when strict", args: []string{"validate", "--strict", fixtures + "empty-stage.yaml"}, code: 1},
		{name: "stdin", args: []string{"validate", "-"}, stdin: "version: 3\nname: x\nstages: []\n", code: 1,
			stdout: "<stdin>:1:10: error: unsupported version 3"},
		{name: "missing file", args: []string{"validate", "no/such/file.yaml"}, code: 2,
			stderr: "cannot read no/such/file.yaml: no such file or directory"},
		{name: "directory without journeys", args: []string{"validate", "."}, code: 2, stderr: "no *.yaml or *.yml files under ."},
		{name: "bad format", args: []string{"validate", "--format", "xml", fixtures + "empty-stage.yaml"}, code: 2,
			stderr: `invalid --format "xml"`},
		{name: "unknown flag", args: []string{"validate", "--strcit"}, code: 2, stderr: "unknown flag: --strcit"},
		{name: "unknown command", args: []string{"validat"}, code: 2, stderr: "unknown command"},
		{name: "binary garbage", args: []string{"validate", "-"}, stdin: "\x00\x01\x02\xff\xfe", code: 1,
			stdout: "<stdin>:1:1: error: expected UTF-8 YAML text, found binary data [not-utf8]"},
		{name: "empty", args: []string{"validate", "-"}, stdin: "", code: 1, stdout: "[empty-file]"},
		{name: "syntax error", args: []string{"validate", fixtures + "yaml-syntax.yaml"}, code: 1, stdout: "yaml-syntax.yaml:6:17: error: invalid YAML"},
		{name: "github", args: []string{"validate", "-f", "github", fixtures + "unknown-key.yaml"}, code: 1,
			stdout: "::error file=" + fixtures + "unknown-key.yaml,line=3,col=1,title=journey unknown-key::unknown key \"descripton\" in the journey; did you mean \"description\"?\n"},
		{name: "a device that never ends", args: []string{"validate", "/dev/zero"}, code: 2, noStdout: true,
			stderr: "journey: cannot read /dev/zero: expected at most 8MiB (--max-file-size), found more\n"},
		{name: "standard input over the limit", args: []string{"validate", "--max-file-size", "18B", "-"}, stdin: "version: 1\nname: x\n", code: 2, noStdout: true,
			stderr: "journey: cannot read <stdin>: expected at most 18B (--max-file-size), found more\n"},
		{name: "standard input at the limit", args: []string{"validate", "--max-file-size", "19B", "-"}, stdin: "version: 1\nname: x\n", code: 1,
			stdout: "<stdin>:1:1: error: the journey is missing the required key \"stages\""},
		{name: "bad size", args: []string{"validate", "--max-file-size", "8XB", "-"}, code: 2,
			stderr: `invalid --max-file-size "8XB": expected a size above zero such as 16MiB, 64MB or 1GB`},
		{name: "github warning", args: []string{"validate", "-f", "github", fixtures + "empty-stage.yaml"}, code: 0,
			stdout: "::warning file=" + fixtures + "empty-stage.yaml,line=9,col=5,title=journey empty-stage::stage \"loyalty\" has no touchpoints\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, tt.stdin, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errOut)
			}
			if !strings.Contains(out, tt.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tt.stdout, out)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, errOut)
			}
			if tt.noStdout && out != "" {
				t.Errorf("expected no output, got:\n%s", out)
			}
		})
	}
}

func TestValidateJSON(t *testing.T) {
	code, out, _ := runCmd(t, "", "validate", "--format", "json", fixtures+"kpi-scope.yaml", fixtures+"empty-stage.yaml")
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, out)
	}
	if len(got) != 4 {
		t.Fatalf("got %d diagnostics, want 4:\n%s", len(got), out)
	}
	// Sorted by file, then line: empty-stage.yaml sorts before kpi-scope.yaml.
	first := got[0]
	want := map[string]any{"file": fixtures + "empty-stage.yaml", "line": 9.0, "column": 5.0, "severity": "warning", "rule": "empty-stage", "message": `stage "loyalty" has no touchpoints`}
	for k, v := range want {
		if first[k] != v {
			t.Errorf("%s = %v, want %v", k, first[k], v)
		}
	}
	if len(first) != len(want) {
		t.Errorf("keys %v, want exactly %v", first, want)
	}

	code, out, _ = runCmd(t, "", "validate", "--format", "json", "../../examples")
	if code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("clean files: exit %d, output %q; want 0 and []", code, out)
	}
}

func TestValidateSARIFAndJUnit(t *testing.T) {
	code, out, _ := runCmd(t, "", "validate", "--format", "sarif", fixtures+"duplicate-id.yaml")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	var sarif struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Level     string `json:"level"`
				Locations []struct {
					PhysicalLocation struct {
						Region struct {
							StartLine, StartColumn int
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &sarif); err != nil {
		t.Fatal(err)
	}
	if sarif.Version != "2.1.0" || len(sarif.Runs) != 1 || len(sarif.Runs[0].Results) != 2 {
		t.Fatalf("unexpected SARIF:\n%s", out)
	}
	r := sarif.Runs[0].Results[0]
	if r.RuleID != "duplicate-id" || r.Level != "error" || r.Locations[0].PhysicalLocation.Region.StartLine != 10 || r.Locations[0].PhysicalLocation.Region.StartColumn != 13 {
		t.Errorf("first result %+v", r)
	}

	code, out, _ = runCmd(t, "", "validate", "--format", "junit", fixtures+"duplicate-id.yaml", "../../examples/online-store.yaml")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	var junit struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Text string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(out), &junit); err != nil {
		t.Fatalf("invalid XML: %v\n%s", err, out)
	}
	// A case per finding (two duplicate ids) and one for the clean file.
	if junit.Tests != 3 || junit.Failures != 2 {
		t.Errorf("tests=%d failures=%d, want 3 and 2:\n%s", junit.Tests, junit.Failures, out)
	}
}

// TestValidateBadInput feeds hostile input: it must end in a diagnostic and
// exit 1 or 2, never a panic.
func TestValidateBadInput(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewSource(1))
	garbage := make([]byte, 1<<20)
	rng.Read(garbage)

	var big strings.Builder
	big.WriteString("version: 1\nname: Big\nstages:\n")
	for s := 0; big.Len() < 10<<20; s++ {
		fmt.Fprintf(&big, "  - id: stage-%d\n    name: Stage %d\n    touchpoints:\n", s, s)
		for k := 0; k < 50; k++ {
			fmt.Fprintf(&big, "      - id: tp-%d-%d\n        name: Touchpoint %d of stage %d\n        channel: web\n        emotion: 1\n        pains: [Slow page, Confusing copy]\n", s, k, k, s)
		}
	}
	cases := map[string][]byte{
		"garbage.yaml":   garbage,
		"big.yaml":       []byte(big.String()),
		"truncated.yaml": []byte(big.String()[:5000]),
		"anchors.yaml":   []byte("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"),
		"tabs.yaml":      []byte("version: 1\n\tname: x\n"),
		"scalar.yaml":    []byte("just text\n"),
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, content, 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, errOut := runCmd(t, "", "validate", path)
			if name == "big.yaml" {
				// Over the default limit of 8 MiB: refused unread, and read
				// when the limit is raised.
				if want := "journey: cannot read " + path + ": expected at most 8MiB (--max-file-size), found more\n"; code != 2 || out != "" || errOut != want {
					t.Errorf("a 10 MB journey: exit %d, stderr %q; want 2 and %q", code, errOut, want)
				}
				code, out, errOut = runCmd(t, "", "validate", "--max-file-size", "16MiB", path)
				if code != 0 {
					t.Errorf("a valid 10 MB journey with --max-file-size 16MiB: exit %d\n%.2000s%s", code, out, errOut)
				}
				return
			}
			if code != 1 {
				t.Errorf("exit %d, want 1\nstdout:\n%.2000s\nstderr:\n%s", code, out, errOut)
			}
			if !strings.Contains(out, path+":") || !strings.Contains(out, "error:") {
				t.Errorf("no diagnostic naming the file:\n%.2000s", out)
			}
		})
	}
}

func TestByteSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64 // 0: an error
	}{
		{"1", 1},
		{"512B", 512},
		{"1KiB", 1024},
		{"16MiB", 16 << 20},
		{"16mib", 16 << 20},
		{"64MB", 64_000_000},
		{"1GB", 1_000_000_000},
		{"2GiB", 2 << 30},
		{" 8 MiB ", 8 << 20},
		{"1kb", 1000},
		{"0", 0},
		{"-1MiB", 0},
		{"1.5GiB", 0},
		{"MiB", 0},
		{"16M", 0},
		{"16TiB", 0},
		{"9999999999GiB", 0},
		{"", 0},
	}
	for _, tt := range tests {
		var b byteSize
		err := b.Set(tt.in)
		switch {
		case tt.want == 0 && err == nil:
			t.Errorf("%q: accepted as %d bytes", tt.in, b.n)
		case tt.want != 0 && (err != nil || b.n != tt.want):
			t.Errorf("%q: got %d, %v; want %d", tt.in, b.n, err, tt.want)
		}
	}
}

// TestValidateSkipsSpecialFiles: in a directory, a named pipe would block
// the read for ever, a socket cannot be read, and a link may lead out of
// the tree; each is skipped with a note, and the exit status is that of
// the files read.
func TestValidateSkipsSpecialFiles(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "maps")
	outside := filepath.Join(tmp, "outside")
	for _, d := range []string{dir, outside} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	valid := "version: 1\nname: x\nstages: [{id: s, name: S, touchpoints: [{id: t, name: T}]}]\n"
	for path, content := range map[string]string{
		filepath.Join(dir, "ok.yaml"):         valid,
		filepath.Join(outside, "secret.yaml"): "password: hunter2\n",
	} {
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	sock, err := net.Listen("unix", filepath.Join(dir, "sock.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	defer sock.Close()
	for link, target := range map[string]string{
		"out.yaml":       filepath.Join(outside, "secret.yaml"),
		"relative.yaml":  "../outside/secret.yaml",
		"null.yaml":      "/dev/null",
		"to-pipe.yaml":   "pipe.yaml",
		"same.yaml":      "ok.yaml",
		"dangling.yaml":  "missing.yaml",
		"to-outside.yml": "../outside",
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	type result struct {
		code     int
		out, err string
	}
	done := make(chan result, 1)
	go func() {
		code, out, errOut := runCmd(t, "", "validate", dir)
		done <- result{code, out, errOut}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("journey validate still running after 30 s: it opened the named pipe")
	}
	realOutside, _ := filepath.EvalSymlinks(outside)
	want := strings.Join([]string{
		"journey: skipped " + filepath.Join(dir, "null.yaml") + ": a symbolic link to /dev/null, outside the directory",
		"journey: skipped " + filepath.Join(dir, "out.yaml") + ": a symbolic link to " + filepath.Join(realOutside, "secret.yaml") + ", outside the directory",
		"journey: skipped " + filepath.Join(dir, "pipe.yaml") + ": a named pipe, not a regular file",
		"journey: skipped " + filepath.Join(dir, "relative.yaml") + ": a symbolic link to " + filepath.Join(realOutside, "secret.yaml") + ", outside the directory",
		"journey: skipped " + filepath.Join(dir, "sock.yaml") + ": a socket, not a regular file",
		"journey: skipped " + filepath.Join(dir, "to-outside.yml") + ": a symbolic link to " + realOutside + ", outside the directory",
		"journey: skipped " + filepath.Join(dir, "to-pipe.yaml") + ": a symbolic link to a named pipe, not a regular file",
		"journey: cannot read " + filepath.Join(dir, "dangling.yaml") + ": no such file or directory",
	}, "\n") + "\n"
	if r.code != 2 || r.out != "" || r.err != want {
		t.Errorf("exit %d, want 2 (for the dangling link)\nstdout:\n%s\nstderr:\n%s\nwant stderr:\n%s", r.code, r.out, r.err, want)
	}
	if strings.Contains(r.out+r.err, "hunter2") {
		t.Error("the file outside the directory was read")
	}
	// Without the dangling link, the notes leave the exit status alone.
	if err := os.Remove(filepath.Join(dir, "dangling.yaml")); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := runCmd(t, "", "validate", dir); code != 0 || out != "" || strings.Count(errOut, "journey: skipped") != 7 {
		t.Errorf("exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}

// TestValidateOutputFile: -o writes the findings to a file (exit status
// as without it, nothing on standard output) and refuses to overwrite a
// file being checked.
func TestValidateOutputFile(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("version: 1\nname: X\nstages: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "journey.sarif")
	code, stdout, stderr := runCmd(t, "", "validate", "--format", "sarif", "-o", out, bad)
	if code != 1 || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q; want 1 and nothing on stdout", code, stdout, stderr)
	}
	got, err := os.ReadFile(out)
	if err != nil || !strings.Contains(string(got), `"version": "2.1.0"`) || !strings.Contains(string(got), "missing-key") {
		t.Fatalf("the file holds %.300q (%v)", got, err)
	}
	code, _, stderr = runCmd(t, "", "validate", "-o", bad, bad)
	if code != 2 || !strings.Contains(stderr, "it is an input of this run") {
		t.Errorf("-o the checked file: exit %d, %q", code, stderr)
	}
	if src, _ := os.ReadFile(bad); !strings.HasPrefix(string(src), "version: 1") {
		t.Errorf("the checked file was overwritten: %q", src)
	}
}
