package corpus

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// speakerGroupsQuadratic is the grouping rule of Speakers written the
// obvious way, each name compared with every group so far: Speakers must
// group exactly as it does.
func speakerGroupsQuadratic(quotes []Quote) map[string]string {
	counts := map[string]int{}
	for _, q := range quotes {
		if q.Speaker != "" {
			counts[q.Speaker]++
		}
	}
	names := make([]string, 0, len(counts))
	for n := range counts {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		wi, wj := len(strings.Fields(names[i])), len(strings.Fields(names[j]))
		if wi != wj {
			return wi > wj
		}
		if counts[names[i]] != counts[names[j]] {
			return counts[names[i]] > counts[names[j]]
		}
		return names[i] < names[j]
	})
	type group struct {
		name   string
		quotes int
	}
	var groups []*group
	out := map[string]string{}
	for _, n := range names {
		var best *group
		if !isCollective(n) {
			for _, g := range groups {
				if isCollective(g.name) {
					continue
				}
				if strings.EqualFold(g.name, n) || endsWithWords(g.name, n) || startsWithWords(g.name, n) {
					if best == nil || g.quotes > best.quotes {
						best = g
					}
				}
			}
		}
		if best == nil {
			best = &group{name: n}
			groups = append(groups, best)
		}
		best.quotes += counts[n]
		out[n] = best.name
	}
	return out
}

func TestSpeakersGroupLikeComparingEveryGroup(t *testing.T) {
	first := []string{"Claudia", "Kim", "Ana", "kim", "CLAUDIA", "José", "Ana María", "Mr."}
	last := []string{"Sheinbaum", "Jong Un", "Ruiz", "sheinbaum", "Ruiz Díaz", "Smith", "Kim", "Ana"}
	roles := []string{"police", "officials", "the ministry", "Spokesman", "White House"}
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 7))
		var quotes []Quote
		for i := range 300 {
			var name string
			switch rng.IntN(6) {
			case 0:
				name = first[rng.IntN(len(first))]
			case 1:
				name = last[rng.IntN(len(last))]
			case 2:
				name = roles[rng.IntN(len(roles))]
			case 3:
				name = first[rng.IntN(len(first))] + "  " + last[rng.IntN(len(last))]
			default:
				name = first[rng.IntN(len(first))] + " " + last[rng.IntN(len(last))]
			}
			quotes = append(quotes, Quote{ArticleID: fmt.Sprintf("a%d", i%17), Speaker: name, Text: "x"})
		}
		want := speakerGroupsQuadratic(quotes)
		got := map[string]string{}
		for _, g := range Speakers(quotes) {
			for _, n := range g.Names {
				got[n] = g.Name
			}
		}
		if !reflect.DeepEqual(got, want) {
			for n := range want {
				if got[n] != want[n] {
					t.Errorf("seed %d: %q grouped under %q, want %q", seed, n, got[n], want[n])
				}
			}
		}
	}
}

func TestFoldKeyMatchesEqualFold(t *testing.T) {
	words := []string{"Kim", "KIM", "kim", "\u212aim", "ſmith", "Smith", "SMITH", "straße", "STRASSE", "Σίσυφος", "ΣΊΣΥΦΟΣ", "σίσυφοσ", "", "\xff", "\xfe"}
	for _, a := range words {
		for _, b := range words {
			if got, want := foldKey(a) == foldKey(b), strings.EqualFold(a, b); got != want {
				t.Errorf("foldKey(%q) == foldKey(%q) is %v, EqualFold %v", a, b, got, want)
			}
		}
	}
}

func TestSpeakerMatcherAgreesWithMatchSpeaker(t *testing.T) {
	groups := []SpeakerAliases{
		{Name: "Claudia Sheinbaum", Names: []string{"Claudia Sheinbaum", "Sheinbaum"}, Aliases: []string{"President Claudia Sheinbaum", "Mexico's president"}},
		{Name: "White House", Names: []string{"White House"}},
		{Name: "Kim Jong Un", Names: []string{"Kim", "Kim Jong Un"}},
		{Name: "police", Names: []string{"police"}},
		{Name: "ÉMILE Zola", Names: []string{"ÉMILE Zola"}},
	}
	m := NewSpeakerMatcher(groups)
	queries := []string{"", "  ", "sheinb", "SHEINBAUM", "claudia sheinbaum", "white house", "white", "house", "hou",
		"k", "kim jong", "jong", "un", "police", "pol", "émile", "ÉMI", "zola", "mexico's", "president c", "nobody", "a", "\xff"}
	for _, q := range queries {
		var want []int
		for i, g := range groups {
			if MatchSpeaker(g, q) {
				want = append(want, i)
			}
		}
		if got := m.Match(q); !reflect.DeepEqual(got, want) && (len(got) > 0 || len(want) > 0) {
			t.Errorf("Match(%q) = %v, MatchSpeaker accepts %v", q, got, want)
		}
	}
}

// startsWithWords and endsWithWords are the old pairwise rule on raw names,
// kept here as the reference the indexed grouping must agree with.
func startsWithWords(long, short string) bool {
	return wordsStartWith(strings.Fields(strings.ToLower(long)), strings.Fields(strings.ToLower(short)))
}

func endsWithWords(long, short string) bool {
	return wordsEndWith(strings.Fields(strings.ToLower(long)), strings.Fields(strings.ToLower(short)))
}
