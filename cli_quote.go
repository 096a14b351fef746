package main

import (
	"context"
	"fmt"
	"strings"

	"storybot/qa"
)

type quoteJSON struct {
	Text      string     `json:"text"`
	Speaker   string     `json:"speaker"`
	Source    sourceJSON `json:"source"`
	Paragraph int        `json:"paragraph"`
	Sentence  int        `json:"sentence"`
}

type speakerJSON struct {
	Name    string   `json:"name"`
	Aliases []string `json:"aliases"`
	Quotes  int      `json:"quotes"`
}

func cmdQuote(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("quote", "quote [--json] [--story NAME] [--speaker NAME] [--limit N] [TOPIC...]")
	asJSON := fs.Bool("json", false, "print the quotations as JSON")
	story := fs.String("story", "", "only quotations from this story (folder name or title); default: every story")
	speaker := fs.String("speaker", "", "only quotations by this `name` (any alias or a prefix, or a job title such as \"the Mexican president\")")
	limit := fs.Int("limit", defaultQuoteLimit, "at most this many quotations")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *limit < 1 {
		return usagef("--limit must be at least 1")
	}
	if err := a.ready(ctx, a.warnStderr); err != nil {
		return err
	}
	return a.printQuotesLimit(ctx, *story, *speaker, strings.Join(fs.Args(), " "), *asJSON, *limit)
}

func (a *app) printQuotes(ctx context.Context, story, speaker, topic string, asJSON bool) error {
	return a.printQuotesLimit(ctx, story, speaker, topic, asJSON, defaultQuoteLimit)
}

const (
	// defaultQuoteLimit is how many quotations quote and chat's /quote show.
	defaultQuoteLimit = 10
	// countAhead is how many quotations past the limit are counted to say
	// how many more there are; beyond it the count says "at least".
	countAhead = 1000
)

func (a *app) printQuotesLimit(ctx context.Context, story, speaker, topic string, asJSON bool, limit int) error {
	hits, err := a.Router.QuotesStory(ctx, story, speaker, topic, limit+countAhead)
	if err != nil {
		return fmt.Errorf("find quotations: %w", err)
	}
	more := 0
	if len(hits) > limit {
		hits, more = hits[:limit], len(hits)-limit
	}
	if asJSON {
		out := struct {
			Quotes []quoteJSON `json:"quotes"`
			// More is how many further quotations match (at most
			// countAhead are counted).
			More int `json:"more"`
		}{Quotes: []quoteJSON{}, More: more}
		for _, h := range hits {
			out.Quotes = append(out.Quotes, quoteJSON{Text: h.Text, Speaker: h.Speaker,
				Source: newSourceJSON(h.Source), Paragraph: h.Paragraph, Sentence: h.Sentence})
		}
		return writeJSON(a.Stdout, out)
	}
	fmt.Fprint(a.Stdout, formatQuotes(hits, speaker, topic))
	if more > 0 {
		fmt.Fprintln(a.Stdout, moreQuotesNote(more, limit))
	}
	return nil
}

// moreQuotesNote says how many quotations were left out and how to see them.
func moreQuotesNote(more, limit int) string {
	if more >= countAhead {
		return fmt.Sprintf("… and at least %d more; use --limit N to see more.", more)
	}
	noun := "quotations"
	if more == 1 {
		noun = "quotation"
	}
	return fmt.Sprintf("… and %d more %s; use --limit %d to see them all.", more, noun, limit+more)
}

// formatQuotes renders quotations for a terminal, each with speaker and source.
func formatQuotes(hits []qa.QuoteHit, speaker, topic string) string {
	if len(hits) == 0 {
		switch {
		case speaker != "" && topic != "":
			return fmt.Sprintf("No quotation by %s about %s in the sources.\n", speaker, topic)
		case speaker != "":
			return fmt.Sprintf("No quotation by %s in the sources.\n", speaker)
		case topic != "":
			return fmt.Sprintf("No quotation about %s in the sources.\n", topic)
		}
		return "The sources quote no one.\n"
	}
	var b strings.Builder
	for _, h := range hits {
		who := h.Speaker
		if who == "" {
			who = "unattributed"
		}
		src := h.Source.Name()
		if h.Source.Title == "" && h.Source.Outlet == "" {
			src = "Untitled article (" + h.Source.File + ")"
		}
		if d := qa.ShortDate(h.Source.Published); d != "" {
			src += ", " + d
		}
		fmt.Fprintf(&b, "%s: “%s”\n    — %s, %s\n", who, h.Text, src, position(h.Paragraph, h.Sentence))
	}
	return b.String()
}

func cmdSpeakers(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("speakers", "speakers [--json] [--story NAME]")
	asJSON := fs.Bool("json", false, "print the speakers as JSON")
	story := fs.String("story", "", "only speakers quoted in this story (folder name or title)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := a.ready(ctx, a.warnStderr); err != nil {
		return err
	}
	speakers, err := a.Router.SpeakersStory(ctx, *story)
	if err != nil {
		return fmt.Errorf("list speakers: %w", err)
	}
	if *asJSON {
		out := struct {
			Speakers []speakerJSON `json:"speakers"`
		}{Speakers: []speakerJSON{}}
		for _, s := range speakers {
			out.Speakers = append(out.Speakers, speakerJSON{Name: s.Name, Aliases: nonNil(s.Aliases), Quotes: s.Quotes})
		}
		return writeJSON(a.Stdout, out)
	}
	if len(speakers) == 0 {
		fmt.Fprintln(a.Stdout, "The sources quote no one.")
	}
	for _, s := range speakers {
		fmt.Fprintf(a.Stdout, "%-40s %d\n", s.Name, s.Quotes)
	}
	return nil
}
