package qa

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"storybot/corpus"
)

// errNoQuoteIndex is returned when the Engine was built without a QuoteIndex.
var errNoQuoteIndex = errors.New("quotations are not indexed: Engine.QuoteIndex is nil")

// Quotes returns the quotations said by speaker about topic, best first,
// at most limit (all when limit <= 0).
//
// speaker matches a speaker's canonical name, any name or alias the articles
// use, or the start of any of their words, case-insensitively ("sheinb",
// "white house"); "" matches everyone, including unattributed quotations.
// A job title ("the Mexican president") stands for the one person the
// sources give it, as in Ask.
// Speakers are grouped across articles, so "Sheinbaum" in one source and
// "Claudia Sheinbaum" in another are one speaker, and each hit's Speaker is
// the canonical name.
//
// topic is ranked like a question: BM25 over the quotation's analysed terms.
// Quotations sharing no term with topic are left out; a topic with no
// searchable words (empty, only stop words or punctuation) ranks nothing
// and keeps reading order. It never errors on user text. Errors come only
// from the indexes.
func (e *Engine) Quotes(ctx context.Context, speaker, topic string, limit int) ([]QuoteHit, error) {
	return consistent(ctx, syncedIndex(e.QuoteIndex, e.Index), func() ([]QuoteHit, error) {
		return e.quotes(ctx, speaker, topic, limit)
	})
}

// quotes is Quotes from whatever the indexes read meanwhile.
func (e *Engine) quotes(ctx context.Context, speaker, topic string, limit int) ([]QuoteHit, error) {
	if e.QuoteIndex == nil {
		return nil, errNoQuoteIndex
	}
	holder, err := e.speakerByTitle(ctx, speaker)
	if err != nil {
		return nil, err
	}
	if holder != "" {
		speaker = holder
	}
	if sq, ok := e.QuoteIndex.(SpeakerQuoteIndex); ok && speaker != "" && len(e.topicTerms(topic)) == 0 && e.cachedQuoteState() == nil {
		quotes, err := sq.QuotesBySpeaker(ctx, speaker, limit)
		if err != nil {
			return nil, fmt.Errorf("load quotes: %w", err)
		}
		return e.quoteHits(ctx, quotes, nil, speaker, topic)
	}
	if tq, ok := e.QuoteIndex.(TopicQuoteIndex); ok && e.cachedQuoteState() == nil {
		if terms := e.topicTerms(topic); len(terms) > 0 {
			hits, ok, err := e.storedTopicQuotes(ctx, tq, speaker, topic, terms, limit)
			if err != nil || ok {
				return hits, err
			}
		} else if speaker == "" {
			quotes, ok, err := tq.FirstQuotes(ctx, limit)
			if err != nil {
				return nil, fmt.Errorf("load quotes: %w", err)
			}
			if ok {
				return e.quoteHits(ctx, quotes, nil, speaker, topic)
			}
		}
	}
	st, err := e.quoteState(ctx)
	if err != nil {
		return nil, err
	}

	// The quotations asked for, as positions in st.quotes, in reading order.
	var picked []int32
	if speaker != "" {
		for _, g := range st.matcher.Match(speaker) {
			picked = append(picked, st.byGroup[g]...)
		}
		slices.Sort(picked)
	}
	all := speaker == ""

	var (
		order  []int32
		scores map[int32]float64
	)
	if terms := e.topicTerms(topic); len(terms) > 0 {
		qt, err := st.termIndex(ctx, e)
		if err != nil {
			return nil, err
		}
		order, scores, err = qt.rank(picked, all, terms)
		if err != nil {
			return nil, err
		}
	} else if all {
		order = make([]int32, 0, min(len(st.quotes), max(limit, 0)))
		for i := range st.quotes {
			if limit > 0 && len(order) == limit {
				break
			}
			order = append(order, int32(i))
		}
	} else {
		order = picked
	}
	if limit > 0 && len(order) > limit {
		order = order[:limit]
	}

	quotes := make([]corpus.Quote, len(order))
	hitScores := make([]float64, len(order))
	for i, p := range order {
		quotes[i], hitScores[i] = st.quotes[p], scores[p]
	}
	return e.quoteHits(ctx, quotes, hitScores, speaker, topic)
}

