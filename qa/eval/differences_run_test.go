package eval_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"storybot/corpus"
	"storybot/qa"
	"storybot/qa/eval"
)

// TestRunDifferencesOnTheSet asks the whole differences set of its stories,
// each indexed in a real SQLite file as `storybot eval differences` does,
// and checks the run holds together: every story loads with every gold
// file indexed, every question is answered and judged, and every reported
// difference names files of its story. The figures are logged; they are
// the finder's to improve, not this test's to pin.
func TestRunDifferencesOnTheSet(t *testing.T) {
	ctx := context.Background()
	set := filepath.Join("..", "testdata", "differences.json")
	qs, err := eval.ReadDifferences(set)
	if err != nil {
		t.Fatal(err)
	}
	an := corpus.NewAnalyzer()
	loaded := 0
	engineFor := func(story string) (*qa.Engine, error) {
		db := openStore(t, an, fmt.Sprintf("story%d", loaded))
		loaded++
		if _, err := db.Reload(ctx, os.DirFS(filepath.Join(filepath.Dir(set), story)), nil); err != nil {
			return nil, err
		}
		return &qa.Engine{Index: db, QuoteIndex: db, Analyzer: an}, nil
	}
	rep, err := eval.RunDifferences(ctx, qs, engineFor, nil)
	if err != nil {
		t.Fatal(err)
	}
	stories := map[string]bool{}
	for _, q := range qs {
		stories[q.Story] = true
	}
	if rep.Stories != len(stories) || loaded != len(stories) || rep.Questions != len(qs) || len(rep.Results) != len(qs) {
		t.Fatalf("%d stories loaded, %d reported, %d questions, %d results; want %d stories and %d questions",
			loaded, rep.Stories, rep.Questions, len(rep.Results), len(stories), len(qs))
	}
	for _, r := range rep.Results {
		if r.Verdict == "" {
			t.Errorf("%s: no verdict", r.ID)
		}
		for _, d := range r.Reported {
			for _, v := range d.Values {
				if _, err := os.Stat(filepath.Join(filepath.Dir(set), r.Story, v.File)); err != nil {
					t.Errorf("%s: reported value %q from %q, not a file of %s", r.ID, v.Value, v.File, r.Story)
				}
			}
		}
	}
	t.Logf("%d differences reported, %d right: precision %.2f, recall %.2f (%d/%d), false-differ %.2f (%d/%d), agree right %.2f",
		rep.Reported, rep.Right, rep.Precision, rep.Recall, rep.Found, rep.DifferQuestions,
		rep.FalseDifferRate, rep.FalseDiffers, rep.AgreeQuestions, rep.AgreeRight)
}

// TestRunDifferencesRefusesUnindexedGold checks that a gold value naming a
// file the story's index does not hold stops the run, instead of scoring
// its question as missed.
func TestRunDifferencesRefusesUnindexedGold(t *testing.T) {
	ctx := context.Background()
	an := corpus.NewAnalyzer()
	db := openStore(t, an, "seed")
	if _, err := db.Reload(ctx, corpus.Default(), nil); err != nil {
		t.Fatal(err)
	}
	q := eval.DiffQuestion{ID: "d1", Story: "seed", Question: "what did she say?", Expect: "agree", Kind: "person",
		Values: []eval.DiffValue{{File: "missing.json", Value: "x", Substring: "x"}, {File: "missing.json", Value: "x", Substring: "x"}}}
	_, err := eval.RunDifferences(ctx, []eval.DiffQuestion{q}, func(string) (*qa.Engine, error) {
		return &qa.Engine{Index: db, QuoteIndex: db, Analyzer: an}, nil
	}, nil)
	if err == nil {
		t.Fatal("RunDifferences accepted gold from a file the index does not hold")
	}
}
