package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"storybot/corpus"
	"storybot/qa"
)

// /quote and /sources show pageSize items and, when there are more, page
// buttons. A page button's custom_id is "pg:KEY:N", N the page to show and
// KEY the query in the bot's memory (a topic of 200 characters does not
// fit in 100). Pressing one updates the message in place.
const (
	pagePrefix = "pg:"
	pageSize   = quoteLimit
	// maxQuotePages bounds how many quotations /quote pages through.
	maxQuotePages = 10
)

// Kinds of paged lists.
const (
	pagedQuotes  = "quotes"
	pagedSources = "sources"
	// pagedCompare is in compare.go.
)

// pagedQuery is what a page button needs to show another page: the query
// again, answered afresh, so a reload in between shows the current corpus.
type pagedQuery struct {
	kind                  string
	story, speaker, topic string
}

// pageCount is how many pages n items fill.
func pageCount(n int) int { return (n + pageSize - 1) / pageSize }

// pageOf is the items of page (0-based, clamped to the pages there are).
func pageOf[T any](items []T, page int) ([]T, int) {
	last := max(pageCount(len(items))-1, 0)
	page = min(max(page, 0), last)
	from := page * pageSize
	return items[from:min(from+pageSize, len(items))], page
}

// withPages adds the page note and the Back / More buttons to r, page
// (0-based) of pages, when there is more than one page.
func withPages(r Reply, key string, page, pages int, more string) Reply {
	if pages < 2 {
		return r
	}
	if len(r.Embeds) == 1 && r.Embeds[0].Footer != nil {
		// The embed builder keeps room for a longer footer.
		footer := *r.Embeds[0].Footer
		footer.Text += fmt.Sprintf(" · page %d of %d", page+1, pages)
		e := *r.Embeds[0]
		e.Footer = &footer
		if withNote := (Reply{Content: r.Content, Embeds: []*discordgo.MessageEmbed{&e}}); CheckLimits(withNote) == nil {
			r.Embeds = withNote.Embeds
		}
	}
	id := func(p int) string { return pagePrefix + key + ":" + strconv.Itoa(p) }
	r.Components = append(r.Components, actionRow{Type: componentActionRow, Components: []button{
		{Type: componentButton, Style: buttonSecondary, CustomID: id(page - 1), Label: "◀ Back", Disabled: page == 0},
		{Type: componentButton, Style: buttonSecondary, CustomID: id(page + 1), Label: more + " ▶", Disabled: page >= pages-1},
	}})
	return r
}

// quotesFor runs a /quote query, up to maxQuotePages pages of it.
func (b *Bot) quotesFor(ctx context.Context, q pagedQuery) ([]qa.QuoteHit, error) {
	limit := pageSize * maxQuotePages
	if q.story != "" {
		return b.cfg.Stories.QuotesStory(ctx, q.story, q.speaker, q.topic, limit)
	}
	return b.cfg.Answerer.Quotes(ctx, q.speaker, q.topic, limit)
}

// sourcesFor lists the articles of a /sources query.
func (b *Bot) sourcesFor(ctx context.Context, q pagedQuery) ([]corpus.Article, error) {
	if q.story != "" {
		return b.cfg.Stories.ArticlesStory(ctx, q.story)
	}
	return b.cfg.Library.Articles(ctx)
}

// renderPage renders page of q's results, with its buttons under key; a
// new query is remembered first (key "").
func (b *Bot) renderPage(ctx context.Context, q pagedQuery, key string, page int) (Reply, error) {
	remember := func(n int) {
		if key == "" && pageCount(n) > 1 {
			key = b.pages.remember(q, time.Now())
		}
	}
	switch q.kind {
	case pagedCompare:
		return b.renderComparePage(ctx, q, key, page)
	case pagedQuotes:
		start := time.Now()
		hits, err := b.quotesFor(ctx, q)
		b.observeQuotes(start, hits, err)
		if err != nil {
			return Reply{}, fmt.Errorf("find quotations: %w", err)
		}
		remember(len(hits))
		shown, page := pageOf(hits, page)
		return withPages(RenderQuotes(shown, q.speaker, q.topic), key, page, pageCount(len(hits)), "More quotes"), nil
	case pagedSources:
		articles, err := b.sourcesFor(ctx, q)
		if err != nil {
			return Reply{}, fmt.Errorf("list sources: %w", err)
		}
		remember(len(articles))
		shown, page := pageOf(articles, page)
		r := RenderSources(shown)
		if len(articles) > len(shown) && len(r.Embeds) == 1 {
			// The title counts every source, not the page's.
			e := *r.Embeds[0]
			e.Title = fmt.Sprintf("Sources (%d)", len(articles))
			r.Embeds = []*discordgo.MessageEmbed{&e}
		}
		return withPages(r, key, page, pageCount(len(articles)), "More sources"), nil
	}
	return Reply{}, fmt.Errorf("unknown list %q", q.kind)
}

// runPage shows another page of a /quote, /sources or /compare reply, in place; rest
// is "KEY:N".
func (b *Bot) runPage(ctx context.Context, c *call, rest string) error {
	key, n, _ := strings.Cut(rest, ":")
	page, err := strconv.Atoi(n)
	q, ok := b.pages.recall(key, time.Now())
	if err != nil || !ok {
		return c.say("Sorry, that list is too old to page (lists can be paged for a day). Run the command again.")
	}
	r, err := b.renderPage(ctx, q, key, page)
	if err != nil {
		return err
	}
	return c.update(r)
}

// Callback types for a button press that changes the message it is on.
const (
	callbackDeferredUpdate = 6
	callbackUpdate         = 7
)

// update replaces the message whose button was pressed with r: as the
// callback when nothing was sent yet, else as an edit of that message.
func (c *call) update(r Reply) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.responded {
		if err := c.r.edit(newEditData(r)); err != nil {
			return fmt.Errorf("edit message: %w", err)
		}
		return nil
	}
	if err := c.r.respond(interactionResponse{Type: callbackUpdate, Data: newEditData(r)}); err != nil {
		return fmt.Errorf("update message: %w", err)
	}
	c.responded = true
	return nil
}

// deferComponent is the deferred response to a slow button press: a page
// button keeps its message, to be edited in place; a vote's thanks come as
// a private message.
func deferComponent(i *discordgo.Interaction) interactionResponse {
	if strings.HasPrefix(i.MessageComponentData().CustomID, pagePrefix) {
		return interactionResponse{Type: callbackDeferredUpdate}
	}
	return interactionResponse{Type: callbackDeferred, Data: deferredData{Flags: discordgo.MessageFlagsEphemeral}}
}