// quoteHits pairs quotes (with their scores; nil for none) with their
// sources. Errors come from the index.
func (e *Engine) quoteHits(ctx context.Context, quotes []corpus.Quote, scores []float64, speaker, topic string) ([]QuoteHit, error) {
	hits := make([]QuoteHit, len(quotes))
	ids := make([]string, 0, len(quotes))
	for i, q := range quotes {
		hits[i] = QuoteHit{Quote: q}
		if scores != nil {
			hits[i].Score = scores[i]
		}
		ids = append(ids, q.ArticleID)
	}
	sources, err := e.sourcesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range hits {
		hits[i].Source = sources[hits[i].ArticleID]
	}
	e.logger().Debug("find quotes", "speaker", speaker, "topic", topic, "hits", len(hits))
	return hits, nil
}

// SpeakerQuoteIndex is implemented by quote indexes that keep the speaker
// groups of all their quotations themselves, as store.DB does. An Engine
// holding no quotation state yet asks them for one speaker's quotations and
// for the speaker list, instead of reading and grouping every quotation:
// a fresh process then answers in milliseconds. The answers must be those
// the Engine would derive from Quotes.
type SpeakerQuoteIndex interface {
	QuoteIndex
	// SpeakerGroups returns corpus.Speakers of all the quotations.
	SpeakerGroups(ctx context.Context) ([]corpus.SpeakerAliases, error)
	// QuotesBySpeaker returns the quotations of the groups speaker matches
	// (corpus.SpeakerMatcher's rule), in Quotes' order, Speaker set to the
	// group's canonical name, at most limit (all when limit <= 0).
	QuotesBySpeaker(ctx context.Context, speaker string, limit int) ([]corpus.Quote, error)
}

// TopicQuoteIndex is implemented by quote indexes that keep posting lists
// of the quotations' own analysed terms (each quotation analysed in its
// article's language, by the Engine's analyzer), as store.DB does. An
// Engine holding no quotation state ranks a topic from them instead of
// reading and analysing every quotation: a fresh process answers in
// milliseconds, without holding every quotation in memory; a listing of
// everyone's quotations without a topic reads only those it returns. The
// answers must be those the Engine would derive from Quotes.
type TopicQuoteIndex interface {
	QuoteIndex
	// QuoteTerms returns the BM25 inputs of terms over the quotations of
	// the speaker groups speaker matches (SpeakerQuoteIndex's rule), or
	// over all quotations when speaker is "". ok is false when the index
	// cannot answer from stored lists (not built yet).
	QuoteTerms(ctx context.Context, speaker string, terms []string) (stats corpus.QuoteTermStats, ok bool, err error)
	// QuotesByKey returns the quotations of the given postings' keys, and
	// their keys, in Quotes' order, Speaker set to the group's canonical
	// name.
	QuotesByKey(ctx context.Context, keys []uint32) ([]corpus.Quote, []uint32, error)
	// FirstQuotes returns the first limit quotations (all when limit <=
	// 0) in Quotes' order, Speaker set to the group's canonical name; ok
	// is false when the index cannot answer so.
	FirstQuotes(ctx context.Context, limit int) (quotes []corpus.Quote, ok bool, err error)
}

// storedTopicQuotes is quotes for a topic from a TopicQuoteIndex: the
// same BM25 as quoteTerms.rank, over the stored lists. ok is false when
// the index cannot answer; then nothing was done.
func (e *Engine) storedTopicQuotes(ctx context.Context, tq TopicQuoteIndex, speaker, topic string, terms []string, limit int) (hits []QuoteHit, ok bool, err error) {
	stats, ok, err := tq.QuoteTerms(ctx, speaker, terms)
	if err != nil {
		return nil, false, fmt.Errorf("load quotation terms: %w", err)
	}
	if !ok {
		return nil, false, nil
	}
	ranked := scoreQuotePostings(stats)
	// Only the quotations scoring at least the limit-th best can be kept:
	// the rest need no sorting. A frequent word scores most quotations.
	if limit > 0 && len(ranked) > limit {
		least := kthScore(ranked, limit)
		ranked = slices.DeleteFunc(ranked, func(r scoredKey) bool { return r.score < least })
	}
	// Ties go in reading order, which only the index knows: read every
	// quotation scoring at least the last one kept.
	keys := make([]uint32, len(ranked))
	scoreOf := make(map[uint32]float64, len(ranked))
	for i, r := range ranked {
		keys[i] = r.key
		scoreOf[r.key] = r.score
	}
	quotes, qkeys, err := tq.QuotesByKey(ctx, keys)
	if err != nil {
		return nil, false, fmt.Errorf("load quotes: %w", err)
	}
	qscores := make([]float64, len(qkeys))
	for i, k := range qkeys {
		qscores[i] = scoreOf[k]
	}
	order := make([]int, len(quotes))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int { return cmpFloat(qscores[y], qscores[x]) })
	if limit > 0 && len(order) > limit {
		order = order[:limit]
	}
	picked := make([]corpus.Quote, len(order))
	hitScores := make([]float64, len(order))
	for i, j := range order {
		picked[i], hitScores[i] = quotes[j], qscores[j]
	}
	hits, err = e.quoteHits(ctx, picked, hitScores, speaker, topic)
	return hits, err == nil, err
}

