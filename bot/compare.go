package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"storybot/qa"
)

// Comparer sets side by side what the sources say about a topic, across
// the story it fits best or within a named one (see qa.Router.Resolve; an
// unknown story comes back wrapping qa.ErrUnknownStory). *qa.Router
// satisfies it.
type Comparer interface {
	Compare(ctx context.Context, topic string) (qa.Comparison, error)
	CompareStory(ctx context.Context, story, topic string) (qa.Comparison, error)
}

const (
	// pagedCompare is the kind of a /compare reply's pages.
	pagedCompare = "compare"
	// comparePageSize is how many reports one page of /compare shows:
	// three sentences each still fit Discord's 6000 characters.
	comparePageSize = 5
	// maxCompareNotes caps the description, which says how the sources
	// differ, so the reports keep most of the room.
	maxCompareNotes = 1200
)

// compareCommand is /compare: each source's sentences on a topic side by
// side. withStory gives it the story option.
func compareCommand(withStory bool) *command {
	c := &command{
		def: &discordgo.ApplicationCommand{
			Name:        "compare",
			Type:        discordgo.ChatApplicationCommand,
			Description: "Each source's sentences on a topic side by side, with where they differ in bold",
			Options: []*discordgo.ApplicationCommandOption{{
				Type:        discordgo.ApplicationCommandOptionString,
				Name:        "topic",
				Description: "A phrase or a question, e.g. the death toll",
				Required:    true,
				MaxLength:   maxQuestion,
			}},
		},
		run: runCompare,
	}
	if withStory {
		c.def.Options = append(c.def.Options,
			storyOption("The story to compare within (default: this channel's, else the one the topic fits best)", false))
		c.autocomplete = withStoryAutocomplete(nil)
	}
	return c
}

func runCompare(ctx context.Context, c *call) error {
	topic := strings.TrimSpace(optionString(c.i, "topic"))
	if topic == "" {
		return c.say("Name a topic, e.g. `/compare topic: the death toll`")
	}
	story, ok, err := c.startAnswer(ctx)
	if !ok {
		return err
	}
	r, err := c.b.renderPage(ctx, pagedQuery{kind: pagedCompare, story: story, topic: clampQuestion(topic)}, "", 0)
	if err != nil {
		return err
	}
	return c.send(r, false)
}

// compare runs a /compare query, counted as a question under "compare".
func (b *Bot) compare(ctx context.Context, story, topic string) (qa.Comparison, error) {
	start := time.Now()
	var (
		cmp qa.Comparison
		err error
	)
	if story != "" {
		cmp, err = b.cfg.Comparer.CompareStory(ctx, story, topic)
	} else {
		cmp, err = b.cfg.Comparer.Compare(ctx, topic)
	}
	outcome := OutcomeAnswered
	switch {
	case err != nil:
		outcome = OutcomeError
	case len(cmp.Sources) == 0:
		outcome = OutcomeSilent
	}
	b.metrics.observeQuestion("compare", outcome, time.Since(start))
	return cmp, err
}

// renderComparePage renders page (0-based) of q's comparison, with page
// buttons under key when it has more than one; a new query is remembered
// first (key "").
func (b *Bot) renderComparePage(ctx context.Context, q pagedQuery, key string, page int) (Reply, error) {
	cmp, err := b.compare(ctx, q.story, q.topic)
	if err != nil {
		return Reply{}, fmt.Errorf("compare %q: %w", q.topic, err)
	}
	pages := (len(cmp.Sources) + comparePageSize - 1) / comparePageSize
	if key == "" && pages > 1 {
		key = b.pages.remember(q, time.Now())
	}
	page = min(max(page, 0), max(pages-1, 0))
	r := renderComparison(cmp, page*comparePageSize, comparePageSize)
	r = b.withStoryNote(ctx, r, cmp.Story, cmp.RunnerUp, "compare")
	return withPages(r, key, page, pages, "More reports"), nil
}

// RenderComparison turns a comparison into one Discord message: an embed
// whose description says how the sources differ (or how many agree) and
// whose fields are the reports, oldest first, each with its sentences on
// the topic, the spans on which they differ in bold, and a citation line,
// named and trimmed as RenderAnswer names and trims answers. A comparison
// with no source becomes a plain note that none mentions the topic. The
// bot pages long comparisons; this shows as many reports as fit.
func RenderComparison(c qa.Comparison) Reply {
	return renderComparison(c, 0, len(c.Sources))
}

