package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// TestArticlesByIDAfterReload checks that the article metadata ArticlesByID
// keeps in memory follows reloads and is not shared with callers.
func TestArticlesByIDAfterReload(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "s.db"))
	fsys := fstest.MapFS{
		"a.txt": {Data: []byte("Title: First title\nOutlet: A News\nAuthors: Ana Ruiz, Bo Lee\nLanguage: en\n\nThe border stayed closed for three days.\n")},
		"b.txt": article("Other", "Trade talks continued on Monday."),
	}
	reload(t, db, fsys)
	all, err := db.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var id string
	for _, a := range all {
		if a.Title == "First title" {
			id = a.ID
		}
	}
	for range 2 { // read, then from memory
		got, err := db.ArticlesByID(ctx, []string{id, "no-such-article"})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Title != "First title" || len(got[0].Authors) != 2 || got[0].Authors[0] != "Ana Ruiz" {
			t.Fatalf("ArticlesByID = %+v, want the first title by Ana Ruiz and Bo Lee", got)
		}
		got[0].Authors[0] = "changed by a caller"
	}

	fsys["a.txt"] = &fstest.MapFile{Data: []byte("Title: Second title\nOutlet: A News\nLanguage: en\n\nThe border stayed closed for three days.\n")}
	reload(t, db, fsys)
	all, err = db.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range all {
		if a.Title == "Second title" {
			id = a.ID
		}
	}
	got, err := db.ArticlesByID(ctx, []string{id})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Title != "Second title" || len(got[0].Authors) != 0 {
		t.Fatalf("after reload ArticlesByID = %+v, want the second title without authors", got)
	}
}
