package bot

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/bwmarrin/discordgo"

	"storybot/corpus"
	"storybot/qa"
)

// Stories answers within one named story. *qa.Router satisfies it. Story
// names are resolved by folder name or title (Resolve); an unknown one
// comes back as an error wrapping qa.ErrUnknownStory.
type Stories interface {
	List(ctx context.Context) ([]corpus.Story, error)
	Resolve(ctx context.Context, name string) (corpus.Story, error)
	AskStory(ctx context.Context, story, question string) (qa.Answer, error)
	QuotesStory(ctx context.Context, story, speaker, topic string, limit int) ([]qa.QuoteHit, error)
	SpeakersStory(ctx context.Context, story string) ([]qa.Speaker, error)
	ArticlesStory(ctx context.Context, story string) ([]corpus.Article, error)
}

// ChannelStories keeps the story each channel asks about when a command
// names none. *store.DB satisfies it.
type ChannelStories interface {
	// ChannelStory returns the channel's default story; ok is false when
	// it has none.
	ChannelStory(ctx context.Context, channelID string) (story string, ok bool, err error)
	// SetChannelStory sets the channel's default story; "" clears it.
	SetChannelStory(ctx context.Context, guildID, channelID, story, setBy string) error
}

// ReloadStoryFunc re-indexes one story of the corpus.
type ReloadStoryFunc func(ctx context.Context, story string, progress func(done, total int)) (corpus.ReloadReport, error)

const storyOptionName = "story"

// storyOption is the optional story option of /ask, /quote, /sources and
// /reload.
func storyOption(description string, required bool) *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type:         discordgo.ApplicationCommandOptionString,
		Name:         storyOptionName,
		Description:  description,
		Autocomplete: true,
		Required:     required,
		MaxLength:    maxChoiceLen,
	}
}

// addStoryOptions gives the commands their story option and the /story
// command, when the bot has stories.
func (b *Bot) addStoryOptions() {
	if b.cfg.Stories == nil {
		return
	}
	for name, desc := range map[string]string{
		"ask":     "The story to ask about (default: this channel's, else the one the question fits best)",
		"quote":   "Only quotations from this story (default: this channel's, else every story)",
		"sources": "Only this story's articles (default: this channel's, else every story)",
	} {
		c := b.commands[name]
		c.def.Options = append(c.def.Options, storyOption(desc, false))
		c.autocomplete = withStoryAutocomplete(c.autocomplete)
	}
	if b.cfg.ReloadStory != nil {
		c := b.commands["reload"]
		c.def.Options = append(c.def.Options, storyOption("Reload only this story (default: every story)", false))
		c.autocomplete = withStoryAutocomplete(c.autocomplete)
	}
	if b.cfg.ChannelStories != nil {
		c := storyCommand()
		b.commands[c.def.Name] = c
	}
}

// withStoryAutocomplete suggests stories when the story option is focused
// and leaves the other options to next.
func withStoryAutocomplete(next func(ctx context.Context, c *call) error) func(ctx context.Context, c *call) error {
	return func(ctx context.Context, c *call) error {
		if o := focusedOption(c.i); o != nil && o.Name == storyOptionName {
			return suggestStories(ctx, c, o.StringValue())
		}
		if next == nil {
			return c.suggest(nil)
		}
		return next(ctx, c)
	}
}

// focusedOption finds the option being typed, in a subcommand too.
func focusedOption(i *discordgo.Interaction) *discordgo.ApplicationCommandInteractionDataOption {
	var walk func([]*discordgo.ApplicationCommandInteractionDataOption) *discordgo.ApplicationCommandInteractionDataOption
	walk = func(opts []*discordgo.ApplicationCommandInteractionDataOption) *discordgo.ApplicationCommandInteractionDataOption {
		for _, o := range opts {
			if o.Focused {
				return o
			}
			if f := walk(o.Options); f != nil {
				return f
			}
		}
		return nil
	}
	return walk(i.ApplicationCommandData().Options)
}

// suggestStories offers the stories whose name or title holds what the user
// typed, those starting with it first.
func suggestStories(ctx context.Context, c *call, typed string) error {
	ctx, cancel := context.WithTimeout(ctx, autocompleteBudget)
	defer cancel()
	stories, err := c.b.cfg.Stories.List(ctx)
	if err != nil {
		c.b.log.Warn("list stories for autocomplete", "err", err)
		return c.suggest(nil)
	}
	return c.suggest(storyChoices(stories, typed))
}

