package eval_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"storybot/corpus"
	"storybot/qa"
	"storybot/qa/eval"
	"storybot/store"
)

func TestStoryQuestions(t *testing.T) {
	tests := []struct {
		title, desc string
		want        []string
	}{
		{"Equifax breach hits 143 million", "Hackers stole data of 143 million Americans.",
			[]string{"Is it true that Hackers stole data of 143 million Americans?", "Is it true that Equifax breach hits 143 million?"}},
		{"Short title", "None", nil},
		{"", "NASA launches a new probe to Jupiter!", []string{"Is it true that NASA launches a new probe to Jupiter?"}},
	}
	for _, tt := range tests {
		qs := eval.StoryQuestions("s", "s/f.json", tt.title, tt.desc)
		if len(qs) != len(tt.want) {
			t.Fatalf("%q/%q: %+v", tt.title, tt.desc, qs)
		}
		for i, q := range qs {
			if q.Question != tt.want[i] || q.Story != "s" || q.File != "s/f.json" {
				t.Errorf("question %d = %+v, want %q", i, q, tt.want[i])
			}
		}
	}
}

// TestNewsClusterRouting loads the 69 news-cluster events as stories beside
// the seed story in one real SQLite index, and checks that questions
// written from each article go to their own story, and that the seed's
// golden questions get the answers the seed story gives alone.
func TestNewsClusterRouting(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "data", "news-clusters")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("news-clusters dataset not found at %s (it lives in ../shared): %v", dir, err)
	}
	ctx := context.Background()
	fsys, qs, err := eval.NewsClusters(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := eval.AddStory(fsys, eval.DefaultStory, corpus.Default()); err != nil {
		t.Fatal(err)
	}
	an := corpus.NewAnalyzer()
	router := openRouter(t, an, fsys)
	rep, err := eval.RunStories(ctx, router, qs, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d stories, %d articles, %d questions: routed %.3f %v, in top two %.3f, close %.3f, %.1f sentences excluded per question",
		rep.Stories, rep.Articles, rep.Questions, rep.Routed, rep.ByKind, rep.InTopTwo, rep.Close, rep.Excluded)
	if rep.Stories != 70 {
		t.Errorf("%d stories, want the 69 events and the seed", rep.Stories)
	}
	if rep.Routed < 0.95 {
		for _, m := range rep.Misses {
			t.Logf("miss: %q → %s (want %s)", m.Question, m.Got, m.Want)
		}
		t.Errorf("routed %.3f of %d questions to their story, want at least 0.95", rep.Routed, rep.Questions)
	}

	golden, err := eval.ReadGolden(filepath.Join("..", "testdata", "golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	aloneDB := openStore(t, an, "seed")
	if _, err := aloneDB.Reload(ctx, corpus.Default(), nil); err != nil {
		t.Fatal(err)
	}
	alone := &qa.Engine{Index: aloneDB, QuoteIndex: aloneDB, Analyzer: an}
	cmp, err := eval.CompareStory(ctx, router, alone, eval.DefaultStory, eval.GoldenTexts(golden))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("seed golden beside the news: %+v", cmp)
	// A question routed home must get exactly the seed-alone answer. One
	// may rightly go elsewhere: "What did the Wall Street Journal report?"
	// fits a bitcoin story that cites the Journal as well as it fits the seed.
	if cmp.Answered == 0 || cmp.Same != cmp.RoutedHome || float64(cmp.RoutedHome) < 0.9*float64(cmp.Answered) {
		t.Errorf("%d answered seed questions, %d routed to the seed, %d with the same answer as alone: %v",
			cmp.Answered, cmp.RoutedHome, cmp.Same, cmp.Differ)
	}
}

func openStore(t *testing.T, an *corpus.Analyzer, name string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), name+".db"), nil, store.WithAnalyzer(an))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// openRouter indexes fsys, story by story, in a real SQLite file.
func openRouter(t *testing.T, an *corpus.Analyzer, fsys fs.FS) *qa.Router {
	t.Helper()
	db := openStore(t, an, "stories")
	res, err := db.ReloadStories(context.Background(), fsys, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Err != nil {
			t.Errorf("story %s: %v", r.Story, r.Err)
		}
		// A few dataset articles are all clutter; their stories keep the rest.
		for _, p := range r.Report.Failed {
			t.Logf("not loaded: %s: %.60s", p.File, p.Reason)
		}
	}
	return &qa.Router{
		Engine:  &qa.Engine{Index: db, QuoteIndex: db, Analyzer: an},
		Stories: db,
		View:    func(s string) (qa.Index, qa.QuoteIndex) { v := db.Story(s); return v, v },
	}
}
