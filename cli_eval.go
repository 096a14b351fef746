package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/term"

	"storybot/corpus"
	"storybot/qa"
	"storybot/qa/eval"
	"storybot/store"
)

const evalUsage = `eval [--json] [--split train|test|all] [--per-document] SET FILE

Sets:
  wikiqa FILE     WikiQA TSV (e.g. ../shared/data/wikiqa/WikiQA-test.tsv): rank each
                  question's candidate sentences; MAP, MRR, top-1 and answer triggering
  squad FILE      SQuAD 2.0 JSON (e.g. ../shared/data/squad/dev-v2.0-first16.json): each
                  article is one corpus; top-1 holds the answer, abstention on unanswerable
  questions FILE  the project's golden set (e.g. qa/testdata/golden.json), asked of the
                  corpus given by --corpus/--db: first sentence cited per source, or none.
                  A dev set (e.g. qa/testdata/devset.json), whose questions name their
                  story folder and give substring gold per source, is scored per kind
                  of question instead: first cited sentence right, any cited sentence
                  right, silence right, false answers; --split train|test scores the
                  half its questions are marked with
  stories DIR     news-clusters (e.g. ../shared/data/news-clusters): one story per event,
                  beside the embedded seed story, in a temporary database; questions made
                  from each article's description and title must be routed to its story.
                  --golden FILE also asks the seed's golden questions and compares each
                  answer with the seed story's alone
  differences FILE
                  the hand-judged set of issue 16 (qa/testdata/differences.json): each
                  question asked of its story folder in a temporary database; precision
                  of the differences answers report, recall on the questions where the
                  sources differ, false "differ" and agreement counted where they agree,
                  overall and per kind of answer (number, amount, date, time, place, person)

Every set but differences also scores a plain BM25 baseline over the same sentences in
the same run.
--split picks a deterministic half (WikiQA by question id, SQuAD by article, a dev set
as its file marks) so weights tuned on train can be reported on test.`

// cmdEval measures answer quality; see evalUsage.
func cmdEval(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("eval", evalUsage)
	asJSON := fs.Bool("json", false, "print the scores as one JSON object")
	splitName := fs.String("split", "all", "part of the set to score: train, test or all")
	perDoc := fs.Bool("per-document", false, "wikiqa: index each document alone instead of all in one index")
	goldenFile := fs.String("golden", "", "stories: the seed story's golden set `file`, asked beside the other stories")
	// Flags may follow the set and file, as in "eval wikiqa FILE --json".
	var pos []string
	for rest := args; ; {
		if err := parseFlags(fs, rest); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(pos) != 2 {
		return usagef("eval needs a set and a file, e.g. storybot eval wikiqa ../shared/data/wikiqa/WikiQA-test.tsv")
	}
	set, file := pos[0], pos[1]
	split, err := eval.ParseSplit(*splitName)
	if err != nil {
		return usagef("%v", err)
	}
	opt := eval.Options{
		Analyzer:    corpus.NewAnalyzer(),
		Engine:      qa.Engine{Logger: a.Logger},
		Split:       split,
		PerDocument: *perDoc,
		Progress:    a.evalProgress(),
	}
	if *goldenFile != "" && set != "stories" {
		return usagef("--golden applies to stories only")
	}
	if *perDoc && set != "wikiqa" {
		return usagef("--per-document applies to wikiqa only")
	}
	start := time.Now()
	var report any
	var text string
	switch set {
	case "wikiqa":
		qs, err := eval.ReadWikiQA(file)
		if err != nil {
			return err
		}
		rep, err := eval.RunWikiQA(ctx, qs, opt)
		if err != nil {
			return fmt.Errorf("eval wikiqa: %w", err)
		}
		report, text = rep, formatWikiQA(file, rep)
	case "squad":
		arts, err := eval.ReadSQuAD(file)
		if err != nil {
			return err
		}
		rep, err := eval.RunSQuAD(ctx, arts, opt)
		if err != nil {
			return fmt.Errorf("eval squad: %w", err)
		}
		report, text = rep, formatSQuAD(file, rep)
	case "questions":
		qs, err := eval.ReadGolden(file)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(qs, eval.GoldenQuestion.HasGold) {
			rep, err := a.evalDevSet(ctx, file, qs, split)
			if err != nil {
				return fmt.Errorf("eval questions: %w", err)
			}
			report, text = rep, formatDevSet(file, rep)
			break
		}
		if split != eval.SplitAll {
			return usagef("--split applies to wikiqa, squad and dev sets; a golden set is scored whole")
		}
		if err := a.index(ctx); err != nil {
			return err
		}
		rep, err := eval.RunGolden(ctx, a.Engine, qs)
		if err != nil {
			return fmt.Errorf("eval questions: %w", err)
		}
		report, text = rep, formatGolden(file, rep)
	case "differences":
		if split != eval.SplitAll {
			return usagef("--split does not apply to differences: the set is scored whole")
		}
		qs, err := eval.ReadDifferences(file)
		if err != nil {
			return err
		}
		rep, err := a.evalDifferences(ctx, file, qs)
		if err != nil {
			return fmt.Errorf("eval differences: %w", err)
		}
		report, text = rep, formatDifferences(file, rep)
	case "stories":
		if split != eval.SplitAll {
			return usagef("--split applies to wikiqa and squad")
		}
		rep, err := a.evalStories(ctx, file, *goldenFile)
		if err != nil {
			return fmt.Errorf("eval stories: %w", err)
		}
		report, text = rep, formatStories(file, rep)
	default:
		return usagef("unknown eval set %q: want wikiqa, squad, questions, stories or differences", set)
	}
	if *asJSON {
		return writeJSON(a.Stdout, report)
	}
	_, err = fmt.Fprintf(a.Stdout, "%stook %.1fs\n", text, time.Since(start).Seconds())
	return err
}

// evalProgress shows a bar on a terminal and nothing otherwise: a run takes
// seconds, and its log would only clutter CI output.
func (a *app) evalProgress() func(done, total int) {
	if f, ok := a.Stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return newProgress(a.Stderr, "evaluating")
	}
	return nil
}

