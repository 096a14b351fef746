package eval

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"storybot/corpus"
	"storybot/qa"
)

// Case is one benchmark question as the engine saw it: the features of
// every re-ranked candidate and the labels of everything after them, so
// other weights can be scored without asking again. Scoring a Case with
// the engine's own weights gives exactly what RunWikiQA or RunSQuAD report.
type Case struct {
	// Answerable is whether some sentence answers the question.
	Answerable bool
	Candidates []CaseCandidate
	// Rest are the labels of the candidates not re-ranked, then (WikiQA)
	// of the sentences no term reached, in the order they are ranked.
	Rest []bool
}

// CaseCandidate is one re-ranked candidate.
type CaseCandidate struct {
	ID       uint32
	Features qa.Features
	Coverage float64
	Correct  bool
}

// Settings are what a tuner varies: the weights and the coverage
// threshold.
type Settings struct {
	Weights     qa.Weights
	MinCoverage float64
}

// order returns c's candidates best first under s, as the engine sorts
// them, with their scores.
func (c Case) order(w *qa.Weights) ([]CaseCandidate, []float64) {
	type scored struct {
		c CaseCandidate
		s float64
	}
	all := make([]scored, len(c.Candidates))
	for i, cand := range c.Candidates {
		all[i] = scored{cand, w.Score(cand.Features)}
	}
	slices.SortStableFunc(all, func(a, b scored) int {
		if d := cmp.Compare(b.s, a.s); d != 0 {
			return d
		}
		return cmp.Compare(a.c.ID, b.c.ID)
	})
	out := make([]CaseCandidate, len(all))
	scores := make([]float64, len(all))
	for i, a := range all {
		out[i], scores[i] = a.c, a.s
	}
	return out, scores
}

// Outcome is how one Case fares under some Settings.
type Outcome struct {
	// Labels of the ranked sentences, best first.
	Labels []bool
	// Cited is whether a sentence passes the relevance threshold; CitedOK
	// whether the first that does is correct.
	Cited, CitedOK bool
}

// Score ranks c under s the way the engine would.
func (c Case) Score(s Settings) Outcome {
	ranked, scores := c.order(&s.Weights)
	var o Outcome
	best, haveBest := 0.0, false
	for i, r := range ranked {
		if r.Coverage >= s.MinCoverage-1e-9 {
			best, haveBest = scores[i], true
			break
		}
	}
	for i, r := range ranked {
		o.Labels = append(o.Labels, r.Correct)
		if !o.Cited && haveBest && r.Coverage >= s.MinCoverage-1e-9 && scores[i] >= s.Weights.RelativeToBest*best {
			o.Cited, o.CitedOK = true, r.Correct
		}
	}
	o.Labels = append(o.Labels, c.Rest...)
	return o
}

// ScoreWikiQA scores WikiQA cases under s.
func ScoreWikiQA(cases []Case, s Settings) WikiQAScores {
	var t wikiQATally
	for _, c := range cases {
		o := c.Score(s)
		t.addOutcome(c.Answerable, o)
	}
	return t.scores()
}

func (t *wikiQATally) addOutcome(hasAnswer bool, o Outcome) {
	if hasAnswer {
		t.ap.Add(AveragePrecision(o.Labels))
		t.rr.Add(ReciprocalRank(o.Labels))
		t.p1.AddBool(len(o.Labels) > 0 && o.Labels[0])
	}
	t.trig.Add(hasAnswer, o.Cited, o.Cited && o.CitedOK)
}

// ScoreSQuAD scores SQuAD cases under s.
func ScoreSQuAD(cases []Case, s Settings) SQuADScores {
	var t squadTally
	for _, c := range cases {
		o := c.Score(s)
		t.add(!c.Answerable, o.Labels, o.Cited, o.CitedOK)
	}
	return t.scores()
}

