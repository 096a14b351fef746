// Command tune chooses qa's re-ranking weights on the train splits of
// WikiQA and SQuAD 2.0 and reports them on the held-out test splits, so
// the weights in qa.DefaultWeights are never fitted to the figures they are
// judged by. Every step it keeps must also keep the seed story's golden
// answers (-golden), which are the product's own acceptance test.
//
//	go run ./qa/eval/tune [-wikiqa FILE] [-squad FILE] [-golden FILE] [-rounds N]
//
// It prints the chosen weights as Go, ready to paste into
// qa.DefaultWeights, and the train and test scores before and after.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"storybot/corpus"
	"storybot/qa"
	"storybot/qa/eval"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "tune:", err)
		os.Exit(1)
	}
}

func run() error {
	wikiqa := flag.String("wikiqa", "../shared/data/wikiqa/WikiQA-test.tsv", "WikiQA TSV")
	squad := flag.String("squad", "../shared/data/squad/dev-v2.0-first16.json", "SQuAD 2.0 JSON")
	rounds := flag.Int("rounds", 8, "coordinate-ascent rounds at most")
	bags := flag.Int("bags", 8, "bagged: resamples whose ascent weights are averaged")
	cv := flag.Bool("cv", false, "also compare the methods by two-fold cross-validation within the train split")
	cvMethods := flag.String("cv-methods", "ascent,bagged,listwise,pairwise", "methods -cv compares, comma-separated")
	neutral := flag.Bool("neutral", false, "start from coverage and length at 1 and every other weight at 0.1 instead of qa.DefaultWeights, which were fitted on all of train (a fair start for -cv)")
	expansion := flag.Float64("expansion", -1, "expansion factor to collect with (default: qa.DefaultWeights)")
	method := flag.String("method", "ascent", "how to fit the feature weights: ascent (coordinate ascent), bagged (ascent, then ascent on resamples, averaged), listwise (softmax over each question's candidates) or pairwise (logistic on feature differences)")
	l2 := flag.Float64("l2", 0.01, "pairwise: ridge penalty")
	iters := flag.Int("iterations", 3000, "pairwise: gradient steps")
	rate := flag.Float64("rate", 2, "pairwise: gradient step size")
	golden := flag.String("golden", "qa/testdata/golden.json", "golden questions on the embedded seed story: every change must keep each answer the start gets right (empty: no guard)")
	flag.Parse()

	ctx := context.Background()
	qs, err := eval.ReadWikiQA(*wikiqa)
	if err != nil {
		return err
	}
	arts, err := eval.ReadSQuAD(*squad)
	if err != nil {
		return err
	}
	w := qa.DefaultWeights()
	if *expansion >= 0 {
		w.Expansion = *expansion
	}
	if *neutral {
		for f := range w.Feature {
			w.Feature[f] = 0.1
		}
		w.Feature[qa.FeatCoverage], w.Feature[qa.FeatLength] = 1, 1
	}
	start := eval.Settings{Weights: w, MinCoverage: qa.DefaultMinCoverage}
	collect := func(split eval.Split) (eval.Objective, error) {
		opt := eval.Options{Analyzer: corpus.NewAnalyzer(), Split: split,
			Engine: qa.Engine{Weights: &start.Weights, MinCoverage: start.MinCoverage}}
		var obj eval.Objective
		var err error
		if obj.WikiQA, err = eval.CollectWikiQA(ctx, qs, opt); err != nil {
			return obj, err
		}
		obj.SQuAD, err = eval.CollectSQuAD(ctx, arts, opt)
		return obj, err
	}
	train, err := collect(eval.SplitTrain)
	if err != nil {
		return err
	}
	test, err := collect(eval.SplitTest)
	if err != nil {
		return err
	}
	if *golden != "" {
		guard, startGolden, err := goldenGuard(ctx, *golden, start)
		if err != nil {
			return err
		}
		train.Guard = guard
		fmt.Printf("golden guard: %s, %.3f right at the start\n", *golden, startGolden)
	}
	logf := func(s string) { fmt.Println(s) }
	fit := func(method string, obj eval.Objective, log func(string)) (eval.Settings, error) {
		switch method {
		case "ascent":
			return eval.Tune(obj, start, *rounds, log), nil
		case "bagged":
			return eval.TuneBagged(obj, start, *rounds, *bags, 1, log), nil
		case "pairwise", "listwise":
			s := eval.FitPairwise(obj, start, eval.PairwiseOptions{L2: *l2, Iterations: *iters, Rate: *rate, Listwise: method == "listwise"})
			if obj.Guard != nil && !obj.Guard(s) {
				if log != nil {
					log("the guard refuses the fitted weights; keeping the start's")
				}
				s = start
			}
			return eval.TuneThresholds(obj, s, log), nil
		}
		return eval.Settings{}, fmt.Errorf("-method %q: want bagged, ascent, listwise or pairwise", method)
	}
	if *cv {
		// Each method fitted on one half of train and scored on the
		// other: a comparison that never sees the test split.
		halves := train.Halves()
		for _, m := range strings.Split(*cvMethods, ",") {
			total := 0.0
			for i := range halves {
				s, err := fit(m, halves[i], nil)
				if err != nil {
					return err
				}
				total += halves[1-i].Ranking(s) / 2
			}
			fmt.Printf("cross-validated ranking objective (WikiQA MAP + SQuAD top-1), %-8s %.4f\n", m, total)
		}
	}
	tuned, err := fit(*method, train, logf)
	if err != nil {
		return err
	}

	report := func(name string, obj eval.Objective, s eval.Settings) {
		wq, sq := eval.ScoreWikiQA(obj.WikiQA, s), eval.ScoreSQuAD(obj.SQuAD, s)
		fmt.Printf("%-14s WikiQA MAP %.3f MRR %.3f trigger F1 %.3f | SQuAD top-1 %.3f accuracy %.3f abstain(ans) %.3f abstain(unans) %.3f\n",
			name, wq.MAP, wq.MRR, wq.TriggerF1, sq.Top1, sq.Accuracy, sq.AbstainAnswerable, sq.AbstainUnanswerable)
	}
	report("train before", train, start)
	report("train after", train, tuned)
	report("test before", test, start)
	report("test after", test, tuned)

	fmt.Println("\n\tw.Feature = [NumFeatures]float64{")
	for f := qa.Feature(0); f < qa.NumFeatures; f++ {
		fmt.Printf("\t\t%-16s %.3f,\n", featConst(f)+":", tuned.Weights.Feature[f])
	}
	fmt.Printf("\t}\n\tw.Expansion = %.2f\n\tw.RelativeToBest = %.2f\n\t// DefaultMinCoverage = %.2f\n",
		tuned.Weights.Expansion, tuned.Weights.RelativeToBest, tuned.MinCoverage)
	return nil
}

