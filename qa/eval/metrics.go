package eval

// AveragePrecision is the mean of the precision at each correct item of a
// ranking, given the items' labels best first; 0 when none is correct.
func AveragePrecision(ranked []bool) float64 {
	var hits int
	var sum float64
	for i, ok := range ranked {
		if ok {
			hits++
			sum += float64(hits) / float64(i+1)
		}
	}
	if hits == 0 {
		return 0
	}
	return sum / float64(hits)
}

// ReciprocalRank is 1 over the rank of the first correct item; 0 when none
// is correct.
func ReciprocalRank(ranked []bool) float64 {
	for i, ok := range ranked {
		if ok {
			return 1 / float64(i+1)
		}
	}
	return 0
}

// Triggering counts answer-triggering outcomes over questions, as the
// WikiQA paper defines them: a question is triggered when the bot cites a
// sentence, and correct when it is triggered and its top sentence is
// labelled correct.
type Triggering struct {
	Questions  int // all questions
	WithAnswer int // questions with at least one correct sentence
	Triggered  int // questions where the bot cited a sentence
	Correct    int // triggered with a correct top sentence
}

// Add records one question.
func (t *Triggering) Add(hasAnswer, triggered, topCorrect bool) {
	t.Questions++
	if hasAnswer {
		t.WithAnswer++
	}
	if triggered {
		t.Triggered++
		if topCorrect {
			t.Correct++
		}
	}
}

// Precision is correct / triggered; 0 when nothing was triggered.
func (t Triggering) Precision() float64 { return ratio(t.Correct, t.Triggered) }

// Recall is correct / questions with an answer; 0 when none has one.
func (t Triggering) Recall() float64 { return ratio(t.Correct, t.WithAnswer) }

// F1 is the harmonic mean of precision and recall; 0 when both are 0.
func (t Triggering) F1() float64 {
	p, r := t.Precision(), t.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

// Mean averages values; 0 for none.
type Mean struct {
	Sum float64
	N   int
}

// Add records one value.
func (m *Mean) Add(v float64) { m.Sum += v; m.N++ }

// AddBool records 1 for true and 0 for false, so the mean is a rate.
func (m *Mean) AddBool(ok bool) {
	if ok {
		m.Add(1)
	} else {
		m.Add(0)
	}
}

// Value is the mean, 0 when nothing was added.
func (m Mean) Value() float64 {
	if m.N == 0 {
		return 0
	}
	return m.Sum / float64(m.N)
}
