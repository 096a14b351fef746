package qa

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sort"
	"testing"

	"storybot/corpus"
)

// quotesReference is Engine.Quotes as first written: every quotation and
// article read, speakers grouped and every quotation analysed per request.
// The cached Quotes must answer exactly as it does.
func (e *Engine) quotesReference(ctx context.Context, speaker, topic string, limit int) ([]QuoteHit, error) {
	if e.QuoteIndex == nil {
		return nil, errNoQuoteIndex
	}
	quotes, err := e.QuoteIndex.Quotes(ctx)
	if err != nil {
		return nil, fmt.Errorf("load quotes: %w", err)
	}
	sources, err := e.allSourcesReference(ctx)
	if err != nil {
		return nil, err
	}

	canonical := map[string]string{} // Quote.Speaker → group name
	wanted := map[string]bool{}      // group names matching speaker
	for _, g := range corpus.Speakers(quotes) {
		for _, n := range g.Names {
			canonical[n] = g.Name
		}
		if speaker != "" && corpus.MatchSpeaker(g, speaker) {
			wanted[g.Name] = true
		}
	}

	var hits []QuoteHit
	for _, q := range quotes {
		if q.Speaker != "" {
			q.Speaker = canonical[q.Speaker]
		}
		if speaker != "" && !wanted[q.Speaker] {
			continue
		}
		hits = append(hits, QuoteHit{Quote: q, Source: sources[q.ArticleID]})
	}

	if terms := e.topicTerms(topic); len(terms) > 0 {
		hits = e.rankQuotesReference(hits, terms)
	}
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	e.logger().Debug("find quotes", "speaker", speaker, "topic", topic, "hits", len(hits))
	return hits, nil
}

func (e *Engine) allSourcesReference(ctx context.Context) (map[string]corpus.Article, error) {
	out := map[string]corpus.Article{}
	if e.Index == nil {
		return out, nil
	}
	articles, err := e.Index.Articles(ctx)
	if err != nil {
		return nil, fmt.Errorf("load articles: %w", err)
	}
	for _, a := range articles {
		a.Sentences = nil
		out[a.ID] = a
	}
	return out, nil
}

func (e *Engine) rankQuotesReference(hits []QuoteHit, terms []string) []QuoteHit {
	const k1, b = 1.2, 0.75
	an := e.analyzer()
	tfs := make([]map[string]int, len(hits))
	lengths := make([]int, len(hits))
	df := map[string]int{}
	total := 0
	for i, h := range hits {
		lang := h.Source.Language
		if lang == "" {
			lang = e.language()
		}
		tf := map[string]int{}
		for _, t := range an.Terms(h.Text, lang) {
			tf[t]++
			lengths[i]++
		}
		for t := range tf {
			df[t]++
		}
		tfs[i] = tf
		total += lengths[i]
	}
	n := float64(len(hits))
	avg := math.Max(float64(total)/math.Max(n, 1), 1)
	var out []QuoteHit
	for i, h := range hits {
		score := 0.0
		for _, t := range terms {
			tf := float64(tfs[i][t])
			if tf == 0 {
				continue
			}
			d := float64(df[t])
			idf := math.Log(1 + (n-d+0.5)/(d+0.5))
			score += idf * tf * (k1 + 1) / (tf + k1*(1-b+b*float64(lengths[i])/avg))
		}
		if score > 0 {
			h.Score = score
			out = append(out, h)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}

// versionedQuoteFake is quoteFake saying when its content changes, so the
// Engine caches its quotation state.
type versionedQuoteFake struct {
	quoteFake
	version uint64
}

func (f *versionedQuoteFake) Version() uint64 { return f.version }

func TestQuotesMatchReference(t *testing.T) {
	ctx := context.Background()
	plain, fake := newQuoteEngine(t)
	// Every sentence quoted a second time by a made-up speaker in another
	// article, so the topics rank among many quotations.
	for i, q := range slices.Clone(fake.quotes) {
		q.ArticleID = fake.articles[i%len(fake.articles)].ID
		q.Speaker = []string{"Ana Ruiz", "Ruiz", "police", "", "Marco Ugarte"}[i%5]
		fake.quotes = append(fake.quotes, q)
	}
	versioned := &versionedQuoteFake{quoteFake: *fake, version: 1}
	cached := &Engine{Index: versioned, QuoteIndex: versioned, Analyzer: plain.Analyzer}
	speakers := []string{"", " ", "sheinbaum", "SHEINB", "claudia", "ruiz", "ana ruiz", "police", "nobody", "u", "white house"}
	topics := []string{"", "troops", "border troops united states", "the", "tariffs economies", `"*" OR NEAR(`, "nothing matches xyzzy"}
	for _, sp := range speakers {
		for _, topic := range topics {
			for _, limit := range []int{0, 1, 3} {
				want, err := plain.quotesReference(ctx, sp, topic, limit)
				if err != nil {
					t.Fatal(err)
				}
				for name, e := range map[string]*Engine{"uncached": plain, "cached": cached} {
					got, err := e.Quotes(ctx, sp, topic, limit)
					if err != nil {
						t.Fatal(err)
					}
					if len(got) == 0 && len(want) == 0 {
						continue
					}
					if !reflect.DeepEqual(got, want) {
						t.Errorf("%s Quotes(%q, %q, %d) differs from the reference:\ngot  %v\nwant %v", name, sp, topic, limit, got, want)
					}
				}
			}
		}
	}

	// A new version is seen; the old state is not served.
	versioned.quotes = append(slices.Clone(versioned.quotes), corpus.Quote{ArticleID: fake.articles[0].ID, Paragraph: 9, Sentence: 1, Speaker: "Zed Newcomer", Text: "Brand new words."})
	if got, _ := cached.Quotes(ctx, "zed", "", 0); len(got) != 0 {
		t.Errorf("same version: Quotes(zed) = %v, want the cached state (none)", got)
	}
	versioned.version++
	if got, _ := cached.Quotes(ctx, "zed", "brand", 0); len(got) != 1 || got[0].Speaker != "Zed Newcomer" {
		t.Errorf("new version: Quotes(zed, brand) = %v, want the new quotation", got)
	}
}
