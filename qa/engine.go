package qa

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"strings"

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
	DefaultMinCoverage = 0.55
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
	ans := Answer{Question: question}
	q := analyzeQuestion(e.analyzer(), question, e.language())
	if len(q.terms) == 0 {
		ans.NotFound = true
		return ans, nil
	}
	stats, err := e.Index.Stats(ctx)
	if err != nil {
		return Answer{}, fmt.Errorf("ask: index stats: %w", err)
	}
	terms, err := loadTerms(ctx, e.Index, q.terms, stats)
	if err != nil {
		return Answer{}, fmt.Errorf("ask: %w", err)
	}
	hits := topKMaxScore(terms, safeAvgLen(stats), orDefault(e.Candidates, DefaultCandidates))
	if len(hits) == 0 {
		ans.NotFound = true
		e.logger().Debug("qa ask", "terms", q.terms, "candidates", 0)
		return ans, nil
	}

	weights := coverageWeights(q, terms)
	// Reading and tokenising sentences is the costly step, so only the
	// candidates that cover most of the question go through it.
	pre := make([]preRanked, len(hits))
	for i, h := range hits {
		pre[i] = preRanked{scoredID: h, coverage: maskCoverage(h.mask, weights)}
	}
	slices.SortStableFunc(pre, func(a, b preRanked) int {
		if c := cmpFloat(b.coverage, a.coverage); c != 0 {
			return c
		}
		return cmpFloat(b.score, a.score)
	})
	pre = pre[:min(len(pre), orDefault(e.Rerank, DefaultRerank))]
	ids := make([]uint32, len(pre))
	for i, p := range pre {
		ids[i] = p.id
	}
	sents, err := e.Index.Sentences(ctx, ids)
	if err != nil {
		return Answer{}, fmt.Errorf("ask: read candidate sentences: %w", err)
	}
	articles, err := e.Index.Articles(ctx)
	if err != nil {
		return Answer{}, fmt.Errorf("ask: read articles: %w", err)
	}
	byID := make(map[string]corpus.Article, len(articles))
	for _, a := range articles {
		byID[a.ID] = a
	}
	bm25 := make(map[uint32]float64, len(pre))
	maxBM25 := 0.0
	for _, p := range pre {
		bm25[p.id] = p.score
		maxBM25 = max(maxBM25, p.score)
	}

	an := e.analyzer()
	ranked := make([]candidate, 0, len(sents))
	for _, s := range sents {
		lang := byID[s.ArticleID].Language
		if lang == "" {
			lang = e.language()
		}
		c := candidate{IndexedSentence: s, bm25: bm25[s.ID], toks: an.Tokens(s.Text, lang)}
		c.features(q, weights, maxBM25)
		ranked = append(ranked, c)
	}
	ans.Sources = e.choose(ranked, byID)
	ans.NotFound = len(ans.Sources) == 0
	e.logger().Debug("qa ask", "terms", q.terms, "candidates", len(hits), "reranked", len(ranked), "sources", len(ans.Sources))
	return ans, nil
}

