package qa

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"storybot/corpus"
)

func TestRolePhrases(t *testing.T) {
	an := corpus.NewAnalyzer()
	tests := []struct {
		question string
		want     string // "head<mods...>" per phrase, space-separated; "" for none
		speaker  string // the terms that weigh half, as a speaker's name does
	}{
		{"What did the Mexican president say about sovereignty?", "presid<mexican>", "mexican presid"},
		{"What did Mexico's president tell Trump?", "presid<mexico>", "mexico presid"},
		{"what did the president of mexico really say about troops", "presid<mexico>", "presid mexico"},
		{"Why did the US president offer troops?", "presid<us>", ""},
		{"What did the defense secretary warn?", "secretari<defens>", ""},
		{"What did the president's spokesman say about troops?", "spokesman<presid>", "presid spokesman"},
		{"What did the former president say about Mexico?", "presid<former>", "former presid"},
		{"What did the Mexican president tell the US president?", "presid<mexican> presid<us>", "mexican presid"},
		// The phrase ends where the title does, not at the verb or subject.
		{"Did the president of Mexico reject troops?", "presid<mexico>", ""},
		{"why did the president of mexico reject us troops", "presid<mexico>", ""},
		{"What did the president of the United States say?", "presid<state unit>", ""},
		{"Did the US warn Mexico's president?", "presid<mexico>", ""},
		{"Did Trump threaten Mexico's president?", "presid<mexico>", ""},
		// The only terms: there is nothing else for a speaker to weigh against.
		{"What did the president's spokesman say?", "spokesman<presid>", ""},
		// Not a definite title standing for one person.
		{"Which president was involved in the Gulf war?", "", ""},
		{"Who is the Mexican president?", "", ""},
		{"What are the general principles of EU law?", "", ""},
		{"What did President Trump say?", "", ""},
		{"What was the president's decision?", "", ""},
		{"Where is the 2011 all star game?", "", ""},
	}
	for _, tt := range tests {
		q := analyzeQuestion(an, tt.question, "en")
		var got []string
		for _, p := range q.roles {
			var mods []string
			for _, m := range p.mods {
				mods = append(mods, q.terms[m])
			}
			slices.Sort(mods)
			got = append(got, q.terms[p.head]+"<"+strings.Join(mods, " ")+">")
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("%q: role phrases %q, want %q", tt.question, got, tt.want)
			continue
		}
		var half []string
		for i, w := range q.weights {
			if w == 0.5 {
				half = append(half, q.terms[i])
			}
		}
		if strings.Join(half, " ") != tt.speaker {
			t.Errorf("%q: %q weigh half, want %q", tt.question, half, tt.speaker)
		}
	}
}

// readLog is an Index that records the sentence ids each read asks for.
type readLog struct {
	Index
	mu    sync.Mutex
	reads [][]uint32
}

func (r *readLog) Sentences(ctx context.Context, ids []uint32) ([]corpus.IndexedSentence, error) {
	r.mu.Lock()
	r.reads = append(r.reads, slices.Clone(ids))
	r.mu.Unlock()
	return r.Index.Sentences(ctx, ids)
}

