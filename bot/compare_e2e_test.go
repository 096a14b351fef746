package bot_test

import (
	"context"
	"fmt"
	"os"
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

func compareTopic(srv *discordtest.Server, topic string, user discordtest.User) discordtest.Interaction {
	return srv.NewInteraction(discordtest.InteractionCommand, "compare",
		[]discordtest.Option{str(discordtest.Option{Name: "topic", Value: topic})}, user)
}

// TestCompareEndToEnd runs /compare against the fake Discord: it is
// registered with its localizations, answers publicly after a deferral
// with the differing spans in bold, says plainly when no source mentions
// the topic, counts against the user's cooldown, and survives a handler
// that panics; every body is valid against Discord's OpenAPI spec.
func TestCompareEndToEnd(t *testing.T) {
	h := startBot(t, loadSpec(t), nil)
	srv := h.srv
	cmdReq := h.next(t, 0, "PUT", "/applications/"+srv.AppID+"/guilds/"+srv.GuildID+"/commands")
	if body := string(cmdReq.Body); !strings.Contains(body, `"name":"compare"`) || !strings.Contains(body, `"comparer"`) ||
		!strings.Contains(body, `"comparar"`) {
		t.Fatalf("/compare not registered with its es and fr names: %s", body)
	}

	alice := someone(srv, 0)
	i := compareTopic(srv, "troops", alice)
	cb, mark := h.interact(t, i)
	if callbackType(cb) != 5 || flags(cb)&64 != 0 {
		t.Fatalf("callback = %s, want a public deferred response (type 5)", asJSON(cb))
	}
	edit := h.edit(t, mark, i)
	mentionsBlocked(t, "compare edit", edit)
	fields, footer := embedOf(t, edit)
	text := asJSON(edit)
	if len(fields) != 2 || footer != "2 reports, oldest first" {
		t.Errorf("want a field per report and a footer counting them, got %d fields, footer %q", len(fields), footer)
	}
	for _, want := range []string{"offered to send **10,000** US troops", `proposed sending **\\*some\\*** troops`,
		"**Sources differ:** [10,000](https://example.com/ap#:~:text=", ") (AP, 2 Mar)", "https://example.com/lt"} {
		if !strings.Contains(text, want) {
			t.Errorf("comparison lacks %q: %s", want, text)
		}
	}
	if got := h.eng.Questions(); len(got) == 0 || got[len(got)-1] != "troops" {
		t.Errorf("engine asked %v, want the topic last", got)
	}

	i = compareTopic(srv, "the weather", alice)
	_, mark = h.interact(t, i)
	if c, _ := h.edit(t, mark, i)["content"].(string); c != "No source mentions “the weather”." {
		t.Errorf("nothing found: content %q", c)
	}

	// The harness allows a burst of two.
	cb, _ = h.interact(t, compareTopic(srv, "troops", alice))
	if d, _ := cb["data"].(map[string]any); callbackType(cb) != 4 || flags(cb)&64 == 0 || !strings.Contains(d["content"].(string), "please wait") {
		t.Errorf("third comparison past the burst: %s, want a private note to wait", asJSON(cb))
	}

	i = compareTopic(srv, "panic now", someone(srv, 0))
	_, mark = h.interact(t, i)
	if c, _ := h.edit(t, mark, i)["content"].(string); !strings.Contains(c, "Sorry, something went wrong") {
		t.Errorf("panicking handler: content %q, want the apology", c)
	}
	if !strings.Contains(h.logs.String(), "handler panicked") {
		t.Errorf("the panic is not logged")
	}
	i = compareTopic(srv, "troops", someone(srv, 0))
	_, mark = h.interact(t, i)
	if fields, _ := embedOf(t, h.edit(t, mark, i)); len(fields) != 2 {
		t.Errorf("after a panic the bot no longer compares")
	}
	h.noProblems(t)
}

// manyComparer has seven reports on any topic: two pages of /compare.
type manyComparer struct{ fakeEngine }

func (m *manyComparer) Compare(ctx context.Context, topic string) (qa.Comparison, error) {
	c := qa.Comparison{Topic: topic}
	for i := 1; i <= 7; i++ {
		c.Sources = append(c.Sources, qa.SourceAnswer{
			Source:    corpus.Article{ID: fmt.Sprintf("r%d", i), Outlet: fmt.Sprintf("Outlet %d", i), Published: fmt.Sprintf("2025-11-%02d", i)},
			Sentences: []qa.Cited{{Text: fmt.Sprintf("Report %d puts the toll at %d.", i, i), Paragraph: 1, Sentence: 1}},
		})
	}
	return c, nil
}

// TestComparePagesEndToEnd pages a long /compare with the buttons, each
// press updating the message in place.
func TestComparePagesEndToEnd(t *testing.T) {
	eng := &manyComparer{}
	h := startBot(t, loadSpec(t), func(c *bot.Config) { c.Comparer = eng; c.Cooldown = -1 })
	srv := h.srv
	i := compareTopic(srv, "the toll", someone(srv, 0))
	_, mark := h.interact(t, i)
	msg := h.edit(t, mark, i)
	fields, footer := embedOf(t, msg)
	if len(fields) != 5 || !strings.Contains(footer, "reports 1–5 of 7") || !strings.Contains(footer, "page 1 of 2") {
		t.Fatalf("page 1: %d fields, footer %q", len(fields), footer)
	}
	back, more := pageButtons(t, msg)
	if back["disabled"] != true || more["disabled"] == true || !strings.Contains(more["label"].(string), "More reports") {
		t.Errorf("page 1 buttons: %s %s", asJSON(back), asJSON(more))
	}
	cb, _ := h.interact(t, srv.NewButtonPress(more["custom_id"].(string), msg, someone(srv, 0)))
	if callbackType(cb) != 7 {
		t.Fatalf("page press: callback %s, want type 7 (update the message)", asJSON(cb))
	}
	page2 := cb["data"].(map[string]any)
	fields, footer = embedOf(t, page2)
	if len(fields) != 2 || !strings.Contains(asJSON(fields), "Outlet 7") || !strings.Contains(footer, "page 2 of 2") {
		t.Errorf("page 2: %s", asJSON(page2))
	}
	mentionsBlocked(t, "compare page", page2)
	h.noProblems(t)
}

// TestCompareStoriesEndToEnd runs /compare over the real engine and a real
// SQLite store holding the seed story, the earthquake story and the
// Riverton bus crash (qa/testdata/compare): the topic goes to the story it
// fits, the story option pins one (saying plainly when it has nothing on
// the topic) and an unknown story is named back privately.
func TestCompareStoriesEndToEnd(t *testing.T) {
	ctx := context.Background()
	an := corpus.NewAnalyzer()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "storybot.db"), nil, store.WithAnalyzer(an))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	fsys := storyCorpus(t)
	dir := filepath.Join("..", "qa", "testdata", "compare")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		fsys["riverton/"+e.Name()] = &fstest.MapFile{Data: data}
	}
	if _, err := db.ReloadStories(ctx, fsys, nil); err != nil {
		t.Fatal(err)
	}
	router := &qa.Router{Engine: &qa.Engine{Index: db, QuoteIndex: db, Analyzer: an}, Stories: db,
		View: func(s string) (qa.Index, qa.QuoteIndex) { v := db.Story(s); return v, v }}
	h := startBot(t, loadSpec(t), func(c *bot.Config) {
		c.Answerer, c.Library, c.Stories, c.Comparer, c.Cooldown = router, db, router, router, -1
	})
	srv := h.srv
	if body := string(h.next(t, 0, "PUT", "/applications/").Body); !strings.Contains(body,
		`"description":"The story to compare within (default: this channel's, else the one the topic fits best)"`) {
		t.Fatalf("/compare has no story option: %s", body)
	}
	compare := func(opts ...discordtest.Option) (cb, edit map[string]any) {
		i := srv.NewInteraction(discordtest.InteractionCommand, "compare", opts, someone(srv, 0))
		cb, mark := h.interact(t, i)
		if callbackType(cb) == 4 {
			return cb, nil
		}
		return cb, h.edit(t, mark, i)
	}
	topic := func(s string) discordtest.Option { return str(discordtest.Option{Name: "topic", Value: s}) }
	story := func(s string) discordtest.Option { return str(discordtest.Option{Name: "story", Value: s}) }

	_, edit := compare(topic("the death toll"))
	fields, footer := embedOf(t, edit)
	if c, _ := edit["content"].(string); !strings.HasPrefix(c, "Story: **riverton**") || len(fields) != 4 ||
		fields[0].(map[string]any)["name"] != "Reuters" || footer != "4 reports, oldest first" {
		t.Errorf("routed comparison: %s", asJSON(edit))
	}
	_, edit = compare(topic("the death toll"), story("seed"))
	if c, _ := edit["content"].(string); c != "Story: **seed**\nNo source mentions “the death toll”." {
		t.Errorf("comparison in a story without the topic: %q", c)
	}
	cb, _ := compare(topic("the death toll"), story("volcano"))
	if d, _ := cb["data"].(map[string]any); flags(cb)&64 == 0 || !strings.Contains(asJSON(d), `\"volcano\" is not loaded`) {
		t.Errorf("unknown story: %s", asJSON(cb))
	}
	h.noProblems(t)
}
