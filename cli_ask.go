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
	// Source is the article cited; for a report several outlets carry
	// (a wire story), its best-ranked article, the others in CarriedBy.
	Source    sourceJSON   `json:"source"`
	Sentences []citedJSON  `json:"sentences"`
	CarriedBy []sourceJSON `json:"carried_by"`
	// Agency is the news agency the report's text credits ("AP",
	// "Reuters", "AFP"), "" when none does.
	Agency string `json:"agency"`
}

type askJSON struct {
	Question string       `json:"question"`
	Answers  []answerJSON `json:"answers"`
	NotFound bool         `json:"not_found"`
	// Story is the story answered from ("" for a flat corpus folder), and
	// RunnerUp the story that fitted nearly as well, if any.
	Story    string `json:"story"`
	RunnerUp string `json:"runner_up"`
	// Differences are the answer spans on which the cited reports
	// disagree (or a later one updates an earlier one), values oldest
	// first; empty when nothing is comparable or they agree.
	Differences []differenceJSON `json:"differences"`
	// Agree is how many reports give the same answer span, a report
	// several outlets carry counted once; 0 when nothing is comparable.
	Agree int `json:"agree"`
}

// differenceJSON is the stable --json shape of a qa.Difference (issue 16).
type differenceJSON struct {
	Kind    string                `json:"kind"`
	Values  []differenceValueJSON `json:"values"`
	Updated bool                  `json:"updated"`
}

type differenceValueJSON struct {
	Value    string                 `json:"value"`
	Source   string                 `json:"source"`
	Sentence differenceSentenceJSON `json:"sentence"`
}

type differenceSentenceJSON struct {
	Paragraph int    `json:"paragraph"`
	Sentence  int    `json:"sentence"`
	Text      string `json:"text"`
}

func newDifferencesJSON(ds []qa.Difference) []differenceJSON {
	out := []differenceJSON{}
	for _, d := range ds {
		dj := differenceJSON{Kind: d.Kind, Values: []differenceValueJSON{}, Updated: d.Updated}
		for _, v := range d.Values {
			dj.Values = append(dj.Values, differenceValueJSON{Value: v.Value, Source: v.Source,
				Sentence: differenceSentenceJSON{Paragraph: v.Paragraph, Sentence: v.Sentence, Text: v.Text}})
		}
		out = append(out, dj)
	}
	return out
}

