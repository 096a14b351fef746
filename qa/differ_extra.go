package qa

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"storybot/corpus"
)

// Retrieval cites each source's sentences that best match the question's
// words, which for "how many died" is often the lede's "a truck plowed
// into a crowd" rather than the later sentence giving the toll. To compare
// what the sources say, a source whose cited sentences hold no answer of
// the kind asked about what is asked gets its best other re-ranked
// sentence that does, cited after its own (in place of its last when it
// already cites maxPerSource), so every compared value links to a
// sentence the answer shows and the first cited sentence is unchanged.

// extraRelevance is the share of the question's weight a sentence must
// hold to be cited for its figure or date: lower than
// citing's own bar, since the span it holds is evidence too.
const extraRelevance = 0.45

// citeAnswerSpans returns sources with, for each that has no answer span
// about the question in its cited sentences, its best re-ranked candidate
// that has one appended (see above). sources are not modified.
func citeAnswerSpans(r *retrieval, sources []SourceAnswer) []SourceAnswer {
	switch r.q.want {
	// Not for places and people: a name in a sentence picked for holding
	// one is as often another place or person as the answer (a crew's
	// nationality, a witness), and a false "Sources differ" misleads more
	// than a missed one.
	case wantNumber, wantDate:
	default:
		return sources
	}
	if len(sources) < 2 || len(r.ranked) == 0 {
		return sources
	}
	f := questionFocus(&r.q)
	kinds := kindsFor(r.q.want)
	var out []SourceAnswer
	for i, src := range sources {
		pub, _ := publishedTime(src.Source.Published)
		if slices.ContainsFunc(src.Sentences, func(c Cited) bool {
			return hasAnswerSpan(c.Text, kinds, pub, src.Source.Language, f)
		}) {
			continue
		}
		for _, c := range r.ranked {
			if c.ArticleID != src.Source.ID || c.coverage < extraRelevance*r.minCoverage ||
				slices.ContainsFunc(src.Sentences, func(x Cited) bool { return x.Paragraph == c.Paragraph && x.Sentence == c.Index }) ||
				!hasAnswerSpan(c.Text, kinds, pub, src.Source.Language, f) {
				continue
			}
			if out == nil {
				out = slices.Clone(sources)
			}
			extra := Cited{Text: c.Text, Paragraph: c.Paragraph, Sentence: c.Index, Score: c.score}
			for _, o := range r.ranked {
				if o.ArticleID != c.ArticleID && o.Text == c.Text && !slices.Contains(extra.AlsoIn, o.ArticleID) {
					extra.AlsoIn = append(extra.AlsoIn, o.ArticleID)
				}
			}
			slices.Sort(extra.AlsoIn)
			cited := slices.Clip(slices.Clone(src.Sentences))
			if len(cited) >= maxPerSource {
				// The last, least relevant citation gives way: a source
				// cites at most maxPerSource sentences, the first kept.
				cited = cited[:maxPerSource-1]
			}
			out[i].Sentences = append(cited, extra)
			break
		}
	}
	if out == nil {
		return sources
	}
	return out
}

// hasAnswerSpan reports whether text holds a span of kinds about what f
// asks, as findDifferences would read it.
func hasAnswerSpan(text string, kinds [numSpanKinds]bool, pub time.Time, lang string, f differFocus) bool {
	lower := strings.ToLower(text)
	toks := tokenizeLower(text, lower)
	// The cheap test first: most sentences hold no span about the focus.
	bg := -1
	for _, s := range spansOf(text, toks, kinds, pub, lang) {
		if !f.about(toks, s) {
			continue
		}
		if s.kind == kindNumber {
			if bg < 0 {
				bg = 0
				if background(lower, toks, pub) {
					bg = 1
				}
			}
			if bg == 1 {
				continue
			}
		}
		return !captionLike(lower)
	}
	return false
}

// The candidates are the sentences that share most words with the
// question, and the sentence that gives a source's figure often shares
// too few to be one: "Some 197 girls remain captive" for "how many
// chibok girls are still captive". Stories are small, so for a count
// question the sources still without an answer span, and the articles
// retrieval read a candidate of but did not cite, are read whole; each
// gets its sentence that holds the figure and most of what the question
// asks about.

