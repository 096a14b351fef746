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
