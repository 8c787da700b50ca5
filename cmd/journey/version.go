package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is set at release time with -ldflags "-X main.version=v1.2.3";
// otherwise the module version from the build information is used.
var version = ""

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

func versionString() string {
	v, commit, goVersion := version, "", ""
	if info, ok := debug.ReadBuildInfo(); ok {
		goVersion = info.GoVersion
		if v == "" {
			v = info.Main.Version
		}
		for _, st := range info.Settings {
			if st.Key == "vcs.revision" && len(st.Value) >= 12 {
				commit = st.Value[:12]
			}
		}
	}
	if v == "" || v == "(devel)" {
		v = "dev"
	}
	out := "journey " + v + " (file format version 1"
	if commit != "" {
		out += ", commit " + commit
	}
	if goVersion != "" {
		out += ", " + goVersion
	}
	return out + ")"
}
