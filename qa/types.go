package qa

import (
	"sort"
	"strings"

	"storybot/corpus"
)

// typeEntry lists the answerKinds a stem's word is an instance or a kind
// of, space-separated: {"franc", "countri nation"}.
type typeEntry struct {
	stem, kinds string
}

// isAnswerKind reports whether stem is a category noun of the type table
// (country, religion, river, …).
func isAnswerKind(stem string) bool {
	i := sort.SearchStrings(answerKinds[:], stem)
	return i < len(answerKinds) && answerKinds[i] == stem
}

// isKindOf reports whether the type table says a word with this stem is
// an instance or a kind of the category kind: France of country, the
// Seine of river, Catholicism of religion.
func isKindOf(stem, kind string) bool {
	i := sort.Search(len(typeTable), func(i int) bool { return typeTable[i].stem >= stem })
	if i == len(typeTable) || typeTable[i].stem != stem {
		return false
	}
	for rest := typeTable[i].kinds; rest != ""; {
		var k string
		k, rest, _ = strings.Cut(rest, " ")
		if k == kind {
			return true
		}
	}
	return false
}

// kindWords ask for a sort of the noun after "of": "what kind of
// instrument" asks for an instrument.
var kindWords = map[string]bool{
	"kind": true, "kinds": true, "type": true, "types": true, "sort": true, "sorts": true,
	"form": true, "forms": true, "variety": true,
}

// focusKind reads the noun a what/which question asks for an instance of
// ("In what country …", "Which Chinese dynasty …", "What kind of
// instrument …") and returns its category stem, or "" when the question
// has none the type table knows.
func focusKind(toks []corpus.Token) string {
	for k, t := range toks {
		if t.Text != "what" && t.Text != "which" {
			continue
		}
		j := k + 1
		if j+1 < len(toks) && kindWords[toks[j].Text] && toks[j+1].Text == "of" {
			j += 2
		}
		if j < len(toks) && isAnswerKind(toks[j].Stem) {
			return toks[j].Stem
		}
		// One modifier may stand between: "what European country".
		if j+1 < len(toks) && !toks[j].Stop && !questionWords[toks[j].Text] && isAnswerKind(toks[j+1].Stem) {
			return toks[j+1].Stem
		}
	}
	return ""
}