// maxScanArticles bounds how many articles one question reads whole.
const maxScanArticles = 6

// maxScanSentences bounds the sentences read whole per question, so a
// story of very long articles costs no more than a few small ones.
const maxScanSentences = 400

// scanAnswerSpans returns sources with, for each that still has no answer
// span about the question in its cited sentences, its article's sentence
// that best gives one appended (see citeAnswerSpans), and after them the
// articles retrieval read but did not cite that give one, each citing that
// sentence (see bestSpanSentence). sources are not modified. Errors come
// from the index.
func (e *Engine) scanAnswerSpans(ctx context.Context, r *retrieval, sources []SourceAnswer) ([]SourceAnswer, error) {
	f := questionFocus(&r.q)
	// Only a figure that says what it counts (a class such as the dead,
	// or the question's noun) is trusted from a sentence retrieval did
	// not vouch for: a time, a date or a bare measure there is as often
	// another event's. A sum of money is, when what the question says of
	// it stands right by it (see newSpanScan). Nor is a story that does
	// not answer at all read.
	money := r.q.want == wantNumber && r.q.measure == measureMoney
	if r.q.want != wantNumber || len(sources) == 0 || f.class == "" && f.counted == "" && !money {
		return sources, nil
	}
	sc := newSpanScan(f, money)
	shown := map[string]bool{}
	var lacking []int
	for i, src := range sources {
		shown[src.Source.ID] = true
		for _, c := range src.CarriedBy {
			shown[c.ID] = true
		}
		pub, _ := publishedTime(src.Source.Published)
		if !slices.ContainsFunc(src.Sentences, func(c Cited) bool {
			return sc.held(c.Text, pub, src.Source.Language)
		}) {
			lacking = append(lacking, i)
		}
	}
	// Articles to read: the lacking sources first, then the uncited
	// articles by their best candidate's rank.
	var arts []corpus.Article
	for _, i := range lacking {
		arts = append(arts, sources[i].Source)
	}
	for _, c := range r.ranked {
		if a, ok := r.articles[c.ArticleID]; ok && !shown[a.ID] {
			shown[a.ID] = true
			arts = append(arts, a)
		}
	}
	// An article no candidate came from may still give the figure in words
	// the question does not use ("a total of 51 had been taken to two
	// hospitals" for "how many went to hospital"). When the index is one
	// story's, its other articles are read last.
	others, err := e.storyArticles(ctx, shown)
	if err != nil {
		return nil, err
	}
	arts = append(arts, others...)
	read, n := arts[:0:0], 0
	for _, a := range arts[:min(len(arts), maxScanArticles)] {
		if n+a.SentenceCount > maxScanSentences {
			break
		}
		read = append(read, a)
		n += a.SentenceCount
	}
	if n == 0 {
		return sources, nil
	}
	sents, err := articleSentences(ctx, e.Index, read)
	if err != nil {
		return nil, err
	}
	byArticle := map[string][]corpus.IndexedSentence{}
	// A wire story's sentence cited from one outlet names the others
	// that carry it, so its figure is counted once (see onePerReport).
	carriers := map[string][]string{}
	for _, s := range sents {
		byArticle[s.ArticleID] = append(byArticle[s.ArticleID], s)
		carriers[s.Text] = append(carriers[s.Text], s.ArticleID)
	}
	for _, c := range r.ranked {
		if !slices.Contains(carriers[c.Text], c.ArticleID) {
			carriers[c.Text] = append(carriers[c.Text], c.ArticleID)
		}
	}
	alsoIn := func(c *Cited, id string) {
		for _, other := range carriers[c.Text] {
			if other != id && !slices.Contains(c.AlsoIn, other) {
				c.AlsoIn = append(c.AlsoIn, other)
			}
		}
		slices.Sort(c.AlsoIn)
	}
	out := slices.Clone(sources)
	changed := false
	for _, i := range lacking {
		src := sources[i]
		best, ok := bestSpanSentence(sc, src.Source, byArticle[src.Source.ID], src.Sentences)
		if !ok {
			continue
		}
		alsoIn(&best, src.Source.ID)
		cited := slices.Clip(slices.Clone(src.Sentences))
		if len(cited) >= maxPerSource {
			cited = cited[:maxPerSource-1]
		}
		out[i].Sentences = append(cited, best)
		changed = true
	}
	for _, a := range arts[len(lacking):] {
		best, ok := bestSpanSentence(sc, a, byArticle[a.ID], nil)
		if !ok {
			continue
		}
		alsoIn(&best, a.ID)
		out = append(out, SourceAnswer{Source: a, Sentences: []Cited{best}})
		changed = true
	}
	if !changed {
		return sources, nil
	}
	return out, nil
}

