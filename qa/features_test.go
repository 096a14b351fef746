package qa

import (
	"context"
	"slices"
	"testing"

	"storybot/corpus"
)

func TestExpectedAnswer(t *testing.T) {
	an := corpus.NewAnalyzer()
	tests := []struct {
		question string
		want     answerKind
	}{
		{"Who won the World Cup?", wantName},
		{"When did Sheinbaum reject the offer?", wantDate},
		{"In what year was the treaty signed?", wantDate},
		{"Where did the meeting take place?", wantPlace},
		{"Which country was worried?", wantPlace},
		{"How many troops were offered?", wantNumber},
		{"What percentage of oil came from the Middle East?", wantNumber},
		{"Why did Mexico refuse?", wantCause},
		{"What did Pete Hegseth warn?", wantNothing},
		{"How did Celeron feel?", wantNothing},
		{"What was the minimum payment?", wantNumber},
		{"What is the death toll?", wantNumber},
		{"What was the payment for?", wantNumber},
		{"how late was the flight", wantNumber},
		{"What is the capital of Peru?", wantPlace},
		{"What did the minister pay for?", wantNothing},
	}
	for _, tt := range tests {
		if got := expectedAnswer(an.Tokens(tt.question, "en")); got != tt.want {
			t.Errorf("%q: answer kind %d, want %d", tt.question, got, tt.want)
		}
	}
}

func TestAnswerTypeFeature(t *testing.T) {
	an := corpus.NewAnalyzer()
	tests := []struct {
		question, sentence string
		want               float64
	}{
		{"When did Sheinbaum speak?", "Sheinbaum spoke on Saturday.", 1},
		{"When did Sheinbaum speak?", "Sheinbaum spoke to reporters.", 0},
		{"When did the wall fall?", "The wall fell in January 1979.", 1},
		{"When did the wall fall?", "In January 1979 the old fortifications of the city, long neglected, fell.", 1},
		{"How many troops were sent?", "About 10,000 troops were sent.", figureScale},
		{"How many troops were sent?", "Troops were sent.", 0},
		{"Who rejected the offer?", "The offer was rejected by Sheinbaum.", 1},
		// The question's own name is not an answer to it.
		{"Who is Sheinbaum?", "Sheinbaum rejected the offer.", 0},
		{"Where was Ratzel born?", "Ratzel of Germany supported it.", 0.4},
		{"Where was Ratzel born?", "Ratzel was born in Karlsruhe.", 1},
		{"Why did Mexico refuse?", "Mexico refused because sovereignty is not for sale.", 1},
	}
	for _, tt := range tests {
		q := analyzeQuestion(an, tt.question, "en")
		qt := newQueryTerms(&q, 0)
		c := candidate{IndexedSentence: corpus.IndexedSentence{Sentence: corpus.Sentence{Paragraph: 2, Index: 2, Text: tt.sentence}},
			toks: an.Tokens(tt.sentence, "en")}
		weights := make([]float64, len(q.terms))
		c.computeFeatures(&q, &qt, weights, 1, 0, 0)
		if got := c.features[FeatAnswerType]; got != tt.want {
			t.Errorf("%q / %q: answer type %.1f, want %.1f", tt.question, tt.sentence, got, tt.want)
		}
	}
}

func TestRelatedStems(t *testing.T) {
	an := corpus.NewAnalyzer()
	stem := func(w string) string { return an.Terms(w, "en")[0] }
	tests := []struct{ word, related string }{
		{"die", "death"}, {"death", "die"}, {"Mexican", "Mexico"}, {"Mexico", "Mexican"},
		{"American", "America"}, {"invasion", "invade"}, {"refused", "reject"}, {"born", "bear"},
		{"US", "America"},
		// Topical relatives, which WordNet does not call synonyms.
		{"army", "troops"}, {"troops", "army"}, {"military", "army"}, {"military", "troops"},
		{"lawyer", "attorney"},
	}
	for _, tt := range tests {
		got := relatedStems(stem(tt.word))
		// Only the first few relatives are searched for.
		if len(got) > maxExpansionsPerTerm {
			got = got[:maxExpansionsPerTerm]
		}
		if !slices.Contains(got, stem(tt.related)) {
			t.Errorf("related(%s) searches %q, want it to hold %s", stem(tt.word), got, stem(tt.related))
		}
	}
	if got := relatedStems("zzzz"); got != nil {
		t.Errorf("related(zzzz) = %q, want nil", got)
	}
	for i := 1; i < len(relatedTable); i++ {
		if relatedTable[i-1].stem >= relatedTable[i].stem {
			t.Fatalf("relatedTable not sorted at %q, %q", relatedTable[i-1].stem, relatedTable[i].stem)
		}
	}
}

// TestExpansionIsDiscounted checks that a derived form counts for its
// word in coverage, but less than the word itself.
func TestExpansionIsDiscounted(t *testing.T) {
	an := corpus.NewAnalyzer()
	q := analyzeQuestion(an, "When did the president die?", "en")
	qt := newQueryTerms(&q, 0.5)
	weights := []float64{0.5, 0.5}
	exact, derived := qt.index["die"], qt.index["death"]
	if derived == 0 || qt.slot[derived] != qt.slot[exact] {
		t.Fatalf("death is not an expansion of die: %v %v", qt.stems, qt.slot)
	}
	president := uint64(1) << uint(qt.index["presid"])
	full := qt.coverage(president|1<<uint(exact), weights)
	soft := qt.coverage(president|1<<uint(derived), weights)
	if full != 1 || soft != 0.75 {
		t.Errorf("coverage with die %.2f, with death %.2f; want 1 and 0.75", full, soft)
	}
	q = analyzeQuestion(an, "What did the United States offer?", "en")
	qt = newQueryTerms(&q, 0.5)
	if _, ok := qt.index["us"]; !ok {
		t.Errorf("United States does not expand to us: %v", qt.stems)
	}
}

