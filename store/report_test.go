package store_test

import (
	"context"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"storybot/corpus"
)

// TestReportFeaturesStored checks that a reload stores each article's report
// features as corpus.NewReportFeatures computes them from its sentences,
// drops them with the article, and that a story's view gives only its own.
func TestReportFeaturesStored(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "report.db"))
	all := multiStory(t)
	if _, err := db.ReloadStories(ctx, all, nil); err != nil {
		t.Fatal(err)
	}
	arts, err := db.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{"no-such-article"}
	for _, a := range arts {
		ids = append(ids, a.ID)
	}
	got, err := db.ReportFeatures(ctx, ids, false)
	if err != nil {
		t.Fatal(err)
	}
	ledes, err := db.ReportFeatures(ctx, ids, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(arts) {
		t.Fatalf("features of %d articles, want %d", len(got), len(arts))
	}
	for _, a := range arts {
		full, err := db.Article(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := corpus.NewReportFeatures(full.Sentences); !reflect.DeepEqual(got[a.ID], want) {
			t.Errorf("%s: stored %+v, computed %+v", a.ID, got[a.ID], want)
		}
		if want := corpus.LedeFeatures(full.Sentences); !reflect.DeepEqual(ledes[a.ID], want) {
			t.Errorf("%s: stored lede %+v, computed %+v", a.ID, ledes[a.ID], want)
		}
	}

	view := db.Story("quake")
	mine, err := view.ReportFeatures(ctx, ids, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		if _, ok := mine[a.ID]; ok != (a.Story == "quake") {
			t.Errorf("story view: article %s of story %q given: %v", a.ID, a.Story, ok)
		}
	}
	if len(mine) == 0 {
		t.Fatal("the quake story has no articles")
	}

	// Removing a file removes its article's features with it.
	gone := slices.IndexFunc(arts, func(a corpus.Article) bool { return a.File == "quake/b.txt" })
	if gone < 0 {
		t.Fatal("no article from quake/b.txt")
	}
	rest := maps.Clone(all)
	delete(rest, "quake/b.txt")
	if _, err := db.ReloadStories(ctx, rest, nil); err != nil {
		t.Fatal(err)
	}
	left, err := db.ReportFeatures(ctx, ids, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := left[arts[gone].ID]; ok || len(left) != len(arts)-1 {
		t.Errorf("after removing %s: features of %d articles, want %d, without it", arts[gone].ID, len(left), len(arts)-1)
	}
}

// TestSentencesWithArticles checks the one-query read against Sentences
// and ArticlesByID, for the whole index and a story's view.
func TestSentencesWithArticles(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "swa.db"))
	if _, err := db.ReloadStories(ctx, multiStory(t), nil); err != nil {
		t.Fatal(err)
	}
	st, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Every other sentence, backwards, and ids that do not exist.
	var ids []uint32
	for id := st.Sentences + 5; id > 0; id -= 2 {
		ids = append(ids, uint32(id))
	}
	type index interface {
		Sentences(context.Context, []uint32) ([]corpus.IndexedSentence, error)
		ArticlesByID(context.Context, []string) ([]corpus.Article, error)
		SentencesWithArticles(context.Context, []uint32) ([]corpus.IndexedSentence, map[string]corpus.Article, error)
	}
	for name, idx := range map[string]index{"all": db, "story": db.Story("storm")} {
		sents, arts, err := idx.SentencesWithArticles(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		want, err := idx.Sentences(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		if len(want) == 0 || !slices.Equal(sents, want) {
			t.Errorf("%s: %d sentences, want the %d Sentences reads", name, len(sents), len(want))
		}
		var artIDs []string
		for _, s := range want {
			if !slices.Contains(artIDs, s.ArticleID) {
				artIDs = append(artIDs, s.ArticleID)
			}
		}
		wantArts, err := idx.ArticlesByID(ctx, artIDs)
		if err != nil {
			t.Fatal(err)
		}
		if len(arts) != len(wantArts) {
			t.Errorf("%s: %d articles, want %d", name, len(arts), len(wantArts))
		}
		for _, a := range wantArts {
			if !reflect.DeepEqual(arts[a.ID], a) {
				t.Errorf("%s: article %+v, want %+v", name, arts[a.ID], a)
			}
		}
	}
}
