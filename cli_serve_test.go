package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"storybot/bot"
	"storybot/bot/discordtest"
)

// lockedBuffer collects the log output of a running command.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServeAgainstFakeDiscord runs the whole binary's serve command against
// the fake Discord: flags, token file, index, command sync, an answer, and
// a clean stop on cancel.
func TestServeAgainstFakeDiscord(t *testing.T) {
	const token = "serve-test-token.SECRET"
	srv := discordtest.New(discordtest.Options{Token: token})
	defer srv.Close()
	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "token")
	if err := os.WriteFile(tokenFile, []byte(token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"DISCORD_TOKEN_FILE": tokenFile, "STORYBOT_GUILD": srv.GuildID, "STORYBOT_DB": filepath.Join(dir, "s.db"),
		"STORYBOT_ADMINS": "4242, 4343"}
	var stdout bytes.Buffer
	stderr := &lockedBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		errc <- run(ctx, []string{"serve", "--discord-api", srv.APIBase, "--sync-commands", "--cooldown", "0s"},
			func(k string) string { return env[k] }, strings.NewReader(""), &stdout, stderr)
	}()
	stopped := false
	stop := func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		select {
		case err := <-errc:
			return err
		case <-time.After(10 * time.Second):
			t.Fatal("serve did not stop after cancel")
			return nil
		}
	}
	defer stop()

	if _, err := srv.Wait(0, 20*time.Second, func(r discordtest.Request) bool {
		return r.Method == "PUT" && strings.HasSuffix(r.Path, "/guilds/"+srv.GuildID+"/commands")
	}); err != nil {
		t.Fatalf("commands not synced: %v\nstderr:\n%s", err, stderr.String())
	}
	i := srv.NewInteraction(discordtest.InteractionCommand, "ask",
		[]discordtest.Option{{Name: "question", Type: 3, Value: "What did Sheinbaum say about US troops?"}}, discordtest.User{ID: "77", Name: "u"})
	mark := srv.Mark()
	if err := srv.Interact(i); err != nil {
		t.Fatal(err)
	}
	edit, err := srv.Wait(mark, 10*time.Second, func(r discordtest.Request) bool {
		return r.Method == "PATCH" && strings.Contains(r.Path, i.Token)
	})
	if err != nil {
		t.Fatalf("no answer: %v\nstderr:\n%s", err, stderr.String())
	}
	if !strings.Contains(string(edit.Body), "Sheinbaum") {
		t.Errorf("answer does not quote the story: %s", edit.Body)
	}
	// STORYBOT_ADMINS decides who may reload: a listed user without any
	// permission may, a server manager not listed may not.
	for _, tt := range []struct {
		user discordtest.User
		want string
	}{
		{discordtest.User{ID: "88", Name: "manager", Permissions: 1 << 5}, `"type":4`},
		{discordtest.User{ID: "4343", Name: "operator"}, `"type":5`},
	} {
		i := srv.NewInteraction(discordtest.InteractionCommand, "reload", nil, tt.user)
		mark := srv.Mark()
		if err := srv.Interact(i); err != nil {
			t.Fatal(err)
		}
		cb, err := srv.Wait(mark, 10*time.Second, func(r discordtest.Request) bool {
			return r.Method == "POST" && strings.Contains(r.Path, i.Token+"/callback")
		})
		if err != nil {
			t.Fatalf("no reply to /reload by %s: %v", tt.user.Name, err)
		}
		if !strings.Contains(string(cb.Body), tt.want) {
			t.Errorf("/reload by %s: %s, want %s", tt.user.Name, cb.Body, tt.want)
		}
	}
	if err := stop(); err != nil {
		t.Errorf("serve returned %v after cancel", err)
	}
	if strings.Contains(stderr.String(), token) {
		t.Errorf("the token appears in the logs")
	}
	for _, p := range srv.Problems() {
		t.Errorf("fake discord: %s", p)
	}
}

func TestServeUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"no token", map[string]string{}, []string{"serve"}, "DISCORD_TOKEN"},
		{"bad api base", map[string]string{"DISCORD_TOKEN": "x"}, []string{"serve", "--discord-api", "localhost:8080"}, "absolute http(s) URL"},
		{"http without key", map[string]string{"DISCORD_TOKEN": "x"}, []string{"serve", "--http", ":0"}, "DISCORD_PUBLIC_KEY"},
		{"bad channel", map[string]string{"DISCORD_TOKEN": "x"}, []string{"serve", "--listen-channels", "general"}, "not a channel ID"},
		{"empty token file", map[string]string{"DISCORD_TOKEN_FILE": os.DevNull}, []string{"serve"}, "is empty"},
		{"bad shard", map[string]string{"DISCORD_TOKEN": "x"}, []string{"serve", "--shard-id", "3", "--shard-count", "2"}, "shard"},
		{"bad admin", map[string]string{"DISCORD_TOKEN": "x", "STORYBOT_ADMINS": "123,@alice"}, []string{"serve"}, `--admins: "@alice" is not a user ID`},
		{"bad owner guild", map[string]string{"DISCORD_TOKEN": "x"}, []string{"serve", "--owner-guild", "my server"}, "is not a server ID"},
		{"two owner guilds", map[string]string{"DISCORD_TOKEN": "x", "STORYBOT_OWNER_GUILD": "1,2"}, []string{"serve"}, "one server ID"},
		{"no burst", map[string]string{"DISCORD_TOKEN": "x"}, []string{"serve", "--burst", "0"}, "--burst must be at least 1"},
		{"no connections", map[string]string{"DISCORD_TOKEN": "x"}, []string{"serve", "--http-max-conns", "0"}, "at least 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.env["STORYBOT_DB"] = filepath.Join(t.TempDir(), "s.db")
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tt.args, func(k string) string { return tt.env[k] }, strings.NewReader(""), &stdout, &stderr)
			code := exitCode(err, &stderr)
			if code == 0 || !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("exit %d, stderr %q; want failure mentioning %q", code, stderr.String(), tt.want)
			}
		})
	}
}