// maxStoryArticles is the most articles an index may hold for it to be
// taken as one story, whose every article may be read for a count.
const maxStoryArticles = 16

// storyArticles returns the index's articles not in shown, by file, when
// the index holds one story's worth (see maxStoryArticles); none
// otherwise, so a large flat index is never listed. Errors come from the
// index.
func (e *Engine) storyArticles(ctx context.Context, shown map[string]bool) ([]corpus.Article, error) {
	stats, err := e.Index.Stats(ctx)
	if err != nil {
		return nil, fmt.Errorf("index stats: %w", err)
	}
	if stats.Articles > maxStoryArticles {
		return nil, nil
	}
	all, err := e.Index.Articles(ctx)
	if err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
	}
	return slices.DeleteFunc(all, func(a corpus.Article) bool { return shown[a.ID] }), nil
}

// spanScan is what reading an article whole looks for.
type spanScan struct {
	f     differFocus
	kinds [numSpanKinds]bool
	// money is set for a "how much" question about money: only a sum
	// counts, and one of words must stand by it.
	money bool
	// words are the question's words beside its question form, each
	// with the relatives that stand for it in a report (only for money:
	// "abroad" for "overseas").
	words [][]string
}

// amountReach is how many tokens from a sum of money the question's own
// word must stand for the sum to answer it from a sentence retrieval did
// not cite: "$31.2 billion in earnings reinvested abroad" for "how much
// money is parked overseas", not "the $5 billion is related to changes
// in repatriation taxes, when funds are returned from overseas". Wider
// reaches compared other sums before (false differs 0% -> 17%).
const amountReach = 4

// newSpanScan returns the spanScan of a question's focus, money for a
// question about a sum of money.
func newSpanScan(f differFocus, money bool) spanScan {
	sc := spanScan{f: f, kinds: kindsFor(wantNumber), money: money}
	for _, st := range f.events {
		if st == "time" || howNumber[st] || genericWords[st] {
			continue
		}
		if !money {
			sc.words = append(sc.words, []string{st})
			continue
		}
		if moneyWords[st] {
			continue // the sum itself says it is money
		}
		w := []string{st}
		for _, r := range relatedStems(st) {
			if len(r) >= 4 && !slices.Contains(w, r) {
				w = append(w, r)
			}
		}
		sc.words = append(sc.words, w)
	}
	if money {
		sc.kinds = [numSpanKinds]bool{}
		sc.kinds[kindAmount] = true
	}
	return sc
}

// held reports whether text holds an answer span the scan takes: for a
// count any about the focus (see hasAnswerSpan), for money a sum about it
// with one of the question's words, lowercase, within amountReach tokens.
func (sc spanScan) held(text string, pub time.Time, lang string) bool {
	if !hasAnswerSpan(text, sc.kinds, pub, lang, sc.f) {
		return false
	}
	if !sc.money {
		return true
	}
	lower := strings.ToLower(text)
	toks := tokenizeLower(text, lower)
	for _, s := range spansOf(text, toks, sc.kinds, pub, lang) {
		if s.kind != kindAmount || !sc.f.about(toks, s) {
			continue
		}
		for k := max(0, s.first-amountReach); k < len(toks) && k <= s.last+amountReach; k++ {
			// A name ("Goldman") says whose money, not which.
			if k >= s.first && k <= s.last || !toks[k].word || toks[k].upper {
				continue
			}
			for _, w := range sc.words {
				if slices.ContainsFunc(w, func(st string) bool { return len(st) >= 3 && wordOfStem(toks[k].low, st) }) {
					return true
				}
			}
		}
	}
	return false
}

