package bot_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"storybot/bot"
	"storybot/bot/discordtest"
	"storybot/corpus"
	"storybot/store"
)

// buttons returns the custom ids of the buttons in a message body.
func buttons(t *testing.T, body map[string]any) []string {
	t.Helper()
	var ids []string
	rows, _ := body["components"].([]any)
	for _, r := range rows {
		row, _ := r.(map[string]any)
		if row["type"] != float64(1) {
			t.Errorf("component row type = %v, want 1 (action row)", row["type"])
		}
		items, _ := row["components"].([]any)
		for _, it := range items {
			b, _ := it.(map[string]any)
			id, _ := b["custom_id"].(string)
			if b["type"] != float64(2) || id == "" || len(id) > 100 {
				t.Errorf("button %s: want type 2 and a custom_id of 1 to 100 characters", asJSON(b))
			}
			ids = append(ids, id)
		}
	}
	return ids
}

// TestFeedbackButtonsEndToEnd answers with 👍/👎 buttons, presses them as
// Discord would, and finds the votes in a real SQLite store: question,
// cited sentences, corpus version, user hashed; a changed mind replaces
// the vote. Every body is validated against Discord's OpenAPI spec.
func TestFeedbackButtonsEndToEnd(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "storybot.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	fb, err := db.Feedback(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	h := startBot(t, loadSpec(t), func(c *bot.Config) { c.Feedback = fb; c.Cooldown = -1 })
	srv := h.srv
	alice, bob, carol := someone(srv, 0), someone(srv, 0), someone(srv, 0)

	question := "What did Sheinbaum say about US troops?"
	i := srv.NewInteraction(discordtest.InteractionCommand, "ask",
		[]discordtest.Option{str(discordtest.Option{Name: "question", Value: question})}, alice)
	_, mark := h.interact(t, i)
	answer := h.edit(t, mark, i)
	ids := buttons(t, answer)
	if len(ids) != 2 || !strings.HasPrefix(ids[0], "fb:up:") || !strings.HasPrefix(ids[1], "fb:down:") {
		t.Fatalf("answer buttons = %v, want fb:up:KEY and fb:down:KEY\n%s", ids, asJSON(answer))
	}
	up, down := ids[0], ids[1]

	press := func(t *testing.T, id string, u discordtest.User) string {
		t.Helper()
		cb, _ := h.interact(t, srv.NewButtonPress(id, answer, u))
		data, _ := cb["data"].(map[string]any)
		if callbackType(cb) != 4 || flags(cb)&64 == 0 {
			t.Errorf("press %s: callback %s, want an ephemeral message", id, asJSON(cb))
		}
		mentionsBlocked(t, "vote reply", data)
		content, _ := data["content"].(string)
		return content
	}
	if got := press(t, up, bob); !strings.Contains(got, "👍 noted") {
		t.Errorf("👍 reply = %q", got)
	}
	if got := press(t, down, bob); !strings.Contains(got, "👎 noted") {
		t.Errorf("👎 reply = %q", got)
	}
	press(t, up, carol)
	if got := press(t, "fb:up:nosuchanswer", carol); !strings.Contains(got, "too old to rate") {
		t.Errorf("vote on an unknown answer: %q, want the too-old note", got)
	}

	votes, err := db.FeedbackEntries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(votes) != 2 {
		t.Fatalf("%d votes stored, want 2 (Bob's changed vote and Carol's): %+v", len(votes), votes)
	}
	wantCited := []corpus.SentenceRef{{File: "000_ap.txt", Paragraph: 2, Sentence: 1}, {File: "000_ap.txt", Paragraph: 4, Sentence: 2},
		{File: "004_lt.txt", Paragraph: 1, Sentence: 1}}
	ups := 0
	for _, v := range votes {
		if v.Question != question || !reflect.DeepEqual(v.Cited, wantCited) || v.CorpusVersion == "" {
			t.Errorf("vote %+v: want the question, the cited sentences %v and a corpus version", v, wantCited)
		}
		if strings.Contains(v.UserHash, bob.ID) || strings.Contains(v.UserHash, carol.ID) {
			t.Errorf("a user id is stored as is: %q", v.UserHash)
		}
		if v.Up {
			ups++
		}
	}
	if ups != 1 {
		t.Errorf("%d votes up, want 1 (Carol's; Bob changed his to down)", ups)
	}

	// A mention's answer has the buttons too.
	mark = srv.Mark()
	m, err := srv.Post(discordtest.Message{GuildID: srv.GuildID, Content: srv.BotMention() + " what did Hegseth say?", Author: alice, MentionsBot: true})
	if err != nil {
		t.Fatal(err)
	}
	reply := h.next(t, mark, "POST", "/channels/"+m.ChannelID+"/messages").JSON()
	if ids := buttons(t, reply); len(ids) != 2 || !strings.HasPrefix(ids[0], "fb:up:") || ids[0] == up {
		t.Errorf("mention answer buttons = %v, want a new fb:up:KEY and fb:down:KEY", ids)
	}
	h.noProblems(t)
}

// TestNoButtonsWithoutFeedback: a bot that records no feedback shows no
// buttons.
func TestNoButtonsWithoutFeedback(t *testing.T) {
	h := startBot(t, loadSpec(t), nil)
	i := h.srv.NewInteraction(discordtest.InteractionCommand, "ask",
		[]discordtest.Option{str(discordtest.Option{Name: "question", Value: "What did Sheinbaum say?"})}, someone(h.srv, 0))
	_, mark := h.interact(t, i)
	edit := h.edit(t, mark, i)
	if raw, _ := json.Marshal(edit); strings.Contains(string(raw), "components") {
		t.Errorf("answer has components without feedback: %s", raw)
	}
	h.noProblems(t)
}
