package store_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"storybot/store"
)

// TestReloadJSONL: each line of a .jsonl file is an article of its own, so
// editing one line re-indexes that one article (and reads no other file),
// and a line broken by an edit keeps its previously indexed version while
// the file's other records stay.
func TestReloadJSONL(t *testing.T) {
	dir := t.TempDir()
	corpusDir := filepath.Join(dir, "corpus")
	if err := os.MkdirAll(corpusDir, 0o755); err != nil {
		t.Fatal(err)
	}
	lines := []string{
		`{"url": "https://www.example.com/news/troops?utm_source=rss", "title": "Troops", "maintext": "The president rejected the troops. Soldiers crossed the border at night.", "language": "en"}`,
		`{"filename": "https%3A%2F%2Fexample.org%2Ftrade.json", "title": "Trade", "maintext": "Trade talks continued on Monday. Tariffs on steel rose again.", "language": "en"}`,
		`{"title": "Border", "text": "Troops gathered near the border. The president said the troops were not welcome.", "language": "en"}`,
	}
	write := func(ls []string, mtime time.Time) {
		t.Helper()
		p := filepath.Join(corpusDir, "dump.jsonl")
		if err := os.WriteFile(p, []byte(strings.Join(ls, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	other := filepath.Join(corpusDir, "other.txt")
	if err := os.WriteFile(other, []byte("Title: Other\nLanguage: en\n\nThe other article is here.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(other, time.Now().Add(-time.Hour), time.Now().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	write(lines, time.Now().Add(-time.Hour))
	db := openDB(t, filepath.Join(dir, "index.db"))
	fsys := &openCounter{FS: os.DirFS(corpusDir)}
	r := reload(t, db, fsys)
	want := []string{"dump.jsonl#example.com-news-troops", "dump.jsonl#example.org-trade", "dump.jsonl#L3", "other.txt"} // line order
	if !slices.Equal(r.Added, want) || len(r.Failed) != 0 {
		t.Fatalf("first reload added %q failed %v, want %q", r.Added, r.Failed, want)
	}
	fsys.take()
	ids := articleIDs(t, db)
	if !slices.Equal(ids, []string{"dump#L3", "dump#example.com-news-troops", "dump#example.org-trade", "other"}) {
		t.Errorf("article ids %q", ids)
	}

	// One line changed: one article re-indexed, the others unchanged.
	changed := slices.Clone(lines)
	changed[1] = strings.Replace(changed[1], "rose again", "fell again", 1)
	write(changed, time.Now().Add(-30*time.Minute))
	r = reload(t, db, fsys)
	if !slices.Equal(r.Updated, []string{"dump.jsonl#example.org-trade"}) || len(r.Added)+len(r.Removed)+len(r.Failed) != 0 || r.Unchanged != 3 {
		t.Errorf("one line changed: %+v", r)
	}
	if opened := fsys.take(); !slices.Equal(opened, []string{"dump.jsonl"}) {
		t.Errorf("opened %q, want the .jsonl file only, once", opened)
	}
	if got := articleSentences(t, db, "dump#example.org-trade"); !slices.Contains(got, "Tariffs on steel fell again.") {
		t.Errorf("changed record's sentences %q", got)
	}

	// The first line broken: it is reported with its line number, its
	// previous version stays, and so do the other records.
	broken := slices.Clone(changed)
	broken[0] = `{"url": "https://www.example.com/news/troops", "title": "Troops", "maintext": "The president`
	write(broken, time.Now().Add(-20*time.Minute))
	r = reload(t, db, fsys)
	if len(r.Failed) != 1 || r.Failed[0].File != "dump.jsonl#L1" || !strings.Contains(r.Failed[0].Reason, "line 1") || len(r.Removed) != 0 {
		t.Errorf("broken line: %+v", r)
	}
	if got := articleSentences(t, db, "dump#example.com-news-troops"); !slices.Contains(got, "The president rejected the troops.") {
		t.Errorf("broken record's previous version lost: %q", got)
	}
	if len(articleIDs(t, db)) != 4 {
		t.Errorf("articles after a broken line: %q", articleIDs(t, db))
	}

	// Fixed and one record dropped: the dropped one goes.
	write(changed[:2], time.Now().Add(-10*time.Minute))
	r = reload(t, db, fsys)
	if !slices.Equal(r.Removed, []string{"dump.jsonl#L3"}) || len(r.Failed) != 0 || r.Unchanged != 3 {
		t.Errorf("record dropped: %+v", r)
	}

	// An emptied file is reported and keeps its records.
	if err := os.WriteFile(filepath.Join(corpusDir, "dump.jsonl"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	r = reload(t, db, fsys)
	if len(r.Failed) != 1 || r.Failed[0].File != "dump.jsonl" || !strings.Contains(r.Failed[0].Reason, "empty") || len(r.Removed) != 0 {
		t.Errorf("emptied .jsonl: %+v", r)
	}
}

func articleIDs(t *testing.T, db *store.DB) []string {
	t.Helper()
	arts, err := db.Articles(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range arts {
		ids = append(ids, a.ID)
	}
	slices.Sort(ids)
	return ids
}
