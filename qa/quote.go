package qa

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"

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
	if e.QuoteIndex == nil {
		return nil, errNoQuoteIndex
	}
	quotes, err := e.QuoteIndex.Quotes(ctx)
	if err != nil {
		return nil, fmt.Errorf("load quotes: %w", err)
	}
	sources, err := e.sourcesByID(ctx)
	if err != nil {
		return nil, err
	}

	canonical := map[string]string{} // Quote.Speaker → group name
	wanted := map[string]bool{}      // group names matching speaker
	for _, g := range corpus.Speakers(quotes) {
		for _, n := range g.Names {
			canonical[n] = g.Name
		}
		if speaker != "" && corpus.MatchSpeaker(g, speaker) {
			wanted[g.Name] = true
		}
	}

	var hits []QuoteHit
	for _, q := range quotes {
		if q.Speaker != "" {
			q.Speaker = canonical[q.Speaker]
		}
		if speaker != "" && !wanted[q.Speaker] {
			continue
		}
		hits = append(hits, QuoteHit{Quote: q, Source: sources[q.ArticleID]})
	}

	if terms := e.topicTerms(topic); len(terms) > 0 {
		hits = e.rankQuotes(hits, terms)
	}
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	e.logger().Debug("find quotes", "speaker", speaker, "topic", topic, "hits", len(hits))
	return hits, nil
}

// Speakers lists everyone quoted in the sources, most quoted first, with
// the other names the articles use for them. Errors come only from the
// quote index.
func (e *Engine) Speakers(ctx context.Context) ([]Speaker, error) {
	if e.QuoteIndex == nil {
		return nil, errNoQuoteIndex
	}
	quotes, err := e.QuoteIndex.Quotes(ctx)
	if err != nil {
		return nil, fmt.Errorf("load quotes: %w", err)
	}
	groups := corpus.Speakers(quotes)
	out := make([]Speaker, 0, len(groups))
	for _, g := range groups {
		out = append(out, Speaker{Name: g.Name, Aliases: g.Aliases, Quotes: g.Quotes})
	}
	return out, nil
}

func (e *Engine) sourcesByID(ctx context.Context) (map[string]corpus.Article, error) {
	out := map[string]corpus.Article{}
	if e.Index == nil {
		return out, nil
	}
	articles, err := e.Index.Articles(ctx)
	if err != nil {
		return nil, fmt.Errorf("load articles: %w", err)
	}
	for _, a := range articles {
		a.Sentences = nil
		out[a.ID] = a
	}
	return out, nil
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

// rankQuotes scores hits against terms with BM25 over the quotations
// themselves (they are short, so the collection is the candidate set),
// drops those that share no term and sorts best first; ties keep reading
// order.
func (e *Engine) rankQuotes(hits []QuoteHit, terms []string) []QuoteHit {
	const k1, b = 1.2, 0.75
	an := e.analyzer()
	tfs := make([]map[string]int, len(hits))
	lengths := make([]int, len(hits))
	df := map[string]int{}
	total := 0
	for i, h := range hits {
		lang := h.Source.Language
		if lang == "" {
			lang = e.language()
		}
		tf := map[string]int{}
		for _, t := range an.Terms(h.Text, lang) {
			tf[t]++
			lengths[i]++
		}
		for t := range tf {
			df[t]++
		}
		tfs[i] = tf
		total += lengths[i]
	}
	n := float64(len(hits))
	avg := math.Max(float64(total)/math.Max(n, 1), 1)
	var out []QuoteHit
	for i, h := range hits {
		score := 0.0
		for _, t := range terms {
			tf := float64(tfs[i][t])
			if tf == 0 {
				continue
			}
			d := float64(df[t])
			idf := math.Log(1 + (n-d+0.5)/(d+0.5))
			score += idf * tf * (k1 + 1) / (tf + k1*(1-b+b*float64(lengths[i])/avg))
		}
		if score > 0 {
			h.Score = score
			out = append(out, h)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}
