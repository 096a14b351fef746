package store_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"storybot/corpus"
	"storybot/qa"
	"storybot/store"
)

var (
	_ qa.Index      = (*store.StoryView)(nil)
	_ qa.QuoteIndex = (*store.StoryView)(nil)
)

// multiStory is the seed story beside two small ones, one with a story.txt.
func multiStory(t testing.TB) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{
		"quake/story.txt": &fstest.MapFile{Data: []byte("Title: Earthquake in Peru\nSummary: A strong quake shakes Lima.\n")},
		"quake/a.txt":     article("Quake", "A strong earthquake shook Lima on Tuesday. Buildings swayed and people fled into the streets.\n\"We felt the ground move,\" said Rosa Diaz."),
		"quake/b.txt":     article("Lima", "The earthquake damaged old houses in Lima. Rescue teams searched the rubble overnight."),
		"storm/a.txt":     article("Storm", "A winter storm closed highways in Ohio. Snow fell for two days and schools shut."),
	}
	seed, err := fs.Sub(corpus.Default(), ".")
	if err != nil {
		t.Fatal(err)
	}
	entries, err := fs.ReadDir(seed, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := fs.ReadFile(seed, e.Name())
		if err != nil {
			t.Fatal(err)
		}
		m["seed/"+e.Name()] = &fstest.MapFile{Data: data}
	}
	return m
}

// only returns the files of one story of m, moved to the root.
func only(m fstest.MapFS, story string) fstest.MapFS {
	out := fstest.MapFS{}
	for name, f := range m {
		if rest, ok := strings.CutPrefix(name, story+"/"); ok {
			out[rest] = f
		}
	}
	return out
}

