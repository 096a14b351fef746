package eval

import (
	"context"
	"math"
	"slices"

	"storybot/corpus"
)

// MemIndex is a qa.Index held in memory, built once from articles. It scores
// exactly as the SQLite store does (same terms, lengths and ids), so
// evaluations over thousands of small corpora can skip the database.
// It is read-only after NewMemIndex and safe for concurrent use.
type MemIndex struct {
	articles  []corpus.Article // metadata only, ordered by file
	sentences []corpus.IndexedSentence
	postings  map[string][]corpus.Posting
	firstID   map[string]uint32 // article id → its first sentence id
	byID      map[string]int    // article id → position in articles (the last of duplicates, as a map of Articles keeps)
	stats     corpus.IndexStats
}

// NewMemIndex indexes articles with an, in the order the store does:
// articles by file name, sentences in reading order, ids from 1. Articles
// with the same ID are both kept; callers are expected to give distinct ids.
func NewMemIndex(an *corpus.Analyzer, articles []corpus.Article) *MemIndex {
	sorted := slices.Clone(articles)
	slices.SortStableFunc(sorted, func(a, b corpus.Article) int {
		switch {
		case a.File < b.File:
			return -1
		case a.File > b.File:
			return 1
		}
		return 0
	})
	m := &MemIndex{postings: make(map[string][]corpus.Posting), firstID: make(map[string]uint32), byID: make(map[string]int)}
	var total int
	var terms []string
	for _, a := range sorted {
		lang := a.Language
		if lang == "" {
			lang = "en"
		}
		if _, ok := m.firstID[a.ID]; !ok {
			m.firstID[a.ID] = uint32(len(m.sentences) + 1)
		}
		for _, s := range a.Sentences {
			id := uint32(len(m.sentences) + 1)
			m.sentences = append(m.sentences, corpus.IndexedSentence{ID: id, ArticleID: a.ID, Sentence: s})
			terms = an.AppendTerms(terms[:0], s.Text, lang)
			total += len(terms)
			tf := make(map[string]int, len(terms))
			order := make([]string, 0, len(terms))
			for _, t := range terms {
				if tf[t] == 0 {
					order = append(order, t)
				}
				tf[t]++
			}
			length := clampU16(len(terms))
			for _, t := range order {
				m.postings[t] = append(m.postings[t], corpus.Posting{Sentence: id, TF: clampU16(tf[t]), Len: length})
			}
		}
		meta := a
		meta.Sentences = nil
		meta.FirstSentence, meta.SentenceCount = m.firstID[a.ID], len(a.Sentences)
		m.byID[a.ID] = len(m.articles)
		m.articles = append(m.articles, meta)
	}
	m.stats = corpus.IndexStats{Articles: len(m.articles), Sentences: len(m.sentences)}
	if len(m.sentences) > 0 {
		m.stats.AvgLen = float64(total) / float64(len(m.sentences))
	}
	return m
}

func clampU16(n int) uint16 {
	return uint16(min(n, math.MaxUint16))
}

// Stats describes the whole index. It never fails.
func (m *MemIndex) Stats(ctx context.Context) (corpus.IndexStats, error) { return m.stats, nil }

// Postings returns the posting list of stem, ordered by sentence id; nil
// when no sentence contains it. Callers must not modify it.
func (m *MemIndex) Postings(ctx context.Context, stem string) ([]corpus.Posting, error) {
	return m.postings[stem], nil
}

// Sentences returns the sentences with the given ids, in the order asked,
// leaving out ids that do not exist.
func (m *MemIndex) Sentences(ctx context.Context, ids []uint32) ([]corpus.IndexedSentence, error) {
	out := make([]corpus.IndexedSentence, 0, len(ids))
	for _, id := range ids {
		if id >= 1 && int(id) <= len(m.sentences) {
			out = append(out, m.sentences[id-1])
		}
	}
	return out, nil
}

// Articles returns every article's metadata, ordered by file.
func (m *MemIndex) Articles(ctx context.Context) ([]corpus.Article, error) {
	return slices.Clone(m.articles), nil
}

// ArticlesByID returns the metadata of the articles with the given ids, in
// the order asked, leaving out ids that do not exist. It never fails.
func (m *MemIndex) ArticlesByID(ctx context.Context, ids []string) ([]corpus.Article, error) {
	out := make([]corpus.Article, 0, len(ids))
	for _, id := range ids {
		if i, ok := m.byID[id]; ok {
			out = append(out, m.articles[i])
		}
	}
	return out, nil
}

// ArticleSentences returns the ids of the sentences of the article with the
// given id, in reading order; nil when there is no such article.
func (m *MemIndex) ArticleSentences(articleID string) []uint32 {
	first, ok := m.firstID[articleID]
	if !ok {
		return nil
	}
	var ids []uint32
	for id := first; int(id) <= len(m.sentences) && m.sentences[id-1].ArticleID == articleID; id++ {
		ids = append(ids, id)
	}
	return ids
}
