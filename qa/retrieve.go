package qa

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"storybot/corpus"
)

// candidate is a retrieved sentence with the evidence re-ranking weighs.
type candidate struct {
	corpus.IndexedSentence
	bm25 float64
	toks []corpus.Token

	mask     uint64   // which query terms (originals and expansions) it holds
	coverage float64  // share of the question's IDF mass present
	features Features // evidence, weighed by Weights
	// typedNear is set when the sentence holds the kind of answer asked
	// for, a figure or date within typedWindow tokens of a question word.
	typedNear bool
	score     float64 // final rank score
}

// preRanked is a BM25 hit with the coverage its term mask implies, known
// before the sentence is read.
type preRanked struct {
	scoredID
	coverage float64
}

// queryTerms are the stems searched for a question: its own terms (slots
// 0..n-1, factor 1) and then expansions of them — derived forms and
// synonyms — each standing for its slot at a discount.
type queryTerms struct {
	stems  []string
	slot   []int
	factor []float64
	index  map[string]int // stem → position in stems
	// also are further slots a stem stands for, as a bit mask, or nil
	// when no stem has any: the name resolving "the Mexican president"
	// stands for "Mexican" as well as "president".
	also []uint64
	// compounds are question words searched as two adjacent words
	// ("airline" as "Air Lines"); see addCompounds.
	compounds []compound
}

// addFor adds stem as standing for slot at factor, and for the slots in
// the mask also at the same factor, unless it is already there or the
// terms are full.
func (qt *queryTerms) addFor(stem string, slot int, factor float64, also uint64) {
	if _, ok := qt.index[stem]; ok || len(qt.stems) >= maxSearchTerms {
		return
	}
	qt.index[stem] = len(qt.stems)
	qt.stems = append(qt.stems, stem)
	qt.slot = append(qt.slot, slot)
	qt.factor = append(qt.factor, factor)
	if also != 0 && qt.also == nil {
		qt.also = make([]uint64, len(qt.stems)-1, maxSearchTerms)
	}
	if qt.also != nil {
		qt.also = append(qt.also, also)
	}
}

// maxSearchTerms bounds originals plus expansions: a term mask is 64 bits.
const (
	maxSearchTerms = 64
	// maxExpansionsPerTerm keeps a word with many relatives from crowding
	// out the others'.
	maxExpansionsPerTerm = 4
)

func newQueryTerms(q *question, expansion float64) queryTerms {
	qt := queryTerms{index: make(map[string]int, len(q.terms))}
	add := func(stem string, slot int, factor float64) { qt.addFor(stem, slot, factor, 0) }
	for i, t := range q.terms {
		add(t, i, 1)
	}
	for _, a := range q.alternates {
		add(a.stem, a.slot, 1)
	}
	if expansion <= 0 {
		return qt
	}
	for i, t := range q.terms {
		for k, rel := range relatedStems(t) {
			if k == maxExpansionsPerTerm {
				break
			}
			add(rel, i, expansion)
		}
	}
	for _, m := range multiwordExpansions(q) {
		add(m.stem, m.slot, expansion)
	}
	return qt
}

// coverage is the share of the question's weight that mask holds: each
// slot counts once, at the best factor among the stems present for it.
// weights are per slot and sum to 1.
func (qt *queryTerms) coverage(mask uint64, weights []float64) float64 {
	var best [maxSearchTerms]float64
	for m := mask; m != 0; m &= m - 1 {
		i := trailingZeros(m)
		if i >= len(qt.slot) {
			break
		}
		s := qt.slot[i]
		best[s] = max(best[s], qt.factor[i])
		if qt.also != nil {
			for a := qt.also[i]; a != 0; a &= a - 1 {
				s := trailingZeros(a)
				best[s] = max(best[s], qt.factor[i])
			}
		}
	}
	c := 0.0
	for s, w := range weights {
		c += w * best[s]
	}
	return c
}

func trailingZeros(x uint64) int {
	n := 0
	for x&1 == 0 {
		x >>= 1
		n++
	}
	return n
}

// retrieval is one question's candidates as Ask weighs them: what Ask
// cites from and what Rank reports.
type retrieval struct {
	q  question
	qt queryTerms
	// ranked are the re-ranked candidates, best first.
	ranked []candidate
	// rest are the candidates beyond the re-ranking budget, in the order
	// that kept them out.
	rest     []preRanked
	articles map[string]corpus.Article
	// minCoverage, best and relativeToBest decide which candidates are
	// relevant enough to cite.
	minCoverage, best, relativeToBest float64
	// story is set for AbstainStory: each source judged on its own.
	story bool
	// focusAbsent is set when no sentence holds the question's first
	// content word, what it asks about ("the weather" in "What is the
	// weather in Mexico?").
	focusAbsent bool
}

