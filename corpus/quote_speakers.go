package corpus

import (
	"sort"
	"strings"
	"unicode"
)

// SpeakerAliases is one speaker across the whole corpus.
type SpeakerAliases struct {
	// Name is the canonical name: the fullest form any article uses.
	Name string
	// Names are the Quote.Speaker values grouped under Name, Name included:
	// "Sheinbaum" from an article that never gives her first name joins
	// "Claudia Sheinbaum".
	Names []string
	// Aliases are the other ways the articles name the speaker, sorted:
	// shorter names and role descriptions ("White House National Security
	// Council spokesman"). Pronouns and "the statement" are left out.
	Aliases []string
	Quotes  int
}

// Speakers groups the speakers of quotes drawn from many articles, most
// quoted first. ExtractQuotes canonicalises names within one article; this
// merges across articles a name with the longer names that end with it
// ("Sheinbaum" → "Claudia Sheinbaum") or, for a single word, start with it
// ("Kim" → "Kim Jong Un"), preferring the most quoted when several fit.
// Lowercase collective speakers ("police") are never merged. Quotes with no
// speaker are not counted.
func Speakers(quotes []Quote) []SpeakerAliases {
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
	// Longest names first, so shorter ones have somewhere to join.
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
	var groups []*SpeakerAliases
	group := map[string]*SpeakerAliases{}
	for _, n := range names {
		var best *SpeakerAliases
		if !isCollective(n) {
			for _, g := range groups {
				if isCollective(g.Name) {
					continue
				}
				if strings.EqualFold(g.Name, n) || endsWithWords(g.Name, n) || startsWithWords(g.Name, n) {
					if best == nil || g.Quotes > best.Quotes {
						best = g
					}
				}
			}
		}
		if best == nil {
			best = &SpeakerAliases{Name: n}
			groups = append(groups, best)
		}
		best.Names = append(best.Names, n)
		best.Quotes += counts[n]
		group[n] = best
	}
	aliases := map[*SpeakerAliases]map[string]bool{}
	for _, q := range quotes {
		g := group[q.Speaker]
		if g == nil {
			continue
		}
		if aliases[g] == nil {
			aliases[g] = map[string]bool{}
		}
		for _, a := range speakerAliasesOf(q, g) {
			aliases[g][a] = true
		}
	}
	out := make([]SpeakerAliases, 0, len(groups))
	for _, g := range groups {
		for a := range aliases[g] {
			g.Aliases = append(g.Aliases, a)
		}
		sort.Strings(g.Aliases)
		sort.Strings(g.Names)
		out = append(out, *g)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Quotes != out[j].Quotes {
			return out[i].Quotes > out[j].Quotes
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// speakerAliasesOf lists the names quote q gives its speaker other than g.Name:
// its Speaker, and its Attribution split into the role and the name
// ("White House National Security Council spokesman James Hewitt").
func speakerAliasesOf(q Quote, g *SpeakerAliases) []string {
	var out []string
	add := func(s string) {
		s = strings.TrimSpace(strings.Trim(s, " ,.;:—-"))
		low := strings.ToLower(s)
		for _, d := range []string{"the ", "a ", "an "} {
			if strings.HasPrefix(low, d) {
				s, low = s[len(d):], low[len(d):]
			}
		}
		if s == "" || strings.EqualFold(s, g.Name) || isSpeakerPronoun(low) || !hasUpper(s) {
			return
		}
		out = append(out, s)
	}
	add(q.Speaker)
	attr := q.Attribution
	if attr == "" || isSpeakerPronoun(strings.ToLower(attr)) {
		return out
	}
	add(attr)
	for _, n := range append([]string{g.Name}, g.Names...) {
		if len(attr) > len(n) && strings.HasSuffix(attr, n) {
			add(strings.TrimSuffix(attr, n)) // the role words before the name
			break
		}
	}
	return out
}

// isCollective reports whether a speaker is an unnamed group ("police",
// "senior officials"), written lowercase by ExtractQuotes.
func isCollective(name string) bool {
	return !hasUpper(name)
}

func hasUpper(s string) bool {
	return strings.IndexFunc(s, unicode.IsUpper) >= 0
}

// MatchSpeaker reports whether query names speaker s: case-insensitively
// equal to, or a prefix of, its name, any alias, or any word of them
// ("sheinb" matches "Claudia Sheinbaum").
func MatchSpeaker(s SpeakerAliases, query string) bool {
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" {
		return true
	}
	for _, n := range append(append([]string{s.Name}, s.Names...), s.Aliases...) {
		ln := strings.ToLower(n)
		if strings.HasPrefix(ln, q) {
			return true
		}
		for _, w := range strings.Fields(ln) {
			if strings.HasPrefix(w, q) {
				return true
			}
		}
	}
	return false
}