func TestStoriesListAndStoryFile(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "s.db"))
	res, err := db.ReloadStories(ctx, multiStory(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range res {
		if r.Err != nil {
			t.Errorf("story %q: %v", r.Story, r.Err)
		}
		names = append(names, r.Story)
		for _, f := range r.Report.Added {
			if strings.HasSuffix(f, corpus.StoryFile) {
				t.Errorf("story.txt loaded as an article: %s", f)
			}
		}
	}
	if !slices.Equal(names, []string{"quake", "seed", "storm"}) {
		t.Fatalf("reloaded stories %v", names)
	}
	stories, err := db.Stories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(stories) != 3 {
		t.Fatalf("stories = %+v", stories)
	}
	q := stories[0]
	if q.Name != "quake" || q.Title != "Earthquake in Peru" || q.Summary != "A strong quake shakes Lima." || q.Articles != 2 || q.Sentences == 0 {
		t.Errorf("quake = %+v", q)
	}
	if s := stories[1]; s.Name != "seed" || s.Title != "" || s.Articles != 2 {
		t.Errorf("seed = %+v", s)
	}
	total := 0
	for _, s := range stories {
		total += s.Sentences
	}
	if st, _ := db.Stats(ctx); st.Sentences != total || st.Articles != 5 {
		t.Errorf("stats %+v, stories sum to %d sentences", st, total)
	}
}

// TestStoryViewMatchesStoryAlone checks that a story's view of a shared
// index reads exactly like an index holding that story alone.
func TestStoryViewMatchesStoryAlone(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	all := multiStory(t)
	shared := openDB(t, filepath.Join(dir, "all.db"))
	if _, err := shared.ReloadStories(ctx, all, nil); err != nil {
		t.Fatal(err)
	}
	an := corpus.NewAnalyzer()
	for _, story := range []string{"seed", "quake", "storm"} {
		t.Run(story, func(t *testing.T) {
			alone := openDB(t, filepath.Join(dir, story+".db"))
			reload(t, alone, only(all, story))
			view := shared.Story(story)

			want, _ := alone.Stats(ctx)
			got, err := view.Stats(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("stats %+v, alone %+v", got, want)
			}
			arts, err := view.Articles(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(arts) != want.Articles {
				t.Errorf("%d articles, want %d", len(arts), want.Articles)
			}
			for _, a := range arts {
				if a.Story != story {
					t.Errorf("article %s of story %q in view %q", a.ID, a.Story, story)
				}
			}
			// Every stem of the story: same postings as alone, up to ids.
			stems := map[string]bool{}
			for _, a := range arts {
				full, err := shared.Article(ctx, a.ID)
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range full.Sentences {
					for _, term := range an.Terms(s.Text, a.Language) {
						stems[term] = true
					}
				}
			}
			stems["zzz-not-a-stem"] = true
			for stem := range stems {
				gotPs, err := view.Postings(ctx, stem)
				if err != nil {
					t.Fatal(err)
				}
				wantPs, _ := alone.Postings(ctx, stem)
				if len(gotPs) != len(wantPs) {
					t.Fatalf("stem %q: %d postings in view, %d alone", stem, len(gotPs), len(wantPs))
				}
				ids := make([]uint32, len(gotPs))
				for i := range gotPs {
					if gotPs[i].TF != wantPs[i].TF || gotPs[i].Len != wantPs[i].Len {
						t.Errorf("stem %q posting %d: %+v vs %+v", stem, i, gotPs[i], wantPs[i])
					}
					ids[i] = gotPs[i].Sentence
				}
				sents, err := view.Sentences(ctx, ids)
				if err != nil {
					t.Fatal(err)
				}
				wantIDs := make([]uint32, len(wantPs))
				for i := range wantPs {
					wantIDs[i] = wantPs[i].Sentence
				}
				wantSents, _ := alone.Sentences(ctx, wantIDs)
				if len(sents) != len(wantSents) {
					t.Fatalf("stem %q: %d sentences, %d alone", stem, len(sents), len(wantSents))
				}
				for i := range sents {
					if sents[i].Text != wantSents[i].Text {
						t.Errorf("stem %q: %q vs %q", stem, sents[i].Text, wantSents[i].Text)
					}
				}
			}
			gotQ, err := view.Quotes(ctx)
			if err != nil {
				t.Fatal(err)
			}
			wantQ, _ := alone.Quotes(ctx)
			if len(gotQ) != len(wantQ) {
				t.Errorf("%d quotes, alone %d", len(gotQ), len(wantQ))
			}
		})
	}
	// Another story's sentence ids are not the view's.
	quakePs, _ := shared.Story("quake").Postings(ctx, "earthquak")
	if len(quakePs) == 0 {
		t.Fatal("no quake postings for earthquak")
	}
	if s, _ := shared.Story("storm").Sentences(ctx, []uint32{quakePs[0].Sentence}); len(s) != 0 {
		t.Errorf("storm view returned a quake sentence: %+v", s)
	}
	if st, _ := shared.Story("nope").Stats(ctx); st.Sentences != 0 {
		t.Errorf("unknown story stats %+v", st)
	}
}

func TestReloadStoryTouchesOnlyThatStory(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "s.db"))
	m := multiStory(t)
	if _, err := db.ReloadStories(ctx, m, nil); err != nil {
		t.Fatal(err)
	}
	view := db.Story("storm")
	before, _ := view.Postings(ctx, "snow")
	if len(before) != 1 {
		t.Fatalf("snow postings %v", before)
	}
	// Change two stories; reload only one.
	m["quake/c.txt"] = article("Aftershock", "An aftershock hit Lima at dawn.")
	m["storm/a.txt"] = article("Storm", "A winter storm closed highways in Ohio. Snow and snow and ice.")
	m["quake/story.txt"] = &fstest.MapFile{Data: []byte("Peru earthquake\nAftershocks follow.\n")}
	rep, err := db.ReloadStory(ctx, m, "quake", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep.Added, []string{"quake/c.txt"}) || len(rep.Updated) != 0 || rep.Unchanged != 2 {
		t.Errorf("quake reload %+v", rep)
	}
	after, _ := view.Postings(ctx, "snow")
	if len(after) != 1 || after[0].TF != 1 {
		t.Errorf("storm changed by a quake reload: %v", after)
	}
	stories, _ := db.Stories(ctx)
	if stories[0].Title != "Peru earthquake" || stories[0].Summary != "Aftershocks follow." || stories[0].Articles != 3 {
		t.Errorf("quake after reload %+v", stories[0])
	}
	if _, err := db.ReloadStory(ctx, m, "storm", nil); err != nil {
		t.Fatal(err)
	}
	if after, _ := view.Postings(ctx, "snow"); len(after) != 1 || after[0].TF != 2 {
		t.Errorf("storm view did not follow its reload: %v", after)
	}
	_, err = db.ReloadStory(ctx, m, "volcano", nil)
	if !errors.Is(err, store.ErrUnknownStory) {
		t.Errorf("reload of an unknown story: %v", err)
	}
	if _, err := db.ReloadStory(ctx, m, "../etc", nil); !errors.Is(err, store.ErrUnknownStory) {
		t.Errorf("reload of a path: %v", err)
	}
	// A story folder that is gone takes its articles with it.
	for name := range only(m, "storm") {
		delete(m, "storm/"+name)
	}
	rep, err = db.ReloadStory(ctx, m, "storm", nil)
	if err != nil || !slices.Equal(rep.Removed, []string{"storm/a.txt"}) {
		t.Errorf("reload of a removed story: %+v, %v", rep, err)
	}
	if st, _ := view.Stats(ctx); st.Articles != 0 {
		t.Errorf("removed story still has %+v", st)
	}
}

