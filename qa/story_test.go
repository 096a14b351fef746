package qa

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"reflect"
	"testing"
	"testing/fstest"

	"storybot/corpus"
	"storybot/store"
)

func TestScoreStories(t *testing.T) {
	hit := func(article string, score float64) routeHit { return routeHit{articleID: article, score: score} }
	storyOf := map[string]string{"q/a": "quake", "q/b": "quake", "s/a": "storm", "seed/x": "seed"}
	tests := []struct {
		name     string
		hits     []routeHit
		story    string
		runnerUp string
		scores   int
	}{
		{"one story", []routeHit{hit("q/a", 5), hit("q/b", 2)}, "quake", "", 1},
		{"clear winner", []routeHit{hit("q/a", 10), hit("s/a", 3)}, "quake", "", 2},
		{"close runner-up named", []routeHit{hit("s/a", 10), hit("q/a", 9)}, "storm", "quake", 2},
		// 6 + 0.5·5 = 8.5 beats a single 7: several good sentences win.
		{"depth beats one lucky sentence", []routeHit{hit("s/a", 7), hit("q/a", 6), hit("q/b", 5)}, "quake", "storm", 2},
		// Only the best three count: a story with many weak hits does not win.
		{"many weak hits", []routeHit{hit("s/a", 10), hit("q/a", 4), hit("q/a", 4), hit("q/a", 4), hit("q/a", 4), hit("q/a", 4)}, "storm", "", 2},
		{"tie goes to the first name", []routeHit{hit("s/a", 4), hit("q/a", 4)}, "quake", "storm", 2},
		{"hits in any order", []routeHit{hit("q/a", 1), hit("s/a", 3), hit("q/b", 6)}, "quake", "", 2},
		{"unknown article falls back to its folder", []routeHit{hit("new/a", 4)}, "new", "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt := scoreStories(tt.hits, storyOf, DefaultCloseRatio)
			if rt.Story != tt.story || rt.RunnerUp != tt.runnerUp || len(rt.Scores) != tt.scores {
				t.Errorf("route %+v, want story %q runner-up %q with %d scores", rt, tt.story, tt.runnerUp, tt.scores)
			}
		})
	}
}

func TestResolveStory(t *testing.T) {
	stories := []corpus.Story{{Name: "quake", Title: "Earthquake in Peru"}, {Name: "quarry"}, {Name: "storm", Title: "Ohio storm"}}
	tests := []struct{ typed, want string }{
		{"quake", "quake"},
		{"QUAKE", "quake"},
		{"earthquake in peru", "quake"},
		{"earth", "quake"},
		{"ohio", "storm"},
		{" storm ", "storm"},
		{"qua", ""}, // quake and quarry
		{"volcano", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, err := resolveStory(stories, tt.typed)
		if tt.want == "" {
			if !errors.Is(err, ErrUnknownStory) {
				t.Errorf("resolve %q = %+v, %v; want ErrUnknownStory", tt.typed, got, err)
			}
			continue
		}
		if err != nil || got.Name != tt.want {
			t.Errorf("resolve %q = %+v, %v; want %s", tt.typed, got, err, tt.want)
		}
	}
}

// threeStories is the seed story beside two small ones.
func threeStories(t *testing.T) fstest.MapFS {
	t.Helper()
	art := func(title, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("Title: " + title + "\nOutlet: " + title + " News\nLanguage: en\n\n" + body + "\n")}
	}
	m := fstest.MapFS{
		"quake/story.txt": {Data: []byte("Earthquake in Peru\nA strong quake shakes Lima.")},
		"quake/a.txt": art("Quake", "A strong earthquake shook Lima on Tuesday, and buildings swayed across the Peruvian capital.\n"+
			"Rescue teams searched the rubble of old houses overnight. \"We felt the ground move,\" said Rosa Diaz, a teacher."),
		"quake/b.txt": art("Lima", "The earthquake damaged hundreds of homes in Lima. The magnitude 7.1 quake was felt as far as Ecuador."),
		"storm/a.txt": art("Storm", "A winter storm closed highways across Ohio. Snow fell for two days and schools shut.\n"+
			"The governor declared an emergency as power lines fell under the ice."),
	}
	entries, err := fs.ReadDir(corpus.Default(), ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := fs.ReadFile(corpus.Default(), e.Name())
		if err != nil {
			t.Fatal(err)
		}
		m["seed/"+e.Name()] = &fstest.MapFile{Data: data}
	}
	return m
}

func newRouter(t *testing.T, fsys fs.FS, name string) (*Router, *store.DB) {
	t.Helper()
	ctx := context.Background()
	an := corpus.NewAnalyzer()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), name+".db"), nil, store.WithAnalyzer(an))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	res, err := db.ReloadStories(ctx, fsys, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Err != nil {
			t.Fatalf("story %s: %v", r.Story, r.Err)
		}
	}
	return &Router{
		Engine:  &Engine{Index: db, QuoteIndex: db, Analyzer: an},
		Stories: db,
		View:    func(s string) (Index, QuoteIndex) { v := db.Story(s); return v, v },
	}, db
}

