package eval

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func inUnit(t *testing.T, name string, v float64) {
	t.Helper()
	if v < 0 || v > 1 {
		t.Errorf("%s = %v, want within [0, 1]", name, v)
	}
}

func checkWikiQAScores(t *testing.T, who string, s WikiQAScores, questions int) {
	t.Helper()
	for name, v := range map[string]float64{"map": s.MAP, "mrr": s.MRR, "top1": s.Top1,
		"trigger_precision": s.TriggerPrecision, "trigger_recall": s.TriggerRecall, "trigger_f1": s.TriggerF1} {
		inUnit(t, who+" "+name, v)
	}
	// Precision at 1 ≤ MAP ≤ MRR for every question, so for the means too.
	if s.Top1 > s.MAP+1e-9 || s.MAP > s.MRR+1e-9 {
		t.Errorf("%s: top1 %v ≤ map %v ≤ mrr %v does not hold", who, s.Top1, s.MAP, s.MRR)
	}
	if s.Triggered < 0 || s.Triggered > questions {
		t.Errorf("%s triggered %d of %d questions", who, s.Triggered, questions)
	}
}

func TestRunWikiQASample(t *testing.T) {
	qs, err := ReadWikiQA(filepath.Join("testdata", "wikiqa-sample.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, perDoc := range []bool{false, true} {
		rep, err := RunWikiQA(context.Background(), qs, Options{PerDocument: perDoc})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Questions != 4 || rep.WithAnswer != 3 || rep.Documents != 3 || rep.Sentences != 8 {
			t.Errorf("per-document %v: counts %+v, want 4 questions, 3 with answer, 3 documents, 8 sentences", perDoc, rep)
		}
		checkWikiQAScores(t, "bot", rep.WikiQAScores, rep.Questions)
		checkWikiQAScores(t, "baseline", rep.Baseline, rep.Questions)
		// "how tall is the eiffel tower": only one sentence says tall, so
		// both rank it first and neither can score 0 at 1.
		if rep.Top1 < 1.0/3-1e-9 || rep.Baseline.Top1 < 1.0/3-1e-9 {
			t.Errorf("top1 bot %v baseline %v, want ≥ 1/3", rep.Top1, rep.Baseline.Top1)
		}
		// Every question shares a word with its document, and the
		// baseline cites whenever anything matches.
		if rep.Baseline.Triggered != 4 {
			t.Errorf("baseline triggered %d, want 4", rep.Baseline.Triggered)
		}
	}
	train, err := RunWikiQA(context.Background(), qs, Options{Split: SplitTrain})
	if err != nil {
		t.Fatal(err)
	}
	test, err := RunWikiQA(context.Background(), qs, Options{Split: SplitTest})
	if err != nil {
		t.Fatal(err)
	}
	if train.Questions+test.Questions != 4 || train.Split != "train" || test.Split != "test" {
		t.Errorf("splits hold %d + %d questions, want 4 in all", train.Questions, test.Questions)
	}
}

func TestRunWikiQAInconsistentDocument(t *testing.T) {
	qs := []WikiQAQuestion{
		{ID: "Q1", Question: "a", DocumentID: "D1", Candidates: []WikiQACandidate{{ID: "D1-0", Text: "one"}}},
		{ID: "Q2", Question: "b", DocumentID: "D1", Candidates: []WikiQACandidate{{ID: "D1-0", Text: "two"}}},
	}
	if _, err := RunWikiQA(context.Background(), qs, Options{}); err == nil {
		t.Error("two texts for sentence D1-0: want an error")
	}
	qs[1].Candidates[0].ID = "X-0"
	if _, err := RunWikiQA(context.Background(), qs, Options{}); err == nil {
		t.Error("sentence id of another document: want an error")
	}
}

func checkSQuADScores(t *testing.T, who string, s SQuADScores) {
	t.Helper()
	for name, v := range map[string]float64{"top1": s.Top1, "mrr": s.MRR, "cited_correct": s.CitedCorrect,
		"abstain_unanswerable": s.AbstainUnanswerable, "abstain_answerable": s.AbstainAnswerable, "accuracy": s.Accuracy} {
		inUnit(t, who+" "+name, v)
	}
	if s.Top1 > s.MRR+1e-9 {
		t.Errorf("%s: top1 %v > mrr %v", who, s.Top1, s.MRR)
	}
	if s.CitedCorrect > 1-s.AbstainAnswerable+1e-9 {
		t.Errorf("%s: cited correctly %v but abstained on %v of answerable questions", who, s.CitedCorrect, s.AbstainAnswerable)
	}
}

func TestRunSQuADSample(t *testing.T) {
	arts, err := ReadSQuAD(filepath.Join("testdata", "squad-sample.json"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := RunSQuAD(context.Background(), arts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Articles != 2 || rep.Answerable != 4 || rep.Unanswerable != 2 {
		t.Errorf("counts %+v, want 2 articles, 4 answerable, 2 not", rep)
	}
	// Eiffel: 3 + 2 sentences; Louvre: 2.
	if rep.Sentences != 7 {
		t.Errorf("%d sentences, want 7", rep.Sentences)
	}
	checkSQuADScores(t, "bot", rep.SQuADScores)
	checkSQuADScores(t, "baseline", rep.Baseline)
	// "How many people visit the tower each year?" has one sentence with
	// visit and year; "Where is the Louvre housed?" one with housed.
	if rep.Top1 < 0.5 || rep.Baseline.Top1 < 0.5 {
		t.Errorf("top1 bot %v baseline %v, want ≥ 0.5", rep.Top1, rep.Baseline.Top1)
	}
	train, _ := RunSQuAD(context.Background(), arts, Options{Split: SplitTrain})
	test, _ := RunSQuAD(context.Background(), arts, Options{Split: SplitTest})
	if train.Articles+test.Articles != 2 || train.Answerable+test.Answerable != 4 {
		t.Errorf("splits: %d + %d articles, want 2 with no article in both", train.Articles, test.Articles)
	}
}

func TestSQuADCorpusSpans(t *testing.T) {
	arts, err := ReadSQuAD(filepath.Join("testdata", "squad-sample.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, art := range arts {
		doc, spans := squadCorpus(art)
		n := 0
		for pi, p := range art.Paragraphs {
			ctx := []rune(p.Context)
			for _, s := range spans[pi] {
				n++
				if s.start < 0 || string(ctx[s.start:s.end]) != s.text {
					t.Errorf("%s paragraph %d: span [%d,%d) does not hold %q", art.Title, pi+1, s.start, s.end, s.text)
				}
			}
		}
		if n != len(doc.Sentences) || n == 0 {
			t.Errorf("%s: %d spans for %d sentences", art.Title, n, len(doc.Sentences))
		}
	}
}

// sharedData is ../shared from the repository root.
func sharedData(t *testing.T, parts ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{"..", "..", "..", "shared", "data"}, parts...)...)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("benchmark data %s not present (it lives in ../shared beside the repository): %v", p, err)
	}
	return p
}

func TestRealWikiQA(t *testing.T) {
	qs, err := ReadWikiQA(sharedData(t, "wikiqa", "WikiQA-test.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := RunWikiQA(context.Background(), qs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The file's documented size.
	if rep.Questions != 633 || rep.WithAnswer != 243 {
		t.Errorf("%d questions, %d with an answer; want 633 and 243", rep.Questions, rep.WithAnswer)
	}
	checkWikiQAScores(t, "bot", rep.WikiQAScores, rep.Questions)
	checkWikiQAScores(t, "baseline", rep.Baseline, rep.Questions)
	// Word count scores 0.489 MAP; anything below is broken, not weak.
	if rep.MAP < 0.45 || rep.Baseline.MAP < 0.45 {
		t.Errorf("MAP bot %.3f baseline %.3f: below the published word-count figure", rep.MAP, rep.Baseline.MAP)
	}
	// Floors a little under the figures in docs/quality.md (MAP 0.707, MRR
	// 0.717, trigger F1 0.319 vs 0.237): a change that loses the ranking or
	// abstention gains fails here instead of slipping through.
	if rep.MAP < 0.70 || rep.MRR < 0.71 || rep.MAP < 1.1*rep.Baseline.MAP {
		t.Errorf("MAP/MRR %.3f/%.3f (baseline MAP %.3f): the ranking lost its measured gains", rep.MAP, rep.MRR, rep.Baseline.MAP)
	}
	if rep.TriggerF1 < 0.30 || rep.TriggerF1 <= rep.Baseline.TriggerF1 {
		t.Errorf("trigger F1 %.3f (baseline %.3f): abstention lost its measured gain", rep.TriggerF1, rep.Baseline.TriggerF1)
	}
	t.Logf("WikiQA MAP/MRR bot %.3f/%.3f baseline %.3f/%.3f; trigger F1 %.3f vs %.3f",
		rep.MAP, rep.MRR, rep.Baseline.MAP, rep.Baseline.MRR, rep.TriggerF1, rep.Baseline.TriggerF1)
}

func TestRealSQuAD(t *testing.T) {
	arts, err := ReadSQuAD(sharedData(t, "squad", "dev-v2.0-first16.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 16 {
		t.Errorf("%d articles, want 16", len(arts))
	}
	if testing.Short() {
		arts = arts[:2]
	}
	rep, err := RunSQuAD(context.Background(), arts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkSQuADScores(t, "bot", rep.SQuADScores)
	checkSQuADScores(t, "baseline", rep.Baseline)
	if rep.Top1 < 0.5 || rep.Baseline.Top1 < 0.5 {
		t.Errorf("top1 bot %.3f baseline %.3f: most answers share words with their sentence", rep.Top1, rep.Baseline.Top1)
	}
	// Floor a little under docs/quality.md's 0.787 (baseline 0.742), on the
	// full set only: two articles are too few to judge.
	if !testing.Short() && (rep.Top1 < 0.77 || rep.Top1 <= rep.Baseline.Top1) {
		t.Errorf("top1 %.3f (baseline %.3f): the ranking lost its measured gain", rep.Top1, rep.Baseline.Top1)
	}
	t.Logf("SQuAD top1 bot %.3f baseline %.3f; abstain on unanswerable %.3f vs %.3f",
		rep.Top1, rep.Baseline.Top1, rep.AbstainUnanswerable, rep.Baseline.AbstainUnanswerable)
}
