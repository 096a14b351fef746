package main

import (
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"storybot/qa/internal/wordnet"
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

// topicalLinks returns, for each linked stem, its topical relatives' stems,
// commonest first (by the sense-tagged count of their first sense, from
// the cntlist.rev in dict). synsets, rank and tagged are as run reads them;
// stemOf gives a lemma's stem, or "" for none.
func topicalLinks(dict string, synsets map[string]*synset, rank map[senseKey]int, tagged map[senseKey]bool, stemOf func(string) string) (map[string][]string, error) {
	count, err := readFirstSenseCounts(filepath.Join(dict, "cntlist.rev"))
	if err != nil {
		return nil, err
	}
	noun := func(offset string) *synset {
		if s := synsets["n"+offset]; s != nil {
			return s
		}
		return &synset{}
	}
	first := map[string]string{} // one-word lemma → offset of its commonest, attested noun sense
	for k, r := range rank {
		if k.pos == 'n' && r == 0 && tagged[k] && !strings.ContainsAny(k.lemma, "_-.'0123456789") {
			first[k.lemma] = k.offset
		}
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
				for _, h := range noun(o).hypernyms {
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
		for _, t := range noun(first[l]).topics {
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

// readFirstSenseCounts maps each lemma to how often the tagged corpus uses
// its first noun sense.
func readFirstSenseCounts(path string) (map[string]int, error) {
	out := map[string]int{}
	err := wordnet.EachLine(path, func(line string) error {
		fs := strings.Fields(line) // "army%1:14:00:: 1 61"
		if len(fs) != 3 || fs[1] != "1" {
			return nil
		}
		lemma, key, ok := strings.Cut(fs[0], "%")
		if !ok || !strings.HasPrefix(key, "1:") {
			return nil
		}
		n, _ := strconv.Atoi(fs[2])
		out[lemma] += n
		return nil
	})
	return out, err
}
