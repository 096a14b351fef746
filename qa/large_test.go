package qa

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"storybot/corpus"
)

// synthIndex is a large synthetic Index for benchmarks: sentences of
// Zipf-distributed made-up words whose text is regenerated from the
// sentence id, so a million sentences cost only their postings.
type synthIndex struct {
	termsIndex
	vocab []string
	zipf  func(*rand.Rand) int
}

const synthSeed = 42

// synthWord spells n in consonants only, which Snowball leaves alone and no
// stop list contains.
func synthWord(n int) string {
	const letters = "bcdfghjklmnpqrtvwxz"
	b := []byte{'z', 'q'}
	for {
		b = append(b, letters[n%len(letters)])
		n /= len(letters)
		if n == 0 {
			return string(b)
		}
	}
}

func (s *synthIndex) words(id uint32) []string {
	rng := rand.New(rand.NewPCG(synthSeed, uint64(id)))
	w := make([]string, 5+rng.IntN(30))
	for i := range w {
		w[i] = s.vocab[s.zipf(rng)]
	}
	return w
}

func newSynthIndex(tb testing.TB, sentences, vocabSize int) *synthIndex {
	tb.Helper()
	s := &synthIndex{vocab: make([]string, vocabSize)}
	for i := range s.vocab {
		s.vocab[i] = synthWord(i)
	}
	an := corpus.NewAnalyzer()
	for _, w := range s.vocab[:200] {
		if got := an.Terms(w, "en"); len(got) != 1 || got[0] != w {
			tb.Fatalf("analyzer turns synthetic word %q into %q", w, got)
		}
	}
	s.zipf = func(rng *rand.Rand) int {
		// u⁴ piles ranks near zero: few very common words and a long
		// tail of rare ones, roughly as in news text.
		u := rng.Float64()
		r := int(float64(vocabSize)*u*u*u*u) % vocabSize
		return r
	}
	s.postings = make(map[string][]corpus.Posting)
	total := 0
	tf := make(map[string]uint16)
	for id := range uint32(sentences) {
		w := s.words(id)
		clear(tf)
		for _, x := range w {
			tf[x]++
		}
		for x, n := range tf {
			s.postings[x] = append(s.postings[x], corpus.Posting{Sentence: id, TF: n, Len: uint16(len(w))})
		}
		total += len(w)
	}
	s.stats = corpus.IndexStats{Articles: sentences / 30, Sentences: sentences, AvgLen: float64(total) / float64(sentences)}
	return s
}

func (s *synthIndex) Sentences(_ context.Context, ids []uint32) ([]corpus.IndexedSentence, error) {
	out := make([]corpus.IndexedSentence, 0, len(ids))
	for _, id := range ids {
		if int(id) < s.stats.Sentences {
			text := strings.Join(s.words(id), " ") + "."
			out = append(out, corpus.IndexedSentence{ID: id, ArticleID: synthWord(int(id / 30)), Sentence: corpus.Sentence{Paragraph: 1, Index: 1, Text: text}})
		}
	}
	return out, nil
}

func (s *synthIndex) Articles(context.Context) ([]corpus.Article, error) { return nil, nil }

// synthQuestions draws questions of 2–6 words the way users pick them:
// mostly mid-frequency and rare words, now and then a very common one.
func synthQuestions(s *synthIndex, n int) []string {
	rng := rand.New(rand.NewPCG(7, 7))
	qs := make([]string, n)
	for i := range qs {
		words := make([]string, 2+rng.IntN(5))
		for j := range words {
			switch rng.IntN(6) {
			case 0:
				words[j] = s.vocab[rng.IntN(50)]
			case 1, 2:
				words[j] = s.vocab[50+rng.IntN(2000)]
			default:
				words[j] = s.vocab[rng.IntN(len(s.vocab))]
			}
		}
		qs[i] = "What about " + strings.Join(words, " ") + "?"
	}
	return qs
}

var largeIndex *synthIndex

// benchIndex builds the million-sentence index once per test binary; it
// takes a few seconds, which benchmarks exclude.
func benchIndex(b *testing.B) *synthIndex {
	if largeIndex == nil {
		largeIndex = newSynthIndex(b, 1_000_000, 200_000)
	}
	return largeIndex
}

// reportLatency runs op over the questions and reports the median and
// 99th percentile, the figures the ask targets are stated in.
func reportLatency(b *testing.B, qs []string, op func(string)) {
	var lat []time.Duration
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		op(qs[i%len(qs)])
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}

func benchTopK(b *testing.B, topK func([]queryTerm, float64, int) []scoredID) {
	s := benchIndex(b)
	an := corpus.NewAnalyzer()
	qs := synthQuestions(s, 500)
	loaded := make(map[string][]queryTerm, len(qs))
	for _, q := range qs {
		terms, err := loadTerms(context.Background(), s, baselineTerms(an, q, "en"), s.stats)
		if err != nil {
			b.Fatal(err)
		}
		loaded[q] = terms
	}
	reportLatency(b, qs, func(q string) { topK(loaded[q], s.stats.AvgLen, DefaultCandidates) })
}

// BenchmarkTopKExhaustive1M and BenchmarkTopKMaxScore1M time retrieval
// alone over a million sentences, postings already in memory.
func BenchmarkTopKExhaustive1M(b *testing.B) { benchTopK(b, topKExhaustive) }
func BenchmarkTopKMaxScore1M(b *testing.B)   { benchTopK(b, topKMaxScore) }

// BenchmarkAsk1M times the whole of Ask over a million in-memory
// sentences: everything but the store's own reads.
func BenchmarkAsk1M(b *testing.B) {
	s := benchIndex(b)
	e := NewEngine(s, nil, corpus.NewAnalyzer(), nil)
	qs := synthQuestions(s, 500)
	ctx := context.Background()
	reportLatency(b, qs, func(q string) {
		if _, err := e.Ask(ctx, q); err != nil {
			b.Fatal(err)
		}
	})
}
