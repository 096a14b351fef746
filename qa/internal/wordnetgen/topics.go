package main

import (
	"bufio"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Topical relatives: words WordNet does not call synonyms but files under
// one topic and next to each other in its hierarchy — troops, army and
// military are three different things to WordNet (soldiers collectively,
// the land forces, the armed forces), all in the topic "military" and two
// steps from a common "force". A news reader asking about the army wants
// the sentence about troops.
//
// Two nouns are linked when their commonest senses, both attested in the
// sense-tagged corpus, share a topic domain (or one is the other's topic)
// and come within two hypernym steps of a common synset. A word linked to
// more than maxTopical others belongs to a broad cluster (legal documents,
// baseball positions) where the link says little, so it and its links are
// dropped.
const (
	maxTopical   = 6
	topicalSteps = 2
)

// nounSynset is what topical linking needs of a noun synset.
type nounSynset struct {
	hypernyms []string // offsets, instance hypernyms included
	topics    []string // offsets of its topic domains (;c)
}

// topicalLinks returns, for each linked stem, its topical relatives' stems,
// commonest first (by the sense-tagged count of their first sense). stemOf
// gives a lemma's stem, or "" for none.
func topicalLinks(dict string, stemOf func(string) string) (map[string][]string, error) {
	synsets, err := readNounSynsets(filepath.Join(dict, "data.noun"))
	if err != nil {
		return nil, err
	}
	first, err := readFirstNounSenses(filepath.Join(dict, "index.noun"))
	if err != nil {
		return nil, err
	}
	count, err := readFirstSenseCounts(filepath.Join(dict, "cntlist.rev"))
	if err != nil {
		return nil, err
	}
	// Where common nouns of different meanings share a stem (aid, aide;
	// troop, troops), the stem's links are those of the commonest.
	owner := map[string]string{}
	for _, l := range slices.Sorted(maps.Keys(first)) {
		st := stemOf(l)
		if st == "" {
			delete(first, l)
			continue
		}
		if o, ok := owner[st]; !ok || count[l] > count[o] {
			owner[st] = l
		}
	}
	for l := range first {
		if owner[stemOf(l)] != l {
			delete(first, l)
		}
	}
	near := func(offset string) map[string]bool {
		out := map[string]bool{offset: true}
		frontier := []string{offset}
		for step := 0; step < topicalSteps; step++ {
			var next []string
			for _, o := range frontier {
				for _, h := range synsets[o].hypernyms {
					if !out[h] {
						out[h] = true
						next = append(next, h)
					}
				}
			}
			frontier = next
		}
		return out
	}
	byTopic := map[string][]string{}
	lemmas := make([]string, 0, len(first))
	for l := range first {
		lemmas = append(lemmas, l)
	}
	slices.Sort(lemmas)
	for _, l := range lemmas {
		s, ok := synsets[first[l]]
		if !ok {
			continue
		}
		for _, t := range s.topics {
			byTopic[t] = append(byTopic[t], l)
		}
		// The topic's own word ("military") belongs with its members.
		byTopic[first[l]] = append(byTopic[first[l]], l)
	}
	links := map[string]map[string]bool{}
	topics := make([]string, 0, len(byTopic))
	for t := range byTopic {
		topics = append(topics, t)
	}
	slices.Sort(topics)
	for _, t := range topics {
		members := slices.Compact(slices.Sorted(slices.Values(byTopic[t])))
		for i, a := range members {
			na := near(first[a])
			for _, b := range members[i+1:] {
				if first[a] == first[b] {
					continue // true synonyms: the synonym rule's business
				}
				shared := false
				for o := range near(first[b]) {
					if na[o] {
						shared = true
						break
					}
				}
				if shared {
					for _, p := range [][2]string{{a, b}, {b, a}} {
						if links[p[0]] == nil {
							links[p[0]] = map[string]bool{}
						}
						links[p[0]][p[1]] = true
					}
				}
			}
		}
	}
	for l, rel := range links {
		if len(rel) > maxTopical {
			delete(links, l)
		}
	}
	out := map[string][]string{}
	for l, rel := range links {
		var kept []string
		for r := range rel {
			if _, ok := links[r]; ok {
				kept = append(kept, r)
			}
		}
		slices.SortFunc(kept, func(x, y string) int {
			if c := count[y] - count[x]; c != 0 {
				return c
			}
			return strings.Compare(x, y)
		})
		sl := stemOf(l)
		for _, r := range kept {
			if sr := stemOf(r); sr != sl && !slices.Contains(out[sl], sr) {
				out[sl] = append(out[sl], sr)
			}
		}
	}
	return out, nil
}

// readNounSynsets reads each noun synset's hypernyms and topic domains.
func readNounSynsets(path string) (map[string]nounSynset, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	out := map[string]nounSynset{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "  ") {
			continue // licence header
		}
		if i := strings.Index(line, " | "); i >= 0 {
			line = line[:i]
		}
		fs := strings.Fields(line)
		if len(fs) < 6 {
			continue
		}
		n, err := strconv.ParseInt(fs[3], 16, 32)
		if err != nil {
			return nil, fmt.Errorf("read %s: word count %q: %w", path, fs[3], err)
		}
		at := 4 + 2*int(n)
		if at >= len(fs) {
			continue
		}
		pc, err := strconv.Atoi(fs[at])
		if err != nil {
			return nil, fmt.Errorf("read %s: pointer count %q: %w", path, fs[at], err)
		}
		at++
		var s nounSynset
		for i := 0; i < pc && at+3 < len(fs); i++ {
			sym, off, pos := fs[at], fs[at+1], fs[at+2]
			at += 4
			if pos != "n" {
				continue
			}
			switch sym {
			case "@", "@i":
				s.hypernyms = append(s.hypernyms, off)
			case ";c":
				s.topics = append(s.topics, off)
			}
		}
		out[fs[0]] = s
	}
	return out, sc.Err()
}

// readFirstNounSenses maps each one-word noun whose senses the tagged
// corpus attests to the offset of its commonest sense.
func readFirstNounSenses(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 6 || strings.HasPrefix(sc.Text(), "  ") || strings.ContainsAny(fs[0], "_-.'0123456789") {
			continue
		}
		pc, err := strconv.Atoi(fs[3])
		if err != nil || 4+pc+2 >= len(fs) {
			continue
		}
		at := 4 + pc
		if tagged, _ := strconv.Atoi(fs[at+1]); tagged > 0 {
			out[fs[0]] = fs[at+2]
		}
	}
	return out, sc.Err()
}

// readFirstSenseCounts maps each noun to how often the tagged corpus uses
// its first sense.
func readFirstSenseCounts(path string) (map[string]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	out := map[string]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text()) // "army%1:14:00:: 1 61"
		if len(fs) != 3 || fs[1] != "1" {
			continue
		}
		lemma, key, ok := strings.Cut(fs[0], "%")
		if !ok || !strings.HasPrefix(key, "1:") {
			continue
		}
		n, _ := strconv.Atoi(fs[2])
		out[lemma] += n
	}
	return out, sc.Err()
}