// scoreTable renders bot and baseline side by side with their ratio, so
// each gain reads as a factor.
func scoreTable(rows [][3]any) string {
	var b strings.Builder
	fmt.Fprintf(&b, "  %-22s %8s %9s %7s\n", "", "bot", "baseline", "ratio")
	for _, r := range rows {
		name, bot, base := r[0].(string), r[1].(float64), r[2].(float64)
		ratio := "-"
		if base > 0 {
			ratio = fmt.Sprintf("%.3f", bot/base)
		}
		fmt.Fprintf(&b, "  %-22s %8.3f %9.3f %7s\n", name, bot, base, ratio)
	}
	return b.String()
}

func formatWikiQA(file string, r eval.WikiQAReport) string {
	var b strings.Builder
	fmt.Fprintf(&b, "WikiQA %s (split %s, %s index): %d questions, %d with an answer; %d documents, %d sentences\n",
		filepath.Base(file), r.Split, r.Index, r.Questions, r.WithAnswer, r.Documents, r.Sentences)
	b.WriteString(scoreTable([][3]any{
		{"MAP", r.MAP, r.Baseline.MAP},
		{"MRR", r.MRR, r.Baseline.MRR},
		{"top-1", r.Top1, r.Baseline.Top1},
		{"trigger precision", r.TriggerPrecision, r.Baseline.TriggerPrecision},
		{"trigger recall", r.TriggerRecall, r.Baseline.TriggerRecall},
		{"trigger F1", r.TriggerF1, r.Baseline.TriggerF1},
	}))
	fmt.Fprintf(&b, "  triggered on %d (bot) and %d (baseline) of %d questions\n", r.Triggered, r.Baseline.Triggered, r.Questions)
	b.WriteString("  published MAP/MRR on this set: word count 0.489/0.492, CNN-Cnt 0.652/0.665\n")
	return b.String()
}

