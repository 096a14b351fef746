package store_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"storybot/corpus"
	"storybot/qa"
	"storybot/store"
)

var (
	_ qa.Index      = (*store.DB)(nil)
	_ qa.QuoteIndex = (*store.DB)(nil)
)

func openDB(t testing.TB, path string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), path, nil)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return db
}

func reload(t testing.TB, db *store.DB, fsys fs.FS) corpus.ReloadReport {
	t.Helper()
	r, err := db.Reload(context.Background(), fsys, nil)
	if err != nil {
		t.Fatalf("reload: %v", err)
	}
	return r
}

func article(title, body string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("Title: " + title + "\nOutlet: " + title + " News\nLanguage: en\n\n" + body + "\n")}
}

// threeArticles is a small corpus whose words overlap, so stems are shared
// between articles and removing one must edit lists the others keep.
func threeArticles() fstest.MapFS {
	return fstest.MapFS{
		"a.txt": article("Troops", "The president rejected the troops. Soldiers crossed the border at night.\nThe border stayed closed for three days."),
		"b.txt": article("Border", "Troops gathered near the border. The president said the troops were not welcome.\n\"Sovereignty is not for sale,\" the president said."),
		"c.txt": article("Trade", "Trade talks continued on Monday. Tariffs on steel rose again.\nThe border trade fell sharply."),
	}
}

func TestOpenMigratesOnceAndReopens(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "nested", "dir", "storybot.db")
	db, err := store.Open(ctx, path, nil)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	v, err := store.SchemaVersion(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if v != store.MigrationCount() || v == 0 {
		t.Fatalf("schema version %d, want %d", v, store.MigrationCount())
	}
	rep := reload(t, db, threeArticles())
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	for range 2 {
		db, err := store.Open(ctx, path, nil)
		if err != nil {
			t.Fatalf("reopen: %v", err)
		}
		if v2, _ := store.SchemaVersion(ctx, db); v2 != v {
			t.Fatalf("schema version after reopen %d, want %d", v2, v)
		}
		st, err := db.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Articles != 3 || st.Sentences != rep.Sentences {
			t.Fatalf("stats after reopen %+v, want 3 articles and %d sentences", st, rep.Sentences)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	db, err := store.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	// Pretend a future storybot wrote the file.
	if err := store.SetSchemaVersion(ctx, path, store.MigrationCount()+1); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Open(ctx, path, nil); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("open of a newer schema: err = %v, want one saying it is newer", err)
	}
}

func TestOpenRejectsNonDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.db")
	if err := os.WriteFile(path, []byte(strings.Repeat("not a database\n", 400)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Open(context.Background(), path, nil); err == nil {
		t.Fatal("open of a text file succeeded")
	}
}

func TestReloadDefaultCorpus(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "s.db"))
	rep := reload(t, db, corpus.Default())

	files, _, err := corpus.ReadFiles(corpus.Default())
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Added) != len(files) || len(rep.Failed) != 0 || len(files) < 2 {
		t.Fatalf("report %+v, want all %d files added", rep, len(files))
	}

	arts, err := db.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !sort.SliceIsSorted(arts, func(i, j int) bool { return arts[i].File < arts[j].File }) {
		t.Fatalf("articles not ordered by file: %v", arts)
	}
	var wantSentences int
	var wantQuotes []corpus.Quote
	for i, f := range files {
		want, err := corpus.Parse(f)
		if err != nil {
			t.Fatal(err)
		}
		// A fresh store numbers sentences from 1, article after article in
		// file order.
		want.FirstSentence, want.SentenceCount = uint32(wantSentences+1), len(want.Sentences)
		wantSentences += len(want.Sentences)
		wantQuotes = append(wantQuotes, corpus.ExtractQuotes(want)...)

		got := arts[i]
		if len(got.Sentences) != 0 {
			t.Errorf("Articles returned sentences for %s", got.ID)
		}
		full, err := db.Article(ctx, want.ID)
		if err != nil {
			t.Fatalf("Article(%q): %v", want.ID, err)
		}
		if full.Hash != f.Hash {
			t.Errorf("%s: hash %q, want %q", want.ID, full.Hash, f.Hash)
		}
		want.Hash = f.Hash
		if fmt.Sprint(full) != fmt.Sprint(want) {
			t.Errorf("Article(%q) =\n%+v\nwant\n%+v", want.ID, full, want)
		}
		want.Sentences = nil
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("Articles()[%d] =\n%+v\nwant\n%+v", i, got, want)
		}
	}
	if rep.Sentences != wantSentences {
		t.Errorf("report says %d sentences, want %d", rep.Sentences, wantSentences)
	}
	st, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != len(files) || st.Sentences != wantSentences || st.AvgLen <= 0 {
		t.Errorf("stats %+v, want %d articles, %d sentences", st, len(files), wantSentences)
	}

	quotes, err := db.Quotes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(quotes) != fmt.Sprint(wantQuotes) {
		t.Errorf("quotes\n%v\nwant\n%v", quotes, wantQuotes)
	}
	if len(wantQuotes) == 0 {
		t.Error("the default corpus has quotations; ExtractQuotes found none")
	}

	// The brute-force check, on the real corpus and analyzer.
	checkPostings(t, db)

	if _, err := db.Article(ctx, "no-such-article"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Article of a missing id: err = %v, want ErrNotFound", err)
	}
}

