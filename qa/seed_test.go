package qa

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"storybot/corpus"
)

// termsIndex is an Index built straight from term lists, one list per
// sentence (ids from 0), so scoring tests control every tf, length and df.
type termsIndex struct {
	stats    corpus.IndexStats
	postings map[string][]corpus.Posting
}

func newTermsIndex(docs [][]string) *termsIndex {
	m := &termsIndex{postings: make(map[string][]corpus.Posting)}
	total := 0
	for id, terms := range docs {
		tf := make(map[string]uint16)
		var order []string
		for _, t := range terms {
			if tf[t] == 0 {
				order = append(order, t)
			}
			tf[t]++
		}
		for _, t := range order {
			m.postings[t] = append(m.postings[t], corpus.Posting{Sentence: uint32(id), TF: tf[t], Len: uint16(len(terms))})
		}
		total += len(terms)
	}
	m.stats = corpus.IndexStats{Articles: 1, Sentences: len(docs)}
	if len(docs) > 0 {
		m.stats.AvgLen = float64(total) / float64(len(docs))
	}
	return m
}

func (m *termsIndex) Stats(context.Context) (corpus.IndexStats, error) { return m.stats, nil }
func (m *termsIndex) Postings(_ context.Context, stem string) ([]corpus.Posting, error) {
	return m.postings[stem], nil
}
func (m *termsIndex) Sentences(context.Context, []uint32) ([]corpus.IndexedSentence, error) {
	return nil, nil
}
func (m *termsIndex) Articles(context.Context) ([]corpus.Article, error) { return nil, nil }
func (m *termsIndex) ArticlesByID(context.Context, []string) ([]corpus.Article, error) {
	return nil, nil
}

// testIndex is an in-memory Index over articles, built like the store's:
// ids in article then reading order, postings of the analyzer's terms.
type testIndex struct {
	termsIndex
	sentences []corpus.IndexedSentence // by id
	articles  []corpus.Article
}

func newTestIndex(an *corpus.Analyzer, articles []corpus.Article) *testIndex {
	// Id 0 is a placeholder no term holds: the store's ids start at 1,
	// and an article's FirstSentence of 0 means "not known".
	m := &testIndex{sentences: []corpus.IndexedSentence{{}}}
	docs := [][]string{nil}
	for _, a := range articles {
		meta := a
		meta.Sentences = nil
		meta.FirstSentence, meta.SentenceCount = uint32(len(m.sentences)), len(a.Sentences)
		for _, s := range a.Sentences {
			id := uint32(len(m.sentences))
			m.sentences = append(m.sentences, corpus.IndexedSentence{ID: id, ArticleID: a.ID, Sentence: s})
			docs = append(docs, an.Terms(s.Text, a.Language))
		}
		m.articles = append(m.articles, meta)
	}
	m.termsIndex = *newTermsIndex(docs)
	m.stats.Articles = len(articles)
	m.stats.Sentences = len(docs) - 1
	m.stats.AvgLen = m.stats.AvgLen * float64(len(docs)) / float64(max(1, len(docs)-1))
	return m
}

func (m *testIndex) Sentences(_ context.Context, ids []uint32) ([]corpus.IndexedSentence, error) {
	out := make([]corpus.IndexedSentence, 0, len(ids))
	for _, id := range ids {
		if int(id) < len(m.sentences) {
			out = append(out, m.sentences[id])
		}
	}
	return out, nil
}

func (m *testIndex) Articles(context.Context) ([]corpus.Article, error) {
	return slices.Clone(m.articles), nil
}

func (m *testIndex) ArticlesByID(_ context.Context, ids []string) ([]corpus.Article, error) {
	return articlesByID(m.articles, ids), nil
}

// articlesByID picks ids out of articles in the order asked, the last of
// duplicate ids winning as in a map built from the whole list.
func articlesByID(articles []corpus.Article, ids []string) []corpus.Article {
	byID := make(map[string]corpus.Article, len(articles))
	for _, a := range articles {
		byID[a.ID] = a
	}
	var out []corpus.Article
	for _, id := range ids {
		if a, ok := byID[id]; ok {
			out = append(out, a)
		}
	}
	return out
}

// SeedArticles parses the seed story (corpus/articles), for this package's
// tests and qa_test's.
func SeedArticles(t testing.TB) []corpus.Article {
	t.Helper()
	var fsys fs.FS = os.DirFS(filepath.Join("..", "corpus", "articles"))
	files, _, err := corpus.ReadFiles(fsys)
	if err != nil {
		t.Fatalf("read seed articles: %v", err)
	}
	var arts []corpus.Article
	for _, f := range files {
		a, err := corpus.Parse(f)
		if err != nil {
			t.Fatalf("parse %s: %v", f.Name, err)
		}
		arts = append(arts, a)
	}
	if len(arts) != 2 {
		t.Fatalf("seed story has %d articles, want 2", len(arts))
	}
	return arts
}

// newSeedEngine returns an Engine over the seed story held in memory.
func newSeedEngine(t testing.TB) *Engine {
	t.Helper()
	an := corpus.NewAnalyzer()
	return NewEngine(newTestIndex(an, SeedArticles(t)), nil, an, nil)
}