// brokenFS fails to read one folder, as an unmounted or unreadable story.
type brokenFS struct {
	fstest.MapFS
	broken string
}

func (b brokenFS) Open(name string) (fs.File, error) {
	if name == b.broken || strings.HasPrefix(name, b.broken+"/") {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return b.MapFS.Open(name)
}

func (b brokenFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == b.broken {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrPermission}
	}
	return fs.ReadDir(b.MapFS, name)
}

func (b brokenFS) Stat(name string) (fs.FileInfo, error) {
	if name == b.broken {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrPermission}
	}
	return fs.Stat(b.MapFS, name)
}

func TestOneBadStoryDoesNotBlockTheOthers(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "s.db"))
	m := multiStory(t)
	if _, err := db.ReloadStories(ctx, m, nil); err != nil {
		t.Fatal(err)
	}
	m["storm/b.txt"] = article("Thaw", "The snow melted by Friday.")
	m["quake/d.txt"] = article("Help", "Aid arrived in Lima.")
	res, err := db.ReloadStories(ctx, brokenFS{MapFS: m, broken: "quake"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]store.StoryReload{}
	for _, r := range res {
		byName[r.Story] = r
	}
	if byName["quake"].Err == nil {
		t.Errorf("unreadable story reported no error: %+v", byName["quake"])
	}
	if r := byName["storm"]; r.Err != nil || !slices.Equal(r.Report.Added, []string{"storm/b.txt"}) {
		t.Errorf("storm not reloaded beside a broken story: %+v", r)
	}
	stories, _ := db.Stories(ctx)
	if stories[0].Name != "quake" || stories[0].Articles != 2 {
		t.Errorf("the broken story lost its articles: %+v", stories[0])
	}
	// An empty corpus folder never empties the index.
	if _, err := db.ReloadStories(ctx, fstest.MapFS{}, nil); !errors.Is(err, store.ErrEmptyReload) {
		t.Errorf("reload of an empty folder: %v", err)
	}
}

func TestFlatFolderIsOneStory(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "s.db"))
	res, err := db.ReloadStories(ctx, threeArticles(), nil)
	if err != nil || len(res) != 1 || res[0].Story != "" || len(res[0].Report.Added) != 3 {
		t.Fatalf("flat reload %+v, %v", res, err)
	}
	stories, _ := db.Stories(ctx)
	if len(stories) != 1 || stories[0].Name != "" || stories[0].Articles != 3 || stories[0].Label() != "the main story" {
		t.Errorf("stories %+v", stories)
	}
	whole, _ := db.Stats(ctx)
	if st, _ := db.Story("").Stats(ctx); st != whole {
		t.Errorf("flat story view %+v, index %+v", st, whole)
	}
}