// CollectWikiQA asks each selected question once, as RunWikiQA does, and
// keeps what re-scoring needs. Errors as for RunWikiQA.
func CollectWikiQA(ctx context.Context, qs []WikiQAQuestion, opt Options) ([]Case, error) {
	an := opt.analyzer()
	arts, position, err := wikiQADocs(qs)
	if err != nil {
		return nil, err
	}
	shared := NewMemIndex(an, arts)
	eng := opt.engine(shared, an)
	var cases []Case
	for _, q := range qs {
		if !opt.Split.Contains(q.ID) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		label, inFile := candidateLabels(q, position[q.DocumentID])
		ranked, err := eng.RankWhere(ctx, q.Question, 0, idSet(shared.ArticleSentences(q.DocumentID)))
		if err != nil {
			return nil, fmt.Errorf("question %s: %w", q.ID, err)
		}
		c := Case{Answerable: q.HasAnswer()}
		// rankLabels drops sentences that are not this question's
		// candidates; the same filter applies to re-ranked ones here.
		seen := make([]bool, len(label))
		for _, r := range ranked {
			if !r.Reranked {
				break
			}
			p := r.Index
			if p < 1 || p > len(label) || seen[p-1] {
				continue
			}
			seen[p-1] = true
			if inFile[p-1] {
				c.Candidates = append(c.Candidates, CaseCandidate{ID: r.ID, Features: r.Features, Coverage: r.Coverage, Correct: label[p-1]})
			}
		}
		var restOrder []int
		for _, r := range ranked {
			if !r.Reranked {
				restOrder = append(restOrder, r.Index)
			}
		}
		restInFile := slices.Clone(inFile)
		for i := range seen {
			if seen[i] {
				restInFile[i] = false
			}
		}
		c.Rest = rankLabels(restOrder, label, restInFile)
		cases = append(cases, c)
	}
	return cases, nil
}

// CollectSQuAD asks each selected article's questions once, as RunSQuAD
// does, and keeps what re-scoring needs.
func CollectSQuAD(ctx context.Context, arts []SQuADArticle, opt Options) ([]Case, error) {
	an := opt.analyzer()
	titles := make([]string, len(arts))
	for i, art := range arts {
		titles[i] = art.Title
	}
	in := opt.Split.Select(titles)
	var cases []Case
	for ai, art := range arts {
		if !in[ai] {
			continue
		}
		doc, spans := squadCorpus(art)
		eng := opt.engine(NewMemIndex(an, []corpus.Article{doc}), an)
		for pi, p := range art.Paragraphs {
			for _, q := range p.Questions {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				correct := func(paragraph, index int) bool {
					spi := paragraph - 1
					if q.Impossible || spi < 0 || spi >= len(spans) || index < 1 || index > len(spans[spi]) {
						return false
					}
					return holdsAnswer(spans[spi][index-1], q.Answers, spi == pi)
				}
				ranked, err := eng.Rank(ctx, q.Question, 0)
				if err != nil {
					return nil, fmt.Errorf("%s question %s: %w", art.Title, q.ID, err)
				}
				c := Case{Answerable: !q.Impossible}
				for _, r := range ranked {
					ok := correct(r.Paragraph, r.Index)
					if r.Reranked {
						c.Candidates = append(c.Candidates, CaseCandidate{ID: r.ID, Features: r.Features, Coverage: r.Coverage, Correct: ok})
					} else {
						c.Rest = append(c.Rest, ok)
					}
				}
				cases = append(cases, c)
			}
		}
	}
	return cases, nil
}

// Objective is what Tune maximises: WikiQA MAP plus SQuAD top-1 for the
// ranking weights, and WikiQA answer-triggering F1 plus SQuAD accuracy
// (answerable cited correctly, unanswerable abstained) for the thresholds.
type Objective struct {
	WikiQA, SQuAD []Case
	// Guard, when set, vets each change Tune and TuneThresholds would
	// keep, and a change it refuses is not made: the project's golden
	// answers must survive a retune that the benchmarks alone would take.
	Guard func(Settings) bool
}

