package qa_test

import (
	"context"
	"path/filepath"
	"testing"
	"testing/fstest"

	"storybot/corpus"
	"storybot/qa"
	"storybot/store"
)

// askOneArticle indexes body as the one article of a story, in a real
// SQLite file, and asks it question: the table tests of answering rules
// need a sentence, a question and what is cited.
func askOneArticle(t *testing.T, an *corpus.Analyzer, body, question string) qa.Answer {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "story.db"), nil, store.WithAnalyzer(an))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Reload(ctx, fstest.MapFS{
		"a.txt": &fstest.MapFile{Data: []byte("Title: Story\nOutlet: News\nLanguage: en\n\n" + body + "\n")},
	}, nil); err != nil {
		t.Fatal(err)
	}
	ans, err := qa.NewEngine(db, db, an, nil).Ask(ctx, question)
	if err != nil {
		t.Fatal(err)
	}
	return ans
}

// firstCited is the first sentence an answer cites, "" for none.
func firstCited(ans qa.Answer) string {
	if len(ans.Sources) == 0 {
		return ""
	}
	return ans.Sources[0].Sentences[0].Text
}
