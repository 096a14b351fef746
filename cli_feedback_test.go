package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"storybot/bot/discordtest"
)

func TestParseAge(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want time.Duration
		bad  bool
	}{
		{"90d", 90 * 24 * time.Hour, false},
		{"1d", 24 * time.Hour, false},
		{"12h", 12 * time.Hour, false},
		{"90m", 90 * time.Minute, false},
		{"0d", 0, true},
		{"-3d", 0, true},
		{"d", 0, true},
		{"ninety days", 0, true},
		{"", 0, true},
	} {
		got, err := parseAge(tt.in)
		if (err != nil) != tt.bad || got != tt.want {
			t.Errorf("parseAge(%q) = %v, %v; want %v (error %v)", tt.in, got, err, tt.want, tt.bad)
		}
	}
}

// startServe runs serve with env against the fake Discord until the
// commands are synced; stop ends it (once) and reports an error it
// returned.
func startServe(t *testing.T, srv *discordtest.Server, env map[string]string) (stop func(), stderr *lockedBuffer) {
	t.Helper()
	stderr = &lockedBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		errc <- run(ctx, []string{"serve", "--discord-api", srv.APIBase, "--sync-commands", "--cooldown", "0s"},
			func(k string) string { return env[k] }, strings.NewReader(""), &bytes.Buffer{}, stderr)
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-errc; err != nil {
				t.Errorf("serve: %v\n%s", err, stderr.String())
			}
		})
	}
	if _, err := srv.Wait(0, 20*time.Second, func(r discordtest.Request) bool { return r.Method == "PUT" }); err != nil {
		stop()
		t.Fatalf("commands not synced: %v\n%s", err, stderr.String())
	}
	return stop, stderr
}

// TestFeedbackFromDiscordToConsole serves the bot against a fake Discord,
// votes 👍 on an answer as a user would, and reads the vote back with
// storybot feedback, then purges it.
func TestFeedbackFromDiscordToConsole(t *testing.T) {
	srv := discordtest.New(discordtest.Options{Token: "feedback-test-token.SECRET"})
	defer srv.Close()
	env := map[string]string{"DISCORD_TOKEN": "feedback-test-token.SECRET", "STORYBOT_GUILD": srv.GuildID,
		"STORYBOT_DB": filepath.Join(t.TempDir(), "s.db")}
	stop, stderr := startServe(t, srv, env)
	defer stop()
	question := "What did Sheinbaum say about US troops?"
	i := srv.NewInteraction(discordtest.InteractionCommand, "ask",
		[]discordtest.Option{{Name: "question", Type: 3, Value: question}}, discordtest.User{ID: "77", Name: "u"})
	mark := srv.Mark()
	if err := srv.Interact(i); err != nil {
		t.Fatal(err)
	}
	edit, err := srv.Wait(mark, 10*time.Second, func(r discordtest.Request) bool {
		return r.Method == "PATCH" && strings.Contains(r.Path, i.Token)
	})
	if err != nil {
		t.Fatalf("no answer: %v\n%s", err, stderr.String())
	}
	up := regexp.MustCompile(`"custom_id":"(fb:up:[a-z0-9]+)"`).FindStringSubmatch(string(edit.Body))
	if up == nil {
		t.Fatalf("answer has no 👍 button: %s", edit.Body)
	}
	press := srv.NewButtonPress(up[1], edit.JSON(), discordtest.User{ID: "78", Name: "voter"})
	mark = srv.Mark()
	if err := srv.Interact(press); err != nil {
		t.Fatal(err)
	}
	if cb, err := srv.Wait(mark, 10*time.Second, func(r discordtest.Request) bool {
		return r.Method == "POST" && strings.Contains(r.Path, press.Token+"/callback")
	}); err != nil || !strings.Contains(string(cb.Body), "noted") {
		t.Fatalf("no thanks for the vote: %v %s\n%s", err, cb.Body, stderr.String())
	}
	stop()

	stdout, stderrOut, code := runCLI(t, env, "feedback", "--json")
	if code != 0 {
		t.Fatalf("feedback --json: exit %d: %s", code, stderrOut)
	}
	var out feedbackJSON
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("feedback --json: %v\n%s", err, stdout)
	}
	if out.Up != 1 || out.Down != 0 || len(out.Votes) != 1 {
		t.Fatalf("feedback --json = %s, want one vote up", stdout)
	}
	v := out.Votes[0]
	if v.Vote != "up" || v.Question != question || len(v.Cited) == 0 || v.Cited[0].File == "" || v.Cited[0].Paragraph == 0 ||
		v.CorpusVersion == "" || v.User == "" || v.User == "78" {
		t.Errorf("vote = %+v, want the question, cited sentences, a corpus version and a hashed user", v)
	}
	stdout, _, _ = runCLI(t, env, "feedback")
	if !strings.Contains(stdout, "1 vote: 1 👍, 0 👎") || !strings.Contains(stdout, question) {
		t.Errorf("feedback:\n%s", stdout)
	}
	stdout, _, _ = runCLI(t, env, "feedback", "--purge-older-than", "90d")
	if !strings.Contains(stdout, "Deleted 0 votes") {
		t.Errorf("purge older than 90 days deleted a vote cast now: %s", stdout)
	}
	time.Sleep(2100 * time.Millisecond) // votes are timed to the second
	stdout, _, _ = runCLI(t, env, "feedback", "--purge-older-than", "1s")
	if !strings.Contains(stdout, "Deleted 1 vote ") {
		t.Errorf("purge older than a second: %s", stdout)
	}
	stdout, _, _ = runCLI(t, env, "feedback", "--json")
	if !strings.Contains(stdout, `"votes": []`) {
		t.Errorf("after the purge: %s", stdout)
	}
	for _, p := range srv.Problems() {
		t.Errorf("fake discord: %s", p)
	}
}
