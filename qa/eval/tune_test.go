package eval

import (
	"context"
	"math"
	"testing"

	"storybot/qa"
)

// TestCollectScoresLikeRun holds the tuner to the harness: re-scoring the
// collected cases with the engine's own settings must reproduce exactly the
// figures RunWikiQA and RunSQuAD report, or tuned weights would not mean
// what users get.
func TestCollectScoresLikeRun(t *testing.T) {
	ctx := context.Background()
	qs, err := ReadWikiQA(sharedData(t, "wikiqa", "WikiQA-test.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	arts, err := ReadSQuAD(sharedData(t, "squad", "dev-v2.0-first16.json"))
	if err != nil {
		t.Fatal(err)
	}
	arts = arts[:3]
	opt := Options{Split: SplitTrain}
	s := Settings{Weights: qa.DefaultWeights(), MinCoverage: qa.DefaultMinCoverage}

	rep, err := RunWikiQA(ctx, qs, opt)
	if err != nil {
		t.Fatal(err)
	}
	cases, err := CollectWikiQA(ctx, qs, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != rep.Questions {
		t.Errorf("collected %d WikiQA cases, run asked %d questions", len(cases), rep.Questions)
	}
	if got := ScoreWikiQA(cases, s); !closeScores(got.MAP, rep.MAP) || !closeScores(got.MRR, rep.MRR) || !closeScores(got.TriggerF1, rep.TriggerF1) {
		t.Errorf("WikiQA offline MAP %.4f MRR %.4f F1 %.4f, run %.4f %.4f %.4f", got.MAP, got.MRR, got.TriggerF1, rep.MAP, rep.MRR, rep.TriggerF1)
	}

	srep, err := RunSQuAD(ctx, arts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	scases, err := CollectSQuAD(ctx, arts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ScoreSQuAD(scases, s); !closeScores(got.Top1, srep.Top1) || !closeScores(got.Accuracy, srep.Accuracy) || !closeScores(got.AbstainAnswerable, srep.AbstainAnswerable) {
		t.Errorf("SQuAD offline top-1 %.4f accuracy %.4f abstain %.4f, run %.4f %.4f %.4f",
			got.Top1, got.Accuracy, got.AbstainAnswerable, srep.Top1, srep.Accuracy, srep.AbstainAnswerable)
	}
}

func closeScores(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// TestTuneFindsTheInformativeFeature gives the tuner cases where only the
// answer-type feature tells the right sentence from the wrong one and
// checks that it learns to weigh it, and to abstain where nothing fits.
func TestTuneFindsTheInformativeFeature(t *testing.T) {
	cases := informativeCases()
	for i := 0; i < 20; i++ {
		// Unanswerable: weakly matching sentences only.
		cases = append(cases, Case{Candidates: []CaseCandidate{{ID: 3, Features: qa.Features{qa.FeatCoverage: 0.3}, Coverage: 0.3}}})
	}
	start := informativeStart()
	before := ScoreSQuAD(cases, start)
	got := Tune(Objective{SQuAD: cases}, start, 3, nil)
	after := ScoreSQuAD(cases, got)
	if before.Top1 != 0 || after.Top1 != 1 {
		t.Errorf("top-1 before %.2f after %.2f; want 0 then 1 (weights %v)", before.Top1, after.Top1, got.Weights.Feature)
	}
	if after.AbstainUnanswerable != 1 || after.AbstainAnswerable != 0 {
		t.Errorf("abstains on %.2f of unanswerable, %.2f of answerable; want 1 and 0 (min coverage %.2f)",
			after.AbstainUnanswerable, after.AbstainAnswerable, got.MinCoverage)
	}
}

// informativeCases are answerable cases where only the answer-type
// feature tells the right sentence from the wrong one, which carries more
// coverage.
func informativeCases() []Case {
	var cases []Case
	for i := 0; i < 20; i++ {
		right := qa.Features{qa.FeatCoverage: 0.5, qa.FeatAnswerType: 1}
		wrong := qa.Features{qa.FeatCoverage: 0.6}
		cases = append(cases, Case{Answerable: true, Candidates: []CaseCandidate{
			{ID: 1, Features: wrong, Coverage: 0.9},
			{ID: 2, Features: right, Coverage: 0.9, Correct: true},
		}})
	}
	return cases
}

func informativeStart() Settings {
	s := Settings{Weights: qa.Weights{RelativeToBest: 0.6}, MinCoverage: 0.1}
	s.Weights.Feature[qa.FeatCoverage] = 1
	s.Weights.Feature[qa.FeatLength] = 1
	return s
}

func TestTuneBaggedFindsTheInformativeFeature(t *testing.T) {
	cases := informativeCases()
	got := TuneBagged(Objective{SQuAD: cases}, informativeStart(), 3, 4, 1, nil)
	if top1 := ScoreSQuAD(cases, got).Top1; top1 != 1 {
		t.Errorf("top-1 %.2f, want 1 (weights %v)", top1, got.Weights.Feature)
	}
	again := TuneBagged(Objective{SQuAD: cases}, informativeStart(), 3, 4, 1, nil)
	if again != got {
		t.Errorf("same seed gave %v then %v", got.Weights.Feature, again.Weights.Feature)
	}
}

func TestFitPairwiseFindsTheInformativeFeature(t *testing.T) {
	cases := informativeCases()
	for _, listwise := range []bool{false, true} {
		got := FitPairwise(Objective{SQuAD: cases}, informativeStart(), PairwiseOptions{L2: 0.001, Iterations: 300, Rate: 1, Listwise: listwise})
		if top1 := ScoreSQuAD(cases, got).Top1; top1 != 1 {
			t.Errorf("listwise %v: top-1 %.2f, want 1 (weights %v)", listwise, top1, got.Weights.Feature)
		}
		if got.Weights.Feature[qa.FeatAnswerType] <= 0 {
			t.Errorf("listwise %v: answer type weight %.3f, want > 0", listwise, got.Weights.Feature[qa.FeatAnswerType])
		}
	}
}

// TestTuneRespectsGuard: a change the guard refuses is not made, however
// much it would gain, and the guard is what decides, not the objective.
func TestTuneRespectsGuard(t *testing.T) {
	cases := informativeCases()
	calls := 0
	noAnswerType := func(s Settings) bool {
		calls++
		return s.Weights.Feature[qa.FeatAnswerType] == 0
	}
	got := Tune(Objective{SQuAD: cases, Guard: noAnswerType}, informativeStart(), 3, nil)
	if calls == 0 {
		t.Fatal("the guard was never asked")
	}
	if w := got.Weights.Feature[qa.FeatAnswerType]; w != 0 {
		t.Errorf("answer type weight %.3f, which the guard refuses", w)
	}
	if top1 := ScoreSQuAD(cases, got).Top1; top1 != 0 {
		t.Errorf("top-1 %.2f: only the refused feature tells the cases apart, so want 0", top1)
	}
	free := Tune(Objective{SQuAD: cases, Guard: func(Settings) bool { return true }}, informativeStart(), 3, nil)
	if top1 := ScoreSQuAD(cases, free).Top1; top1 != 1 {
		t.Errorf("with a guard that accepts everything, top-1 %.2f, want 1", top1)
	}
}
