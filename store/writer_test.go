package store_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"storybot/corpus"
	"storybot/store"
)

// checkTotals fails the test unless the stored totals equal the rows.
func checkTotals(t testing.TB, db *store.DB) {
	t.Helper()
	c, err := db.VerifyCounters(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !c.OK() {
		t.Fatalf("totals differ from the rows: %s", c)
	}
}

func TestConcurrentReloadsKeepTotalsExact(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	full := threeArticles()
	for i := range 12 {
		full[fmt.Sprintf("x%02d.txt", i)] = article(fmt.Sprintf("Extra %d", i), fmt.Sprintf("Report number %d on the border talks. Officials met %d times.", i, i+2))
	}
	first := openDB(t, path)
	reload(t, first, full)
	// Two handles are two connections, as two processes would have; each
	// reloads a corpus from which files were only deleted.
	second := openDB(t, path)
	for trial := range 5 {
		smaller := fstest.MapFS{}
		for name, f := range full {
			if !strings.HasPrefix(name, "x") || (len(name)+trial)%3 != 0 {
				smaller[name] = f
			}
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, db := range []*store.DB{first, second} {
			wg.Go(func() { _, errs[i] = db.Reload(ctx, smaller, nil) })
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		checkTotals(t, first)
		reload(t, first, full)
		checkTotals(t, second)
	}
	// Handles cache what they read; a fresh one reads what is stored.
	checkPostings(t, openDB(t, path))
}

func TestGenerationRaisedByEveryChangingCommit(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	db := openDB(t, path)
	other := openDB(t, path)
	gen := func() uint64 {
		t.Helper()
		g, err := other.Generation(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	g0 := gen()
	m := multiStory(t)
	if _, err := db.ReloadStories(ctx, m, nil); err != nil {
		t.Fatal(err)
	}
	g1 := gen()
	if g1 <= g0 {
		t.Fatalf("generation %d after the first reload, %d before", g1, g0)
	}
	if _, err := db.ReloadStories(ctx, m, nil); err != nil {
		t.Fatal(err)
	}
	if g := gen(); g != g1 {
		t.Errorf("a reload that changed nothing moved the generation %d → %d", g1, g)
	}
	m["quake/story.txt"] = &fstest.MapFile{Data: []byte("Title: The Lima earthquake\n")}
	if _, err := db.ReloadStories(ctx, m, nil); err != nil {
		t.Fatal(err)
	}
	g2 := gen()
	if g2 <= g1 {
		t.Errorf("a new story title left the generation at %d", g2)
	}
	delete(m, "storm/a.txt")
	if _, err := other.ReloadStory(ctx, m, "storm", nil); err != nil {
		t.Fatal(err)
	}
	if g, err := db.Generation(ctx); err != nil || g <= g2 {
		t.Errorf("generation after another handle removed a story: %d, %v; want above %d", g, err, g2)
	}
	checkTotals(t, db)
}

func TestReloadReindexesArticlesOfAnotherIndexVersion(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "s.db"))
	if v, err := db.IndexVersion(ctx); err != nil || v != 0 {
		t.Fatalf("IndexVersion of an empty index = %d, %v; want 0", v, err)
	}
	fsys := threeArticles()
	reload(t, db, fsys)
	if v, err := db.IndexVersion(ctx); err != nil || v != corpus.IndexVersion {
		t.Fatalf("IndexVersion = %d, %v; want %d", v, err, corpus.IndexVersion)
	}
	// As a database indexed by an older storybot: same files, old version.
	if _, err := store.Exec(ctx, db, `UPDATE articles SET index_version = 1 WHERE file != 'c.txt'`); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Exec(ctx, db, `UPDATE counters SET index_version = 1`); err != nil {
		t.Fatal(err)
	}
	reopened := openDB(t, store.Path(db))
	if v, err := reopened.IndexVersion(ctx); err != nil || v != 1 {
		t.Fatalf("IndexVersion = %d, %v; want 1", v, err)
	}
	r := reload(t, reopened, fsys)
	if !slices.Equal(r.Updated, []string{"a.txt", "b.txt"}) || r.Unchanged != 1 {
		t.Errorf("reload after an upgrade: updated %v, %d unchanged; want a.txt and b.txt re-indexed", r.Updated, r.Unchanged)
	}
	if v, err := reopened.IndexVersion(ctx); err != nil || v != corpus.IndexVersion {
		t.Errorf("IndexVersion after the reload = %d, %v; want %d", v, err, corpus.IndexVersion)
	}
	if r := reload(t, reopened, fsys); len(r.Updated) != 0 {
		t.Errorf("a second reload re-indexed %v again", r.Updated)
	}
	checkPostings(t, reopened)
	checkTotals(t, reopened)
}

func TestFailedStoryRollsBackToItsSavepoint(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "s.db"))
	m := multiStory(t)
	if _, err := db.ReloadStories(ctx, m, nil); err != nil {
		t.Fatal(err)
	}
	before, err := db.Stories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The quake story changes every way a story can and then fails; the
	// storm story beside it changes too and must keep its changes.
	m["quake/c.txt"] = article("Aftershock", "An aftershock hit Lima at dawn. Rescue teams paused their search.")
	m["quake/a.txt"] = article("Quake", "A strong earthquake shook Lima on Wednesday. \"It lasted long,\" said Rosa Diaz.")
	delete(m, "quake/b.txt")
	m["quake/story.txt"] = &fstest.MapFile{Data: []byte("Title: Renamed\n")}
	m["storm/b.txt"] = article("Thaw", "The snow melted by Friday in Ohio.")
	store.SetScopeFault(db, func(story string) error {
		if story == "quake" {
			return errors.New("injected fault")
		}
		return nil
	})
	res, err := db.ReloadStories(ctx, m, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		switch {
		case r.Story == "quake" && (r.Err == nil || len(r.Report.Added)+len(r.Report.Updated)+len(r.Report.Removed) > 0):
			t.Errorf("failed story reported %+v", r)
		case r.Story == "storm" && (r.Err != nil || !slices.Equal(r.Report.Added, []string{"storm/b.txt"})):
			t.Errorf("storm beside a failed story: %+v", r)
		}
	}
	after, err := db.Stories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after[0] != before[0] {
		t.Errorf("the failed story changed: %+v, was %+v", after[0], before[0])
	}
	checkPostings(t, db)
	checkTotals(t, db)
	checkSpeakers(t, db)

	// Once the fault is gone the same reload applies, and the index is
	// what a fresh load of the corpus gives.
	store.SetScopeFault(db, nil)
	if _, err := db.ReloadStories(ctx, m, nil); err != nil {
		t.Fatal(err)
	}
	checkPostings(t, db)
	checkTotals(t, db)
	fresh := openDB(t, filepath.Join(t.TempDir(), "fresh.db"))
	if _, err := fresh.ReloadStories(ctx, m, nil); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Stories(ctx)
	want, _ := fresh.Stories(ctx)
	if !slices.Equal(got, want) {
		t.Errorf("stories %+v\nwant %+v", got, want)
	}
}

// vanishingFS lists a file that is gone by the time it is read.
type vanishingFS struct {
	fstest.MapFS
	gone string
}

func (v vanishingFS) Open(name string) (fs.File, error) {
	if name == v.gone {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return v.MapFS.Open(name)
}

func TestVanishedFileIsReported(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "s.db"))
	fsys := threeArticles()
	reload(t, db, fsys)
	fsys["b.txt"] = article("Border", "Troops left the border on Sunday.")
	fsys["d.txt"] = article("New", "A new report came out.")
	for _, gone := range []string{"b.txt", "d.txt"} {
		r, err := db.Reload(ctx, vanishingFS{MapFS: fsys, gone: gone}, nil)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(r.Failed, func(p corpus.FileProblem) bool { return p.File == gone })
		if i < 0 || !strings.Contains(r.Failed[i].Reason, "vanished") || slices.Contains(r.Removed, gone) {
			t.Errorf("%s vanished during the reload: report %+v", gone, r)
		}
		if gone == "b.txt" {
			// Its indexed version stays until a reload finds it gone.
			if got := articleSentences(t, db, "b"); !slices.Contains(got, "Troops gathered near the border.") {
				t.Errorf("b's indexed version was lost: %q", got)
			}
		}
		checkTotals(t, db)
	}
}