// relevant reports whether c addresses the question well enough to be
// cited: it holds enough of the question and scores near the best that
// does.
func (r *retrieval) relevant(c candidate) bool {
	if r.story {
		return r.storyRelevant(c)
	}
	return c.coverage >= r.minCoverage-1e-9 && c.score >= r.relativeToBest*r.best
}

func (e *Engine) weights() *Weights {
	if e.Weights != nil {
		return e.Weights
	}
	w := DefaultWeights()
	return &w
}

// retrieve finds, reads and re-ranks the candidates for question among the
// sentences keep accepts (nil keeps all), IDF and lengths coming from the
// whole index. Ask and Rank both go through it, so evaluations measure what
// users get. Errors come from the index.
func (e *Engine) retrieve(ctx context.Context, text string, keep func(uint32) bool) (retrieval, error) {
	w := e.weights()
	r := retrieval{
		minCoverage:    orDefault(e.MinCoverage, DefaultMinCoverage),
		relativeToBest: w.RelativeToBest,
		story:          e.Abstention == AbstainStory,
	}
	if r.story {
		r.minCoverage = storyMinCoverage
		r.relativeToBest = storyRelativeToBest
	}
	var err error
	var lang string
	if r.q, lang, err = e.analyzeInLanguage(ctx, text); err != nil {
		return r, err
	}
	r.q.absentWeighsMost = r.story
	qtoks := e.analyzer().Tokens(text, lang)
	if r.story {
		markNameQuestion(&r.q, qtoks)
	}
	markInstanceQuestion(&r.q, qtoks, lang)
	if len(r.q.terms) == 0 {
		return r, nil
	}
	r.qt = newQueryTerms(&r.q, w.Expansion)
	if r.story {
		r.qt.closeRelatives(w.Expansion)
	}
	stats, err := e.Index.Stats(ctx)
	if err != nil {
		return r, fmt.Errorf("index stats: %w", err)
	}
	terms, err := e.loadTerms(ctx, r.qt.stems, stats)
	if err != nil {
		return r, err
	}
	names, err := e.resolveTitles(ctx, &r.q, &r.qt, terms, keep, stats, w.Expansion)
	if err != nil {
		return r, err
	}
	terms = append(terms, names...)
	if w.Expansion > 0 {
		compounds, err := e.addCompounds(ctx, qtoks, lang, &r.q, &r.qt, stats)
		if err != nil {
			return r, err
		}
		terms = append(terms, compounds...)
		if r.story {
			acronyms, err := e.addAcronyms(ctx, text, qtoks, lang, &r.q, &r.qt, terms, keep, stats)
			if err != nil {
				return r, err
			}
			terms = append(terms, acronyms...)
		}
		instances, err := e.addInstances(ctx, &r.q, &r.qt, stats)
		if err != nil {
			return r, err
		}
		terms = append(terms, instances...)
	}
	for i := range terms {
		// An expansion scores as its word would, at a discount.
		terms[i].idf *= r.qt.factor[i]
		terms[i].upper *= r.qt.factor[i]
	}
	if r.q.countsPeople && r.story {
		// A story that seldom says "people" counts skiers or passengers
		// instead; weighing the word down everywhere cited more sentences,
		// whose figures the differ then set against each other.
		if held := slotSentences(terms, r.qt, r.q.counted, keep, peopleRare+1); held <= peopleRare {
			r.q.peopleSeldom = true
			r.q.weights = slices.Clone(r.q.weights)
			r.q.weights[r.q.counted] = peopleWeight
		}
	}
	weights := r.q.instances.reweigh(coverageWeights(r.q, terms[:len(r.q.terms)]))
	r.focusAbsent = focusAbsent(r.q, r.qt, terms)
	terms = keepPostings(terms, keep)
	hits := topKMaxScore(terms, safeAvgLen(stats), orDefault(e.Candidates, DefaultCandidates))
	if len(hits) == 0 {
		return r, nil
	}

	// Reading and tokenising sentences is the costly step, so only the
	// candidates that cover most of the question go through it.
	pre := make([]preRanked, len(hits))
	masks := make(map[uint32]uint64, len(hits))
	for i, h := range hits {
		pre[i] = preRanked{scoredID: h, coverage: r.qt.coverage(h.mask, weights)}
		masks[h.id] = h.mask
	}
	slices.SortStableFunc(pre, func(a, b preRanked) int {
		if c := cmpFloat(b.coverage, a.coverage); c != 0 {
			return c
		}
		return cmpFloat(b.score, a.score)
	})
	n := min(len(pre), orDefault(e.Rerank, DefaultRerank))
	if r.story && r.q.want == wantCause {
		n = whyCandidates(pre, n)
	}
	r.rest = pre[n:]
	ids := make([]uint32, n)
	maxBM25 := 0.0
	for i, p := range pre[:n] {
		ids[i] = p.id
		maxBM25 = max(maxBM25, p.score)
	}
	sents, articles, err := sentencesWithArticles(ctx, e.Index, ids)
	if err != nil {
		return r, err
	}
	r.articles = articles
	bm25 := make(map[uint32]float64, n)
	for _, p := range pre[:n] {
		bm25[p.id] = p.score
	}

	// A sentence's context is the rest of its paragraph, as far as the
	// candidates read show it: the question's other words there often
	// belong to the same answer ("she" here, her name in the sentence
	// before).
	type paragraphKey struct {
		article   string
		paragraph int
	}
	paragraphs := make(map[paragraphKey]uint64, len(sents))
	for _, s := range sents {
		paragraphs[paragraphKey{s.ArticleID, s.Paragraph}] |= masks[s.ID]
	}
	passages := passageScores(sents, terms)
	an := e.analyzer()
	local := make(map[string][]float64, len(r.articles))
	for id, a := range r.articles {
		local[id] = localCoverageWeights(r.q, terms[:len(r.q.terms)], a, stats.Sentences)
	}
	r.ranked = make([]candidate, 0, len(sents))
	for _, s := range sents {
		lang := r.articles[s.ArticleID].Language
		if lang == "" {
			lang = e.language()
		}
		c := candidate{IndexedSentence: s, bm25: bm25[s.ID], toks: an.Tokens(s.Text, lang)}
		var previous uint64
		if s.Index > 1 {
			previous = maskAt(terms, s.ID-1)
		}
		c.computeFeatures(&r.q, &r.qt, weights, maxBM25, paragraphs[paragraphKey{s.ArticleID, s.Paragraph}], previous)
		c.features[FeatPassage] = passages[s.ID]
		if lw := local[s.ArticleID]; lw != nil {
			c.features[FeatLocal] = r.qt.coverage(c.mask, lw)
		}
		if r.story && r.q.want == wantCause {
			c.features[FeatAnswerType] = storyCause(c.features[FeatAnswerType])
		}
		c.score = w.Score(c.features)
		r.ranked = append(r.ranked, c)
	}
	slices.SortStableFunc(r.ranked, func(a, b candidate) int {
		if c := cmpFloat(b.score, a.score); c != 0 {
			return c
		}
		// Ties go by position, not by sentence id, which depends on the
		// order the index was loaded in.
		fa, fb := r.articles[a.ArticleID].File, r.articles[b.ArticleID].File
		return cmp.Or(strings.Compare(fa, fb), strings.Compare(a.ArticleID, b.ArticleID),
			cmp.Compare(a.Paragraph, b.Paragraph), cmp.Compare(a.Index, b.Index))
	})
	if r.story && r.q.want == wantCause {
		// The deeper pool only lets a reason rise; what comes after
		// the usual budget would only cost the choice its comparisons.
		r.ranked = r.ranked[:min(len(r.ranked), orDefault(e.Rerank, DefaultRerank))]
		if err := e.quotedReasons(ctx, &r, keep); err != nil {
			return r, err
		}
	}
	for _, c := range r.ranked {
		if c.coverage >= r.minCoverage-1e-9 {
			r.best = c.score
			break
		}
	}
	return r, nil
}