func TestChannelStories(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	db := openDB(t, path)
	if _, ok, err := db.ChannelStory(ctx, "c1"); ok || err != nil {
		t.Fatalf("unset channel: ok %v err %v", ok, err)
	}
	for _, s := range []string{"quake", "seed"} {
		if err := db.SetChannelStory(ctx, "g1", "c1", s, "u1"); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetChannelStory(ctx, "g1", "c2", "storm", "u1"); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = openDB(t, path)
	for ch, want := range map[string]string{"c1": "seed", "c2": "storm"} {
		if got, ok, err := db.ChannelStory(ctx, ch); got != want || !ok || err != nil {
			t.Errorf("channel %s: %q %v %v, want %q", ch, got, ok, err, want)
		}
	}
	if err := db.SetChannelStory(ctx, "g1", "c1", "", "u1"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := db.ChannelStory(ctx, "c1"); ok {
		t.Error("cleared channel still has a story")
	}
}

func TestArticlesByID(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "s.db"))
	if _, err := db.ReloadStories(ctx, multiStory(t), nil); err != nil {
		t.Fatal(err)
	}
	all, err := db.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]corpus.Article{}
	for _, a := range all {
		byID[a.ID] = a
	}
	// Reverse order, an unknown id and a repeat: the order asked is kept,
	// unknown ids are left out.
	var ids []string
	for i := len(all) - 1; i >= 0; i-- {
		ids = append(ids, all[i].ID)
	}
	ids = append(ids, "no-such-article", all[0].ID)
	got, err := db.ArticlesByID(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	var want []corpus.Article
	for _, id := range ids {
		if a, ok := byID[id]; ok {
			want = append(want, a)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ArticlesByID = %+v\nwant %+v", got, want)
	}
	if got, err := db.ArticlesByID(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("ArticlesByID(nil) = %v, %v; want none", got, err)
	}

	// A story's view leaves out the other stories' articles.
	quake := db.Story("quake")
	got, err = quake.ArticlesByID(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	want = nil
	for _, id := range ids {
		if a, ok := byID[id]; ok && a.Story == "quake" {
			want = append(want, a)
		}
	}
	if len(want) == 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("quake view ArticlesByID = %+v\nwant %+v", got, want)
	}

	// More ids than one IN list holds.
	many := make([]string, 0, 1200)
	for i := range 1200 {
		many = append(many, fmt.Sprintf("missing-%d", i))
	}
	many = append(many, all[1].ID)
	got, err = db.ArticlesByID(ctx, many)
	if err != nil || len(got) != 1 || got[0].ID != all[1].ID {
		t.Errorf("ArticlesByID over 1,201 ids = %v, %v; want only %s", got, err, all[1].ID)
	}
}

var (
	_ qa.Versioned = (*store.DB)(nil)
	_ qa.Versioned = (*store.StoryView)(nil)
)

// TestEngineQuotesFollowReload: the Engine caches quotation state per
// version of the store, and a reload is a new version.
func TestEngineQuotesFollowReload(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "s.db"))
	files := fstest.MapFS{"quake/a.txt": article("Quake", `"We felt the ground move," said Rosa Diaz.`)}
	if _, err := db.ReloadStories(ctx, files, nil); err != nil {
		t.Fatal(err)
	}
	whole := qa.NewEngine(db, db, nil, nil)
	view := db.Story("quake")
	story := qa.NewEngine(view, view, nil, nil)
	v := db.Version()
	for name, e := range map[string]*qa.Engine{"db": whole, "view": story} {
		if hits, err := e.Quotes(ctx, "rosa", "houses", 0); err != nil || len(hits) != 0 {
			t.Fatalf("%s before: Quotes = %v, %v; want none", name, hits, err)
		}
	}
	files["quake/b.txt"] = article("More", `"The houses fell," said Diaz.`)
	if _, err := db.ReloadStories(ctx, files, nil); err != nil {
		t.Fatal(err)
	}
	if db.Version() == v || view.Version() != db.Version() {
		t.Errorf("version %d after a reload that changed the corpus, %d before; view %d", db.Version(), v, view.Version())
	}
	for name, e := range map[string]*qa.Engine{"db": whole, "view": story} {
		hits, err := e.Quotes(ctx, "rosa", "houses", 0)
		if err != nil || len(hits) != 1 || hits[0].Speaker != "Rosa Diaz" || hits[0].Source.Title != "More" {
			t.Errorf("%s after: Quotes = %+v, %v; want the new quotation by Rosa Diaz from More", name, hits, err)
		}
	}
}
