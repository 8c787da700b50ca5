package frames

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
)

// The version handshake. journey runs the helper as
//
//	journey-graphviz tiles svg|png --journey-version=VERSION
//
// and the helper's first frame on stdout is its hello, "journey-graphviz
// VERSION", before any picture. Both sides compare the two versions with
// SameRelease: the helper stops before drawing when they differ, and
// journey reports the mismatch from the hello, so that an old helper, a new
// helper and a helper of another release each fail with both versions
// named instead of a broken picture.

// VersionFlag is the helper's argument that carries journey's version.
const VersionFlag = "--journey-version="

// helloPrefix starts the helper's hello frame.
const helloPrefix = "journey-graphviz "

// Hello is the helper's first frame for its version.
func Hello(version string) []byte { return []byte(helloPrefix + version) }

// ReadHello reads the helper's hello frame and returns the version in it.
func ReadHello(r *bufio.Reader) (string, error) {
	b, err := Read(r)
	if err != nil {
		return "", fmt.Errorf("expected the helper's version first: %w", err)
	}
	v, ok := bytes.CutPrefix(b, []byte(helloPrefix))
	if !ok || len(v) == 0 || len(v) > 200 || bytes.ContainsAny(v, "\n\r") {
		return "", fmt.Errorf("expected %q and a version as the helper's first frame, found %.60q", helloPrefix, b)
	}
	return string(v), nil
}

// Dev is the version of a build from a checkout: no version stamped by the
// release and none from the module (go build or go install ./cmd/...).
const Dev = "dev"

// Normalize gives a build's version its shown form: Dev for a build without
// one ("" or Go's "(devel)"), and without the leading "v" of a module
// version, so that a release archive's 1.2.0 and `go install ...@v1.2.0`
// name the same release.
func Normalize(v string) string {
	v = strings.TrimSpace(v)
	if v == "" || v == "(devel)" || v == Dev {
		return Dev
	}
	return strings.TrimPrefix(v, "v")
}

// SameRelease tells whether journey and the helper come from the same
// release and so speak the same protocol. Two dev builds match each other
// (both come from a checkout, built together), never a release.
func SameRelease(a, b string) bool { return Normalize(a) == Normalize(b) }

// MismatchError is journey and its helper from different releases.
type MismatchError struct {
	Journey, Helper string
	// Path is where the helper was found; empty on the helper's side.
	Path string
}

func (e *MismatchError) Error() string {
	helper := "journey-graphviz " + Normalize(e.Helper)
	if e.Helper == "" {
		helper = "an older journey-graphviz that does not say its version"
	}
	if e.Path != "" {
		helper += " (" + e.Path + ")"
	}
	return fmt.Sprintf("journey %s and %s are from different releases: "+
		"install both from the same release archive, or both with "+
		"`go install github.com/journey-maps/journey/cmd/...@VERSION` "+
		"(from a checkout: `go install ./cmd/...`)", Normalize(e.Journey), helper)
}