// checkPostings rebuilds the whole index by brute force from the stored
// sentences and compares it with every stored posting list.
func checkPostings(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	an := corpus.NewAnalyzer()
	next, err := store.NextSentence(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]uint32, 0, next)
	for id := range next {
		ids = append(ids, id)
	}
	sents, err := db.Sentences(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	lang := map[string]string{}
	arts, err := db.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		lang[a.ID] = a.Language
	}
	want := map[string][]corpus.Posting{}
	var totalLen int
	for _, s := range sents {
		terms := an.Terms(s.Text, lang[s.ArticleID])
		totalLen += len(terms)
		tf := map[string]uint16{}
		for _, term := range terms {
			tf[term]++
		}
		for stem, n := range tf {
			want[stem] = append(want[stem], corpus.Posting{Sentence: s.ID, TF: n, Len: uint16(len(terms))})
		}
	}
	stems, err := store.Stems(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if wantStems := slices.Sorted(maps.Keys(want)); !slices.Equal(stems, wantStems) {
		t.Fatalf("indexed stems differ from brute force:\n got %v\nwant %v", stems, wantStems)
	}
	for stem, ps := range want {
		got, err := db.Postings(ctx, stem)
		if err != nil {
			t.Fatalf("Postings(%q): %v", stem, err)
		}
		if !slices.Equal(got, ps) {
			t.Fatalf("Postings(%q) = %v, want %v", stem, got, ps)
		}
	}
	st, err := db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Sentences != len(sents) || st.Articles != len(arts) {
		t.Fatalf("stats %+v, but %d sentences and %d articles stored", st, len(sents), len(arts))
	}
	if len(sents) > 0 {
		if avg := float64(totalLen) / float64(len(sents)); st.AvgLen < avg-1e-9 || st.AvgLen > avg+1e-9 {
			t.Fatalf("stats AvgLen %v, brute force %v", st.AvgLen, avg)
		}
	}
	if ps, err := db.Postings(ctx, "zzzz-not-a-stem"); err != nil || ps != nil {
		t.Fatalf("Postings of an absent stem = %v, %v; want nil, nil", ps, err)
	}
}

func sentenceIDs(t *testing.T, db *store.DB, stem string) []uint32 {
	t.Helper()
	ps, err := db.Postings(context.Background(), stem)
	if err != nil {
		t.Fatal(err)
	}
	var ids []uint32
	for _, p := range ps {
		ids = append(ids, p.Sentence)
	}
	return ids
}

func articleSentences(t *testing.T, db *store.DB, id string) []string {
	t.Helper()
	a, err := db.Article(context.Background(), id)
	if err != nil {
		t.Fatalf("Article(%q): %v", id, err)
	}
	var out []string
	for _, s := range a.Sentences {
		out = append(out, s.Text)
	}
	return out
}

