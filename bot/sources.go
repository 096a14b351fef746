package bot

import (
	"context"

	"github.com/bwmarrin/discordgo"
)

func sourcesCommand() *command {
	return &command{
		def: &discordgo.ApplicationCommand{
			Name:        "sources",
			Type:        discordgo.ChatApplicationCommand,
			Description: "The articles storybot answers from: outlet, title, date and link",
			Options:     []*discordgo.ApplicationCommandOption{},
		},
		run: runSources,
	}
}

func runSources(ctx context.Context, c *call) error {
	story, ok, err := c.story(ctx)
	if !ok {
		return err
	}
	r, err := c.b.renderPage(ctx, pagedQuery{kind: pagedSources, story: story}, "", 0)
	if err != nil {
		return err
	}
	return c.send(r, false)
}
