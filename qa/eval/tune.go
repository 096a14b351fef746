package eval

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"

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
		label := make([]bool, len(position[q.DocumentID]))
		inFile := make([]bool, len(label))
		for _, c := range q.Candidates {
			n, _ := sentenceNumber(q.DocumentID, c.ID)
			p := position[q.DocumentID][q.DocumentID+"-"+strconv.Itoa(n)]
			label[p-1] = c.Correct
			inFile[p-1] = true
		}
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
}

func (o Objective) ranking(s Settings) float64 {
	return ScoreWikiQA(o.WikiQA, s).MAP + ScoreSQuAD(o.SQuAD, s).Top1
}

// halves splits o's cases in two by position, alternating, so a change
// can be checked on each half.
func (o Objective) halves() [2]Objective {
	var h [2]Objective
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
				got := obj.ranking(try)
				if got <= best+1e-9 {
					continue
				}
				// A change that helps one half of the cases at the
				// other's expense is fitting noise.
				h := [2]float64{halves[0].ranking(try), halves[1].ranking(try)}
				if h[0] >= bestHalf[0]-1e-9 && h[1] >= bestHalf[1]-1e-9 {
					best, s, bestHalf = got, try, h
					improved = true
					say("round %d: %s = %.3f → %.4f", round+1, f, v, got)
				}
			}
		}
		if !improved {
			break
		}
	}
	bestAb := obj.abstention(s)
	say("start abstention objective %.4f", bestAb)
	for mc := 0.2; mc <= 0.91; mc += 0.05 {
		for rel := 0.5; rel <= 1.001; rel += 0.05 {
			try := s
			try.MinCoverage, try.Weights.RelativeToBest = mc, rel
			if got := obj.abstention(try); got > bestAb+1e-9 {
				bestAb, s = got, try
				say("min coverage %.2f, relative to best %.2f → %.4f", mc, rel, got)
			}
		}
	}
	return s
}
