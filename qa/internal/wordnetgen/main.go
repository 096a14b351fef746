// Command wordnetgen writes qa's table of related words from the WordNet
// 3.0 database as Debian packages it (apt-get install wordnet-base, files in
// /usr/share/wordnet). `go generate ./qa` runs it; its output,
// related_table.go, is committed, so building storybot needs no WordNet.
//
// The table links stems, as storybot's analyzer makes them, to:
//   - derived forms: WordNet's derivationally-related-form, pertainym and
//     participle links (die → death, Mexican → Mexico, attack → attacker),
//     plus irregular inflections (born → bear), and the inflections of
//     one verb to each other (saw ↔ seen);
//   - synonyms, curated: two words are linked only when they share a synset
//     that is one of the first two senses of each and is attested in
//     WordNet's sense-tagged corpus for both, so only a word's everyday
//     meaning brings in other words (refuse ↔ reject);
//   - topical relatives, after the synonyms and commonest first: nouns
//     WordNet files under one topic and near each other in its hierarchy
//     (troops ↔ army ↔ military; see topics.go).
//
// Words outside the sense-tagged vocabulary are left out, which keeps the
// table to common words and small.
package main

import (
	"flag"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"storybot/corpus"
	"storybot/qa/internal/wordnet"
)

func main() {
	dict := flag.String("dict", "/usr/share/wordnet", "WordNet 3.0 dict directory")
	out := flag.String("o", "related_table.go", "Go file to write")
	words := flag.String("words", "", "also write the table of common English stems to this Go file")
	flag.Parse()
	if err := run(*dict, *out, *words); err != nil {
		fmt.Fprintln(os.Stderr, "wordnetgen:", err)
		os.Exit(1)
	}
}

var posNames = []string{"noun", "verb", "adj", "adv"}

type synset struct {
	words []string
	// lexical pointers: source word index → target (offset, pos, word index)
	links []link
	// hypernyms (instance hypernyms included) and topic domains (;c), as
	// noun offsets; kept for noun synsets only
	hypernyms, topics []string
}

type link struct {
	from       int
	pos        byte
	offset     string
	to         int
	derivation bool
}

// sense is one lemma's place in a synset: its rank among the lemma's
// senses and whether the sense-tagged corpus attests it.
type senseKey struct {
	lemma  string
	pos    byte
	offset string
}

