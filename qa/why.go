package qa

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"storybot/corpus"
)

// How why questions are weighed, each the best of a few on the dev train
// split and devset_why.json (docs/quality.md).
const (
	// causeScale multiplies the square of a sentence's cause evidence
	// (kinds.go) in a story: a reason states the event in fewer of the question's
	// words than a headline restating it ("The Taliban said it carried
	// out the attack in retaliation for air strikes" against "Taliban
	// attacks German consulate"), so a connective beside the question's
	// words must outweigh that coverage; squared, "because" (1 → 3)
	// counts far above "after" (0.7 → 1.47), which as often tells when.
	causeScale = 3
	// whyRerank multiplies the candidates re-ranked for a why question:
	// restatements, covering the whole question, crowd the first 30 by
	// coverage and keep out the reason that names the event as "it".
	whyRerank = 3
	// whyCausedBar is taken off story abstention's coverage bar for a
	// sentence in which a sure connective explains the question's words
	// ("attributed the split to distance" for "why did Silverman and
	// Sheen split up"); whyUncausedBar is added for one with no reason
	// beside them, which only restates the event.
	whyCausedBar   = 0.25
	whyUncausedBar = 0.1
)

// whyCandidates is how many of pre, sorted by coverage, a why question
// re-ranks in a story, given the n others do: up to whyRerank times n,
// but none too thin for the lowest bar a reason may clear, since reading
// a candidate is the costly step.
func whyCandidates(pre []preRanked, n int) int {
	limit := min(len(pre), whyRerank*n)
	for n < limit && pre[n].coverage >= storyMinCoverage-whyCausedBar-1e-9 {
		n++
	}
	return n
}

// storyCause is the answer-type feature of a why question in a story for
// cause evidence e. Benchmarks keep e itself: WikiQA's and SQuAD's
// answers restate their questions less than news leads do (SQuAD top-1
// 0.792 → 0.789 with the scale).
func storyCause(e float64) float64 { return causeScale * e * e }

// whyBar is what a why question adds to story abstention's coverage bar
// for c.
func whyBar(c candidate) float64 {
	switch {
	case !c.typedNear:
		return whyUncausedBar
	case c.features[FeatAnswerType] >= storyCause(evidenceNear)-1e-9:
		return -whyCausedBar
	}
	return 0
}

// Reasons a news sentence gives that no fixed connective names: "jailed
// for insulting the judiciary", "killed to save the boy", "accused them
// of stealing blankets", "out of safety concerns", "that's why". Each is
// read at token k and, when it is one, comes back as a causeCue with how
// many tokens it spans.

// purposeVerbs after "to" give the aim of what stands before, surely
// (true: "killed the gorilla to save the child", "to lower its taxable
// profit") or often (false: "to make", "to win"). A short list keeps
// "sentenced to three years" and "flew to Sioux Falls" out.
var purposeVerbs = map[string]bool{"save": true, "protect": true, "prevent": true, "avoid": true,
	"ensure": true, "lower": true, "reduce": true, "punish": true, "protest": true, "deter": true,
	"maximize": true, "maximise": true, "minimize": true, "minimise": true, "escape": true,
	"discourage": true, "guard": true, "shield": true, "spare": true, "curb": true, "counter": true,
	"salvar": true, "proteger": true, "evitar": true, "sauver": true, "eviter": true,
	"stop": false, "cut": false, "boost": false, "secure": false, "honor": false, "honour": false,
	"mark": false, "force": false, "pressure": false, "encourage": false, "raise": false,
	"support": false, "win": false, "keep": false, "make": false, "allow": false, "limit": false}

// chargeNouns after "over" or "on" are what someone is blamed for:
// "serving a life sentence over accusations of spying".
var chargeNouns = map[string]bool{"accusations": true, "allegations": true, "charges": true,
	"claims": true, "concerns": true, "fears": true, "suspicion": true, "reports": true}

