package corpus

import (
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/spanish"
	"golang.org/x/text/unicode/norm"
)

// Token is one word of analysed text.
type Token struct {
	// Text is the normalised surface form: lowercase, accents and
	// compatibility forms folded ("México" → "mexico", "U.S." → "us").
	Text string
	// Stem is the Snowball stem of Text; stop words, numbers and the country
	// abbreviations keep Text as their stem.
	Stem string
	Stop bool
	// Start and End are byte offsets of the word in the original text, so
	// text[Start:End] is what the reader sees ("Trump's" for the token trump).
	Start, End int
}

// Analyzer turns text into tokens and index terms. The same Analyzer must be
// used for indexing and for questions, so that both sides agree on terms.
//
// Tokenisation rules, in short:
//   - words are runs of letters, digits and combining marks; hyphens, dashes,
//     slashes and other punctuation separate words ("drug-trafficking" →
//     drug, trafficking);
//   - an apostrophe followed by s ends a possessive that is folded into the
//     word ("Trump's" → trump); other apostrophes separate ("l'armée" → l,
//     armee; "don't" → don, t, both stop words);
//   - numbers keep inner decimal points and drop thousands commas ("1.13",
//     "1,000" → "1000"); letters glued after a number are a separate token
//     ("$1.13bn" → "1.13", "bn"; the "$" is dropped);
//   - dotted abbreviations collapse ("U.S." / "U.S" → "us", "a.m." → "am"),
//     and the United States, United Kingdom, United Nations and European Union
//     written as U.S. / US / USA / U.S.A., U.K. / UK, U.N. / UN, E.U. / EU map
//     to the tokens us, uk, un, eu, which are never stop words — unlike the
//     lowercase pronoun "us" (English) or article "un" (French).
//
// Stems are memoised per language in a bounded, sharded cache, so an
// Analyzer is safe for concurrent use and gets faster as it sees more text.
type Analyzer struct {
	langs [numLangs]wordCache
	// limit bounds how many distinct surface forms are memoised per
	// language; beyond it words are analysed afresh each time.
	limit int64
}

// DefaultCacheWords is how many distinct surface forms NewAnalyzer memoises
// per language (about 30 MB at most for English news).
const DefaultCacheWords = 1 << 18

// NewAnalyzer returns a ready Analyzer, safe for concurrent use.
func NewAnalyzer() *Analyzer {
	a := &Analyzer{limit: DefaultCacheWords}
	for i := range a.langs {
		a.langs[i].pending = make(map[string]wordInfo)
	}
	return a
}

const (
	langEN = iota
	langES
	langFR
	numLangs
)

// langIndex maps an ISO 639-1 code to the analyzer's languages; anything
// unknown is analysed as English, the corpus's main language.
func langIndex(lang string) int {
	switch lang {
	case "es":
		return langES
	case "fr":
		return langFR
	}
	return langEN
}

type wordInfo struct {
	text, stem string
	stop       bool
}

// wordCache memoises word analyses. Readers look words up in an immutable
// snapshot without locking — the hot path while indexing on several cores;
// new words collect in pending under mu and are published in batches as a
// fresh snapshot, so copying stays amortised O(1) per word.
type wordCache struct {
	snap    atomic.Pointer[map[string]wordInfo]
	mu      sync.Mutex
	pending map[string]wordInfo
	size    int64 // words in snap and pending
}