func TestCarryFromPreviousSentence(t *testing.T) {
	an := corpus.NewAnalyzer()
	q := analyzeQuestion(an, "When was the Tower of London built?", "en")
	qt := newQueryTerms(&q, 0)
	weights := make([]float64, len(q.terms))
	for i := range weights {
		weights[i] = 1 / float64(len(weights))
	}
	var named uint64 // the sentence before names the tower
	for _, w := range []string{"tower", "london"} {
		named |= 1 << uint(qt.index[an.Terms(w, "en")[0]])
	}
	tests := []struct {
		sentence string
		previous uint64
		carries  bool
	}{
		{"It was built in 1078.", named, true},
		{"This was built in 1078.", named, true},
		{"Work was built in 1078.", named, false}, // no pronoun to resolve
		{"It was built in 1078.", 0, false},       // nothing before it
	}
	for _, tt := range tests {
		c := candidate{IndexedSentence: corpus.IndexedSentence{Sentence: corpus.Sentence{Paragraph: 1, Index: 2, Text: tt.sentence}},
			toks: an.Tokens(tt.sentence, "en")}
		c.computeFeatures(&q, &qt, weights, 1, 0, tt.previous)
		if got := c.features[FeatCarry] > 0; got != tt.carries {
			t.Errorf("%q (previous %b): carry %.2f, want carried %v", tt.sentence, tt.previous, c.features[FeatCarry], tt.carries)
		}
		if c.features[FeatCarry] > 1 {
			t.Errorf("%q: carry %.2f above 1", tt.sentence, c.features[FeatCarry])
		}
	}
}

func TestPassageScores(t *testing.T) {
	// Paragraph 1 is sentences 0-2, paragraph 2 sentences 3-4; only
	// sentences 2 and 4 are candidates, so paragraph 1's first two
	// sentences count through sentence 2's position in it.
	idx := newTermsIndex([][]string{
		{"tower", "stone"}, {"london", "river"}, {"built", "1078"},
		{"weather"}, {"tower", "bridge"},
	})
	terms := loadTestTerms(t, idx, []string{"tower", "london", "built"})
	sents := []corpus.IndexedSentence{
		{ID: 2, ArticleID: "a", Sentence: corpus.Sentence{Paragraph: 1, Index: 3}},
		{ID: 4, ArticleID: "a", Sentence: corpus.Sentence{Paragraph: 2, Index: 2}},
	}
	got := passageScores(sents, terms)
	if got[2] != 1 {
		t.Errorf("paragraph holding every term scores %.3f, want 1 (the best)", got[2])
	}
	if got[4] <= 0 || got[4] >= got[2] {
		t.Errorf("paragraph holding one term scores %.3f, want between 0 and %.3f", got[4], got[2])
	}
	if got := passageScores(sents, loadTestTerms(t, idx, []string{"absent"})); got[2] != 0 || got[4] != 0 {
		t.Errorf("no term anywhere: scores %v, want 0", got)
	}
}

func TestLocalCoverageWeights(t *testing.T) {
	// Sentence 0 is filler (index ids start at 1); the article is
	// sentences 1-20, its subject "carradin" in 15 of them and "die" in
	// one; the 180 sentences after it belong to other articles, where
	// "die" is common and the subject absent.
	docs := [][]string{{"filler"}}
	for i := 1; i <= 200; i++ {
		s := []string{"word"}
		if i <= 15 {
			s = append(s, "carradin")
		}
		if i == 20 || (i > 20 && i%4 == 0) {
			s = append(s, "die")
		}
		docs = append(docs, s)
	}
	idx := newTermsIndex(docs)
	an := corpus.NewAnalyzer()
	q := analyzeQuestion(an, "How did Carradine die?", "en")
	if !slices.Equal(q.terms, []string{"carradin", "die"}) {
		t.Fatalf("question terms %v, want [carradin die]", q.terms)
	}
	terms := loadTestTerms(t, idx, q.terms)
	global := coverageWeights(q, terms)
	if global[0] <= global[1] {
		t.Errorf("whole-index weights %v: the subject, rare in the index, should weigh more than die", global)
	}
	article := corpus.Article{ID: "a", FirstSentence: 1, SentenceCount: 20}
	local := localCoverageWeights(q, terms, article, len(docs))
	if len(local) != 2 || local[1] <= local[0] {
		t.Errorf("article weights %v: the subject, in most of the article's sentences, should weigh less than die", local)
	}
	if sum := local[0] + local[1]; sum < 0.999 || sum > 1.001 {
		t.Errorf("article weights %v sum to %.3f, want 1", local, sum)
	}
	if got := localCoverageWeights(q, terms, corpus.Article{ID: "b"}, len(docs)); got != nil {
		t.Errorf("article without a sentence span: weights %v, want nil", got)
	}

	// Through the engine: the index says where each article's sentences
	// are, so the feature is there for every re-ranked candidate.
	r, err := newSeedEngine(t).retrieve(context.Background(), "What did Pete Hegseth warn?", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.ranked) == 0 || r.ranked[0].features[FeatLocal] <= 0 {
		t.Fatalf("seed question: no candidate with local coverage (%d candidates)", len(r.ranked))
	}
}
