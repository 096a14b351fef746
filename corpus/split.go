package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Split cuts one paragraph into sentences. Each sentence is a verbatim
// substring of paragraph with surrounding whitespace trimmed, in order; an
// all-whitespace paragraph gives none.
//
// A sentence ends at ".", "!", "?", "…" or "..." (plus any closing quotes
// and brackets) followed by whitespace and a word that can start a
// sentence. It does not end
//   - after titles and initials ("Mr.", "Gen.", "Sen.", "J. R. R. Tolkien"),
//     after "No." / "Feb." before a number, or after "U.S." / "a.m." / "Inc."
//     unless a typical sentence opener follows ("at 9 a.m. The next day");
//   - before a lowercase word, a dash or a comma;
//   - inside a quotation that carries on into its attribution:
//     `"Sovereignty is not for sale. Sovereignty is loved and defended,"
//     she added.` is one sentence, and so is `"Stop!" Trump said.`, because
//     a citation that cuts the speaker off misleads.
func Split(paragraph string) []string {
	p := paragraph
	spans := quoteSpans(p)
	var out []string
	start := 0
	for i := 0; i < len(p); {
		c := p[i]
		var termEnd int
		switch {
		case c == '.' || c == '!' || c == '?':
			termEnd = i + 1
		case strings.HasPrefix(p[i:], "…"):
			termEnd = i + len("…")
		default:
			if c < utf8.RuneSelf {
				i++
			} else {
				_, w := utf8.DecodeRuneInString(p[i:])
				i += w
			}
			continue
		}
		// A run of terminators ("?!", "...", ".…") is one end.
		for termEnd < len(p) {
			if b := p[termEnd]; b == '.' || b == '!' || b == '?' {
				termEnd++
			} else if strings.HasPrefix(p[termEnd:], "…") {
				termEnd += len("…")
			} else {
				break
			}
		}
		k, closedQuote := skipClosers(p, termEnd)
		if k+1 < len(p) && p[k] == ' ' && (strings.HasPrefix(p[k+1:], "”") || strings.HasPrefix(p[k+1:], "»")) {
			// "…every now and then.’ ” He was…": a closing quote set off
			// by a space still closes.
			k, closedQuote = skipClosers(p, k+1)
		}
		if k >= len(p) {
			break
		}
		r, _ := utf8.DecodeRuneInString(p[k:])
		if !unicode.IsSpace(r) {
			i = termEnd
			continue
		}
		n := k
		for n < len(p) {
			r, w := utf8.DecodeRuneInString(p[n:])
			if !unicode.IsSpace(r) {
				break
			}
			n += w
		}
		if n < len(p) && endsSentence(p, start, i, termEnd, k, n, closedQuote, spans) {
			if s := strings.TrimSpace(p[start:k]); s != "" {
				out = append(out, s)
			}
			start = n
		}
		i = n
		if i <= termEnd {
			i = termEnd
		}
	}
	if s := strings.TrimSpace(p[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

// skipClosers skips closing quotes and brackets after a terminator and
// reports whether a double closing quote was among them.
func skipClosers(p string, i int) (int, bool) {
	quote := false
	for i < len(p) {
		r, w := utf8.DecodeRuneInString(p[i:])
		switch r {
		case '"', '”', '»':
			quote = true
		case '\'', '’', ')', ']', '}':
		default:
			return i, quote
		}
		i += w
	}
	return i, quote
}

// endsSentence decides whether the terminator at p[term:termEnd], followed by
// closers up to k and whitespace up to n, ends the sentence begun at start.
func endsSentence(p string, start, term, termEnd, k, n int, closedQuote bool, spans []quoteSpan) bool {
	next := nextWord(p, n)
	if next.kind == nextOther && dashHeading(p[n:]) {
		// Not after a dateline's abbreviation ("ERIE, Pa. — Snow…",
		// "LOS ANGELES, Calif. — …").
		w := wordBefore(p, start, term)
		if p[term] != '.' || len(w) > 3 && !trailingAbbrevs[w] && !titles[w] && !months[w] && !strings.Contains(w, ".") {
			next.kind = nextUpper
		}
	}
	if next.kind == nextLower || next.kind == nextOther {
		return false
	}
	for _, s := range spans {
		if s.open < term && term < s.close && s.continues && k <= s.close {
			return false
		}
	}
	if closedQuote && attributionFollows(p, n, p[term] == '.') {
		return false
	}
	if p[term] != '.' || termEnd-term != 1 {
		return true
	}
	w := wordBefore(p, start, term)
	switch {
	case w == "":
		return true
	case titles[w]:
		return false
	case len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z':
		return false // an initial
	case numberAbbrevs[w] || months[w]:
		return next.kind != nextDigit
	case strings.Contains(w, ".") && dottedAbbrev(w) || trailingAbbrevs[w]:
		return next.kind == nextQuote || openers[next.word]
	}
	return true
}

// dashHeading reports whether s opens with a dash and a capitalised word
// or a quotation, a list item or subheading after a closed sentence
// ("…in the headlines? — Who leaked the documents?", "…statement. -
// Leak 'a crime, a felony' - The papers…").
func dashHeading(s string) bool {
	for _, d := range []string{"—", "–", "--", "-"} {
		if rest, ok := strings.CutPrefix(s, d+" "); ok {
			r, _ := utf8.DecodeRuneInString(rest)
			return unicode.IsUpper(r) || strings.ContainsRune("\"“'‘", r)
		}
	}
	return false
}

type nextKind int

const (
	nextUpper nextKind = iota
	nextLower
	nextDigit
	nextQuote // an opening quote or bracket
	nextOther
)

type following struct {
	kind nextKind
	word string
}

// nextWord classifies what follows a candidate sentence end.
func nextWord(p string, n int) following {
	r, w := utf8.DecodeRuneInString(p[n:])
	switch {
	case unicode.IsLower(r):
		return following{kind: nextLower}
	case unicode.IsDigit(r):
		return following{kind: nextDigit}
	case unicode.IsUpper(r) || unicode.IsLetter(r):
		e := n + w
		for e < len(p) {
			r, w := utf8.DecodeRuneInString(p[e:])
			if !unicode.IsLetter(r) {
				break
			}
			e += w
		}
		return following{kind: nextUpper, word: p[n:e]}
	case strings.ContainsRune("\"“‘'«([¿¡", r):
		m := n + w
		if m < len(p) {
			if r2, _ := utf8.DecodeRuneInString(p[m:]); unicode.IsLower(r2) {
				return following{kind: nextLower}
			}
		}
		return following{kind: nextQuote}
	}
	return following{kind: nextOther}
}

// wordBefore returns the word ending at p[term] (the dot), including inner
// dots of an abbreviation: "U.S" for "U.S.", "a.m" for "a.m.".
func wordBefore(p string, start, term int) string {
	b := term
	for b > start {
		r, w := utf8.DecodeLastRuneInString(p[start:b])
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || (r == '.' && b < term)) {
			break
		}
		b -= w
	}
	return strings.TrimLeft(p[b:term], ".")
}

// dottedAbbrev reports whether a word with inner dots is an abbreviation
// ("U.S", "a.m", "D.C"): parts of one or two letters. "11.30am" and
// "equifaxsecurity2017.com" are words that can end a sentence.
func dottedAbbrev(w string) bool {
	for part := range strings.SplitSeq(w, ".") {
		if len(part) > 2 {
			return false
		}
		for _, r := range part {
			if !unicode.IsLetter(r) {
				return false
			}
		}
	}
	return true
}

// attributionFollows reports whether the words at n name a speaker and a
// speech verb ("Trump said", "Foreign Ministry spokesperson Hua said"),
// meaning the quotation just closed is part of this sentence. After a
// quotation closed by a full stop (afterStop), the attribution must end
// at its verb ("…track.” he said.", not "…track.” He said he would…"):
// a speaker named with more to say starts a sentence of their own, which
// is how two quoted paragraphs run together read.
func attributionFollows(p string, n int, afterStop bool) bool {
	words := strings.Fields(p[n:min(len(p), n+80)])
	for i, w := range words {
		if i >= 6 {
			return false
		}
		bare := strings.TrimRight(w, ",.;:!?")
		if afterStop && (i >= 5 || strings.ContainsAny(w, "\"“”«»")) {
			// After a closed quotation, the speaker is named in four
			// words or fewer ("…track.” he said", "…” Foreign Ministry
			// spokesperson Hua said"); "…ran out.” The first “attack,”
			// she says, came…" is a sentence of its own.
			return false
		}
		if i > 0 && speechVerbs[strings.ToLower(bare)] {
			if afterStop && bare == w && i+1 < len(words) {
				return false
			}
			if afterStop && strings.HasSuffix(w, ":") {
				return false
			}
			return true
		}
		if bare != w && !titles[strings.TrimRight(w, ".")] {
			return false // the clause ended before any speech verb
		}
	}
	return false
}

type quoteSpan struct {
	open, close int // byte offsets of the opening and closing marks
	// continues says the sentence goes on after the closing mark: the
	// quotation ends with a comma, or a lowercase word or attribution follows.
	continues bool
}

// quoteSpans finds double-quoted passages. Straight quotes open after
// whitespace, an opening bracket or a dash, and close elsewhere.
func quoteSpans(p string) []quoteSpan {
	var spans []quoteSpan
	open := -1
	prev := ' '
	for i, r := range p {
		switch r {
		case '“', '«':
			open = i
		case '”', '»':
			if open >= 0 {
				spans = append(spans, closeSpan(p, open, i))
				open = -1
			}
		case '"':
			if open < 0 && (unicode.IsSpace(prev) || strings.ContainsRune("([{—–-:", prev) || i == 0) {
				open = i
			} else if open >= 0 {
				spans = append(spans, closeSpan(p, open, i))
				open = -1
			}
		}
		prev = r
	}
	return spans
}

func closeSpan(p string, open, close int) quoteSpan {
	s := quoteSpan{open: open, close: close}
	before := strings.TrimRight(p[open:close], "'’")
	_, w := utf8.DecodeRuneInString(p[close:])
	after := close + w
	switch {
	case strings.HasSuffix(before, ","):
		s.continues = true
	case after < len(p):
		n := after
		for n < len(p) && (p[n] == ' ' || p[n] == '\t') {
			n++
		}
		if n > after && n < len(p) {
			if r, _ := utf8.DecodeRuneInString(p[n:]); unicode.IsLower(r) || attributionFollows(p, n, strings.HasSuffix(before, ".")) {
				s.continues = true
			}
		}
	}
	return s
}

// Abbreviations are case-sensitive. "No." and "no." end no sentence
// before a number ("Flight no. 446"), where the word no is rare.
var titles = setOf("Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Gen", "Sen", "Rep", "Gov",
	"Lt", "Col", "Sgt", "Capt", "Cmdr", "Adm", "Maj", "Cpl", "Pvt", "Rev", "Hon",
	"Pres", "Supt", "Insp", "Det", "Fr", "Sr", "Sra", "Srta", "Mme", "Mlle", "Mgr",
	"St", "Mt", "Ft", "Messrs", "vs", "v", "approx", "cf", "Nos", "Gens")

var numberAbbrevs = setOf("No", "no", "Art", "Vol", "vol", "pp", "p", "Fig", "fig", "Op", "Sec", "Ch", "Ref", "Nr", "Núm",
	"ca", "c")

var months = setOf("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")

// trailingAbbrevs often end a sentence, so they end one when a typical
// sentence opener follows.
var trailingAbbrevs = setOf("Inc", "Corp", "Ltd", "Co", "Bros", "Jr", "Dept", "Univ",
	"Assn", "Ave", "Blvd", "Rd", "etc", "Ill", "Calif", "Fla", "Mass", "Wash", "Penn",
	"Conn", "Ariz", "Colo", "Mich", "Minn", "Tenn", "Okla", "Ore", "Wis", "Ky", "Ga",
	"La", "Md", "Va", "Nev", "Neb", "Kan", "Ala", "Miss", "Mo", "Del", "est", "Esq", "Gov't")

// openers are words that typically start a sentence in news prose.
var openers = setOf("The", "A", "An", "He", "She", "It", "They", "We", "I", "You",
	"His", "Her", "Its", "Their", "Our", "My", "This", "That", "These", "Those", "There",
	"Then", "But", "And", "Or", "So", "Yet", "In", "On", "At", "For", "After", "Before",
	"When", "While", "If", "As", "Some", "Many", "Most", "All", "No", "Yes", "However",
	"Meanwhile", "Also", "Still", "Now", "Later", "Earlier", "Officials", "Police",
	"What", "Why", "How", "Who", "Where", "Since", "Although", "Last", "Next", "One",
	"El", "La", "Los", "Las", "Le", "Les", "Il", "Elle", "Pero", "Mais")

var speechVerbs = setOf("said", "says", "say", "told", "tells", "added", "adds", "asked",
	"asks", "wrote", "writes", "tweeted", "explained", "noted", "insisted", "stated",
	"declared", "replied", "continued", "recalled", "warned", "announced", "admitted",
	"argued", "shouted", "posted", "according", "dijo", "afirmó", "añadió", "declaró",
	"a-t-il", "a-t-elle", "dit", "déclaré")

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
