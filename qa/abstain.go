package qa

import (
	"slices"
	"strings"

	"storybot/corpus"
)

// Abstention is how Ask decides that a source has nothing to say.
type Abstention int

const (
	// AbstainStory judges each source on its own evidence that a sentence
	// answers this question: in a story every source is on topic, so a
	// sentence holding the question's focus (or a word for the same thing)
	// and the kind of answer asked for is cited even when another source
	// says more. It is what the bot serves.
	AbstainStory Abstention = iota
	// AbstainBenchmark is the word-overlap threshold calibrated on SQuAD
	// 2.0 and WikiQA, whose unanswerable questions reuse the paragraph's
	// words: enough of the question's IDF mass (Engine.MinCoverage) and a
	// score near the best sentence of any source. `eval squad` and `eval
	// wikiqa` use it.
	AbstainBenchmark
)

// Story abstention's settings, each the best of a few on the dev set's
// train split (docs/quality.md).
const (
	// storyMinCoverage is the share of the question's IDF mass a sentence
	// must hold (0.6 for benchmarks; 0.3 to 0.6 tried).
	storyMinCoverage = 0.4
	// storyRelativeToBest is how near the best sentence of any source a
	// source's must score (0 to 0.5 made no difference; 0.4 let "Rich
	// Dauer, 65" answer "how old is dauer", but also "Both airports
	// closed" answer how many highways closed).
	storyRelativeToBest = 0.5
	// storyUntyped is the coverage added to the bar for a sentence without
	// the kind of answer asked for (a number for "how many"); a cause is
	// often implicit ("Snow fell and schools shut"), so why is exempt.
	storyUntyped = 0.3
	// storyPlain is the coverage added for a question asking for nothing in
	// particular (yes/no, what did X do), which only the words can answer.
	storyPlain = 0.05
)

// storyRelevant is relevant for AbstainStory: nothing is cited when no
// sentence holds the question's focus or a word for it; otherwise a
// sentence must hold enough of the question, more when it lacks the kind
// of answer asked for.
func (r *retrieval) storyRelevant(c candidate) bool {
	if r.focusAbsent || !r.holdsCloseWord(c) || r.wantsFigure() && !r.holdsFigure(c) && !r.holdsQuantity(c) ||
		r.countsOther(c) || r.ageOfOther(c) || r.clockAbsent(c) || r.instanceAbsent(c) ||
		r.otherEvent(c) {
		return false
	}
	min := r.minCoverage
	if r.q.want != wantNothing && r.q.want != wantCause && !r.typed(c) {
		min += storyUntyped
	}
	if r.q.want == wantNothing {
		min += storyPlain
	}
	if r.q.want == wantCause {
		min += whyBar(c)
	}
	return c.coverage >= min-1e-9 && c.score >= r.relativeToBest*r.best
}

// holdsCloseWord reports whether c holds one of the question's own words
// or a close relative of one (a derived form, an everyday synonym): a
// sentence reached only through WordNet's looser synonyms ("close" for
// "near") is no evidence that it answers.
func (r *retrieval) holdsCloseWord(c candidate) bool {
	for m := c.mask; m != 0; m &= m - 1 {
		if i := trailingZeros(m); i < len(r.qt.factor) && r.qt.factor[i] >= everydayFactor {
			return true
		}
	}
	return false
}

// wantsFigure reports whether the question asks for a count or an amount
// ("how many", "how much", "what percentage", "cuántas"), which only a
// sentence with a figure in it answers: "put up Christmas lights" says
// nothing of what they cost. "How big", "how late" or "how often" are
// exempt, as words answer them too ("a short delay", "a few times a
// week").
func (r *retrieval) wantsFigure() bool {
	return r.q.want == wantNumber && !slices.ContainsFunc(r.q.terms, func(t string) bool { return howNumber[t] })
}

// countsOther reports whether c names the thing a "how many" question
// counts but no figure of it counts that thing: "rescuers had used life
// detectors for four or five times" counts the tries, "military action,
// the two are working" the leaders. Citing such a sentence reads as the
// count asked for, which is worse than silence.
func (r *retrieval) countsOther(c candidate) bool {
	if !r.wantsFigure() || r.q.measure != measureCount || r.q.countedNoun() < 0 || c.typedNear || r.holdsQuantity(c) {
		return false
	}
	for m := c.mask; m != 0; m &= m - 1 {
		if i := trailingZeros(m); i < len(r.qt.slot) && r.qt.slot[i] == r.q.countedNoun() {
			return true
		}
	}
	return false
}

// ageOfOther reports whether c, for a "how old" question, states no age
// beside its words: the "old" of "a 3-year-old boy" covers the question's
// "old" for "how old was the gorilla", but it is the boy's age.
func (r *retrieval) ageOfOther(c candidate) bool {
	return r.q.want == wantNumber && r.q.measure == measureAge && !c.typedNear
}

// clockAbsent reports whether c, for "what time", holds no time of day
// beside the question's words: "as time passed" holds the question's
// "time" but answers nothing.
func (r *retrieval) clockAbsent(c candidate) bool {
	return r.q.want == wantDate && r.q.howWord >= 0 && !c.typedNear
}

// quantityWords answer a count as a figure does: "both apps were taken
// off", "none of the injuries appeared fatal", "a majority of the girls
// are still missing". The bare "no" is left out:
// "gave no reason" is no count.
var quantityWords = map[string]bool{"both": true, "none": true, "couple": true, "pair": true, "few": true,
	"handful": true, "nobody": true, "ambos": true, "ambas": true, "ninguno": true, "ninguna": true, "nadie": true,
	"aucun": true, "aucune": true, "majority": true, "minority": true, "mayoria": true, "majorite": true}

