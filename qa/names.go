package qa

import (
	"context"
	"fmt"

	"storybot/corpus"
)

// compound is a question word the index may hold as two adjacent words:
// "airline" written "Delta Air Lines", "weekend" as "week end". term is
// its position in queryTerms.
type compound struct {
	first, second string // stems of the two parts, in order
	term          int
}

// compoundFactor is how much the two-word form counts for the question's
// one word: the same thing, written apart.
const compoundFactor = 0.9

// minCompoundPart is the shortest part a question word is split into:
// shorter ones ("a", "in", "on") split too many words that are not
// compounds.
const minCompoundPart = 3

// compoundSplits are the ways an English question word of the form
// analysed by an splits into two known English words, as the stems of
// the parts. Only words of two parts of minCompoundPart letters or more
// are tried, and parts that are stop words are not taken: "without" is
// not "with" and "out".
func compoundSplits(an *corpus.Analyzer, word, lang string) [][2]string {
	if lang != "en" || len(word) < 2*minCompoundPart {
		return nil
	}
	var out [][2]string
	for p := minCompoundPart; p <= len(word)-minCompoundPart; p++ {
		a, b := an.Terms(word[:p], lang), an.Terms(word[p:], lang)
		if len(a) != 1 || len(b) != 1 || !knownWord(a[0]) || !knownWord(b[0]) {
			continue
		}
		out = append(out, [2]string{a[0], b[0]})
	}
	return out
}

// addCompounds adds to qt, for each question word of text that splits
// into two known words, the pair as a search term standing for the word's
// slot at compoundFactor, and returns the terms' postings: the sentences
// holding both parts. Whether they stand side by side is only known once
// the sentence is read (compoundAt); the search just finds them. The
// index is asked for the parts only, never for all splits of all words.
// Errors come from the index.
func (e *Engine) addCompounds(ctx context.Context, text, lang string, q *question, qt *queryTerms, stats corpus.IndexStats) ([]queryTerm, error) {
	an := e.analyzer()
	var out []queryTerm
	for _, tok := range an.Tokens(text, lang) {
		slot, ok := q.index[tok.Stem]
		if tok.Stop || !ok {
			continue
		}
		for _, parts := range compoundSplits(an, tok.Text, lang) {
			if parts[0] == tok.Stem || parts[1] == tok.Stem {
				continue
			}
			key := parts[0] + " " + parts[1]
			before := len(qt.stems)
			qt.addFor(key, slot, compoundFactor, 0)
			if len(qt.stems) == before {
				continue
			}
			pl, err := loadTermsWith(ctx, e.Index, parts[:], stats, nil)
			if err != nil {
				return nil, fmt.Errorf("compound %s: %w", key, err)
			}
			out = append(out, bothTerms(key, pl[0].postings, pl[1].postings, stats))
			qt.compounds = append(qt.compounds, compound{first: parts[0], second: parts[1], term: before})
		}
	}
	return out, nil
}

// bothTerms is the term of the sentences holding both lists' stems, as
// often as the rarer of the two.
func bothTerms(key string, a, b []corpus.Posting, stats corpus.IndexStats) queryTerm {
	var both []corpus.Posting
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].Sentence < b[j].Sentence:
			i++
		case a[i].Sentence > b[j].Sentence:
			j++
		default:
			both = append(both, corpus.Posting{Sentence: a[i].Sentence, TF: min(a[i].TF, b[j].TF), Len: a[i].Len})
			i++
			j++
		}
	}
	n := max(stats.Sentences, len(both))
	t := queryTerm{stem: key, df: len(both), postings: both}
	t.idf = bm25IDF(float64(n), float64(t.df))
	if len(both) > 0 {
		t.upper = maxImpact(t.idf, both, safeAvgLen(stats))
	}
	return t
}

// compoundAt returns the position in qt of the compound whose two parts
// stand at toks[k] and toks[k+1] ("Air Lines" for "airline").
func (qt *queryTerms) compoundAt(toks []corpus.Token, k int) (int, bool) {
	if len(qt.compounds) == 0 || k+1 >= len(toks) {
		return 0, false
	}
	for _, c := range qt.compounds {
		if toks[k].Stem == c.first && toks[k+1].Stem == c.second {
			return c.term, true
		}
	}
	return 0, false
}