// focusAbsent reports whether no sentence holds one of the words a short
// question is about ("the weather" in "What is the weather in Mexico?",
// "cost" in "how much did the satellite cost"), nor any of its
// expansions. Words of the question's form ("big" in "how big was the
// meteor" asks for a number) do not count, nor do names: a story may name
// a place only in its title, or spell a name its own way. In a longer
// question coverage weighs what is missing.
func focusAbsent(q question, qt queryTerms, terms []queryTerm) bool {
	var focus []int
	for i, t := range q.terms {
		// A word weighed at nothing ("called" in "what was the ship
		// called") is not what the question is about.
		if !howNumber[t] && !genericWords[t] && q.weights[i] > 0 && !slices.ContainsFunc(q.groups, func(g []int) bool { return slices.Contains(g, i) }) {
			focus = append(focus, i)
		}
	}
	if len(focus) == 0 || len(focus) > maxFocusWords {
		return false
	}
	present := make([]bool, len(q.terms))
	for i, t := range terms {
		if t.df > 0 {
			present[qt.slot[i]] = true
		}
	}
	return slices.ContainsFunc(focus, func(i int) bool { return !present[i] })
}

// maxFocusWords is how many words beside names a question may have for
// its first to be taken as its focus.
const maxFocusWords = 2

// genericWords are stems too vague to be what a question is about.
var genericWords = map[string]bool{"peopl": true, "person": true, "thing": true, "someth": true, "away": true,
	// French "gens" and Spanish "gente", people.
	"gen": true, "gent": true,
	// Light verbs, which say little about what is asked: "where did the
	// money go".
	"go": true, "went": true, "gone": true, "make": true, "made": true, "take": true, "took": true,
	"taken": true, "come": true, "came": true, "use": true, "put": true, "give": true, "gave": true,
	"keep": true, "kept": true, "back": true}

