package qa_test

import (
	"context"
	"path/filepath"
	"testing"
	"testing/fstest"

	"storybot/corpus"
	"storybot/qa"
	"storybot/store"
)

// TestCompleteQuotations checks that a cited sentence opening a quotation
// is cited with the rest of the quotation, so the reader sees it whole,
// and that nothing is added when the quotation closes, or never closes in
// reach.
func TestCompleteQuotations(t *testing.T) {
	ctx := context.Background()
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
			db, err := store.Open(ctx, filepath.Join(t.TempDir(), "quotes.db"), nil, store.WithAnalyzer(an))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			if _, err := db.Reload(ctx, fstest.MapFS{
				"a.txt": &fstest.MapFile{Data: []byte("Title: Bridge closed\nOutlet: News\nLanguage: en\n\n" + tt.paragraph + "\n")},
			}, nil); err != nil {
				t.Fatal(err)
			}
			ans, err := qa.NewEngine(db, db, an, nil).Ask(ctx, tt.question)
			if err != nil {
				t.Fatal(err)
			}
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
