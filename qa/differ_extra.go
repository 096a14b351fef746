package qa

import (
	"slices"
	"strings"
	"time"
)

// Retrieval cites each source's sentences that best match the question's
// words, which for "how many died" is often the lede's "a truck plowed
// into a crowd" rather than the later sentence giving the toll. To compare
// what the sources say, a source whose cited sentences hold no answer of
// the kind asked about what is asked gets its best other re-ranked
// sentence that does, cited after its own (in place of its last when it
// already cites maxPerSource), so every compared value links to a
// sentence the answer shows and the first cited sentence is unchanged.

// extraRelevance is the share of the question's weight a sentence must
// hold to be cited for its figure or date: lower than
// citing's own bar, since the span it holds is evidence too.
const extraRelevance = 0.45

// citeAnswerSpans returns sources with, for each that has no answer span
// about the question in its cited sentences, its best re-ranked candidate
// that has one appended (see above). sources are not modified.
func citeAnswerSpans(r *retrieval, sources []SourceAnswer) []SourceAnswer {
	switch r.q.want {
	// Not for places and people: a name in a sentence picked for holding
	// one is as often another place or person as the answer (a crew's
	// nationality, a witness), and a false "Sources differ" misleads more
	// than a missed one.
	case wantNumber, wantDate:
	default:
		return sources
	}
	if len(sources) < 2 || len(r.ranked) == 0 {
		return sources
	}
	f := questionFocus(&r.q)
	kinds := kindsFor(r.q.want)
	var out []SourceAnswer
	for i, src := range sources {
		pub, _ := publishedTime(src.Source.Published)
		if slices.ContainsFunc(src.Sentences, func(c Cited) bool {
			return hasAnswerSpan(c.Text, kinds, pub, src.Source.Language, f)
		}) {
			continue
		}
		for _, c := range r.ranked {
			if c.ArticleID != src.Source.ID || c.coverage < extraRelevance*r.minCoverage ||
				slices.ContainsFunc(src.Sentences, func(x Cited) bool { return x.Paragraph == c.Paragraph && x.Sentence == c.Index }) ||
				!hasAnswerSpan(c.Text, kinds, pub, src.Source.Language, f) {
				continue
			}
			if out == nil {
				out = slices.Clone(sources)
			}
			extra := Cited{Text: c.Text, Paragraph: c.Paragraph, Sentence: c.Index, Score: c.score}
			for _, o := range r.ranked {
				if o.ArticleID != c.ArticleID && o.Text == c.Text && !slices.Contains(extra.AlsoIn, o.ArticleID) {
					extra.AlsoIn = append(extra.AlsoIn, o.ArticleID)
				}
			}
			slices.Sort(extra.AlsoIn)
			cited := slices.Clip(slices.Clone(src.Sentences))
			if len(cited) >= maxPerSource {
				// The last, least relevant citation gives way: a source
				// cites at most maxPerSource sentences, the first kept.
				cited = cited[:maxPerSource-1]
			}
			out[i].Sentences = append(cited, extra)
			break
		}
	}
	if out == nil {
		return sources
	}
	return out
}

// hasAnswerSpan reports whether text holds a span of kinds about what f
// asks, as findDifferences would read it.
func hasAnswerSpan(text string, kinds [numSpanKinds]bool, pub time.Time, lang string, f differFocus) bool {
	lower := strings.ToLower(text)
	toks := tokenizeLower(text, lower)
	// The cheap test first: most sentences hold no span about the focus.
	bg := -1
	for _, s := range spansOf(text, toks, kinds, pub, lang) {
		if !f.about(toks, s) {
			continue
		}
		if s.kind == kindNumber {
			if bg < 0 {
				bg = 0
				if background(lower, toks, pub) {
					bg = 1
				}
			}
			if bg == 1 {
				continue
			}
		}
		return !captionLike(lower)
	}
	return false
}