// reasonPattern reads a reason cue at token k that the cue table cannot
// hold, because whether it is one depends on the words around it: its
// strength, the side it explains and how many tokens it spans.
func reasonPattern(text string, toks []corpus.Token, k int) (strength float64, dir causeDir, n int) {
	w := toks[k].Text
	next, next2 := "", ""
	if k+1 < len(toks) {
		next = toks[k+1].Text
	}
	if k+2 < len(toks) {
		next2 = toks[k+2].Text
	}
	gerund := func(s string) bool {
		return len(s) > 5 && strings.HasSuffix(s, "ing") && s != "during" && s != "morning" && s != "evening"
	}
	cue := func(n int, strength float64, dir causeDir) (float64, causeDir, int) { return strength, dir, n }
	switch w {
	case "for", "over":
		// "sentenced … for insulting the judiciary", "fined over
		// spying", "for allegedly assaulting".
		if gerund(next) || next == "allegedly" || next == "alleged" {
			return cue(2, evidenceNear, explainsBefore)
		}
		if w == "over" && chargeNouns[next] {
			return cue(2, evidenceNear, explainsBefore)
		}
	case "of":
		// "accused them of theft", "convicted of insulting": the charge
		// explains what was done to them.
		if k >= 1 && (chargeVerbs[toks[k-1].Text] || k >= 2 && chargeVerbs[toks[k-2].Text]) {
			return cue(1, evidenceNear, explainsEither)
		}
	case "with":
		if k >= 1 && (toks[k-1].Text == "charged" || k >= 2 && toks[k-2].Text == "charged") {
			return cue(1, evidenceNear, explainsEither)
		}
	case "to":
		if sure, ok := purposeVerbs[next]; ok {
			if sure {
				return cue(2, evidenceNear, explainsBefore)
			}
			return cue(2, evidenceFar, explainsBefore)
		}
	case "out":
		// "out of safety concerns", "out of fear".
		if next == "of" && (chargeNouns[next2] || next2 == "fear" || next2 == "concern" || next2 == "respect" ||
			next2 == "safety" || next2 == "caution" || next2 == "frustration" || next2 == "anger") {
			return cue(3, evidenceNear, explainsBefore)
		}
	case "why":
		// "that's why officials determined…", "which is why": a
		// statement giving a reason. "Apple was asked why" and "explain
		// why" only say one was sought.
		if k >= 1 && whyGivers[toks[k-1].Text] && !strings.HasPrefix(strings.TrimSpace(text[toks[k].End:]), "?") {
			return cue(1, evidenceNear, explainsEither)
		}
	}
	return 0, 0, 0
}

// whyGivers before "why" make it give a reason: "that's why", "which is
// why", "this was why".
var whyGivers = map[string]bool{"is": true, "was": true, "that": true, "thats": true, "this": true}

// chargeVerbs take the reason for them with "of": accused of, convicted of,
// suspected of, guilty of.
var chargeVerbs = map[string]bool{"accused": true, "accuse": true, "accuses": true, "accusing": true,
	"convicted": true, "suspected": true, "guilty": true, "suspicion": true, "charges": true,
	"acusado": true, "acusada": true}

// deniedReason reports whether the reason word at k is said to be
// missing: "gave no reason", "without a reason", "no reasons were given".
func deniedReason(toks []corpus.Token, k int) bool {
	switch toks[k].Text {
	case "reason", "reasons", "razon", "motivo", "raison":
	default:
		return false
	}
	for j := max(0, k-2); j < k; j++ {
		switch toks[j].Text {
		case "no", "without", "not", "sin", "sans", "aucune", "aucun", "ningun", "ninguna":
			return true
		}
	}
	return false
}

// temporalAfter reports whether the "after" or "following" at k tells
// when rather than why: a span of time stands just before it ("one day
// after", "weeks after") or a figure and a span follow it ("after 15 NFL
// seasons", "after nearly four years").
func temporalAfter(toks []corpus.Token, k int) bool {
	if k >= 1 && spanWords[toks[k-1].Text] {
		return true
	}
	figure := -1
	for j := k + 1; j < len(toks) && j <= k+5; j++ {
		t := toks[j].Text
		switch {
		case hasDigit(t) || numberWords[t]:
			figure = j
		case spanWords[t]:
			// "after a 4-year-old boy fell" is an age, not a span.
			old := j+1 < len(toks) && toks[j+1].Text == "old"
			return figure >= 0 && j-figure <= 2 && !old
		case figure < 0 && !approximators[t]:
			return false
		}
	}
	return false
}

// spanWords are the units of a span of time, as "after" may count them.
var spanWords = map[string]bool{"season": true, "seasons": true, "years": true, "year": true,
	"months": true, "month": true, "weeks": true, "week": true, "days": true, "day": true,
	"hours": true, "hour": true, "minutes": true, "minute": true, "decades": true, "moments": true,
	"shortly": true, "soon": true}

