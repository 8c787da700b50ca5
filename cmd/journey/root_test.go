package main

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/journey-maps/journey/render/diagram"
)

// TestUnclassifiedErrors: a failure nobody classified, such as a crash of
// the Graphviz helper, exits 1 with its cause, never 2 (bad usage); cobra's
// own word on the command line (an unknown command) stays a usage error.
func TestUnclassifiedErrors(t *testing.T) {
	crash := func(context.Context, *diagram.Model, *diagram.Theme, string) ([]byte, error) {
		return nil, errors.New("journey-graphviz: signal: segmentation fault")
	}
	code, _, errOut := runCmdDraw(t, crash, "", "render", store, "-f", "svg")
	if code != exitInvalid || !strings.Contains(errOut, "segmentation fault") {
		t.Errorf("helper crash: exit %d, %q; want 1 and the cause", code, errOut)
	}
	code, _, errOut = runCmd(t, "", "rendr", store)
	if code != exitUsage || !strings.Contains(errOut, `unknown command "rendr"`) {
		t.Errorf("unknown command: exit %d, %q; want 2", code, errOut)
	}
	code, _, errOut = runCmd(t, "", "render", store, "--layout", "diagonal")
	if code != exitUsage || !strings.Contains(errOut, `invalid --layout "diagonal": expected one of lr, tb`) {
		t.Errorf("bad enum value: exit %d, %q", code, errOut)
	}
}

// TestUnknownFlagAndHelpTopic: an unknown flag names the closest known one
// and points to --help; an unknown help topic is a usage error.
func TestUnknownFlagAndHelpTopic(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"render", store, "--fromat", "dot"}, exitUsage, "unknown flag: --fromat (did you mean --format?); see journey render --help"},
		{[]string{"validate", "--stirct", "."}, exitUsage, "unknown flag: --stirct (did you mean --strict?); see journey validate --help"},
		{[]string{"report", store, "--zzz"}, exitUsage, "unknown flag: --zzz; see journey report --help"},
		{[]string{"help", "nope"}, exitUsage, `unknown help topic "nope": see journey --help`},
		{[]string{"help", "render"}, exitOK, ""},
	} {
		code, out, errOut := runCmd(t, "", tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("journey %s: exit %d, stderr %q; want %d and %q", strings.Join(tc.args, " "), code, errOut, tc.code, tc.want)
		}
		if tc.code == exitOK && !strings.Contains(out, "journey render FILE") {
			t.Errorf("journey help render printed %q", out)
		}
	}
}
