package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/journey-maps/journey/journey"
	"github.com/journey-maps/journey/render/diagnostics"
	"github.com/spf13/cobra"
)

// maxFileSizeFlag defines --max-file-size, the largest journey file read.
func maxFileSizeFlag(cmd *cobra.Command, p *byteSize) {
	sizeFlag(cmd, p, "max-file-size", journey.DefaultMaxFileSize, "largest journey file to read, such as 16MiB, 64MB or 1GB")
}

// readJourneyFile reads a journey file, or standard input for "-", up to
// limit bytes; name is how messages call it.
func readJourneyFile(s *streams, file string, limit byteSize) (name string, src []byte, err error) {
	name = file
	if file == "-" {
		name = stdinName
		src, err = journey.ReadAll(s.in, limit.n)
	} else {
		src, err = journey.ReadFile(file, limit.n)
	}
	if _, big := errors.AsType[*journey.TooLargeError](err); big {
		err = fmt.Errorf("expected at most %s (--max-file-size), found more", limit.text)
	}
	return name, src, err
}

// loadJourney reads and checks the journey that render, report and serve
// work on; a journey with errors is not used. Its diagnostics go to
// stderr, warnings included.
func loadJourney(s *streams, file string, limit byteSize) (*journey.Journey, error) {
	name, src, err := readJourneyFile(s, file, limit)
	if err != nil {
		return nil, ioError{fmt.Errorf("cannot read %s: %w", name, unwrapPathError(err))}
	}
	return parseJourney(s, name, src)
}

// parseJourney is loadJourney for a journey already read (diff reads one
// from git).
func parseJourney(s *streams, name string, src []byte) (*journey.Journey, error) {
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
