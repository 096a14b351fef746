package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"storybot/bot"
	"storybot/bot/discordtest"
)

func TestAddArticle(t *testing.T) {
	ctx := context.Background()
	dir := storiesDir(t)
	a := &app{CorpusDir: dir, DBPath: tempDB(t), Getenv: func(string) string { return "" }}
	a.Logger = newLogger(&strings.Builder{}, "", false, "text")
	defer a.close()
	if err := a.ready(ctx, func(string) {}); err != nil {
		t.Fatal(err)
	}
	lava := []byte("Title: Lava reaches the sea\nOutlet: Island Wire\n\nLava from the volcano reached the sea on Wednesday, sending up clouds of steam.\n")
	report, err := a.addArticle(ctx, "volcano", "lava.txt", lava, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Added) != 1 || report.Added[0] != "volcano/lava.txt" {
		t.Errorf("report added %v, want volcano/lava.txt", report.Added)
	}
	if got, err := os.ReadFile(filepath.Join(dir, "volcano", "lava.txt")); err != nil || !bytes.Equal(got, lava) {
		t.Errorf("file on disk: %q, %v", got, err)
	}
	ans, err := a.ask(ctx, "volcano", "When did the lava reach the sea?")
	if err != nil || ans.NotFound || !strings.Contains(ans.Sources[0].Sentences[0].Text, "Wednesday") {
		t.Errorf("the added article does not answer: %+v, %v", ans, err)
	}

	empty := &app{DBPath: tempDB(t), Getenv: a.Getenv, Logger: a.Logger}
	defer empty.close()
	for _, tt := range []struct {
		name        string
		a           *app
		story, file string
		data        []byte
		want        string
	}{
		{"name taken", a, "volcano", "lava.txt", lava, "already in the corpus"},
		{"binary", a, "volcano", "bin.txt", []byte("\x00\x01\x02\x03 not text"), "not an article storybot can read"},
		{"not an article kind", a, "volcano", "table.csv", []byte("a,b\n"), "table.csv:"},
		{"no such story", a, "nowhere", "x.txt", lava, "not in the corpus folder"},
		{"a path", a, "volcano", "../x.txt", lava, "not a plain file name"},
		{"embedded story", empty, "", "x.txt", lava, "--corpus DIR"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.a.addArticle(ctx, tt.story, tt.file, tt.data, nil)
			var refusal bot.AddRefusal
			if !errors.As(err, &refusal) || !strings.Contains(refusal.Reason, tt.want) {
				t.Fatalf("err = %v, want a refusal saying %q", err, tt.want)
			}
		})
	}
	for _, name := range []string{"bin.txt", "table.csv"} {
		if _, err := os.Stat(filepath.Join(dir, "volcano", name)); err == nil {
			t.Errorf("refused %s was written", name)
		}
	}
}

// TestServeAddFromDiscord: an operator attaches a saved article to /add in
// Discord; serve writes it into the corpus folder and reloads, and the
// next question is answered from it.
func TestServeAddFromDiscord(t *testing.T) {
	srv := discordtest.New(discordtest.Options{Token: "add-test-token.SECRET"})
	defer srv.Close()
	dir := storiesDir(t)
	env := map[string]string{"DISCORD_TOKEN": "add-test-token.SECRET", "STORYBOT_GUILD": srv.GuildID, "STORYBOT_DB": tempDB(t),
		"STORYBOT_CORPUS": dir, "STORYBOT_ADMINS": "4242"}
	stop, stderr := startServe(t, srv, env)
	defer stop()
	i := srv.NewInteraction(discordtest.InteractionCommand, "add",
		[]discordtest.Option{{Name: "story", Type: 3, Value: "flood"}}, discordtest.User{ID: "4242", Name: "operator"})
	srv.Attach(i, "file", "Dam holds.txt", []byte("Title: Dam holds\nOutlet: River News\n\nEngineers said the dam upstream held through the night.\n"))
	mark := srv.Mark()
	if err := srv.Interact(i); err != nil {
		t.Fatal(err)
	}
	edit, err := srv.Wait(mark, 10*time.Second, func(r discordtest.Request) bool {
		return r.Method == "PATCH" && strings.Contains(r.Path, i.Token) && strings.Contains(string(r.Body), "Added")
	})
	if err != nil {
		t.Fatalf("no report: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(string(edit.Body), "dam-holds.txt") || !strings.Contains(string(edit.Body), "added 1") {
		t.Errorf("report: %s", edit.Body)
	}
	if _, err := os.Stat(filepath.Join(dir, "flood", "dam-holds.txt")); err != nil {
		t.Errorf("the article is not in the story folder: %v", err)
	}
	q := srv.NewInteraction(discordtest.InteractionCommand, "ask",
		[]discordtest.Option{{Name: "question", Type: 3, Value: "Did the dam hold?"}}, discordtest.User{ID: "77", Name: "u"})
	mark = srv.Mark()
	if err := srv.Interact(q); err != nil {
		t.Fatal(err)
	}
	answer, err := srv.Wait(mark, 10*time.Second, func(r discordtest.Request) bool {
		return r.Method == "PATCH" && strings.Contains(r.Path, q.Token)
	})
	// The answer cites the added article by its title, not its file.
	if err != nil || !strings.Contains(string(answer.Body), "— Dam holds") {
		t.Errorf("the added article does not answer: %v %s", err, answer.Body)
	}
	for _, p := range srv.Problems() {
		t.Errorf("fake discord: %s", p)
	}
}
