package qa

import (
	"sort"
	"strings"
)

//go:generate go run ./internal/wordnetgen -dict /usr/share/wordnet -o related_table.go -words words_table.go

// relatedEntry links a stem to its derived forms and its synonyms, each a
// space-separated list of stems.
type relatedEntry struct {
	stem, derived, synonyms string
}

// relatedStems returns stems related to stem — derived forms first, then
// close synonyms — from the WordNet table, plus the country names the
// analyzer's abbreviations stand for; nil when there are none.
func relatedStems(stem string) []string {
	var out []string
	if e, ok := everyday[stem]; ok {
		out = append(out, strings.Fields(e)...)
	}
	if alias, ok := placeAliases[stem]; ok {
		out = append(out, alias...)
	}
	i := sort.Search(len(relatedTable), func(i int) bool { return relatedTable[i].stem >= stem })
	if i < len(relatedTable) && relatedTable[i].stem == stem {
		out = append(out, strings.Fields(relatedTable[i].derived)...)
		out = append(out, strings.Fields(relatedTable[i].synonyms)...)
	}
	return out
}

// placeAliases are what the analyzer's country abbreviations (us, uk)
// are also called; WordNet has the names but not these tokens.
var placeAliases = map[string][]string{
	"us":      {"america", "american"},
	"america": {"us", "american"},
	"uk":      {"britain", "british"},
	"britain": {"uk", "british"},
}

type multiword struct {
	stem string
	slot int
}

// multiwordExpansions returns single stems that stand for two adjacent
// words of the question together: "United States" is also us.
func multiwordExpansions(q *question) []multiword {
	var out []multiword
	for _, p := range q.pairs {
		a, b := q.terms[p[0]], q.terms[p[1]]
		switch {
		case a == "unit" && b == "state":
			out = append(out, multiword{"us", p[1]}, multiword{"american", p[1]})
		case a == "unit" && b == "kingdom":
			out = append(out, multiword{"uk", p[1]}, multiword{"british", p[1]})
		}
	}
	return out
}
