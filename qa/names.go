package qa

import (
	"context"
	"fmt"
	"strings"

	"storybot/corpus"
)

// compound is a question word the index may hold as two adjacent words:
// "airline" written "Delta Air Lines", "weekend" as "week end". term is
// its position in queryTerms.
type compound struct {
	parts []string // stems of the words, in order
	term  int
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

// addCompounds adds to qt, for each question word (toks) that splits
// into two known words, the pair as a search term standing for the word's
// slot at compoundFactor, and returns the terms' postings: the sentences
// holding both parts. Whether they stand side by side is only known once
// the sentence is read (compoundAt); the search just finds them. The
// index is asked for the parts only, never for all splits of all words.
// Errors come from the index.
func (e *Engine) addCompounds(ctx context.Context, toks []corpus.Token, lang string, q *question, qt *queryTerms, stats corpus.IndexStats) ([]queryTerm, error) {
	an := e.analyzer()
	var out []queryTerm
	for _, tok := range toks {
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
			out = append(out, allTerms(key, [][]corpus.Posting{pl[0].postings, pl[1].postings}, stats))
			qt.compounds = append(qt.compounds, compound{parts: parts[:], term: before})
		}
	}
	return out, nil
}

// allTerms is the term of the sentences holding every list's stem, as
// often as the rarest of them.
func allTerms(key string, lists [][]corpus.Posting, stats corpus.IndexStats) queryTerm {
	both := lists[0]
	for _, b := range lists[1:] {
		a := both
		both = nil
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
	}
	n := max(stats.Sentences, len(both))
	t := queryTerm{stem: key, df: len(both), postings: both}
	t.idf = bm25IDF(float64(n), float64(t.df))
	if len(both) > 0 {
		t.upper = maxImpact(t.idf, both, safeAvgLen(stats))
	}
	return t
}

// compoundAt returns the position in qt of the compound or spelt-out
// name whose words stand from toks[k] on ("Air Lines" for "airline",
// "Metropolitan Transportation Authority" for "MTA"), one stop word
// allowed between two of them ("Department of Justice").
func (qt *queryTerms) compoundAt(toks []corpus.Token, k int) (int, bool) {
	if len(qt.compounds) == 0 || k+1 >= len(toks) {
		return 0, false
	}
	for _, c := range qt.compounds {
		j := k
		for p, part := range c.parts {
			if p > 0 && j < len(toks) && toks[j].Stop {
				j++
			}
			if j >= len(toks) || toks[j].Stem != part {
				j = -1
				break
			}
			j++
		}
		if j > 0 {
			return c.term, true
		}
	}
	return 0, false
}

// nameQuestion is a question asking for the proper name of a thing it
// names by its kind: "what airline", "which tunnel", "what was the ship
// called", "what's the name of the boat". The answer is a capitalised
// name beside that noun ("Delta Air Lines", "the 53rd Street tunnel",
// "the ship, the Swiss Crystal").
//
// markNameQuestion sets q.nameNoun to the noun, as the analyzer folds
// it, for a question that asks for nothing else, and takes the words that
// only say "its name" ("called", "name") out of what a sentence must
// cover: the answer rarely repeats them.
func markNameQuestion(q *question, toks []corpus.Token) {
	if q.want != wantNothing || q.yesNo {
		return
	}
	noun, nameWord := nameNounIn(toks)
	if noun < 0 {
		return
	}
	if _, ok := q.index[toks[noun].Stem]; !ok {
		return
	}
	q.nameNoun = toks[noun].Text
	if nameWord >= 0 {
		if i, ok := q.index[toks[nameWord].Stem]; ok && i < len(q.weights) {
			q.weights[i] = 0
		}
	}
}

// nameNounIn returns the token position of the noun a question asks the
// name of, and that of the word asking for a name ("called", "name"), -1
// for none.
func nameNounIn(toks []corpus.Token) (noun, nameWord int) {
	text := func(k int) string {
		if k < 0 || k >= len(toks) {
			return ""
		}
		return toks[k].Text
	}
	for k, t := range toks {
		if t.Text != "what" && t.Text != "which" && t.Text != "whats" {
			continue
		}
		j := k + 1
		if t.Text == "whats" || text(j) == "s" {
			// "what's the name of the boat" folds to "whats" or "what s".
			if text(j) == "s" {
				j++
			}
		} else if isNameNoun(toks, j) && (j+1 == len(toks) || auxiliaries[text(j+1)]) {
			// "what airline was it", "which tunnel".
			return j, -1
		}
		if text(j) == "is" || text(j) == "was" || text(j) == "are" || text(j) == "were" {
			j++
		}
		if text(j) != "the" {
			continue
		}
		j++
		switch {
		case text(j) == "name" && text(j+1) == "of":
			// "what is the name of the boat"
			n := j + 2
			if determiners[text(n)] {
				n++
			}
			if isNameNoun(toks, n) {
				return n, j
			}
		case isNameNoun(toks, j) && (text(j+1) == "called" || text(j+1) == "named"):
			// "what was the ship called"
			return j, j + 1
		case isNameNoun(toks, j) && text(j+1) == "name":
			// "what is the ship's name", its "'s" folded away.
			return j, j + 1
		}
	}
	return -1, -1
}

