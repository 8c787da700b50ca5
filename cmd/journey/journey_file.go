package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/journey-maps/journey/journey"
	"github.com/journey-maps/journey/render/diagnostics"
)

// loadJourney reads and checks the journey that render, report and serve
// work on; a journey with errors is not used. Its diagnostics go to
// stderr, warnings included.
func loadJourney(s *streams, file string) (*journey.Journey, error) {
	var src []byte
	var err error
	name := file
	if file == "-" {
		name = stdinName
		src, err = io.ReadAll(s.in)
	} else {
		src, err = os.ReadFile(file)
	}
	if err != nil {
		return nil, ioError{fmt.Errorf("cannot read %s: %w", name, unwrapPathError(err))}
	}
	j, diags := journey.Parse(name, src)
	if len(diags) > 0 {
		werr := diagnostics.Write(s.err, "text", diags, diagnostics.Options{
			Sources:  map[string][]byte{name: src},
			Snippets: s.errTTY,
			Color:    s.errColor(),
		})
		if werr != nil {
			return nil, ioError{fmt.Errorf("cannot write diagnostics: %w", werr)}
		}
	}
	if j == nil || diags.Errors() > 0 {
		return nil, errInvalid
	}
	return j, nil
}

// personaIDs lists the journey's personas for messages.
func personaIDs(j *journey.Journey) string {
	if len(j.Personas) == 0 {
		return "it has none"
	}
	ids := make([]string, len(j.Personas))
	for i, p := range j.Personas {
		ids[i] = p.ID
	}
	return strings.Join(ids, ", ")
}
