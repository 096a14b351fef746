package bot_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"storybot/bot"
	"storybot/bot/discordtest"
	"storybot/corpus"
)

// addedArticle is what the fake AddArticle was given.
type addedArticle struct {
	story, name string
	data        []byte
}

// TestAddEndToEnd adds an article from an attachment and from pasted text,
// as a server manager, and checks who may and what is refused. Every body
// is validated against Discord's OpenAPI spec.
func TestAddEndToEnd(t *testing.T) {
	var (
		mu    sync.Mutex
		added []addedArticle
	)
	h := startBot(t, loadSpec(t), func(c *bot.Config) {
		c.AddArticle = func(ctx context.Context, story, name string, data []byte, progress func(done, total int)) (corpus.ReloadReport, error) {
			if strings.Contains(string(data), "\x00") {
				return corpus.ReloadReport{}, bot.AddRefusal{Reason: name + " is not an article storybot can read: binary"}
			}
			mu.Lock()
			added = append(added, addedArticle{story, name, data})
			mu.Unlock()
			return corpus.ReloadReport{Added: []string{name}, Unchanged: 2, Sentences: 99}, nil
		}
	})
	srv := h.srv
	manager := someone(srv, 1<<5)

	cmdReq := h.next(t, 0, "PUT", "/applications/")
	if !strings.Contains(string(cmdReq.Body), `"name":"add"`) {
		t.Fatalf("/add not registered: %s", cmdReq.Body)
	}

	// add runs /add and returns the final (ephemeral) edit's content.
	add := func(t *testing.T, u discordtest.User, opts []discordtest.Option, file string, data []byte) string {
		t.Helper()
		i := srv.NewInteraction(discordtest.InteractionCommand, "add", opts, u)
		if file != "" {
			srv.Attach(i, "file", file, data)
		}
		cb, mark := h.interact(t, i)
		if callbackType(cb) == 4 {
			d, _ := cb["data"].(map[string]any)
			if flags(cb)&64 == 0 {
				t.Errorf("refusal is public: %s", asJSON(cb))
			}
			return d["content"].(string)
		}
		if callbackType(cb) != 5 || flags(cb)&64 == 0 {
			t.Fatalf("callback %s, want a private deferred reply", asJSON(cb))
		}
		edit := h.edit(t, mark, i)
		mentionsBlocked(t, "add", edit)
		return edit["content"].(string)
	}

	page := []byte("<html><head><title>Quake</title></head><body><p>A strong earthquake shook Lima.</p></body></html>")
	if got := add(t, manager, nil, "Quake in Lima (AP).html", page); !strings.Contains(got, "Added `quake-in-lima-ap.html`") ||
		!strings.Contains(got, "added 1") {
		t.Errorf("/add file: %q", got)
	}
	text := []discordtest.Option{
		str(discordtest.Option{Name: "text", Value: "Rescuers searched the rubble overnight.\n\nNo one was hurt."}),
		str(discordtest.Option{Name: "title", Value: "Rescue in Lima"}),
		str(discordtest.Option{Name: "outlet", Value: "Andes Wire"}),
	}
	if got := add(t, manager, text, "", nil); !strings.Contains(got, "Added `rescue-in-lima.txt`") {
		t.Errorf("/add text: %q", got)
	}
	mu.Lock()
	got := append([]addedArticle(nil), added...)
	mu.Unlock()
	if len(got) != 2 || string(got[0].data) != string(page) ||
		string(got[1].data) != "Title: Rescue in Lima\nOutlet: Andes Wire\n\nRescuers searched the rubble overnight.\n\nNo one was hurt.\n" {
		t.Fatalf("articles added: %+v", got)
	}

	for _, tt := range []struct {
		name string
		user discordtest.User
		opts []discordtest.Option
		file string
		data []byte
		want string
	}{
		{"not a manager", someone(srv, 0), text, "", nil, "only server managers can add articles"},
		{"nothing given", manager, nil, "", nil, "Give the article as `file:`"},
		{"both given", manager, text, "a.txt", []byte("x"), "not both"},
		{"not an article file", manager, nil, "data.csv", []byte("a,b"), "is not an article file"},
		{"refused by the corpus", manager, nil, "bin.txt", []byte("a\x00b"), "Not added: bin.txt is not an article"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := add(t, tt.user, tt.opts, tt.file, tt.data); !strings.Contains(got, tt.want) {
				t.Errorf("reply %q, want %q", got, tt.want)
			}
		})
	}
	if n := len(added); n != 2 {
		t.Errorf("%d articles added after the refusals, want still 2", n)
	}
	h.noProblems(t)
}