func TestReloadIncremental(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "s.db"))
	fsys := threeArticles()
	rep := reload(t, db, fsys)
	if got := slices.Sorted(slices.Values(rep.Added)); !slices.Equal(got, []string{"a.txt", "b.txt", "c.txt"}) {
		t.Fatalf("first reload added %v", rep.Added)
	}
	checkPostings(t, db)
	cBefore, err := db.Article(ctx, "c")
	if err != nil {
		t.Fatal(err)
	}
	tradeBefore := sentenceIDs(t, db, "trade")
	if len(tradeBefore) == 0 {
		t.Fatal("no postings for trade")
	}

	// Nothing changed: nothing re-analysed, nothing written.
	rep = reload(t, db, fsys)
	if rep.Unchanged != 3 || len(rep.Added)+len(rep.Updated)+len(rep.Removed)+len(rep.Failed) != 0 {
		t.Fatalf("unchanged reload reported %+v", rep)
	}

	// Update a, remove b, add d, keep c.
	fsys["a.txt"] = article("Troops", "The president welcomed the trade envoy. Soldiers went home.")
	delete(fsys, "b.txt")
	fsys["d.txt"] = article("Steel", "Steel prices rose. The border reopened for trade.")
	rep = reload(t, db, fsys)
	if !slices.Equal(rep.Updated, []string{"a.txt"}) || !slices.Equal(rep.Removed, []string{"b.txt"}) ||
		!slices.Equal(rep.Added, []string{"d.txt"}) || rep.Unchanged != 1 || len(rep.Failed) != 0 {
		t.Fatalf("incremental reload reported %+v", rep)
	}
	checkPostings(t, db)

	// c was not touched: same sentences, same ids.
	cAfter, err := db.Article(ctx, "c")
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(cAfter) != fmt.Sprint(cBefore) {
		t.Fatalf("unchanged article changed:\n%+v\n%+v", cBefore, cAfter)
	}
	tradeAfter := sentenceIDs(t, db, "trade")
	for _, id := range tradeBefore {
		s, err := db.Sentences(ctx, []uint32{id})
		if err != nil {
			t.Fatal(err)
		}
		if len(s) == 1 && s[0].ArticleID == "c" && !slices.Contains(tradeAfter, id) {
			t.Fatalf("sentence %d of unchanged article c lost from trade's postings", id)
		}
	}
	// Ids are never reused: a's new sentences come after every old id.
	for _, id := range tradeAfter {
		s, _ := db.Sentences(ctx, []uint32{id})
		if s[0].ArticleID != "c" && id <= slices.Max(tradeBefore) {
			t.Fatalf("new sentence %d of %s reuses an old id", id, s[0].ArticleID)
		}
	}
	if got := articleSentences(t, db, "a"); !slices.Contains(got, "Soldiers went home.") {
		t.Fatalf("a not updated: %q", got)
	}
	if _, err := db.Article(ctx, "b"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("removed article b: err = %v, want ErrNotFound", err)
	}
	// "welcom" only came with b's old text and a's new text.
	if ids := sentenceIDs(t, db, "welcom"); len(ids) != 1 {
		t.Fatalf("welcom postings %v, want only a's new sentence", ids)
	}
}

func TestReloadNothingChangedWritesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.db")
	db := openDB(t, path)
	fsys := threeArticles()
	reload(t, db, fsys)
	before := snapshotFiles(t, dir)
	rep := reload(t, db, fsys)
	if rep.Unchanged != 3 || rep.Sentences == 0 {
		t.Fatalf("report %+v", rep)
	}
	if after := snapshotFiles(t, dir); !maps.Equal(before, after) {
		t.Fatalf("a reload with nothing changed wrote to the database: %v → %v", before, after)
	}
}

func snapshotFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), "-shm") {
			continue // readers' shared-memory index, not data
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = fmt.Sprintf("%x", sha256.Sum256(b))
	}
	return out
}

