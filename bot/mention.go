package bot

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// mentionHelp answers a bare mention.
const mentionHelp = "Ask me about the story, e.g. “@storybot what did Sheinbaum say about US troops?”, or use `/ask`."

// onMessage answers messages addressed to the bot: mentions, DMs, and
// questions in the channels it listens to.
func (b *Bot) onMessage(s *discordgo.Session, mc *discordgo.MessageCreate) {
	done, ok := b.inflight.start()
	if !ok {
		return
	}
	defer done()
	ctx, cancel := b.handlerContext()
	defer cancel()
	m := mc.Message
	log := b.log.With("message", m.ID, "channel", m.ChannelID, "guild", m.GuildID)
	defer func() {
		if p := recover(); p != nil {
			log.Error("message handler panicked", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			if err := b.replyTo(m, Reply{Content: apology}); err != nil {
				log.Warn("send apology", "err", err)
			}
		}
	}()
	if err := b.handleMessage(ctx, m); err != nil {
		log.Error("message handler failed", "err", err)
		if err := b.replyTo(m, Reply{Content: apology}); err != nil {
			log.Warn("send apology", "err", err)
		}
	}
}

func (b *Bot) handleMessage(ctx context.Context, m *discordgo.Message) error {
	me := b.userIDNow()
	if m.Author == nil || m.Author.Bot || m.Author.ID == me || me == "" {
		return nil
	}
	question, addressed := questionIn(m, me, b.listen)
	if !addressed {
		return nil
	}
	if question == "" {
		return b.replyTo(m, Reply{Content: mentionHelp})
	}
	if wait, ok, first := b.cooldown.allow(m.Author.ID, time.Now()); !ok {
		if !first {
			return nil // told once already in this window; stay quiet
		}
		return b.replyTo(m, Reply{Content: cooldownNote(wait)})
	}
	story, err := b.storyFor(ctx, "", m.ChannelID)
	if err != nil {
		return err
	}
	ans, err := b.askObserved(ctx, messageCommand, story, clampQuestion(question))
	if err != nil {
		return fmt.Errorf("answer %q: %w", clampQuestion(question), err)
	}
	return b.replyTo(m, b.withFeedback(b.renderAnswer(ctx, ans), ans))
}

// questionIn decides whether m is addressed to the bot (user me) and
// returns the question with the bot's mentions taken out. DMs and mentions
// always count; in a listened channel, a message ending in "?" does.
func questionIn(m *discordgo.Message, me string, listen map[string]bool) (question string, addressed bool) {
	text := m.Content
	mentioned := strings.Contains(text, "<@"+me+">") || strings.Contains(text, "<@!"+me+">")
	for _, u := range m.Mentions {
		if u != nil && u.ID == me {
			mentioned = true
		}
	}
	text = strings.ReplaceAll(text, "<@!"+me+">", " ")
	text = strings.ReplaceAll(text, "<@"+me+">", " ")
	text = strings.TrimSpace(oneLine(text))
	switch {
	case mentioned, m.GuildID == "":
		return text, true
	case listen[m.ChannelID] && strings.HasSuffix(text, "?"):
		return text, true
	}
	return "", false
}

// replyTo answers m in its channel as a reply that pings nobody, the author
// included.
func (b *Bot) replyTo(m *discordgo.Message, r Reply) error {
	data := newMessageData(r, false)
	data.MessageReference = &messageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID}
	endpoint := discordgo.EndpointChannelMessages(m.ChannelID)
	if _, err := b.session.RequestWithBucketID("POST", endpoint, data, endpoint); err != nil {
		return fmt.Errorf("reply in channel %s: %w", m.ChannelID, err)
	}
	return nil
}