// TestResolveTitles checks who the seed story's titles resolve to, read
// against both articles by hand.
func TestResolveTitles(t *testing.T) {
	e := newSeedEngine(t)
	tests := []struct {
		question string
		want     []string // holder per role phrase, "" when unresolved
	}{
		{"What did the Mexican president say about sovereignty?", []string{"Claudia Sheinbaum"}},
		{"What did Mexico's president tell Trump?", []string{"Claudia Sheinbaum"}},
		{"What did the president of Mexico say?", []string{"Claudia Sheinbaum"}},
		{"Did the president of Mexico reject troops?", []string{"Claudia Sheinbaum"}},
		{"Did Trump threaten Mexico's president?", []string{"Claudia Sheinbaum"}},
		{"What did the US president propose?", []string{"Donald Trump"}},
		{"What did the American president propose?", []string{"Donald Trump"}},
		{"What did the defense secretary warn?", []string{"Pete Hegseth"}},
		{"What did the White House spokesman say?", []string{"James Hewitt"}},
		{"What did the Mexican president tell the US president?", []string{"Claudia Sheinbaum", "Donald Trump"}},
		// Two presidents in the story: a bare title is ambiguous.
		{"What did the president say?", []string{""}},
		// No one in the story holds these.
		{"What did the former president say?", []string{""}},
		{"What did the Canadian president say?", []string{""}},
		{"What did the president's spokesman say?", []string{""}},
	}
	for _, tt := range tests {
		r, err := e.retrieve(context.Background(), tt.question, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range r.q.roles {
			got = append(got, p.holder)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q resolves to %q, want %q", tt.question, got, tt.want)
		}
	}
}

// TestResolvedNameCoversTitle checks the expansion itself: the surname
// stands for the title and its modifier at full strength, so a sentence
// saying only "Sheinbaum" holds all of "the Mexican president".
func TestResolvedNameCoversTitle(t *testing.T) {
	e := newSeedEngine(t)
	r, err := e.retrieve(context.Background(), "What did the Mexican president say about sovereignty?", nil)
	if err != nil {
		t.Fatal(err)
	}
	head, mod := r.q.index["presid"], r.q.index["mexican"]
	i, ok := r.qt.index["sheinbaum"]
	if !ok {
		t.Fatalf("sheinbaum not searched: %v", r.qt.stems)
	}
	if r.qt.slot[i] != head || r.qt.factor[i] != 1 || r.qt.also[i] != 1<<uint(mod) {
		t.Errorf("sheinbaum: slot %d factor %v also %b, want slot %d factor 1 also %b", r.qt.slot[i], r.qt.factor[i], r.qt.also[i], head, 1<<uint(mod))
	}
	w := make([]float64, len(r.q.terms))
	for k := range w {
		w[k] = 1.0 / float64(len(w))
	}
	if got := r.qt.coverage(1<<uint(i), w); got < 2.0/3-1e-9 {
		t.Errorf("sheinbaum alone covers %v of 3 equal terms, want the title's two", got)
	}
	// The first name is weaker evidence than the surname.
	if j, ok := r.qt.index["claudia"]; !ok || r.qt.factor[j] >= 1 {
		t.Errorf("claudia: present %v, factor %v; want a discounted expansion", ok, r.qt.factor[j])
	}
}

// TestResolveTitlesKeep checks that resolution reads only sentences keep
// accepts, at most maxTitleSentences of them in one extra read.
func TestResolveTitlesKeep(t *testing.T) {
	an := corpus.NewAnalyzer()
	idx := newTestIndex(an, SeedArticles(t))
	log := &readLog{Index: idx}
	e := NewEngine(log, nil, an, nil)
	inAFP := func(id uint32) bool { return idx.sentences[id].ArticleID == afp }
	ctx := context.Background()

	// Only Latin Times names Hegseth: with the wire report alone there is
	// no one to resolve to.
	r, err := e.retrieve(ctx, "What did the defense secretary warn?", inAFP)
	if err != nil {
		t.Fatal(err)
	}
	if h := r.q.roles[0].holder; h != "" {
		t.Errorf("with the wire report only, the defense secretary resolves to %q", h)
	}
	log.reads = nil
	r, err = e.retrieve(ctx, "What did the Mexican president say about sovereignty?", inAFP)
	if err != nil {
		t.Fatal(err)
	}
	if h := r.q.roles[0].holder; h != "Claudia Sheinbaum" {
		t.Errorf("with the wire report only, the Mexican president resolves to %q", h)
	}
	if len(log.reads) != 2 {
		t.Fatalf("%d sentence reads, want the title read and the candidates read", len(log.reads))
	}
	if n := len(log.reads[0]); n == 0 || n > maxTitleSentences {
		t.Errorf("title read asks for %d sentences, want 1 to %d", n, maxTitleSentences)
	}
	for _, id := range log.reads[0] {
		if !inAFP(id) {
			t.Errorf("title read asks for sentence %d, which keep refuses", id)
		}
	}
}

// TestNoTitleUnchanged checks that a question with no title, or with a
// title no one clearly holds, is searched exactly as before: the same
// terms, no extra slots, one read of sentences beyond the title read.
func TestNoTitleUnchanged(t *testing.T) {
	an := corpus.NewAnalyzer()
	log := &readLog{Index: newTestIndex(an, SeedArticles(t))}
	e := NewEngine(log, nil, an, nil)
	for _, tt := range []struct {
		question string
		reads    int
	}{
		{"What did Sheinbaum say about sovereignty?", 1},
		{"Who won the World Cup?", 0},
		{"What did the president say?", 2}, // ambiguous: read, then nothing added
	} {
		log.reads = nil
		r, err := e.retrieve(context.Background(), tt.question, nil)
		if err != nil {
			t.Fatal(err)
		}
		plain := newQueryTerms(&r.q, e.weights().Expansion)
		if !slices.Equal(r.qt.stems, plain.stems) || r.qt.also != nil {
			t.Errorf("%q searches %v (also %v), want %v", tt.question, r.qt.stems, r.qt.also, plain.stems)
		}
		if len(log.reads) != tt.reads {
			t.Errorf("%q: %d sentence reads, want %d", tt.question, len(log.reads), tt.reads)
		}
	}
}

func TestSoleHolder(t *testing.T) {
	hs := func(names ...string) []titleHolder {
		var out []titleHolder
		for _, n := range names {
			out = addHolder(out, n)
		}
		return out
	}
	tests := []struct {
		holders []titleHolder
		bare    bool
		want    string
	}{
		{hs("Donald Trump", "Trump", "President Trump"), false, ""}, // "President Trump" is not "Trump"'s fuller form
		{hs("Donald Trump", "Trump"), false, "Donald Trump"},
		{hs("Donald Trump"), false, "Donald Trump"},
		{hs("Donald Trump"), true, ""}, // a bare title needs more than one mention
		{hs("Donald Trump", "Trump"), true, "Donald Trump"},
		{hs("Claudia Sheinbaum", "Donald Trump", "Sheinbaum"), true, ""},
		{hs("Claudia Sheinbaum", "Sheinbaum", "Sheinbaum", "Donald Trump"), true, "Claudia Sheinbaum"},
		{nil, false, ""},
	}
	for i, tt := range tests {
		got, ok := soleHolder(tt.holders, tt.bare)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("%d: soleHolder(%v, %v) = %q, %v; want %q", i, tt.holders, tt.bare, got, ok, tt.want)
		}
	}
}

