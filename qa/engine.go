package qa

import (
	"context"
	"fmt"
	"log/slog"

	"slices"

	"storybot/corpus"
)

// Defaults for the Engine's tuning fields.
const (
	// DefaultCandidates is how many BM25 hits Ask considers.
	DefaultCandidates = 100
	// DefaultRerank is how many of those Ask reads and re-ranks in full.
	DefaultRerank = 30
	// DefaultMinCoverage is the share of the question's IDF mass a sentence
	// must contain to be cited.
	DefaultMinCoverage = 0.60
)

// Engine answers questions from an Index. Its fields are its dependencies;
// the zero values of the tuning fields mean the defaults. An Engine is safe
// for concurrent use when its Index is.
type Engine struct {
	Index      Index
	QuoteIndex QuoteIndex
	Analyzer   *corpus.Analyzer
	Logger     *slog.Logger

	// Language analyses questions; "" means "en".
	Language string
	// Candidates is how many BM25 hits are considered for an answer.
	Candidates int
	// Rerank is how many of the candidates are read and re-ranked.
	Rerank int
	// MinCoverage is the share of the question's IDF mass a sentence must
	// contain for its source to be cited.
	MinCoverage float64
	// Weights are the re-ranking weights; nil means DefaultWeights().
	Weights *Weights
	// Abstention says how a source is judged to have nothing to say; the
	// zero value judges as for a story (see Abstention).
	Abstention Abstention

	quoteCache  quoteCache
	reportCache reportCache
	boundsCache boundsCache
}

// NewEngine returns an Engine with default tuning. A nil logger discards.
func NewEngine(index Index, quotes QuoteIndex, analyzer *corpus.Analyzer, logger *slog.Logger) *Engine {
	return &Engine{Index: index, QuoteIndex: quotes, Analyzer: analyzer, Logger: logger}
}

func (e *Engine) logger() *slog.Logger {
	if e.Logger != nil {
		return e.Logger
	}
	return slog.New(slog.DiscardHandler)
}

func (e *Engine) analyzer() *corpus.Analyzer {
	if e.Analyzer != nil {
		return e.Analyzer
	}
	return corpus.NewAnalyzer()
}

func (e *Engine) language() string {
	if e.Language != "" {
		return e.Language
	}
	return "en"
}

func orDefault[T int | float64](v, def T) T {
	if v > 0 {
		return v
	}
	return def
}

// Ask answers question with the best sentences of each source that
// addresses it, best source first; Answer.NotFound is set when none does.
// Any text is a valid question. Errors come only from the index (and the
// context), wrapped with what was being read.
func (e *Engine) Ask(ctx context.Context, question string) (Answer, error) {
	return consistent(ctx, e.Index, func() (Answer, error) { return e.ask(ctx, question) })
}