func TestReloadBadFiles(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "s.db"))
	fsys := threeArticles()
	fsys["bad-utf8.txt"] = &fstest.MapFile{Data: []byte("Troops \xff\xfe at the border.\n")}
	fsys["empty.txt"] = &fstest.MapFile{Data: nil}
	fsys["nul.txt"] = &fstest.MapFile{Data: []byte("Troops\x00\x00\x00\x01\x02 at the border.\n")}
	fsys["broken.json"] = &fstest.MapFile{Data: []byte(`{"title": "Troops", "text": "The border`)}
	fsys["photo.jpg"] = &fstest.MapFile{Data: []byte{0xff, 0xd8, 0xff}}

	rep := reload(t, db, fsys)
	var failed []string
	for _, f := range rep.Failed {
		failed = append(failed, f.File)
		if f.Reason == "" {
			t.Errorf("%s failed without a reason", f.File)
		}
	}
	slices.Sort(failed)
	if want := []string{"bad-utf8.txt", "broken.json", "empty.txt", "nul.txt"}; !slices.Equal(failed, want) {
		t.Fatalf("failed %v, want %v (report %+v)", failed, want, rep)
	}
	if len(rep.Skipped) != 1 || rep.Skipped[0].File != "photo.jpg" {
		t.Errorf("skipped %+v, want photo.jpg", rep.Skipped)
	}
	if len(rep.Added) != 3 {
		t.Fatalf("added %v, want the three good files", rep.Added)
	}
	checkPostings(t, db)

	// A good file turning bad keeps its indexed version.
	before := articleSentences(t, db, "a")
	fsys["a.txt"] = &fstest.MapFile{Data: []byte("Troops \xff at the border.\n")}
	delete(fsys, "b.txt")
	rep = reload(t, db, fsys)
	if !slices.ContainsFunc(rep.Failed, func(p corpus.FileProblem) bool { return p.File == "a.txt" }) {
		t.Fatalf("a.txt turned invalid but was not reported failed: %+v", rep)
	}
	if len(rep.Updated) != 0 || !slices.Equal(rep.Removed, []string{"b.txt"}) {
		t.Fatalf("report %+v, want only b removed", rep)
	}
	if got := articleSentences(t, db, "a"); !slices.Equal(got, before) {
		t.Fatalf("a's indexed version changed after a bad edit: %q → %q", before, got)
	}
	checkPostings(t, db)

	// Fixing it loads the new version.
	fsys["a.txt"] = article("Troops", "The fix arrived.")
	rep = reload(t, db, fsys)
	if !slices.Equal(rep.Updated, []string{"a.txt"}) {
		t.Fatalf("report %+v, want a updated", rep)
	}
	if got := articleSentences(t, db, "a"); !slices.Contains(got, "The fix arrived.") {
		t.Fatalf("a after fix: %q", got)
	}
	checkPostings(t, db)
	if _, err := db.Stats(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestReloadDuplicateArticleID(t *testing.T) {
	db := openDB(t, filepath.Join(t.TempDir(), "s.db"))
	fsys := threeArticles()
	fsys["a.md"] = article("Other", "Another article with the same id.")
	rep := reload(t, db, fsys)
	if len(rep.Failed) != 1 || rep.Failed[0].File != "a.txt" || !strings.Contains(rep.Failed[0].Reason, "a.md") {
		t.Fatalf("report %+v, want a.txt failed naming a.md (files load in lexical order)", rep)
	}
	checkPostings(t, db)
}

func TestReloadRefusesToEmptyTheIndex(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "s.db"))
	rep := reload(t, db, threeArticles())
	for _, fsys := range []fstest.MapFS{
		{},
		{"z.txt": &fstest.MapFile{Data: []byte("\x00\x01")}, "notes.pdf": &fstest.MapFile{Data: []byte("x")}},
	} {
		_, err := db.Reload(ctx, fsys, nil)
		if !errors.Is(err, store.ErrEmptyReload) {
			t.Fatalf("reload of %v: err = %v, want ErrEmptyReload", slices.Collect(maps.Keys(fsys)), err)
		}
		st, err := db.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Articles != 3 || st.Sentences != rep.Sentences {
			t.Fatalf("stats after refused reload %+v", st)
		}
		checkPostings(t, db)
	}
	// An empty database may stay empty.
	empty := openDB(t, filepath.Join(t.TempDir(), "e.db"))
	if _, err := empty.Reload(ctx, fstest.MapFS{}, nil); err != nil {
		t.Fatalf("empty reload of an empty index: %v", err)
	}
}

func TestReloadProgress(t *testing.T) {
	db := openDB(t, filepath.Join(t.TempDir(), "s.db"))
	var calls [][2]int
	_, err := db.Reload(context.Background(), threeArticles(), func(done, total int) {
		calls = append(calls, [2]int{done, total})
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) == 0 || calls[len(calls)-1] != [2]int{3, 3} {
		t.Fatalf("progress calls %v, want to end at 3 of 3", calls)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i][0] < calls[i-1][0] {
			t.Fatalf("progress went backwards: %v", calls)
		}
	}
}

