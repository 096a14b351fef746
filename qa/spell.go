package qa

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Vocabulary lists the index's own stems, so a question word the index
// lacks can be matched to one within a small edit distance. An Index may
// satisfy it (store.DB and store.StoryView do); without it, no word is
// corrected.
type Vocabulary interface {
	// StemsLike returns the stems starting with prefix whose length in
	// bytes is between minLen and maxLen, and how many sentences hold each
	// (of a larger index than the one asked, possibly: Postings decides).
	StemsLike(ctx context.Context, prefix string, minLen, maxLen int) (stems []string, df []int, err error)
}

// maxEdits is how far a misspelt word (or stem) of this length may be
// from the corpus's: one edit (a letter added, dropped, changed or two
// swapped) for short words, where two would reach too many others, two
// from eight letters on.
func maxEdits(w string) int {
	switch n := utf8.RuneCountInString(w); {
	case n < 4:
		return 0
	case n < 8:
		return 1
	}
	return 2
}

// correction returns the stem of the index nearest to stem, the commonest
// in the index among the nearest, or "" when none is within maxEdits.
// word is the folded word stem was made from: a slip often changes what
// the stemmer strips ("workng" keeps its ending, "corporattion" loses
// "ation"), so a candidate also matches when the word is within reach of
// it plus a common ending of lang ("work"+"ing", "corpor"+"ation"). A
// typo rarely hits the first letter: the candidates are the stems
// sharing the first two letters, those starting with them swapped, with
// the second dropped or doubled ("tlemetry", "mnaged"), or with the second
// a neighbouring key's ("feiday"). Errors come from the index.
func correction(ctx context.Context, idx Index, stem, word, lang string) (string, error) {
	v, ok := idx.(Vocabulary)
	if word == "" {
		word = stem
	}
	k := maxEdits(word)
	if !ok || k == 0 || len(stem) < 2 || len(word) < 3 || lang == "en" && knownWord(stem) {
		return "", nil
	}
	type near struct {
		stem     string
		dist, df int
	}
	var found []near
	seen := make(map[string]bool)
	consider := func(prefix string, minLen, maxLen int, dist func(s string) int) error {
		stems, dfs, err := v.StemsLike(ctx, prefix, max(2, minLen), maxLen)
		if err != nil {
			return err
		}
		for i, s := range stems {
			if seen[s] || s == stem {
				continue
			}
			if d := dist(s); d > 0 && d <= k {
				seen[s] = true
				found = append(found, near{s, d, dfs[i]})
			}
		}
		return nil
	}
	// tails are the endings word ends with: a slip in the stem leaves the
	// ending whole ("corporattion" is "corpor" and "ation", one edit off).
	var tails []string
	longestTail := 0
	if k >= 2 {
		for _, e := range suffixes[lang] {
			if e != "" && strings.HasSuffix(word, e) {
				tails = append(tails, e)
				longestTail = max(longestTail, len(e))
			}
		}
	}
	// Between stems the reach is the stem's own: two edits on a stem the
	// stemmer cut short ("comun" of "comunista") reach too many others.
	kStem := min(k, max(1, maxEdits(stem)))
	if len(stem) < 4 && len(word) > 4 {
		kStem = 0 // "cos" of "cosas" is too short to guess; "apl" of "aple" is not
	}
	minLen, maxLen := len(stem)-kStem, len(stem)+kStem
	if len(tails) > 0 {
		minLen = min(minLen, len(word)-longestTail-1)
	}
	for _, p := range correctionPrefixes(word) {
		err := consider(p, minLen, maxLen, func(s string) int {
			d := editDistance(stem, s, kStem)
			if d > kStem {
				d = k + 1
			}
			if d > 2 && slices.ContainsFunc(tails, func(e string) bool {
				return oneEdit(word[:len(word)-len(e)], s, "")
			}) {
				d = 2
			}
			return d
		})
		if err != nil {
			return "", err
		}
	}
	// A slip in the ending ("workng" for "work"+"ing"): the stem is all
	// but the last few letters of word, and the range read is narrow.
	if k >= 2 {
		endings := suffixes[lang]
		longest := 0
		for _, e := range endings {
			longest = max(longest, len(e))
		}
		m := max(3, len(word)-longest-1)
		if m < len(word) {
			err := consider(word[:m], m, len(word), func(s string) int {
				if !strings.HasPrefix(word, s) {
					return k + 1
				}
				for _, e := range endings {
					if d := len(word) - len(s) - len(e); d >= -1 && d <= 1 && oneEdit(word, s, e) {
						return 2
					}
				}
				return k + 1
			})
			if err != nil {
				return "", err
			}
		}
	}
	slices.SortFunc(found, func(a, b near) int {
		if a.dist != b.dist {
			return a.dist - b.dist
		}
		if a.df != b.df {
			return b.df - a.df
		}
		return strings.Compare(a.stem, b.stem)
	})
	// Reading a posting list is the costly step; the first few nearest
	// are enough to find one this index holds.
	for _, c := range found[:min(len(found), maxCorrectionReads)] {
		ps, err := idx.Postings(ctx, c.stem)
		if err != nil {
			return "", fmt.Errorf("postings of %q: %w", c.stem, err)
		}
		if len(ps) > 0 {
			return c.stem, nil
		}
	}
	return "", nil
}

