package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"storybot/corpus"
	"storybot/qa"
	"storybot/store"
)

var _ qa.Synced = (*store.DB)(nil)

// router answers like the CLI and the bot do: over every story, through
// per-story views.
func router(db *store.DB) *qa.Router {
	an := corpus.NewAnalyzer()
	e := &qa.Engine{Index: db, QuoteIndex: db, Analyzer: an}
	return &qa.Router{Engine: e, Stories: db, View: func(story string) (qa.Index, qa.QuoteIndex) {
		v := db.Story(story)
		return v, v
	}}
}

// floodQuestion is answerable, by the text want, in both floodCorpus
// versions.
type floodQuestion struct{ q, want string }

var floodQuestions = []floodQuestion{
	{"Where did the farmers move their cattle?", "cattle"},
	{"What did the council approve?", "bridge"},
	{"What happened to tariffs on steel?", "Tariffs on steel"},
}

// floodCorpus is version v of a two-story corpus. Every version rewrites
// each article (so every reload gives all its sentences new ids, and posting
// lists read before a commit point at sentences gone after it), adds or
// drops one article, and keeps every floodQuestion answerable.
func floodCorpus(v int) fstest.MapFS {
	fsys := fstest.MapFS{
		"river/a.txt": article("River", fmt.Sprintf("The river rose overnight, for the %d time. Farmers moved their cattle to the hills.", v)),
		"river/b.txt": article("Council", fmt.Sprintf("The council met on day %d. The council approved the new bridge over the river.", v)),
		"trade/c.txt": article("Trade", fmt.Sprintf("Trade talks resumed in round %d. Tariffs on steel rose again this week.", v)),
	}
	if v%2 == 0 {
		fsys["trade/d.txt"] = article("Ports", fmt.Sprintf("Port traffic slowed in week %d. Shipping firms waited.", v))
	}
	return fsys
}

// TestNoAnswerVanishesDuringReloads floods questions, each answerable in
// every version of the corpus, while reloads commit one version after
// another; no answer may come back "the sources don't say". The reloads run
// on the readers' own DB (the bot's /reload) and on another DB opened on
// the same file (another process's `storybot reload`).
func TestNoAnswerVanishesDuringReloads(t *testing.T) {
	for _, tt := range []struct {
		name    string
		another bool
	}{
		{"reload by the same DB", false},
		{"reload by another DB on the file", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "s.db")
			db := openDB(t, path)
			writer := db
			if tt.another {
				writer = openDB(t, path)
			}
			if _, err := writer.ReloadStories(ctx, floodCorpus(0), nil); err != nil {
				t.Fatal(err)
			}
			r := router(db)

			const reloads = 12
			var (
				stop            atomic.Bool
				asked, vanished atomic.Int64
				wg              sync.WaitGroup
				firstMu         sync.Mutex
				firstFailure    string
			)
			for g := range 4 {
				wg.Go(func() {
					for i := g; !stop.Load(); i++ {
						fq := floodQuestions[i%len(floodQuestions)]
						ans, err := r.Ask(ctx, fq.q)
						asked.Add(1)
						if err != nil {
							t.Error(err)
							return
						}
						if ans.NotFound || !strings.Contains(ans.Sources[0].Sentences[0].Text, fq.want) {
							vanished.Add(1)
							firstMu.Lock()
							if firstFailure == "" {
								firstFailure = fmt.Sprintf("%q: %+v", fq.q, ans)
							}
							firstMu.Unlock()
						}
					}
				})
			}
			for v := 1; v <= reloads; v++ {
				results, err := writer.ReloadStories(ctx, floodCorpus(v), nil)
				if err != nil {
					t.Fatal(err)
				}
				for _, res := range results {
					if res.Err != nil {
						t.Fatalf("reload %d, story %q: %v", v, res.Story, res.Err)
					}
				}
			}
			stop.Store(true)
			wg.Wait()
			if n := vanished.Load(); n > 0 {
				t.Errorf("%d of %d questions answerable in every version went unanswered or answered wrong during %d reloads; first: %s",
					n, asked.Load(), reloads, firstFailure)
			}
			t.Logf("%d questions during %d reloads", asked.Load(), reloads)
		})
	}
}

// TestReaderSeesAnotherDBsReload: two DBs opened on one file, as two
// processes would; a reload through one is in the other's next answer.
func TestReaderSeesAnotherDBsReload(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	reader, writer := openDB(t, path), openDB(t, path)
	reload(t, writer, threeArticles())
	r := router(reader)
	const q = "What did the mayor promise the fishermen?"
	ans, err := r.Ask(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if !ans.NotFound {
		t.Fatalf("answered before the article was loaded: %+v", ans)
	}
	// Warm every cache the reader has.
	for _, stem := range []string{"mayor", "promis", "fishermen"} {
		if _, err := reader.Postings(ctx, stem); err != nil {
			t.Fatal(err)
		}
	}
	before, err := reader.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}

	fsys := threeArticles()
	fsys["d.txt"] = article("Harbour", "The mayor promised the fishermen a new harbour wall before winter.")
	reload(t, writer, fsys)

	ans, err = r.Ask(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if ans.NotFound || !strings.Contains(ans.Sources[0].Sentences[0].Text, "harbour wall") {
		t.Fatalf("the reader's next answer after another DB's reload: %+v, want the new article", ans)
	}
	after, err := reader.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after.Articles != before.Articles+1 {
		t.Errorf("reader's stats %+v after the reload, %+v before; want one article more", after, before)
	}
}

// TestSyncKeepsCachesWhenTheIndexDidNotChange: a commit of application
// state (a channel's default story) by another connection leaves the index,
// and so the version, as it was.
func TestSyncKeepsCachesWhenTheIndexDidNotChange(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	reader, writer := openDB(t, path), openDB(t, path)
	reload(t, writer, threeArticles())
	v1, err := reader.Sync(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := writer.SetChannelStory(ctx, "g", "c", "", "u"); err != nil {
		t.Fatal(err)
	}
	if err := writer.SetChannelStory(ctx, "g", "c", "river", "u"); err != nil {
		t.Fatal(err)
	}
	if v2, err := reader.Sync(ctx); err != nil || v2 != v1 {
		t.Errorf("version %d after a channel story was set, %d before (err %v); want unchanged", v2, v1, err)
	}
	fsys := threeArticles()
	delete(fsys, "c.txt")
	reload(t, writer, fsys)
	if v3, err := reader.Sync(ctx); err != nil || v3 == v1 {
		t.Errorf("version %d after a reload removed an article, %d before (err %v); want a new one", v3, v1, err)
	}
	if story, ok, err := reader.ChannelStory(ctx, "c"); err != nil || !ok || story != "river" {
		t.Errorf("channel story %q, %v, %v; want river set by the other DB", story, ok, err)
	}
}

// BenchmarkSync is the per-question freshness check when nothing changed.
func BenchmarkSync(b *testing.B) {
	ctx := context.Background()
	db := openDB(b, filepath.Join(b.TempDir(), "s.db"))
	reload(b, db, threeArticles())
	for b.Loop() {
		if _, err := db.Sync(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
