package qa

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"storybot/corpus"
)

// quoteFake serves articles and their quotations from memory.
type quoteFake struct {
	articles []corpus.Article
	quotes   []corpus.Quote
	err      error
}

func (f *quoteFake) Stats(context.Context) (corpus.IndexStats, error) {
	return corpus.IndexStats{}, nil
}
func (f *quoteFake) Postings(context.Context, string) ([]corpus.Posting, error) { return nil, nil }
func (f *quoteFake) Sentences(context.Context, []uint32) ([]corpus.IndexedSentence, error) {
	return nil, nil
}
func (f *quoteFake) Articles(context.Context) ([]corpus.Article, error) { return f.articles, f.err }
func (f *quoteFake) ArticlesByID(_ context.Context, ids []string) ([]corpus.Article, error) {
	return articlesByID(f.articles, ids), f.err
}
func (f *quoteFake) Quotes(context.Context) ([]corpus.Quote, error) { return f.quotes, f.err }

// newQuoteEngine indexes the quotations of the seed articles, plus one
// made-up source that names the president only by surname.
func newQuoteEngine(t *testing.T) (*Engine, *quoteFake) {
	t.Helper()
	files, _, err := corpus.ReadFiles(os.DirFS(filepath.Join("..", "corpus", "articles")))
	if err != nil {
		t.Fatal(err)
	}
	fake := &quoteFake{}
	for _, f := range files {
		a, err := corpus.Parse(f)
		if err != nil {
			t.Fatal(err)
		}
		fake.quotes = append(fake.quotes, corpus.ExtractQuotes(a)...)
		a.Sentences = nil
		fake.articles = append(fake.articles, a)
	}
	extra := corpus.Article{ID: "999_extra", File: "999_extra.txt", Outlet: "Extra News", Language: "en", Sentences: []corpus.Sentence{
		{Paragraph: 1, Index: 1, Text: `"Our border is not negotiable," Sheinbaum said.`},
		{Paragraph: 2, Index: 1, Text: `"The tariffs hurt both economies," said Ana Ruiz, a trade analyst.`},
	}}
	fake.quotes = append(fake.quotes, corpus.ExtractQuotes(extra)...)
	extra.Sentences = nil
	fake.articles = append(fake.articles, extra)
	an := corpus.NewAnalyzer()
	return &Engine{Index: fake, QuoteIndex: fake, Analyzer: an}, fake
}

func TestQuotesBySpeaker(t *testing.T) {
	e, _ := newQuoteEngine(t)
	ctx := context.Background()
	tests := []struct {
		speaker     string
		wantSpeaker string
		wantCount   int
	}{
		{"Claudia Sheinbaum", "Claudia Sheinbaum", 9}, // 3 + 5 in the seeds, 1 in the extra source as "Sheinbaum"
		{"sheinb", "Claudia Sheinbaum", 9},
		{"CLAUDIA", "Claudia Sheinbaum", 9},
		{"hewitt", "James Hewitt", 4},
		{"white house", "James Hewitt", 4}, // the role the article uses
		{"crisis group", "Crisis Group", 1},
		{"hegseth", "Pete Hegseth", 1},
		{"nobody at all", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.speaker, func(t *testing.T) {
			hits, err := e.Quotes(ctx, tt.speaker, "", 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) != tt.wantCount {
				for _, h := range hits {
					t.Logf("%s: %.40q", h.Speaker, h.Text)
				}
				t.Fatalf("got %d quotes, want %d", len(hits), tt.wantCount)
			}
			for _, h := range hits {
				if h.Speaker != tt.wantSpeaker {
					t.Errorf("quote %.30q speaker %q, want %q", h.Text, h.Speaker, tt.wantSpeaker)
				}
				if h.Source.ID != h.ArticleID || h.Source.File == "" {
					t.Errorf("quote %.30q source %+v does not match article %q", h.Text, h.Source, h.ArticleID)
				}
			}
		})
	}
}

