package qa

import (
	"context"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
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

func TestOneEdit(t *testing.T) {
	tests := []struct {
		a, b, c string
		want    bool
	}{
		{"workng", "work", "ing", true},   // dropped
		{"workiing", "work", "ing", true}, // doubled
		{"wokring", "work", "ing", true},  // swapped across the join
		{"workong", "work", "ing", true},  // changed
		{"working", "work", "ing", false}, // the same is no edit
		{"wrokng", "work", "ing", false},  // two
		{"", "", "", false},
		{"a", "", "", true},
	}
	for _, tt := range tests {
		if got := oneEdit(tt.a, tt.b, tt.c); got != tt.want {
			t.Errorf("oneEdit(%q, %q+%q) = %v, want %v", tt.a, tt.b, tt.c, got, tt.want)
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
		{"why did the plane turn around", "why did the plane return"},
		{"how did the bird get on the plane", "how did the bird board the plane"},
		{"turn, down", "turn, down"},
		{"why did boko haram let the chibok girls go", "why did boko haram release the chibok girls"},
		{"did she turn it down", "did she reject it"},
		{"did they let the kids go?", "did they release the children?"},
		{"did they let the girls go back", "did they release the girls back"},
		{"did they set the bird free?", "did they release the bird?"},
		{"let the go", "let the go"},                                     // a determiner needs its noun
		{"let the girls from chibok go", "let the girls from chibok go"}, // too long an object
		{"let the girls, go", "let the girls, go"},
		{"turn it down down", "reject it down"},
		{"why did the tram come off the tracks", "why did the tram derail the tracks"},
		{"waht did the mayor say thx", "what did the mayor say thanks"},
		{"howmany ppl wehre there", "how many people where there"},
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

func TestCorrection(t *testing.T) {
	idx := vocabIndex{df: map[string]int{
		"flight": 5, "flighti": 1, "fright": 2, "fight": 9, "sheinbaum": 12, "sovereignti": 3,
		"appl": 2, "war": 40, "work": 7, "corpor": 3, "telemetri": 2, "friday": 4, "manag": 3,
		"bank": 6, "serv": 4, "investig": 2, "incendi": 5,
	}}
	tests := []struct{ stem, word, lang, want string }{
		{"fligt", "fligt", "en", "flight"},            // one edit; fight is two
		{"shienbaum", "shienbaum", "en", "sheinbaum"}, // swapped letters
		{"hsienbaum", "hsienbaum", "en", "sheinbaum"}, // first two swapped: two edits, allowed from eight letters
		{"flihgt", "flihgt", "en", "flight"},
		{"soverignti", "soverignty", "en", "sovereignti"},
		{"apl", "aple", "en", "appl"},                        // the word, not its stem, sets the reach
		{"workng", "workng", "en", ""},                       // an ending costs an edit: too far for six letters
		{"corporatt", "corporattion", "en", "corpor"},        // the slip changed what was stripped
		{"tlemetri", "tlemetry", "en", "telemetri"},          // second letter dropped
		{"feiday", "feiday", "en", "friday"},                 // second letter a neighbouring key
		{"mangement", "mangement", "en", "manag"},            // one letter dropped before an ending
		{"investigacion", "investigacion", "es", "investig"}, // accent left out
		{"band", "band", "en", ""},                           // a common word the story lacks is no slip
		{"server", "server", "en", ""},                       // serv+er exactly is a derived word, not a slip
		{"wat", "wat", "en", ""},
		{"zzzzzz", "zzzzzz", "en", ""},
	}
	for _, tt := range tests {
		got, err := correction(context.Background(), idx, tt.stem, tt.word, tt.lang)
		if err != nil || got != tt.want {
			t.Errorf("correction(%q, %q) = %q, %v; want %q", tt.stem, tt.word, got, err, tt.want)
		}
	}
}

// sortedVocab is a vocabIndex whose StemsLike reads a sorted range, as
// the store's does.
type sortedVocab struct {
	vocabIndex
	stems []string
}

func (v sortedVocab) StemsLike(_ context.Context, prefix string, minLen, maxLen int) ([]string, []int, error) {
	var out []string
	var dfs []int
	i, _ := slices.BinarySearch(v.stems, prefix)
	for ; i < len(v.stems) && strings.HasPrefix(v.stems[i], prefix); i++ {
		if s := v.stems[i]; len(s) >= minLen && len(s) <= maxLen {
			out, dfs = append(out, s), append(dfs, v.df[s])
		}
	}
	return out, dfs, nil
}

// BenchmarkCorrection times correcting one misspelt word against a
// vocabulary of 200,000 stems held in memory, so it counts the candidate
// filtering and edit distances, not the store's range reads.
func BenchmarkCorrection(b *testing.B) {
	v := sortedVocab{vocabIndex: vocabIndex{df: map[string]int{}}}
	r := rand.New(rand.NewPCG(1, 2))
	for len(v.df) < 200000 {
		n := 3 + r.IntN(9)
		w := make([]byte, n)
		for i := range w {
			w[i] = "etaoinshrdlcumwfgypbvkjxqz"[min(r.IntN(26), r.IntN(26))]
		}
		v.df[string(w)] = 1 + r.IntN(100)
	}
	v.df["corpor"] = 3
	v.stems = slices.Sorted(maps.Keys(v.df))
	ctx := context.Background()
	for b.Loop() {
		if _, err := correction(ctx, v, "corporatt", "corporattion", "en"); err != nil {
			b.Fatal(err)
		}
	}
}

func TestAlternates(t *testing.T) {
	an := corpus.NewAnalyzer()
	tests := []struct {
		question, lang string
		want           []string
	}{
		{"¿Qué dijo Amparo Fort?", "es", []string{"amparo"}},
		{"What did Amparo Fort say about the fire?", "en", []string{"ampar"}}, // names only
		{"¿Cuántos bomberos?", "es", []string{"bombero", "bomberos"}},         // English, French
		{"how many firefighters", "en", nil},
	}
	for _, tt := range tests {
		q := analyzeQuestion(an, tt.question, tt.lang)
		words := make([]questionWord, len(q.terms))
		for _, tok := range an.Tokens(tt.question, tt.lang) {
			if i, ok := q.index[tok.Stem]; ok && words[i].folded == "" {
				words[i] = questionWord{folded: tok.Text, capital: startsUpper(tt.question, tok.Start)}
			}
		}
		var got []string
		for _, a := range alternates(an, q, words, tt.lang) {
			got = append(got, a.stem)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: alternates %v, want %v", tt.question, got, tt.want)
		}
	}
}
