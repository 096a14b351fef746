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
// corpus.LedeSentences sentences): an article's lede is dense with them, so
// most pairs that are not one report (above all the bench's varied copies,
// twenty to an answer) are told apart without their whole bodies. The
// features (corpus.ReportFeatures) come from the index when it keeps them
// (reportFeatureIndex; the store computes them when it indexes an
// article), else from the articles' text.
const (
	minReportShingles    = 30
	minReportContainment = 0.8
	maxReportDays        = 7
	// maxCachedDocs bounds the whole-article features kept between
	// answers, maxCachedLedes the ledes'.
	maxCachedDocs  = 512
	maxCachedLedes = 4096
)

// reportFeatureIndex is an Index that keeps each article's report features
// (store.DB does), so folding reads no text.
type reportFeatureIndex interface {
	// ReportFeatures returns the stored report features of the articles
	// with the given ids, by id, or with lede only their ledes'
	// (corpus.ReportFeatures.LedeOnly); articles without them are left
	// out.
	ReportFeatures(ctx context.Context, ids []string, lede bool) (map[string]corpus.ReportFeatures, error)
}

// docFeatures is what deciding a report needs of one article's body.
type docFeatures struct {
	shingles []uint32 // distinct, sorted; shared with the ReportFeatures
	// sentences are sorted by skeleton.
	sentences []corpus.SentenceFacts
	agency    string // the agency its text credits, or ""
}

// newDocFeatures is docFeatures from an article's report features, its
// lede's only when lede is set (no shingles, no agency).
func newDocFeatures(f corpus.ReportFeatures, lede bool) *docFeatures {
	d := &docFeatures{}
	sents := f.Sentences
	if lede {
		sents = sents[:f.Lede]
	} else {
		d.shingles, d.agency = f.Shingles, f.Agency
	}
	d.sentences = slices.Clone(sents)
	slices.SortFunc(d.sentences, func(a, b corpus.SentenceFacts) int { return cmp.Compare(a.Skeleton, b.Skeleton) })
	return d
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
	ledes   map[string]*docFeatures // their first corpus.LedeSentences body sentences
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
// ledes only: kept from earlier answers, stored in the index, or computed
// from the sentences of those not yet known. An article that has no stored
// features and that the index gives no span gets empty features, which
// match nothing. Errors come from the index.
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
		if _, ok := out[a.ID]; ok {
			continue
		}
		f, ok := cache[a.ID]
		if !ok {
			missing = append(missing, a)
		}
		out[a.ID] = f // nil for the missing, set below
	}
	st.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	found := make(map[string]*docFeatures, len(missing))
	if fi, ok := e.Index.(reportFeatureIndex); ok {
		ids := make([]string, len(missing))
		for i, a := range missing {
			ids[i] = a.ID
		}
		stored, err := fi.ReportFeatures(ctx, ids, lede)
		if err != nil {
			return nil, fmt.Errorf("read report features: %w", err)
		}
		for id, f := range stored {
			found[id] = newDocFeatures(f, lede)
		}
	}
	var ids []uint32
	for _, a := range missing {
		if found[a.ID] != nil {
			continue
		}
		n := a.SentenceCount
		if lede {
			// The headline comes first and does not count.
			n = min(n, corpus.LedeSentences+1)
		}
		for i := range n {
			if a.FirstSentence > 0 {
				ids = append(ids, a.FirstSentence+uint32(i))
			}
		}
	}
	if len(ids) > 0 {
		sents, err := e.Index.Sentences(ctx, ids)
		if err != nil {
			return nil, fmt.Errorf("read report texts: %w", err)
		}
		byArticle := make(map[string][]corpus.Sentence, len(missing))
		for _, s := range sents {
			byArticle[s.ArticleID] = append(byArticle[s.ArticleID], s.Sentence)
		}
		for _, a := range missing {
			if found[a.ID] == nil {
				found[a.ID] = textFeatures(byArticle[a.ID], lede)
			}
		}
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if len(cache)+len(missing) > limit {
		clear(cache)
	}
	for _, a := range missing {
		f := found[a.ID]
		if f == nil {
			f = &docFeatures{}
		}
		cache[a.ID] = f
		out[a.ID] = f
	}
	return out, nil
}

// textFeatures computes an article's features from its sentences in
// reading order, the first of them for a lede.
func textFeatures(sents []corpus.Sentence, lede bool) *docFeatures {
	if lede {
		return newDocFeatures(corpus.LedeFeatures(sents), true)
	}
	return newDocFeatures(corpus.NewReportFeatures(sents), false)
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
func factsDiffer(a, b []corpus.SentenceFacts) bool {
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].Skeleton < b[j].Skeleton:
			i++
		case a[i].Skeleton > b[j].Skeleton:
			j++
		default:
			// Repeated skeletons: any pairing with equal facts counts as
			// agreement, so compare the runs as sets.
			ie, je := i, j
			for ie < len(a) && a[ie].Skeleton == a[i].Skeleton {
				ie++
			}
			for je < len(b) && b[je].Skeleton == b[j].Skeleton {
				je++
			}
			for _, x := range a[i:ie] {
				if !slices.ContainsFunc(b[j:je], func(y corpus.SentenceFacts) bool { return !conflictingHashes(x.Facts, y.Facts) }) {
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
