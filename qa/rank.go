package qa

import (
	"context"
	"fmt"
	"slices"

	"storybot/corpus"
)

// Ranked is one retrieved sentence as Ask ranks it for a question, with
// the evidence its decision rests on. Evaluations read it; Ask and Rank
// share every step up to it (Engine.retrieve).
type Ranked struct {
	corpus.IndexedSentence
	// BM25 is the sentence's BM25 score for the question's terms.
	BM25 float64
	// Coverage is the share of the question's IDF mass the sentence holds.
	Coverage float64
	// Score is the final re-ranking score Ask orders by; it is only set
	// when Reranked.
	Score float64
	// Features are the evidence Score weighs (Weights.Score(Features) ==
	// Score), only set when Reranked; a tuner re-weighs them offline.
	Features Features
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
	r, err := e.retrieve(ctx, question, keep)
	if err != nil {
		return nil, fmt.Errorf("rank: %w", err)
	}
	out := make([]Ranked, 0, len(r.ranked)+len(r.rest))
	for _, c := range r.ranked {
		out = append(out, Ranked{IndexedSentence: c.IndexedSentence, BM25: c.bm25, Coverage: c.coverage,
			Score: c.score, Features: c.features, Reranked: true, Relevant: r.relevant(c)})
	}
	if limit > 0 && len(out) >= limit {
		return out[:limit], nil
	}
	// Ask never reads the rest; reporting them costs one more read.
	ids := make([]uint32, len(r.rest))
	for i, p := range r.rest {
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
	for _, p := range r.rest {
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
