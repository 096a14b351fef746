package qa

import (
	"strings"
	"testing"

	"storybot/corpus"
)

// TestReportPhrasalStems checks that the table's stems are the analyzer's
// stems of the verbs they name, so a question's word finds them.
func TestReportPhrasalStems(t *testing.T) {
	an := corpus.NewAnalyzer()
	words := map[string]string{
		"leav": "leave", "depart": "depart", "remov": "removed", "withdraw": "withdraw",
		"releas": "released", "free": "free", "return": "returned", "reject": "rejected",
		"refus": "refused", "declin": "declined", "cancel": "cancelled", "explod": "exploded",
		"erupt": "erupted", "start": "started", "extinguish": "extinguished", "close": "closed",
		"discov": "discovered", "learn": "learned", "resign": "resigned", "quit": "quit",
		"surrend": "surrendered", "die": "died", "jail": "jailed", "appear": "appeared",
		"arriv": "arrived", "trigger": "triggered", "conduct": "conducted", "board": "boarded",
		"delay": "delayed", "investig": "investigated", "land": "landed", "derail": "derailed",
	}
	for verb, particles := range reportPhrasal {
		for particle, stems := range particles {
			phrase := verb + " " + particle
			for _, s := range strings.Fields(stems) {
				w, ok := words[s]
				if !ok {
					t.Errorf("%q: stem %q has no word in this test", phrase, s)
					continue
				}
				if got := an.Terms(w, "en"); len(got) != 1 || got[0] != s {
					t.Errorf("%q: %q is stemmed %v, not %q", phrase, w, got, s)
				}
			}
		}
	}
}

// TestPhrasalCoverage checks that a reporter's phrasal verb covers the
// asker's one word: the verb and its particle, with a pronoun or a
// determiner and noun between them, and only for a stem the question
// holds.
func TestPhrasalCoverage(t *testing.T) {
	an := corpus.NewAnalyzer()
	tests := []struct {
		question, sentence string
		want               float64 // coverage, with the question's words weighed alike
	}{
		{"When did the plane leave?", "The plane took off again in the early afternoon.", 1},
		{"How many apps were removed?", "Both apps were taken off the App Store.", 1},
		{"Why did the captain return?", "The captain decided to turn the plane around.", 1},
		{"Did they release the bird?", "They caught the bird and set it free.", 1},
		{"Why did the tram derail?", "The tram came off the tracks on a bend.", 1},
		// The question holds none of take off's stems.
		{"When did the plane land?", "The plane took off again in the early afternoon.", 0.5},
		// No particle after the verb.
		{"When did the plane leave?", "The plane took two passengers.", 0.5},
		// Too much between the verb and its particle.
		{"When did the plane leave?", "The crew took the big plane off.", 0.5},
	}
	for _, tt := range tests {
		q := analyzeQuestion(an, tt.question, "en")
		qt := newQueryTerms(&q, 0)
		weights := make([]float64, len(q.terms))
		for i := range weights {
			weights[i] = 1 / float64(len(weights))
		}
		c := candidate{IndexedSentence: corpus.IndexedSentence{Sentence: corpus.Sentence{Text: tt.sentence}},
			toks: an.Tokens(tt.sentence, "en")}
		c.computeFeatures(&q, &qt, weights, 1, 0, 0)
		if c.coverage < tt.want-1e-9 || c.coverage > tt.want+1e-9 {
			t.Errorf("%q in %q: coverage %.2f, want %.2f (terms %v)", tt.question, tt.sentence, c.coverage, tt.want, q.terms)
		}
	}
}