// allows reports whether o's guard, if any, accepts s.
func (o Objective) allows(s Settings) bool {
	return o.Guard == nil || o.Guard(s)
}

func (o Objective) ranking(s Settings) float64 {
	return ScoreWikiQA(o.WikiQA, s).MAP + ScoreSQuAD(o.SQuAD, s).Top1
}

// halves splits o's cases in two by position, alternating, so a change
// can be checked on each half.
func (o Objective) halves() [2]Objective {
	h := [2]Objective{{Guard: o.Guard}, {Guard: o.Guard}}
	for i, c := range o.WikiQA {
		h[i%2].WikiQA = append(h[i%2].WikiQA, c)
	}
	for i, c := range o.SQuAD {
		h[i%2].SQuAD = append(h[i%2].SQuAD, c)
	}
	return h
}

func (o Objective) abstention(s Settings) float64 {
	return ScoreWikiQA(o.WikiQA, s).TriggerF1 + ScoreSQuAD(o.SQuAD, s).Accuracy
}

// Tune improves s by coordinate ascent: each feature weight in turn is set
// to the best of a few multiples and offsets of its value, rounds repeated
// until nothing improves; then the two thresholds are searched on a grid.
// The ranking weights are tuned for ranking and the thresholds for
// abstention, since one score cannot trade them fairly. log, when set,
// hears each improvement.
func Tune(obj Objective, s Settings, rounds int, log func(string)) Settings {
	say := func(format string, args ...any) {
		if log != nil {
			log(fmt.Sprintf(format, args...))
		}
	}
	best := obj.ranking(s)
	halves := obj.halves()
	bestHalf := [2]float64{halves[0].ranking(s), halves[1].ranking(s)}
	say("start ranking objective %.4f", best)
	// keep makes try the settings if it beats them on the whole and on
	// neither half loses: a change that helps one half of the cases at the
	// other's expense is fitting noise. The guard has the last word.
	keep := func(try Settings, step string) bool {
		got := obj.ranking(try)
		if got <= best+1e-9 {
			return false
		}
		h := [2]float64{halves[0].ranking(try), halves[1].ranking(try)}
		if h[0] < bestHalf[0]-1e-9 || h[1] < bestHalf[1]-1e-9 || !obj.allows(try) {
			return false
		}
		best, s, bestHalf = got, try, h
		say("%s → %.4f", step, got)
		return true
	}
	for round := 0; round < rounds; round++ {
		improved := false
		for f := qa.Feature(0); f < qa.NumFeatures; f++ {
			if f == qa.FeatLength {
				continue // the scale: every other weight is relative to it
			}
			cur := s.Weights.Feature[f]
			for _, v := range []float64{0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.2,
				cur * 0.5, cur * 0.8, cur * 1.25, cur * 2, cur + 0.05, cur - 0.05} {
				if v < 0 || v == cur {
					continue
				}
				try := s
				try.Weights.Feature[f] = v
				if keep(try, fmt.Sprintf("round %d: %s = %.3f", round+1, f, v)) {
					improved = true
				}
			}
		}
		// Moving weight from one feature to another keeps their sum, which
		// no single-weight step can: two features that overlap on one
		// benchmark (local and global coverage on SQuAD's one-article
		// corpora) and differ on the other only pay off moved together.
		for a := qa.Feature(0); a < qa.NumFeatures; a++ {
			for b := qa.Feature(0); b < qa.NumFeatures; b++ {
				if a == b || a == qa.FeatLength || b == qa.FeatLength {
					continue
				}
				for _, d := range []float64{0.05, 0.1, 0.2, 0.3, 0.4, 0.6} {
					try := s
					try.Weights.Feature[a] -= d
					try.Weights.Feature[b] += d
					if try.Weights.Feature[a] < -1e-9 {
						continue
					}
					if keep(try, fmt.Sprintf("round %d: %.2f from %s to %s", round+1, d, a, b)) {
						improved = true
					}
				}
			}
		}
		if !improved {
			break
		}
	}
	return TuneThresholds(obj, s, log)
}