// isNameNoun reports whether toks[k] may be a noun naming a kind of
// thing: a content word, not one of the kinds other answers are typed by
// (a year, a place, an amount), nor a verb's past or present participle
// ("what happened", "what caused").
func isNameNoun(toks []corpus.Token, k int) bool {
	if k < 0 || k >= len(toks) {
		return false
	}
	t := toks[k]
	w := t.Text
	return !t.Stop && t.Stem != "" && len(w) > 2 && !hasDigit(w) &&
		!dateNouns[w] && !placeNouns[w] && !numberNouns[w] && !amountNouns[w] && !nameNouns[w] && !howNumber[w] &&
		!nonNames[w] && !strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "ing")
}

// nonNames follow "what" without being a kind of thing with a name.
var nonNames = map[string]bool{"happen": true, "happens": true, "kind": true, "type": true, "sort": true,
	"else": true, "about": true, "exactly": true, "reason": true, "caused": true, "causes": true,
	"made": true, "makes": true, "led": true, "leads": true, "time": true, "name": true}

// nounNameEvidence scores a proper name standing for the noun a
// nameQuestion asks about: capitalised words just before it ("Delta Air
// Lines", "the 53rd Street tunnel"), or after it in apposition, named or
// quoted ("the ship, the Swiss Crystal", "the vessel named Swiss
// Crystal"). A name elsewhere in a sentence holding the noun, quoted or
// after "the" ("took the injured off the \"Swiss Crystal\""), counts
// less; any other capitalised word hardly at all.
func nounNameEvidence(q *question, text string, toks []corpus.Token) (float64, bool) {
	named := func(k int) bool {
		if k < 0 || k >= len(toks) {
			return false
		}
		t := toks[k]
		return !t.Stop && startsUpper(text, t.Start) && !q.has(t.Stem) && !dateWords[t.Text]
	}
	best, bestNear, holdsNoun := 0.0, false, false
	for k := 0; k < len(toks); k++ {
		n := nounAt(q.nameNoun, toks, k)
		if n == 0 {
			continue
		}
		holdsNoun = true
		end := k + n // first token after the noun
		if named(k - 1) {
			return evidenceNear, true
		}
		a := end
		if a < len(toks) && (toks[a].Text == "called" || toks[a].Text == "named") {
			a++
		}
		if a < len(toks) && (toks[a].Text == "the" || toks[a].Text == "a") {
			a++
		}
		if named(a) {
			return evidenceNear, true
		}
	}
	for k := range toks {
		if !named(k) {
			continue
		}
		before := text[:toks[k].Start]
		quoted := strings.HasSuffix(before, "\"") || strings.HasSuffix(before, "“")
		definite := k > 0 && toks[k-1].Text == "the"
		switch {
		case holdsNoun && (quoted || definite && named(k+1)):
			best = max(best, evidenceFar)
			bestNear = true
		case k > 0:
			best = max(best, evidenceLoose)
		}
	}
	return best, bestNear
}

// nounAt returns how many tokens from toks[k] spell noun: 1 for the word
// itself or its plural, 2 for a compound written apart ("air lines" for
// "airline"), 0 for none.
func nounAt(noun string, toks []corpus.Token, k int) int {
	same := func(a string) bool {
		return strings.TrimSuffix(a, "s") == strings.TrimSuffix(noun, "s")
	}
	if same(toks[k].Text) {
		return 1
	}
	if k+1 < len(toks) && strings.HasPrefix(noun, toks[k].Text) && same(toks[k].Text+toks[k+1].Text) {
		return 2
	}
	return 0
}

// Bounds on the reading an acronym costs: a few of the sentences using it
// locate the articles, whose leads usually spell it out.
const (
	maxAcronymSentences = 8
	maxAcronymArticles  = 4
	acronymLead         = 15
)

