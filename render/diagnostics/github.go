package diagnostics

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/journey-maps/journey/journey"
)

// GitHub workflow commands need %, CR and LF escaped in the message, and
// also : and , in property values.
var (
	ghData     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// writeGitHub writes one workflow command per diagnostic, which GitHub
// Actions shows as an annotation on the file and line, titled with the rule
// id. Standard input has no file in the repository, so its diagnostics
// carry no file= and show on the run only.
func writeGitHub(w io.Writer, ds journey.Diagnostics) error {
	var b bytes.Buffer
	for _, d := range ds {
		fmt.Fprintf(&b, "::%s ", d.Severity)
		if d.File != stdinName {
			fmt.Fprintf(&b, "file=%s,", ghProperty.Replace(d.File))
		}
		if d.Line > 0 {
			fmt.Fprintf(&b, "line=%d,", d.Line)
			if d.Column > 0 {
				fmt.Fprintf(&b, "col=%d,", d.Column)
			}
		}
		fmt.Fprintf(&b, "title=%s::%s\n", ghProperty.Replace("journey "+d.Rule), ghData.Replace(d.Message))
	}
	_, err := w.Write(b.Bytes())
	return err
}

// stdinName is how journey names standard input in diagnostics.
const stdinName = "<stdin>"
