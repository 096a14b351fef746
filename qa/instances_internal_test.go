package qa

import (
	"slices"
	"testing"

	"storybot/corpus"
)

// TestInstanceNounIn checks which questions ask for an instance of a
// noun, and which noun that is.
func TestInstanceNounIn(t *testing.T) {
	an := corpus.NewAnalyzer()
	tests := []struct {
		question string
		noun     string // "" for a question that is not one
		kindWord string
	}{
		{"which states saw it", "states", ""},
		{"which countries blocked telegram", "countries", ""},
		{"what kind of bird was it", "bird", "kind"},
		{"what type of plane was it", "plane", "type"},
		{"what sort of a dog bit him", "dog", "sort"},
		{"which European countries signed", "countries", ""},
		{"in what city did it happen", "city", ""},
		{"what nationality was the driver", "nationality", ""},
		{"what breed was the dog", "breed", ""},
		// The noun asked about must follow the question word.
		{"what did the bird do", "", ""},
		{"where did the plane land", "", ""},
		{"which tunnel", "", ""},
		{"what kind of tunnel", "", ""},
		{"which car company recalled it", "", ""},
		{"what state of emergency was declared", "", ""},
		{"which state police force", "", ""},
	}
	for _, tt := range tests {
		toks := an.Tokens(tt.question, "en")
		noun, kind := instanceNounIn(toks)
		gotNoun, gotKind := "", ""
		if noun >= 0 {
			gotNoun = toks[noun].Text
		}
		if kind >= 0 {
			gotKind = toks[kind].Text
		}
		if gotNoun != tt.noun || gotKind != tt.kindWord {
			t.Errorf("%q: noun %q, kind word %q; want %q, %q", tt.question, gotNoun, gotKind, tt.noun, tt.kindWord)
		}
	}
}

// TestInstanceHolds checks which sentences name an instance of the noun a
// question asks about.
func TestInstanceHolds(t *testing.T) {
	an := corpus.NewAnalyzer()
	tests := []struct {
		question, sentence string
		want               bool
	}{
		{"which states saw it", "Sightings were reported across Maine.", true},
		{"which states saw it", "It was seen in New Hampshire on Tuesday.", true},
		// A place is a name: the main road is not Maine.
		{"which states saw it", "It was seen from the main road.", false},
		{"which states saw it", "Eyewitnesses across multiple eastern states were in awe.", false},
		{"which countries blocked telegram", "Iran, for instance, blocked the app.", true},
		{"which countries blocked telegram", "Iranian officials blocked the app.", true},
		{"which countries blocked telegram", "Telegram was blocked last year.", false},
		{"what city was it in", "The flight left Paris late.", true},
		{"what nationality was the driver", "The driver was Iranian.", true},
		{"what nationality was the driver", "The driver was from the city.", false},
		{"what breed was the dog", "The dog, a poodle, ran off.", true},
		{"what kind of bird was it", "Some believe it was a sparrow.", true},
		{"what kind of bird was it", "Some, a hummingbird.", true},
		{"what kind of bird was it", "The bird was removed and set free.", false},
		// "Airlines" stems as "airliner" does, but is no kind of plane.
		{"what kind of plane was it", "A Hawaiian Airlines flight landed.", false},
		{"what kind of plane was it", "The jet landed in Honolulu.", true},
	}
	for _, tt := range tests {
		q := analyzeQuestion(an, tt.question, "en")
		markInstanceQuestion(&q, an.Tokens(tt.question, "en"), "en")
		if q.instances == nil {
			t.Errorf("%q: no instances asked for", tt.question)
			continue
		}
		if got := q.instances.holds(tt.sentence, an.Tokens(tt.sentence, "en")); got != tt.want {
			t.Errorf("%q in %q: %v, want %v", tt.question, tt.sentence, got, tt.want)
		}
	}
}

// TestInstanceEvidence checks that an instance is the answer type a
// question asking for one wants, and only for such a question.
func TestInstanceEvidence(t *testing.T) {
	an := corpus.NewAnalyzer()
	tests := []struct {
		question, sentence string
		want               float64
	}{
		{"what kind of bird was it", "Some believe it was a sparrow.", evidenceNear},
		{"what kind of bird was it", "The bird was set free.", 0},
		{"what did the sparrow do", "Some believe it was a sparrow.", 0},
	}
	for _, tt := range tests {
		q := analyzeQuestion(an, tt.question, "en")
		markInstanceQuestion(&q, an.Tokens(tt.question, "en"), "en")
		if got := answerTypeEvidence(&q, tt.sentence, an.Tokens(tt.sentence, "en")); got != tt.want {
			t.Errorf("%q in %q: %v, want %v", tt.question, tt.sentence, got, tt.want)
		}
	}
}

// TestInstanceReweigh checks that the noun's weight is capped at the mean
// of the weighed words, the weights still summing to 1.
func TestInstanceReweigh(t *testing.T) {
	tests := []struct {
		slot    int
		weights []float64
		want    []float64
	}{
		{0, []float64{0.8, 0.2}, []float64{5.0 / 7, 2.0 / 7}},
		{1, []float64{0.8, 0.2}, []float64{0.8, 0.2}},
		{0, []float64{0.6, 0.4, 0}, []float64{5.0 / 9, 4.0 / 9, 0}},
		{0, []float64{1}, []float64{1}},
	}
	for _, tt := range tests {
		got := (&instanceSet{slot: tt.slot}).reweigh(tt.weights)
		if !slices.EqualFunc(got, tt.want, func(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }) {
			t.Errorf("slot %d of %v: %v, want %v", tt.slot, tt.weights, got, tt.want)
		}
	}
	if got := (*instanceSet)(nil).reweigh([]float64{0.8, 0.2}); got[0] != 0.8 {
		t.Errorf("nil set changed weights: %v", got)
	}
}