// storyChoices ranks stories for what the user typed: at most 25 choices,
// each labelled with its title and size, valued by its name. The unnamed
// story of a flat folder cannot be chosen (a choice needs a value), nor
// can a folder name longer than Discord's 100 characters.
func storyChoices(stories []corpus.Story, typed string) []*discordgo.ApplicationCommandOptionChoice {
	typed = strings.ToLower(strings.TrimSpace(typed))
	type ranked struct {
		s    corpus.Story
		rank int
	}
	var hits []ranked
	for _, s := range stories {
		if s.Name == "" || textLen(s.Name) > maxChoiceLen {
			continue
		}
		name, title := strings.ToLower(s.Name), strings.ToLower(s.Title)
		rank := -1
		switch {
		case typed == "" || strings.HasPrefix(name, typed) || strings.HasPrefix(title, typed):
			rank = 0
		case strings.Contains(name, typed) || strings.Contains(title, typed):
			rank = 1
		}
		if rank >= 0 {
			hits = append(hits, ranked{s, rank})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].rank < hits[j].rank })
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	for _, h := range hits {
		if len(choices) == maxChoices {
			break
		}
		choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: storyChoiceLabel(h.s), Value: h.s.Name})
	}
	return choices
}

func storyChoiceLabel(s corpus.Story) string {
	size := fmt.Sprintf(" · %d %s", s.Articles, plural(s.Articles, "article", "articles"))
	label := oneLine(s.Name)
	if s.Title != "" {
		label = oneLine(s.Title) + " (" + label + ")"
	}
	if textLen(label+size) > maxChoiceLen {
		label = string([]rune(label)[:max(0, maxChoiceLen-textLen(size)-1)]) + "…"
	}
	return label + size
}

// storyFor says which story a command asks about: the one its story option
// names, else the channel's default, else "" (every story, or the best fit
// for a question). An unknown story named in the option comes back as an
// error wrapping qa.ErrUnknownStory; a channel default that is no longer
// loaded is ignored.
func (b *Bot) storyFor(ctx context.Context, named, channelID string) (string, error) {
	if b.cfg.Stories == nil {
		return "", nil
	}
	if named = strings.TrimSpace(named); named != "" {
		s, err := b.cfg.Stories.Resolve(ctx, named)
		if err != nil {
			return "", err
		}
		return s.Name, nil
	}
	if b.cfg.ChannelStories == nil || channelID == "" {
		return "", nil
	}
	story, ok, err := b.cfg.ChannelStories.ChannelStory(ctx, channelID)
	if err != nil {
		return "", fmt.Errorf("channel default story: %w", err)
	}
	if !ok {
		return "", nil
	}
	if _, err := b.cfg.Stories.Resolve(ctx, story); err != nil {
		b.log.Warn("channel default story not loaded; answering from every story", "channel", channelID, "story", story, "err", err)
		return "", nil
	}
	return story, nil
}

// startAnswer does what every public answer does before retrieval: resolve
// the story, apply the user's cooldown, and defer the reply (retrieval
// usually takes milliseconds, but a cold cache or a reload in progress can
// outlast Discord's three seconds). ok is false when the user has already
// been answered (unknown story, cooldown) or deferring failed (err).
func (c *call) startAnswer(ctx context.Context) (story string, ok bool, err error) {
	story, ok, err = c.story(ctx)
	if !ok {
		return "", false, err
	}
	if ok, err := c.checkCooldown(); !ok {
		return "", false, err
	}
	if err := c.deferReply(false); err != nil {
		return "", false, err
	}
	return story, true, nil
}

// storyOf reads a call's story option and resolves the story it asks
// about. ok is false when the user named an unknown story; they have then
// been told which stories there are.
func (c *call) story(ctx context.Context) (story string, ok bool, err error) {
	named := ""
	if o := option(c.i, storyOptionName); o != nil {
		named = o.StringValue()
	}
	story, err = c.b.storyFor(ctx, named, c.i.ChannelID)
	if errors.Is(err, qa.ErrUnknownStory) {
		return "", false, c.say(trimText(escapeMarkdown(oneLine(unknownStoryText(err))), maxContent))
	}
	if err != nil {
		return "", false, err
	}
	return story, true, nil
}

func unknownStoryText(err error) string {
	msg := err.Error()
	msg = strings.TrimSuffix(msg, ": "+qa.ErrUnknownStory.Error())
	return "Sorry, " + msg + "."
}

// ask answers question from story, or routes it when story is "".
func (b *Bot) ask(ctx context.Context, story, question string) (qa.Answer, error) {
	if story != "" {
		return b.cfg.Stories.AskStory(ctx, story, question)
	}
	return b.cfg.Answerer.Ask(ctx, question)
}

