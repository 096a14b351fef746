package qa

import (
	"slices"
	"testing"

	"storybot/corpus"
)

// TestQuestionFormWords checks the words a question carries that no answer
// repeats: hedging adverbs, French articles the stop list lacks, and a
// say-verb in its -ing form, which asks for what someone said.
func TestQuestionFormWords(t *testing.T) {
	an := corpus.NewAnalyzer()
	tests := []struct {
		question, lang string
		terms          []string
		says           bool
	}{
		{"when did the plane finally leave", "en", []string{"plane", "leav"}, false},
		{"did they actually catch the bird", "en", []string{"catch", "bird"}, false},
		{"how long was the show supposed to be", "en", []string{"long", "show"}, false},
		// "talks" are negotiations, not someone talking.
		{"did the trade talks fail", "en", []string{"trade", "talk", "fail"}, false},
		{"why is rihanna talking about gun control", "en", []string{"rihanna", "gun", "control"}, true},
		{"Pourquoi les conducteurs font grève ?", "fr", []string{"conducteur", "grev"}, false},
		{"comment les gens vont au travail", "fr", []string{"gen", "travail"}, false},
		// Only French questions lose "les" and "font".
		{"what font did les use", "en", []string{"font", "les", "use"}, false},
	}
	for _, tt := range tests {
		q := analyzeQuestion(an, tt.question, tt.lang)
		if !slices.Equal(q.terms, tt.terms) || q.says != tt.says {
			t.Errorf("%q: terms %q, says %v; want %q, %v", tt.question, q.terms, q.says, tt.terms, tt.says)
		}
	}
}

// TestEverydayWords checks words the dev set's train split asked with and
// the words the reports used, each searched at the everyday factor.
func TestEverydayWords(t *testing.T) {
	an := corpus.NewAnalyzer()
	tests := []struct{ question, stem string }{
		{"did apple explain why", "reason"},            // "gave no reason"
		{"where does she live", "resid"},               // "the Erie, Pennsylvania, resident"
		{"when did they get contact back", "communic"}, // "established communications"
		{"how big was the meteor", "size"},             // "a softball in size"
	}
	for _, tt := range tests {
		q := analyzeQuestion(an, tt.question, "en")
		qt := newQueryTerms(&q, 0.5)
		qt.closeRelatives(0.5)
		i, ok := qt.index[tt.stem]
		if !ok || qt.factor[i] != everydayFactor {
			t.Errorf("%q: %s not searched at %.1f: %v %v", tt.question, tt.stem, everydayFactor, qt.stems, qt.factor)
		}
	}
}

// TestHowWordCoveredByFigure checks that the adjective of "how old" is
// covered by a sentence holding a figure of its measure near the
// question's other words, and only by such a sentence.
func TestHowWordCoveredByFigure(t *testing.T) {
	an := corpus.NewAnalyzer()
	if q := analyzeQuestion(an, "how many apps were removed", "en"); q.howWord != -1 {
		t.Errorf("how many: howWord %d, want -1 (many is no term)", q.howWord)
	}
	q := analyzeQuestion(an, "how old is dauer", "en")
	if q.howWord < 0 || q.terms[q.howWord] != "old" {
		t.Fatalf("how old is dauer: howWord %d of %v", q.howWord, q.terms)
	}
	qt := newQueryTerms(&q, 0)
	weights := make([]float64, len(q.terms))
	weights[q.howWord] = 0.8
	weights[qt.index["dauer"]] = 0.2
	for _, tt := range []struct {
		sentence string
		want     float64
	}{
		{"Rich Dauer, 65, had slipped on a wet floor.", 1},
		{"Dauer had slipped on a wet floor.", 0.2},
		{"Dauer was taken to hospital in 65 minutes.", 0.2}, // a duration is no age
	} {
		c := candidate{IndexedSentence: corpus.IndexedSentence{Sentence: corpus.Sentence{Text: tt.sentence}},
			toks: an.Tokens(tt.sentence, "en")}
		c.computeFeatures(&q, &qt, weights, 1, 0, 0)
		if c.coverage < tt.want-1e-9 || c.coverage > tt.want+1e-9 {
			t.Errorf("%q: coverage %.2f, want %.2f", tt.sentence, c.coverage, tt.want)
		}
	}
}
