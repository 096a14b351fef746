package main

import (
	"context"
	"crypto/ed25519"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"storybot/bot"
	"storybot/corpus"
)

var userDocs = []string{"README.md", filepath.Join("docs", "discord.md")}

// TestDiscordDocsCoverEveryCommand: every command serve registers, with
// stories loaded as serve wires them, is in docs/discord.md, as are the
// server ID how-to and the HTTP endpoint set-up.
func TestDiscordDocsCoverEveryCommand(t *testing.T) {
	ctx := context.Background()
	a := &app{Getenv: func(string) string { return "" }, DBPath: tempDB(t)}
	a.Logger = newLogger(&strings.Builder{}, "", false, "text")
	if err := a.open(ctx); err != nil {
		t.Fatal(err)
	}
	defer a.close()
	b, err := bot.New(bot.Config{NoGateway: true, HTTPAddr: "127.0.0.1:0", PublicKey: make(ed25519.PublicKey, ed25519.PublicKeySize),
		Answerer: a.Router, Library: a.DB, Stories: a.Router, ChannelStories: a.DB, ReloadStory: a.reloadStory, AddArticle: a.addArticle, Comparer: a.Router,
		Reload: func(ctx context.Context, progress func(done, total int)) (corpus.ReloadReport, error) {
			return a.reload(ctx, progress)
		}})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join("docs", "discord.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	for _, c := range b.Commands() {
		name := c.Name
		if c.Description != "" { // a chat command, typed with a slash
			name = "`/" + name
		}
		if !strings.Contains(doc, name) {
			t.Errorf("docs/discord.md never mentions %s", name)
		}
	}
	for _, want := range []string{"Developer Mode", "Copy Server ID", "--http :8080", "DISCORD_PUBLIC_KEY",
		"Interactions Endpoint URL", "-p 8080:8080", "Retention: 90 days", "storybot feedback --purge-older-than 90d"} {
		if !strings.Contains(doc, want) {
			t.Errorf("docs/discord.md lacks %q", want)
		}
	}
}

// dockerCommands returns the docker command lines of a Markdown file, with
// backslash continuations joined.
func dockerCommands(t *testing.T, path string) []string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cmds []string
	lines := strings.Split(string(raw), "\n")
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if !strings.HasPrefix(line, "docker run") && !strings.HasPrefix(line, "docker build") {
			continue
		}
		for strings.HasSuffix(line, "\\") && i+1 < len(lines) {
			i++
			line = strings.TrimSuffix(line, "\\") + " " + strings.TrimSpace(lines[i])
		}
		cmds = append(cmds, line)
	}
	return cmds
}

// TestDocsDockerLinesWork reads every docker line of the README and the
// Discord guide: the variables passed are ones storybot reads, build
// arguments exist in the Dockerfile, a command that syncs commands passes
// STORYBOT_GUILD, one serving --http publishes that port and passes the
// public key, and storybot accepts the command line given to the image.
func TestDocsDockerLinesWork(t *testing.T) {
	src := goSource(t)
	dockerfile, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	runs := 0
	for _, path := range userDocs {
		for _, line := range dockerCommands(t, path) {
			words := strings.Fields(line)
			if words[1] == "build" {
				for i, w := range words {
					if w == "--build-arg" && i+1 < len(words) {
						name, _, _ := strings.Cut(words[i+1], "=")
						if !strings.Contains(string(dockerfile), "ARG "+name) {
							t.Errorf("%s: %s passes --build-arg %s, which the Dockerfile does not declare", path, line, name)
						}
					}
				}
				continue
			}
			runs++
			env, ports := map[string]bool{}, map[string]bool{}
			var argv []string
			for i := 2; i < len(words); i++ {
				switch w := words[i]; w {
				case "-d", "--rm":
				case "--name", "--restart", "-v":
					i++
				case "-e":
					i++
					env[words[i]] = true
					if !strings.Contains(src, `"`+words[i]+`"`) {
						t.Errorf("%s: %s passes %s, which storybot never reads", path, line, words[i])
					}
				case "-p":
					i++
					_, container, _ := strings.Cut(words[i], ":")
					ports[container] = true
				default:
					if w != "storybot" {
						t.Fatalf("%s: cannot read docker option %q in %s", path, w, line)
					}
					argv = words[i+1:]
					i = len(words)
				}
			}
			cmdline := strings.Join(argv, " ")
			if strings.Contains(cmdline, "--sync-commands") && !env["STORYBOT_GUILD"] {
				t.Errorf("%s: %s syncs commands without STORYBOT_GUILD (globally: up to an hour)", path, line)
			}
			if strings.Contains(cmdline, "serve") && !env["DISCORD_TOKEN"] && !env["DISCORD_TOKEN_FILE"] {
				t.Errorf("%s: %s serves without a token", path, line)
			}
			for i, a := range argv {
				if a == "--http" && i+1 < len(argv) {
					port := strings.TrimPrefix(argv[i+1], ":")
					if !ports[port] || !env["DISCORD_PUBLIC_KEY"] {
						t.Errorf("%s: %s serves --http without -p %s:%s and -e DISCORD_PUBLIC_KEY", path, line, port, port)
					}
				}
			}
			if _, stderr, code := runCLI(t, nil, append(argv, "-h")...); code != 0 {
				t.Errorf("%s: storybot %s: exit %d\n%s", path, cmdline, code, stderr)
			}
		}
	}
	if runs < 3 {
		t.Errorf("found %d docker run lines, want the README's and the guide's", runs)
	}
}

// TestReadmeNamesTheTestData: the README says where the public data sets
// the tests read come from, and that the tests skip without them.
func TestReadmeNamesTheTestData(t *testing.T) {
	raw, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"WikiQA", "SQuAD 2.0", "Giveme5W1H", "BBC News dataset", "Mozilla Readability", "skip"} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("README lacks %q", want)
		}
	}
}
