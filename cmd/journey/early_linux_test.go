package main

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestEarlyHelper runs journey as a program, next to a journey-graphviz
// that logs its arguments and exit before and after running the real one:
// a render of SVG or PNG draws with the helper started with journey's
// process (arguments "tiles" alone, the rest sent on its input), and no
// other; other commands and formats start none; JOURNEY_EARLY_HELPER=0
// starts it the ordinary way; a helper journey did not take exits once
// journey has.
func TestEarlyHelper(t *testing.T) {
	dir := t.TempDir()
	for _, b := range [][2]string{{"journey", "."}, {"real-helper", "../journey-graphviz"}} {
		cmd := exec.Command("go", "build", "-buildvcs=false", "-o", filepath.Join(dir, b[0]), b[1])
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("cannot build %s: %v\n%s", b[0], err, out)
		}
	}
	log := filepath.Join(dir, "helper.log")
	wrapper := "#!/bin/sh\necho \"start $*\" >>\"$HELPER_LOG\"\n\"$(dirname \"$0\")/real-helper\" \"$@\"\ncode=$?\necho \"exit $code\" >>\"$HELPER_LOG\"\nexit $code\n"
	if err := os.WriteFile(filepath.Join(dir, graphvizHelper), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	// The wrapper's log, once every helper it started has exited.
	logged := func(t *testing.T) string {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for {
			b, _ := os.ReadFile(log)
			s := string(b)
			if strings.Count(s, "start ") == strings.Count(s, "exit ") || time.Now().After(deadline) {
				os.Remove(log)
				return s
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	out := filepath.Join(dir, "out")
	for _, tc := range []struct {
		name    string
		env     string
		args    []string
		code    int
		log     string
		picture string // how the output starts
	}{
		{"svg", "", []string{"render", store, "-o", out + ".svg"}, 0, "start tiles\nexit 0\n", "<?xml"},
		{"png at a scale", "", []string{"render", store, "--scale", "2", "-o", out + ".png"}, 0, "start tiles\nexit 0\n", "\x89PNG"},
		{"turned off", "JOURNEY_EARLY_HELPER=0", []string{"render", store, "-o", out + ".svg"}, 0, "start tiles svg --journey-version=dev\nexit 0\n", "<?xml"},
		{"validate", "", []string{"validate", store}, 0, "", ""},
		{"dot", "", []string{"render", store, "-o", out + ".dot"}, 0, "", "digraph"},
		{"canvas", "", []string{"render", store, "--view", "canvas", "-o", out + ".svg"}, 0, "", "<?xml"},
		// Started, not taken: it sees its input end with journey and exits.
		{"missing map", "", []string{"render", "no-such-map.yaml", "-o", out + ".svg"}, 2, "start tiles\nexit 0\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			os.Remove(log)
			cmd := exec.Command(filepath.Join(dir, "journey"), tc.args...)
			cmd.Env = append(os.Environ(), "HELPER_LOG="+log)
			if tc.env != "" {
				cmd.Env = append(cmd.Env, tc.env)
			}
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			if code := cmd.ProcessState.ExitCode(); code != tc.code {
				t.Fatalf("exit %d (%v), expected %d; stderr %q", code, err, tc.code, stderr.String())
			}
			if got := logged(t); got != tc.log {
				t.Errorf("the helper's log is %q, expected %q", got, tc.log)
			}
			if tc.picture != "" {
				name := tc.args[len(tc.args)-1]
				b, err := os.ReadFile(name)
				if err != nil || !bytes.HasPrefix(b, []byte(tc.picture)) {
					t.Errorf("%s: %.20q (%v), expected it to start with %q", name, b, err, tc.picture)
				}
				os.Remove(name)
			}
		})
	}

	// The scale reached the helper started early: twice the width.
	widths := map[string]int{}
	for _, scale := range []string{"1", "2"} {
		name := out + scale + ".png"
		cmd := exec.Command(filepath.Join(dir, "journey"), "render", store, "--scale", scale, "-o", name)
		cmd.Env = append(os.Environ(), "HELPER_LOG="+log)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("render --scale %s: %v\n%s", scale, err, b)
		}
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		c, err := png.DecodeConfig(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		widths[scale] = c.Width
		if got := logged(t); got != "start tiles\nexit 0\n" {
			t.Errorf("--scale %s: the helper's log is %q", scale, got)
		}
	}
	if d := widths["2"] - 2*widths["1"]; d < -2 || d > 2 {
		t.Errorf("PNG %d pixels wide at --scale 2, %d at 1", widths["2"], widths["1"])
	}
}