func formatSQuAD(file string, r eval.SQuADReport) string {
	var b strings.Builder
	fmt.Fprintf(&b, "SQuAD %s (split %s): %d articles, %d sentences; %d answerable, %d unanswerable questions\n",
		filepath.Base(file), r.Split, r.Articles, r.Sentences, r.Answerable, r.Unanswerable)
	b.WriteString(scoreTable([][3]any{
		{"top-1 holds answer", r.Top1, r.Baseline.Top1},
		{"MRR", r.MRR, r.Baseline.MRR},
		{"cited correct", r.CitedCorrect, r.Baseline.CitedCorrect},
		{"abstain, unanswerable", r.AbstainUnanswerable, r.Baseline.AbstainUnanswerable},
		{"abstain, answerable", r.AbstainAnswerable, r.Baseline.AbstainAnswerable},
		{"accuracy", r.Accuracy, r.Baseline.Accuracy},
	}))
	return b.String()
}

func formatGolden(file string, r eval.GoldenReport) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Golden set %s: %d questions; %d expected sentences, %d sources expected silent, %d not-found questions\n",
		file, r.Questions, r.ExpectSentence, r.ExpectSilent, r.ExpectNotFound)
	b.WriteString(scoreTable([][3]any{
		{"first sentence right", r.Top1, r.Baseline.Top1},
		{"silent source silent", r.Silent, r.Baseline.Silent},
		{"not found", r.NotFound, r.Baseline.NotFound},
		{"accuracy", r.Accuracy, r.Baseline.Accuracy},
	}))
	for _, m := range r.Misses {
		where := m.File
		if where == "" {
			where = "any source"
		}
		want, got := m.Want, m.Got
		if want == "" {
			want = "(nothing)"
		}
		if got == "" {
			got = "(nothing)"
		}
		fmt.Fprintf(&b, "  miss: %q, %s\n    want %s\n    got  %s\n", m.Question, where, want, got)
	}
	return b.String()
}

// evalDevSet indexes each story folder the dev set's questions name
// (relative to its file) in a temporary database of its own, as the bot
// serves a story, and scores the chosen split.
func (a *app) evalDevSet(ctx context.Context, file string, qs []eval.GoldenQuestion, split eval.Split) (eval.DevReport, error) {
	engineFor, done, err := a.storyEngines(ctx, file, true)
	if err != nil {
		return eval.DevReport{}, err
	}
	defer done()
	return eval.RunDevSet(ctx, qs, split, func(story string) (*qa.Engine, error) {
		if story == "" {
			return nil, fmt.Errorf("%s: a question with gold must name its story folder in \"corpus\"", file)
		}
		return engineFor(story)
	}, a.evalProgress())
}

// storyEngines serves the story folders a set's questions name (relative
// to its file), each indexed in a temporary database of its own as the bot
// serves a story; done closes and removes them. With strict, a file that
// fails to load fails its story, since it would silently turn its gold
// into misses; otherwise it is skipped as the bot skips it (the store logs
// it).
func (a *app) storyEngines(ctx context.Context, file string, strict bool) (engineFor func(story string) (*qa.Engine, error), done func(), err error) {
	tmp, err := os.MkdirTemp("", "storybot-eval-")
	if err != nil {
		return nil, nil, err
	}
	an := corpus.NewAnalyzer()
	var dbs []*store.DB
	done = func() {
		for _, db := range dbs {
			db.Close()
		}
		os.RemoveAll(tmp)
	}
	engineFor = func(story string) (*qa.Engine, error) {
		dir := filepath.Join(filepath.Dir(file), filepath.FromSlash(story))
		db, err := store.Open(ctx, filepath.Join(tmp, fmt.Sprintf("story%d.db", len(dbs))), a.Logger, store.WithAnalyzer(an))
		if err != nil {
			return nil, err
		}
		dbs = append(dbs, db)
		rep, err := db.Reload(ctx, os.DirFS(dir), nil)
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", dir, err)
		}
		if strict && len(rep.Failed) > 0 {
			return nil, fmt.Errorf("load %s: %s: %s", dir, rep.Failed[0].File, rep.Failed[0].Reason)
		}
		return &qa.Engine{Index: db, QuoteIndex: db, Analyzer: an, Logger: a.Logger}, nil
	}
	return engineFor, done, nil
}

