package qa

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"storybot/corpus"
)

//go:generate go run ./internal/instancegen -o instances_table.go

// instanceSet is what a question asking "which NOUN" or "what kind of
// NOUN" accepts for that noun: the sources name the country, the state or
// the bird ("Maine" for "which states saw it", "a sparrow" for "what kind
// of bird"), seldom the noun itself. A sentence holding an instance holds
// the answer and covers the noun's slot.
type instanceSet struct {
	noun string // the noun's stem, a key of instanceTable
	slot int    // the noun's term
	// term is the position in queryTerms of the search term standing for
	// the instances, -1 until addInstances adds it.
	term int
	// proper is set for places, whose instances are names: only a
	// capitalised word is one ("Maine", not "main").
	proper bool
	// byFirst holds each instance's stems by its first.
	byFirst map[string][][]string
}

// instanceFactor is how much an instance counts for the noun asked
// about: as much as a compound written apart ("Air Lines" for "airline"),
// the thing itself under another name.
const instanceFactor = 0.9

// instanceSearchLimit is the most sentences an index may hold for the
// instances to be searched for: each is a posting list read ("which
// city" reads 1,459), 19-34 ms a question over a flat million-sentence
// index against 1-2 ms for others. A story's view (what the bot serves)
// is far smaller; over a larger index the instances still count where
// the question's other words found the sentence (instanceAbsent).
const instanceSearchLimit = 100_000

// properNouns are the nouns of instanceTable whose instances are names.
var properNouns = map[string]bool{"countri": true, "state": true, "citi": true, "capit": true, "contin": true}

// kindWords say "a kind of" in "what kind of bird": the answer names the
// kind, not the word.
var kindWords = map[string]bool{"kind": true, "kinds": true, "type": true, "types": true, "sort": true, "sorts": true}

// qualifiedHeads are nouns a noun of instanceTable may qualify, the
// question then asking for something else: "which car company", "what
// bird flu strain", "which state police".
var qualifiedHeads = map[string]bool{"company": true, "companies": true, "maker": true, "makers": true,
	"owner": true, "owners": true, "driver": true, "drivers": true, "crash": true, "accident": true,
	"group": true, "groups": true, "official": true, "officials": true, "police": true, "government": true,
	"agency": true, "department": true, "law": true, "laws": true, "team": true, "attack": true,
	"flu": true, "strain": true, "council": true, "court": true, "leader": true, "leaders": true,
	"minister": true, "media": true, "park": true, "hall": true}

// instanceNounIn returns the token position of the noun whose instance a
// question asks for ("which states", "what kind of bird", "which
// European countries", "in what city"), and that of the word saying
// "kind", -1 for none.
func instanceNounIn(toks []corpus.Token) (noun, kindWord int) {
	text := func(k int) string {
		if k < 0 || k >= len(toks) {
			return ""
		}
		return toks[k].Text
	}
	asked := func(k int) bool {
		_, ok := instanceTable[instanceNoun(tokStem(toks, k))]
		// "which car company", "what state of emergency": the noun only
		// qualifies what is asked.
		return ok && !toks[k].Stop && !qualifiedHeads[text(k+1)] && !(toks[k].Stem == "state" && text(k+1) == "of")
	}
	for k, t := range toks {
		if t.Text != "what" && t.Text != "which" && t.Text != "whats" {
			continue
		}
		j, kind := k+1, -1
		if kindWords[text(j)] && text(j+1) == "of" {
			kind = j
			j += 2
			if text(j) == "a" || text(j) == "an" {
				j++
			}
		}
		switch {
		case j < len(toks) && asked(j):
			return j, kind
		case j+1 < len(toks) && !toks[j].Stop && asked(j+1):
			// "which European countries": one word may qualify the noun.
			return j + 1, kind
		}
	}
	return -1, -1
}

// instanceAliases are nouns asked about whose instances are another's:
// "what nationality" is answered by "Iranian" as "which country" is,
// "what breed" by a kind of dog. Stems.
var instanceAliases = map[string]string{"nation": "countri", "breed": "dog", "airplan": "plane",
	"jet": "plane", "vessel": "ship"}

// instanceNoun returns the key of instanceTable for a noun's stem.
func instanceNoun(stem string) string {
	if a, ok := instanceAliases[stem]; ok {
		return a
	}
	return stem
}

func tokStem(toks []corpus.Token, k int) string {
	if k < 0 || k >= len(toks) {
		return ""
	}
	return toks[k].Stem
}

// markInstanceQuestion sets q.instances for a question asking which
// instance of a noun of instanceTable ("which countries", "what kind of
// bird"), and takes the word "kind" out of what a sentence must cover.
// Only English questions are read: the table holds English words.
func markInstanceQuestion(q *question, toks []corpus.Token, lang string) {
	if lang != "en" || q.yesNo {
		return
	}
	noun, kind := instanceNounIn(toks)
	if noun < 0 {
		return
	}
	slot, ok := q.index[toks[noun].Stem]
	if !ok {
		return
	}
	key := instanceNoun(toks[noun].Stem)
	set := &instanceSet{noun: key, slot: slot, term: -1, proper: properNouns[key],
		byFirst: map[string][][]string{}}
	for _, inst := range strings.Split(instanceTable[set.noun], "|") {
		if stems := strings.Fields(inst); len(stems) > 0 {
			set.byFirst[stems[0]] = append(set.byFirst[stems[0]], stems)
		}
	}
	q.instances = set
	if kind >= 0 {
		if i, ok := q.index[toks[kind].Stem]; ok && i < len(q.weights) {
			q.weights[i] = 0
		}
	}
}

