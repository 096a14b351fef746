package bot

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"storybot/qa"
)

const (
	// quoteLimit is how many quotations one /quote shows.
	quoteLimit = 10
	// maxChoices is Discord's cap on autocomplete choices.
	maxChoices = 25
	// maxChoiceLen is Discord's cap on a choice's name and value.
	maxChoiceLen = 100
	// autocompleteBudget keeps suggestions well inside Discord's three
	// seconds, network included.
	autocompleteBudget = 1500 * time.Millisecond
)

func quoteCommand() *command {
	return &command{
		def: &discordgo.ApplicationCommand{
			Name:        "quote",
			Type:        discordgo.ChatApplicationCommand,
			Description: "Direct quotations from the sources, by speaker and topic",
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type:         discordgo.ApplicationCommandOptionString,
					Name:         "speaker",
					Description:  "Who said it (suggestions as you type)",
					Autocomplete: true,
					MaxLength:    maxChoiceLen,
				},
				{
					Type:        discordgo.ApplicationCommandOptionString,
					Name:        "topic",
					Description: "What it was about, e.g. troops",
					MaxLength:   200,
				},
			},
		},
		run:          runQuote,
		autocomplete: suggestSpeakers,
	}
}

func runQuote(ctx context.Context, c *call) error {
	var speaker, topic string
	if o := option(c.i, "speaker"); o != nil {
		speaker = strings.TrimSpace(o.StringValue())
	}
	if o := option(c.i, "topic"); o != nil {
		topic = strings.TrimSpace(o.StringValue())
	}
	story, ok, err := c.startAnswer(ctx)
	if !ok {
		return err
	}
	r, err := c.b.renderPage(ctx, pagedQuery{kind: pagedQuotes, story: story, speaker: speaker, topic: topic}, "", 0)
	if err != nil {
		return err
	}
	return c.send(r, false)
}

// suggestSpeakers offers the speakers whose name or alias contains what the
// user typed, names that start with it first, most quoted next.
func suggestSpeakers(ctx context.Context, c *call) error {
	typed := ""
	if o := option(c.i, "speaker"); o != nil && o.Focused {
		typed = o.StringValue()
	}
	ctx, cancel := context.WithTimeout(ctx, autocompleteBudget)
	defer cancel()
	// With a story chosen, suggest its speakers only.
	story, _ := c.b.storyFor(ctx, optionString(c.i, storyOptionName), c.i.ChannelID)
	var (
		speakers []qa.Speaker
		err      error
	)
	if story != "" {
		speakers, err = c.b.cfg.Stories.SpeakersStory(ctx, story)
	} else {
		speakers, err = c.b.cfg.Answerer.Speakers(ctx)
	}
	if err != nil {
		// An empty list is better than an error the client shows as a
		// failure; the user can still type a name.
		c.b.log.Warn("list speakers for autocomplete", "err", err)
		return c.suggest(nil)
	}
	return c.suggest(speakerChoices(speakers, typed))
}

// speakerChoices ranks speakers for what the user typed and returns at most
// 25 choices, each within Discord's 100-character cap.
func speakerChoices(speakers []qa.Speaker, typed string) []*discordgo.ApplicationCommandOptionChoice {
	typed = strings.ToLower(strings.TrimSpace(typed))
	type ranked struct {
		s    qa.Speaker
		rank int // 0 prefix of the name, 1 prefix of a word or alias, 2 anywhere
	}
	var hits []ranked
	for _, s := range speakers {
		if strings.TrimSpace(s.Name) == "" {
			continue
		}
		rank := matchRank(s, typed)
		if rank < 0 {
			continue
		}
		hits = append(hits, ranked{s, rank})
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].rank != hits[j].rank {
			return hits[i].rank < hits[j].rank
		}
		if hits[i].s.Quotes != hits[j].s.Quotes {
			return hits[i].s.Quotes > hits[j].s.Quotes
		}
		return hits[i].s.Name < hits[j].s.Name
	})
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	for _, h := range hits {
		if len(choices) == maxChoices {
			break
		}
		name := string([]rune(oneLine(h.s.Name))[:min(len([]rune(oneLine(h.s.Name))), maxChoiceLen)])
		label := fmt.Sprintf("%s (%d)", name, h.s.Quotes)
		if textLen(label) > maxChoiceLen {
			label = name
		}
		choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: label, Value: name})
	}
	return choices
}

func matchRank(s qa.Speaker, typed string) int {
	if typed == "" {
		return 0
	}
	name := strings.ToLower(s.Name)
	if strings.HasPrefix(name, typed) {
		return 0
	}
	for _, w := range append(strings.Fields(name), lowerAll(s.Aliases)...) {
		if strings.HasPrefix(w, typed) {
			return 1
		}
	}
	if strings.Contains(name, typed) {
		return 2
	}
	for _, a := range lowerAll(s.Aliases) {
		if strings.Contains(a, typed) {
			return 2
		}
	}
	return -1
}

func lowerAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToLower(s)
	}
	return out
}
