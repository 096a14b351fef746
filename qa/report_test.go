package qa_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"storybot/corpus"
	"storybot/qa"
	"storybot/store"
)

// TestWireCopiesFold: one AP story run by three outlets (testdata/wire,
// from news-clusters) is one report, cited once and naming every outlet;
// NPR's own story on the same event stays a source of its own.
func TestWireCopiesFold(t *testing.T) {
	ctx := context.Background()
	an := corpus.NewAnalyzer()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "wire.db"), nil, store.WithAnalyzer(an))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if rep, err := db.Reload(ctx, os.DirFS(filepath.Join("testdata", "wire")), nil); err != nil || len(rep.Added) != 4 {
		t.Fatalf("reload: added %v, failed %v, err %v", rep.Added, rep.Failed, err)
	}
	engine := qa.NewEngine(db, db, an, nil)
	wire := []string{"washingtonpost", "nytimes", "dailymail"}
	for _, question := range []string{
		"How much was the electric bill?",
		"What did the woman find when she checked her electric bill online?",
	} {
		ans, err := engine.Ask(ctx, question)
		if err != nil {
			t.Fatal(err)
		}
		var reports int
		for _, src := range ans.Sources {
			ids := []string{src.Source.ID}
			for _, a := range src.CarriedBy {
				ids = append(ids, a.ID)
			}
			if !slices.Contains(wire, src.Source.ID) {
				if len(src.CarriedBy) > 0 {
					t.Errorf("%q: %s carried by %v", question, src.Source.ID, ids[1:])
				}
				continue
			}
			reports++
			slices.Sort(ids)
			if want := []string{"dailymail", "nytimes", "washingtonpost"}; !slices.Equal(ids, want) {
				t.Errorf("%q: report carried by %v, want %v", question, ids, want)
			}
			if src.Agency != "AP" {
				t.Errorf("%q: agency %q, want AP (the Daily Mail's copy has the '(AP)' dateline)", question, src.Agency)
			}
			if want := "AP, via " + src.Source.Name(); len(src.Name()) <= len(want) || src.Name()[:len(want)] != want {
				t.Errorf("%q: name %q, want it to start %q", question, src.Name(), want)
			}
		}
		if reports != 1 {
			t.Errorf("%q: the wire story is cited %d times, want once: %+v", question, reports, ans.Sources)
		}
	}
}

// textOnly is the store without its stored report features and its
// sentences read with their articles (methods of another shape hide them),
// so an Engine over it works from the text, as over any other index.
type textOnly struct{ *store.DB }

func (textOnly) ReportFeatures()        {}
func (textOnly) SentencesWithArticles() {}

// TestStoredFeaturesAnswerAsText: answers from the store's stored report
// features are the answers computed from the articles' text.
func TestStoredFeaturesAnswerAsText(t *testing.T) {
	ctx := context.Background()
	an := corpus.NewAnalyzer()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "wire.db"), nil, store.WithAnalyzer(an))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Reload(ctx, os.DirFS(filepath.Join("testdata", "wire")), nil); err != nil {
		t.Fatal(err)
	}
	stored, text := qa.NewEngine(db, db, an, nil), qa.NewEngine(textOnly{db}, db, an, nil)
	folded := 0
	for _, question := range []string{
		"How much was the electric bill?",
		"What did the woman find when she checked her electric bill online?",
		"Who is Mary Horomanski?",
		"What did the power company say?",
		"Where does she live?",
	} {
		got, err := stored.Ask(ctx, question)
		if err != nil {
			t.Fatal(err)
		}
		want, err := text.Ask(ctx, question)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: from stored features\n%+v\nfrom the text\n%+v", question, got, want)
		}
		for _, s := range got.Sources {
			folded += len(s.CarriedBy)
		}
	}
	if folded == 0 {
		t.Error("no answer folded a wire copy: the test compares nothing")
	}
}

// BenchmarkAskWireReports times Ask over news-clusters in SQLite on
// questions whose answers fold wire copies: warm (the articles' features
// kept from an earlier answer, as in serve) and cold (a fresh Engine per
// question, so the texts are read and hashed each time).
func BenchmarkAskWireReports(b *testing.B) {
	dir := filepath.Join("..", "..", "shared", "data", "news-clusters")
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("needs %s (the shared data): %v", dir, err)
	}
	ctx := context.Background()
	an := corpus.NewAnalyzer()
	db, err := store.Open(ctx, filepath.Join(b.TempDir(), "nc.db"), nil, store.WithAnalyzer(an))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Reload(ctx, os.DirFS(dir), nil); err != nil {
		b.Fatal(err)
	}
	questions := []string{
		"How much was the electric bill?",
		"How many workers were injured when the subway trains collided?",
		"Why did American Airlines apologize to the G League players?",
		"What was Ahed Tamimi charged with?",
		"How did the bird get into the cockpit?",
	}
	b.Run("warm", func(b *testing.B) {
		e := qa.NewEngine(db, db, an, nil)
		for i := 0; b.Loop(); i++ {
			if _, err := e.Ask(ctx, questions[i%len(questions)]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cold", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			e := qa.NewEngine(db, db, an, nil)
			if _, err := e.Ask(ctx, questions[i%len(questions)]); err != nil {
				b.Fatal(err)
			}
		}
	})
}