// renderAnswer is RenderAnswer naming the story answered from (and a close
// runner-up) when more than one story is loaded.
func (b *Bot) renderAnswer(ctx context.Context, ans qa.Answer) Reply {
	return b.withStoryNote(ctx, RenderAnswer(ans), ans.Story, ans.RunnerUp, "ask")
}

// withStoryNote names the story r comes from (and a close runner-up, which
// the user may verb again with the story option) above r, when more than
// one story is loaded.
func (b *Bot) withStoryNote(ctx context.Context, r Reply, story, runnerUp, verb string) Reply {
	if b.cfg.Stories == nil || story == "" {
		return r
	}
	stories, err := b.cfg.Stories.List(ctx)
	if err != nil || len(stories) < 2 {
		return r
	}
	label := func(name string) string {
		for _, s := range stories {
			if s.Name == name {
				return s.Label()
			}
		}
		return name
	}
	note := "Story: **" + escapeMarkdown(trimText(oneLine(label(story)), maxChoiceLen)) + "**"
	if runnerUp != "" {
		note += " · close runner-up: **" + escapeMarkdown(trimText(oneLine(label(runnerUp)), maxChoiceLen)) +
			"** (" + verb + " again with `story:` to choose)"
	}
	if r.Content == "" {
		r.Content = note
	} else {
		r.Content = trimText(note+"\n"+r.Content, maxContent)
	}
	return r
}

// refusedStory is what a user without Manage Server sees.
const refusedStory = "Sorry, only server managers can set a channel's story."

// storyCommand is /story set and /story clear: a channel's default story,
// for server managers.
func storyCommand() *command {
	perm := manageGuild
	return &command{
		def: &discordgo.ApplicationCommand{
			Name:                     "story",
			Type:                     discordgo.ChatApplicationCommand,
			Description:              "Choose the story this channel asks about by default (server managers)",
			DefaultMemberPermissions: &perm,
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type:        discordgo.ApplicationCommandOptionSubCommand,
					Name:        "set",
					Description: "Make a story this channel's default for /ask, /compare, /quote and /sources",
					Options:     []*discordgo.ApplicationCommandOption{storyOption("The story (suggestions as you type)", true)},
				},
				{
					Type:        discordgo.ApplicationCommandOptionSubCommand,
					Name:        "clear",
					Description: "Ask about every story again in this channel",
					Options:     []*discordgo.ApplicationCommandOption{},
				},
			},
		},
		run:          runStory,
		autocomplete: withStoryAutocomplete(nil),
	}
}

func runStory(ctx context.Context, c *call) error {
	// Discord hides the command from others, but server admins can
	// override who sees it: check again, like /reload.
	if !canManage(c.i) {
		c.b.log.Info("story set refused", "user", c.user(), "guild", c.i.GuildID)
		return c.say(refusedStory)
	}
	opts := c.i.ApplicationCommandData().Options
	if len(opts) != 1 {
		return c.say("Use `/story set story: NAME` or `/story clear`.")
	}
	sub := opts[0]
	switch sub.Name {
	case "clear":
		if err := c.b.cfg.ChannelStories.SetChannelStory(ctx, c.i.GuildID, c.i.ChannelID, "", c.user()); err != nil {
			return err
		}
		c.b.log.Info("channel story cleared", "channel", c.i.ChannelID, "user", c.user())
		return c.say("This channel asks about every story again: each question goes to the story it fits best.")
	case "set":
		named := ""
		for _, o := range sub.Options {
			if o.Name == storyOptionName {
				named = o.StringValue()
			}
		}
		s, err := c.b.cfg.Stories.Resolve(ctx, named)
		if errors.Is(err, qa.ErrUnknownStory) {
			return c.say(trimText(escapeMarkdown(oneLine(unknownStoryText(err))), maxContent))
		}
		if err != nil {
			return err
		}
		if err := c.b.cfg.ChannelStories.SetChannelStory(ctx, c.i.GuildID, c.i.ChannelID, s.Name, c.user()); err != nil {
			return err
		}
		c.b.log.Info("channel story set", "channel", c.i.ChannelID, "story", s.Name, "user", c.user())
		return c.say(trimText("This channel now asks about **"+escapeMarkdown(oneLine(s.Label()))+"** by default. "+
			"A command's `story:` option still picks another.", maxContent))
	}
	return c.say("Use `/story set story: NAME` or `/story clear`.")
}

// optionString is a top-level string option's value, "" when absent.
func optionString(i *discordgo.Interaction, name string) string {
	if o := option(i, name); o != nil {
		if s, ok := o.Value.(string); ok {
			return s
		}
	}
	return ""
}
