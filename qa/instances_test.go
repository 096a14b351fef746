package qa_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"storybot/corpus"
	"storybot/qa"
	"storybot/store"
)

// TestInstanceAnswers asks, of a story in SQLite, questions whose noun
// the sources answer by naming one of its kind: the sentence naming it is
// cited, and one holding only the noun is not.
func TestInstanceAnswers(t *testing.T) {
	an := corpus.NewAnalyzer()
	const (
		sparrow = "Some passengers believe it was a sparrow that flew into the cabin."
		freed   = "The bird was removed by staff and set free after the landing."
		maine   = "Sightings of the meteor were reported across Maine late on Tuesday."
		states  = "Residents of several states reported the meteor to the police."
		iran    = "Iran, for instance, blocked the messaging app last year."
	)
	tests := []struct {
		question  string
		sentences []string
		want      string // first sentence cited, "" for nothing
	}{
		{"what kind of bird was it", []string{freed, sparrow}, sparrow},
		{"what kind of bird was it", []string{freed}, ""},
		{"which states saw the meteor", []string{states, maine}, maine},
		{"which countries blocked the app", []string{iran}, iran},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			if got := firstCited(askOneArticle(t, an, strings.Join(tt.sentences, "\n\n"), tt.question)); got != tt.want {
				t.Errorf("first cited %q, want %q", got, tt.want)
			}
		})
	}
}

// BenchmarkInstanceQuestion times a question whose noun has many
// instances ("which city": some 1,500 names looked up) against one
// without, over a story in SQLite.
func BenchmarkInstanceQuestion(b *testing.B) {
	ctx := context.Background()
	an := corpus.NewAnalyzer()
	db, err := store.Open(ctx, filepath.Join(b.TempDir(), "kinds.db"), nil, store.WithAnalyzer(an))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	body := strings.Repeat("Sightings of the meteor were reported across Maine and in Boston late on Tuesday.\n\nResidents of several states reported the meteor to the police.\n\n", 50)
	if _, err := db.Reload(ctx, fstest.MapFS{
		"a.txt": &fstest.MapFile{Data: []byte("Title: Story\nOutlet: News\nLanguage: en\n\n" + body)},
	}, nil); err != nil {
		b.Fatal(err)
	}
	e := qa.NewEngine(db, db, an, nil)
	for _, question := range []string{"which city saw the meteor", "where was the meteor seen"} {
		b.Run(question, func(b *testing.B) {
			for b.Loop() {
				if _, err := e.Ask(ctx, question); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