// slotSentences counts the sentences keep allows that hold the
// question's term at slot, or a word standing for it, up to limit.
func slotSentences(terms []queryTerm, qt queryTerms, slot int, keep func(uint32) bool, limit int) int {
	seen := map[uint32]bool{}
	for i, t := range terms {
		if i >= len(qt.slot) || qt.slot[i] != slot {
			continue
		}
		for _, p := range t.postings {
			if keep != nil && !keep(p.Sentence) {
				continue
			}
			if seen[p.Sentence] = true; len(seen) >= limit {
				return len(seen)
			}
		}
	}
	return len(seen)
}

// sentenceArticleIndex is an Index that reads sentences together with
// their articles' metadata (store.DB does), in one query instead of two.
type sentenceArticleIndex interface {
	// SentencesWithArticles is Sentences with the metadata of the
	// sentences' articles, by id.
	SentencesWithArticles(ctx context.Context, ids []uint32) ([]corpus.IndexedSentence, map[string]corpus.Article, error)
}

// sentencesWithArticles reads the sentences with the given ids and their
// articles' metadata. Errors come from the index.
func sentencesWithArticles(ctx context.Context, idx Index, ids []uint32) ([]corpus.IndexedSentence, map[string]corpus.Article, error) {
	if si, ok := idx.(sentenceArticleIndex); ok {
		sents, arts, err := si.SentencesWithArticles(ctx, ids)
		if err != nil {
			return nil, nil, fmt.Errorf("read candidate sentences: %w", err)
		}
		return sents, arts, nil
	}
	sents, err := idx.Sentences(ctx, ids)
	if err != nil {
		return nil, nil, fmt.Errorf("read candidate sentences: %w", err)
	}
	arts, err := articlesOf(ctx, idx, sents)
	if err != nil {
		return nil, nil, err
	}
	return sents, arts, nil
}

// articlesOf reads the metadata of the articles sents come from, by id.
// Errors come from the index.
func articlesOf(ctx context.Context, idx Index, sents []corpus.IndexedSentence) (map[string]corpus.Article, error) {
	ids := make([]string, 0, len(sents))
	seen := make(map[string]bool, len(sents))
	for _, s := range sents {
		if !seen[s.ArticleID] {
			seen[s.ArticleID] = true
			ids = append(ids, s.ArticleID)
		}
	}
	arts, err := idx.ArticlesByID(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("read articles: %w", err)
	}
	out := make(map[string]corpus.Article, len(arts))
	for _, a := range arts {
		out[a.ID] = a
	}
	return out, nil
}