// scoredKey is a quotation's key and its BM25 score.
type scoredKey struct {
	key   uint32
	score float64
}

// scoreQuotePostings is the BM25 score (as quoteTerms.rank's) of every
// quotation stats' lists name, those scoring above zero, in key order.
// The lists are each in key order, so merging them sums each quotation's
// terms in term order, as a map accumulating term by term would, without
// one entry per quotation of a frequent word.
func scoreQuotePostings(stats corpus.QuoteTermStats) []scoredKey {
	const k1, b = 1.2, 0.75
	n := float64(stats.N)
	avg := math.Max(float64(stats.Total)/math.Max(n, 1), 1)
	lists := stats.Postings
	idf := make([]float64, len(lists))
	most := 0
	for i, ps := range lists {
		d := float64(len(ps))
		idf[i] = math.Log(1 + (n-d+0.5)/(d+0.5))
		most = max(most, len(ps))
	}
	ranked := make([]scoredKey, 0, most)
	at := make([]int, len(lists))
	for {
		key, found := uint32(0), false
		for i, ps := range lists {
			if at[i] < len(ps) && (!found || ps[at[i]].Sentence < key) {
				key, found = ps[at[i]].Sentence, true
			}
		}
		if !found {
			return ranked
		}
		var score float64
		for i, ps := range lists {
			if at[i] < len(ps) && ps[at[i]].Sentence == key {
				p := ps[at[i]]
				tf := float64(p.TF)
				score += idf[i] * tf * (k1 + 1) / (tf + k1*(1-b+b*float64(p.Len)/avg))
				at[i]++
			}
		}
		if score > 0 {
			ranked = append(ranked, scoredKey{key, score})
		}
	}
}

// kthScore is the k-th highest score in ranked; 0 < k <= len(ranked).
func kthScore(ranked []scoredKey, k int) float64 {
	h := make(leastScores, 0, k)
	for _, r := range ranked {
		switch {
		case len(h) < k:
			heap.Push(&h, r.score)
		case r.score > h[0]:
			h[0] = r.score
			heap.Fix(&h, 0)
		}
	}
	return h[0]
}

// leastScores is a min-heap of scores, for kthScore.
type leastScores []float64

func (h leastScores) Len() int           { return len(h) }
func (h leastScores) Less(i, j int) bool { return h[i] < h[j] }
func (h leastScores) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *leastScores) Push(x any)        { *h = append(*h, x.(float64)) }
func (h *leastScores) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// Speakers lists everyone quoted in the sources, most quoted first, with
// the other names the articles use for them. Errors come only from the
// quote index.
func (e *Engine) Speakers(ctx context.Context) ([]Speaker, error) {
	return consistent(ctx, syncedIndex(e.QuoteIndex, e.Index), func() ([]Speaker, error) { return e.speakers(ctx) })
}

// speakers is Speakers from whatever the quote index reads meanwhile.
func (e *Engine) speakers(ctx context.Context) ([]Speaker, error) {
	if e.QuoteIndex == nil {
		return nil, errNoQuoteIndex
	}
	var groups []corpus.SpeakerAliases
	if sq, ok := e.QuoteIndex.(SpeakerQuoteIndex); ok && e.cachedQuoteState() == nil {
		var err error
		if groups, err = sq.SpeakerGroups(ctx); err != nil {
			return nil, fmt.Errorf("load speakers: %w", err)
		}
	} else {
		st, err := e.quoteState(ctx)
		if err != nil {
			return nil, err
		}
		groups = st.groups
	}
	out := make([]Speaker, 0, len(groups))
	for _, g := range groups {
		out = append(out, Speaker{Name: g.Name, Aliases: slices.Clone(g.Aliases), Quotes: g.Quotes})
	}
	return out, nil
}