// bestSpanSentence is the sentence of an article's sents, other than its
// headline and those cited, that holds an answer span sc takes and the
// most of sc's words, the earliest of equals; it must hold at least half
// of them and two. ok is false when no sentence does.
func bestSpanSentence(sc spanScan, a corpus.Article, sents []corpus.IndexedSentence, cited []Cited) (Cited, bool) {
	pub, _ := publishedTime(a.Published)
	ev := sc.words
	var best Cited
	bestScore := -1
	for _, s := range sents {
		// A headline is cut to fit ("killed 10 from US") and retrieval
		// already weighs it.
		if s.Paragraph == 0 || slices.ContainsFunc(cited, func(c Cited) bool { return c.Paragraph == s.Paragraph && c.Sentence == s.Index }) {
			continue
		}
		// Most sentences lack the words: a substring test (of the word
		// as written or capitalised) rules them out before the sentence
		// is lowercased, tokenised and its spans read.
		if !enoughOf(containedStems(s.Text, ev), len(ev)) {
			continue
		}
		lower := strings.ToLower(s.Text)
		n := stemsPresent(lower, ev)
		if !enoughOf(n, len(ev)) || !sc.held(s.Text, pub, a.Language) {
			continue
		}
		if n > bestScore {
			bestScore = n
			best = Cited{Text: s.Text, Paragraph: s.Paragraph, Sentence: s.Index}
		}
	}
	return best, bestScore >= 0
}

// enoughOf reports whether n of a question's total words is at least
// half of them and two.
func enoughOf(n, total int) bool {
	return n >= min(2, total) && 2*n >= total
}

// containedStems counts the words (each a stem or its relatives) text
// contains anywhere, lowercase or capitalised: an upper bound of
// stemsPresent but for words in capitals.
func containedStems(text string, words [][]string) int {
	n := 0
	for _, w := range words {
		if slices.ContainsFunc(w, func(st string) bool {
			return len(st) >= 3 && (strings.Contains(text, st) || st[0] >= 'a' && st[0] <= 'z' && strings.Contains(text, string(st[0]-'a'+'A')+st[1:]))
		}) {
			n++
		}
	}
	return n
}

// stemsPresent counts the words (each a stem or its relatives) some word
// of lower begins with.
func stemsPresent(lower string, words [][]string) int {
	toks := tokenizeLower(lower, lower)
	n := 0
	for _, w := range words {
		if slices.ContainsFunc(toks, func(t dtok) bool {
			return t.word && slices.ContainsFunc(w, func(st string) bool { return len(st) >= 3 && strings.HasPrefix(t.low, st) })
		}) {
			n++
		}
	}
	return n
}

// articleSentenceIndex is an Index that reads whole articles by their
// spans of sentence ids (store.DB does), cheaper than id by id.
type articleSentenceIndex interface {
	// ArticleSentences returns the sentences of arts, in reading order.
	ArticleSentences(ctx context.Context, arts []corpus.Article) ([]corpus.IndexedSentence, error)
}

// articleSentences reads the sentences of arts. Errors come from the index.
func articleSentences(ctx context.Context, idx Index, arts []corpus.Article) ([]corpus.IndexedSentence, error) {
	if ai, ok := idx.(articleSentenceIndex); ok {
		sents, err := ai.ArticleSentences(ctx, arts)
		if err != nil {
			return nil, fmt.Errorf("read articles' sentences: %w", err)
		}
		return sents, nil
	}
	var ids []uint32
	for _, a := range arts {
		for k := range a.SentenceCount {
			ids = append(ids, a.FirstSentence+uint32(k))
		}
	}
	sents, err := idx.Sentences(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("read articles' sentences: %w", err)
	}
	return sents, nil
}
