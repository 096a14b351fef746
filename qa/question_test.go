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
// covered, for story abstention, by a sentence holding a figure of its
// measure, and only by such a sentence.
func TestHowWordCoveredByFigure(t *testing.T) {
	an := corpus.NewAnalyzer()
	if q := analyzeQuestion(an, "how many apps were removed", "en"); q.howWord != -1 {
		t.Errorf("how many: howWord %d, want -1 (many is no term)", q.howWord)
	}
	q := analyzeQuestion(an, "how old is dauer", "en")
	if q.howWord < 0 || q.terms[q.howWord] != "old" {
		t.Fatalf("how old is dauer: howWord %d of %v", q.howWord, q.terms)
	}
	r := retrieval{q: q, qt: newQueryTerms(&q, 0), weights: []float64{0.8, 0.2}}
	dauer := uint64(1) << uint(r.qt.index["dauer"])
	for _, tt := range []struct {
		typed bool
		want  float64
	}{{true, 1}, {false, 0.2}} {
		c := candidate{mask: dauer, coverage: 0.2, typedNear: tt.typed}
		if got := r.storyCoverage(c); got < tt.want-1e-9 || got > tt.want+1e-9 {
			t.Errorf("typed %v: coverage %.2f, want %.2f", tt.typed, got, tt.want)
		}
	}
}
