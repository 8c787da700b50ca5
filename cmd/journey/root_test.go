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