func featConst(f qa.Feature) string {
	names := map[qa.Feature]string{qa.FeatBM25: "FeatBM25", qa.FeatCoverage: "FeatCoverage", qa.FeatProximity: "FeatProximity",
		qa.FeatGroups: "FeatGroups", qa.FeatQuoting: "FeatQuoting", qa.FeatAnswerType: "FeatAnswerType",
		qa.FeatBigram: "FeatBigram", qa.FeatNovelty: "FeatNovelty", qa.FeatContext: "FeatContext",
		qa.FeatLead: "FeatLead", qa.FeatLength: "FeatLength", qa.FeatCarry: "FeatCarry", qa.FeatPassage: "FeatPassage", qa.FeatLocal: "FeatLocal"}
	return names[f]
}

// goldenGuard returns a guard that accepts settings under which every
// golden check (a question's expected sentence, silence or "not found" per
// source) that start passes still passes, asked of the embedded seed
// story; and start's golden accuracy. Trading one answer for another is
// refused.
func goldenGuard(ctx context.Context, path string, start eval.Settings) (func(eval.Settings) bool, float64, error) {
	qs, err := eval.ReadGolden(path)
	if err != nil {
		return nil, 0, err
	}
	files, _, err := corpus.ReadFiles(corpus.Default())
	if err != nil {
		return nil, 0, fmt.Errorf("seed story: %w", err)
	}
	var arts []corpus.Article
	for _, f := range files {
		a, err := corpus.Parse(f)
		if err != nil {
			return nil, 0, fmt.Errorf("seed story: %w", err)
		}
		arts = append(arts, a)
	}
	an := corpus.NewAnalyzer()
	idx := eval.NewMemIndex(an, arts)
	type check struct{ question, file string }
	run := func(s eval.Settings) (eval.GoldenReport, map[check]bool, error) {
		w := s.Weights
		eng := &qa.Engine{Index: idx, Analyzer: an, Weights: &w, MinCoverage: s.MinCoverage}
		rep, err := eval.RunGolden(ctx, eng, qs)
		missed := map[check]bool{}
		for _, m := range rep.Misses {
			missed[check{m.Question, m.File}] = true
		}
		return rep, missed, err
	}
	rep, startMissed, err := run(start)
	if err != nil {
		return nil, 0, err
	}
	guard := func(s eval.Settings) bool {
		_, missed, err := run(s)
		if err != nil {
			return false
		}
		for c := range missed {
			if !startMissed[c] {
				return false
			}
		}
		return true
	}
	return guard, rep.Accuracy, nil
}
