package bot_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"storybot/bot"
	"storybot/bot/discordtest"
	"storybot/corpus"
	"storybot/qa"
	"storybot/store"
)

// storyCorpus is the seed story beside a small earthquake story with a
// story.txt.
func storyCorpus(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{
		"quake/story.txt": {Data: []byte("Earthquake in Peru\nA strong quake shakes Lima.")},
		"quake/a.txt": {Data: []byte("Title: Quake\nOutlet: Andes Wire\n\nA strong earthquake shook Lima on Tuesday, and buildings swayed across the Peruvian capital.\n" +
			"\"We felt the ground move,\" said Rosa Diaz, a teacher.\n")},
	}
	entries, err := fs.ReadDir(corpus.Default(), ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := fs.ReadFile(corpus.Default(), e.Name())
		if err != nil {
			t.Fatal(err)
		}
		m["seed/"+e.Name()] = &fstest.MapFile{Data: data}
	}
	return m
}

// TestStoriesEndToEnd runs the bot over a real SQLite store holding two
// stories: the story option and its autocomplete, answers naming their
// story, and a channel default set with /story set by a server manager.
func TestStoriesEndToEnd(t *testing.T) {
	ctx := context.Background()
	an := corpus.NewAnalyzer()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "storybot.db"), nil, store.WithAnalyzer(an))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	fsys := storyCorpus(t)
	if _, err := db.ReloadStories(ctx, fsys, nil); err != nil {
		t.Fatal(err)
	}
	router := &qa.Router{Engine: &qa.Engine{Index: db, QuoteIndex: db, Analyzer: an}, Stories: db,
		View: func(s string) (qa.Index, qa.QuoteIndex) { v := db.Story(s); return v, v }}
	var reloaded []string
	h := startBot(t, loadSpec(t), func(c *bot.Config) {
		c.Answerer = router
		c.Library = db
		c.Stories = router
		c.ChannelStories = db
		c.Cooldown = -1
		c.ReloadStory = func(ctx context.Context, story string, progress func(done, total int)) (corpus.ReloadReport, error) {
			reloaded = append(reloaded, story)
			return db.ReloadStory(ctx, fsys, story, progress)
		}
	})
	srv := h.srv
	member, manager := someone(srv, 0), someone(srv, 1<<5)

	cmdReq := h.next(t, 0, "PUT", "/applications/")
	var cmds []struct {
		Name        string
		Permissions any `json:"default_member_permissions"`
		Options     []struct {
			Name         string
			Type         int
			Autocomplete bool
			Options      []struct {
				Name         string
				Autocomplete bool
				Required     bool
			}
		}
	}
	if err := json.Unmarshal(cmdReq.Body, &cmds); err != nil {
		t.Fatal(err)
	}
	withStory := map[string]bool{}
	for _, c := range cmds {
		for _, o := range c.Options {
			if o.Name == "story" && o.Autocomplete {
				withStory[c.Name] = true
			}
		}
		if c.Name == "story" {
			if c.Permissions != float64(32) || len(c.Options) != 2 || c.Options[0].Name != "set" || c.Options[0].Type != 1 ||
				len(c.Options[0].Options) != 1 || !c.Options[0].Options[0].Required || !c.Options[0].Options[0].Autocomplete {
				t.Errorf("/story definition: %+v", c)
			}
			withStory["story"] = true
		}
	}
	for _, name := range []string{"ask", "quote", "sources", "reload", "story"} {
		if !withStory[name] {
			t.Errorf("/%s has no story option: %s", name, cmdReq.Body)
		}
	}

	content := func(m map[string]any) string {
		if d, ok := m["data"].(map[string]any); ok {
			m = d
		}
		s, _ := m["content"].(string)
		return s
	}
	inChannel := func(i discordtest.Interaction, channel string) discordtest.Interaction {
		i.Payload["channel_id"] = channel
		return i
	}
	ask := func(channel string, opts ...discordtest.Option) (string, string) {
		i := inChannel(srv.NewInteraction(discordtest.InteractionCommand, "ask", opts, member), channel)
		cb, mark := h.interact(t, i)
		if callbackType(cb) == 4 { // said at once: a refusal or an unknown story
			return content(cb), ""
		}
		edit := h.edit(t, mark, i)
		return content(edit), asJSON(edit)
	}
	q := func(text string) discordtest.Option { return str(discordtest.Option{Name: "question", Value: text}) }
	story := func(name string) discordtest.Option { return str(discordtest.Option{Name: "story", Value: name}) }

	// Autocomplete lists the stories, titled, valued by folder name.
	ac := srv.NewInteraction(discordtest.InteractionAutocomplete, "ask",
		[]discordtest.Option{q("x"), str(discordtest.Option{Name: "story", Value: "earth", Focused: true})}, member)
	cb, _ := h.interact(t, ac)
	if s := asJSON(cb); callbackType(cb) != 8 || !strings.Contains(s, `"value":"quake"`) || strings.Contains(s, `"value":"seed"`) ||
		!strings.Contains(s, "Earthquake in Peru (quake) · 1 article") {
		t.Errorf("story autocomplete for %q: %s", "earth", s)
	}

	// Routed: the answer names its story.
	text, raw := ask("c1", q("How strong was the earthquake in Lima?"))
	if !strings.HasPrefix(text, "Story: **Earthquake in Peru**") || !strings.Contains(raw, "Andes Wire") {
		t.Errorf("routed quake answer: %q %s", text, raw)
	}
	text, raw = ask("c1", q("Did Sheinbaum reject US troops in Mexico?"))
	if !strings.HasPrefix(text, "Story: **seed**") || strings.Contains(raw, "Andes Wire") {
		t.Errorf("routed seed answer: %q %s", text, raw)
	}
	// Pinned by the option, by title too.
	text, _ = ask("c1", q("Did Sheinbaum reject US troops in Mexico?"), story("earthquake in peru"))
	if !strings.HasPrefix(text, "Story: **Earthquake in Peru**") || !strings.Contains(text, "The sources don't say.") {
		t.Errorf("seed question in the quake story: %q", text)
	}
	text, _ = ask("c1", q("Anything?"), story("volcano"))
	if !strings.Contains(text, `"volcano" is not loaded`) || !strings.Contains(text, "quake") {
		t.Errorf("unknown story: %q", text)
	}

	// /story set: refused to members, checked server-side.
	set := func(u discordtest.User, channel, name string) string {
		i := inChannel(srv.NewInteraction(discordtest.InteractionCommand, "story", []discordtest.Option{
			{Name: "set", Type: 1, Options: []discordtest.Option{str(discordtest.Option{Name: "story", Value: name})}}}, u), channel)
		cb, _ := h.interact(t, i)
		if callbackType(cb) != 4 || flags(cb)&64 == 0 {
			t.Errorf("/story set reply not ephemeral: %s", asJSON(cb))
		}
		return content(cb)
	}
	if text := set(member, "c2", "quake"); !strings.Contains(text, "only server managers") {
		t.Errorf("member /story set: %q", text)
	}
	if _, ok, _ := db.ChannelStory(ctx, "c2"); ok {
		t.Error("a member's /story set was stored")
	}
	if text := set(manager, "c2", "Earthquake"); !strings.Contains(text, "Earthquake in Peru") {
		t.Errorf("manager /story set: %q", text)
	}
	if s, ok, _ := db.ChannelStory(ctx, "c2"); !ok || s != "quake" {
		t.Errorf("channel story stored %q %v", s, ok)
	}
	if text := set(manager, "c2", "nope"); !strings.Contains(text, "not loaded") {
		t.Errorf("/story set of an unknown story: %q", text)
	}
	// /story set autocomplete, in the subcommand.
	ac = srv.NewInteraction(discordtest.InteractionAutocomplete, "story", []discordtest.Option{
		{Name: "set", Type: 1, Options: []discordtest.Option{str(discordtest.Option{Name: "story", Value: "", Focused: true})}}}, manager)
	if cb, _ := h.interact(t, ac); !strings.Contains(asJSON(cb), `"value":"quake"`) || !strings.Contains(asJSON(cb), `"value":"seed"`) {
		t.Errorf("/story set autocomplete: %s", asJSON(cb))
	}

	// The channel default applies where no story is named, not elsewhere.
	text, _ = ask("c2", q("Did Sheinbaum reject US troops in Mexico?"))
	if !strings.HasPrefix(text, "Story: **Earthquake in Peru**") {
		t.Errorf("question in a quake channel: %q", text)
	}
	text, _ = ask("c2", q("Did Sheinbaum reject US troops in Mexico?"), story("seed"))
	if !strings.HasPrefix(text, "Story: **seed**") {
		t.Errorf("story option in a quake channel: %q", text)
	}
	src := inChannel(srv.NewInteraction(discordtest.InteractionCommand, "sources", nil, member), "c2")
	if cb, _ := h.interact(t, src); strings.Count(asJSON(cb), `"name":`) != 1 || !strings.Contains(asJSON(cb), "Quake") {
		t.Errorf("sources in a quake channel: %s", asJSON(cb))
	}
	quote := inChannel(srv.NewInteraction(discordtest.InteractionCommand, "quote", nil, member), "c2")
	_, mark := h.interact(t, quote)
	if s := asJSON(h.edit(t, mark, quote)); !strings.Contains(s, "Rosa Diaz") || strings.Contains(s, "Sheinbaum") {
		t.Errorf("quotes in a quake channel: %s", s)
	}

	// /story clear.
	clearI := inChannel(srv.NewInteraction(discordtest.InteractionCommand, "story", []discordtest.Option{{Name: "clear", Type: 1}}, manager), "c2")
	if cb, _ := h.interact(t, clearI); !strings.Contains(content(cb), "every story") {
		t.Errorf("/story clear: %s", asJSON(cb))
	}
	if _, ok, _ := db.ChannelStory(ctx, "c2"); ok {
		t.Error("/story clear left the default")
	}

	// /reload story: reloads that story only.
	rl := srv.NewInteraction(discordtest.InteractionCommand, "reload", []discordtest.Option{story("quake")}, manager)
	_, mark = h.interact(t, rl)
	if c := content(h.edit(t, mark, rl)); !strings.Contains(c, "unchanged 1") || len(reloaded) != 1 || reloaded[0] != "quake" {
		t.Errorf("/reload story:quake = %q (reloaded %v)", c, reloaded)
	}
	h.noProblems(t)
}