func TestQuotesByTopic(t *testing.T) {
	e, _ := newQuoteEngine(t)
	ctx := context.Background()
	hits, err := e.Quotes(ctx, "", "sovereignty", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 2 {
		t.Fatalf("got %d quotes about sovereignty, want the 2 (one per seed source)", len(hits))
	}
	for _, h := range hits {
		if !strings.Contains(h.Text, "Sovereignty") || h.Score <= 0 {
			t.Errorf("hit %.40q score %.2f does not mention sovereignty", h.Text, h.Score)
		}
	}

	// Ranked best first: the trade quotation names both words.
	hits, err = e.Quotes(ctx, "sheinbaum", "trade agreements", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) < 2 || !strings.Contains(hits[0].Text, "better trade agreements") {
		t.Fatalf("best hit for trade agreements = %+v", hits)
	}
	for i := 1; i < len(hits); i++ {
		if hits[i].Score > hits[i-1].Score {
			t.Errorf("hits not ordered by score: %.2f after %.2f", hits[i].Score, hits[i-1].Score)
		}
	}

	limited, err := e.Quotes(ctx, "", "trade", 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(limited) != 1 {
		t.Errorf("limit 1 gave %d hits", len(limited))
	}
}

func TestQuotesHostileTopic(t *testing.T) {
	e, fake := newQuoteEngine(t)
	ctx := context.Background()
	for _, topic := range []string{`"`, `*`, `OR`, `NEAR(`, `🙂🙂`, strings.Repeat("x' OR 1=1; ", 1000), "the of and"} {
		hits, err := e.Quotes(ctx, topic, topic, 5)
		if err != nil {
			t.Errorf("topic %.20q: %v", topic, err)
		}
		if len(hits) > 5 {
			t.Errorf("topic %.20q: %d hits over the limit", topic, len(hits))
		}
	}
	// A topic with no searchable words keeps reading order rather than
	// dropping everything.
	hits, err := e.Quotes(ctx, "", "the of and", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != len(fake.quotes) {
		t.Errorf("stop-word topic gave %d hits, want all %d", len(hits), len(fake.quotes))
	}
}

func TestSpeakers(t *testing.T) {
	e, fake := newQuoteEngine(t)
	got, err := e.Speakers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || got[0].Name != "Claudia Sheinbaum" || got[0].Quotes != 9 {
		t.Fatalf("top speaker = %+v, want Claudia Sheinbaum with 9 quotes", got)
	}
	if !quoteListHas(got[0].Aliases, "Sheinbaum") {
		t.Errorf("Sheinbaum aliases %v lack the surname the sources use", got[0].Aliases)
	}
	total, names := 0, map[string]bool{}
	for _, s := range got {
		total += s.Quotes
		if names[s.Name] {
			t.Errorf("speaker %q listed twice", s.Name)
		}
		names[s.Name] = true
	}
	attributed := 0
	for _, q := range fake.quotes {
		if q.Speaker != "" {
			attributed++
		}
	}
	if total != attributed {
		t.Errorf("speaker counts add to %d, want the %d attributed quotes", total, attributed)
	}
	for _, want := range []string{"James Hewitt", "Crisis Group", "Pete Hegseth", "Ana Ruiz"} {
		if !names[want] {
			t.Errorf("speakers lack %q: %v", want, names)
		}
	}
}

func TestQuotesIndexErrors(t *testing.T) {
	ctx := context.Background()
	boom := errors.New("disk on fire")
	e := &Engine{Index: &quoteFake{err: boom}, QuoteIndex: &quoteFake{err: boom}}
	if _, err := e.Quotes(ctx, "", "", 0); !errors.Is(err, boom) {
		t.Errorf("Quotes error = %v, want it to wrap %v", err, boom)
	}
	if _, err := e.Speakers(ctx); !errors.Is(err, boom) {
		t.Errorf("Speakers error = %v, want it to wrap %v", err, boom)
	}
	if _, err := (&Engine{}).Quotes(ctx, "", "", 0); !errors.Is(err, errNoQuoteIndex) {
		t.Errorf("Quotes without a quote index: %v", err)
	}
}

func quoteListHas(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestQuotesByTitle: a speaker asked for by job title gets the quotations
// of the one person the sentences give that title, as if asked by name.
func TestQuotesByTitle(t *testing.T) {
	e, _ := newQuoteEngine(t)
	e.Index = newTestIndex(e.Analyzer, SeedArticles(t)) // sentences to learn titles from
	ctx := context.Background()
	count := func(speaker string) (int, string) {
		t.Helper()
		hits, err := e.Quotes(ctx, speaker, "", 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 {
			return 0, ""
		}
		return len(hits), hits[0].Speaker
	}
	byName, _ := count("Claudia Sheinbaum")
	hegseth, _ := count("Pete Hegseth")
	tests := []struct {
		speaker string
		want    int
		who     string
	}{
		{"the Mexican president", byName, "Claudia Sheinbaum"},
		{"Mexican president", byName, "Claudia Sheinbaum"},
		{"Mexico's president", byName, "Claudia Sheinbaum"},
		{"the president of Mexico", byName, "Claudia Sheinbaum"},
		{"defense secretary", hegseth, "Pete Hegseth"},
		// Two presidents in the story: the title is nobody's, and no
		// speaker's name or alias starts with it either.
		{"the president", 0, ""},
	}
	for _, tt := range tests {
		if n, who := count(tt.speaker); n != tt.want || who != tt.who {
			t.Errorf("%q: %d quotations by %q, want %d by %q", tt.speaker, n, who, tt.want, tt.who)
		}
	}
	if byName == 0 || hegseth == 0 {
		t.Fatalf("by name: %d Sheinbaum, %d Hegseth quotations; want some", byName, hegseth)
	}
}
