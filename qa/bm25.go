package qa

import (
	"context"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"sync"
	"sync/atomic"

	"storybot/corpus"
)

// BM25 parameters: the usual defaults, which suit short documents such as
// sentences well enough that tuning them buys little.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// Hit is one sentence retrieved for a question, with its BM25 score.
type Hit struct {
	corpus.IndexedSentence
	Score float64
}

// queryTerm is one distinct question stem with what scoring needs.
type queryTerm struct {
	stem     string
	df       int
	idf      float64
	postings []corpus.Posting
	// upper bounds the term's score in any sentence; MaxScore skips
	// sentences that cannot reach the top k even with it.
	upper float64
}

// scoredID is a sentence id with its BM25 score and which query terms
// (bit i = terms[i]) it contains.
type scoredID struct {
	id    uint32
	score float64
	mask  uint64
}

// bm25IDF is the Lucene form of BM25's IDF, which stays positive for terms
// in more than half the sentences, so a common word never lowers a score.
// Counts are real numbers so smoothed counts can be used.
func bm25IDF(sentences, df float64) float64 {
	return math.Log(1 + (sentences-df+0.5)/(df+0.5))
}

// bm25Term is one term's BM25 contribution for one posting.
func bm25Term(idf float64, tf, length uint16, avgLen float64) float64 {
	return bm25Score(idf, tf, bm25Norm(length, avgLen))
}

// bm25Norm is the length part of bm25Term, which depends on no term.
func bm25Norm(length uint16, avgLen float64) float64 {
	return bm25K1 * (1 - bm25B + bm25B*float64(length)/avgLen)
}

func bm25Score(idf float64, tf uint16, norm float64) float64 {
	t := float64(tf)
	return idf * t * (bm25K1 + 1) / (t + norm)
}

// lengthNorms holds bm25Norm for the usual sentence lengths, so scoring a
// posting costs no division by the average length: the same values, so
// the same scores, bit for bit.
type lengthNorms struct {
	avgLen float64
	norm   [256]float64
}

func newLengthNorms(avgLen float64) *lengthNorms {
	ln := &lengthNorms{avgLen: avgLen}
	for l := range ln.norm {
		ln.norm[l] = bm25Norm(uint16(l), avgLen)
	}
	return ln
}

func (ln *lengthNorms) term(idf float64, tf, length uint16) float64 {
	if int(length) < len(ln.norm) {
		return bm25Score(idf, tf, ln.norm[length])
	}
	return bm25Score(idf, tf, bm25Norm(length, ln.avgLen))
}

// loadTerms fetches the postings of every stem and computes IDF and the
// MaxScore upper bound. Stems must be distinct.
func loadTerms(ctx context.Context, idx Index, stems []string, stats corpus.IndexStats) ([]queryTerm, error) {
	return loadTermsWith(ctx, idx, stems, stats, nil)
}

// loadTerms is loadTerms over the Engine's index, taking upper bounds
// already computed for its current version.
func (e *Engine) loadTerms(ctx context.Context, stems []string, stats corpus.IndexStats) ([]queryTerm, error) {
	return loadTermsWith(ctx, e.Index, stems, stats, e.boundsState())
}

// boundsCache holds the Engine's current *boundsState, like reportCache.
type boundsCache struct{ v atomic.Value }

// boundsState is the MaxScore upper bounds computed for one version of an
// index: a common word's list is long, and its bound took a pass over all
// of it for every question holding the word.
type boundsState struct {
	index   Index
	version uint64
	mu      sync.Mutex
	upper   map[boundKey]float64
}

// boundKey says what a bound depends on besides the list, which the index
// version fixes.
type boundKey struct {
	stem     string
	idf, avg float64
}

// maxCachedBounds bounds the bounds kept; a few hundred bytes each.
const maxCachedBounds = 16384

// boundsState returns the state for the index's current version, a fresh
// one when the version changed; nil for an index that cannot say its
// version, whose bounds are computed each time.
func (e *Engine) boundsState() *boundsState {
	v, ok := e.Index.(Versioned)
	if !ok {
		return nil
	}
	ver := v.Version()
	if st, ok := e.boundsCache.v.Load().(*boundsState); ok && st.index == e.Index && st.version == ver {
		return st
	}
	st := &boundsState{index: e.Index, version: ver, upper: map[boundKey]float64{}}
	e.boundsCache.v.Store(st)
	return st
}

// loadTermsWith is loadTerms, keeping the bounds in st unless it is nil.
func loadTermsWith(ctx context.Context, idx Index, stems []string, stats corpus.IndexStats, st *boundsState) ([]queryTerm, error) {
	avg := safeAvgLen(stats)
	terms := make([]queryTerm, len(stems))
	for i, stem := range stems {
		postings, err := idx.Postings(ctx, stem)
		if err != nil {
			return nil, fmt.Errorf("postings of %q: %w", stem, err)
		}
		n := max(stats.Sentences, len(postings))
		t := queryTerm{stem: stem, df: len(postings), postings: postings}
		t.idf = bm25IDF(float64(n), float64(t.df))
		if len(postings) > 0 {
			t.upper = st.bound(boundKey{stem, t.idf, avg}, postings)
		}
		terms[i] = t
	}
	return terms, nil
}

