package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestReadVersion(t *testing.T) {
	stamped := &debug.BuildInfo{GoVersion: "go1.99", Main: debug.Module{Path: "storybot", Version: "v1.4.0"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123abc"}, {Key: "vcs.time", Value: "2026-11-25T10:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	tests := []struct {
		name          string
		setV, setR    string
		info          *debug.BuildInfo
		ok            bool
		want          buildVersion
		wantPrintedAs string
	}{
		{"no build info", "", "", nil, false,
			buildVersion{Version: "(devel)", Revision: "unknown"}, "storybot (devel) (revision unknown, "},
		{"build info", "", "", stamped, true,
			buildVersion{Version: "v1.4.0", Revision: "0123abc", Time: "2026-11-25T10:00:00Z", Modified: true, Go: "go1.99"},
			"storybot v1.4.0 (revision 0123abc, modified, 2026-11-25T10:00:00Z, go1.99)"},
		{"-X wins over build info", "v2.0.0", "fedcba9", stamped, true,
			buildVersion{Version: "v2.0.0", Revision: "fedcba9", Time: "2026-11-25T10:00:00Z", Modified: true, Go: "go1.99"},
			"storybot v2.0.0 (revision fedcba9, modified"},
		{"-X version only", "v2.0.0", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true,
			buildVersion{Version: "v2.0.0", Revision: "unknown"}, "storybot v2.0.0 (revision unknown, "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readVersion(tt.setV, tt.setR, tt.info, tt.ok)
			if tt.want.Go == "" {
				tt.want.Go = got.Go // the running toolchain's
			}
			if got != tt.want {
				t.Errorf("readVersion = %+v, want %+v", got, tt.want)
			}
			if !strings.HasPrefix(got.String(), tt.wantPrintedAs) {
				t.Errorf("printed %q, want it to start %q", got.String(), tt.wantPrintedAs)
			}
		})
	}
}

func TestVersionCommand(t *testing.T) {
	stdout, stderr, code := runCLI(t, nil, "version")
	if code != 0 || !strings.HasPrefix(stdout, "storybot ") || !strings.Contains(stdout, "(revision ") {
		t.Errorf("version: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	stdout, _, code = runCLI(t, nil, "version", "--json")
	var v buildVersion
	if err := json.Unmarshal([]byte(stdout), &v); err != nil || code != 0 || v.Version == "" || v.Revision == "" || v.Go == "" {
		t.Errorf("version --json: exit %d, %q (%v)", code, stdout, err)
	}
}

// TestVersionLinkerFlags builds storybot as the Dockerfile does, with the
// version and revision set by -X, and runs `storybot version`.
func TestVersionLinkerFlags(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	dockerfile, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ARG VERSION", "ARG REVISION", "-X main.version=${VERSION}", "-X main.revision=${REVISION}"} {
		if !strings.Contains(string(dockerfile), want) {
			t.Errorf("the Dockerfile lacks %q", want)
		}
	}
	bin := filepath.Join(t.TempDir(), "storybot")
	build := exec.Command("go", "build", "-ldflags", "-X main.version=v9.9.9-test -X main.revision=deadbeef", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil {
		t.Fatalf("storybot version: %v\n%s", err, out)
	}
	if !strings.HasPrefix(string(out), "storybot v9.9.9-test (revision deadbeef") {
		t.Errorf("storybot version = %q, want the -X version and revision", out)
	}
}