// seedQuestions are asked of the seed story; the last is off topic.
var seedQuestions = []string{
	"What did Sheinbaum say about sovereignty?",
	"What did Pete Hegseth warn?",
	"Did Trump offer to send troops to Mexico?",
	"What does the Crisis Group say?",
	"How is fentanyl trafficking monitored?",
	"What is the capital of Peru?",
}

// TestRouterOverSQLite asks the seed questions of three stories in one
// real SQLite index: each goes to the seed story and gets exactly the answer
// the seed story alone gives.
func TestRouterOverSQLite(t *testing.T) {
	ctx := context.Background()
	all := threeStories(t)
	router, _ := newRouter(t, all, "all")
	seedOnly := fstest.MapFS{}
	for name, f := range all {
		if rest, ok := cutPrefix(name, "seed/"); ok {
			seedOnly[rest] = f
		}
	}
	alone, _ := newRouter(t, seedOnly, "seed")

	stories, err := router.List(ctx)
	if err != nil || len(stories) != 3 || stories[0].Title != "Earthquake in Peru" {
		t.Fatalf("stories %+v, %v", stories, err)
	}
	for _, q := range seedQuestions {
		want, err := alone.Ask(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if want.Story != "" || want.RunnerUp != "" {
			t.Errorf("one flat story named a story: %+v", want)
		}
		got, err := router.AskStory(ctx, "seed", q)
		if err != nil {
			t.Fatal(err)
		}
		if got.Story != "seed" || !sameSources(got.Sources, want.Sources) || got.NotFound != want.NotFound {
			t.Errorf("%q in story seed: %+v\nalone: %+v", q, got, want)
		}
		if want.NotFound {
			continue
		}
		routed, err := router.Ask(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if routed.Story != "seed" || !sameSources(routed.Sources, want.Sources) {
			t.Errorf("%q routed to %q: %+v", q, routed.Story, routed)
		}
	}
	for q, story := range map[string]string{
		"How strong was the earthquake in Lima?":     "quake",
		"Why did schools shut in Ohio?":              "storm",
		"What did Rosa Diaz feel?":                   "quake",
		"What did the governor declare?":             "storm",
		"Did Sheinbaum accept American troops?":      "seed",
		"What did the White House spokesman say?":    "seed",
		"Did a winter storm close highways?":         "storm",
		"How far away was the Peru quake felt?":      "quake",
		"Which teams searched the rubble overnight?": "quake",
	} {
		ans, err := router.Ask(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Story != story || ans.NotFound {
			t.Errorf("%q answered from %q (runner-up %q, not found %v), want %q", q, ans.Story, ans.RunnerUp, ans.NotFound, story)
		}
		for _, s := range ans.Sources {
			if s.Source.Story != ans.Story {
				t.Errorf("%q: cites %s of story %q in an answer from %q", q, s.Source.ID, s.Source.Story, ans.Story)
			}
		}
	}
	// Nothing matches at all: not found, no story named.
	if ans, err := router.Ask(ctx, "zzyzx qwv"); err != nil || !ans.NotFound || ans.Story != "" {
		t.Errorf("gibberish: %+v, %v", ans, err)
	}
	if _, err := router.AskStory(ctx, "volcano", "What erupted?"); !errors.Is(err, ErrUnknownStory) {
		t.Errorf("unknown story: %v", err)
	}

	// Story-scoped quotations, speakers and sources.
	hits, err := router.QuotesStory(ctx, "quake", "", "", 0)
	if err != nil || len(hits) != 1 || hits[0].Speaker != "Rosa Diaz" {
		t.Errorf("quake quotes %+v, %v", hits, err)
	}
	seedSpeakers, _ := router.SpeakersStory(ctx, "seed")
	aloneSpeakers, _ := alone.Speakers(ctx)
	if !reflect.DeepEqual(seedSpeakers, aloneSpeakers) {
		t.Errorf("seed speakers %+v, alone %+v", seedSpeakers, aloneSpeakers)
	}
	arts, err := router.ArticlesStory(ctx, "Earthquake in Peru")
	if err != nil || len(arts) != 2 {
		t.Errorf("quake articles %d, %v", len(arts), err)
	}
	if arts, _ := router.ArticlesStory(ctx, ""); len(arts) != 5 {
		t.Errorf("all articles %d, want 5", len(arts))
	}
}

func cutPrefix(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && s[:len(prefix)] == prefix {
		return s[len(prefix):], true
	}
	return s, false
}

// sameSources compares answers by what a reader sees: sources, sentences
// and their places. Source ids differ between a story and a flat folder
// ("seed/000_…" and "000_…"), so sources are compared by title and outlet.
func sameSources(a, b []SourceAnswer) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Source.Title != b[i].Source.Title || a[i].Source.Outlet != b[i].Source.Outlet || len(a[i].Sentences) != len(b[i].Sentences) {
			return false
		}
		for j := range a[i].Sentences {
			x, y := a[i].Sentences[j], b[i].Sentences[j]
			if x.Text != y.Text || x.Paragraph != y.Paragraph || x.Sentence != y.Sentence || len(x.AlsoIn) != len(y.AlsoIn) {
				return false
			}
		}
	}
	return true
}