// bound returns maxImpact of the list, kept by key when st is not nil.
func (st *boundsState) bound(k boundKey, postings []corpus.Posting) float64 {
	if st == nil {
		return maxImpact(k.idf, postings, k.avg)
	}
	st.mu.Lock()
	u, ok := st.upper[k]
	st.mu.Unlock()
	if ok {
		return u
	}
	u = maxImpact(k.idf, postings, k.avg)
	st.mu.Lock()
	if len(st.upper) >= maxCachedBounds {
		clear(st.upper)
	}
	st.upper[k] = u
	st.mu.Unlock()
	return u
}

// maxImpact is the highest score any posting of the list gives, the
// tightest bound MaxScore can use: the lower the bounds, the sooner a term
// stops generating candidates. A score rises with tf and falls with
// length, so only each tf's shortest sentence can hold the maximum.
func maxImpact(idf float64, postings []corpus.Posting, avgLen float64) float64 {
	const small = 8
	var minLen [small]uint16 // by tf
	for i := range minLen {
		minLen[i] = math.MaxUint16
	}
	seen := uint32(0) // bit tf: some posting has that tf
	best := 0.0
	for _, p := range postings {
		if p.TF < small {
			minLen[p.TF] = min(minLen[p.TF], p.Len)
			seen |= 1 << p.TF
			continue
		}
		best = max(best, bm25Term(idf, p.TF, p.Len, avgLen))
	}
	for tf := uint16(0); tf < small; tf++ {
		if seen&(1<<tf) != 0 {
			best = max(best, bm25Term(idf, tf, minLen[tf], avgLen))
		}
	}
	return best
}

func safeAvgLen(stats corpus.IndexStats) float64 {
	if stats.AvgLen > 0 && !math.IsNaN(stats.AvgLen) && !math.IsInf(stats.AvgLen, 0) {
		return stats.AvgLen
	}
	return 1
}

// better reports whether a ranks above b: higher score first, then lower
// sentence id, so rankings are total and reproducible.
func better(a, b scoredID) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return a.id < b.id
}

// compareScored orders scoredIDs best first, as better does.
func compareScored(a, b scoredID) int {
	if better(a, b) {
		return -1
	}
	if better(b, a) {
		return 1
	}
	return 0
}

// topKExhaustive scores every sentence containing any term and keeps the
// best k. It is the reference the pruned search must agree with.
func topKExhaustive(terms []queryTerm, avgLen float64, k int) []scoredID {
	if k <= 0 {
		return nil
	}
	acc := make(map[uint32]*scoredID)
	// Terms are added in query order so every sentence's sum is rounded
	// exactly as topKMaxScore rounds it.
	for i, t := range terms {
		for _, p := range t.postings {
			s := acc[p.Sentence]
			if s == nil {
				s = &scoredID{id: p.Sentence}
				acc[p.Sentence] = s
			}
			s.score += bm25Term(t.idf, p.TF, p.Len, avgLen)
			s.mask |= 1 << uint(i)
		}
	}
	all := make([]scoredID, 0, len(acc))
	for _, s := range acc {
		all = append(all, *s)
	}
	slices.SortFunc(all, compareScored)
	if len(all) > k {
		all = all[:k]
	}
	return all
}

