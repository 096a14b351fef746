package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// version and revision are set by release builds and the Dockerfile with
// -ldflags "-X main.version=v1.2.3 -X main.revision=abc123" (the Docker
// build context has no .git, so Go cannot record the revision itself).
// They have to be package variables: -X can set nothing else. Empty means:
// take them from the build info.
var version, revision string

// buildVersion is what `storybot version` reports.
type buildVersion struct {
	Version  string `json:"version"`
	Revision string `json:"revision"`
	Time     string `json:"time,omitempty"`
	Modified bool   `json:"modified"`
	Go       string `json:"go"`
}

// readVersion combines the -X version and revision, when set, with the module version
// and VCS revision Go records in the binary. A `go run` or a build outside
// a git checkout has neither: they read "(devel)" and "unknown".
func readVersion(setVersion, setRevision string, info *debug.BuildInfo, ok bool) buildVersion {
	v := buildVersion{Version: "(devel)", Revision: "unknown", Go: runtime.Version()}
	if ok && info != nil {
		if info.Main.Version != "" {
			v.Version = info.Main.Version
		}
		if info.GoVersion != "" {
			v.Go = info.GoVersion
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				v.Revision = s.Value
			case "vcs.time":
				v.Time = s.Value
			case "vcs.modified":
				v.Modified = s.Value == "true"
			}
		}
	}
	if setVersion != "" {
		v.Version = setVersion
	}
	if setRevision != "" {
		v.Revision = setRevision
	}
	return v
}

func (v buildVersion) String() string {
	s := "storybot " + v.Version + " (revision " + v.Revision
	if v.Modified {
		s += ", modified"
	}
	if v.Time != "" {
		s += ", " + v.Time
	}
	return s + ", " + v.Go + ")"
}

func cmdVersion(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("version", "version [--json]")
	asJSON := fs.Bool("json", false, "print the version as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("version takes no arguments")
	}
	info, ok := debug.ReadBuildInfo()
	v := readVersion(version, revision, info, ok)
	if *asJSON {
		return writeJSON(a.Stdout, v)
	}
	_, err := fmt.Fprintln(a.Stdout, v)
	return err
}
