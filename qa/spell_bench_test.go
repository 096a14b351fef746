package qa_test

import (
	"context"
	"testing"

	"storybot/corpus"
	"storybot/qa"
)

// BenchmarkAskCorrected times Ask over the seed story in SQLite for the
// same question typed right, misspelt (two words corrected from the
// vocabulary) and in chat spelling, so the cost of correction is the
// difference.
func BenchmarkAskCorrected(b *testing.B) {
	for _, bc := range []struct{ name, question string }{
		{"right", "What did Sheinbaum say about sovereignty?"},
		{"misspelt", "What did Shienbaum say about soverignty?"},
		{"unknown", "What did Sheinbaum say about the weathr forecast?"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			an := corpus.NewAnalyzer()
			db := openSeedStore(b, an)
			engine := qa.NewEngine(db, db, an, nil)
			ctx := context.Background()
			for b.Loop() {
				if _, err := engine.Ask(ctx, bc.question); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