// TuneBagged runs Tune's coordinate ascent on all of obj, then again from
// there on bags resamples of obj's cases (drawn with replacement, from a
// fixed seed so runs repeat), averages the weights the resamples find, and
// sets the thresholds on obj itself. One ascent stops at whichever local
// optimum its path meets, and which one that is turns on a handful of
// questions; the average keeps what the resamples agree on near that
// optimum. log, when set, hears each bag's weights.
func TuneBagged(obj Objective, s Settings, rounds, bags int, seed uint64, log func(string)) Settings {
	s = Tune(obj, s, rounds, nil)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var sum [qa.NumFeatures]float64
	for b := 0; b < bags; b++ {
		o := Objective{Guard: obj.Guard}
		for range obj.WikiQA {
			o.WikiQA = append(o.WikiQA, obj.WikiQA[rng.IntN(len(obj.WikiQA))])
		}
		for range obj.SQuAD {
			o.SQuAD = append(o.SQuAD, obj.SQuAD[rng.IntN(len(obj.SQuAD))])
		}
		got := Tune(o, s, rounds, nil)
		if log != nil {
			log(fmt.Sprintf("bag %d: %v", b+1, got.Weights.Feature))
		}
		for i, v := range got.Weights.Feature {
			sum[i] += v / float64(bags)
		}
	}
	// The average of guarded weights need not pass the guard itself.
	avg := s
	avg.Weights.Feature = sum
	if obj.allows(avg) {
		s = avg
	} else if log != nil {
		log("the guard refuses the averaged weights; keeping the first ascent's")
	}
	return TuneThresholds(obj, s, log)
}

// Halves splits o's cases in two, alternating, for checking a tuning
// method on cases it was not fitted to without touching the test split.
func (o Objective) Halves() [2]Objective { return o.halves() }

// Ranking is the objective Tune maximises for the weights: WikiQA MAP plus
// SQuAD top-1.
func (o Objective) Ranking(s Settings) float64 { return o.ranking(s) }

// TuneThresholds sets the coverage and relative-to-best thresholds of s to
// the best point of a grid for answer triggering and abstention. log, when
// set, hears each improvement.
func TuneThresholds(obj Objective, s Settings, log func(string)) Settings {
	say := func(format string, args ...any) {
		if log != nil {
			log(fmt.Sprintf(format, args...))
		}
	}
	bestAb := obj.abstention(s)
	say("start abstention objective %.4f", bestAb)
	for mc := 0.1; mc <= 0.96; mc += 0.05 {
		for rel := 0.0; rel <= 1.001; rel += 0.05 {
			try := s
			try.MinCoverage, try.Weights.RelativeToBest = mc, rel
			if got := obj.abstention(try); got > bestAb+1e-9 && obj.allows(try) {
				bestAb, s = got, try
				say("min coverage %.2f, relative to best %.2f → %.4f", mc, rel, got)
			}
		}
	}
	return s
}

// PairwiseOptions control FitPairwise.
type PairwiseOptions struct {
	// L2 is the ridge penalty on the weights.
	L2 float64
	// Iterations of full-batch gradient descent.
	Iterations int
	// Rate is the gradient step.
	Rate float64
	// Listwise fits a softmax over each question's candidates (the
	// probability the correct ones come first) instead of pairs.
	Listwise bool
}