func newAskJSON(ans qa.Answer) askJSON {
	out := askJSON{Question: ans.Question, NotFound: ans.NotFound, Answers: []answerJSON{},
		Story: ans.Story, RunnerUp: ans.RunnerUp, Differences: newDifferencesJSON(ans.Differences), Agree: ans.Agree}
	for _, src := range ans.Sources {
		aj := answerJSON{Source: newSourceJSON(src.Source), Sentences: []citedJSON{}, CarriedBy: []sourceJSON{},
			Agency: src.Agency}
		for _, a := range src.CarriedBy {
			aj.CarriedBy = append(aj.CarriedBy, newSourceJSON(a))
		}
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
	req, err := a.storyRequest(ctx, args, storyRequestForm{
		command:   "ask",
		usage:     "ask [--json] [--story NAME] QUESTION",
		jsonHelp:  "print the answer as JSON",
		storyHelp: "answer from this story (its folder name or title); default: the story the question fits best",
		missing:   "ask needs a question, e.g. storybot ask \"What did Sheinbaum say about sovereignty?\"",
	})
	if err != nil {
		return err
	}
	ans, err := a.ask(ctx, req.story, req.text)
	if err != nil {
		return err
	}
	if req.json {
		return writeJSON(a.Stdout, newAskJSON(ans))
	}
	text, err := a.formatAnswer(ctx, ans)
	if err != nil {
		return err
	}
	_, err = io.WriteString(a.Stdout, text)
	return err
}

// storyRequestForm describes a command taking [--json] [--story NAME] TEXT.
type storyRequestForm struct {
	command, usage, jsonHelp, storyHelp string
	// missing is the usage error when TEXT is empty.
	missing string
}

// storyRequestArgs are the parsed [--json] [--story NAME] TEXT.
type storyRequestArgs struct {
	json        bool
	story, text string
}

// storyRequest parses args as form describes and makes the database ready
// to answer. Errors are usage errors, or from opening or indexing the
// database.
func (a *app) storyRequest(ctx context.Context, args []string, form storyRequestForm) (storyRequestArgs, error) {
	fs := a.newFlagSet(form.command, form.usage)
	asJSON := fs.Bool("json", false, form.jsonHelp)
	story := fs.String("story", "", form.storyHelp)
	if err := parseFlags(fs, args); err != nil {
		return storyRequestArgs{}, err
	}
	text := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if text == "" {
		return storyRequestArgs{}, usagef("%s", form.missing)
	}
	if err := a.ready(ctx, a.warnStderr); err != nil {
		return storyRequestArgs{}, err
	}
	return storyRequestArgs{json: *asJSON, story: *story, text: text}, nil
}

// ask answers question from the named story, or from the story it fits
// best when story is "".
func (a *app) ask(ctx context.Context, story, question string) (qa.Answer, error) {
	var (
		ans qa.Answer
		err error
	)
	if strings.TrimSpace(story) != "" {
		ans, err = a.Router.AskStory(ctx, story, question)
	} else {
		ans, err = a.Router.Ask(ctx, question)
	}
	if err != nil {
		return qa.Answer{}, fmt.Errorf("answer %q: %w", question, err)
	}
	return ans, nil
}

// formatAnswer is the package formatAnswer, naming the story answered from
// (and a close runner-up) when more than one story is loaded.
func (a *app) formatAnswer(ctx context.Context, ans qa.Answer) (string, error) {
	stories, err := a.Router.List(ctx)
	if err != nil {
		return "", err
	}
	return storyLine(ans, stories) + formatAnswer(ans), nil
}

// storyLine names the story an answer comes from, when there are several.
func storyLine(ans qa.Answer, stories []corpus.Story) string {
	if len(stories) < 2 || (ans.Story == "" && ans.NotFound) {
		return ""
	}
	label := func(name string) string {
		for _, s := range stories {
			if s.Name == name {
				if s.Title != "" && s.Name != "" {
					return fmt.Sprintf("%s (%s)", s.Title, s.Name)
				}
				return s.Label()
			}
		}
		return name
	}
	line := "Story: " + label(ans.Story)
	if ans.RunnerUp != "" {
		line += "; close runner-up: " + label(ans.RunnerUp) + " (ask again with --story to choose)"
	}
	return line + "\n\n"
}

// formatAnswer renders an answer for a terminal: where the sources differ
// on the answer ("Sources differ: 5 (Reuters, 9 Nov) · at least 7 (BBC,
// 10 Nov)"), or how many agree, then each source named by
// outlet (or title), its date and its link on a line of its own, then its
// sentences verbatim with their positions, a quotation the sentence
// splitter cut cited whole; or a plain statement that nothing fits. For a
// question about an outcome or the present the newest report comes first
// (qa.ReadingOrder); --json keeps the engine's order.
func formatAnswer(ans qa.Answer) string {
	var b strings.Builder
	if ans.NotFound || len(ans.Sources) == 0 {
		b.WriteString("The sources don't say.\n")
		return b.String()
	}
	// Where the sources differ (or agree) comes first: it is what side
	// by side citation is for.
	notes := qa.DifferenceNotes(ans)
	for _, n := range notes {
		b.WriteString(oneLine(n.String()))
		b.WriteString("\n")
	}
	if len(notes) > 0 {
		b.WriteString("\n")
	}
	if qa.AsksForLatest(ans.Question) && len(ans.Sources) > 1 {
		b.WriteString("Newest report first.\n\n")
	}
	labels := qa.SourceLabels(ans)
	for i, src := range qa.ReadingOrder(ans) {
		if i > 0 {
			b.WriteString("\n")
		}
		carriers := map[string]bool{src.Source.ID: true}
		if len(src.CarriedBy) > 0 {
			// One report, several outlets: name them all, then where each
			// printed it; positions are those in the first.
			b.WriteString(src.Name())
			b.WriteString("\n")
			for _, a := range append([]corpus.Article{src.Source}, src.CarriedBy...) {
				carriers[a.ID] = true
				for _, l := range citationLines(a, labels[a.ID]) {
					fmt.Fprintf(&b, "  %s\n", l)
				}
			}
		} else {
			for _, l := range citationLines(src.Source, labels[src.Source.ID]) {
				fmt.Fprintf(&b, "%s\n", l)
			}
		}
		for _, p := range qa.Passages(src.Sentences) {
			writePassage(&b, p.Text, p, carriers, labels)
		}
	}
	return b.String()
}

// citationLines name a cited article the way a reader looks it up: its
// label (see qa.SourceLabels), short date and title on one line, the link
// on the next. The file name shows only when nothing else names the
// article.
func citationLines(a corpus.Article, label string) []string {
	if label == "" {
		label = a.Name()
	}
	parts := []string{label}
	if d := qa.ShortDate(a.Published); d != "" {
		parts = append(parts, d)
	}
	if a.Title != "" && !strings.Contains(label, a.Title) && !strings.Contains(label, "“") {
		parts = append(parts, "“"+oneLine(a.Title)+"”")
	}
	lines := []string{strings.Join(parts, " · ")}
	if a.URL != "" {
		lines = append(lines, oneLine(a.URL))
	}
	return lines
}

// oneLine folds newlines into spaces, so article metadata cannot break the
// layout.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// passagePosition says where a cited passage stands in its article.
func passagePosition(p qa.Passage) string {
	if p.Last > p.Sentence {
		return fmt.Sprintf("paragraph %d, sentences %d–%d", p.Paragraph, p.Sentence, p.Last)
	}
	return position(p.Paragraph, p.Sentence)
}

// citationHeader is one line naming an article for the sources list, with
// its file, so a reader can find the file to edit or remove.
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
	fs := a.newFlagSet("sources", "sources [--json] [--story NAME]")
	asJSON := fs.Bool("json", false, "print the sources as JSON")
	story := fs.String("story", "", "only this story's sources (folder name or title)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("sources takes no arguments")
	}
	if err := a.ready(ctx, a.warnStderr); err != nil {
		return err
	}
	articles, err := a.Router.ArticlesStory(ctx, *story)
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
	Story     string        `json:"story,omitempty"`
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
	fs := a.newFlagSet("reload", "reload [--json] [--story NAME] [--verify]")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	story := fs.String("story", "", "reload only this story: the `name` of its subfolder")
	verify := fs.Bool("verify", false, "then count the totals BM25 scores by from the rows; if the stored ones differ, correct them and exit 1")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("reload takes no arguments; name the folder with --corpus")
	}
	report, err := a.reloadStory(ctx, *story, newProgress(a.Stderr, "indexing"))
	if err != nil && !storiesReloaded(report) {
		return err
	}
	if err == nil {
		err = a.checkIndexed(ctx, *story, report)
	}
	// Some stories reloaded and some not: report what was done, then fail.
	if *asJSON {
		if werr := writeJSON(a.Stdout, reloadJSON{Story: *story, Added: nonNil(report.Added), Updated: nonNil(report.Updated),
			Removed: nonNil(report.Removed), Unchanged: report.Unchanged, Failed: problems(report.Failed),
			Skipped: problems(report.Skipped), Sentences: report.Sentences}); werr != nil {
			return werr
		}
	} else if _, werr := io.WriteString(a.Stdout, formatReport(report)); werr != nil {
		return werr
	}
	if err == nil && *verify {
		return a.verifyTotals(ctx)
	}
	return err
}

