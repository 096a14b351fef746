package eval

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"storybot/corpus"
	"storybot/qa"
)

func TestHoldsGold(t *testing.T) {
	for _, c := range []struct {
		sentence string
		gold     []string
		want     bool
	}{
		{"The storm brought 34 inches of snow.", []string{"34 inches of snow"}, true},
		{"The storm brought 34 inches\nof  snow.", []string{"34 inches of snow"}, true}, // white space is loose
		{"The storm brought 34 inches of snow.", []string{"34 Inches of snow"}, false},  // case is not
		{"The storm brought 34 inches of snow.", []string{"nothing here", "brought 34"}, true},
		{"The storm brought 34 inches of snow.", nil, false},
		{"The storm brought 34 inches of snow.", []string{"  "}, false},
		{"", []string{"snow"}, false},
	} {
		if got := HoldsGold(c.sentence, c.gold); got != c.want {
			t.Errorf("HoldsGold(%q, %q) = %v, want %v", c.sentence, c.gold, got, c.want)
		}
	}
}

// TestDevTally scores hand-made (gold, cited) pairs: first-sentence right
// needs the first cited sentence to hold gold, any-sentence right any of
// them; a source without gold is right only when nothing is cited from it.
func TestDevTally(t *testing.T) {
	gold := []string{"34 inches"}
	for _, c := range []struct {
		name  string
		gold  []string
		cited []string
		want  DevScores
	}{
		{"first right", gold, []string{"It brought 34 inches.", "Other."}, DevScores{FirstRight: 1, AnyRight: 1, Answering: 1}},
		{"second right", gold, []string{"Other.", "It brought 34 inches."}, DevScores{FirstRight: 0, AnyRight: 1, Answering: 1}},
		{"wrong", gold, []string{"Other."}, DevScores{Answering: 1}},
		{"silent on an answer", gold, nil, DevScores{Answering: 1}},
		{"silence right", nil, nil, DevScores{SilenceRight: 1, NonAnswering: 1}},
		{"empty gold is silence", []string{}, nil, DevScores{SilenceRight: 1, NonAnswering: 1}},
		{"false answer", nil, []string{"Other."}, DevScores{FalseAnswers: 1, NonAnswering: 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var tally devTally
			tally.add(c.gold, c.cited)
			if got := tally.scores(); got != c.want {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
		})
	}
	var tally devTally
	tally.add(gold, []string{"34 inches"})
	tally.add(gold, []string{"no", "34 inches"})
	tally.add(nil, nil)
	tally.add(nil, []string{"x"})
	tally.add(nil, []string{"y"})
	want := DevScores{FirstRight: 0.5, AnyRight: 1, SilenceRight: 1.0 / 3, FalseAnswers: 2, Answering: 2, NonAnswering: 3}
	if got := tally.scores(); got != want {
		t.Errorf("mixed: got %+v, want %+v", got, want)
	}
}

// TestCitedBySource credits a source folded into another's citation as
// citing that sentence, but never over its own citations.
func TestCitedBySource(t *testing.T) {
	ans := qa.Answer{Sources: []qa.SourceAnswer{
		{Source: corpus.Article{ID: "a"}, Sentences: []qa.Cited{{Text: "A1", AlsoIn: []string{"b", "c"}}, {Text: "A2"}}},
		{Source: corpus.Article{ID: "c"}, Sentences: []qa.Cited{{Text: "C1"}}},
	}}
	want := map[string][]string{"a": {"A1", "A2"}, "b": {"A1"}, "c": {"C1"}}
	if got := citedBySource(ans); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// devCorpus is a two-story dev set in memory: what RunDevSet sees through
// engineFor.
func devCorpus(t *testing.T) map[string]*qa.Engine {
	t.Helper()
	an := corpus.NewAnalyzer()
	stories := map[string]map[string]string{
		"snow": {
			"a.txt": "Title: Snow\n\nThe storm brought 34 inches of snow to Erie on Christmas Day.\n\nThe county declared a disaster emergency.\n",
			"b.txt": "Title: Roads\n\nOfficials urged people to avoid travel on icy roads.\n",
		},
		"ship": {
			"c.txt": "Title: Ship\n\nA tourist ship hit a bridge pillar on the Rhine.\n\nTwenty five people were hurt.\n",
		},
	}
	engines := map[string]*qa.Engine{}
	for name, files := range stories {
		var arts []corpus.Article
		for file, text := range files {
			a, err := corpus.Parse(corpus.File{Name: file, Data: []byte(text)})
			if err != nil {
				t.Fatal(err)
			}
			arts = append(arts, a)
		}
		engines[name] = &qa.Engine{Index: NewMemIndex(an, arts), Analyzer: an}
	}
	return engines
}

func strs(s ...string) []string { return s }

func TestRunDevSet(t *testing.T) {
	engines := devCorpus(t)
	loads := map[string]int{}
	engineFor := func(c string) (*qa.Engine, error) {
		loads[c]++
		if e, ok := engines[c]; ok {
			return e, nil
		}
		return nil, fmt.Errorf("no story %s", c)
	}
	qs := []GoldenQuestion{
		{Question: "How much snow fell in Erie?", Corpus: "snow", Kinds: []string{"how-much"}, Split: "train",
			Gold: map[string][]string{"a.txt": strs("34 inches of snow"), "b.txt": nil}},
		{Question: "Who declared a disaster emergency?", Corpus: "snow", Kinds: []string{"who"}, Split: "test",
			Gold: map[string][]string{"a.txt": strs("declared a disaster emergency"), "b.txt": nil}},
		{Question: "How many people were hurt on the ship?", Corpus: "ship", Kinds: []string{"how-many", "paraphrase"}, Split: "train",
			Gold: map[string][]string{"c.txt": strs("Twenty five people were hurt")}},
		{Question: "What is the capital of Peru?", Corpus: "ship", Kinds: []string{"unanswerable"}, Split: "train", NotFound: true,
			Gold: map[string][]string{"c.txt": nil}},
	}
	rep, err := RunDevSet(context.Background(), qs, SplitTrain, engineFor, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Questions != 3 || rep.Stories != 2 || rep.Split != "train" {
		t.Errorf("questions %d, stories %d, split %s; want 3, 2, train", rep.Questions, rep.Stories, rep.Split)
	}
	for c, n := range loads {
		if n != 1 {
			t.Errorf("story %s loaded %d times, want once", c, n)
		}
	}
	if rep.Kind != "all" || rep.Answering != 2 || rep.NonAnswering != 2 || rep.Baseline.Answering != 2 {
		t.Errorf("all: %+v; want 2 answering and 2 non-answering pairs", rep.DevKindReport)
	}
	// Plain BM25 cites the only matching sentence of each answering
	// source, and finds no term of the Peru question or the snow question
	// in b.txt.
	if want := (DevScores{FirstRight: 1, AnyRight: 1, SilenceRight: 1, Answering: 2, NonAnswering: 2}); rep.Baseline != want {
		t.Errorf("baseline %+v, want %+v", rep.Baseline, want)
	}
	var kinds []string
	for _, k := range rep.ByKind {
		kinds = append(kinds, fmt.Sprintf("%s:%d", k.Kind, k.Questions))
	}
	if got, want := strings.Join(kinds, " "), "how-many:1 how-much:1 paraphrase:1 unanswerable:1"; got != want {
		t.Errorf("kinds %s, want %s", got, want)
	}
	// Every pair the bot got wrong is listed, and only those.
	wrong := rep.Answering - int(rep.FirstRight*float64(rep.Answering)+0.5) + rep.FalseAnswers
	if len(rep.Misses) != wrong {
		t.Errorf("%d misses, want %d: %+v", len(rep.Misses), wrong, rep.Misses)
	}

	all, err := RunDevSet(context.Background(), qs, SplitAll, engineFor, nil)
	if err != nil {
		t.Fatal(err)
	}
	if all.Questions != 4 || all.Answering != 3 {
		t.Errorf("all split: %d questions, %d answering pairs; want 4 and 3", all.Questions, all.Answering)
	}
}

func TestRunDevSetErrors(t *testing.T) {
	engines := devCorpus(t)
	engineFor := func(c string) (*qa.Engine, error) {
		if e, ok := engines[c]; ok {
			return e, nil
		}
		return nil, fmt.Errorf("no story %s", c)
	}
	for _, c := range []struct {
		name string
		q    GoldenQuestion
		want string
	}{
		{"unknown file", GoldenQuestion{Question: "Q?", Corpus: "snow", Gold: map[string][]string{"zz.txt": strs("x")}}, "zz.txt is not in snow"},
		{"unknown corpus", GoldenQuestion{Question: "Q?", Corpus: "moon", Gold: map[string][]string{"a.txt": strs("x")}}, "no story moon"},
		{"no gold", GoldenQuestion{Question: "Q?", Expect: map[string]*string{"a.txt": nil}}, "no gold"},
	} {
		_, err := RunDevSet(context.Background(), []GoldenQuestion{c.q}, SplitAll, engineFor, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}
}
