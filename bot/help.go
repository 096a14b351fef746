package bot

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"
)

func helpCommand() *command {
	return &command{
		def: &discordgo.ApplicationCommand{
			Name:        "help",
			Type:        discordgo.ChatApplicationCommand,
			Description: "What storybot can do and how to ask it",
			Options:     []*discordgo.ApplicationCommandOption{},
		},
		run: runHelp,
	}
}

// runHelp answers privately: help is for the one who asked, not the channel.
func runHelp(ctx context.Context, c *call) error {
	return c.say(c.b.helpText())
}

// helpText lists the commands this bot has (the story ones only when
// stories are loaded) and the ways to ask; it stays within one message.
func (b *Bot) helpText() string {
	var sb strings.Builder
	sb.WriteString("**storybot** answers questions about the news story from its sources, citing each source's best sentences side by side.\n\n")
	sb.WriteString("**Ways to ask**\n")
	sb.WriteString("• `/ask question: What did Sheinbaum say about US troops?`\n")
	sb.WriteString("• Mention me with the question: “@storybot who was arrested?”, or send me a direct message.\n")
	sb.WriteString("• On someone's message: Apps → **" + askMessageName + "**.\n")
	if len(b.listen) > 0 {
		sb.WriteString("• In the channels I listen to, any message ending in “?”.\n")
	}
	sb.WriteString("\n**Commands**\n")
	for _, line := range []struct{ name, text string }{
		{"ask", "`/ask question:` – a cited answer from every source that addresses it"},
		{"compare", "`/compare topic:` – each source's sentences on a topic side by side, oldest first, where they differ in bold"},
		{"quote", "`/quote speaker: topic:` – direct quotations, by who said them and what about"},
		{"sources", "`/sources` – the articles I answer from: outlet, title, date, link"},
		{"story", "`/story set story:` / `/story clear` – this channel's default story (server managers)"},
		{"reload", "`/reload` – re-read the article folder and report what changed (admins)"},
		{"add", "`/add file:` or `/add text: title:` – add an article from a saved page or pasted text (admins)"},
		{"help", "`/help` – this message"},
	} {
		if _, ok := b.commands[line.name]; ok {
			sb.WriteString("• " + line.text + "\n")
		}
	}
	if b.cfg.Feedback != nil {
		sb.WriteString("\nRate an answer with 👍 or 👎 under it: votes help improve the answers (your Discord ID is kept only as a salted hash).\n")
	}
	if b.cfg.Stories != nil {
		with := "`/ask`, `/quote` and `/sources`"
		if _, ok := b.commands["compare"]; ok {
			with = "`/ask`, `/compare`, `/quote` and `/sources`"
		}
		sb.WriteString("\n" + with + " take a `story:` option (suggested as you type); without one they use the channel's default story, and a question goes to the story it fits best.\n")
	}
	return trimText(strings.TrimRight(sb.String(), "\n"), maxContent)
}