// word returns the analysis of one raw surface form, memoised.
func (a *Analyzer) word(raw string, lang int) wordInfo {
	c := &a.langs[lang]
	if m := c.snap.Load(); m != nil {
		if w, ok := (*m)[raw]; ok {
			return w
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if w, ok := c.pending[raw]; ok {
		return w
	}
	w := analyzeWord(raw, lang)
	if c.size >= a.limit {
		return w
	}
	// raw may point into a large article; copy so the cache does not pin it.
	c.pending[strings.Clone(raw)] = w
	c.size++
	var published int
	old := c.snap.Load()
	if old != nil {
		published = len(*old)
	}
	if len(c.pending) >= max(64, published/8) || c.size >= a.limit {
		next := make(map[string]wordInfo, published+len(c.pending))
		if old != nil {
			for k, v := range *old {
				next[k] = v
			}
		}
		for k, v := range c.pending {
			next[k] = v
		}
		c.snap.Store(&next)
		c.pending = make(map[string]wordInfo)
	}
	return w
}

// analyzeWord normalises, stop-checks and stems one surface form.
func analyzeWord(raw string, lang int) wordInfo {
	if raw == "" {
		return wordInfo{}
	}
	if c := raw[0]; c >= '0' && c <= '9' {
		t := strings.ReplaceAll(raw, ",", "")
		return wordInfo{text: t, stem: t}
	}
	if place, ok := placeAbbrev(raw); ok {
		return wordInfo{text: place, stem: place}
	}
	lower := strings.ToLower(raw)
	text := fold(raw)
	if strings.Contains(text, ".") {
		text = strings.ReplaceAll(text, ".", "")
		lower = text
	}
	stop := isStopWord(lower, lang) || isStopWord(text, lang)
	if stop {
		return wordInfo{text: text, stem: text, stop: true}
	}
	// The Spanish and French stemmers read accents ("investigación" and
	// "investigaciones" share a stem only with the "ó"; "limitée" needs
	// its "ée"), so they stem the accented word and the stem is folded.
	var stem string
	switch lang {
	case langES:
		stem = fold(spanish.Stem(accented(lower, text), true))
	case langFR:
		stem = fold(french.Stem(accented(lower, text), true))
	default:
		stem = english.Stem(text, true)
	}
	return wordInfo{text: text, stem: stem}
}

// accented is lower, a lowercase word, in composed form for the
// stemmers, or folded when it holds letters they do not know (Greek,
// ligatures): folded is fold(lower).
func accented(lower, folded string) string {
	if lower == folded {
		return lower
	}
	c := norm.NFC.String(lower)
	for _, r := range c {
		if r >= utf8.RuneSelf && !unicode.In(r, unicode.Latin) {
			return folded
		}
	}
	return c
}

// placeAbbrev recognises the country and union abbreviations whose letters
// collide with common words ("US" vs the pronoun "us").
func placeAbbrev(raw string) (string, bool) {
	switch raw {
	case "U.S.", "U.S", "US", "USA", "U.S.A.", "U.S.A":
		return "us", true
	case "U.K.", "U.K", "UK":
		return "uk", true
	case "U.N.", "U.N", "UN":
		return "un", true
	case "E.U.", "E.U", "EU":
		return "eu", true
	}
	return "", false
}

// fold lowercases and folds accents and compatibility forms, so that
// "México", "MEXICO" and "Mexico" are one word.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		switch r {
		case 'ß':
			b.WriteString("ss")
			continue
		case 'æ', 'Æ':
			b.WriteString("ae")
			continue
		case 'œ', 'Œ':
			b.WriteString("oe")
			continue
		case 'ø', 'Ø':
			r = 'o'
		case 'ł', 'Ł':
			r = 'l'
		case 'đ', 'Đ':
			r = 'd'
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// Tokens analyses text in language lang ("en", "es" or "fr"; anything else
// is treated as English). It never fails; text that is not valid UTF-8 is
// analysed as far as it decodes.
func (a *Analyzer) Tokens(text, lang string) []Token {
	l := langIndex(lang)
	out := make([]Token, 0, len(text)/6+1)
	var sc scanner
	sc.text = text
	for {
		raw, start, end, ok := sc.next()
		if !ok {
			return out
		}
		w := a.word(raw, l)
		out = append(out, Token{Text: w.text, Stem: w.stem, Stop: w.stop, Start: start, End: end})
	}
}

// Terms returns the stems of the non-stop tokens of text, in order.
func (a *Analyzer) Terms(text, lang string) []string {
	return a.AppendTerms(make([]string, 0, len(text)/10+1), text, lang)
}

// AppendTerms appends the stems of the non-stop tokens of text to dst and
// returns it, so bulk indexing can reuse one slice.
func (a *Analyzer) AppendTerms(dst []string, text, lang string) []string {
	l := langIndex(lang)
	var sc scanner
	sc.text = text
	for {
		raw, _, _, ok := sc.next()
		if !ok {
			return dst
		}
		if w := a.word(raw, l); !w.stop && w.stem != "" {
			dst = append(dst, w.stem)
		}
	}
}

// scanner finds word spans in text without allocating.
type scanner struct {
	text string
	pos  int
}

// byteClass: 0 other, 1 letter, 2 digit.
var byteClass = func() (t [256]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = 1
		t[c-32] = 1
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = 2
	}
	return t
}()

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// runeAt returns the rune at i and its width, classifying ASCII cheaply.
func (s *scanner) wordAt(i int) (width int, isDigit bool) {
	c := s.text[i]
	if c < utf8.RuneSelf {
		switch byteClass[c] {
		case 1:
			return 1, false
		case 2:
			return 1, true
		}
		return 0, false
	}
	r, w := utf8.DecodeRuneInString(s.text[i:])
	if r == utf8.RuneError && w <= 1 {
		return 0, false
	}
	if isWordRune(r) {
		return w, unicode.IsDigit(r) && r < 0x80
	}
	return 0, false
}

// next returns the next word: its raw surface form (without a possessive
// 's) and the byte span to report, which includes the possessive.
func (s *scanner) next() (raw string, start, end int, ok bool) {
	t := s.text
	i := s.pos
	for i < len(t) {
		if w, _ := s.wordAt(i); w > 0 {
			break
		}
		if t[i] < utf8.RuneSelf {
			i++
		} else {
			_, w := utf8.DecodeRuneInString(t[i:])
			i += w
		}
	}
	if i >= len(t) {
		s.pos = i
		return "", 0, 0, false
	}
	start = i
	if c := t[i]; c >= '0' && c <= '9' {
		i = scanNumber(t, i)
		s.pos = i
		return t[start:i], start, i, true
	}
	if j, ok := scanDotted(t, i); ok {
		s.pos = j
		return t[start:j], start, j, true
	}
	for i < len(t) {
		w, _ := s.wordAt(i)
		if w == 0 {
			break
		}
		i += w
	}
	end = i
	// Possessive: 's or ’s not followed by a letter.
	if n := apostropheAt(t, i); n > 0 && i+n < len(t) && (t[i+n] == 's' || t[i+n] == 'S') {
		k := i + n + 1
		if k >= len(t) {
			s.pos = k
			return t[start:i], start, k, true
		}
		if w, _ := s.wordAt(k); w == 0 {
			s.pos = k
			return t[start:i], start, k, true
		}
	}
	s.pos = i
	return t[start:i], start, end, true
}

// apostropheAt returns the width of an apostrophe (' or ’) at i, or 0.
func apostropheAt(t string, i int) int {
	if i < len(t) && t[i] == '\'' {
		return 1
	}
	if strings.HasPrefix(t[i:], "’") {
		return len("’")
	}
	return 0
}

// scanNumber consumes digits with inner decimal points and thousands
// separators ("1.13", "1,000,000").
func scanNumber(t string, i int) int {
	for i < len(t) {
		c := t[i]
		if c >= '0' && c <= '9' {
			i++
			continue
		}
		if (c == '.' || c == ',') && i+1 < len(t) && t[i+1] >= '0' && t[i+1] <= '9' {
			i++
			continue
		}
		break
	}
	return i
}

// scanDotted recognises dotted abbreviations made of single ASCII letters:
// "U.S.", "U.S", "a.m.", "U.S.A.". It returns the end of the abbreviation.
func scanDotted(t string, i int) (int, bool) {
	letters := 0
	j := i
	for j+1 < len(t) && isASCIILetter(t[j]) && t[j+1] == '.' {
		if j > i && !(t[j-1] == '.') {
			break
		}
		letters++
		j += 2
	}
	if letters == 0 {
		return 0, false
	}
	// "U.S" without the final dot: a last letter not followed by a letter.
	if j < len(t) && isASCIILetter(t[j]) && (j+1 == len(t) || !isASCIILetter(t[j+1])) {
		if j+1 < len(t) && t[j+1] >= utf8.RuneSelf {
			return 0, false
		}
		letters++
		j++
	}
	if letters < 2 {
		return 0, false
	}
	return j, true
}

func isASCIILetter(c byte) bool { return byteClass[c] == 1 }
