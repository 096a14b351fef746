package corpus

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestPostingsRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		ps   []Posting
	}{
		{"empty", nil},
		{"sentence zero", []Posting{{Sentence: 0, TF: 1, Len: 1}}},
		{"consecutive", []Posting{{1, 1, 5}, {2, 1, 7}, {3, 2, 9}}},
		{"tf zero kept", []Posting{{10, 0, 3}}},
		{"extremes", []Posting{{0, math.MaxUint16, math.MaxUint16}, {math.MaxUint32, math.MaxUint16, 0}}},
		{"big gaps", []Posting{{5, 1, 63}, {70000, 3, 64}, {4000000000, 1, 200}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := EncodePostings(tt.ps)
			got, err := DecodePostings(b)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if !slices.Equal(got, tt.ps) {
				t.Fatalf("round trip: got %v, want %v", got, tt.ps)
			}
		})
	}
}

func TestPostingsCompact(t *testing.T) {
	// A common stem: every other sentence, tf 1, short sentences. The index
	// size budget relies on this costing two bytes a posting.
	var ps []Posting
	for i := range 1000 {
		ps = append(ps, Posting{Sentence: uint32(2 * i), TF: 1, Len: 20})
	}
	if got := len(EncodePostings(ps)); got != 2*len(ps) {
		t.Fatalf("encoded %d postings in %d bytes, want %d", len(ps), got, 2*len(ps))
	}
}

func TestAppendPostingsJoinsLists(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	all := randomPostings(r, 500)
	for _, cut := range []int{0, 1, 250, 499, 500} {
		head, tail := all[:cut], all[cut:]
		b := EncodePostings(head)
		next := uint64(0)
		if cut > 0 {
			next = uint64(head[cut-1].Sentence) + 1
		}
		b = AppendPostings(b, next, tail)
		got, err := DecodePostings(b)
		if err != nil {
			t.Fatalf("cut %d: decode: %v", cut, err)
		}
		if !slices.Equal(got, all) {
			t.Fatalf("cut %d: joined list differs", cut)
		}
		if !slices.Equal(b, EncodePostings(all)) {
			t.Fatalf("cut %d: joined encoding differs from encoding the whole list", cut)
		}
	}
}

func TestEncodePostingsPanicsOutOfOrder(t *testing.T) {
	for _, ps := range [][]Posting{
		{{Sentence: 5, TF: 1}, {Sentence: 5, TF: 1}},
		{{Sentence: 5, TF: 1}, {Sentence: 4, TF: 1}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("EncodePostings(%v) did not panic", ps)
				}
			}()
			EncodePostings(ps)
		}()
	}
}

func TestDecodePostingsCorrupt(t *testing.T) {
	tests := []struct {
		name string
		b    []byte
	}{
		{"truncated after gap", []byte{0x05}},
		{"truncated gap varint", []byte{0x80}},
		{"truncated tf", []byte{0x00, 0x03}},
		{"length beyond 16 bits", []byte{0x00, 0x80, 0x80, 0x08}},
		{"tf beyond 16 bits", []byte{0x00, 0x01, 0x80, 0x80, 0x04}},
		{"id beyond 32 bits", []byte{0xff, 0xff, 0xff, 0xff, 0x0f, 0x02, 0x00, 0x02}},
		{"overlong varint", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodePostings(tt.b)
			if !errors.Is(err, ErrCorruptPostings) {
				t.Fatalf("DecodePostings(%x) = %v, %v; want ErrCorruptPostings", tt.b, got, err)
			}
		})
	}
}

func TestAppendDecodedPostingsKeepsDstOnError(t *testing.T) {
	dst := []Posting{{Sentence: 9, TF: 1, Len: 1}}
	got, err := AppendDecodedPostings(dst, []byte{0x00, 0x02, 0x80})
	if err == nil {
		t.Fatal("want error for truncated input")
	}
	if !slices.Equal(got, dst) {
		t.Fatalf("dst changed on error: %v", got)
	}
}

func FuzzDecodePostings(f *testing.F) {
	f.Add([]byte{})
	f.Add(EncodePostings([]Posting{{1, 1, 5}, {2, 3, 70}, {1 << 30, 1, 0}}))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0x0f, 0x03, 0x80})
	f.Fuzz(func(t *testing.T, b []byte) {
		ps, err := DecodePostings(b)
		if err != nil {
			if !errors.Is(err, ErrCorruptPostings) {
				t.Fatalf("error does not wrap ErrCorruptPostings: %v", err)
			}
			return
		}
		for i := 1; i < len(ps); i++ {
			if ps[i].Sentence <= ps[i-1].Sentence {
				t.Fatalf("decoded ids not strictly increasing at %d: %v", i, ps)
			}
		}
		// Overlong varints decode, so bytes need not round-trip; postings must.
		again, err := DecodePostings(EncodePostings(ps))
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if !slices.Equal(again, ps) {
			t.Fatalf("re-encode changed postings: %v → %v", ps, again)
		}
	})
}

func FuzzPostingsRoundTrip(f *testing.F) {
	f.Add(uint64(1), 10)
	f.Add(uint64(99), 1000)
	f.Fuzz(func(t *testing.T, seed uint64, n int) {
		if n < 0 || n > 5000 {
			return
		}
		ps := randomPostings(rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), n)
		got, err := DecodePostings(EncodePostings(ps))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, ps) && !(len(ps) == 0 && len(got) == 0) {
			t.Fatalf("round trip differs")
		}
	})
}

// randomPostings returns n postings with strictly increasing ids, gaps
// ranging from consecutive to millions, and a mix of TF and lengths.
func randomPostings(r *rand.Rand, n int) []Posting {
	ps := make([]Posting, 0, n)
	next := uint64(r.IntN(3))
	for range n {
		var gap uint64
		switch r.IntN(4) {
		case 0:
			gap = 0
		case 1:
			gap = uint64(r.IntN(100))
		case 2:
			gap = uint64(r.IntN(100000))
		default:
			gap = uint64(r.IntN(1 << 20))
		}
		id := next + gap
		if id > math.MaxUint32 {
			break
		}
		tf := uint16(1)
		if r.IntN(5) == 0 {
			tf = uint16(r.IntN(math.MaxUint16 + 1))
		}
		ps = append(ps, Posting{Sentence: uint32(id), TF: tf, Len: uint16(r.IntN(math.MaxUint16 + 1))})
		next = id + 1
	}
	return ps
}

func BenchmarkDecodePostings(b *testing.B) {
	// A common stem at a million sentences: a quarter of them, tf 1.
	ps := make([]Posting, 0, 250000)
	for i := range 250000 {
		ps = append(ps, Posting{Sentence: uint32(4*i + i%3), TF: 1 + uint16(i%7/6), Len: uint16(8 + i%30)})
	}
	enc := EncodePostings(ps)
	b.SetBytes(int64(len(enc)))
	dst := make([]Posting, 0, len(ps))
	for b.Loop() {
		var err error
		if dst, err = AppendDecodedPostings(dst[:0], enc); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(ps)), "ns/posting")
}