// typedAcronym reports whether raw, a question word as typed, is an acronym:
// two to six capital letters ("MTA", "NPR").
func typedAcronym(raw string) bool {
	if len(raw) < 2 || len(raw) > 6 {
		return false
	}
	for _, r := range raw {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// placeAcronyms are the country and union abbreviations the analyzer
// knows: "US" is a name of its own, which articles use as often as the
// one spelt out, and the question's other words decide better which
// sentence about the United States answers.
var placeAcronyms = map[string]bool{"us": true, "usa": true, "uk": true, "un": true, "eu": true}

// addAcronyms adds to qt, for each acronym the question types in capitals
// ("what did the MTA say"), the name it stands for as the articles using
// it spell it out ("the Metropolitan Transportation Authority says…"),
// searched as a phrase standing for the acronym's slot; the sentence that
// names the body in full then answers as one using the acronym would.
// terms are the loaded query terms, originals first; keep (nil keeps all)
// limits the articles read. Errors come from the index.
func (e *Engine) addAcronyms(ctx context.Context, text string, toks []corpus.Token, lang string, q *question, qt *queryTerms, terms []queryTerm, keep func(uint32) bool, stats corpus.IndexStats) ([]queryTerm, error) {
	var out []queryTerm
	for _, tok := range toks {
		slot, ok := q.index[tok.Stem]
		if !ok || tok.Stop || slot >= len(terms) || !typedAcronym(text[tok.Start:tok.End]) || placeAcronyms[tok.Text] {
			continue
		}
		stems, err := e.spelledOut(ctx, strings.ToLower(text[tok.Start:tok.End]), terms[slot].postings, lang, keep)
		if err != nil {
			return nil, err
		}
		if len(stems) < 2 {
			continue
		}
		key := strings.Join(stems, " ")
		before := len(qt.stems)
		qt.addFor(key, slot, 1, 0)
		if len(qt.stems) == before {
			continue
		}
		pl, err := loadTermsWith(ctx, e.Index, stems, stats, nil)
		if err != nil {
			return nil, fmt.Errorf("acronym %s: %w", key, err)
		}
		lists := make([][]corpus.Posting, len(pl))
		for i, t := range pl {
			lists[i] = t.postings
		}
		out = append(out, allTerms(key, lists, stats))
		qt.compounds = append(qt.compounds, compound{parts: stems, term: before})
	}
	return out, nil
}

// spelledOut returns the stems of the name acronym (lowercase) stands
// for, read from the leads of the articles of a few of the sentences in
// postings: the run of capitalised words, one stop word allowed between
// two, whose initials spell it, the commonest if several do; nil when
// none does. Errors come from the index.
func (e *Engine) spelledOut(ctx context.Context, acronym string, postings []corpus.Posting, lang string, keep func(uint32) bool) ([]string, error) {
	var ids []uint32
	for _, p := range postings {
		if keep == nil || keep(p.Sentence) {
			ids = append(ids, p.Sentence)
			if len(ids) == maxAcronymSentences {
				break
			}
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	sents, arts, err := sentencesWithArticles(ctx, e.Index, ids)
	if err != nil {
		return nil, err
	}
	var lead []uint32
	seen := map[string]bool{}
	for _, s := range sents {
		a, ok := arts[s.ArticleID]
		if !ok || seen[a.ID] || len(seen) == maxAcronymArticles || a.FirstSentence == 0 {
			continue
		}
		seen[a.ID] = true
		for i := 0; i < min(a.SentenceCount, acronymLead); i++ {
			if id := a.FirstSentence + uint32(i); keep == nil || keep(id) {
				lead = append(lead, id)
			}
		}
	}
	more, err := e.Index.Sentences(ctx, lead)
	if err != nil {
		return nil, fmt.Errorf("read article leads: %w", err)
	}
	an := e.analyzer()
	count := map[string]int{}
	var best string
	for _, s := range append(sents, more...) {
		for _, name := range initialsRuns(an, s.Text, lang, acronym) {
			count[name]++
			if count[name] > count[best] {
				best = name
			}
		}
	}
	if best == "" {
		return nil, nil
	}
	return strings.Fields(best), nil
}

// initialsRuns returns, as space-joined stems, the runs of capitalised
// words in text whose initials spell acronym, one stop word allowed
// between two of them.
func initialsRuns(an *corpus.Analyzer, text, lang, acronym string) []string {
	toks := an.Tokens(text, lang)
	var out []string
	for k := range toks {
		var stems []string
		j := k
		for n := 0; n < len(acronym); n++ {
			if n > 0 && j+1 < len(toks) && toks[j].Stop && !startsUpper(text, toks[j].Start) {
				j++
			}
			if j >= len(toks) || toks[j].Stop || !startsUpper(text, toks[j].Start) || toks[j].Text[0] != acronym[n] {
				stems = nil
				break
			}
			stems = append(stems, toks[j].Stem)
			j++
		}
		if len(stems) == len(acronym) && len(stems) >= 2 {
			out = append(out, strings.Join(stems, " "))
		}
	}
	return out
}
