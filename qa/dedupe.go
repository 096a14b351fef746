package qa

import (
	"strings"

	"storybot/corpus"
)

// signature is the set of stems that identifies a sentence for
// near-duplicate detection: those of its quotation when it has one, since
// outlets quote the same words inside different framing ("she added",
// "Sheinbaum told reporters"), else those of the whole sentence. Stop
// words count: "is not for sale" is most of a short quotation.
type signature map[string]struct{}

// Near-duplicate test: the smaller signature must hold at least
// minSignature stems, and this share of them must be in the larger one.
const (
	minSignature     = 4
	minContainment   = 0.8
	maxSignatureSize = 200
)

func quoteSignature(text string, toks []corpus.Token) signature {
	lo, hi := quotedPart(text)
	all := make(signature)
	quoted := make(signature)
	for _, t := range toks {
		if t.Stem == "" || !hasLetterOrDigit(t.Text) || len(all) >= maxSignatureSize {
			continue
		}
		all[t.Stem] = struct{}{}
		if t.Start >= lo && t.End <= hi {
			quoted[t.Stem] = struct{}{}
		}
	}
	if len(quoted) >= minSignature {
		return quoted
	}
	return all
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
	shared := 0
	for s := range a {
		if _, ok := b[s]; ok {
			shared++
		}
	}
	return float64(shared) >= minContainment*float64(len(a))
}
