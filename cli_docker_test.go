package main

import (
	"bufio"
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"storybot/bot/discordtest"
)

// dockerHealthcheck returns the HEALTHCHECK command line of the Dockerfile
// and the ENV values it sets.
func dockerHealthcheck(t *testing.T) (argv []string, env map[string]string) {
	t.Helper()
	f, err := os.Open("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	env = map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if rest, ok := strings.CutPrefix(line, "ENV "); ok {
			if k, v, ok := strings.Cut(rest, "="); ok {
				env[k] = v
			}
		}
		if rest, ok := strings.CutPrefix(line, "HEALTHCHECK "); ok {
			_, cmd, ok := strings.Cut(rest, " CMD ")
			if !ok {
				t.Fatalf("HEALTHCHECK without CMD: %s", line)
			}
			// Exec form: distroless has no shell to run the shell form.
			if err := json.Unmarshal([]byte(cmd), &argv); err != nil {
				t.Fatalf("HEALTHCHECK CMD is not in exec form (a JSON array): %s: %v", cmd, err)
			}
		}
	}
	if len(argv) == 0 {
		t.Fatal("the Dockerfile has no HEALTHCHECK")
	}
	return argv, env
}

// TestDockerHealthcheckAgainstServe runs the Dockerfile's HEALTHCHECK
// command line as the container would, against the serve command the
// image runs, configured by the image's own ENV (with a free port in place
// of :9090): unhealthy before serve starts, healthy once it is connected,
// synced and indexed, unhealthy after it stops.
func TestDockerHealthcheckAgainstServe(t *testing.T) {
	argv, dockerEnv := dockerHealthcheck(t)
	if argv[0] != "/usr/local/bin/storybot" {
		t.Fatalf("HEALTHCHECK runs %q, not the storybot binary the image installs", argv[0])
	}
	metrics := dockerEnv["STORYBOT_METRICS"]
	if metrics == "" {
		t.Fatal("the Dockerfile sets no STORYBOT_METRICS: serve would have no health listener")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	_, imagePort, _ := net.SplitHostPort(metrics)
	metrics = strings.Replace(metrics, ":"+imagePort, "127.0.0.1:"+port, 1)

	const token = "health-test-token.SECRET"
	srv := discordtest.New(discordtest.Options{Token: token})
	defer srv.Close()
	env := map[string]string{"DISCORD_TOKEN": token, "STORYBOT_GUILD": srv.GuildID,
		"STORYBOT_DB": filepath.Join(t.TempDir(), "s.db"), "STORYBOT_METRICS": metrics}
	healthcheck := func() (string, int) {
		stdout, stderr, code := runCLI(t, env, argv[1:]...)
		return stdout + stderr, code
	}
	if out, code := healthcheck(); code != 1 {
		t.Errorf("healthcheck with no serve running: exit %d, want 1\n%s", code, out)
	}

	stderr := &lockedBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		errc <- run(ctx, []string{"serve", "--discord-api", srv.APIBase, "--sync-commands"},
			func(k string) string { return env[k] }, strings.NewReader(""), &strings.Builder{}, stderr)
	}()
	deadline := time.Now().Add(20 * time.Second)
	var out string
	for {
		var code int
		if out, code = healthcheck(); code == 0 {
			break
		}
		if code != 1 {
			t.Fatalf("healthcheck exit %d, want 0 or 1\n%s", code, out)
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve never became healthy:\n%s\nserve stderr:\n%s", out, stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, want := range []string{"database: ok", "bot: ok", "gateway shard 0: ok", "commands: ok"} {
		if !strings.Contains(out, want) {
			t.Errorf("healthy report lacks %q:\n%s", want, out)
		}
	}
	cancel()
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("serve returned %v after cancel", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop after cancel")
	}
	if out, code := healthcheck(); code != 1 {
		t.Errorf("healthcheck after serve stopped: exit %d, want 1\n%s", code, out)
	}
}

// composeFiles are the compose files the repository ships.
var composeFiles = []string{"compose.yaml", filepath.Join("deploy", "compose.replicas.yaml")}

// TestComposeFilesRunRealCommands checks what the compose files hand the
// binary, since no Docker engine runs here: every command line parses as
// storybot's (its flags exist), and every environment variable set for
// storybot is one the code reads.
func TestComposeFilesRunRealCommands(t *testing.T) {
	src := goSource(t)
	for _, file := range composeFiles {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var commands int
		inEnv := false
		for _, line := range strings.Split(string(raw), "\n") {
			trimmed := strings.TrimSpace(line)
			if cmd, ok := strings.CutPrefix(trimmed, "command: "); ok {
				commands++
				var argv []string
				if err := json.Unmarshal([]byte(cmd), &argv); err != nil {
					t.Errorf("%s: command is not a JSON-style list: %s", file, cmd)
					continue
				}
				// -h after the flags: the flags parse or the command fails
				// with a usage error (exit 2) naming the bad one.
				_, stderr, code := runCLI(t, nil, append(argv, "-h")...)
				if code != 0 {
					t.Errorf("%s: %v is not a storybot command line: exit %d\n%s", file, argv, code, stderr)
				}
			}
			if trimmed == "environment:" {
				inEnv = true
				continue
			}
			if inEnv {
				name, _, ok := strings.Cut(trimmed, ":")
				if !ok || trimmed == "" || !strings.HasPrefix(line, "      ") {
					inEnv = false
					continue
				}
				if !strings.Contains(src, `"`+name+`"`) {
					t.Errorf("%s sets %s, which storybot never reads", file, name)
				}
			}
		}
		if commands == 0 {
			t.Errorf("%s: no command found", file)
		}
	}
}

// goSource is the non-test Go source of the module, to look names up in.
func goSource(t *testing.T) string {
	t.Helper()
	var sb strings.Builder
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (path == ".git" || path == "testdata") {
			return filepath.SkipDir
		}
		if strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			sb.Write(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sb.String()
}