// FitPairwise learns the feature weights as a pairwise logistic model
// (RankNet with a linear scorer): for every question, every correct
// re-ranked candidate should outscore every wrong one, the log-loss of
// each pair falling on the difference of their features. Each question
// weighs the same however many pairs it has, and each benchmark the same
// however many questions, so SQuAD's many questions do not drown WikiQA.
// The weights come back scaled so coverage keeps s's weight, which leaves
// the order unchanged and the relative-to-best threshold comparable; the
// thresholds are left to Tune's grid.
func FitPairwise(obj Objective, s Settings, opt PairwiseOptions) Settings {
	type pair struct {
		d      qa.Features
		weight float64
	}
	var pairs []pair
	add := func(cases []Case) {
		n := 0
		for _, c := range cases {
			if hasPairs(c) {
				n++
			}
		}
		for _, c := range cases {
			if !hasPairs(c) {
				continue
			}
			var right, wrong []qa.Features
			for _, cand := range c.Candidates {
				if cand.Correct {
					right = append(right, cand.Features)
				} else {
					wrong = append(wrong, cand.Features)
				}
			}
			wt := 1 / float64(len(right)*len(wrong)*n)
			for _, r := range right {
				for _, w := range wrong {
					var d qa.Features
					for i := range d {
						d[i] = r[i] - w[i]
					}
					pairs = append(pairs, pair{d, wt})
				}
			}
		}
	}
	add(obj.WikiQA)
	add(obj.SQuAD)

	w := s.Weights.Feature
	if opt.Listwise {
		w = fitListwise(obj, w, opt)
	}
	for it := 0; it < opt.Iterations && !opt.Listwise; it++ {
		var grad [qa.NumFeatures]float64
		for _, p := range pairs {
			z := 0.0
			for i, v := range p.d {
				z += w[i] * v
			}
			// d/dw log(1+exp(-z)) = -sigmoid(-z) · d
			g := -p.weight / (1 + math.Exp(z))
			for i, v := range p.d {
				grad[i] += g * v
			}
		}
		for i := range w {
			w[i] -= opt.Rate * (grad[i] + opt.L2*w[i])
		}
	}
	if c := w[qa.FeatCoverage]; c > 0 && s.Weights.Feature[qa.FeatCoverage] > 0 {
		scale := s.Weights.Feature[qa.FeatCoverage] / c
		for i := range w {
			w[i] *= scale
		}
	}
	s.Weights.Feature = w
	return s
}

func hasPairs(c Case) bool {
	right, wrong := false, false
	for _, cand := range c.Candidates {
		right = right || cand.Correct
		wrong = wrong || !cand.Correct
	}
	return right && wrong
}

// fitListwise maximises, per question, the softmax probability mass of
// the correct candidates, each question and benchmark weighing the same.
func fitListwise(obj Objective, w [qa.NumFeatures]float64, opt PairwiseOptions) [qa.NumFeatures]float64 {
	type list struct {
		feats  []qa.Features
		right  []bool
		weight float64
	}
	var lists []list
	for _, cases := range [][]Case{obj.WikiQA, obj.SQuAD} {
		var picked []list
		for _, c := range cases {
			if !hasPairs(c) {
				continue
			}
			var l list
			for _, cand := range c.Candidates {
				l.feats = append(l.feats, cand.Features)
				l.right = append(l.right, cand.Correct)
			}
			picked = append(picked, l)
		}
		for i := range picked {
			picked[i].weight = 1 / float64(len(picked))
		}
		lists = append(lists, picked...)
	}
	var scores, pAll []float64
	for it := 0; it < opt.Iterations; it++ {
		var grad [qa.NumFeatures]float64
		for _, l := range lists {
			scores = scores[:0]
			top := math.Inf(-1)
			for _, f := range l.feats {
				z := 0.0
				for i, v := range f {
					z += w[i] * v
				}
				scores = append(scores, z)
				top = max(top, z)
			}
			var sumAll, sumRight float64
			pAll = pAll[:0]
			for k, z := range scores {
				e := math.Exp(z - top)
				pAll = append(pAll, e)
				sumAll += e
				if l.right[k] {
					sumRight += e
				}
			}
			// d/dw −log(Σright/Σall) = E_all[f] − E_right[f]
			for k, f := range l.feats {
				c := pAll[k] / sumAll
				if l.right[k] {
					c -= pAll[k] / sumRight
				}
				for i, v := range f {
					grad[i] += l.weight * c * v
				}
			}
		}
		for i := range w {
			w[i] -= opt.Rate * (grad[i] + opt.L2*w[i])
		}
	}
	return w
}
