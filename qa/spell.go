package qa

import (
	"context"
	"fmt"
	"slices"
	"unicode/utf8"
)

// Vocabulary lists the index's own stems, so a question word the index
// lacks can be matched to one within a small edit distance. An Index may
// satisfy it (store.DB and store.StoryView do); without it, no word is
// corrected.
type Vocabulary interface {
	// StemsLike returns the stems starting with prefix whose length in
	// bytes is between minLen and maxLen, and how many sentences hold each
	// (of a larger index than the one asked, possibly: Postings decides).
	StemsLike(ctx context.Context, prefix string, minLen, maxLen int) (stems []string, df []int, err error)
}

// maxEdits is how far a misspelt stem may be from the corpus's: one edit
// (a letter added, dropped, changed or two swapped) for short words, where
// two would reach too many others, two from eight letters on.
func maxEdits(stem string) int {
	switch n := utf8.RuneCountInString(stem); {
	case n < 4:
		return 0
	case n < 8:
		return 1
	}
	return 2
}

// correction returns the stem of the index nearest to stem, the commonest
// in the index among the nearest, or "" when none is within maxEdits. A
// typo rarely hits the first letter, and the second letter is either
// right or swapped with the first ("Shienbaum", "aple"): the candidates
// are the stems sharing the first two letters, and those starting with
// them swapped. Errors come from the index.
func correction(ctx context.Context, idx Index, stem, lang string) (string, error) {
	v, ok := idx.(Vocabulary)
	k := maxEdits(stem)
	if !ok || k == 0 || len(stem) < 2 || lang == "en" && knownWord(stem) {
		return "", nil
	}
	n := len(stem)
	prefixes := []string{stem[:2]}
	if stem[0] != stem[1] {
		prefixes = append(prefixes, string([]byte{stem[1], stem[0]}))
	}
	type near struct {
		stem     string
		dist, df int
	}
	var found []near
	for _, p := range prefixes {
		stems, dfs, err := v.StemsLike(ctx, p, n-k, n+k)
		if err != nil {
			return "", err
		}
		for i, s := range stems {
			if d := editDistance(stem, s, k); d > 0 && d <= k {
				found = append(found, near{s, d, dfs[i]})
			}
		}
	}
	slices.SortFunc(found, func(a, b near) int {
		if a.dist != b.dist {
			return a.dist - b.dist
		}
		return b.df - a.df
	})
	// Reading a posting list is the costly step; the first few nearest
	// are enough to find one this index holds.
	for _, c := range found[:min(len(found), maxCorrectionReads)] {
		ps, err := idx.Postings(ctx, c.stem)
		if err != nil {
			return "", fmt.Errorf("postings of %q: %w", c.stem, err)
		}
		if len(ps) > 0 {
			return c.stem, nil
		}
	}
	return "", nil
}

// maxCorrectionReads bounds the posting lists read to correct one word.
const maxCorrectionReads = 3

// editDistance is the optimal-string-alignment distance between a and b
// (insertions, deletions, substitutions and swaps of adjacent letters),
// by bytes; any value above limit comes back as limit+1.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	if prev[len(b)] > limit {
		return limit + 1
	}
	return prev[len(b)]
}

// knownWord reports whether stem is a common English word (WordNet's
// sense-tagged vocabulary): a story that does not use it ("band") is no
// reason to read it as another word the story uses ("bank").
func knownWord(stem string) bool {
	_, ok := slices.BinarySearch(englishWords[:], stem)
	return ok
}