// BenchmarkAskTitle times Ask over the seed story in memory for a
// question naming someone by title against the same question naming
// them: the difference is the title's resolution.
func BenchmarkAskTitle(b *testing.B) {
	e := newSeedEngine(b)
	ctx := context.Background()
	for _, q := range []struct{ name, text string }{
		{"name", "What did Sheinbaum say about sovereignty?"},
		{"title", "What did the Mexican president say about sovereignty?"},
		{"ambiguous", "What did the president say?"},
	} {
		b.Run(q.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := e.Ask(ctx, q.text); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// FuzzAskTitle asks title-shaped user text: never an error, phrases only
// over the question's own terms, and a resolved title always searched.
func FuzzAskTitle(f *testing.F) {
	for _, s := range []string{
		"What did the Mexican president say about sovereignty?", "the president of of the",
		"Mexico's president's president's spokesman say", "What did the US president tell the Mexican president?",
		"THE PRESIDENT OF MEXICO SAID", "the president-elect of", "did the former vice president really say",
		"the president of \xff", "the 😀 president",
	} {
		f.Add(s)
	}
	e := newSeedEngine(f)
	f.Fuzz(func(t *testing.T, question string) {
		r, err := e.retrieve(context.Background(), question, nil)
		if err != nil {
			t.Fatalf("retrieve(%q): %v", question, err)
		}
		if len(r.q.roles) > maxRolePhrases {
			t.Fatalf("%q: %d role phrases", question, len(r.q.roles))
		}
		for _, p := range r.q.roles {
			for _, s := range p.slots() {
				if s < 0 || s >= len(r.q.terms) {
					t.Fatalf("%q: phrase slot %d of %d terms", question, s, len(r.q.terms))
				}
			}
			if p.holder == "" || len(r.qt.stems) == maxSearchTerms {
				continue
			}
			stems := e.analyzer().Terms(p.holder, "en")
			if _, ok := r.qt.index[stems[len(stems)-1]]; !ok {
				t.Fatalf("%q: %q resolved but its surname is not searched", question, p.holder)
			}
		}
		if _, err := e.Ask(context.Background(), question); err != nil {
			t.Fatalf("Ask(%q): %v", question, err)
		}
	})
}

func TestSpread(t *testing.T) {
	ids := make([]uint32, 100)
	for i := range ids {
		ids[i] = uint32(i + 1)
	}
	tests := []struct {
		ids   []uint32
		limit int
		want  []uint32
	}{
		{ids[:3], 16, ids[:3]},
		{ids[:16], 16, ids[:16]},
		{ids, 4, []uint32{13, 38, 63, 88}},
		{ids[:17], 16, []uint32{1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17}},
		{nil, 16, nil},
	}
	for _, tt := range tests {
		got := spread(tt.ids, tt.limit)
		if !slices.Equal(got, tt.want) {
			t.Errorf("spread(%d ids, %d) = %v, want %v", len(tt.ids), tt.limit, got, tt.want)
		}
	}
}

// titleCandidateLists builds a title word's postings and, for one
// modifier, two lists standing for it (the word and an expansion), each
// holding every step-th id from an offset up to n.
func titleCandidateLists(n int, steps [3]int) (rolePhrase, *queryTerms, []queryTerm) {
	list := func(step, offset int) []corpus.Posting {
		var pl []corpus.Posting
		for id := 1 + offset; id <= n; id += step {
			pl = append(pl, corpus.Posting{Sentence: uint32(id), TF: 1, Len: 10})
		}
		return pl
	}
	terms := []queryTerm{{stem: "presid", postings: list(steps[0], 0)}, {stem: "mexican", postings: list(steps[1], 1)}, {stem: "mexico", postings: list(steps[2], 2)}}
	qt := &queryTerms{stems: []string{"presid", "mexican", "mexico"}, slot: []int{0, 1, 1}, factor: []float64{1, 1, 0.5},
		index: map[string]int{"presid": 0, "mexican": 1, "mexico": 2}}
	return rolePhrase{head: 0, mods: []int{1}}, qt, terms
}

// TestTitleCandidatesMatchBruteForce holds the leapfrog intersection to
// the plain one: the title word and, for the modifier, either list.
func TestTitleCandidatesMatchBruteForce(t *testing.T) {
	for _, steps := range [][3]int{{1, 7, 13}, {3, 5, 2}, {2, 1000, 999}, {5, 3, 4}} {
		for _, keep := range []func(uint32) bool{nil, func(id uint32) bool { return id%3 != 0 }} {
			p, qt, terms := titleCandidateLists(5000, steps)
			var want []uint32
			has := func(pl []corpus.Posting, id uint32) bool {
				_, ok := slices.BinarySearchFunc(pl, id, func(p corpus.Posting, id uint32) int { return int(p.Sentence) - int(id) })
				return ok
			}
			for _, h := range terms[0].postings {
				id := h.Sentence
				if (has(terms[1].postings, id) || has(terms[2].postings, id)) && (keep == nil || keep(id)) {
					want = append(want, id)
				}
			}
			for _, limit := range []int{16, len(want) + 1} {
				got := titleCandidates(p, qt, terms, keep, limit)
				if w := spread(want, limit); !slices.Equal(got, w) {
					t.Errorf("steps %v, keep %v, limit %d: got %d ids %v…, want %d %v…", steps, keep != nil, limit, len(got), got[:min(5, len(got))], len(w), w[:min(5, len(w))])
				}
			}
		}
	}
}

// BenchmarkTitleCandidates: a title word in 100k sentences of a big index,
// its modifier in 20k and 5k.
func BenchmarkTitleCandidates(b *testing.B) {
	p, qt, terms := titleCandidateLists(1_000_000, [3]int{10, 50, 200})
	b.ReportAllocs()
	for b.Loop() {
		titleCandidates(p, qt, terms, nil, maxTitleSentences)
	}
}