// topKMaxScore returns the same k sentences as topKExhaustive, document at
// a time over the id-ordered posting lists, with MaxScore pruning: terms
// whose upper bounds together cannot lift a sentence into the top k stop
// generating candidates and are only probed for candidates that still can.
func topKMaxScore(terms []queryTerm, avgLen float64, k int) []scoredID {
	if k <= 0 || len(terms) == 0 {
		return nil
	}
	// order holds term indexes by rising upper bound; cum[i] is the bound
	// of a sentence holding only terms order[0..i].
	order := make([]int, len(terms))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case terms[a].upper < terms[b].upper:
			return -1
		case terms[a].upper > terms[b].upper:
			return 1
		}
		return 0
	})
	cum := make([]float64, len(order))
	// cursors[i] walks the list of terms[order[i]]; kept together so the
	// loops below read one array, not three.
	type cursor struct {
		pl   []corpus.Posting
		pos  int
		term int
		idf  float64
	}
	cursors := make([]cursor, len(order))
	for i, t := range order {
		cum[i] = terms[t].upper
		if i > 0 {
			cum[i] += cum[i-1]
		}
		cursors[i] = cursor{pl: terms[t].postings, term: t, idf: terms[t].idf}
	}
	norms := newLengthNorms(avgLen)
	contrib := make([]float64, len(terms))
	top := make(topHeap, 0, k)
	theta := math.Inf(-1) // score to beat once the heap is full
	// cannot reports whether a bound is certainly too low to enter the
	// top k; the margin keeps rounding differences from pruning a sentence
	// that ties the exact score.
	cannot := func(bound float64) bool {
		return len(top) == k && bound < theta-1e-9*math.Abs(theta)
	}
	// nextDoc is the least sentence the essential lists are at, found
	// while they are advanced past the current one; found says whether
	// any is left. It is walked again only when the essential lists change.
	firstEssential := 0
	nextDoc, found := uint32(math.MaxUint32), false
	for i := range cursors {
		if c := &cursors[i]; c.pos < len(c.pl) && c.pl[c.pos].Sentence <= nextDoc {
			nextDoc, found = c.pl[c.pos].Sentence, true
		}
	}
	for found {
		doc := nextDoc
		nextDoc, found = uint32(math.MaxUint32), false
		var mask uint64
		partial := 0.0
		for i := firstEssential; i < len(cursors); i++ {
			c := &cursors[i]
			if c.pos >= len(c.pl) {
				continue
			}
			p := c.pl[c.pos]
			if p.Sentence == doc {
				v := norms.term(c.idf, p.TF, p.Len)
				contrib[c.term] = v
				partial += v
				mask |= 1 << uint(c.term)
				c.pos++
				if c.pos >= len(c.pl) {
					continue
				}
				p = c.pl[c.pos]
			}
			if p.Sentence <= nextDoc {
				nextDoc, found = p.Sentence, true
			}
		}
		pruned := false
		for i := firstEssential - 1; i >= 0; i-- {
			if cannot(partial + cum[i]) {
				pruned = true
				break
			}
			c := &cursors[i]
			c.pos = seek(c.pl, c.pos, doc)
			if c.pos < len(c.pl) && c.pl[c.pos].Sentence == doc {
				p := c.pl[c.pos]
				v := norms.term(c.idf, p.TF, p.Len)
				contrib[c.term] = v
				partial += v
				mask |= 1 << uint(c.term)
				c.pos++
			}
		}
		if pruned {
			continue
		}
		// Summed in term order, as topKExhaustive sums, so equal sets of
		// terms give bit-equal scores.
		exact := 0.0
		for m := mask; m != 0; m &= m - 1 {
			exact += contrib[bits.TrailingZeros64(m)]
		}
		cand := scoredID{id: doc, score: exact, mask: mask}
		if len(top) < k {
			top.push(cand)
		} else if better(cand, top[0]) {
			top.replaceWorst(cand)
		}
		if len(top) == k {
			theta = top[0].score
			was := firstEssential
			for firstEssential < len(cursors) && cannot(cum[firstEssential]) {
				firstEssential++
			}
			if firstEssential != was {
				nextDoc, found = uint32(math.MaxUint32), false
				for i := firstEssential; i < len(cursors); i++ {
					if c := &cursors[i]; c.pos < len(c.pl) && c.pl[c.pos].Sentence <= nextDoc {
						nextDoc, found = c.pl[c.pos].Sentence, true
					}
				}
			}
		}
	}
	out := []scoredID(top)
	slices.SortFunc(out, compareScored)
	return out
}

// seek returns the first index at or after from whose sentence is at least
// doc, galloping because probed lists are often long and the target near.
func seek(pl []corpus.Posting, from int, doc uint32) int {
	if from >= len(pl) || pl[from].Sentence >= doc {
		return from
	}
	lo, step := from, 1
	hi := from + step
	for hi < len(pl) && pl[hi].Sentence < doc {
		lo = hi
		step *= 2
		hi = from + step
	}
	hi = min(hi, len(pl))
	// pl[lo] < doc; find the first >= doc in (lo, hi].
	i, _ := slices.BinarySearchFunc(pl[lo+1:hi], doc, func(p corpus.Posting, d uint32) int {
		switch {
		case p.Sentence < d:
			return -1
		case p.Sentence > d:
			return 1
		}
		return 0
	})
	return lo + 1 + i
}

// topHeap is a min-heap by rank: top[0] is the worst of the kept sentences.
type topHeap []scoredID

func (h *topHeap) push(s scoredID) {
	*h = append(*h, s)
	a := *h
	i := len(a) - 1
	for i > 0 {
		parent := (i - 1) / 2
		if !better(a[parent], a[i]) {
			break
		}
		a[parent], a[i] = a[i], a[parent]
		i = parent
	}
}

func (h topHeap) replaceWorst(s scoredID) {
	h[0] = s
	i := 0
	for {
		l, r, worst := 2*i+1, 2*i+2, i
		if l < len(h) && better(h[worst], h[l]) {
			worst = l
		}
		if r < len(h) && better(h[worst], h[r]) {
			worst = r
		}
		if worst == i {
			return
		}
		h[i], h[worst] = h[worst], h[i]
		i = worst
	}
}