// coverageWeights gives each query term its share of the question: its IDF
// times the question's weight for it. A term no sentence contains gets the
// mean IDF of the known terms, so one unknown word neither vetoes the
// question nor goes unnoticed; "Who won the World Cup in Mexico?" still
// fails on world, cup and won.
func coverageWeights(q question, terms []queryTerm) []float64 {
	sum, known, most := 0.0, 0, 0.0
	for _, t := range terms {
		if t.df > 0 {
			sum += t.idf
			known++
			most = max(most, t.idf)
		}
	}
	mean := 0.0
	if known > 0 {
		mean = sum / float64(known)
	}
	if q.absentWeighsMost {
		mean = most
	}
	if known == 0 { // no word of the question is in the index: only relatives can cover it, each word alike
		mean = 1
	}
	w := make([]float64, len(terms))
	total := 0.0
	for i, t := range terms {
		idf := t.idf
		if t.df == 0 {
			idf = mean
		}
		w[i] = idf * q.weights[i]
	}
	weighAsOne(&q, w)
	for _, x := range w {
		total += x
	}
	if total > 0 {
		for i := range w {
			w[i] /= total
		}
	}
	return w
}

// localPrior is how many sentences, at the whole index's rates, are added
// to an article's own when counting a word's IDF within it: a 15-sentence
// article where "border" happens to occur four times is weak evidence that
// border is its subject. 20 was the best of 0, 5, 10, 20, 40 and 80 on the
// train splits (docs/quality.md).
const localPrior = 20

// localCoverageWeights are coverageWeights with IDF counted within article
// a, smoothed towards the whole index's (sentences in all), from the
// postings already loaded; nil when the index did not say where a's
// sentences are.
func localCoverageWeights(q question, terms []queryTerm, a corpus.Article, sentences int) []float64 {
	if a.SentenceCount <= 0 || a.FirstSentence == 0 || sentences <= 0 {
		return nil
	}
	lo, hi := a.FirstSentence, a.FirstSentence+uint32(a.SentenceCount)-1
	local := make([]queryTerm, len(terms))
	for i, t := range terms {
		df := 0
		for j := seek(t.postings, 0, lo); j < len(t.postings) && t.postings[j].Sentence <= hi; j++ {
			df++
		}
		n := float64(a.SentenceCount) + localPrior
		// Stats read before a reload may count fewer sentences than a
		// posting list holds; the rate is at most 1.
		d := float64(df) + localPrior*float64(t.df)/float64(max(sentences, t.df))
		if d > 0 {
			local[i] = queryTerm{stem: t.stem, df: 1, idf: bm25IDF(n, d)}
		}
	}
	return coverageWeights(q, local)
}

// maskAt is which query terms sentence id holds, read from the postings.
func maskAt(terms []queryTerm, id uint32) uint64 {
	var mask uint64
	for i, t := range terms {
		if j := seek(t.postings, 0, id); j < len(t.postings) && t.postings[j].Sentence == id {
			mask |= 1 << uint(i)
		}
	}
	return mask
}

// passageScores scores each candidate's paragraph as one document, BM25
// over the question's terms, relative to the best paragraph: a question
// is usually about one passage, and the answer's paragraph tends to hold
// more of its words than a stray sentence's. The paragraph is known from
// its first sentence (the candidate's id minus its index) to the last
// candidate read from it, so no sentence beyond the candidates is read.
func passageScores(sents []corpus.IndexedSentence, terms []queryTerm) map[uint32]float64 {
	type span struct{ lo, hi uint32 }
	type key struct {
		article   string
		paragraph int
	}
	spans := make(map[key]span, len(sents))
	for _, s := range sents {
		k := key{s.ArticleID, s.Paragraph}
		lo := s.ID
		if s.Index > 1 && uint32(s.Index-1) <= s.ID {
			lo = s.ID - uint32(s.Index-1)
		}
		sp, ok := spans[k]
		if !ok {
			sp = span{lo, s.ID}
		}
		sp.lo, sp.hi = min(sp.lo, lo), max(sp.hi, s.ID)
		spans[k] = sp
	}
	scores := make(map[key]float64, len(spans))
	best := 0.0
	for k, sp := range spans {
		sum := 0.0
		for _, t := range terms {
			tf := 0
			for j := seek(t.postings, 0, sp.lo); j < len(t.postings) && t.postings[j].Sentence <= sp.hi; j++ {
				tf += int(t.postings[j].TF)
			}
			if tf == 0 {
				continue
			}
			// No length norm: a paragraph's length here is only as far
			// as its last candidate, and longer passages on the question
			// are what this rewards.
			sum += t.idf * float64(tf) * (bm25K1 + 1) / (float64(tf) + bm25K1)
		}
		scores[k] = sum
		best = max(best, sum)
	}
	out := make(map[uint32]float64, len(sents))
	for _, s := range sents {
		if best > 0 {
			out[s.ID] = scores[key{s.ArticleID, s.Paragraph}] / best
		}
	}
	return out
}