func TestReloadCanceled(t *testing.T) {
	db := openDB(t, filepath.Join(t.TempDir(), "s.db"))
	rep := reload(t, db, threeArticles())
	ctx, cancel := context.WithCancel(context.Background())
	fsys := threeArticles()
	fsys["d.txt"] = article("New", "Something new happened.")
	_, err := db.Reload(ctx, fsys, func(done, total int) { cancel() })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	st, err := db.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 3 || st.Sentences != rep.Sentences {
		t.Fatalf("stats after canceled reload %+v", st)
	}
	checkPostings(t, db)
}

// TestOldCorpusAnswersDuringReload reads from another goroutine while the
// reload's write transaction is open, then again after it commits.
func TestOldCorpusAnswersDuringReload(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "s.db"))
	fsys := threeArticles()
	reload(t, db, fsys)
	oldStats, _ := db.Stats(ctx)
	oldTroops := sentenceIDs(t, db, "troop")
	if len(oldTroops) == 0 {
		t.Fatal("no postings for troop")
	}

	delete(fsys, "a.txt")
	fsys["b.txt"] = article("Border", "Nothing about soldiers here.")
	fsys["e.txt"] = article("Troops", "Troops left. More troops came.")

	var inside bool
	store.SetBeforeCommit(db, func() {
		inside = true
		done := make(chan error, 1)
		go func() {
			done <- func() error {
				st, err := db.Stats(ctx)
				if err != nil {
					return err
				}
				if st != oldStats {
					return fmt.Errorf("stats during reload %+v, want old %+v", st, oldStats)
				}
				ps, err := db.Postings(ctx, "troop")
				if err != nil {
					return err
				}
				var ids []uint32
				for _, p := range ps {
					ids = append(ids, p.Sentence)
				}
				if !slices.Equal(ids, oldTroops) {
					return fmt.Errorf("troop postings during reload %v, want old %v", ids, oldTroops)
				}
				sents, err := db.Sentences(ctx, ids)
				if err != nil {
					return err
				}
				if len(sents) != len(ids) {
					return fmt.Errorf("old sentences during reload: got %d of %d", len(sents), len(ids))
				}
				arts, err := db.Articles(ctx)
				if err != nil {
					return err
				}
				if len(arts) != 3 || arts[0].ID != "a" {
					return fmt.Errorf("articles during reload %v", arts)
				}
				if _, err := db.Article(ctx, "a"); err != nil {
					return fmt.Errorf("article a during reload: %w", err)
				}
				return nil
			}()
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Error(err)
			}
		case <-time.After(20 * time.Second):
			t.Error("reader blocked by the reload's open transaction")
		}
	})
	rep := reload(t, db, fsys)
	store.SetBeforeCommit(db, nil)
	if !inside {
		t.Fatal("reload committed without calling the hook")
	}
	if len(rep.Removed) != 1 || len(rep.Updated) != 1 || len(rep.Added) != 1 {
		t.Fatalf("report %+v", rep)
	}
	newTroops := sentenceIDs(t, db, "troop")
	if slices.Equal(newTroops, oldTroops) {
		t.Fatal("troop postings unchanged after commit: stale cache")
	}
	checkPostings(t, db)
	if _, err := db.Article(ctx, "a"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a after commit: %v", err)
	}
}

// TestConcurrentReadsAndReloads is for the race detector: readers in
// goroutines while reloads flip the corpus back and forth.
func TestConcurrentReadsAndReloads(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "s.db"))
	v1 := threeArticles()
	v2 := threeArticles()
	v2["a.txt"] = article("Troops", "Troops again. And troops.")
	delete(v2, "c.txt")
	reload(t, db, v1)

	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := db.Stats(ctx); err != nil {
					errs <- err
					return
				}
				ps, err := db.Postings(ctx, "troop")
				if err != nil {
					errs <- err
					return
				}
				ids := make([]uint32, len(ps))
				for i, p := range ps {
					ids[i] = p.Sentence
				}
				if _, err := db.Sentences(ctx, ids); err != nil {
					errs <- err
					return
				}
				if _, err := db.Articles(ctx); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	for i := range 6 {
		fsys := v1
		if i%2 == 0 {
			fsys = v2
		}
		reload(t, db, fsys)
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	checkPostings(t, db)
}