type preRanked struct {
	scoredID
	coverage float64
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

// coverageWeights gives each query term its share of the question: its IDF
// times the question's weight for it. A term no sentence contains gets the
// mean IDF of the known terms, so one unknown word neither vetoes the
// question nor goes unnoticed; "Who won the World Cup in Mexico?" still
// fails on world, cup and won.
func coverageWeights(q question, terms []queryTerm) []float64 {
	sum, known := 0.0, 0
	for _, t := range terms {
		if t.df > 0 {
			sum += t.idf
			known++
		}
	}
	mean := 0.0
	if known > 0 {
		mean = sum / float64(known)
	}
	w := make([]float64, len(terms))
	total := 0.0
	for i, t := range terms {
		idf := t.idf
		if t.df == 0 {
			idf = mean
		}
		w[i] = idf * q.weights[i]
		total += w[i]
	}
	if total > 0 {
		for i := range w {
			w[i] /= total
		}
	}
	return w
}

func maskCoverage(mask uint64, weights []float64) float64 {
	c := 0.0
	for i, w := range weights {
		if mask&(1<<uint(i)) != 0 {
			c += w
		}
	}
	return c
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
	terms, err := loadTerms(ctx, e.Index, stems, stats)
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

// candidate is a retrieved sentence with the evidence re-ranking weighs.
type candidate struct {
	corpus.IndexedSentence
	bm25 float64
	toks []corpus.Token

	coverage float64 // share of the question's IDF mass present
	score    float64 // final rank score, 0..1 give or take penalties
}

// Re-ranking weights. Coverage dominates because it is also what the
// relevance threshold reads; BM25 breaks ties between sentences that cover
// the same terms, preferring the denser one.
const (
	wBM25      = 0.25
	wCoverage  = 0.40
	wProximity = 0.10
	wGroups    = 0.15
	wIntent    = 0.10
)

func (c *candidate) features(q question, weights []float64, maxBM25 float64) {
	termIndex := make(map[string]int, len(q.terms))
	for i, t := range q.terms {
		termIndex[t] = i
	}
	var content []string // stems of the sentence's content words, in order
	type hit struct{ pos, term int }
	var hits []hit
	var mask uint64
	quoting := strings.ContainsAny(c.Text, "\"“”«»")
	dated := false
	for _, t := range c.toks {
		w := strings.ToLower(t.Text)
		if attributionWords[w] {
			quoting = true
		}
		if dateWords[w] || hasDigit(w) {
			dated = true
		}
		if t.Stop || t.Stem == "" {
			continue
		}
		if i, ok := termIndex[t.Stem]; ok {
			hits = append(hits, hit{len(content), i})
			mask |= 1 << uint(i)
		}
		content = append(content, t.Stem)
	}
	c.coverage = maskCoverage(mask, weights)

	proximity := 0.0
	matched := popcount(mask)
	switch {
	case len(q.terms) == 1 && matched == 1:
		proximity = 1
	case matched >= 2:
		// Smallest window of content words holding every matched term.
		count := make(map[int]int)
		have, best, lo := 0, math.MaxInt, 0
		for hi := range hits {
			if count[hits[hi].term] == 0 {
				have++
			}
			count[hits[hi].term]++
			for have == matched {
				best = min(best, hits[hi].pos-hits[lo].pos+1)
				count[hits[lo].term]--
				if count[hits[lo].term] == 0 {
					have--
				}
				lo++
			}
		}
		proximity = float64(matched) / float64(best)
	}

	// A one-word name found is just a term found, which coverage counts;
	// only runs of words say something more when found verbatim.
	groups, runs := 0.0, 0
	for _, g := range q.groups {
		if len(g) < 2 {
			continue
		}
		runs++
		if containsRun(content, g) {
			groups++
		}
	}
	if runs > 0 {
		groups /= float64(runs)
	}

	intent := 0.0
	if q.says && quoting {
		intent = 1
	}
	if q.when && dated {
		intent = 1
	}

	bm := 0.0
	if maxBM25 > 0 {
		bm = c.bm25 / maxBM25
	}
	c.score = wBM25*bm + wCoverage*c.coverage + wProximity*proximity + wGroups*groups + wIntent*intent - lengthPenalty(len(content))
}

// lengthPenalty discounts fragments, which rarely answer anything, and
// run-on sentences, which match everything a little.
func lengthPenalty(contentWords int) float64 {
	switch {
	case contentWords < 3:
		return 0.15
	case contentWords < 5:
		return 0.05
	case contentWords > 80:
		return 0.2
	case contentWords > 50:
		return 0.1
	}
	return 0
}

var attributionWords = map[string]bool{
	"said": true, "says": true, "told": true, "added": true, "wrote": true, "warned": true,
	"stated": true, "statement": true, "according": true, "declared": true, "insisted": true,
	"replied": true, "responded": true, "announced": true, "asked": true,
}

var dateWords = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "january": true, "february": true, "march": true,
	"april": true, "may": true, "june": true, "july": true, "august": true, "september": true,
	"october": true, "november": true, "december": true, "yesterday": true, "today": true,
	"tomorrow": true, "week": true, "month": true, "year": true,
}

func hasDigit(s string) bool {
	return strings.ContainsAny(s, "0123456789")
}

func popcount(x uint64) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

// containsRun reports whether run occurs contiguously in seq.
func containsRun(seq, run []string) bool {
	if len(run) == 0 {
		return false
	}
outer:
	for i := 0; i+len(run) <= len(seq); i++ {
		for j, s := range run {
			if seq[i+j] != s {
				continue outer
			}
		}
		return true
	}
	return false
}

// Choice of sentences per source.
const (
	maxPerSource = 3
	// closeToBest is how near a source's best an extra sentence must score
	// to be cited beside it.
	closeToBest = 0.9
	// relativeToBest is how near the best source's score another source's
	// best must come: a source that only grazes the question is left out
	// when another answers it squarely.
	relativeToBest = 0.6
)

// choose keeps the candidates that address the question, groups them by
// source, keeps each source's best one to three, marks sentences other
// sources carry too, and orders sources by their best score.
func (e *Engine) choose(ranked []candidate, articles map[string]corpus.Article) []SourceAnswer {
	slices.SortStableFunc(ranked, func(a, b candidate) int {
		if c := cmpFloat(b.score, a.score); c != 0 {
			return c
		}
		return cmpFloat(float64(a.ID), float64(b.ID))
	})
	minCov := orDefault(e.MinCoverage, DefaultMinCoverage)
	var best float64
	for _, c := range ranked {
		if c.coverage >= minCov-1e-9 {
			best = max(best, c.score)
			break
		}
	}
	sigs := make([]signature, len(ranked))
	for i := range ranked {
		sigs[i] = quoteSignature(ranked[i].Text, ranked[i].toks)
	}

	var out []SourceAnswer
	index := make(map[string]int) // article id → position in out
	chosenSig := make(map[string][]signature)
	for i, c := range ranked {
		if c.coverage < minCov-1e-9 || c.score < relativeToBest*best {
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
			if slices.ContainsFunc(chosenSig[c.ArticleID], func(s signature) bool { return nearDuplicate(s, sigs[i]) }) {
				continue
			}
		}
		chosenSig[c.ArticleID] = append(chosenSig[c.ArticleID], sigs[i])
		cited := Cited{Text: c.Text, Paragraph: c.Paragraph, Sentence: c.Index, Score: c.score}
		for j, other := range ranked {
			if other.ArticleID == c.ArticleID || slices.Contains(cited.AlsoIn, other.ArticleID) {
				continue
			}
			if nearDuplicate(sigs[i], sigs[j]) {
				cited.AlsoIn = append(cited.AlsoIn, other.ArticleID)
			}
		}
		slices.Sort(cited.AlsoIn)
		out[at].Sentences = append(out[at].Sentences, cited)
	}
	return out
}
