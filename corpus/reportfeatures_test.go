package corpus

import (
	"bytes"
	"hash/fnv"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// referenceFacts is SentenceFacts computed the plain way: the words split
// by strings.FieldsFunc and lower-cased by strings.ToLower, the facts from
// FactWords.
func referenceFacts(text string) SentenceFacts {
	facts := FactWords(text, nil)
	var sf SentenceFacts
	sk := uint64(fnvOffset64)
	for _, w := range referenceWords(text) {
		if slices.Contains(facts, w) {
			sf.Facts = append(sf.Facts, fold32(fnvString64(w)))
		} else {
			sk = mixWord(sk, fnvString64(w))
		}
	}
	sf.Skeleton = fold32(sk)
	slices.Sort(sf.Facts)
	sf.Facts = slices.Compact(sf.Facts)
	return sf
}

func referenceWords(text string) []string {
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, w := range words {
		words[i] = strings.ToLower(w)
	}
	return words
}

func equalFacts(a, b SentenceFacts) bool {
	return a.Skeleton == b.Skeleton && slices.Equal(a.Facts, b.Facts)
}

var factSentences = []string{
	"The bill Smith sent was $284 billion.",
	"The bill Kalomi sent was $312 billion.",
	"Smith met Smith's lawyer in Paris on 12 March.",
	`"Nobody expected this," said Maria López, 47, of São Paulo.`,
	"The ÉTAT said straße prices rose 3½% — Officials disagreed.",
	"A: yes. B: no. (Reuters) — The (AP) story ran.",
	"Invalid \xff bytes \xfe between Words and 2024's figures",
	"ΑΘΗΝΑ: Η κυβέρνηση ανακοίνωσε 5 μέτρα.",
	"",
	"   ",
	"I",
}

// TestSentenceFacts checks the one-pass splitting against the plain
// definition, on hand-made sentences and on every sentence of the embedded
// articles.
func TestSentenceFacts(t *testing.T) {
	texts := slices.Clone(factSentences)
	for _, a := range defaultArticles(t) {
		for _, s := range a.Sentences {
			texts = append(texts, s.Text)
		}
	}
	var b reportBuilder
	for _, text := range texts {
		got, want := b.sentence(text), referenceFacts(text)
		if !equalFacts(got, want) {
			t.Errorf("%q: got %+v, want %+v", text, got, want)
		}
	}
	// The names and figures are what tells the two first sentences apart.
	first, second := referenceFacts(factSentences[0]), referenceFacts(factSentences[1])
	if first.Skeleton != second.Skeleton || slices.Equal(first.Facts, second.Facts) {
		t.Errorf("a swapped name and figure: skeletons %x and %x, facts %x and %x", first.Skeleton, second.Skeleton, first.Facts, second.Facts)
	}
}

func defaultArticles(t *testing.T) []Article {
	t.Helper()
	files, _, err := ReadFiles(Default())
	if err != nil {
		t.Fatal(err)
	}
	var out []Article
	for _, f := range files {
		a, err := Parse(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		t.Fatal("no embedded articles")
	}
	return out
}

func TestReportFeatures(t *testing.T) {
	sents := []Sentence{{Paragraph: 0, Index: 1, Text: "Headline Words Here"}}
	for i := range 9 {
		sents = append(sents, Sentence{Paragraph: 1 + i/3, Index: 1 + i%3, Text: factSentences[i%3] + " (AP)"})
	}
	f := NewReportFeatures(sents)
	if len(f.Sentences) != 9 || f.Lede != LedeSentences || f.Agency != "AP" {
		t.Fatalf("got %d sentences, lede %d, agency %q; want 9, %d, AP", len(f.Sentences), f.Lede, f.Agency, LedeSentences)
	}
	var words []uint64
	for i, s := range sents[1:] {
		if want := referenceFacts(s.Text); !equalFacts(f.Sentences[i], want) {
			t.Errorf("sentence %d: got %+v, want %+v", i, f.Sentences[i], want)
		}
		for _, w := range referenceWords(s.Text) {
			words = append(words, fnvString64(w))
		}
	}
	// Shingles run across sentence ends, headline left out.
	var want []uint32
	for i := 0; i+ReportShingle <= len(words); i++ {
		h := uint64(0)
		for _, w := range words[i : i+ReportShingle] {
			h = mixWord(h, w)
		}
		want = append(want, fold32(h))
	}
	slices.Sort(want)
	want = slices.Compact(want)
	if !slices.Equal(f.Shingles, want) {
		t.Errorf("got %d shingles, want %d: %x", len(f.Shingles), len(want), f.Shingles)
	}

	lede := LedeFeatures(sents)
	if lede.Lede != LedeSentences || len(lede.Sentences) != LedeSentences || lede.Shingles != nil || lede.Agency != "" {
		t.Errorf("lede: %+v", lede)
	}
	for i := range lede.Sentences {
		if !equalFacts(lede.Sentences[i], f.Sentences[i]) {
			t.Errorf("lede sentence %d: %+v, whole article's %+v", i, lede.Sentences[i], f.Sentences[i])
		}
	}
	if only := f.LedeOnly(); !reflect.DeepEqual(only, lede) {
		t.Errorf("LedeOnly: %+v, LedeFeatures: %+v", only, lede)
	}
	if whole := f.LedeOnly().WithBody(f.Body()); !reflect.DeepEqual(whole, f) {
		t.Errorf("LedeOnly().WithBody(Body()): %+v, want %+v", whole, f)
	}
	// Without a headline the first LedeSentences+1 sentences are all body.
	if got := NewReportFeatures(sents[1:]).Lede; got != LedeSentences+1 {
		t.Errorf("no headline: lede %d, want %d", got, LedeSentences+1)
	}
}

func TestSortedDistinct(t *testing.T) {
	for _, n := range []int{0, 1, 63, 64, 65, 1000} {
		hs := make([]uint32, n)
		for i := range hs {
			// Repeats, and values in every byte.
			hs[i] = uint32(i%(n/2+1)) * 0x9e3779b1
		}
		want := slices.Clone(hs)
		slices.Sort(want)
		want = slices.Compact(want)
		if got := sortedDistinct(hs, nil); !slices.Equal(got, want) {
			t.Errorf("%d hashes: got %x, want %x", n, got, want)
		}
	}
}

func TestFNV64MatchesHashFNV(t *testing.T) {
	for _, s := range []string{"", "a", "smith", "$284", "straße", "\xff"} {
		h := fnv.New64a()
		h.Write([]byte(s))
		if got, want := fnvString64(s), h.Sum64(); got != want {
			t.Errorf("%q: got %x, want %x", s, got, want)
		}
	}
}

func TestReportFeaturesEncoding(t *testing.T) {
	var all []Sentence
	for _, a := range defaultArticles(t) {
		all = append(all, a.Sentences...)
	}
	// A gap far above the mean makes a long unary run.
	var clustered []uint32
	for i := range uint32(1000) {
		clustered = append(clustered, 3*i)
	}
	clustered = append(clustered, 0xffffffff)
	for _, f := range []ReportFeatures{
		{},
		NewReportFeatures(all),
		{Shingles: clustered},
		{Shingles: []uint32{0}},
		{Shingles: []uint32{0xffffffff}},
		{Agency: "Reuters", Lede: 1, Sentences: []SentenceFacts{{Skeleton: 7}}, Shingles: []uint32{1, 1, 0xffffffff}},
	} {
		data := AppendReportFeatures(nil, f)
		got, err := DecodeReportFeatures(data)
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		if again := AppendReportFeatures(nil, got); !bytes.Equal(again, data) {
			t.Errorf("round trip changed the encoding of %+v", f)
		}
		if got.Agency != f.Agency || got.Lede != f.Lede || len(got.Sentences) != len(f.Sentences) || !slices.Equal(got.Shingles, f.Shingles) {
			t.Errorf("got %+v, want %+v", got, f)
		}
		for cut := range len(data) {
			if _, err := DecodeReportFeatures(data[:cut]); err == nil {
				t.Errorf("%d of %d bytes decoded without error", cut, len(data))
			}
		}
		if _, err := DecodeReportFeatures(append(data, 0)); err == nil {
			t.Error("a trailing byte decoded without error")
		}
	}
}

func FuzzDecodeReportFeatures(f *testing.F) {
	f.Add(AppendReportFeatures(nil, ReportFeatures{}))
	f.Add(AppendReportFeatures(nil, NewReportFeatures([]Sentence{{Paragraph: 1, Text: factSentences[0] + " " + factSentences[3]}})))
	f.Add([]byte{reportFormat, 0, 9, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := DecodeReportFeatures(data)
		if err != nil {
			return
		}
		if again := AppendReportFeatures(nil, got); !bytes.Equal(again, data) {
			// Only a uvarint written longer than needed may differ.
			if _, err := DecodeReportFeatures(again); err != nil {
				t.Fatalf("re-encoding does not decode: %v", err)
			}
		}
	})
}
