package qa

import (
	"testing"

	"storybot/corpus"
)

func TestWhyEvidence(t *testing.T) {
	an := corpus.NewAnalyzer()
	tests := []struct {
		question, sentence string
		want               float64
	}{
		// A charge or a purpose gives the reason for what stands before it.
		{"Why did Morsi get 3 years in jail?", "A court sentenced Morsi to three years in jail for insulting the judiciary.", evidenceNear},
		{"Why did the zoo kill the gorilla?", "The zoo killed the gorilla to save the child.", evidenceNear},
		{"Why did the zoo kill the gorilla?", "The zoo killed the gorilla to make a point.", evidenceFar},
		{"Why were the players kicked off the plane?", "The players were kicked off the plane after a flight attendant accused them of theft.", evidenceNear},
		{"Why was the gorilla put down?", "The gorilla was put down by keepers out of safety concerns.", evidenceNear},
		{"Why is Morsi in prison?", "Morsi is in prison over accusations of spying.", evidenceNear},
		{"Why did the Taliban attack the consulate?", "The Taliban called the attack on the consulate a reprisal for airstrikes.", evidenceNear},
		{"Why did the girls go free?", "The girls went free in exchange for four militants.", evidenceNear},
		{"Why did the zoo kill the gorilla?", "The gorilla dragged the boy, and that's why the zoo killed the gorilla.", evidenceNear},
		// "after" a span of time tells when, not why.
		{"Why did Silverman and Sheen split?", "Silverman and Sheen split after nearly four years.", 0},
		{"Why did Palmer retire?", "Palmer is retiring after 15 NFL seasons.", 0},
		{"Why did Arians retire?", "The statement came one day after Arians announced his retirement.", 0},
		// An age is no span: "after a 4-year-old boy fell" is a reason.
		{"Why was the gorilla killed?", "The gorilla was killed after a 4-year-old boy fell into the moat.", evidenceFar},
		// A question, or a "why" that only says a reason was sought, gives none.
		{"Why was the gorilla killed?", "Why did an endangered gorilla have to be shot and killed?", 0},
		{"Why did Apple remove the app?", "Apple has been asked to comment on why the app was removed.", 0},
		// A reason said to be missing is none.
		{"Why did Apple pull Telegram?", "Apple confirmed it pulled Telegram but gave no reason.", 0},
		{"Why did Apple pull Telegram?", "Apple pulled Telegram for a reason it did not share.", evidenceNear},
		// "to" before a place or a term is no purpose.
		{"Why did Morsi get 3 years?", "Morsi was sentenced to three years.", 0},
	}
	for _, tt := range tests {
		q := analyzeQuestion(an, tt.question, "en")
		got := answerTypeEvidence(&q, tt.sentence, an.Tokens(tt.sentence, "en"))
		if diff := got - tt.want; diff > 1e-9 || diff < -1e-9 {
			t.Errorf("%q / %q: evidence %.2f, want %.2f", tt.question, tt.sentence, got, tt.want)
		}
	}
}

func TestWhyBar(t *testing.T) {
	tests := []struct {
		name      string
		typedNear bool
		evidence  float64
		want      float64
	}{
		{"no reason beside the question's words", false, 0, whyUncausedBar},
		{"a reason elsewhere in the sentence", false, storyCause(evidenceFar), whyUncausedBar},
		{"a sure connective beside them", true, storyCause(evidenceNear), -whyCausedBar},
		{"after beside them", true, storyCause(evidenceFar), 0},
	}
	for _, tt := range tests {
		c := candidate{typedNear: tt.typedNear}
		c.features[FeatAnswerType] = tt.evidence
		if got := whyBar(c); got != tt.want {
			t.Errorf("%s: bar %+.2f, want %+.2f", tt.name, got, tt.want)
		}
	}
}

func TestStatesStance(t *testing.T) {
	an := corpus.NewAnalyzer()
	tests := []struct {
		sentence string
		want     bool
	}{
		{`She added: "Sovereignty is not for sale.`, true},
		{`"We cannot accept foreign troops," she said.`, true},
		{`"No, President Trump," Sheinbaum told reporters.`, false}, // the refusal, not its reason
		{`"How can we help you fight drug trafficking?"`, false},
		{`Sovereignty is not for sale, she said.`, false}, // reported, not quoted
		{`"We will keep working together," she said.`, false},
	}
	for _, tt := range tests {
		if got := statesStance(tt.sentence, an.Tokens(tt.sentence, "en")); got != tt.want {
			t.Errorf("%q: stance %v, want %v", tt.sentence, got, tt.want)
		}
	}
}
