package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// category is a noun questions ask about after what/which ("In what
// country …", "Which dynasty …") and the WordNet senses of it an answer
// names an instance or a kind of. Senses are lemma#n, n counting from 1
// in WordNet's frequency order, picked by hand: "element" asks for a
// chemical element (sense 3), not a component (sense 1).
type category struct {
	noun   string
	senses []string
}

// categories were chosen from the nouns that follow what/which in the
// train halves of WikiQA and SQuAD (country, city, organization, treaty,
// dynasty, religion, cells, …), plus the kinds of thing such questions
// ask about in general (river, language, disease, instrument, war,
// element), leaving out people (who/which person is FeatAnswerType's
// name cue) and time and quantity nouns (year, percentage), which
// WordNet does not enumerate.
var categories = []category{
	{"country", []string{"country#1", "country#2"}},
	{"nation", []string{"country#1", "country#2"}},
	{"city", []string{"city#1", "city#2"}},
	{"town", []string{"town#1", "city#1"}},
	{"capital", []string{"capital#3"}},
	{"state", []string{"state#1"}},
	{"province", []string{"state#1"}},
	{"region", []string{"region#1"}},
	{"continent", []string{"continent#1"}},
	{"river", []string{"river#1"}},
	{"mountain", []string{"mountain#1"}},
	{"island", []string{"island#1"}},
	{"ocean", []string{"ocean#1", "sea#1"}},
	{"sea", []string{"sea#1", "ocean#1"}},
	{"lake", []string{"lake#1"}},
	{"planet", []string{"planet#1", "planet#3"}},
	{"religion", []string{"religion#1", "religion#2"}},
	{"faith", []string{"religion#1", "religion#2"}},
	{"language", []string{"language#1"}},
	{"dynasty", []string{"dynasty#1"}},
	{"empire", []string{"empire#1", "empire#2"}},
	{"tribe", []string{"tribe#1"}},
	{"profession", []string{"profession#2", "occupation#1"}},
	{"occupation", []string{"occupation#1"}},
	{"job", []string{"occupation#1"}},
	{"war", []string{"war#1"}},
	{"battle", []string{"battle#1"}},
	{"treaty", []string{"treaty#1"}},
	{"agreement", []string{"agreement#1", "treaty#1"}},
	{"organization", []string{"organization#1"}},
	{"company", []string{"company#1"}},
	{"party", []string{"party#1"}},
	{"army", []string{"army#1"}},
	{"court", []string{"court#1"}},
	{"university", []string{"university#2", "university#3"}},
	{"school", []string{"school#1"}},
	{"newspaper", []string{"newspaper#1"}},
	{"building", []string{"building#1"}},
	{"instrument", []string{"instrument#1", "musical_instrument#1"}},
	{"device", []string{"device#1"}},
	{"machine", []string{"machine#1"}},
	{"engine", []string{"engine#1"}},
	{"vehicle", []string{"vehicle#1"}},
	{"ship", []string{"ship#1"}},
	{"weapon", []string{"weapon#1"}},
	{"disease", []string{"disease#1"}},
	{"disorder", []string{"disorder#1"}},
	{"drug", []string{"drug#1"}},
	{"element", []string{"element#3"}},
	{"metal", []string{"metal#1"}},
	{"mineral", []string{"mineral#1"}},
	{"gas", []string{"gas#2"}},
	{"compound", []string{"compound#2"}},
	{"chemical", []string{"chemical#1"}},
	{"molecule", []string{"molecule#1"}},
	{"protein", []string{"protein#1"}},
	{"hormone", []string{"hormone#1"}},
	{"cell", []string{"cell#2"}},
	{"bacteria", []string{"bacteria#1"}},
	{"virus", []string{"virus#1"}},
	{"tissue", []string{"tissue#1"}},
	{"animal", []string{"animal#1"}},
	{"plant", []string{"plant#2"}},
	{"bird", []string{"bird#1"}},
	{"fish", []string{"fish#1"}},
	{"food", []string{"food#1"}},
	{"currency", []string{"currency#1"}},
	{"sport", []string{"sport#1"}},
	{"game", []string{"game#1"}},
	{"award", []string{"award#2", "award#3"}},
	{"prize", []string{"award#3"}},
	{"genre", []string{"genre#1", "genre#3", "genre#4"}},
	{"philosophy", []string{"philosophy#1"}},
	{"ideology", []string{"ideology#1"}},
	{"movement", []string{"movement#4"}},
	{"theory", []string{"theory#1"}},
	{"festival", []string{"festival#1"}},
	{"holiday", []string{"holiday#2"}},
}

// Limits on the closure, which keep the table to answers a reader would
// accept: a word counts by its first typeSenses senses only (Paris the
// city, not the plant genus), and a category at most typeDepth hypernym
// or instance links above (Latin → Italic → Indo-European → natural
// language → language).
const (
	typeSenses = 2
	typeDepth  = 5
)

