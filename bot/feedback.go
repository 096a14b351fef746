package bot

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"storybot/corpus"
	"storybot/qa"
)

// FeedbackRecorder keeps the votes cast with the 👍/👎 buttons under the
// answers. *store.Feedback satisfies it.
type FeedbackRecorder interface {
	// RecordVote stores a vote, replacing the same user's earlier vote on
	// the same answer.
	RecordVote(ctx context.Context, v corpus.Vote) error
}

// Message component types and button styles the bot sends.
const (
	componentActionRow = 1
	componentButton    = 2
	buttonSecondary    = 2
)

// actionRow is a row of buttons under a message. The bot builds its own
// component bodies, as it does messages, so nothing goes out as null.
type actionRow struct {
	Type       int      `json:"type"`
	Components []button `json:"components"`
}

type button struct {
	Type     int          `json:"type"`
	Style    int          `json:"style"`
	CustomID string       `json:"custom_id"`
	Label    string       `json:"label,omitempty"`
	Emoji    *buttonEmoji `json:"emoji,omitempty"`
	Disabled bool         `json:"disabled,omitempty"`
}

type buttonEmoji struct {
	Name string `json:"name"`
}

// maxCustomID is Discord's cap on a component's custom_id.
const maxCustomID = 100

// Feedback buttons' custom ids are "fb:up:KEY" and "fb:down:KEY", KEY
// naming the answer in the bot's memory (answerMemo).
const (
	feedbackPrefix = "fb:"
	voteUp         = "up"
	voteDown       = "down"
)

// Answers can be voted on for answerTTL after they were given, and the bot
// remembers at most answerMemoSize of them: a vote needs the question and
// the citations, which do not fit in a custom_id. After a restart, or
// behind several replicas, a vote on an answer this process did not give
// is politely refused.
const (
	answerTTL      = 24 * time.Hour
	answerMemoSize = 10000
)

// Replies to a vote, seen only by the voter.
const (
	thanksUp   = "Thanks! 👍 noted: votes help improve the answers."
	thanksDown = "Thanks! 👎 noted: votes help improve the answers. `/ask` again with other words may find more."
	voteTooOld = "Sorry, that answer is too old to rate (answers can be rated for a day after they are given). Ask again to rate a new one."
)

// rememberedAnswer is what a vote records about the answer voted on.
type rememberedAnswer struct {
	question string
	story    string
	cited    []corpus.SentenceRef
}

// memo keeps what the buttons of recent messages refer to, by a short
// random key, for answerTTL; past answerMemoSize entries the oldest go
// first.
type memo[T any] struct {
	mu      sync.Mutex
	entries map[string]memoEntry[T]
	order   []string // keys, oldest first
}

type memoEntry[T any] struct {
	v  T
	at time.Time
}

func newMemo[T any]() *memo[T] {
	return &memo[T]{entries: map[string]memoEntry[T]{}}
}

// remember stores v, given at now, and returns its key: 13 base32
// characters from 64 random bits, so keys neither collide nor can be
// guessed.
func (m *memo[T]) remember(v T, now time.Time) string {
	var raw [8]byte
	rand.Read(raw[:]) // never fails (crypto/rand panics instead)
	key := strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(raw[:]))
	m.mu.Lock()
	defer m.mu.Unlock()
	for len(m.order) >= answerMemoSize {
		delete(m.entries, m.order[0])
		m.order = m.order[1:]
	}
	m.entries[key] = memoEntry[T]{v: v, at: now}
	m.order = append(m.order, key)
	return key
}

// recall returns what key names, if it was remembered within answerTTL of
// now.
func (m *memo[T]) recall(key string, now time.Time) (T, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[key]
	if !ok || now.Sub(e.at) > answerTTL {
		var zero T
		return zero, false
	}
	return e.v, true
}

// citedRefs lists the sentences an answer cites, source by source.
func citedRefs(ans qa.Answer) []corpus.SentenceRef {
	var refs []corpus.SentenceRef
	for _, s := range ans.Sources {
		for _, c := range s.Sentences {
			refs = append(refs, corpus.SentenceRef{File: s.Source.File, Paragraph: c.Paragraph, Sentence: c.Sentence})
		}
	}
	return refs
}

// withFeedback adds the 👍/👎 buttons under an answer, when the bot records
// feedback, remembering the answer for the votes.
func (b *Bot) withFeedback(r Reply, ans qa.Answer) Reply {
	if b.cfg.Feedback == nil {
		return r
	}
	key := b.answers.remember(rememberedAnswer{question: ans.Question, story: ans.Story, cited: citedRefs(ans)}, time.Now())
	r.Components = append(r.Components, actionRow{Type: componentActionRow, Components: []button{
		{Type: componentButton, Style: buttonSecondary, CustomID: feedbackPrefix + voteUp + ":" + key, Emoji: &buttonEmoji{Name: "👍"}},
		{Type: componentButton, Style: buttonSecondary, CustomID: feedbackPrefix + voteDown + ":" + key, Emoji: &buttonEmoji{Name: "👎"}},
	}})
	return r
}

// runComponent handles a button press under one of the bot's messages.
func (b *Bot) runComponent(ctx context.Context, c *call) error {
	id := c.i.MessageComponentData().CustomID
	if rest, ok := strings.CutPrefix(id, feedbackPrefix); ok && b.cfg.Feedback != nil {
		return b.runVote(ctx, c, rest)
	}
	if rest, ok := strings.CutPrefix(id, pagePrefix); ok {
		return b.runPage(ctx, c, rest)
	}
	b.log.Warn("unknown button", "custom_id", id)
	return c.say("Sorry, that button no longer works.")
}

// runVote records a 👍 or 👎; vote is "up:KEY" or "down:KEY".
func (b *Bot) runVote(ctx context.Context, c *call, vote string) error {
	dir, key, _ := strings.Cut(vote, ":")
	if dir != voteUp && dir != voteDown {
		return c.say("Sorry, that button no longer works.")
	}
	ans, ok := b.answers.recall(key, time.Now())
	if !ok {
		return c.say(voteTooOld)
	}
	err := b.cfg.Feedback.RecordVote(ctx, corpus.Vote{
		Answer: key, User: c.user(), Up: dir == voteUp, Question: ans.question, Story: ans.story, Cited: ans.cited,
	})
	if err != nil {
		return fmt.Errorf("record vote: %w", err)
	}
	b.log.Info("feedback recorded", "vote", dir, "answer", key)
	if dir == voteUp {
		return c.say(thanksUp)
	}
	return c.say(thanksDown)
}

// isComponent reports whether i is a button press.
func isComponent(i *discordgo.Interaction) bool {
	return i.Type == discordgo.InteractionMessageComponent
}
