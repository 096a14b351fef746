package qa

import (
	"context"
	"testing"

	"storybot/corpus"
)

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"fligt", "flight", 1, 1},
		{"shienbaum", "sheinbaum", 1, 1}, // a swap is one edit
		{"soverignti", "sovereignti", 2, 1},
		{"apl", "appl", 1, 1},
		{"war", "wat", 1, 1},
		{"border", "bored", 1, 2}, // over the limit reads as limit+1
		{"same", "same", 1, 0},
		{"a", "abcdef", 2, 3},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}

func TestCasualWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"wat airline was it", "what airline was it"},
		{"what did rihanna write on insta", "what did rihanna write on instagram"},
		{"How many ppl died this yr?", "How many people died this year?"},
		{"Watson said what?", "Watson said what?"},
		{"Did the Mexican leader turn down American soldiers?", "Did the Mexican leader reject American soldiers?"},
		{"Did she say no to troops?", "Did she reject to troops?"},
		{"turn, down", "turn, down"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := casualWords(tt.in); got != tt.want {
			t.Errorf("casualWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestQuestionLanguage(t *testing.T) {
	tests := []struct {
		in, want string
		decided  bool
	}{
		{"cuantas hectareas se quemaron", "es", true},
		{"¿Quién es el alcalde?", "es", true},
		{"Pourquoi les conducteurs font grève ?", "fr", true},
		{"combien de conducteurs etaient en greve", "fr", true},
		{"Why did Sheinbaum reject the troops?", "en", true},
		{"la grève continue vendredi ?", "fr", true},
		{"Bruno Bernard ?", "en", false}, // nothing decides: the default
		{"¿Y los heridos?", "es", true},
	}
	for _, tt := range tests {
		got, ok := questionLanguage(tt.in, "en")
		if got != tt.want || ok != tt.decided {
			t.Errorf("questionLanguage(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.decided)
		}
	}
}

// vocabIndex is an Index with a vocabulary, for correction.
type vocabIndex struct {
	Index
	df map[string]int
}

func (v vocabIndex) Postings(_ context.Context, stem string) ([]corpus.Posting, error) {
	return make([]corpus.Posting, v.df[stem]), nil
}

func (v vocabIndex) StemsLike(_ context.Context, prefix string, minLen, maxLen int) ([]string, []int, error) {
	var out []string
	var dfs []int
	for s, df := range v.df {
		if len(s) >= minLen && len(s) <= maxLen && len(s) >= len(prefix) && s[:len(prefix)] == prefix {
			out, dfs = append(out, s), append(dfs, df)
		}
	}
	return out, dfs, nil
}

func TestCorrection(t *testing.T) {
	idx := vocabIndex{df: map[string]int{"flight": 5, "flighti": 1, "fright": 2, "fight": 9, "sheinbaum": 12, "sovereignti": 3, "appl": 2, "war": 40}}
	tests := []struct{ stem, want string }{
		{"fligt", "flight"},        // one edit; fight is two
		{"shienbaum", "sheinbaum"}, // swapped letters
		{"hsienbaum", "sheinbaum"}, // first two swapped: two edits, allowed from eight letters
		{"flihgt", "flight"},
		{"soverignti", "sovereignti"},
		{"apl", ""}, // too short to guess
		{"wat", ""},
		{"zzzzzz", ""},
	}
	for _, tt := range tests {
		got, err := correction(context.Background(), idx, tt.stem, "en")
		if err != nil || got != tt.want {
			t.Errorf("correction(%q) = %q, %v; want %q", tt.stem, got, err, tt.want)
		}
	}
}

// BenchmarkQuestionForm times the passes over a question's words that
// story answering added before analysis: chat spellings and phrasal verbs,
// and the language guess.
func BenchmarkQuestionForm(b *testing.B) {
	q := "Did the Mexican leader turn down American soldiers, wat did ppl say?"
	for b.Loop() {
		questionLanguage(q, "en")
		casualWords(q)
	}
}

func TestCountedTerm(t *testing.T) {
	an := corpus.NewAnalyzer()
	tests := []struct{ question, lang, want string }{
		{"¿Cuántas casas se quemaron?", "es", "cas"},
		{"how many people got hurt", "en", "peopl"},
		{"combien de conducteurs etaient en greve", "fr", "conducteur"},
		{"How much did it cost?", "en", ""}, // an amount, not a count
		{"Who won?", "en", ""},
	}
	for _, tt := range tests {
		q := analyzeQuestion(an, tt.question, tt.lang)
		got := ""
		if q.counted >= 0 {
			got = q.terms[q.counted]
		}
		if got != tt.want {
			t.Errorf("%q: counts %q, want %q", tt.question, got, tt.want)
		}
	}
}
