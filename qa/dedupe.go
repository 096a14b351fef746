package qa

import (
	"slices"
	"strings"

	"storybot/corpus"
)

// signature is the set of stems that identifies a sentence for
// near-duplicate detection: those of its quotation when it has one, since
// outlets quote the same words inside different framing ("she added",
// "Sheinbaum told reporters"), else those of the whole sentence. Stop
// words count: "is not for sale" is most of a short quotation.
//
// It is kept as the sorted distinct stems: comparing two is then one merge,
// where sets as maps cost a hash lookup per stem (Ask compares every cited
// sentence with every candidate).
type signature []string

// Near-duplicate test: the smaller signature must hold at least
// minSignature stems, and this share of them must be in the larger one.
const (
	minSignature     = 4
	minContainment   = 0.8
	maxSignatureSize = 200
)

func quoteSignature(text string, toks []corpus.Token) signature {
	lo, hi := quotedPart(text)
	all := make([]string, 0, len(toks))
	var quoted []string
	for _, t := range toks {
		if t.Stem == "" || !hasLetterOrDigit(t.Text) {
			continue
		}
		all = append(all, t.Stem)
		if t.Start >= lo && t.End <= hi {
			quoted = append(quoted, t.Stem)
		}
	}
	sortedAll := sortedSet(slices.Clone(all))
	if len(sortedAll) >= maxSignatureSize {
		// Only the first maxSignatureSize distinct stems count, in
		// reading order, and quoted ones only among them.
		return cappedSignature(text, toks, lo, hi)
	}
	if q := sortedSet(quoted); len(q) >= minSignature {
		return q
	}
	return sortedAll
}

// sortedSet sorts ss and drops repeats, in place.
func sortedSet(ss []string) signature {
	slices.Sort(ss)
	return slices.Compact(ss)
}

// cappedSignature is quoteSignature for sentences with more than
// maxSignatureSize distinct stems or more.
func cappedSignature(text string, toks []corpus.Token, lo, hi int) signature {
	seen := make(map[string]bool)
	var all, quoted []string
	for _, t := range toks {
		if t.Stem == "" || !hasLetterOrDigit(t.Text) || len(seen) >= maxSignatureSize {
			continue
		}
		if !seen[t.Stem] {
			seen[t.Stem] = true
			all = append(all, t.Stem)
		}
		if t.Start >= lo && t.End <= hi {
			quoted = append(quoted, t.Stem)
		}
	}
	if q := sortedSet(quoted); len(q) >= minSignature {
		return q
	}
	return sortedSet(all)
}

// quotedPart returns the byte span from the first opening quotation mark
// to the last closing one, or to the end when a sentence split cut the
// quotation; (0, 0) when there is none.
func quotedPart(text string) (int, int) {
	open := strings.IndexAny(text, "\"“«")
	if open < 0 {
		return 0, 0
	}
	closeAt := strings.LastIndexAny(text[open+1:], "\"”»")
	if closeAt < 0 {
		return open, len(text)
	}
	return open, open + 1 + closeAt
}

// nearDuplicate reports whether two signatures carry the same words: most
// of the smaller one is in the larger one.
func nearDuplicate(a, b signature) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) < minSignature {
		return false
	}
	return float64(common(a, b)) >= minContainment*float64(len(a))
}

// sentenceSig is what decides whether two outlets carry the same sentence:
// its quote-or-whole signature and the distinct stems of the whole
// sentence.
type sentenceSig struct {
	quote, whole signature
	// facts are the sentence's names and figures (factWords).
	facts signature
	// cut is set when the sentence's quotation runs on past its end: the
	// splitter cut a quotation of several sentences.
	cut bool
}