// An ending counts as an edit, else every real word one letter from a
// stem plus an ending ("server", "serve" for "serv") would count as a
// slip: measured, 0.8% of real words a story lacks are corrected with the
// cost, 1.7% without. Distance 0 through an ending is a derived word
// ("server" for "serv"), never a slip.

// suffixes are the endings the stemmers strip most often, by language.
var suffixes = map[string][]string{
	"en": {"", "e", "s", "es", "ed", "ing", "er", "ers", "ly", "ally", "ately", "ion", "ions",
		"ation", "ations", "ment", "ments", "ement", "ements", "y", "ies", "ity", "al", "ness", "ive", "ous",
		"ence", "ance", "ent", "ant", "ate", "ated", "ating", "ize", "ized", "ful", "ist", "ists"},
	"es": {"", "o", "a", "os", "as", "e", "es", "ar", "er", "ir", "ado", "ada", "ados", "adas",
		"ido", "ida", "idos", "idas", "ion", "iones", "cion", "ciones", "mente", "aron",
		"ieron", "ando", "iendo", "ia", "ias"},
	"fr": {"", "e", "es", "s", "er", "ez", "ent", "ee", "ees", "ement", "ion", "ions", "ait",
		"aient", "eur", "eurs", "euse", "ite", "ique", "iques", "ant"},
}

// correctionPrefixes are the two-letter prefixes a slip in word's first
// two letters may have hidden: its own, swapped, the first with the third
// (a second letter doubled or inserted, or the second and third
// swapped), and the first with each key next to the second.
func correctionPrefixes(word string) []string {
	if len(word) < 3 {
		return nil
	}
	out := []string{word[:2]}
	add := func(p string) {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	add(string([]byte{word[1], word[0]}))
	add(string([]byte{word[0], word[2]}))
	for _, n := range keyNeighbours[word[1]] {
		add(string([]byte{word[0], byte(n)}))
	}
	return out
}

// keyNeighbours are the letters next to each on a QWERTY keyboard (AZERTY
// swaps a few, which the first-two-letters swap covers in part).
var keyNeighbours = map[byte]string{
	'q': "wa", 'w': "qes", 'e': "wrd", 'r': "etf", 't': "ryg", 'y': "tuh", 'u': "yij",
	'i': "uok", 'o': "ipl", 'p': "o", 'a': "qsz", 's': "adwx", 'd': "sfe", 'f': "dgr",
	'g': "fht", 'h': "gjy", 'j': "hku", 'k': "jli", 'l': "ko", 'z': "xa", 'x': "zcs",
	'c': "xvd", 'v': "cbf", 'b': "vng", 'n': "bmh", 'm': "nj",
}

// maxCorrectionReads bounds the posting lists read to correct one word.
const maxCorrectionReads = 3

// editDistance is the optimal-string-alignment distance between a and b
// (insertions, deletions, substitutions and swaps of adjacent letters),
// by bytes; any value above limit comes back as limit+1.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	// Rows of a word-sized b live on the stack: correction calls this for
	// thousands of candidates.
	var buf [3 * 33]int
	var prev2, prev, cur []int
	if n := len(b) + 1; n <= 33 {
		prev2, prev, cur = buf[:n], buf[33:33+n], buf[66:66+n]
	} else {
		prev2, prev, cur = make([]int, n), make([]int, n), make([]int, n)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	if prev[len(b)] > limit {
		return limit + 1
	}
	return prev[len(b)]
}

// knownWord reports whether stem is a common English word (WordNet's
// sense-tagged vocabulary): a story that does not use it ("band") is no
// reason to read it as another word the story uses ("bank").
func knownWord(stem string) bool {
	_, ok := slices.BinarySearch(englishWords[:], stem)
	return ok
}

// oneEdit reports whether a is exactly one edit (a letter added, dropped,
// changed, or two adjacent swapped) from b+c, without building b+c.
func oneEdit(a, b, c string) bool {
	n := len(b) + len(c)
	at := func(i int) byte {
		if i < len(b) {
			return b[i]
		}
		return c[i-len(b)]
	}
	i := 0
	for i < len(a) && i < n && a[i] == at(i) {
		i++
	}
	// rest reports whether a[x:] equals (b+c)[y:].
	rest := func(x, y int) bool {
		if len(a)-x != n-y {
			return false
		}
		for ; x < len(a); x, y = x+1, y+1 {
			if a[x] != at(y) {
				return false
			}
		}
		return true
	}
	switch len(a) - n {
	case 0:
		if i == len(a) {
			return false
		}
		return rest(i+1, i+1) || i+1 < len(a) && a[i] == at(i+1) && a[i+1] == at(i) && rest(i+2, i+2)
	case 1:
		return rest(i+1, i)
	case -1:
		return rest(i, i+1)
	}
	return false
}