// ask is Ask from whatever the index reads meanwhile.
func (e *Engine) ask(ctx context.Context, question string) (Answer, error) {
	ans := Answer{Question: question}
	r, err := e.retrieve(ctx, question, nil)
	if err != nil {
		return Answer{}, fmt.Errorf("ask: %w", err)
	}
	ans.Sources, err = e.foldReports(ctx, e.choose(r))
	if err != nil {
		return Answer{}, fmt.Errorf("ask: %w", err)
	}
	ans.NotFound = len(ans.Sources) == 0
	ans.Sources = citeAnswerSpans(&r, ans.Sources)
	if ans.Sources, err = e.scanAnswerSpans(ctx, &r, ans.Sources); err != nil {
		return Answer{}, fmt.Errorf("ask: %w", err)
	}
	ans.Differences, ans.Agree, ans.Agreed = differences(&r.q, ans.Sources)
	if ans.Sources, err = e.completeQuotations(ctx, &r, ans.Sources); err != nil {
		return Answer{}, fmt.Errorf("ask: %w", err)
	}
	e.logger().Debug("qa ask", "terms", r.q.terms, "expansions", len(r.qt.stems)-len(r.q.terms),
		"candidates", len(r.ranked)+len(r.rest), "reranked", len(r.ranked), "sources", len(ans.Sources))
	return ans, nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Baseline is plain BM25 over the analyzer's terms for question: every
// matching sentence scored, the best k returned, no pruning, no question
// analysis, no re-ranking. Evaluations and benchmarks measure Ask against
// it. Errors come from the index.
func (e *Engine) Baseline(ctx context.Context, question string, k int) ([]Hit, error) {
	return e.search(ctx, question, k, topKExhaustive)
}

// Search is Baseline with MaxScore pruning: the same hits, found faster.
// Errors come from the index.
func (e *Engine) Search(ctx context.Context, question string, k int) ([]Hit, error) {
	return e.search(ctx, question, k, topKMaxScore)
}

func (e *Engine) search(ctx context.Context, question string, k int, topK func([]queryTerm, float64, int) []scoredID) ([]Hit, error) {
	stems := baselineTerms(e.analyzer(), question, e.language())
	if len(stems) == 0 || k <= 0 {
		return nil, nil
	}
	stats, err := e.Index.Stats(ctx)
	if err != nil {
		return nil, fmt.Errorf("search: index stats: %w", err)
	}
	terms, err := e.loadTerms(ctx, stems, stats)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	top := topK(terms, safeAvgLen(stats), k)
	if len(top) == 0 {
		return nil, nil
	}
	ids := make([]uint32, len(top))
	for i, s := range top {
		ids[i] = s.id
	}
	sents, err := e.Index.Sentences(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("search: read sentences: %w", err)
	}
	byID := make(map[uint32]corpus.IndexedSentence, len(sents))
	for _, s := range sents {
		byID[s.ID] = s
	}
	hits := make([]Hit, 0, len(top))
	for _, s := range top {
		if sent, ok := byID[s.id]; ok {
			hits = append(hits, Hit{IndexedSentence: sent, Score: s.score})
		}
	}
	return hits, nil
}

// baselineTerms are the analyzer's distinct terms for text, capped like
// Ask's.
func baselineTerms(an *corpus.Analyzer, text, lang string) []string {
	var stems []string
	seen := make(map[string]bool)
	for _, s := range an.Terms(clipQuestion(text), lang) {
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		stems = append(stems, s)
		if len(stems) == maxQueryTerms {
			break
		}
	}
	return stems
}

// Choice of sentences per source.
const (
	maxPerSource = 3
	// closeToBest is how near a source's best an extra sentence must score
	// to be cited beside it.
	closeToBest = 0.9
)

// choose keeps the candidates that address the question, groups them by
// source, keeps each source's best one to three, marks sentences other
// sources carry too, and orders sources by their best score.
func (e *Engine) choose(r retrieval) []SourceAnswer {
	ranked, articles := r.ranked, r.articles
	sigs := make([]sentenceSig, len(ranked))
	for i := range ranked {
		sigs[i] = newSentenceSig(ranked[i].Text, ranked[i].toks)
	}

	var out []SourceAnswer
	index := make(map[string]int) // article id → position in out
	chosenSig := make(map[string][]signature)
	for i, c := range ranked {
		if !r.relevant(c) {
			continue
		}
		at, ok := index[c.ArticleID]
		if !ok {
			art, known := articles[c.ArticleID]
			if !known {
				art = corpus.Article{ID: c.ArticleID}
			}
			index[c.ArticleID] = len(out)
			out = append(out, SourceAnswer{Source: art})
			at = len(out) - 1
		} else {
			sa := out[at]
			if len(sa.Sentences) >= maxPerSource || c.score < closeToBest*sa.Sentences[0].Score {
				continue
			}
			// A source repeating itself adds nothing.
			if slices.ContainsFunc(chosenSig[c.ArticleID], func(s signature) bool { return nearDuplicate(s, sigs[i].quote) }) {
				continue
			}
		}
		chosenSig[c.ArticleID] = append(chosenSig[c.ArticleID], sigs[i].quote)
		cited := Cited{Text: c.Text, Paragraph: c.Paragraph, Sentence: c.Index, Score: c.score}
		for j, other := range ranked {
			if other.ArticleID == c.ArticleID || slices.Contains(cited.AlsoIn, other.ArticleID) {
				continue
			}
			// Only the same sentence counts: containment alone lets a
			// headline's few words "appear" in any long sentence.
			if sameSentence(sigs[i], sigs[j]) {
				cited.AlsoIn = append(cited.AlsoIn, other.ArticleID)
			}
		}
		slices.Sort(cited.AlsoIn)
		out[at].Sentences = append(out[at].Sentences, cited)
	}
	return out
}