func newSentenceSig(text string, toks []corpus.Token) sentenceSig {
	lo, hi := quotedPart(text)
	sig := sentenceSig{facts: sortedSet(factWords(text, nil)), cut: hi > lo && hi == len(text)}
	// One pass gives both signatures, as quoteSignature would.
	all := make([]string, 0, len(toks))
	var quoted []string
	for _, t := range toks {
		if t.Stem == "" || !hasLetterOrDigit(t.Text) {
			continue
		}
		all = append(all, t.Stem)
		if t.Start >= lo && t.End <= hi {
			quoted = append(quoted, t.Stem)
		}
	}
	sig.whole = sortedSet(all)
	if len(sig.whole) >= maxSignatureSize {
		sig.quote, sig.whole = cappedSignature(text, toks, lo, hi), cappedSignature(text, toks, 0, 0)
		return sig
	}
	sig.quote = sig.whole
	if q := sortedSet(quoted); len(q) >= minSignature {
		sig.quote = q
	}
	return sig
}

// factWords is corpus.FactWords: the words of text that carry its facts,
// lower-cased, appended to dst.
func factWords(text string, dst []string) []string {
	return corpus.FactWords(text, dst)
}

// conflicting reports whether each of two fact sets holds a fact the other
// lacks: a name or figure swapped, not one sentence naming more.
func conflicting(a, b signature) bool {
	n := common(a, b)
	return n < len(a) && n < len(b)
}

// Same-sentence test (also_in). The thresholds were set on pairs of
// sentences from different outlets in ../shared/data/news-clusters,
// judged by hand (testdata/also_in_judged.json): at 0.75 for the whole
// sentence, rewrites that change a fact ("images of the wreckage … engulfed
// in flames" against "images of the aftermath of the crash") fall below;
// the same quotation needs the sentences to share 0.6 of their stems and
// neither to hold more than maxFramingStems the other lacks, so a
// quotation followed by "adding that …" and a new fact does not pass.
const (
	minSameStems      = 5
	minSameWhole      = 0.75
	minSameQuote      = 0.8
	minSameQuoteWhole = 0.6
	maxFramingStems   = 8
)

// sameSentence reports whether two sentences are the same or nearly the
// same sentence: nearly the same words, or the same quotation in nearly the
// same framing. Unlike nearDuplicate it is symmetric in what it claims: a
// short sentence whose words all occur in a long one is not the long one
// ("Apple removes Telegram from app store" is not the sentence about
// Theresa May that mentions both).
func sameSentence(a, b sentenceSig) bool {
	if conflicting(a.facts, b.facts) {
		return false
	}
	shared := common(a.whole, b.whole)
	whole := 0.0
	if len(a.whole) >= minSameStems && len(b.whole) >= minSameStems {
		whole = float64(shared) / float64(len(a.whole)+len(b.whole)-shared)
	}
	if whole >= minSameWhole {
		return true
	}
	// The same quotation counts when neither sentence's framing says
	// much the other's does not: an attribution, not a new fact.
	if whole < minSameQuoteWhole || len(a.whole)-shared > maxFramingStems || len(b.whole)-shared > maxFramingStems {
		return false
	}
	if jaccard(a.quote, b.quote, minSameStems) >= minSameQuote {
		return true
	}
	// The first sentence of a quotation the splitter cut is the same
	// statement as the whole quotation in one sentence elsewhere.
	cut := (a.cut && len(a.quote) <= len(b.quote)) || (b.cut && len(b.quote) <= len(a.quote))
	return cut && min(len(a.quote), len(b.quote)) >= minSameStems && nearDuplicate(a.quote, b.quote)
}

// jaccard is the share of the two signatures' stems they have in common,
// or 0 when either holds fewer than minStems.
func jaccard(a, b signature, minStems int) float64 {
	if len(a) < minStems || len(b) < minStems {
		return 0
	}
	shared := common(a, b)
	return float64(shared) / float64(len(a)+len(b)-shared)
}

// common counts the stems two signatures share.
func common(a, b signature) int {
	shared := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			shared++
			i++
			j++
		}
	}
	return shared
}