// approximators may stand between "after" and a figure: "after nearly
// four years", "after more than a decade".
var approximators = map[string]bool{"nearly": true, "almost": true, "about": true, "more": true,
	"than": true, "over": true, "some": true, "just": true, "a": true, "an": true, "the": true,
	"his": true, "her": true, "their": true, "its": true}

// quoteReach is how many sentences after a source's statement of the
// event its speaker's reason may follow: "…she rejected him." / "He said,
// 'How can we help you?'" / "She added: 'Sovereignty is not for sale.'"
const quoteReach = 5

// quotedReasons adds, for a why question in a story, the quotation that
// gives the speaker's reason after a source states the event without
// one. Such a quotation shares no word with the question ("Sovereignty is
// not for sale" for "Why did Sheinbaum reject the troops?"), so no search
// finds it; it stands on the event sentence's coverage, just above it, so
// the event is cited beside it. keep filters the sentences read as the
// retrieval's did. Errors come from the index.
func (e *Engine) quotedReasons(ctx context.Context, r *retrieval, keep func(uint32) bool) error {
	type event struct {
		at   int // position in r.ranked
		from uint32
	}
	var ids []uint32
	var events []event
	seen := make(map[string]bool)
	for i, c := range r.ranked {
		if seen[c.ArticleID] {
			continue
		}
		seen[c.ArticleID] = true
		if c.typedNear && c.features[FeatAnswerType] >= storyCause(evidenceNear)-1e-9 || c.coverage < r.minCoverage-1e-9 {
			continue
		}
		events = append(events, event{i, c.ID})
		for d := uint32(1); d <= quoteReach; d++ {
			if id := c.ID + d; keep == nil || keep(id) {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	sents, err := e.Index.Sentences(ctx, ids)
	if err != nil {
		return fmt.Errorf("read sentences after the event: %w", err)
	}
	byID := make(map[uint32]corpus.IndexedSentence, len(sents))
	for _, s := range sents {
		byID[s.ID] = s
	}
	an := e.analyzer()
	added := false
	for _, ev := range events {
		c := r.ranked[ev.at]
		lang := r.articles[c.ArticleID].Language
		if lang == "" {
			lang = e.language()
		}
		for d := uint32(1); d <= quoteReach; d++ {
			s, ok := byID[ev.from+d]
			if !ok || s.ArticleID != c.ArticleID {
				break
			}
			toks := an.Tokens(s.Text, lang)
			if !statesStance(s.Text, toks) {
				continue
			}
			q := candidate{IndexedSentence: s, toks: toks, mask: c.mask, coverage: c.coverage,
				features: c.features, typedNear: true}
			q.features[FeatAnswerType] = storyCause(evidenceFar)
			q.score = c.score + quotedLift
			// A quotation already among the candidates is raised, not
			// cited twice.
			r.ranked = slices.DeleteFunc(r.ranked, func(o candidate) bool { return o.ID == s.ID })
			r.ranked = append(r.ranked, q)
			added = true
			break
		}
	}
	if added {
		slices.SortStableFunc(r.ranked, func(a, b candidate) int { return cmpFloat(b.score, a.score) })
	}
	return nil
}

// quotedLift puts a quoted reason just above the event sentence it
// follows, and within closeToBest of it, so both are cited.
const quotedLift = 0.01

// stanceWords deny or refuse in a quotation: "Sovereignty is not for
// sale", "We cannot accept", "I will never". A bare "no" is the refusal
// itself ("No, President Trump"), not its reason.
var stanceWords = map[string]bool{"not": true, "never": true, "cannot": true, "cant": true,
	"wont": true, "isnt": true, "dont": true, "doesnt": true, "shouldnt": true, "wouldnt": true,
	"nunca": true, "jamais": true, "pas": true}

// statesStance reports whether a sentence quotes someone taking a stand
// (a denial or refusal in quotation marks) or gives a reason outright: a
// question or a plain report does not.
func statesStance(text string, toks []corpus.Token) bool {
	t := strings.TrimSpace(text)
	if strings.HasSuffix(t, "?") || strings.HasSuffix(t, "?”") || strings.HasSuffix(t, "?\"") {
		return false
	}
	if !strings.ContainsAny(t, "\"“”«»") {
		return false
	}
	for _, tk := range toks {
		if stanceWords[tk.Text] {
			return true
		}
	}
	return false
}
