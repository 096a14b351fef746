package qa

import (
	"testing"

	"storybot/corpus"
)

// TestCloseRelatives checks that in a story a derived form and an everyday
// word count nearly as the question's own word, WordNet's looser synonyms
// stay at the Weights' discount, and a question whose every word is
// missing from the index is still covered by its relatives.
func TestCloseRelatives(t *testing.T) {
	an := corpus.NewAnalyzer()
	q := analyzeQuestion(an, "Did soldiers die in the storm?", "en")
	qt := newQueryTerms(&q, 0.5)
	qt.closeRelatives(0.5)
	tests := []struct {
		stem string
		want float64
	}{
		{"soldier", 1},            // the word itself
		{"troop", everydayFactor}, // the everyday table
		{"death", derivedFactor},  // derived from die
		{"tempest", 0.5},          // WordNet's synonym of storm, not raised
	}
	for _, tt := range tests {
		i, ok := qt.index[tt.stem]
		if !ok {
			t.Errorf("%s is not searched: %v", tt.stem, qt.stems)
			continue
		}
		if qt.factor[i] != tt.want {
			t.Errorf("%s counts %.2f, want %.2f", tt.stem, qt.factor[i], tt.want)
		}
	}

	// "did anybody die" of a story that only says "fatal": no word of
	// the question is in the index, and its relative must still count.
	q = analyzeQuestion(an, "did anybody die", "en")
	w := coverageWeights(q, []queryTerm{{stem: "die", df: 0}})
	if len(w) != 1 || w[0] != 1 {
		t.Errorf("weights with every word absent = %v, want [1]", w)
	}
}

func TestCommonWord(t *testing.T) {
	for _, tt := range []struct {
		stem string
		want bool
	}{
		{"hurt", true}, {"soldier", true}, {"troop", true}, {"shienbaum", false}, {"soverignti", false}, {"aple", false},
	} {
		if got := commonWord(tt.stem); got != tt.want {
			t.Errorf("commonWord(%q) = %v, want %v", tt.stem, got, tt.want)
		}
	}
}

// BenchmarkCloseRelatives is the cost story answering adds per question:
// raising the factors of a question's close relatives, and the
// dictionary look-up spelling correction makes for an unknown word.
func BenchmarkCloseRelatives(b *testing.B) {
	an := corpus.NewAnalyzer()
	q := analyzeQuestion(an, "Did the Mexican leader reject American soldiers at the border after the deadly attack?", "en")
	base := newQueryTerms(&q, 0.5)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		qt := base
		qt.factor = append([]float64(nil), base.factor...)
		qt.closeRelatives(0.5)
		commonWord("soverignti")
	}
}
