package qa

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"storybot/corpus"
)

// A report is one story as written once and carried by several outlets:
// three outlets running one AP story are one report. Ask shows such a
// report once, from its best-ranked article, naming the others in
// SourceAnswer.CarriedBy.
//
// Two articles are one report when
//   - the smaller one's body is nearly all in the larger: at least
//     minReportContainment of its word 5-grams. In news-clusters the wire
//     copies (AP, Reuters and NYT stories run by other outlets, and shorter
//     and longer versions of one AP story) share 0.82 to 1.0; below 0.8 come
//     an agency's rewritten versions (Goldman Sachs 0.78, Erie 0.77) and
//     outlets' own stories built around wire paragraphs (0.62 and less);
//   - no sentence of one stands in the other with other names or figures
//     (the same words around them, the names and figures differing): an
//     update with a new death toll is a new report, and the bench's varied
//     copies change names and figures;
//   - they were published within maxReportDays of each other, when both
//     say when: a wire story runs everywhere within a day or two.
//
// The names and figures are checked first on the ledes alone (the first
// ledeSentences sentences, read and cached apart): an article's lede is
// dense with them, so most pairs that are not one report (above all the
// bench's varied copies, twenty to an answer) are told apart without
// reading whole articles.
const (
	reportShingle        = 5
	minReportShingles    = 30
	minReportContainment = 0.8
	maxReportDays        = 7
	ledeSentences        = 6
	// maxCachedDocs bounds the whole-article features kept between
	// answers, maxCachedLedes the ledes'.
	maxCachedDocs  = 512
	maxCachedLedes = 4096
)

// docFeatures is what deciding a report needs of one article's body.
type docFeatures struct {
	shingles []uint32 // distinct hashes of the body's word 5-grams, sorted
	// sentences are its sentences as hashes of their words with the names
	// and figures left out, each with the hashes of those, sorted by the
	// first.
	sentences []sentenceFacts
	agency    string // the agency its text credits, or ""
}

type sentenceFacts struct {
	skeleton uint32
	facts    []uint32 // sorted, distinct
}

// reportCache holds the Engine's current *reportState, like quoteCache.
type reportCache struct{ v atomic.Value }

// reportState is the article features computed for one version of an
// index.
type reportState struct {
	index   Index
	version uint64
	mu      sync.Mutex
	docs    map[string]*docFeatures // whole articles
	ledes   map[string]*docFeatures // their first ledeSentences sentences
}

// reportState returns the state for the index's current version, a fresh
// one when the version changed; an index that cannot say its version gets
// a state of its own per answer.
func (e *Engine) reportState() *reportState {
	v, ok := e.Index.(Versioned)
	if !ok {
		return &reportState{index: e.Index, docs: map[string]*docFeatures{}, ledes: map[string]*docFeatures{}}
	}
	ver := v.Version()
	if st, ok := e.reportCache.v.Load().(*reportState); ok && st.index == e.Index && st.version == ver {
		return st
	}
	st := &reportState{index: e.Index, version: ver, docs: map[string]*docFeatures{}, ledes: map[string]*docFeatures{}}
	e.reportCache.v.Store(st)
	return st
}