func TestReloadKeepsSpeakerGroupsCurrent(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "s.db"))
	fsys := speakerCorpus()
	reload(t, db, fsys)
	current := func() bool {
		t.Helper()
		ok, err := store.SpeakersCurrent(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !current() {
		t.Fatal("the reload did not store the speaker groups")
	}
	// An edit that keeps the quotations updates the groups' rows in place.
	fsys["a.txt"] = article("Troops", "\"We will not accept troops,\" President Claudia Sheinbaum said on Monday. "+
		"\"Sovereignty is not for sale,\" Sheinbaum added. The talks ran late.\n"+
		"\"The talks went well,\" said Marco Rubio, the US secretary of state.")
	if r := reload(t, db, fsys); len(r.Updated) != 1 || !current() {
		t.Fatalf("edit: %+v, speakers current %v", r, current())
	}
	checkSpeakers(t, db)
	// Groups a reload did not store (a database from a storybot that built
	// them on first use) are grouped in memory, and no reader writes them.
	if _, err := store.Exec(ctx, db, `DELETE FROM speakers_current`); err != nil {
		t.Fatal(err)
	}
	checkSpeakers(t, db)
	checkEngineSpeakers(t, db)
	if current() {
		t.Error("a lookup wrote the speaker groups")
	}
	// The next reload stores them, even when no file changed.
	reload(t, db, fsys)
	if !current() {
		t.Error("a reload left the speaker groups unstored")
	}
	checkSpeakers(t, db)
}

func TestRepairCounters(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "s.db"))
	reload(t, db, threeArticles())
	checkTotals(t, db)
	if _, err := store.Exec(ctx, db, `UPDATE counters SET articles = articles - 2, sentences = -5`); err != nil {
		t.Fatal(err)
	}
	c, err := db.VerifyCounters(ctx)
	if err != nil || c.OK() || c.Rows.Articles != 3 || c.Stored.Articles != 1 {
		t.Fatalf("VerifyCounters of damaged totals = %s (ok %v), %v", c, c.OK(), err)
	}
	if c, err := db.RepairCounters(ctx); err != nil || c.OK() {
		t.Fatalf("RepairCounters = %s, %v", c, err)
	}
	checkTotals(t, db)
	if st, err := db.Stats(ctx); err != nil || st.Articles != 3 {
		t.Errorf("stats after the repair: %+v, %v", st, err)
	}
}

