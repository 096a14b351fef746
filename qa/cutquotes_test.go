package qa_test

import (
	"testing"

	"storybot/corpus"
	"storybot/qa"
)

// TestCompleteQuotations checks that a cited sentence opening a quotation
// is cited with the rest of the quotation, so the reader sees it whole,
// and that nothing is added when the quotation closes, or never closes in
// reach.
func TestCompleteQuotations(t *testing.T) {
	an := corpus.NewAnalyzer()
	tests := []struct {
		name, paragraph, question string
		want                      []string // the passages cited for the source
	}{
		{"the rest of the quotation is cited",
			"The mayor spoke on Monday. He said: “The bridge was unsafe for lorries. We had warned the council twice.” Repairs begin in May.",
			"was the bridge unsafe for lorries",
			[]string{"He said: “The bridge was unsafe for lorries. We had warned the council twice.”"}},
		{"a closed quotation stands alone",
			"The mayor spoke on Monday. He said: “The bridge was unsafe for lorries.” We had warned the council twice, his aide added.",
			"was the bridge unsafe for lorries",
			[]string{"He said: “The bridge was unsafe for lorries.”"}},
		{"a quotation that never closes in reach is not padded",
			"He said: “The bridge was unsafe for lorries. One. Two. Three. Four.",
			"was the bridge unsafe for lorries",
			[]string{"He said: “The bridge was unsafe for lorries."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ans := askOneArticle(t, an, tt.paragraph, tt.question)
			if len(ans.Sources) != 1 {
				t.Fatalf("%d sources cited, want 1: %+v", len(ans.Sources), ans.Sources)
			}
			var got []string
			for _, p := range qa.Passages(ans.Sources[0].Sentences) {
				got = append(got, p.Text)
			}
			if len(got) != len(tt.want) || len(got) > 0 && got[0] != tt.want[0] {
				t.Errorf("passages %q, want %q", got, tt.want)
			}
		})
	}
}
