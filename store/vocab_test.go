package store_test

import (
	"context"
	"maps"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"

	"storybot/qa"
	"storybot/store"
)

var (
	_ qa.Vocabulary = (*store.DB)(nil)
	_ qa.Vocabulary = (*store.StoryView)(nil)
)

func TestStemsLike(t *testing.T) {
	db := openDB(t, filepath.Join(t.TempDir(), "vocab.db"))
	reload(t, db, fstest.MapFS{
		"a.txt": article("Flight", "The flight landed late. A flight attendant smiled. Fights broke out."),
		"b.txt": article("Flat", "The flat tyre flew off. Sheinbaum spoke."),
	})
	tests := []struct {
		prefix         string
		minLen, maxLen int
		want           map[string]int // stem → df
	}{
		{"fl", 5, 7, map[string]int{"flight": 3}}, // the title is a sentence too
		{"fl", 3, 4, map[string]int{"flat": 2, "flew": 1}},
		{"fi", 4, 6, map[string]int{"fight": 1}},
		{"sh", 8, 10, map[string]int{"sheinbaum": 1}},
		{"zz", 1, 20, map[string]int{}},
	}
	for _, tt := range tests {
		stems, dfs, err := db.StemsLike(context.Background(), tt.prefix, tt.minLen, tt.maxLen)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for i, s := range stems {
			got[s] = dfs[i]
		}
		if !maps.Equal(got, tt.want) {
			t.Errorf("StemsLike(%q, %d, %d) = %v, want %v", tt.prefix, tt.minLen, tt.maxLen, got, tt.want)
		}
		if !slices.IsSorted(stems) {
			t.Errorf("StemsLike(%q) not in stem order: %v", tt.prefix, stems)
		}
	}
}