// Versioned is implemented by indexes that say when their content changes,
// as store.DB and its story views do. An Engine whose QuoteIndex (and
// Index, if set) are Versioned keeps what it derives from the quotations —
// the speaker groups, the quotations' terms — until the version changes,
// instead of rebuilding it per request. Versioned indexes must be
// comparable (pointers, in practice).
type Versioned interface {
	// Version returns a number that changes whenever the content does.
	Version() uint64
}

// quoteCache holds the Engine's current *quoteState. It is an atomic.Value
// rather than a mutex so an Engine can still be copied (Router's story
// engines start as copies); a copy rebuilds its own state, since a state
// names the indexes it was built from.
type quoteCache struct{ v atomic.Value }

// quoteState is what Quotes and Speakers derive from one version of the
// quotation index.
type quoteState struct {
	quoteIndex QuoteIndex
	index      Index
	qv, iv     uint64

	quotes  []corpus.Quote // Speaker canonical
	groups  []corpus.SpeakerAliases
	matcher *corpus.SpeakerMatcher
	byGroup [][]int32 // each group's quotations, positions in quotes, ascending

	mu    sync.Mutex
	terms *quoteTerms // built on the first topic request
}

// quoteState returns the state of the indexes' current version, building
// it when the version changed or the indexes cannot say. Errors come from
// the quote index.
func (e *Engine) quoteState(ctx context.Context) (*quoteState, error) {
	cacheable, qv, iv := e.quoteVersions()
	if st := e.cachedQuoteState(); st != nil {
		return st, nil
	}
	quotes, err := e.QuoteIndex.Quotes(ctx)
	if err != nil {
		return nil, fmt.Errorf("load quotes: %w", err)
	}
	st := &quoteState{quoteIndex: e.QuoteIndex, index: e.Index, qv: qv, iv: iv}
	st.groups = corpus.Speakers(quotes)
	st.matcher = corpus.NewSpeakerMatcher(st.groups)
	group := make(map[string]int, len(st.groups)) // Quote.Speaker → group
	for i, g := range st.groups {
		for _, n := range g.Names {
			group[n] = i
		}
	}
	st.byGroup = make([][]int32, len(st.groups))
	st.quotes = make([]corpus.Quote, len(quotes))
	for i, q := range quotes {
		if q.Speaker != "" {
			g := group[q.Speaker]
			q.Speaker = st.groups[g].Name
			st.byGroup[g] = append(st.byGroup[g], int32(i))
		}
		st.quotes[i] = q
	}
	if cacheable {
		e.quoteCache.v.Store(st)
	}
	return st, nil
}

// quoteVersions says whether quotation state can be cached, and for which
// versions of the quote index and the index.
func (e *Engine) quoteVersions() (cacheable bool, qv, iv uint64) {
	qver, qok := e.QuoteIndex.(Versioned)
	iver, iok := e.Index.(Versioned)
	if !qok || (e.Index != nil && !iok) {
		return false, 0, 0
	}
	qv = qver.Version()
	if iok {
		iv = iver.Version()
	}
	return true, qv, iv
}

// cachedQuoteState returns the kept state when it is of the indexes'
// current version, else nil.
func (e *Engine) cachedQuoteState() *quoteState {
	cacheable, qv, iv := e.quoteVersions()
	if !cacheable {
		return nil
	}
	if st, ok := e.quoteCache.v.Load().(*quoteState); ok &&
		st.quoteIndex == e.QuoteIndex && st.index == e.Index && st.qv == qv && st.iv == iv {
		return st
	}
	return nil
}

// sourcesByID returns the metadata of the articles with the given ids
// (repeats allowed); none without an Index. Errors come from the index.
func (e *Engine) sourcesByID(ctx context.Context, ids []string) (map[string]corpus.Article, error) {
	out := map[string]corpus.Article{}
	if e.Index == nil || len(ids) == 0 {
		return out, nil
	}
	distinct := make([]string, 0, len(ids))
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			distinct = append(distinct, id)
		}
	}
	var (
		articles []corpus.Article
		err      error
	)
	// Past a few hundred, one pass over every article beats many IN lists.
	if len(distinct) > 1000 {
		articles, err = e.Index.Articles(ctx)
	} else {
		articles, err = e.Index.ArticlesByID(ctx, distinct)
	}
	if err != nil {
		return nil, fmt.Errorf("load articles: %w", err)
	}
	for _, a := range articles {
		a.Sentences = nil
		out[a.ID] = a
	}
	return out, nil
}

