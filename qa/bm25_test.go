package qa

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"storybot/corpus"
)

// bruteBM25 scores one document from first principles: textbook BM25 with
// Lucene's IDF, nothing shared with the code under test.
func bruteBM25(docs [][]string, doc int, query []string) float64 {
	n := float64(len(docs))
	total := 0
	for _, d := range docs {
		total += len(d)
	}
	avg := float64(total) / n
	score := 0.0
	for _, q := range query {
		df := 0
		for _, d := range docs {
			if slices.Contains(d, q) {
				df++
			}
		}
		tf := 0
		for _, w := range docs[doc] {
			if w == q {
				tf++
			}
		}
		if tf == 0 {
			continue
		}
		idf := math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
		k1, b := 1.2, 0.75
		dl := float64(len(docs[doc]))
		score += idf * float64(tf) * (k1 + 1) / (float64(tf) + k1*(1-b+b*dl/avg))
	}
	return score
}

func loadTestTerms(t testing.TB, m *termsIndex, query []string) []queryTerm {
	t.Helper()
	terms, err := loadTerms(context.Background(), m, query, m.stats)
	if err != nil {
		t.Fatal(err)
	}
	return terms
}

func TestBM25MatchesBruteForce(t *testing.T) {
	docs := [][]string{
		{"sheinbaum", "reject", "troop", "trump"},
		{"sovereignti", "sale", "sovereignti", "love", "defend"},
		{"trump", "trump", "trump", "cartel"},
		{"hegseth", "warn", "mexican", "offici", "unilater", "action", "cartel", "card", "tabl", "rang"},
		{"trade", "tariff"},
		{"weather"},
	}
	tests := []struct {
		name  string
		query []string
		want  []int // documents expected to match, best first
	}{
		{"one term in two docs", []string{"trump"}, []int{2, 0}},
		{"tf saturates", []string{"sovereignti"}, []int{1}},
		{"two terms", []string{"cartel", "trump"}, []int{2, 0, 3}},
		{"rare beats common", []string{"tariff", "trump"}, []int{4, 2, 0}},
		{"absent term adds nothing", []string{"worldcup", "weather"}, []int{5}},
		{"no match", []string{"worldcup"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newTermsIndex(docs)
			terms := loadTestTerms(t, m, tt.query)
			for name, got := range map[string][]scoredID{
				"exhaustive": topKExhaustive(terms, m.stats.AvgLen, 10),
				"maxscore":   topKMaxScore(terms, m.stats.AvgLen, 10),
			} {
				var ids []int
				for _, s := range got {
					ids = append(ids, int(s.id))
					want := bruteBM25(docs, int(s.id), tt.query)
					if math.Abs(s.score-want) > 1e-12 {
						t.Errorf("%s: doc %d scored %v, brute force %v", name, s.id, s.score, want)
					}
				}
				if !slices.Equal(ids, tt.want) {
					t.Errorf("%s: ranked %v, want %v", name, ids, tt.want)
				}
			}
		})
	}
}

// TestMaxScoreMatchesExhaustive checks on random Zipf-like corpora that
// pruning never changes the top k: same sentences, same order, same scores.
func TestMaxScoreMatchesExhaustive(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	vocab := make([]string, 300)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%d", i)
	}
	zipf := func() string {
		// Squaring a uniform draw skews toward low ranks: few common
		// words, a long tail of rare ones, as in text.
		u := rng.Float64()
		return vocab[int(u*u*u*float64(len(vocab)))]
	}
	for trial := range 60 {
		docs := make([][]string, 50+rng.IntN(800))
		for i := range docs {
			doc := make([]string, 1+rng.IntN(40))
			for j := range doc {
				doc[j] = zipf()
			}
			docs[i] = doc
		}
		m := newTermsIndex(docs)
		var query []string
		for range 1 + rng.IntN(8) {
			if w := zipf(); !slices.Contains(query, w) {
				query = append(query, w)
			}
		}
		terms := loadTestTerms(t, m, query)
		for _, k := range []int{1, 3, 10, 100, 2000} {
			want := topKExhaustive(terms, m.stats.AvgLen, k)
			got := topKMaxScore(terms, m.stats.AvgLen, k)
			if len(got) != len(want) {
				t.Fatalf("trial %d k=%d query %v: maxscore kept %d, exhaustive %d", trial, k, query, len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("trial %d k=%d query %v: rank %d is %+v, exhaustive has %+v", trial, k, query, i, got[i], want[i])
				}
			}
		}
	}
}

func TestSeek(t *testing.T) {
	var pl []corpus.Posting
	for _, id := range []uint32{2, 3, 5, 8, 13, 21, 34, 55, 89} {
		pl = append(pl, corpus.Posting{Sentence: id})
	}
	tests := []struct {
		from int
		doc  uint32
		want int
	}{
		{0, 0, 0}, {0, 2, 0}, {0, 4, 2}, {0, 89, 8}, {0, 90, 9},
		{3, 8, 3}, {3, 9, 4}, {3, 2, 3}, {9, 1, 9}, {1, 55, 7}, {2, 34, 6},
	}
	for _, tt := range tests {
		if got := seek(pl, tt.from, tt.doc); got != tt.want {
			t.Errorf("seek(from %d, doc %d) = %d, want %d", tt.from, tt.doc, got, tt.want)
		}
	}
}

// versionedTerms is termsIndex saying when its content changes, so the
// Engine keeps upper bounds.
type versionedTerms struct {
	*termsIndex
	version uint64
}

func (v *versionedTerms) Version() uint64 { return v.version }

// TestBoundsFollowVersion checks that the bounds an Engine keeps are those
// of the lists it reads, before and after the index changes.
func TestBoundsFollowVersion(t *testing.T) {
	ctx := context.Background()
	idx := &versionedTerms{termsIndex: newTermsIndex([][]string{
		{"strike", "port"}, {"strike", "strike", "port", "union"}, {"union", "talk"},
	})}
	e := &Engine{Index: idx}
	check := func(when string) {
		t.Helper()
		got, err := e.loadTerms(ctx, []string{"strike", "union", "absent"}, idx.stats)
		if err != nil {
			t.Fatal(err)
		}
		want := loadTestTerms(t, idx.termsIndex, []string{"strike", "union", "absent"})
		for i := range want {
			if got[i].upper != want[i].upper {
				t.Errorf("%s: %s bound %v, want %v", when, want[i].stem, got[i].upper, want[i].upper)
			}
		}
	}
	check("first")
	check("kept")
	// The strike list changes, its df (so its idf) the same: only the
	// version tells the kept bound is stale.
	idx.postings["strike"] = []corpus.Posting{{Sentence: 0, TF: 9, Len: 9}, {Sentence: 1, TF: 1, Len: 4}}
	idx.version++
	check("after a change")
}
