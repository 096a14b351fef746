package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"storybot/bot"
	"storybot/bot/discordtest"
	"storybot/corpus"
	"storybot/qa"
)

// manyEngine quotes Sheinbaum 23 times and has 12 sources: more than one
// page of each.
type manyEngine struct{ fakeEngine }

func (m *manyEngine) Quotes(ctx context.Context, speaker, topic string, limit int) ([]qa.QuoteHit, error) {
	var out []qa.QuoteHit
	for i := 1; i <= 23 && len(out) < limit; i++ {
		out = append(out, qa.QuoteHit{Quote: corpus.Quote{Text: fmt.Sprintf("Quotation number %d", i), Speaker: "Claudia Sheinbaum",
			ArticleID: sourceAP.ID, Paragraph: i, Sentence: 1}, Source: sourceAP})
	}
	return out, nil
}

func (m *manyEngine) Articles(ctx context.Context) ([]corpus.Article, error) {
	var out []corpus.Article
	for i := 1; i <= 12; i++ {
		out = append(out, corpus.Article{ID: fmt.Sprintf("a%02d", i), File: fmt.Sprintf("a%02d.txt", i),
			Title: fmt.Sprintf("Article number %d", i), Outlet: fmt.Sprintf("Outlet %d", i)})
	}
	return out, nil
}

// pageButtons returns a message's Back and More buttons.
func pageButtons(t *testing.T, body map[string]any) (back, more map[string]any) {
	t.Helper()
	rows, _ := body["components"].([]any)
	if len(rows) != 1 {
		t.Fatalf("want one row of page buttons, got %s", asJSON(body["components"]))
	}
	items, _ := rows[0].(map[string]any)["components"].([]any)
	if len(items) != 2 {
		t.Fatalf("want Back and More, got %s", asJSON(items))
	}
	return items[0].(map[string]any), items[1].(map[string]any)
}

func embedOf(t *testing.T, body map[string]any) (fields []any, footer string) {
	t.Helper()
	embeds, _ := body["embeds"].([]any)
	if len(embeds) != 1 {
		t.Fatalf("want one embed, got %s", asJSON(body))
	}
	e := embeds[0].(map[string]any)
	fields, _ = e["fields"].([]any)
	if f, ok := e["footer"].(map[string]any); ok {
		footer, _ = f["text"].(string)
	}
	return fields, footer
}

// TestPageButtonsEndToEnd pages through /quote and /sources with the
// buttons, each press updating the message in place (callback type 7),
// every body valid against Discord's OpenAPI spec.
func TestPageButtonsEndToEnd(t *testing.T) {
	eng := &manyEngine{}
	h := startBot(t, loadSpec(t), func(c *bot.Config) { c.Answerer = eng; c.Library = eng; c.Cooldown = -1 })
	srv := h.srv
	user := someone(srv, 0)

	i := srv.NewInteraction(discordtest.InteractionCommand, "quote",
		[]discordtest.Option{str(discordtest.Option{Name: "speaker", Value: "Sheinbaum"})}, user)
	_, mark := h.interact(t, i)
	msg := h.edit(t, mark, i)
	for page, want := range []struct {
		first, n int
		footer   string
		last     bool
	}{
		{1, 10, "page 1 of 3", false},
		{11, 10, "page 2 of 3", false},
		{21, 3, "page 3 of 3", true},
	} {
		fields, footer := embedOf(t, msg)
		if len(fields) != want.n || !strings.Contains(asJSON(fields[0]), fmt.Sprintf("Quotation number %d”", want.first)) ||
			!strings.Contains(footer, want.footer) {
			t.Fatalf("page %d: %d fields, first %s, footer %q; want %d from number %d, %q", page+1, len(fields), asJSON(fields[0]), footer,
				want.n, want.first, want.footer)
		}
		back, more := pageButtons(t, msg)
		if (back["disabled"] == true) != (page == 0) {
			t.Errorf("page %d: Back = %s, want disabled only on page 1", page+1, asJSON(back))
		}
		if (more["disabled"] == true) != want.last || !strings.Contains(more["label"].(string), "More quotes") {
			t.Errorf("page %d: More = %s, want disabled %v", page+1, asJSON(more), want.last)
		}
		if want.last {
			break
		}
		cb, _ := h.interact(t, srv.NewButtonPress(more["custom_id"].(string), msg, someone(srv, 0)))
		if callbackType(cb) != 7 {
			t.Fatalf("page press: callback %s, want type 7 (update the message)", asJSON(cb))
		}
		msg = cb["data"].(map[string]any)
		mentionsBlocked(t, "page update", msg)
	}
	// Back from the last page.
	back, _ := pageButtons(t, msg)
	cb, _ := h.interact(t, srv.NewButtonPress(back["custom_id"].(string), msg, user))
	if _, footer := embedOf(t, cb["data"].(map[string]any)); !strings.Contains(footer, "page 2 of 3") {
		t.Errorf("Back from page 3 shows %q, want page 2", footer)
	}

	s := srv.NewInteraction(discordtest.InteractionCommand, "sources", nil, user)
	cb, _ = h.interact(t, s)
	msg = cb["data"].(map[string]any)
	fields, footer := embedOf(t, msg)
	if len(fields) != 10 || !strings.Contains(footer, "page 1 of 2") || !strings.Contains(asJSON(msg), "Sources (12)") {
		t.Fatalf("/sources page 1: %d fields, footer %q\n%s", len(fields), footer, asJSON(msg))
	}
	_, more := pageButtons(t, msg)
	if !strings.Contains(more["label"].(string), "More sources") {
		t.Errorf("/sources More button = %s", asJSON(more))
	}
	cb, _ = h.interact(t, srv.NewButtonPress(more["custom_id"].(string), msg, user))
	fields, _ = embedOf(t, cb["data"].(map[string]any))
	if callbackType(cb) != 7 || len(fields) != 2 || !strings.Contains(asJSON(fields), "Outlet 12") {
		t.Errorf("/sources page 2: %s", asJSON(cb))
	}

	cb, _ = h.interact(t, srv.NewButtonPress("pg:forgotten:1", msg, user))
	if d, _ := cb["data"].(map[string]any); callbackType(cb) != 4 || flags(cb)&64 == 0 || !strings.Contains(d["content"].(string), "too old") {
		t.Errorf("page of a forgotten list: %s, want a private note", asJSON(cb))
	}
	h.noProblems(t)
}