// formatDevSet renders a dev-set run as one table: a row per kind, the bot
// and the baseline side by side for each measure.
func formatDevSet(file string, r eval.DevReport) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Dev set %s (split %s): %d questions over %d stories; %d (question, source) pairs with an answer, %d without\n",
		filepath.Base(file), r.Split, r.Questions, r.Stories, r.Answering, r.NonAnswering)
	fmt.Fprintf(&b, "  %-13s %4s  %-13s %-13s %-13s %-11s\n", "", "", "first right", "any right", "silence right", "false answ.")
	fmt.Fprintf(&b, "  %-13s %4s  %6s %6s %6s %6s %6s %6s %5s %5s\n", "kind", "qs", "bot", "bm25", "bot", "bm25", "bot", "bm25", "bot", "bm25")
	row := func(k eval.DevKindReport) {
		pct := func(v float64, n int) string {
			if n == 0 {
				return "-"
			}
			return fmt.Sprintf("%.0f%%", 100*v)
		}
		fmt.Fprintf(&b, "  %-13s %4d  %6s %6s %6s %6s %6s %6s %5d %5d\n", k.Kind, k.Questions,
			pct(k.FirstRight, k.Answering), pct(k.Baseline.FirstRight, k.Answering),
			pct(k.AnyRight, k.Answering), pct(k.Baseline.AnyRight, k.Answering),
			pct(k.SilenceRight, k.NonAnswering), pct(k.Baseline.SilenceRight, k.NonAnswering),
			k.FalseAnswers, k.Baseline.FalseAnswers)
	}
	row(r.DevKindReport)
	for _, k := range r.ByKind {
		row(k)
	}
	fmt.Fprintf(&b, "  %d pairs missed by the bot; --json lists them\n", len(r.Misses))
	return b.String()
}

// evalDifferences indexes each story folder the differences set's
// questions name (relative to its file) in a temporary database of its
// own, as the bot serves a story, and scores the answers. A file that does
// not load is skipped as the bot skips it; the run fails only if gold
// names it.
func (a *app) evalDifferences(ctx context.Context, file string, qs []eval.DiffQuestion) (eval.DiffReport, error) {
	engineFor, done, err := a.storyEngines(ctx, file, false)
	if err != nil {
		return eval.DiffReport{}, err
	}
	defer done()
	return eval.RunDifferences(ctx, qs, engineFor, a.evalProgress())
}

// formatDifferences renders a differences run as one table, a row per
// kind of answer, with the targets beneath.
func formatDifferences(file string, r eval.DiffReport) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Differences %s: %d questions over %d stories, %d where the sources differ, %d where they agree\n",
		filepath.Base(file), r.Questions, r.Stories, r.DifferQuestions, r.AgreeQuestions)
	fmt.Fprintf(&b, "  %-7s %6s %6s %9s %10s %7s %8s %13s %12s\n",
		"kind", "differ", "agree", "reported", "precision", "recall", "updated", "false differ", "agree right")
	pct := func(v float64, n int) string {
		if n == 0 {
			return "-"
		}
		return fmt.Sprintf("%.0f%%", 100*v)
	}
	row := func(kind string, s eval.DiffScores) {
		fmt.Fprintf(&b, "  %-7s %6d %6d %9d %10s %7s %8s %13s %12s\n", kind, s.DifferQuestions, s.AgreeQuestions, s.Reported,
			pct(s.Precision, s.Reported), pct(s.Recall, s.DifferQuestions), pct(s.UpdatedRight, s.Found),
			pct(s.FalseDifferRate, s.AgreeQuestions), pct(s.AgreeRight, s.AgreeQuestions))
	}
	row("all", r.DiffScores)
	for _, k := range r.ByKind {
		row(k.Kind, k.DiffScores)
	}
	fmt.Fprintf(&b, "  targets: precision >= %.0f%%, recall >= %.0f%%, false differ <= %.0f%%; --json lists every question's verdict\n",
		100*eval.DiffTargetPrecision, 100*eval.DiffTargetRecall, 100*eval.DiffTargetFalseDiffer)
	return b.String()
}

