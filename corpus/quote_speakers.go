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
	words := make(map[string][]string, len(counts)) // name → its lower-cased words
	for n := range counts {
		names = append(names, n)
		words[n] = strings.Fields(strings.ToLower(n))
	}
	// Longest names first, so shorter ones have somewhere to join.
	sort.Slice(names, func(i, j int) bool {
		wi, wj := len(words[names[i]]), len(words[names[j]])
		if wi != wj {
			return wi > wj
		}
		if counts[names[i]] != counts[names[j]] {
			return counts[names[i]] > counts[names[j]]
		}
		return names[i] < names[j]
	})
	// A name may join a group whose name equals it ignoring case, ends with
	// its words, or (for a one-word name) starts with its word. The groups
	// are indexed by those keys so a name meets only the groups it could
	// join, instead of every group so far.
	type candidate struct {
		g     *SpeakerAliases
		order int // creation order: ties go to the older group
		seen  int // the last name that met it, so it counts once per name
	}
	var groups []*SpeakerAliases
	byFold := map[string][]*candidate{}
	bySuffix := map[string][]*candidate{}
	byFirst := map[string][]*candidate{}
	group := map[string]*SpeakerAliases{}
	for i, n := range names {
		var best *candidate
		if !isCollective(n) {
			nw := words[n]
			consider := func(cs []*candidate) {
				for _, c := range cs {
					if c.seen == i+1 {
						continue
					}
					c.seen = i + 1
					if best == nil || c.g.Quotes > best.g.Quotes || (c.g.Quotes == best.g.Quotes && c.order < best.order) {
						best = c
					}
				}
			}
			consider(byFold[foldKey(n)])
			if len(nw) > 0 {
				consider(bySuffix[strings.Join(nw, " ")])
			}
			if len(nw) == 1 {
				consider(byFirst[nw[0]])
			}
		}
		var g *SpeakerAliases
		if best != nil {
			g = best.g
		} else {
			g = &SpeakerAliases{Name: n}
			if !isCollective(n) {
				c := &candidate{g: g, order: len(groups)}
				byFold[foldKey(n)] = append(byFold[foldKey(n)], c)
				nw := words[n]
				for k := 1; k <= len(nw); k++ {
					key := strings.Join(nw[len(nw)-k:], " ")
					bySuffix[key] = append(bySuffix[key], c)
				}
				if len(nw) > 1 {
					byFirst[nw[0]] = append(byFirst[nw[0]], c)
				}
			}
			groups = append(groups, g)
		}
		g.Names = append(g.Names, n)
		g.Quotes += counts[n]
		group[n] = g
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

// foldKey maps s to the same key as every string strings.EqualFold
// matches it with: each rune becomes the smallest rune of its case-folding
// orbit.
func foldKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		b.WriteRune(least)
	}
	return b.String()
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

// SpeakerMatcher answers MatchSpeaker for many speakers at once: their
// names, aliases and words are lower-cased once and sorted, so a query
// costs a binary search instead of a pass over every name. It is
// read-only after NewSpeakerMatcher and safe for concurrent use.
type SpeakerMatcher struct {
	keys   []speakerKey // sorted by text
	groups int
}

type speakerKey struct {
	text  string // a lower-cased name or one of its words
	group int
}

// NewSpeakerMatcher indexes groups for Match.
func NewSpeakerMatcher(groups []SpeakerAliases) *SpeakerMatcher {
	m := &SpeakerMatcher{groups: len(groups)}
	for i, g := range groups {
		for _, n := range append(append([]string{g.Name}, g.Names...), g.Aliases...) {
			ln := strings.ToLower(n)
			m.keys = append(m.keys, speakerKey{ln, i})
			for _, w := range strings.Fields(ln) {
				if w != ln {
					m.keys = append(m.keys, speakerKey{w, i})
				}
			}
		}
	}
	sort.Slice(m.keys, func(i, j int) bool { return m.keys[i].text < m.keys[j].text })
	return m
}

// Match returns the positions in the indexed groups of the speakers
// MatchSpeaker(group, query) accepts, ascending: every group for a blank
// query.
func (m *SpeakerMatcher) Match(query string) []int {
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" {
		out := make([]int, m.groups)
		for i := range out {
			out[i] = i
		}
		return out
	}
	seen := map[int]bool{}
	var out []int
	for i := sort.Search(len(m.keys), func(i int) bool { return m.keys[i].text >= q }); i < len(m.keys) && strings.HasPrefix(m.keys[i].text, q); i++ {
		if g := m.keys[i].group; !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	sort.Ints(out)
	return out
}
