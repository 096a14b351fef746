package qa

import (
	"strings"

	"storybot/corpus"
)

// reportPhrasal are the phrasal verbs reports write, by the verb's form
// and then its particle, and the stems of the one-word verbs people ask with
// for them: "when did the plane leave" is answered by "the plane took off
// again", "how many apps were removed" by "both apps were taken off". The
// question side's phrasal table (synonyms.go) turns the asker's phrasal
// verb into one word; this turns the reporter's. A verb whose particle is
// a stop word is never searched as a phrase, so the sentence is found by
// its other words and credited here, at re-ranking. Each stem counts only
// when the question holds it: "take off" is leaving for a plane and
// removal for an app.
var reportPhrasal = map[string]map[string]string{
	"take":    {"off": "leav depart remov", "down": "remov"},
	"takes":   {"off": "leav depart remov"},
	"took":    {"off": "leav depart remov", "down": "remov"},
	"taken":   {"off": "leav depart remov", "down": "remov"},
	"taking":  {"off": "leav depart remov"},
	"pull":    {"out": "withdraw leav"},
	"pulled":  {"out": "withdraw leav"},
	"set":     {"free": "releas free", "off": "trigger"},
	"let":     {"go": "releas"},
	"turn":    {"back": "return", "around": "return", "down": "reject refus declin"},
	"turned":  {"back": "return", "around": "return", "down": "reject refus declin"},
	"come":    {"back": "return", "off": "derail"},
	"came":    {"back": "return", "off": "derail"},
	"coming":  {"off": "derail"},
	"go":      {"back": "return"},
	"went":    {"back": "return", "off": "explod"},
	"head":    {"back": "return"},
	"headed":  {"back": "return"},
	"call":    {"off": "cancel"},
	"called":  {"off": "cancel"},
	"blow":    {"up": "explod"},
	"blew":    {"up": "explod"},
	"blown":   {"up": "explod"},
	"break":   {"out": "erupt start"},
	"broke":   {"out": "erupt start"},
	"put":     {"out": "extinguish"},
	"shut":    {"down": "close"},
	"find":    {"out": "discov learn"},
	"found":   {"out": "discov learn"},
	"step":    {"down": "resign quit"},
	"stepped": {"down": "resign quit"},
	"give":    {"up": "surrend quit"},
	"gave":    {"up": "surrend quit"},
	"pass":    {"away": "die"},
	"passed":  {"away": "die"},
	"lock":    {"up": "jail"},
	"locked":  {"up": "jail"},
	"show":    {"up": "appear arriv"},
	"showed":  {"up": "appear arriv"},
	"carry":   {"out": "conduct"},
	"carried": {"out": "conduct"},
	"get":     {"on": "board"},
	"got":     {"on": "board"},
	"hold":    {"up": "delay"},
	"held":    {"up": "delay"},
	"look":    {"into": "investig"},
	"looking": {"into": "investig"},
	"touch":   {"down": "land"},
	"touched": {"down": "land"},
}

// objectPronouns, or a determiner and its noun, may stand between a verb
// and its particle ("set it free", "turn the plane around").
var (
	objectPronouns = map[string]bool{"it": true, "them": true, "him": true, "her": true, "us": true}
	determiners    = map[string]bool{"the": true, "a": true, "an": true, "his": true, "her": true, "its": true, "their": true}
)

// phrasalAt returns the position in qt of a stem the phrasal verb opening
// at toks[k] stands for, if the question holds one.
func (qt *queryTerms) phrasalAt(toks []corpus.Token, k int) (int, bool) {
	particles, ok := reportPhrasal[toks[k].Text]
	if !ok {
		return 0, false
	}
	for gap := 1; gap <= 3 && k+gap < len(toks); gap++ {
		if gap == 2 && !objectPronouns[toks[k+1].Text] ||
			gap == 3 && !determiners[toks[k+1].Text] {
			continue
		}
		stems, ok := particles[toks[k+gap].Text]
		if !ok {
			continue
		}
		if _, own := qt.index[toks[k].Stem]; own {
			// The verb is itself a question word.
			return 0, false
		}
		for _, s := range strings.Fields(stems) {
			if i, ok := qt.index[s]; ok {
				return i, true
			}
		}
	}
	return 0, false
}
