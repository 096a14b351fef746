package bot_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"storybot/bot"
	"storybot/bot/discordtest"
	"storybot/corpus"
	"storybot/qa"
	"storybot/store"
)

// TestRealStackEndToEnd runs the bot over the real engine and a real SQLite
// store holding the embedded seed story: the fake Discord sees the same
// answers a guild would.
func TestRealStackEndToEnd(t *testing.T) {
	ctx := context.Background()
	an := corpus.NewAnalyzer()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "storybot.db"), slog.New(slog.DiscardHandler), store.WithAnalyzer(an))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	reload := func(ctx context.Context, progress func(done, total int)) (corpus.ReloadReport, error) {
		return db.Reload(ctx, corpus.Default(), progress)
	}
	if _, err := reload(ctx, nil); err != nil {
		t.Fatal(err)
	}
	eng := &qa.Engine{Index: db, QuoteIndex: db, Analyzer: an}
	h := startBot(t, loadSpec(t), func(c *bot.Config) {
		c.Answerer = eng
		c.Library = db
		c.Reload = reload
	})
	srv := h.srv
	h.next(t, 0, "PUT", "/applications/")

	i := srv.NewInteraction(discordtest.InteractionCommand, "ask",
		[]discordtest.Option{str(discordtest.Option{Name: "question", Value: "Did Sheinbaum reject US troops in Mexico?"})}, someone(srv, 0))
	_, mark := h.interact(t, i)
	edit := h.edit(t, mark, i)
	var body struct {
		Embeds []struct {
			Fields []struct{ Name, Value string }
		}
	}
	raw, _ := json.Marshal(edit)
	if err := json.Unmarshal(raw, &body); err != nil || len(body.Embeds) != 1 {
		t.Fatalf("answer = %s", raw)
	}
	fields := body.Embeds[0].Fields
	if len(fields) != 2 {
		t.Errorf("want both seed sources cited, got %d fields: %s", len(fields), raw)
	}
	for _, f := range fields {
		if !strings.Contains(f.Value, "\n— ") || !strings.Contains(f.Value, "> ") {
			t.Errorf("field %q lacks a quoted sentence or its citation: %q", f.Name, f.Value)
		}
	}

	ac := srv.NewInteraction(discordtest.InteractionAutocomplete, "quote",
		[]discordtest.Option{str(discordtest.Option{Name: "speaker", Value: "", Focused: true})}, someone(srv, 0))
	cb, _ := h.interact(t, ac)
	choices, _ := cb["data"].(map[string]any)["choices"].([]any)
	if len(choices) == 0 {
		t.Errorf("no speaker suggestions from the seed story: %s", asJSON(cb))
	}

	src := srv.NewInteraction(discordtest.InteractionCommand, "sources", nil, someone(srv, 0))
	cb, _ = h.interact(t, src)
	if n := strings.Count(asJSON(cb), `"name":`); n != 2 {
		t.Errorf("sources lists %d articles, want the 2 seed articles: %s", n, asJSON(cb))
	}

	rl := srv.NewInteraction(discordtest.InteractionCommand, "reload", nil, someone(srv, 1<<5))
	_, mark = h.interact(t, rl)
	if c, _ := h.edit(t, mark, rl)["content"].(string); !strings.Contains(c, "unchanged 2") {
		t.Errorf("reload of an unchanged corpus = %q, want unchanged 2", c)
	}
	h.noProblems(t)
}
