package eval

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"storybot/corpus"
	"storybot/qa"
)

// LoadCorpus reads and parses the article files of a corpus folder, as the
// store would index them, in file order. It returns an error when the
// folder cannot be read, when a file in it cannot be parsed (a dev-set
// story must load whole, or its gold would silently lose a source), or
// when it holds no article.
func LoadCorpus(dir string) ([]corpus.Article, error) {
	files, _, err := corpus.ReadFiles(os.DirFS(dir))
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", dir, err)
	}
	arts := make([]corpus.Article, 0, len(files))
	for _, f := range files {
		a, err := corpus.Parse(f)
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", filepath.Join(dir, f.Name), err)
		}
		arts = append(arts, a)
	}
	if len(arts) == 0 {
		return nil, fmt.Errorf("load %s: no article files", dir)
	}
	return arts, nil
}

// HoldsGold reports whether a cited sentence holds one of a source's gold
// substrings. White space is compared loosely, since gold is typed by hand
// and articles wrap lines; case and punctuation are not, so a gold
// substring stays specific to the sentence it was copied from.
func HoldsGold(sentence string, gold []string) bool {
	s := strings.Join(strings.Fields(sentence), " ")
	for _, g := range gold {
		if g = strings.Join(strings.Fields(g), " "); g != "" && strings.Contains(s, g) {
			return true
		}
	}
	return false
}

// maxCited is how many sentences per source the baseline is taken to
// cite, the most the bot cites, so any-sentence scores compare like with
// like.
const maxCited = 3

// DevScores are one system's scores over (question, source) pairs of a dev
// set: pairs whose source answers (it has gold) and pairs whose source
// does not.
type DevScores struct {
	// FirstRight is the share of answering pairs where the first sentence
	// the system cites from the source holds gold.
	FirstRight float64 `json:"first_right"`
	// AnyRight is the share of answering pairs where any sentence it cites
	// from the source holds gold.
	AnyRight float64 `json:"any_right"`
	// SilenceRight is the share of non-answering pairs where it cites
	// nothing from the source.
	SilenceRight float64 `json:"silence_right"`
	// FalseAnswers counts the non-answering pairs where it cites something.
	FalseAnswers int `json:"false_answers"`
	// Answering and NonAnswering count the pairs of each sort.
	Answering    int `json:"answering_pairs"`
	NonAnswering int `json:"non_answering_pairs"`
}

// DevKindReport is the scores of the questions of one kind ("all" for
// every question), the bot's with the baseline's.
type DevKindReport struct {
	Kind      string `json:"kind"`
	Questions int    `json:"questions"`
	DevScores
	Baseline DevScores `json:"baseline"`
}

// DevMiss is one (question, source) pair the bot got wrong.
type DevMiss struct {
	Question string   `json:"question"`
	Kinds    []string `json:"kinds"`
	Corpus   string   `json:"corpus"`
	File     string   `json:"file"`
	// Want is the source's gold; empty when it should stay silent.
	Want []string `json:"want"`
	// Got is what the bot cited from the source, first first; empty for
	// silence.
	Got []string `json:"got"`
}

// DevReport is a dev-set run.
type DevReport struct {
	Split     string `json:"split"`
	Questions int    `json:"questions"`
	Stories   int    `json:"stories"`
	DevKindReport
	// ByKind has one entry per kind, in name order.
	ByKind []DevKindReport `json:"by_kind"`
	Misses []DevMiss       `json:"misses"`
	// Seconds is the run's wall time, engines' loading included.
	Seconds float64 `json:"seconds"`
}

type devTally struct{ first, any, silent Mean }

// add records one pair: its gold (nil when the source does not answer)
// and the sentences cited from the source, first first.
func (t *devTally) add(gold []string, cited []string) {
	if len(gold) == 0 {
		t.silent.AddBool(len(cited) == 0)
		return
	}
	t.first.AddBool(len(cited) > 0 && HoldsGold(cited[0], gold))
	t.any.AddBool(slices.ContainsFunc(cited, func(s string) bool { return HoldsGold(s, gold) }))
}

func (t devTally) scores() DevScores {
	return DevScores{FirstRight: t.first.Value(), AnyRight: t.any.Value(), SilenceRight: t.silent.Value(),
		FalseAnswers: t.silent.N - int(t.silent.Sum), Answering: t.first.N, NonAnswering: t.silent.N}
}

type devKindTally struct {
	questions int
	bot, base devTally
}

