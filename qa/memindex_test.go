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

// MemIndex is an in-memory Index and QuoteIndex, built with the same
// analyzer as questions, so qa's tests need no store. It is exported for
// the qa_test package's tests only (this is a _test file).
type MemIndex struct {
	Stat corpus.IndexStats
	PostingLists  map[string][]corpus.Posting
	Sents      []corpus.IndexedSentence // by id
	Arts       []corpus.Article
	QuoteList  []corpus.Quote
}

// NewMemIndex indexes articles the way the store does: one id per sentence
// in article then reading order, postings of non-stop stems.
func NewMemIndex(an *corpus.Analyzer, articles []corpus.Article) *MemIndex {
	m := &MemIndex{PostingLists: make(map[string][]corpus.Posting)}
	total := 0
	for _, a := range articles {
		for _, s := range a.Sentences {
			id := uint32(len(m.Sents))
			m.Sents = append(m.Sents, corpus.IndexedSentence{ID: id, ArticleID: a.ID, Sentence: s})
			terms := an.Terms(s.Text, a.Language)
			tf := make(map[string]uint16)
			for _, t := range terms {
				tf[t]++
			}
			for t, n := range tf {
				m.PostingLists[t] = append(m.PostingLists[t], corpus.Posting{Sentence: id, TF: n, Len: uint16(len(terms))})
			}
			total += len(terms)
		}
		m.QuoteList = append(m.QuoteList, corpus.ExtractQuotes(a)...)
		meta := a
		meta.Sentences = nil
		m.Arts = append(m.Arts, meta)
	}
	m.Stat = corpus.IndexStats{Articles: len(articles), Sentences: len(m.Sents)}
	if len(m.Sents) > 0 {
		m.Stat.AvgLen = float64(total) / float64(len(m.Sents))
	}
	return m
}

func (m *MemIndex) Stats(context.Context) (corpus.IndexStats, error) { return m.Stat, nil }

func (m *MemIndex) Postings(_ context.Context, stem string) ([]corpus.Posting, error) {
	return m.PostingLists[stem], nil
}

func (m *MemIndex) Sentences(_ context.Context, ids []uint32) ([]corpus.IndexedSentence, error) {
	out := make([]corpus.IndexedSentence, 0, len(ids))
	for _, id := range ids {
		if int(id) < len(m.Sents) {
			out = append(out, m.Sents[id])
		}
	}
	return out, nil
}

func (m *MemIndex) Articles(context.Context) ([]corpus.Article, error) {
	return slices.Clone(m.Arts), nil
}

func (m *MemIndex) Quotes(context.Context) ([]corpus.Quote, error) {
	return slices.Clone(m.QuoteList), nil
}

// SeedArticles parses the seed story in corpus/articles.
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

// NewSeedEngine returns an Engine over the seed story in memory.
func NewSeedEngine(t testing.TB) (*Engine, *MemIndex) {
	t.Helper()
	an := corpus.NewAnalyzer()
	idx := NewMemIndex(an, SeedArticles(t))
	return NewEngine(idx, idx, an, nil), idx
}
