package qa

import (
	"context"
	"slices"
	"testing"

	"storybot/corpus"
)

func TestFocusKind(t *testing.T) {
	an := corpus.NewAnalyzer()
	stem := func(w string) string { return an.Terms(w, "en")[0] }
	tests := []struct {
		question string
		want     string // the category noun, "" for none
	}{
		{"In what country did the war start?", "country"},
		{"Which countries signed the treaty?", "country"},
		{"What religion did the Mongols follow?", "religion"},
		{"Which Chinese dynasty came after the Song?", "dynasty"},
		{"What kind of instrument did he play?", "instrument"},
		{"What type of cells produce antibodies?", "cell"},
		{"The Seine flows through which city?", "city"},
		{"What language was spoken at court?", "language"},
		// The question's form words are not modifiers: "is" is no
		// adjective of "country".
		{"What is the country's capital?", ""},
		{"What year did the war end?", ""},
		{"Who founded the dynasty?", ""},
		{"How many countries signed?", ""},
		{"What did the treaty say?", ""},
		{"", ""},
	}
	for _, tt := range tests {
		want := ""
		if tt.want != "" {
			want = stem(tt.want)
		}
		if got := focusKind(an.Tokens(tt.question, "en")); got != want {
			t.Errorf("%q: focus %q, want %q", tt.question, got, want)
		}
	}
}

func TestTypeTable(t *testing.T) {
	an := corpus.NewAnalyzer()
	stem := func(w string) string { return an.Terms(w, "en")[0] }
	tests := []struct {
		word, kind string
		want       bool
	}{
		{"France", "country", true},
		{"Poland", "country", true},
		{"Catholicism", "religion", true},
		{"Buddhism", "religion", true},
		{"Latin", "language", true},
		{"Seine", "river", true},
		{"Warsaw", "city", true},
		{"Ming", "dynasty", true},
		{"piano", "instrument", true},
		{"smallpox", "disease", true},
		{"oxygen", "element", true},
		{"lymphocyte", "cell", true},
		// A category is not an instance of itself or of a sibling.
		{"country", "country", false},
		{"France", "river", false},
		{"Seine", "country", false},
		{"piano", "religion", false},
		{"zzzz", "country", false},
	}
	for _, tt := range tests {
		if !isAnswerKind(stem(tt.kind)) {
			t.Errorf("%s is not a category of the type table", tt.kind)
		}
		if got := isKindOf(stem(tt.word), stem(tt.kind)); got != tt.want {
			t.Errorf("isKindOf(%s, %s) = %v, want %v", stem(tt.word), stem(tt.kind), got, tt.want)
		}
	}
	if !slices.IsSortedFunc(typeTable[:], func(a, b typeEntry) int {
		switch {
		case a.stem < b.stem:
			return -1
		case a.stem > b.stem:
			return 1
		}
		return 0
	}) {
		t.Error("typeTable is not sorted by stem; rerun go generate")
	}
	if !slices.IsSorted(answerKinds[:]) {
		t.Error("answerKinds is not sorted; rerun go generate")
	}
}

func TestTypeFeature(t *testing.T) {
	an := corpus.NewAnalyzer()
	tests := []struct {
		question, sentence string
		want               float64
	}{
		{"In what country is the river's source?", "The river rises in France near Dijon.", 1},
		{"In what country is the river's source?", "The river rises in the hills near the coast.", 0},
		{"What religion did the Mongols adopt?", "Many Mongols converted to Buddhism under the Yuan.", 1},
		{"What religion did the Mongols adopt?", "The Mongols adopted a new script.", 0},
		{"Which river flows through Paris?", "The Seine flows through Paris.", 1},
		// The question's own words are not an answer to it.
		{"Which country borders France?", "France has long borders.", 0},
		{"Which country borders France?", "France borders Spain.", 1},
		{"What city lies on the Vistula?", "Warsaw lies on the Vistula.", 1},
		// No focus noun, no feature: France is no answer to "what year".
		{"What year did France sign?", "France signed in Paris.", 0},
	}
	for _, tt := range tests {
		q := analyzeQuestion(an, tt.question, "en")
		qt := newQueryTerms(&q, 0)
		c := candidate{IndexedSentence: corpus.IndexedSentence{Sentence: corpus.Sentence{Paragraph: 2, Index: 2, Text: tt.sentence}},
			toks: an.Tokens(tt.sentence, "en")}
		weights := make([]float64, len(q.terms))
		c.computeFeatures(&q, &qt, weights, 1, 0, 0)
		if got := c.features[FeatType]; got != tt.want {
			t.Errorf("%q / %q: type %.1f, want %.1f", tt.question, tt.sentence, got, tt.want)
		}
	}
}

// BenchmarkAskFocus is BenchmarkAsk with what/which questions whose focus
// noun the type table knows, so every token of every re-ranked candidate
// is looked up in it.
func BenchmarkAskFocus(b *testing.B) {
	e := newSeedEngine(b)
	questions := []string{
		"Which country offered to send troops?",
		"In what city did Sheinbaum speak?",
		"What organization did Trump mention?",
		"Which river marks the border?",
	}
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := e.Ask(ctx, questions[i%len(questions)]); err != nil {
			b.Fatal(err)
		}
	}
}