// evalStories indexes the news-clusters folder dir as stories, beside the
// seed story, in a temporary database, and measures routing; with golden,
// it also compares the seed's answers with those of the seed alone.
func (a *app) evalStories(ctx context.Context, dir, golden string) (eval.StoriesReport, error) {
	fsys, qs, err := eval.NewsClusters(dir)
	if err != nil {
		return eval.StoriesReport{}, err
	}
	if err := eval.AddStory(fsys, eval.DefaultStory, corpus.Default()); err != nil {
		return eval.StoriesReport{}, err
	}
	tmp, err := os.MkdirTemp("", "storybot-eval-")
	if err != nil {
		return eval.StoriesReport{}, err
	}
	defer os.RemoveAll(tmp)
	an := corpus.NewAnalyzer()
	open := func(name string) (*store.DB, error) {
		return store.Open(ctx, filepath.Join(tmp, name+".db"), a.Logger, store.WithAnalyzer(an))
	}
	db, err := open("stories")
	if err != nil {
		return eval.StoriesReport{}, err
	}
	defer db.Close()
	results, err := db.ReloadStories(ctx, fsys, nil)
	if err != nil {
		return eval.StoriesReport{}, err
	}
	if _, err := mergeReloads(results); err != nil {
		return eval.StoriesReport{}, err
	}
	router := &qa.Router{Engine: &qa.Engine{Index: db, QuoteIndex: db, Analyzer: an, Logger: a.Logger}, Stories: db,
		View: func(s string) (qa.Index, qa.QuoteIndex) { v := db.Story(s); return v, v }}
	rep, err := eval.RunStories(ctx, router, qs, a.evalProgress())
	if err != nil || golden == "" {
		return rep, err
	}
	gqs, err := eval.ReadGolden(golden)
	if err != nil {
		return rep, err
	}
	seedDB, err := open("seed")
	if err != nil {
		return rep, err
	}
	defer seedDB.Close()
	if _, err := seedDB.Reload(ctx, corpus.Default(), nil); err != nil {
		return rep, err
	}
	alone := &qa.Engine{Index: seedDB, QuoteIndex: seedDB, Analyzer: an, Logger: a.Logger}
	cmp, err := eval.CompareStory(ctx, router, alone, eval.DefaultStory, eval.GoldenTexts(gqs))
	if err != nil {
		return rep, err
	}
	rep.Seed = &cmp
	return rep, nil
}

func formatStories(dir string, r eval.StoriesReport) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Stories %s: %d stories, %d articles, %d sentences; %d questions\n",
		filepath.Base(dir), r.Stories, r.Articles, r.Sentences, r.Questions)
	fmt.Fprintf(&b, "  routed to their story  %.3f (description %.3f, title %.3f)\n", r.Routed, r.ByKind["description"], r.ByKind["title"])
	fmt.Fprintf(&b, "  story or close second  %.3f\n", r.InTopTwo)
	fmt.Fprintf(&b, "  runner-up named        %.3f\n", r.Close)
	fmt.Fprintf(&b, "  sentences kept out     %.1f per question (they repeat its text)\n", r.Excluded)
	for i, m := range r.Misses {
		if i == 10 {
			fmt.Fprintf(&b, "  … and %d more misses\n", len(r.Misses)-10)
			break
		}
		fmt.Fprintf(&b, "  miss: %q\n    want %s, got %s\n", m.Question, m.Want, m.Got)
	}
	if c := r.Seed; c != nil {
		fmt.Fprintf(&b, "Story %q beside the others: %d questions; of %d it answers alone, %d routed to it, %d with the same answer; %d of %d it leaves unanswered still unanswered\n",
			c.Story, c.Questions, c.Answered, c.RoutedHome, c.Same, c.NotFoundStill, c.NotFoundAlone)
		for _, d := range c.Differ {
			fmt.Fprintf(&b, "  differs: %s\n", d)
		}
	}
	return b.String()
}