// features returns the features of the given articles, whole or their
// ledes only, reading the sentences of those not yet known. An article the
// index gives no span gets empty features, which match nothing. Errors come
// from the index.
func (e *Engine) features(ctx context.Context, arts []corpus.Article, lede bool) (map[string]*docFeatures, error) {
	st := e.reportState()
	cache, limit := st.docs, maxCachedDocs
	if lede {
		cache, limit = st.ledes, maxCachedLedes
	}
	out := make(map[string]*docFeatures, len(arts))
	var missing []corpus.Article
	st.mu.Lock()
	for _, a := range arts {
		if f, ok := cache[a.ID]; ok {
			out[a.ID] = f
		} else if !slices.ContainsFunc(missing, func(m corpus.Article) bool { return m.ID == a.ID }) {
			missing = append(missing, a)
		}
	}
	st.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	var ids []uint32
	for _, a := range missing {
		n := a.SentenceCount
		if lede {
			// The headline comes first and does not count.
			n = min(n, ledeSentences+1)
		}
		for i := range n {
			if a.FirstSentence > 0 {
				ids = append(ids, a.FirstSentence+uint32(i))
			}
		}
	}
	sents, err := e.Index.Sentences(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("read report texts: %w", err)
	}
	byArticle := make(map[string][]corpus.IndexedSentence, len(missing))
	for _, s := range sents {
		byArticle[s.ArticleID] = append(byArticle[s.ArticleID], s)
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if len(cache)+len(missing) > limit {
		clear(cache)
	}
	for _, a := range missing {
		f := buildDocFeatures(byArticle[a.ID], !lede)
		cache[a.ID] = f
		out[a.ID] = f
	}
	return out, nil
}

// newDocFeatures computes the features of an article's body (the headline
// left out: outlets write their own). Words are split and lower-cased
// plainly: matching text needs no stems, and the analyzer costs more.
func newDocFeatures(sents []corpus.IndexedSentence) *docFeatures {
	return buildDocFeatures(sents, true)
}

// buildDocFeatures is newDocFeatures; without whole it leaves out the
// shingles and the agency, which a lede's features are never asked for
// and which cost most of the work.
func buildDocFeatures(sents []corpus.IndexedSentence, whole bool) *docFeatures {
	f := &docFeatures{}
	var facts []string
	// The body's words, lower-cased as strings.ToLower does, one after
	// another in low, each ending at its ends entry: no string per word.
	var low []byte
	var ends []int
	for _, s := range sents {
		if s.Paragraph == 0 {
			continue
		}
		facts = factWords(s.Text, facts[:0])
		sk := uint32(fnvOffset32)
		var fs []uint32
		text := s.Text
		// The words are strings.FieldsFunc's fields on anything but a
		// letter or digit, walked without building the slice.
		for i := 0; i < len(text); {
			size, ok := wordRune(text[i:])
			if !ok {
				i += size
				continue
			}
			j, ascii := i+size, size == 1
			for j < len(text) {
				s2, ok := wordRune(text[j:])
				if !ok {
					break
				}
				ascii = ascii && s2 == 1
				j += s2
			}
			if !whole {
				low = low[:0]
			}
			from := len(low)
			if ascii {
				for k := i; k < j; k++ {
					c := text[k]
					if 'A' <= c && c <= 'Z' {
						c += 'a' - 'A'
					}
					low = append(low, c)
				}
			} else {
				low = append(low, strings.ToLower(text[i:j])...)
			}
			if whole {
				ends = append(ends, len(low))
			}
			i = j
			w := low[from:]
			if isFact(facts, w) {
				fs = append(fs, fnvBytes(fnvOffset32, w))
			} else {
				sk = fnvByte(fnvBytes(sk, w), 0)
			}
		}
		slices.Sort(fs)
		f.sentences = append(f.sentences, sentenceFacts{sk, slices.Compact(fs)})
		if whole && f.agency == "" {
			f.agency = corpus.Agency(s.Text)
		}
	}
	if len(ends) >= reportShingle {
		f.shingles = make([]uint32, 0, len(ends)-reportShingle+1)
	}
	for i := 0; i+reportShingle <= len(ends); i++ {
		h := uint32(fnvOffset32)
		from := 0
		if i > 0 {
			from = ends[i-1]
		}
		for _, to := range ends[i : i+reportShingle] {
			h = fnvByte(fnvBytes(h, low[from:to]), 0)
			from = to
		}
		f.shingles = append(f.shingles, h)
	}
	slices.Sort(f.shingles)
	f.shingles = slices.Compact(f.shingles)
	slices.SortFunc(f.sentences, func(a, b sentenceFacts) int { return cmp.Compare(a.skeleton, b.skeleton) })
	return f
}

// wordRune returns the size of the rune s starts with and whether it is a
// letter or digit, deciding ASCII without decoding.
func wordRune(s string) (size int, ok bool) {
	if c := s[0]; c < utf8.RuneSelf {
		return 1, 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	r, size := utf8.DecodeRuneInString(s)
	return size, unicode.IsLetter(r) || unicode.IsDigit(r)
}

// isFact reports whether the lower-cased word is one of facts.
func isFact(facts []string, w []byte) bool {
	for _, f := range facts {
		if f == string(w) {
			return true
		}
	}
	return false
}

// FNV-1a, 32 bits, as hash/fnv's New32a computes it, without its interface
// and the []byte each Write needs.
const (
	fnvOffset32 = 2166136261
	fnvPrime32  = 16777619
)

func fnvBytes(h uint32, b []byte) uint32 {
	for _, c := range b {
		h ^= uint32(c)
		h *= fnvPrime32
	}
	return h
}

func fnvByte(h uint32, b byte) uint32 {
	return (h ^ uint32(b)) * fnvPrime32
}

// sameReport reports whether two articles are one report (see the
// constants above).
func sameReport(a, b *docFeatures, pa, pb string) bool {
	if len(a.shingles) > len(b.shingles) {
		a, b = b, a
	}
	if len(a.shingles) < minReportShingles {
		return false
	}
	if float64(commonSorted(a.shingles, b.shingles)) < minReportContainment*float64(len(a.shingles)) {
		return false
	}
	return !factsDiffer(a.sentences, b.sentences) && publishedTogether(pa, pb)
}

// publishedTogether reports whether two articles were published within
// maxReportDays of each other, or either does not say when.
func publishedTogether(pa, pb string) bool {
	da, errA := time.Parse(time.DateOnly, prefix(pa, len(time.DateOnly)))
	db, errB := time.Parse(time.DateOnly, prefix(pb, len(time.DateOnly)))
	if errA != nil || errB != nil {
		return true
	}
	d := da.Sub(db)
	return d <= maxReportDays*24*time.Hour && d >= -maxReportDays*24*time.Hour
}

func prefix(s string, n int) string {
	if len(s) < n {
		return s
	}
	return s[:n]
}

// factsDiffer reports whether a sentence stands in both with the same
// words around other names or figures: each has one the other lacks (one
// naming more, as a dateline does, is no difference).
func factsDiffer(a, b []sentenceFacts) bool {
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].skeleton < b[j].skeleton:
			i++
		case a[i].skeleton > b[j].skeleton:
			j++
		default:
			// Repeated skeletons: any pairing with equal facts counts as
			// agreement, so compare the runs as sets.
			ie, je := i, j
			for ie < len(a) && a[ie].skeleton == a[i].skeleton {
				ie++
			}
			for je < len(b) && b[je].skeleton == b[j].skeleton {
				je++
			}
			for _, x := range a[i:ie] {
				if !slices.ContainsFunc(b[j:je], func(y sentenceFacts) bool { return !conflictingHashes(x.facts, y.facts) }) {
					return true
				}
			}
			i, j = ie, je
		}
	}
	return false
}

