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
	return float64(shared) >= minContainment*float64(len(a))
}