// TestInviteDocumented keeps the invite link in the README and the Discord
// guide the one the bot logs, with Send Messages in Threads in it.
func TestInviteDocumented(t *testing.T) {
	if bot.InvitePermissions&discordgo.PermissionSendMessagesInThreads == 0 {
		t.Fatal("the invite lacks Send Messages in Threads: replies in threads and forum posts would fail")
	}
	want := bot.InviteURL("APPLICATION_ID")
	for _, path := range []string{"README.md", filepath.Join("docs", "discord.md")} {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(raw), want) {
			t.Errorf("%s lacks the invite link %s", path, want)
		}
	}
}

// TestServeExitsOnDisallowedIntents: with --listen-channels but Message
// Content left off in the portal, Discord closes the gateway with 4014 and
// serve exits with an error that says what to enable.
func TestServeExitsOnDisallowedIntents(t *testing.T) {
	srv := discordtest.New(discordtest.Options{Token: "tok", DisallowedIntents: 1 << 15})
	defer srv.Close()
	env := map[string]string{"DISCORD_TOKEN": "tok", "STORYBOT_DB": filepath.Join(t.TempDir(), "s.db")}
	var stdout bytes.Buffer
	stderr := &lockedBuffer{}
	errc := make(chan error, 1)
	go func() {
		errc <- run(context.Background(), []string{"serve", "--discord-api", srv.APIBase, "--listen-channels", "3001"},
			func(k string) string { return env[k] }, strings.NewReader(""), &stdout, stderr)
	}()
	var err error
	select {
	case err = <-errc:
	case <-time.After(20 * time.Second):
		t.Fatal("serve kept running after the gateway was closed with 4014")
	}
	var out bytes.Buffer
	if code := exitCode(err, &out); code == 0 {
		t.Fatal("serve exited 0")
	}
	for _, want := range []string{"4014", "Message Content Intent", "Developer Portal"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("serve's error %q lacks %q", out.String(), want)
		}
	}
}

// TestServeWatchReloads: serve --watch notices a new article in the corpus
// folder, reloads by itself, and its next answer cites it.
func TestServeWatchReloads(t *testing.T) {
	const token = "watch-test-token"
	srv := discordtest.New(discordtest.Options{Token: token})
	defer srv.Close()
	dir := t.TempDir()
	corpusDir := filepath.Join(dir, "corpus")
	if err := os.Mkdir(corpusDir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(corpusDir, "volcano.txt"), "Title: Volcano erupts\nOutlet: Test Wire\n\nThe volcano erupted on Monday morning, covering the town in ash.\n")
	env := map[string]string{"DISCORD_TOKEN": token, "STORYBOT_GUILD": srv.GuildID, "STORYBOT_DB": filepath.Join(dir, "s.db")}
	stderr := &lockedBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		errc <- run(ctx, []string{"serve", "--discord-api", srv.APIBase, "--sync-commands", "--cooldown", "0s",
			"--corpus", corpusDir, "--watch", "--watch-interval", "20ms"},
			func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, stderr)
	}()
	defer func() {
		cancel()
		select {
		case <-errc:
		case <-time.After(10 * time.Second):
			t.Error("serve did not stop after cancel")
		}
	}()
	if _, err := srv.Wait(0, 20*time.Second, func(r discordtest.Request) bool {
		return r.Method == "PUT" && strings.HasSuffix(r.Path, "/guilds/"+srv.GuildID+"/commands")
	}); err != nil {
		t.Fatalf("commands not synced: %v\nstderr:\n%s", err, stderr.String())
	}

	writeFile(t, filepath.Join(corpusDir, "airport.md"), "Outlet: Other Wire\n\nAsh from the volcano closed the airport on Tuesday.\n")
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(stderr.String(), "corpus folder changed; reloaded"); {
		if time.Now().After(deadline) {
			t.Fatalf("serve --watch did not reload the changed folder; stderr:\n%s", stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	i := srv.NewInteraction(discordtest.InteractionCommand, "ask",
		[]discordtest.Option{{Name: "question", Type: 3, Value: "Why did the airport close?"}}, discordtest.User{ID: "78", Name: "u"})
	mark := srv.Mark()
	if err := srv.Interact(i); err != nil {
		t.Fatal(err)
	}
	edit, err := srv.Wait(mark, 10*time.Second, func(r discordtest.Request) bool {
		return r.Method == "PATCH" && strings.Contains(r.Path, i.Token)
	})
	if err != nil {
		t.Fatalf("no answer: %v\nstderr:\n%s", err, stderr.String())
	}
	if !strings.Contains(string(edit.Body), "closed the airport") {
		t.Errorf("answer after the watch reloaded: %s", edit.Body)
	}
}