// conflictingHashes is conflicting over hashed facts.
func conflictingHashes(a, b []uint32) bool {
	n := commonSorted(a, b)
	return n < len(a) && n < len(b)
}

// commonSorted counts the values two sorted sets share.
func commonSorted(a, b []uint32) int {
	n := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// citesSame reports whether each of two sources carries every sentence the
// other cites, as also_in found them.
func citesSame(a, b SourceAnswer) bool {
	for _, c := range a.Sentences {
		if !slices.Contains(c.AlsoIn, b.Source.ID) {
			return false
		}
	}
	for _, c := range b.Sentences {
		if !slices.Contains(c.AlsoIn, a.Source.ID) {
			return false
		}
	}
	return true
}

// foldReports shows each report once: a source that cites what a better
// one cites, and whose article is the same report, becomes one of the
// better one's CarriedBy. Only sources that cite the same sentences are
// compared as texts, so most answers read nothing more. Order is kept.
// Errors come from the index.
func (e *Engine) foldReports(ctx context.Context, sources []SourceAnswer) ([]SourceAnswer, error) {
	type pair struct{ a, b string }
	var candidates []corpus.Article
	var pairs []pair
	for i := range sources {
		for j := i + 1; j < len(sources); j++ {
			a, b := sources[i].Source, sources[j].Source
			if citesSame(sources[i], sources[j]) && publishedTogether(a.Published, b.Published) {
				candidates = append(candidates, a, b)
				pairs = append(pairs, pair{a.ID, b.ID})
			}
		}
	}
	if len(candidates) == 0 {
		return sources, nil
	}
	ledes, err := e.features(ctx, candidates, true)
	if err != nil {
		return nil, err
	}
	candidates = candidates[:0]
	alike := make(map[pair]bool, len(pairs))
	for _, p := range pairs {
		if la, lb := ledes[p.a], ledes[p.b]; la != nil && lb != nil && !factsDiffer(la.sentences, lb.sentences) {
			alike[p] = true
			for _, s := range sources {
				if s.Source.ID == p.a || s.Source.ID == p.b {
					candidates = append(candidates, s.Source)
				}
			}
		}
	}
	if len(candidates) == 0 {
		return sources, nil
	}
	feats, err := e.features(ctx, candidates, false)
	if err != nil {
		return nil, err
	}
	out := make([]SourceAnswer, 0, len(sources))
	for _, s := range sources {
		folded := false
		for i := range out {
			r := &out[i]
			fr, fs := feats[r.Source.ID], feats[s.Source.ID]
			if !alike[pair{r.Source.ID, s.Source.ID}] || fr == nil || fs == nil || !citesSame(*r, s) ||
				!sameReport(fr, fs, r.Source.Published, s.Source.Published) {
				continue
			}
			r.CarriedBy = append(r.CarriedBy, s.Source)
			folded = true
			break
		}
		if !folded {
			out = append(out, s)
		}
	}
	for i := range out {
		if len(out[i].CarriedBy) == 0 {
			continue
		}
		for _, a := range append([]corpus.Article{out[i].Source}, out[i].CarriedBy...) {
			if f := feats[a.ID]; f != nil && f.agency != "" {
				out[i].Agency = f.agency
				break
			}
		}
	}
	return out, nil
}

// Name is how a citation names the source: its outlet, or for a report
// several outlets carry, each of them after the agency its text credits
// ("AP, via nytimes.com, washingtonpost.com").
func (s SourceAnswer) Name() string {
	if len(s.CarriedBy) == 0 {
		return s.Source.Name()
	}
	names := []string{s.Source.Name()}
	for _, a := range s.CarriedBy {
		if n := a.Name(); !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	if s.Agency == "" {
		return strings.Join(names, ", ")
	}
	// The agency's own copy is not a "via": "AP, via nytimes.com", never
	// "AP, via AP, nytimes.com".
	names = slices.DeleteFunc(names, func(n string) bool { return strings.EqualFold(n, s.Agency) })
	if len(names) == 0 {
		return s.Agency
	}
	return s.Agency + ", via " + strings.Join(names, ", ")
}
