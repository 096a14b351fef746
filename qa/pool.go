package qa

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
)

// Per-source candidates in a story.
const (
	// perSourceCandidates is how many of each article's own best BM25
	// sentences are re-ranked beside the global pool: a source whose best
	// sentences score below other sources' many near-duplicates otherwise
	// never gets a candidate, and is silent or wrong.
	perSourceCandidates = 2
	// maxPoolSentences bounds the index a story's per-source pool is
	// built over: scoring every matching sentence is cheap in a story's
	// few thousand sentences, not in a whole archive.
	maxPoolSentences = 50000
)

// perSourcePool returns the candidates, best first, that give each of the
// index's articles its perSourceCandidates best sentences by coverage then
// BM25, leaving out those chosen already holds. It returns nil when the
// index is larger than a story. Errors come from the index.
func (e *Engine) perSourcePool(ctx context.Context, terms []queryTerm, qt *queryTerms, weights []float64,
	avgLen float64, sentences int, chosen []preRanked) ([]preRanked, error) {
	if sentences > maxPoolSentences {
		return nil, nil
	}
	arts, err := e.Index.Articles(ctx)
	if err != nil {
		return nil, fmt.Errorf("read articles: %w", err)
	}
	if len(arts) < 2 {
		return nil, nil
	}
	type span struct{ lo, hi uint32 }
	spans := make([]span, 0, len(arts))
	for _, a := range arts {
		if a.SentenceCount > 0 && a.FirstSentence > 0 {
			spans = append(spans, span{a.FirstSentence, a.FirstSentence + uint32(a.SentenceCount) - 1})
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.lo, b.lo) })
	articleOf := func(id uint32) int {
		i, found := slices.BinarySearchFunc(spans, id, func(s span, id uint32) int {
			switch {
			case s.hi < id:
				return -1
			case s.lo > id:
				return 1
			}
			return 0
		})
		if !found {
			return -1
		}
		return i
	}

	all := topKExhaustive(terms, avgLen, math.MaxInt)
	pre := make([]preRanked, len(all))
	for i, h := range all {
		pre[i] = preRanked{scoredID: h, coverage: qt.coverage(h.mask, weights)}
	}
	slices.SortStableFunc(pre, func(a, b preRanked) int {
		if c := cmpFloat(b.coverage, a.coverage); c != 0 {
			return c
		}
		return cmpFloat(b.score, a.score)
	})
	have := make(map[uint32]bool, len(chosen))
	for _, p := range chosen {
		have[p.id] = true
	}
	taken := make([]int, len(spans))
	var out []preRanked
	for _, p := range pre {
		a := articleOf(p.id)
		if a < 0 || taken[a] >= perSourceCandidates {
			continue
		}
		taken[a]++
		if !have[p.id] {
			out = append(out, p)
		}
	}
	return out, nil
}

// withPool returns the candidates to read, chosen then extra, and rest
// without the extra ones.
func withPool(chosen, rest, extra []preRanked) (read, left []preRanked) {
	read = append(slices.Clip(chosen), extra...)
	in := make(map[uint32]bool, len(extra))
	for _, p := range extra {
		in[p.id] = true
	}
	left = slices.DeleteFunc(slices.Clone(rest), func(p preRanked) bool { return in[p.id] })
	return read, left
}
