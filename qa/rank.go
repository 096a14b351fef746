package qa

import (
	"context"
	"fmt"
	"slices"

	"storybot/corpus"
)

// Ranked is one retrieved sentence as Ask ranks it for a question, with
// the evidence its decision rests on. Evaluations read it; Ask does not.
type Ranked struct {
	corpus.IndexedSentence
	// BM25 is the sentence's BM25 score for the question's terms.
	BM25 float64
	// Coverage is the share of the question's IDF mass the sentence holds.
	Coverage float64
	// Score is the final re-ranking score Ask orders by; it is only set
	// when Reranked.
	Score float64
	// Reranked is false for candidates beyond the Engine's Rerank budget,
	// which Ask never reads and so never cites.
	Reranked bool
	// Relevant says the sentence passes Ask's relevance threshold: enough
	// coverage and close enough to the best sentence. Ask cites nothing
	// when no sentence is Relevant.
	Relevant bool
}

// Rank returns the sentences Ask retrieves for question, in Ask's order:
// the re-ranked ones by final score, then the other candidates in the
// order that kept them from re-ranking. limit caps how many come back;
// 0 or less means every candidate. Errors come from the index.
func (e *Engine) Rank(ctx context.Context, question string, limit int) ([]Ranked, error) {
	return e.RankWhere(ctx, question, limit, nil)
}

// RankWhere is Rank over only the sentences keep accepts (nil keeps all),
// as if the index held nothing else but with IDF and lengths from the
// whole index: an evaluation asks one document's question of an index of
// many documents this way. Errors come from the index.
func (e *Engine) RankWhere(ctx context.Context, question string, limit int, keep func(sentenceID uint32) bool) ([]Ranked, error) {
	q := analyzeQuestion(e.analyzer(), question, e.language())
	if len(q.terms) == 0 {
		return nil, nil
	}
	stats, err := e.Index.Stats(ctx)
	if err != nil {
		return nil, fmt.Errorf("rank: index stats: %w", err)
	}
	terms, err := loadTerms(ctx, e.Index, q.terms, stats)
	if err != nil {
		return nil, fmt.Errorf("rank: %w", err)
	}
	weights := coverageWeights(q, terms)
	terms = keepPostings(terms, keep)
	hits := topKMaxScore(terms, safeAvgLen(stats), orDefault(e.Candidates, DefaultCandidates))
	if len(hits) == 0 {
		return nil, nil
	}

	// From here on this mirrors Ask step by step; TestRankAgreesWithAsk
	// holds the two together.
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
	nRerank := min(len(pre), orDefault(e.Rerank, DefaultRerank))
	ids := make([]uint32, len(pre))
	for i, p := range pre {
		ids[i] = p.id
	}
	sents, err := e.Index.Sentences(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("rank: read candidate sentences: %w", err)
	}
	byID := make(map[uint32]corpus.IndexedSentence, len(sents))
	for _, s := range sents {
		byID[s.ID] = s
	}
	articles, err := e.Index.Articles(ctx)
	if err != nil {
		return nil, fmt.Errorf("rank: read articles: %w", err)
	}
	lang := make(map[string]string, len(articles))
	for _, a := range articles {
		lang[a.ID] = a.Language
	}
	maxBM25 := 0.0
	for _, p := range pre[:nRerank] {
		maxBM25 = max(maxBM25, p.score)
	}

	an := e.analyzer()
	reranked := make([]candidate, 0, nRerank)
	for _, p := range pre[:nRerank] {
		s, ok := byID[p.id]
		if !ok {
			continue
		}
		l := lang[s.ArticleID]
		if l == "" {
			l = e.language()
		}
		c := candidate{IndexedSentence: s, bm25: p.score, toks: an.Tokens(s.Text, l)}
		c.features(q, weights, maxBM25)
		reranked = append(reranked, c)
	}
	slices.SortStableFunc(reranked, func(a, b candidate) int {
		if c := cmpFloat(b.score, a.score); c != 0 {
			return c
		}
		return cmpFloat(float64(a.ID), float64(b.ID))
	})
	minCov := orDefault(e.MinCoverage, DefaultMinCoverage)
	best := 0.0
	for _, c := range reranked {
		if c.coverage >= minCov-1e-9 {
			best = c.score
			break
		}
	}
	out := make([]Ranked, 0, len(pre))
	for _, c := range reranked {
		out = append(out, Ranked{IndexedSentence: c.IndexedSentence, BM25: c.bm25, Coverage: c.coverage,
			Score: c.score, Reranked: true,
			Relevant: c.coverage >= minCov-1e-9 && c.score >= relativeToBest*best})
	}
	for _, p := range pre[nRerank:] {
		if s, ok := byID[p.id]; ok {
			out = append(out, Ranked{IndexedSentence: s, BM25: p.score, Coverage: p.coverage})
		}
	}
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// BaselineWhere is Baseline over only the sentences keep accepts (nil
// keeps all), with IDF and lengths from the whole index. Errors come from
// the index.
func (e *Engine) BaselineWhere(ctx context.Context, question string, k int, keep func(sentenceID uint32) bool) ([]Hit, error) {
	return e.search(ctx, question, k, func(terms []queryTerm, avgLen float64, k int) []scoredID {
		return topKExhaustive(keepPostings(terms, keep), avgLen, k)
	})
}

// keepPostings returns terms with only the postings keep accepts. IDF and
// the MaxScore bounds stay those of the whole index: a bound over more
// postings is still a bound.
func keepPostings(terms []queryTerm, keep func(uint32) bool) []queryTerm {
	if keep == nil {
		return terms
	}
	out := make([]queryTerm, len(terms))
	for i, t := range terms {
		t.postings = slices.DeleteFunc(slices.Clone(t.postings), func(p corpus.Posting) bool { return !keep(p.Sentence) })
		out[i] = t
	}
	return out
}