// syncBuffer is a log destination safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestReloadWaitsForAnotherWriterAndSaysSo(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	var logs syncBuffer
	db, err := store.Open(ctx, path, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	reload(t, db, threeArticles())
	release, err := store.HoldWriteLock(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	fsys := threeArticles()
	fsys["d.txt"] = article("New", "A new report came out on Monday.")
	done := make(chan error, 1)
	go func() {
		_, err := db.Reload(ctx, fsys, nil)
		done <- err
	}()
	// The reload cannot finish while the lock is held; it says it waits.
	for !strings.Contains(logs.String(), "waiting for it to finish") {
		select {
		case err := <-done:
			t.Fatalf("reload finished while another connection held the write lock: %v", err)
		case <-time.After(10 * time.Millisecond):
		}
	}
	if err := release(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("reload after waiting: %v", err)
	}
	if got := articleSentences(t, db, "d"); len(got) == 0 {
		t.Error("the waiting reload did not add d.txt")
	}
	checkTotals(t, db)

	// A canceled wait ends the reload with the context's error.
	release, err = store.HoldWriteLock(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	short, cancel := context.WithTimeout(ctx, 400*time.Millisecond)
	defer cancel()
	delete(fsys, "d.txt")
	if _, err := db.Reload(short, fsys, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("reload whose wait timed out: %v", err)
	}
}
