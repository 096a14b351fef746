package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"storybot/corpus"
	"storybot/qa"
)

// sourceJSON is the stable --json shape of a source, shared by ask, quote and
// sources.
type sourceJSON struct {
	ID        string   `json:"id"`
	File      string   `json:"file"`
	Title     string   `json:"title"`
	Outlet    string   `json:"outlet"`
	URL       string   `json:"url"`
	Published string   `json:"published"`
	Story     string   `json:"story,omitempty"`
	Language  string   `json:"language,omitempty"`
	Authors   []string `json:"authors,omitempty"`
}

func newSourceJSON(a corpus.Article) sourceJSON {
	return sourceJSON{ID: a.ID, File: a.File, Title: a.Title, Outlet: a.Outlet, URL: a.URL,
		Published: a.Published, Story: a.Story, Language: a.Language, Authors: a.Authors}
}

type citedJSON struct {
	Text      string   `json:"text"`
	Paragraph int      `json:"paragraph"`
	Sentence  int      `json:"sentence"`
	Score     float64  `json:"score"`
	AlsoIn    []string `json:"also_in"`
}

type answerJSON struct {
	Source    sourceJSON  `json:"source"`
	Sentences []citedJSON `json:"sentences"`
}

type askJSON struct {
	Question string       `json:"question"`
	Answers  []answerJSON `json:"answers"`
	NotFound bool         `json:"not_found"`
}

func newAskJSON(ans qa.Answer) askJSON {
	out := askJSON{Question: ans.Question, NotFound: ans.NotFound, Answers: []answerJSON{}}
	for _, src := range ans.Sources {
		aj := answerJSON{Source: newSourceJSON(src.Source), Sentences: []citedJSON{}}
		for _, c := range src.Sentences {
			also := c.AlsoIn
			if also == nil {
				also = []string{}
			}
			aj.Sentences = append(aj.Sentences, citedJSON{Text: c.Text, Paragraph: c.Paragraph,
				Sentence: c.Sentence, Score: c.Score, AlsoIn: also})
		}
		out.Answers = append(out.Answers, aj)
	}
	return out
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func cmdAsk(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("ask", "ask [--json] QUESTION")
	asJSON := fs.Bool("json", false, "print the answer as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	question := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if question == "" {
		return usagef("ask needs a question, e.g. storybot ask \"What did Sheinbaum say about sovereignty?\"")
	}
	if err := a.ready(ctx); err != nil {
		return err
	}
	ans, err := a.Engine.Ask(ctx, question)
	if err != nil {
		return fmt.Errorf("answer %q: %w", question, err)
	}
	if *asJSON {
		return writeJSON(a.Stdout, newAskJSON(ans))
	}
	_, err = io.WriteString(a.Stdout, formatAnswer(ans))
	return err
}

// formatAnswer renders an answer for a terminal: each source's sentences
// verbatim with their citation, or a plain statement that nothing fits.
func formatAnswer(ans qa.Answer) string {
	var b strings.Builder
	if ans.NotFound || len(ans.Sources) == 0 {
		b.WriteString("The sources don't say.\n")
		return b.String()
	}
	names := map[string]string{}
	for _, src := range ans.Sources {
		names[src.Source.ID] = src.Source.Name()
	}
	for i, src := range ans.Sources {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(citationHeader(src.Source))
		b.WriteString("\n")
		for _, c := range src.Sentences {
			fmt.Fprintf(&b, "  > %s\n    (%s)\n", c.Text, position(c.Paragraph, c.Sentence))
			if len(c.AlsoIn) > 0 {
				var others []string
				for _, id := range c.AlsoIn {
					if n, ok := names[id]; ok {
						others = append(others, n)
					} else {
						others = append(others, id)
					}
				}
				fmt.Fprintf(&b, "    also reported by %s\n", strings.Join(others, ", "))
			}
		}
	}
	return b.String()
}

// citationHeader names a source the way a reader would look it up.
func citationHeader(a corpus.Article) string {
	parts := []string{a.Name()}
	if a.Title != "" && a.Title != a.Name() {
		parts = append(parts, fmt.Sprintf("%q", a.Title))
	}
	if a.Published != "" {
		parts = append(parts, a.Published)
	}
	if a.File != a.Name() {
		parts = append(parts, a.File)
	}
	if a.URL != "" {
		parts = append(parts, a.URL)
	}
	return strings.Join(parts, " — ")
}

func position(paragraph, sentence int) string {
	if paragraph == 0 {
		return "headline"
	}
	return fmt.Sprintf("paragraph %d, sentence %d", paragraph, sentence)
}

func cmdSources(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("sources", "sources [--json]")
	asJSON := fs.Bool("json", false, "print the sources as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("sources takes no arguments")
	}
	if err := a.ready(ctx); err != nil {
		return err
	}
	articles, err := a.DB.Articles(ctx)
	if err != nil {
		return fmt.Errorf("list sources: %w", err)
	}
	if *asJSON {
		out := struct {
			Sources []sourceJSON `json:"sources"`
		}{Sources: []sourceJSON{}}
		for _, art := range articles {
			out.Sources = append(out.Sources, newSourceJSON(art))
		}
		return writeJSON(a.Stdout, out)
	}
	if len(articles) == 0 {
		fmt.Fprintln(a.Stdout, "No sources are loaded.")
		return nil
	}
	for _, art := range articles {
		fmt.Fprintln(a.Stdout, citationHeader(art))
	}
	return nil
}

type problemJSON struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

type reloadJSON struct {
	Added     []string      `json:"added"`
	Updated   []string      `json:"updated"`
	Removed   []string      `json:"removed"`
	Unchanged int           `json:"unchanged"`
	Failed    []problemJSON `json:"failed"`
	Skipped   []problemJSON `json:"skipped"`
	Sentences int           `json:"sentences"`
}

func problems(ps []corpus.FileProblem) []problemJSON {
	out := []problemJSON{}
	for _, p := range ps {
		out = append(out, problemJSON{File: p.File, Reason: p.Reason})
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func cmdReload(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("reload", "reload [--json]")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("reload takes no arguments; name the folder with --corpus")
	}
	report, err := a.reload(ctx, newProgress(a.Stderr, "indexing"))
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(a.Stdout, reloadJSON{Added: nonNil(report.Added), Updated: nonNil(report.Updated),
			Removed: nonNil(report.Removed), Unchanged: report.Unchanged, Failed: problems(report.Failed),
			Skipped: problems(report.Skipped), Sentences: report.Sentences})
	}
	_, err = io.WriteString(a.Stdout, formatReport(report))
	return err
}

// formatReport renders a reload report, naming every failed file and why.
func formatReport(r corpus.ReloadReport) string {
	var b strings.Builder
	fmt.Fprintf(&b, "added %d, updated %d, removed %d, unchanged %d, failed %d; %d sentences indexed\n",
		len(r.Added), len(r.Updated), len(r.Removed), r.Unchanged, len(r.Failed), r.Sentences)
	list := func(label string, files []string) {
		for _, f := range files {
			fmt.Fprintf(&b, "  %s %s\n", label, f)
		}
	}
	list("added  ", r.Added)
	list("updated", r.Updated)
	list("removed", r.Removed)
	for _, p := range r.Failed {
		fmt.Fprintf(&b, "  failed  %s: %s\n", p.File, p.Reason)
	}
	for _, p := range r.Skipped {
		fmt.Fprintf(&b, "  skipped %s: %s\n", p.File, p.Reason)
	}
	return b.String()
}
