package qa

import (
	"context"
	"fmt"
	"slices"
)

// maxQuoteTail is how many sentences after a cited one are read to close
// the quotation it opens; a quotation longer than that is left cut rather
// than cited as a wall of text.
const maxQuoteTail = 3

// completeQuotations cites, after each cited sentence that opens a
// quotation it does not close ("She added: “Sovereignty is not for
// sale."), the next sentences of its paragraph up to the one that closes
// it, so the reader sees the quotation whole and Passages joins it. The
// rest of a quotation is usually found anyway when it shares the
// question's words; a reason, a stance or a figure found by other means
// (the why step, the differ's own reading) would otherwise be cited cut
// off. Errors come from the index.
func (e *Engine) completeQuotations(ctx context.Context, r *retrieval, sources []SourceAnswer) ([]SourceAnswer, error) {
	type open struct {
		source, at int
		next       uint32
	}
	var opens []open
	var ids []uint32
	for si, src := range sources {
		for ci, c := range src.Sentences {
			if !openQuote(c.Text) || cites(src.Sentences, c.Paragraph, c.Sentence+1) {
				continue
			}
			i := slices.IndexFunc(r.ranked, func(k candidate) bool {
				return k.ArticleID == src.Source.ID && k.Paragraph == c.Paragraph && k.Index == c.Sentence
			})
			if i < 0 {
				continue
			}
			id := r.ranked[i].ID
			opens = append(opens, open{si, ci, id + 1})
			for d := uint32(1); d <= maxQuoteTail; d++ {
				ids = append(ids, id+d)
			}
		}
	}
	if len(opens) == 0 {
		return sources, nil
	}
	sents, err := e.Index.Sentences(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("read the rest of a quotation: %w", err)
	}
	byID := make(map[uint32]int, len(sents))
	for i, s := range sents {
		byID[s.ID] = i
	}
	// Later insertions first, so the positions of earlier ones hold.
	slices.SortFunc(opens, func(a, b open) int {
		if a.source != b.source {
			return a.source - b.source
		}
		return b.at - a.at
	})
	for _, o := range opens {
		src := &sources[o.source]
		first := src.Sentences[o.at]
		text := first.Text
		var tail []Cited
		for d := uint32(0); d < maxQuoteTail && openQuote(text); d++ {
			i, ok := byID[o.next+d]
			if !ok {
				break
			}
			s := sents[i]
			if s.ArticleID != src.Source.ID || s.Paragraph != first.Paragraph || cites(src.Sentences, s.Paragraph, s.Index) {
				break
			}
			text += " " + s.Text
			tail = append(tail, Cited{Text: s.Text, Paragraph: s.Paragraph, Sentence: s.Index, Score: first.Score})
		}
		if openQuote(text) || len(tail) == 0 {
			// Never closed within reach: the cited sentence stands alone
			// rather than with part of the rest.
			continue
		}
		src.Sentences = slices.Insert(src.Sentences, o.at+1, tail...)
	}
	return sources, nil
}

// cites reports whether cs holds the sentence at paragraph p, index s.
func cites(cs []Cited, p, s int) bool {
	return slices.ContainsFunc(cs, func(c Cited) bool { return c.Paragraph == p && c.Sentence == s })
}