// checkIndexed fails a reload after which the index holds none of the
// article files the folder (or the story) holds: every one of them failed.
// Some failing is no error; the report names them.
func (a *app) checkIndexed(ctx context.Context, story string, r corpus.ReloadReport) error {
	files := len(r.Added) + len(r.Updated) + r.Unchanged + len(r.Failed)
	if files == 0 {
		return nil
	}
	indexed := 0
	stories, err := a.DB.Stories(ctx)
	if err != nil {
		return err
	}
	for _, s := range stories {
		if story == "" || s.Name == story {
			indexed += s.Articles
		}
	}
	if indexed > 0 {
		return nil
	}
	_, label, _ := a.corpusFS()
	if story != "" {
		label = fmt.Sprintf("story %q of %s", story, label)
	}
	return fmt.Errorf("none of the %d article files in %s could be indexed: see why in the report", len(r.Failed), label)
}

// verifyTotals compares the stored totals with the rows and, when they
// differ, stores the rows' totals and returns an error saying so.
func (a *app) verifyTotals(ctx context.Context) error {
	check, err := a.DB.VerifyCounters(ctx)
	if err != nil {
		return err
	}
	if check.OK() {
		fmt.Fprintf(a.Stderr, "verified: the stored totals equal the rows (%d articles, %d sentences)\n", check.Rows.Articles, check.Rows.Sentences)
		return nil
	}
	if check, err = a.DB.RepairCounters(ctx); err != nil || check.OK() {
		return err
	}
	return fmt.Errorf("the index totals were wrong (%s); corrected them from the rows", check)
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

// storiesReloaded reports whether a (merged) reload report says anything
// was looked at.
func storiesReloaded(r corpus.ReloadReport) bool {
	return r.Sentences > 0 || r.Unchanged > 0 || len(r.Added)+len(r.Updated)+len(r.Removed)+len(r.Failed)+len(r.Skipped) > 0
}

// writePassage writes one cited passage, shown as text, with its position
// and the other sources (not the report's carriers) that carry it too.
func writePassage(b *strings.Builder, text string, p qa.Passage, carriers map[string]bool, labels map[string]string) {
	fmt.Fprintf(b, "  > %s\n    (%s)\n", text, passagePosition(p))
	var others []string
	for _, id := range p.AlsoIn {
		if carriers[id] {
			continue
		}
		if n, ok := labels[id]; ok {
			others = append(others, n)
		} else {
			others = append(others, id)
		}
	}
	if len(others) > 0 {
		fmt.Fprintf(b, "    also reported by %s\n", strings.Join(others, "; "))
	}
}