// writeTypes writes the answer-type table: for each stem, the stems of the
// category nouns one of its words is an instance or a kind of.
func writeTypes(path string, synsets map[string]*synset, rank map[senseKey]int, common map[string]bool, stemOf func(string) string) error {
	senses := map[string][]string{} // noun lemma → synset offsets, by rank
	for k, r := range rank {
		if k.pos != 'n' {
			continue
		}
		s := senses[k.lemma]
		for len(s) <= r {
			s = append(s, "")
		}
		s[r] = k.offset
		senses[k.lemma] = s
	}
	kindsOf := map[string][]string{} // synset offset → category stems
	var doc strings.Builder
	for _, c := range categories {
		cs := stemOf(c.noun)
		if cs == "" {
			return fmt.Errorf("category %q: no single stem", c.noun)
		}
		fmt.Fprintf(&doc, "//   - %s (%s):", cs, c.noun)
		for _, sn := range c.senses {
			lemma, n, ok := strings.Cut(sn, "#")
			i, err := strconv.Atoi(n)
			if !ok || err != nil || i < 1 || i > len(senses[lemma]) || senses[lemma][i-1] == "" {
				return fmt.Errorf("category %q: no sense %q in WordNet", c.noun, sn)
			}
			off := senses[lemma][i-1]
			if !slices.Contains(kindsOf[off], cs) {
				kindsOf[off] = append(kindsOf[off], cs)
			}
			gloss := synsets["n"+off].gloss
			if j := strings.IndexByte(gloss, ';'); j >= 0 {
				gloss = gloss[:j]
			}
			fmt.Fprintf(&doc, " %s %q;", sn, gloss)
		}
		doc.WriteString("\n")
	}

	table := map[string]map[string]bool{}
	lemmas := make([]string, 0, len(senses))
	for l := range senses {
		lemmas = append(lemmas, l)
	}
	slices.Sort(lemmas)
	for _, l := range lemmas {
		st := stemOf(l)
		// One- and two-letter stems are symbols and codes (Al, Ca, co)
		// that ordinary words and initials would match.
		if len(st) < 3 {
			continue
		}
		for r, off := range senses[l] {
			if r >= typeSenses {
				break
			}
			// Common nouns outside the sense-tagged corpus are mostly
			// taxonomy and jargon no answer uses (sturgeon genera,
			// zinfandel); names are kept, since few of them are tagged
			// (the Seine, the Ming are not).
			if s := synsets["n"+off]; !common[l] && (s == nil || !s.instance && !s.capitalised[l]) {
				continue
			}
			// Breadth first up the hypernyms; the word's own synset is not
			// an answer to its category ("state" is not a kind of country).
			frontier, seen := []string{off}, map[string]bool{off: true}
			for depth := 1; depth <= typeDepth && len(frontier) > 0; depth++ {
				var next []string
				for _, o := range frontier {
					s := synsets["n"+o]
					if s == nil {
						continue
					}
					for _, h := range s.hypernyms {
						if seen[h] {
							continue
						}
						seen[h] = true
						next = append(next, h)
						for _, k := range kindsOf[h] {
							if k == st {
								continue
							}
							if table[st] == nil {
								table[st] = map[string]bool{}
							}
							table[st][k] = true
						}
					}
				}
				frontier = next
			}
		}
	}

	var b strings.Builder
	b.WriteString("// Code generated by go run ./internal/wordnetgen; DO NOT EDIT.\n")
	b.WriteString("// Source: WordNet 3.0 (Princeton University), Debian package wordnet-base.\n\n")
	b.WriteString("package qa\n\n")
	b.WriteString("// answerKinds are the category stems questions ask about after\n")
	b.WriteString("// what/which, sorted, with the nouns and WordNet senses they stand for:\n")
	b.WriteString("//\n")
	b.WriteString(doc.String())
	b.WriteString("var answerKinds = [...]string{\n")
	kinds := map[string]bool{}
	for _, c := range categories {
		kinds[stemOf(c.noun)] = true
	}
	for _, k := range keysOf(kinds) {
		fmt.Fprintf(&b, "%q,\n", k)
	}
	b.WriteString("}\n\n")
	b.WriteString("// typeTable is sorted by stem; each entry lists the answerKinds one of the\n")
	fmt.Fprintf(&b, "// stem's words is an instance or a kind of (first %d senses, %d links up).\n", typeSenses, typeDepth)
	b.WriteString("var typeTable = [...]typeEntry{\n")
	stems := make([]string, 0, len(table))
	for st := range table {
		stems = append(stems, st)
	}
	slices.Sort(stems)
	for _, st := range stems {
		fmt.Fprintf(&b, "{%q, %q},\n", st, strings.Join(keysOf(table[st]), " "))
	}
	b.WriteString("}\n")
	return writeGo(path, b.String())
}