// renderComparison renders the n reports of c from the one at first.
func renderComparison(c qa.Comparison, first, n int) Reply {
	topic := oneLine(strings.TrimSpace(c.Topic))
	if len(c.Sources) == 0 {
		note := "No source mentions “" + escapeMarkdown(topic) + "”."
		if textLen(note) > maxContent {
			note = "No source mentions that topic."
		}
		return Reply{Content: note}
	}
	first = min(max(first, 0), len(c.Sources))
	page := c.Sources[first:min(first+max(n, 0), len(c.Sources))]

	b := newEmbedBuilder(trimText("Compare: "+topic, maxEmbedTitle))
	var notes []string
	if text := differenceText(qa.DifferenceNotes(c.Answer())); text != "" {
		notes = append(notes, text)
	}
	if note := qa.AgreeNote(c); note != "" {
		notes = append(notes, escapeMarkdown(note))
	}
	if len(c.Differences) > 0 {
		notes = append(notes, "*In **bold**: where they differ.*")
	}
	if len(notes) > 0 {
		b.e.Description = trimLines(strings.Join(notes, "\n"), maxCompareNotes)
		b.used += textLen(b.e.Description)
	}

	type planned struct {
		name, citation, value string
		lines, plain          []string
	}
	labels := qa.SourceLabels(qa.Answer{Sources: c.Sources})
	room := maxEmbedTotal - footerRoom - b.used
	var plan []planned
	for _, src := range page {
		if len(plan) == maxEmbedFields {
			break
		}
		name, citation, carriers := sourceField(src, labels)
		p := planned{name: name, citation: citation}
		for _, mp := range qa.MarkedPassages(src, c.Differences) {
			p.lines = append(p.lines, comparedLine(mp, carriers, true))
			p.plain = append(p.plain, comparedLine(mp, carriers, false))
		}
		value, ok := markedValue(p.lines, p.plain, p.citation, room-textLen(p.name), 1)
		if !ok {
			break
		}
		p.value = value
		room -= textLen(p.name) + textLen(value)
		plan = append(plan, p)
	}
	// Every report that fits gets its best sentence first; the room left
	// goes to further sentences, oldest report first.
	for i, p := range plan {
		if len(p.lines) < 2 {
			continue
		}
		value, _ := markedValue(p.lines, p.plain, p.citation, room+textLen(p.value), len(p.lines))
		room -= textLen(value) - textLen(p.value)
		plan[i].value = value
	}
	for _, p := range plan {
		b.add(p.name, p.value)
	}
	footer := fmt.Sprintf("%d %s", len(c.Sources), plural(len(c.Sources), "report", "reports"))
	if len(page) < len(c.Sources) {
		footer = fmt.Sprintf("reports %d–%d of %d", first+1, first+len(page), len(c.Sources))
	}
	if c.Dated() {
		footer += ", oldest first"
	}
	if left := len(page) - len(plan); left > 0 {
		footer += fmt.Sprintf(" · %d more left out to fit Discord's size limit", left)
	}
	return Reply{Embeds: []*discordgo.MessageEmbed{b.finish(footer)}}
}

// Stand-ins for the bold markers while the text is folded and escaped:
// private-use runes, which escaping leaves alone and articles do not use.
const (
	boldOpen  = "\uE000"
	boldClose = "\uE001"
)

// comparedLine is one cited passage as a quoted line, its marks in bold
// when marked, with its position and whether sources other than the
// report's carriers carry it too.
func comparedLine(p qa.MarkedPassage, carriers map[string]bool, marked bool) string {
	text := strings.NewReplacer(boldOpen, "", boldClose, "").Replace(p.Text)
	if marked && len(text) == len(p.Text) {
		text = qa.WithMarks(text, p.Marks, boldOpen, boldClose, nil)
	}
	text = escapeMarkdown(oneLine(clip(text)))
	if marked {
		text = strings.NewReplacer(boldOpen, "**", boldClose, "**").Replace(text)
	} else {
		text = strings.NewReplacer(boldOpen, "", boldClose, "").Replace(text)
	}
	// Bold marks the differing spans here, so the note on other
	// sources is plain.
	return quotedLine(text, p.Passage, carriers, "")
}

// markedValue is quotedValue over the marked lines, unless the first had
// to be cut inside, which could leave a bold span open: then the plain
// lines are used.
func markedValue(lines, plain []string, citation string, room, maxLines int) (string, bool) {
	value, ok := quotedValue(lines, citation, room, maxLines)
	if ok && len(lines) > 0 && !strings.HasPrefix(value, lines[0]) {
		value, ok = quotedValue(plain, citation, room, maxLines)
	}
	return value, ok
}
