package store_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"storybot/corpus"
)

// TestArticleSentences: whole articles are read by their spans of ids, in
// the order asked and reading order within each, the same sentences
// Article gives; a story view reads only its own story's articles.
func TestArticleSentences(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "s.db"))
	if _, err := db.ReloadStories(ctx, multiStory(t), nil); err != nil {
		t.Fatal(err)
	}
	arts, err := db.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byTitle := map[string]corpus.Article{}
	for _, a := range arts {
		byTitle[a.Title] = a
	}
	quakeB, quakeA, storm := byTitle["Lima"], byTitle["Quake"], byTitle["Storm"]
	gone := quakeA
	gone.ID, gone.FirstSentence, gone.SentenceCount = "gone", 0, 3
	text := func(sents []corpus.IndexedSentence) string {
		var lines []string
		for _, s := range sents {
			lines = append(lines, s.ArticleID+" "+s.Text)
		}
		return strings.Join(lines, "\n")
	}
	want := func(as ...corpus.Article) string {
		var lines []string
		for _, a := range as {
			for _, s := range articleSentences(t, db, a.ID) {
				lines = append(lines, a.ID+" "+s)
			}
		}
		return strings.Join(lines, "\n")
	}
	tests := []struct {
		name string
		read func([]corpus.Article) ([]corpus.IndexedSentence, error)
		arts []corpus.Article
		want string
	}{
		{"the whole index, in the order asked", func(as []corpus.Article) ([]corpus.IndexedSentence, error) { return db.ArticleSentences(ctx, as) },
			[]corpus.Article{quakeB, storm, gone, quakeA}, want(quakeB, storm, quakeA)},
		{"a story view leaves other stories out", func(as []corpus.Article) ([]corpus.IndexedSentence, error) {
			return db.Story("quake").ArticleSentences(ctx, as)
		}, []corpus.Article{quakeB, storm, quakeA}, want(quakeB, quakeA)},
		{"nothing asked", func(as []corpus.Article) ([]corpus.IndexedSentence, error) { return db.ArticleSentences(ctx, as) },
			nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.read(tt.arts)
			if err != nil {
				t.Fatal(err)
			}
			if g := text(got); g != tt.want {
				t.Errorf("got\n%s\nwant\n%s", g, tt.want)
			}
		})
	}
	if want(quakeA) == "" || want(storm) == "" {
		t.Fatal("the test stories have no sentences")
	}
}