// holdsFigure reports whether c holds a figure that may answer: for a
// count, a count ("14 years in prison" is no number of charges, nor "two
// days" of rescuers, unless days are what is counted).
func (r *retrieval) holdsFigure(c candidate) bool {
	if r.q.measure == measureCount {
		return c.features[FeatAnswerType] >= evidenceFar*figureScale-1e-9
	}
	return c.features[FeatAnswerType] > 0
}

// holdsQuantity reports whether c holds one of the quantityWords, on its
// own ("both were removed") or before a thing the question names ("both
// airports"): "a pair of Israeli soldiers" counts the soldiers, not the
// charges asked about.
func (r *retrieval) holdsQuantity(c candidate) bool {
	for k, t := range c.toks {
		if quantityWords[t.Text] && !r.countsUnasked(c.toks, k) {
			return true
		}
	}
	return false
}

// pairWords introduce the two things they count: "both A and B".
var pairWords = map[string]bool{"both": true, "ambos": true, "ambas": true}

// quantityLinks stand between a quantity word and what it counts: "a
// pair of the soldiers".
var quantityLinks = map[string]bool{"of": true, "the": true, "de": true, "los": true, "las": true,
	"des": true, "les": true}

// countsUnasked reports whether the quantity word at k counts a thing the
// question does not name: the content words right after it (at most two,
// "a pair of Israeli soldiers") hold none of its terms.
func (r *retrieval) countsUnasked(toks []corpus.Token, k int) bool {
	// "Both the original Telegram and a new version": the things counted
	// are listed, in words the question need not use.
	if pairWords[toks[k].Text] {
		for j := k + 1; j < len(toks) && j <= k+5; j++ {
			if toks[j].Text == "and" || toks[j].Text == "y" || toks[j].Text == "et" {
				return false
			}
		}
	}
	j := k + 1
	for j < len(toks) && quantityLinks[toks[j].Text] {
		j++
	}
	content := 0
	for ; j < len(toks) && content < 2 && !toks[j].Stop && toks[j].Stem != ""; j++ {
		if _, ok := r.qt.index[toks[j].Stem]; ok {
			return false
		}
		content++
	}
	return content > 0
}

// typed reports whether c holds the kind of answer asked for. For where,
// only a place the sentence marks as one ("in Dubai", "from Erie")
// counts: a capitalised name alone is as likely a person or an outlet,
// and every sentence of a story names someone. For a count, a
// quantityWord is the answer as a figure is ("Both ... were removed").
func (r *retrieval) typed(c candidate) bool {
	if r.q.want == wantPlace {
		return c.features[FeatAnswerType] >= 1
	}
	return c.typedNear || r.wantsFigure() && r.holdsQuantity(c)
}

// otherEvent reports whether c, for a figure or a when question, is a
// roundup of another event: it opens with "In a separate incident" or
// "In other news", or with "Meanwhile," "Elsewhere," or "Separately,"
// and then names a place that neither the question nor its article's
// headline names ("Meanwhile, ... six people who died when the seaplane
// ... crashed into Sydney river" in a story on Costa Rica). Its figure
// or date is that event's, and cited it would be a false answer;
// "Meanwhile, the death toll rose to 12" names no other place and stays.
func (r *retrieval) otherEvent(c candidate) bool {
	if !r.wantsFigure() && r.q.want != wantDate || len(c.toks) < 3 {
		return false
	}
	for _, m := range roundupOpeners {
		if openedBy(c.toks, m) {
			return true
		}
	}
	t := c.toks[0].Text
	if !roundupWords[t] || !strings.HasPrefix(strings.TrimSpace(c.Text[c.toks[0].End:c.toks[1].Start]), ",") {
		return false
	}
	title := strings.ToLower(r.articles[c.ArticleID].Title)
	for k := 1; k+1 < len(c.toks); k++ {
		if !roundupPlacePreps[c.toks[k].Text] || !startsUpper(c.Text, c.toks[k+1].Start) {
			continue
		}
		// The whole capitalised name ("Costa Rica") must be new: one of
		// its words in the headline or the question makes it this story's.
		known, j := false, k+1
		for ; j < len(c.toks) && startsUpper(c.Text, c.toks[j].Start); j++ {
			w := c.toks[j].Text
			_, asked := r.q.index[c.toks[j].Stem]
			known = known || asked || monthWords[w] || weekdays[w] > 0 || strings.Contains(title, w)
		}
		if !known {
			return true
		}
		k = j - 1
	}
	return false
}

// roundupOpeners open a sentence about another event whatever it names.
var roundupOpeners = [][]string{
	{"in", "a", "separate"}, {"in", "another", "incident"}, {"in", "other", "news"},
	{"in", "an", "unrelated"}, {"in", "unrelated"},
}

// roundupWords open, before a comma, a sentence that may be about another
// event or about this one ("Meanwhile, the death toll rose").
var roundupWords = map[string]bool{"meanwhile": true, "elsewhere": true, "separately": true}

// roundupPlacePreps put a place after them; "on" and "to" are left out,
// as "on New Year's Eve" and "to Trump" are no places.
var roundupPlacePreps = map[string]bool{"in": true, "into": true, "at": true, "near": true, "off": true,
	"outside": true}

// openedBy reports whether toks begin with the words of m.
func openedBy(toks []corpus.Token, m []string) bool {
	if len(toks) < len(m) {
		return false
	}
	for i, w := range m {
		if toks[i].Text != w {
			return false
		}
	}
	return true
}