func run(dict, out, wordsOut string) error {
	synsets := map[string]*synset{} // pos+offset
	for _, p := range posNames {
		if err := readData(filepath.Join(dict, "data."+p), synsets); err != nil {
			return err
		}
	}
	rank := map[senseKey]int{}    // 0-based sense rank
	tagged := map[senseKey]bool{} // attested in the tagged corpus
	common := map[string]bool{}   // lemma has some tagged sense
	for _, p := range posNames {
		if err := readIndex(filepath.Join(dict, "index."+p), rank, tagged, common); err != nil {
			return err
		}
	}
	an := corpus.NewAnalyzer()
	stemOf := func(lemma string) string {
		if strings.ContainsAny(lemma, "_-.'0123456789") {
			return ""
		}
		t := an.Terms(lemma, "en")
		if len(t) != 1 {
			return ""
		}
		return t[0]
	}
	derived := map[string]map[string]bool{}
	synonyms := map[string]map[string]bool{}
	addTo := func(m map[string]map[string]bool, a, b string) {
		if a == "" || b == "" || a == b {
			return
		}
		if m[a] == nil {
			m[a] = map[string]bool{}
		}
		m[a][b] = true
	}
	keys := make([]string, 0, len(synsets))
	for k := range synsets {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, key := range keys {
		s := synsets[key]
		for _, l := range s.links {
			target := synsets[string(l.pos)+l.offset]
			if target == nil || l.from < 1 || l.from > len(s.words) || l.to < 1 || l.to > len(target.words) {
				continue
			}
			a, b := s.words[l.from-1], target.words[l.to-1]
			if !common[a] || !common[b] {
				continue
			}
			sa, sb := stemOf(a), stemOf(b)
			addTo(derived, sa, sb)
			addTo(derived, sb, sa)
		}
		pos := key[0]
		off := key[1:]
		for i, a := range s.words {
			ka := senseKey{a, pos, off}
			if !tagged[ka] || rank[ka] > 1 {
				continue
			}
			for j, b := range s.words {
				kb := senseKey{b, pos, off}
				if i == j || !tagged[kb] || rank[kb] > 1 {
					continue
				}
				addTo(synonyms, stemOf(a), stemOf(b))
			}
		}
	}
	forms := map[string][]string{} // base stem → its irregular forms' stems
	for _, p := range posNames {
		if err := readExceptions(filepath.Join(dict, p+".exc"), func(form, base string) {
			if common[base] {
				sf, sb := stemOf(form), stemOf(base)
				addTo(derived, sf, sb)
				addTo(derived, sb, sf)
				if sf != "" && sb != "" && sf != sb && !slices.Contains(forms[sb], sf) {
					forms[sb] = append(forms[sb], sf)
				}
			}
		}); err != nil {
			return err
		}
	}
	// The forms of one verb stand for each other as for their base: a
	// question's "saw" finds "seen", "sank" finds "sunk".
	for _, fs := range forms {
		for _, a := range fs {
			for _, b := range fs {
				addTo(derived, a, b)
			}
		}
	}

	if wordsOut != "" {
		if err := writeWords(wordsOut, dict, common, stemOf); err != nil {
			return err
		}
	}

	topical, err := topicalLinks(dict, synsets, rank, tagged, stemOf) // stem → relatives, commonest first
	if err != nil {
		return err
	}

	stems := map[string]bool{}
	for s := range derived {
		stems[s] = true
	}
	for s := range topical {
		stems[s] = true
	}
	for s := range synonyms {
		stems[s] = true
	}
	sorted := make([]string, 0, len(stems))
	for s := range stems {
		sorted = append(sorted, s)
	}
	slices.Sort(sorted)
	var b strings.Builder
	b.WriteString("// Code generated by go run ./internal/wordnetgen; DO NOT EDIT.\n")
	b.WriteString("// Source: WordNet 3.0 (Princeton University), Debian package wordnet-base.\n\n")
	b.WriteString("package qa\n\n")
	b.WriteString("// relatedTable is sorted by stem; see relatedStems.\n")
	b.WriteString("var relatedTable = [...]relatedEntry{\n")
	for _, s := range sorted {
		d := keysOf(derived[s])
		syn := keysOf(synonyms[s])
		syn = slices.DeleteFunc(syn, func(x string) bool { return derived[s][x] })
		for _, t := range topical[s] {
			if !derived[s][t] && !synonyms[s][t] {
				syn = append(syn, t)
			}
		}
		if len(d) == 0 && len(syn) == 0 {
			continue
		}
		fmt.Fprintf(&b, "{%q, %q, %q},\n", s, strings.Join(d, " "), strings.Join(syn, " "))
	}
	b.WriteString("}\n")
	src, err := format.Source([]byte(b.String()))
	if err != nil {
		return fmt.Errorf("format output: %w", err)
	}
	return os.WriteFile(out, src, 0o644)
}

func keysOf(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func readData(path string, synsets map[string]*synset) error {
	return wordnet.ReadData(path, func(d wordnet.Synset) error {
		pos := d.POS
		if pos == "s" {
			pos = "a"
		}
		s := &synset{}
		for _, w := range d.Words {
			s.words = append(s.words, strings.ToLower(w))
		}
		for _, p := range d.Pointers {
			if pos == "n" && p.POS == "n" {
				switch p.Symbol {
				case "@", "@i":
					s.hypernyms = append(s.hypernyms, p.Offset)
				case ";c":
					s.topics = append(s.topics, p.Offset)
				}
			}
			if p.Symbol != "+" && p.Symbol != "\\" && p.Symbol != "<" {
				continue
			}
			tpos := p.POS
			if tpos == "s" {
				tpos = "a"
			}
			s.links = append(s.links, link{from: p.Source, pos: tpos[0], offset: p.Offset, to: p.Target, derivation: p.Symbol == "+"})
		}
		synsets[pos+d.Offset] = s
		return nil
	})
}

func readIndex(path string, rank map[senseKey]int, tagged map[senseKey]bool, common map[string]bool) error {
	return wordnet.EachLine(path, func(line string) error {
		f := strings.Fields(line)
		if len(f) < 6 {
			return nil
		}
		lemma, pos := f[0], f[1][0]
		if pos == 's' {
			pos = 'a'
		}
		pc, err := strconv.Atoi(f[3])
		if err != nil || 4+pc+2 > len(f) {
			return nil
		}
		at := 4 + pc
		senses, _ := strconv.Atoi(f[at])
		tagCount, _ := strconv.Atoi(f[at+1])
		offsets := f[at+2:]
		if tagCount > 0 {
			common[lemma] = true
		}
		for i := 0; i < senses && i < len(offsets); i++ {
			k := senseKey{lemma, pos, offsets[i]}
			rank[k] = i
			tagged[k] = i < tagCount
		}
		return nil
	})
}

func readExceptions(path string, fn func(form, base string)) error {
	return wordnet.EachLine(path, func(line string) error {
		if fs := strings.Fields(line); len(fs) >= 2 {
			fn(fs[0], fs[1])
		}
		return nil
	})
}

// writeWords writes englishWords: the stems of the lemmas WordNet's
// sense-tagged corpus attests, and of their irregular forms, sorted. Spelling
// correction leaves these alone: a real word a story does not use is not
// a slip for one it does ("band" is not "bank").
func writeWords(out, dict string, common map[string]bool, stemOf func(string) string) error {
	set := map[string]bool{}
	for lemma := range common {
		if s := stemOf(lemma); s != "" {
			set[s] = true
		}
	}
	for _, p := range posNames {
		if err := readExceptions(filepath.Join(dict, p+".exc"), func(form, base string) {
			if s := stemOf(form); s != "" && common[base] {
				set[s] = true
			}
		}); err != nil {
			return err
		}
	}
	sorted := keysOf(set)
	var b strings.Builder
	b.WriteString("// Code generated by go run ./internal/wordnetgen; DO NOT EDIT.\n")
	b.WriteString("// Source: WordNet 3.0 (Princeton University), Debian package wordnet-base.\n\n")
	b.WriteString("package qa\n\n")
	fmt.Fprintf(&b, "// englishWords are %d common English stems, sorted; see knownWord.\n", len(sorted))
	b.WriteString("var englishWords = [...]string{\n")
	for i, s := range sorted {
		fmt.Fprintf(&b, "%q,", s)
		if i%10 == 9 {
			b.WriteString("\n")
		}
	}
	b.WriteString("\n}\n")
	src, err := format.Source([]byte(b.String()))
	if err != nil {
		return fmt.Errorf("format words: %w", err)
	}
	return os.WriteFile(out, src, 0o644)
}
