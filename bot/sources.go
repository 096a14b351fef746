package bot

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"storybot/corpus"
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
	var articles []corpus.Article
	if story != "" {
		articles, err = c.b.cfg.Stories.ArticlesStory(ctx, story)
	} else {
		articles, err = c.b.cfg.Library.Articles(ctx)
	}
	if err != nil {
		return fmt.Errorf("list sources: %w", err)
	}
	return c.send(RenderSources(articles), false)
}
