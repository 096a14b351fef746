package bot

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// askMessageName is the context-menu command's name as users see it.
const askMessageName = "Ask storybot"

// askMessageCommand answers the question in someone else's message, from the
// message's Apps menu.
func askMessageCommand() *command {
	return &command{
		def: &discordgo.ApplicationCommand{
			Name: askMessageName,
			Type: discordgo.MessageApplicationCommand,
		},
		run: runAskMessage,
	}
}

func runAskMessage(ctx context.Context, c *call) error {
	data := c.i.ApplicationCommandData()
	var text string
	if data.Resolved != nil {
		if m := data.Resolved.Messages[data.TargetID]; m != nil {
			text = strings.TrimSpace(m.Content)
		}
	}
	if text == "" {
		return c.say("That message has no text to ask about.")
	}
	return c.b.answer(ctx, c, text)
}
