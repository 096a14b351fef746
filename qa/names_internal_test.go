package qa

import (
	"testing"

	"storybot/corpus"
)

// TestNameNounIn checks which questions ask for the proper name of a
// thing by its kind, and which noun that is.
func TestNameNounIn(t *testing.T) {
	an := corpus.NewAnalyzer()
	tests := []struct {
		question string
		noun     string // "" for a question that is not one
		nameWord string
	}{
		{"what airline", "airline", ""},
		{"wat airline was it", "", ""},
		{"which tunnel", "tunnel", ""},
		{"what ship was involved?", "ship", ""},
		{"what was the ship called", "ship", "called"},
		{"What's the name of the boat?", "boat", "name"},
		{"what is the name of the boat", "boat", "name"},
		{"what was the ship's name", "ship", "name"},
		{"what was the vessel named", "vessel", "named"},
		// Verbs, kinds other answers are typed by, and a kind of thing
		// whose answer is no name.
		{"what happened", "", ""},
		{"what caused the explosion", "", ""},
		{"what did delta say", "", ""},
		{"what time did it catch fire", "", ""},
		{"what kind of bird was it", "", ""},
		{"which countries blocked telegram", "", ""},
		{"what ship hit the bridge", "", ""},
	}
	for _, tt := range tests {
		toks := an.Tokens(tt.question, "en")
		noun, nameWord := nameNounIn(toks)
		gotNoun, gotName := "", ""
		if noun >= 0 {
			gotNoun = toks[noun].Text
		}
		if nameWord >= 0 {
			gotName = toks[nameWord].Text
		}
		if gotNoun != tt.noun || gotName != tt.nameWord {
			t.Errorf("%q: noun %q, name word %q; want %q, %q", tt.question, gotNoun, gotName, tt.noun, tt.nameWord)
		}
	}
}

// TestCompoundSplits checks which question words are searched as two.
func TestCompoundSplits(t *testing.T) {
	an := corpus.NewAnalyzer()
	tests := []struct {
		word string
		want [][2]string
	}{
		{"airline", [][2]string{{"air", "line"}}},
		{"airlines", [][2]string{{"air", "line"}}},
		{"weekend", [][2]string{{"week", "end"}}},
		// Stop words and short parts are no compound's.
		{"without", nil},
		{"into", nil},
		{"airline", nil}, // Spanish below
	}
	for i, tt := range tests {
		lang := "en"
		if i == len(tests)-1 {
			lang = "es"
		}
		got := compoundSplits(an, tt.word, lang)
		if len(got) != len(tt.want) {
			t.Errorf("%q (%s): splits %v, want %v", tt.word, lang, got, tt.want)
			continue
		}
		for j := range got {
			if got[j] != tt.want[j] {
				t.Errorf("%q (%s): splits %v, want %v", tt.word, lang, got, tt.want)
			}
		}
	}
}

// BenchmarkNameSteps times what names.go adds to every English question
// before the index is read: tokenising it, trying each word's splits
// into two known words, and looking for a name question.
func BenchmarkNameSteps(b *testing.B) {
	an := corpus.NewAnalyzer()
	questions := []string{"what airline was it", "what was the ship called",
		"What did Sheinbaum say about sovereignty?", "how many passengers were on the international flight"}
	qs := make([]question, len(questions))
	for i, text := range questions {
		qs[i] = analyzeQuestion(an, text, "en")
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		text := questions[i%len(questions)]
		q := qs[i%len(qs)]
		q.weights = append([]float64(nil), q.weights...)
		toks := an.Tokens(text, "en")
		for _, t := range toks {
			if _, ok := q.index[t.Stem]; ok && !t.Stop {
				compoundSplits(an, t.Text, "en")
			}
		}
		markNameQuestion(&q, toks)
	}
}

// TestInitialsRuns checks which runs of capitalised words spell an
// acronym.
func TestInitialsRuns(t *testing.T) {
	an := corpus.NewAnalyzer()
	tests := []struct {
		text, acronym string
		want          []string
	}{
		{"The Metropolitan Transportation Authority says the trains bumped.", "mta", []string{"metropolitan transport author"}},
		{"A North American Aerospace Defense Command official said so.", "norad", nil},
		{"The Department of Homeland Security said so.", "dhs", []string{"depart homeland secur"}},
		// Lowercase words are no name; a sentence's first word may be.
		{"The metropolitan transportation authority says so.", "mta", nil},
		{"Metro Transit Agency staff said so.", "mta", []string{"metro transit agenc"}},
	}
	for _, tt := range tests {
		got := initialsRuns(an, tt.text, "en", tt.acronym)
		if len(got) != len(tt.want) || len(got) > 0 && got[0] != tt.want[0] {
			t.Errorf("%q, %q: runs %q, want %q", tt.text, tt.acronym, got, tt.want)
		}
	}
}
