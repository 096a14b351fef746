package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// MaxQuestion is the longest question, in characters, the commands accept;
// Discord enforces it in the client, and the bot cuts longer text from
// other paths. The console's chat refuses longer lines.
const MaxQuestion = 1000

const maxQuestion = MaxQuestion

func askCommand() *command {
	return &command{
		def: &discordgo.ApplicationCommand{
			Name:        "ask",
			Type:        discordgo.ChatApplicationCommand,
			Description: "Ask about the story; each source's answer is cited side by side",
			Options: []*discordgo.ApplicationCommandOption{{
				Type:        discordgo.ApplicationCommandOptionString,
				Name:        "question",
				Description: "What you want to know, e.g. What did Sheinbaum say about sovereignty?",
				Required:    true,
				MaxLength:   maxQuestion,
			}},
		},
		run: runAsk,
	}
}

func runAsk(ctx context.Context, c *call) error {
	question := ""
	if opt := option(c.i, "question"); opt != nil {
		question = strings.TrimSpace(opt.StringValue())
	}
	if question == "" {
		return c.say("Ask a question, e.g. `/ask question: What did Sheinbaum say about US troops?`")
	}
	return c.b.answer(ctx, c, question)
}

// answer runs one question for an interaction: cooldown, deferred public
// reply, then the rendered answer as an edit.
func (b *Bot) answer(ctx context.Context, c *call, question string) error {
	story, ok, err := c.startAnswer(ctx)
	if !ok {
		return err
	}
	ans, err := b.askObserved(ctx, c.i.ApplicationCommandData().Name, story, clampQuestion(question))
	if err != nil {
		return fmt.Errorf("answer %q: %w", clampQuestion(question), err)
	}
	return c.send(b.withFeedback(b.renderAnswer(ctx, ans), ans), false)
}

// clampQuestion keeps a question to maxQuestion runes, whatever path it
// came by.
func clampQuestion(q string) string {
	if r := []rune(q); len(r) > maxQuestion {
		return string(r[:maxQuestion])
	}
	return q
}

// option finds a top-level option of a slash command by name.
func option(i *discordgo.Interaction, name string) *discordgo.ApplicationCommandInteractionDataOption {
	for _, o := range i.ApplicationCommandData().Options {
		if o.Name == name {
			return o
		}
	}
	return nil
}