// RunDevSet asks each dev-set question of the chosen split of the engine
// for its corpus, and scores each (question, source) pair for the bot
// (Ask) and for the plain BM25 baseline (its best hits per source), over
// all questions and per kind. engineFor returns the engine for a
// question's Corpus; it is called once per corpus. Errors come from
// engineFor, from a question without gold or naming a file its corpus
// does not hold, and from the engines.
func RunDevSet(ctx context.Context, qs []GoldenQuestion, split Split, engineFor func(corpus string) (*qa.Engine, error), progress func(done, total int)) (DevReport, error) {
	start := time.Now()
	rep := DevReport{Split: split.String(), Misses: []DevMiss{}}
	var selected []GoldenQuestion
	for i, q := range qs {
		if !q.HasGold() {
			return rep, fmt.Errorf("question %d (%q): no gold: a dev set gives gold per source", i+1, q.Question)
		}
		if split == SplitAll || q.Split == split.String() {
			selected = append(selected, q)
		}
	}
	type loaded struct {
		eng  *qa.Engine
		idOf map[string]string
	}
	engines := map[string]loaded{}
	kinds := map[string]*devKindTally{}
	all := &devKindTally{}
	for i, q := range selected {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		l, ok := engines[q.Corpus]
		if !ok {
			eng, err := engineFor(q.Corpus)
			if err != nil {
				return rep, err
			}
			arts, err := eng.Index.Articles(ctx)
			if err != nil {
				return rep, fmt.Errorf("%s: list articles: %w", q.Corpus, err)
			}
			l = loaded{eng: eng, idOf: make(map[string]string, len(arts))}
			for _, a := range arts {
				l.idOf[a.File] = a.ID
			}
			engines[q.Corpus] = l
		}
		ans, err := l.eng.Ask(ctx, q.Question)
		if err != nil {
			return rep, fmt.Errorf("question %q: %w", q.Question, err)
		}
		botCited := citedBySource(ans)
		hits, err := l.eng.Baseline(ctx, q.Question, baselineDepth)
		if err != nil {
			return rep, fmt.Errorf("question %q: baseline: %w", q.Question, err)
		}
		baseCited := map[string][]string{}
		for _, h := range hits {
			if len(baseCited[h.ArticleID]) < maxCited {
				baseCited[h.ArticleID] = append(baseCited[h.ArticleID], h.Text)
			}
		}
		tallies := []*devKindTally{all}
		for _, k := range q.Kinds {
			if kinds[k] == nil {
				kinds[k] = &devKindTally{}
			}
			tallies = append(tallies, kinds[k])
		}
		for _, t := range tallies {
			t.questions++
		}
		for _, file := range sortedKeys(q.Gold) {
			id, ok := l.idOf[file]
			if !ok {
				return rep, fmt.Errorf("question %q: file %s is not in %s", q.Question, file, q.Corpus)
			}
			gold := q.Gold[file]
			for _, t := range tallies {
				t.bot.add(gold, botCited[id])
				t.base.add(gold, baseCited[id])
			}
			got := botCited[id]
			if len(gold) == 0 && len(got) > 0 || len(gold) > 0 && (len(got) == 0 || !HoldsGold(got[0], gold)) {
				rep.Misses = append(rep.Misses, DevMiss{Question: q.Question, Kinds: q.Kinds, Corpus: q.Corpus, File: file,
					Want: nonNil(gold), Got: nonNil(got)})
			}
		}
		if progress != nil {
			progress(i+1, len(selected))
		}
	}
	rep.Questions, rep.Stories = len(selected), len(engines)
	rep.DevKindReport = all.report("all")
	rep.ByKind = []DevKindReport{}
	for _, k := range sortedKeys(kinds) {
		rep.ByKind = append(rep.ByKind, kinds[k].report(k))
	}
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}

// citedBySource lists the sentences an answer cites from each source, by
// article id, first first. A source the answer names only as also
// carrying another source's sentence (a wire copy folded into one) is
// taken to cite that sentence: the reader is told it says the same.
func citedBySource(ans qa.Answer) map[string][]string {
	cited := map[string][]string{}
	for _, src := range ans.Sources {
		for _, s := range src.Sentences {
			cited[src.Source.ID] = append(cited[src.Source.ID], s.Text)
		}
	}
	folded := map[string][]string{}
	for _, src := range ans.Sources {
		for _, s := range src.Sentences {
			for _, id := range s.AlsoIn {
				if _, own := cited[id]; !own {
					folded[id] = append(folded[id], s.Text)
				}
			}
		}
	}
	for id, texts := range folded {
		cited[id] = texts
	}
	return cited
}

func (t *devKindTally) report(kind string) DevKindReport {
	return DevKindReport{Kind: kind, Questions: t.questions, DevScores: t.bot.scores(), Baseline: t.base.scores()}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