// at returns how many tokens from toks[k] spell an instance, one stop
// word allowed between two of its words ("Isle of Man"), 0 for none.
// text is the sentence the tokens come from.
func (s *instanceSet) at(text string, toks []corpus.Token, k int) int {
	if s == nil || toks[k].Stop || s.proper && !startsUpper(text, toks[k].Start) {
		return 0
	}
	best := 0
	for _, stems := range s.byFirst[toks[k].Stem] {
		j := k + 1
		for _, part := range stems[1:] {
			if j < len(toks) && toks[j].Stop && j+1 < len(toks) && toks[j+1].Stem == part {
				j++
			}
			if j >= len(toks) || toks[j].Stem != part {
				j = -1
				break
			}
			j++
		}
		if j > 0 {
			best = max(best, j-k)
		}
	}
	return best
}

// holds reports whether the sentence holds an instance.
func (s *instanceSet) holds(text string, toks []corpus.Token) bool {
	for k := range toks {
		if s.at(text, toks, k) > 0 {
			return true
		}
	}
	return false
}

// reweigh caps the weight of the noun's slot in weights (summing to 1) at
// the mean of the question's weighed words, and returns them summing to 1
// again: "countries" is a rare word in a story about Telegram, but one of
// the many countries it names is not evidence of an answer; the question's
// other words ("blocked") must be there too. A nil set returns weights.
func (s *instanceSet) reweigh(weights []float64) []float64 {
	if s == nil || s.slot >= len(weights) {
		return weights
	}
	n := 0
	for _, w := range weights {
		if w > 0 {
			n++
		}
	}
	if n < 2 || weights[s.slot] <= 1/float64(n) {
		return weights
	}
	out := slices.Clone(weights)
	out[s.slot] = 1 / float64(n)
	sum := 0.0
	for _, w := range out {
		sum += w
	}
	for i := range out {
		out[i] /= sum
	}
	return out
}

// instanceAbsent reports whether c, for a question asking which instance
// of a noun, names none: "the bird was removed and set free" does not say
// what kind of bird, and "eastern states" is not which.
func (r *retrieval) instanceAbsent(c candidate) bool {
	return r.q.instances != nil && !r.q.instances.holds(c.Text, c.toks)
}

// instanceAt returns the position in qt of the term standing for the
// question's instances when one is spelt from toks[k] on.
func (qt *queryTerms) instanceAt(q *question, text string, toks []corpus.Token, k int) (int, bool) {
	s := q.instances
	if s == nil || s.term < 0 || s.at(text, toks, k) == 0 {
		return 0, false
	}
	return s.term, true
}

// addInstances adds to qt, for a question asking which instance of a noun
// (see markInstanceQuestion), one search term standing for the noun's slot
// at instanceFactor: the sentences holding any instance, an instance of
// several words counting where all its words are. Whether a word is the
// name and the words stand together is only known once the sentence is
// read (instanceAt). Errors come from the index.
func (e *Engine) addInstances(ctx context.Context, q *question, qt *queryTerms, stats corpus.IndexStats) ([]queryTerm, error) {
	s := q.instances
	if s == nil || stats.Sentences > instanceSearchLimit {
		return nil, nil
	}
	key := "instance of " + s.noun
	before := len(qt.stems)
	qt.addFor(key, s.slot, instanceFactor, 0)
	if len(qt.stems) == before {
		return nil, nil
	}
	// Each word is looked up once, however many instances share it.
	lists := map[string][]corpus.Posting{}
	postings := func(stem string) ([]corpus.Posting, error) {
		if pl, ok := lists[stem]; ok {
			return pl, nil
		}
		pl, err := e.Index.Postings(ctx, stem)
		if err != nil {
			return nil, fmt.Errorf("postings of %q: %w", stem, err)
		}
		lists[stem] = pl
		return pl, nil
	}
	var all []corpus.Posting
	for first, insts := range s.byFirst {
		head, err := postings(first)
		if err != nil {
			return nil, fmt.Errorf("instances of %s: %w", s.noun, err)
		}
		if len(head) == 0 {
			continue
		}
		for _, stems := range insts {
			pl := [][]corpus.Posting{head}
			for _, part := range stems[1:] {
				p, err := postings(part)
				if err != nil {
					return nil, fmt.Errorf("instances of %s: %w", s.noun, err)
				}
				pl = append(pl, p)
			}
			all = append(all, allTerms(key, pl, stats).postings...)
		}
	}
	s.term = before
	return []queryTerm{unionTerm(key, all, stats)}, nil
}

// unionTerm is the term of the sentences in postings, in any order and
// repeated, each as often as its most frequent entry.
func unionTerm(key string, postings []corpus.Posting, stats corpus.IndexStats) queryTerm {
	slices.SortFunc(postings, func(a, b corpus.Posting) int { return cmp.Compare(a.Sentence, b.Sentence) })
	var out []corpus.Posting
	for _, p := range postings {
		if n := len(out); n > 0 && out[n-1].Sentence == p.Sentence {
			out[n-1].TF = max(out[n-1].TF, p.TF)
			continue
		}
		out = append(out, p)
	}
	n := max(stats.Sentences, len(out))
	t := queryTerm{stem: key, df: len(out), postings: out}
	t.idf = bm25IDF(float64(n), float64(t.df))
	if len(out) > 0 {
		t.upper = maxImpact(t.idf, out, safeAvgLen(stats))
	}
	return t
}
