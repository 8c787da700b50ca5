package main

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/journey-maps/journey/render/diagram/frames"
)

// version, commit and date are stamped by the release build
// (-ldflags "-X main.version=1.2.0 -X main.commit=... -X main.date=...",
// see .goreleaser.yaml); a go install build takes them from its build
// information instead: the module version, vcs.revision and vcs.time.
var version, commit, date = "", "", ""

func newVersionCmd(s *streams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of journey",
		Args:  argCount(0, 0, ""),
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintln(s.out, versionString())
			return nil
		},
	}
}

// setVersionFlag gives the root command --version, printing the same line
// as journey version.
func setVersionFlag(root *cobra.Command) {
	root.Version = versionString()
	root.SetVersionTemplate("{{.Version}}\n")
}

// buildVersion is the version, commit and date of this build, stamped or
// else from the build information; the version is in frames.Normalize's
// form ("dev" for a build from a checkout).
func buildVersion() (v, c, d, goVersion string) {
	v, c, d = stamped(version), stamped(commit), stamped(date)
	if info, ok := debug.ReadBuildInfo(); ok {
		goVersion = info.GoVersion
		if v == "" {
			v = info.Main.Version
		}
		for _, st := range info.Settings {
			switch {
			case st.Key == "vcs.revision" && c == "":
				c = st.Value
			case st.Key == "vcs.time" && d == "":
				d = st.Value
			}
		}
	}
	return frames.Normalize(v), c, d, goVersion
}

// stamped is a value the release build stamped, or "" for none:
// goreleaser stamps "none" and "unknown" where git could not tell it.
func stamped(s string) string {
	if s == "none" || s == "unknown" {
		return ""
	}
	return s
}

func versionString() string {
	v, c, d, goVersion := buildVersion()
	extra := []string{"file format version 1"}
	if c != "" {
		extra = append(extra, "commit "+c[:min(len(c), 12)])
	}
	if d != "" {
		extra = append(extra, "built "+d)
	}
	if goVersion != "" {
		extra = append(extra, goVersion)
	}
	return "journey " + v + " (" + strings.Join(extra, ", ") + ")"
}