// quoteTerms indexes the quotations' analysed terms for BM25 over them.
type quoteTerms struct {
	lengths  []int32           // terms per quotation
	total    int               // all quotations' terms
	postings map[string][]byte // term → corpus.EncodePostings, Sentence = position
}

// termIndex returns the quotations' term index, analysing them (each in
// its article's language) on the first call. Errors come from the index.
func (st *quoteState) termIndex(ctx context.Context, e *Engine) (*quoteTerms, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.terms != nil {
		return st.terms, nil
	}
	lang := map[string]string{}
	if e.Index != nil {
		articles, err := e.Index.Articles(ctx)
		if err != nil {
			return nil, fmt.Errorf("load articles: %w", err)
		}
		for _, a := range articles {
			lang[a.ID] = a.Language
		}
	}
	an := e.analyzer()
	qt := &quoteTerms{lengths: make([]int32, len(st.quotes))}
	lists := map[string][]corpus.Posting{}
	var terms []string
	tf := map[string]int{}
	for i, q := range st.quotes {
		l := lang[q.ArticleID]
		if l == "" {
			l = e.language()
		}
		terms = an.AppendTerms(terms[:0], q.Text, l)
		qt.lengths[i] = int32(len(terms))
		qt.total += len(terms)
		clear(tf)
		for _, t := range terms {
			tf[t]++
		}
		for t, n := range tf {
			lists[t] = append(lists[t], corpus.Posting{Sentence: uint32(i), TF: uint16(min(n, math.MaxUint16))})
		}
	}
	qt.postings = make(map[string][]byte, len(lists))
	for t, ps := range lists {
		qt.postings[t] = corpus.EncodePostings(ps)
	}
	st.terms = qt
	return qt, nil
}

// rank scores the quotations picked (every one when all) against terms
// with BM25 over those quotations themselves (they are short, so the
// collection is the candidate set), drops those that share no term, and
// returns them best first, ties in reading order, with their scores.
func (qt *quoteTerms) rank(picked []int32, all bool, terms []string) ([]int32, map[int32]float64, error) {
	const k1, b = 1.2, 0.75
	n := float64(len(picked))
	total := 0
	if all {
		n, total = float64(len(qt.lengths)), qt.total
	} else {
		for _, p := range picked {
			total += int(qt.lengths[p])
		}
	}
	avg := math.Max(float64(total)/math.Max(n, 1), 1)
	scores := map[int32]float64{}
	var buf []corpus.Posting
	type match struct {
		pos int32
		tf  uint16
	}
	var in []match
	for _, t := range terms {
		var err error
		buf, err = corpus.AppendDecodedPostings(buf[:0], qt.postings[t])
		if err != nil {
			return nil, nil, fmt.Errorf("quotation terms %q: %w", t, err)
		}
		// The picked quotations holding t, ascending.
		in = in[:0]
		for i, j := 0, 0; i < len(buf); i++ {
			p := int32(buf[i].Sentence)
			if !all {
				for j < len(picked) && picked[j] < p {
					j++
				}
				if j == len(picked) {
					break
				}
				if picked[j] != p {
					continue
				}
			}
			in = append(in, match{p, buf[i].TF})
		}
		d := float64(len(in))
		idf := math.Log(1 + (n-d+0.5)/(d+0.5))
		for _, m := range in {
			tf := float64(m.tf)
			scores[m.pos] += idf * tf * (k1 + 1) / (tf + k1*(1-b+b*float64(qt.lengths[m.pos])/avg))
		}
	}
	order := make([]int32, 0, len(scores))
	for p, s := range scores {
		if s > 0 {
			order = append(order, p)
		}
	}
	slices.SortFunc(order, func(x, y int32) int {
		if c := cmpFloat(scores[y], scores[x]); c != 0 {
			return c
		}
		return int(x - y)
	})
	return order, scores, nil
}

// topicTerms returns the distinct analysed terms of topic.
func (e *Engine) topicTerms(topic string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range e.analyzer().Terms(topic, e.language()) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}
