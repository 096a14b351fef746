package corpus

import (
	"slices"
	"strings"
	"unicode"
)

// TitledName is a person the text names together with their job title:
// "Mexican President Claudia Sheinbaum", "the president of Mexico, Claudia
// Sheinbaum", "Claudia Sheinbaum, Mexico's president".
type TitledName struct {
	// Role is the title phrase as lowercase words, the way the Analyzer
	// writes them (accents folded, "U.S."/"US"/"USA" → "us", possessive
	// and dots dropped), modifiers first and the job title itself last:
	// "U.S. President" → [us president], "the president of Mexico" →
	// [mexico president], "former President" → [former president], "the
	// president's spokesman" → [president spokesman].
	Role []string
	// Name is the person's name as written, without a possessive.
	Name string
}

// Limits on how far a title phrase reaches: a longer run of capitalised
// words is more likely a headline or a list than one title.
const (
	maxTitleModifiers = 6
	maxTitleNameWords = 5
)

// TitledNames finds the people one sentence names with a job title, in
// reading order, each (role, name) pair once. A job title is one of the
// words the quotation parser knows as roles (IsRoleWord); its modifiers
// are the capitalised or possessive words before it ("White House National
// Security Council spokesman") and an "of"/"for" phrase after it ("the
// president of Mexico"). The name is the run of capitalised words right
// after the title, or set off by commas beside it. A title with no name
// ("the president said") gives nothing.
func TitledNames(text string) []TitledName {
	words := titleWords(strings.Fields(text))
	var out []TitledName
	seen := map[string]bool{}
	for i := 0; i < len(words); i++ {
		if !words[i].role {
			continue
		}
		tn, end, ok := titledNameAt(words, i)
		i = end - 1 // the title's own role words are not titles again
		if !ok {
			continue
		}
		key := strings.Join(tn.Role, " ") + "\x00" + tn.Name
		if !seen[key] {
			seen[key] = true
			out = append(out, tn)
		}
	}
	return out
}

// titleWord is one whitespace-separated word with what the title reader
// needs to know of it.
type titleWord struct {
	core       string // punctuation and possessive trimmed: "Mexico" for "Mexico's,"
	lower      string // core lowercased
	capital    bool
	possessive bool // "Mexico's"
	role       bool // a job title
	open       bool // opens with a quotation mark or bracket: a new phrase starts
	stop       bool // ends with punctuation that ends a phrase (not an abbreviation's dot)
	comma      bool // ends with a comma
}

func titleWords(fields []string) []titleWord {
	out := make([]titleWord, len(fields))
	for i, f := range fields {
		t := trimWordPunct(f)
		core := trimPossessive(t)
		w := titleWord{
			core:       core,
			lower:      strings.ToLower(core),
			capital:    isCapitalisedWord(core),
			possessive: core != t,
		}
		w.role = w.lower != "" && isRoleWord(w.lower)
		if r, _ := firstRune(f); unicode.IsPunct(r) || isQuoteGlyph(r) {
			w.open = true
		}
		if j := strings.LastIndex(f, t); t != "" && j >= 0 {
			tail := f[j+len(t):]
			w.comma = strings.HasPrefix(tail, ",")
			w.stop = tail != ""
		} else {
			w.stop = true // nothing but punctuation
		}
		if strings.HasSuffix(f, ".") && !isNameAbbrev(f) {
			w.stop = true
		}
		out[i] = w
	}
	return out
}

func firstRune(s string) (rune, bool) {
	for _, r := range s {
		return r, true
	}
	return 0, false
}

// titledNameAt reads the title phrase whose first job-title word is
// words[i] and the name it goes with. end is just past the title's role
// words.
func titledNameAt(words []titleWord, i int) (tn TitledName, end int, ok bool) {
	// The title proper: consecutive role words ("Chief Executive Officer",
	// "the president's spokesman"); one ending in a possessive owns what
	// follows ("the president's decision") and names no one.
	end = i + 1
	for end < len(words) && !words[end-1].stop && words[end].role && !words[end].open {
		end++
	}
	last := words[end-1]
	if last.possessive {
		return TitledName{}, end, false
	}

	// Modifiers before it: capitalised words, possessives and qualifiers
	// such as "former", back to anything else.
	from := i
	for from > 0 && i-from < maxTitleModifiers {
		w := words[from-1]
		if w.stop || w.core == "" {
			break
		}
		qualifier := isHonorific(w.lower) && !w.capital
		if !(w.capital && !isNotName(w.lower) || w.possessive || qualifier) {
			break
		}
		from--
		if w.open {
			break
		}
	}
	start := from // where the whole noun phrase starts, determiner included
	if start > 0 && !words[start-1].stop && isDeterminer(words[start-1].lower) {
		start--
	}

	// An "of"/"for" phrase after it: "president of Mexico", "spokesman for
	// the National Security Council of the White House,".
	var post []string
	next := end
	if !last.stop && next < len(words) && (words[next].lower == "of" || words[next].lower == "for") && !words[next].capital {
		post, next = titlePostModifier(words, next+1)
	}

	role := make([]string, 0, end-from+len(post))
	for _, w := range words[from:i] {
		role = append(role, roleWordForm(w.core))
	}
	role = append(role, post...)
	for _, w := range words[i:end] {
		role = append(role, roleWordForm(w.core))
	}
	if hasEmptyWord(role) {
		return TitledName{}, end, false
	}

	phraseEnd := next // just past the phrase, post-modifier included
	closed := phraseEnd == len(words) || words[phraseEnd-1].stop
	switch {
	case !closed:
		// "Mexican President Claudia Sheinbaum", "Secretary of State Rex
		// Tillerson": the name follows directly.
		if name, _, ok := nameRunAt(words, phraseEnd); ok {
			return TitledName{Role: role, Name: name}, end, true
		}
	case words[phraseEnd-1].comma:
		// "the president of Mexico, Claudia Sheinbaum, said": the name set
		// off after the title. Unless it is closed off too, only a title
		// opening the sentence is trusted: "After meeting the president,
		// Sheinbaum said" names two people.
		if name, nameEnd, ok := nameRunAt(words, phraseEnd); ok && (start == 0 || nameEnd == len(words) || words[nameEnd-1].stop) {
			return TitledName{Role: role, Name: name}, end, true
		}
	}
	if closed && start > 0 && words[start-1].comma {
		// "Claudia Sheinbaum, Mexico's president, said": the name before.
		if name, ok := nameRunBefore(words, start-1); ok {
			return TitledName{Role: role, Name: name}, end, true
		}
	}
	return TitledName{}, end, false
}

// hasEmptyWord reports whether any role word came out empty (a word of
// punctuation only), which no analyzer token could match.
func hasEmptyWord(ws []string) bool {
	for _, w := range ws {
		if w == "" {
			return true
		}
	}
	return false
}

// titlePostModifier reads the capitalised phrase after "of"/"for" that
// belongs to a title, from words[from]. It returns the phrase's content
// words and the index just past what belongs to the title. A phrase
// running straight into a name ("of State Rex Tillerson") keeps only its
// portfolio words ("State"); any other phrase must end the title with
// punctuation ("of Mexico, Claudia Sheinbaum") or the name cannot be told
// from it.
func titlePostModifier(words []titleWord, from int) ([]string, int) {
	var content []string
	var portfolio int // leading words that are portfolios
	j := from
	for ; j < len(words) && j-from < 2*maxTitleModifiers; j++ {
		w := words[j]
		if w.open && j > from || w.core == "" {
			break
		}
		connector := !w.capital && (w.lower == "the" || w.lower == "of" || w.lower == "and" || w.lower == "for")
		if !w.capital && !connector {
			break
		}
		if w.capital {
			if len(content) == portfolio && isPortfolio(w.lower) {
				portfolio++
			}
			content = append(content, roleWordForm(w.core))
		}
		if w.stop {
			j++
			break
		}
	}
	if len(content) == 0 {
		return nil, from - 1
	}
	if words[j-1].stop || j == len(words) {
		if !words[j-1].capital {
			return nil, from - 1 // "of the, …"
		}
		return content, j
	}
	// No punctuation: only portfolio words are surely title, and only a
	// full name right after them ("of State Rex Tillerson") is surely not
	// ("for Foreign and Security Policy (currently …)").
	if portfolio == 0 {
		return nil, from - 1
	}
	k := from
	for seen := 0; seen < portfolio; k++ {
		if words[k].capital {
			seen++
		}
	}
	if j-k < 2 || slices.ContainsFunc(words[k:j], func(w titleWord) bool { return !w.capital }) {
		return nil, from - 1
	}
	return content[:portfolio], k
}

// nameRunAt reads a person's name starting at words[at]: capitalised words
// (with particles such as "de"), up to the first punctuation. It returns
// the name and the index just past it.
func nameRunAt(words []titleWord, at int) (string, int, bool) {
	var parts []string
	j := at
	for ; j < len(words) && len(parts) <= maxTitleNameWords; j++ {
		w := words[j]
		particle := len(parts) > 0 && isNameParticle(w.lower) && j+1 < len(words) &&
			(words[j+1].capital || isNameParticle(words[j+1].lower)) // "de la Fuente"
		if !w.capital && !particle || w.open && j > at {
			break
		}
		parts = append(parts, w.core)
		if w.stop || w.possessive {
			j++
			break
		}
	}
	if !validTitledName(words[at:j], parts) {
		return "", at, false
	}
	return strings.Join(parts, " "), j, true
}

// nameRunBefore reads a person's name ending at words[last] (which carries
// the comma before an appositive title), back to the first word that is
// not part of it.
func nameRunBefore(words []titleWord, last int) (string, bool) {
	first := last
	for first > 0 && last-first < maxTitleNameWords {
		w := words[first-1]
		if w.stop || w.possessive || !(w.capital || isNameParticle(w.lower) && first-1 > 0) {
			break
		}
		first--
		if w.open {
			break
		}
	}
	for first < last && (isNameParticle(words[first].lower) || isNotName(words[first].lower)) {
		first++ // "Meanwhile Sheinbaum, …"
	}
	if first > 0 {
		// "In Mexico, the president, …": a place, not a person.
		switch words[first-1].lower {
		case "in", "at", "from", "near", "across", "into", "throughout", "inside", "outside", "around":
			return "", false
		}
	}
	parts := make([]string, 0, last-first+1)
	for _, w := range words[first : last+1] {
		parts = append(parts, w.core)
	}
	if !validTitledName(words[first:last+1], parts) {
		return "", false
	}
	return strings.Join(parts, " "), true
}

// validTitledName rejects runs that are not a person's name: empty or too
// long, opening with a word that starts sentences ("However"), holding a
// title of its own, or naming an organisation.
func validTitledName(ws []titleWord, parts []string) bool {
	if len(parts) == 0 || len(parts) > maxTitleNameWords {
		return false
	}
	if isNotName(ws[0].lower) || isSpeechVerb(ws[0].lower) {
		return false
	}
	for _, w := range ws {
		if w.core == "" || w.role || isHonorific(w.lower) && w.lower != "sir" && w.lower != "lord" && w.lower != "lady" && w.lower != "dame" {
			return false
		}
	}
	name := strings.Join(parts, " ")
	return !isOrgName(name) && strings.IndexFunc(name, unicode.IsLetter) >= 0
}

func isDeterminer(w string) bool {
	return w == "the" || w == "a" || w == "an"
}

// roleWordForm writes a title word the way the Analyzer's token text
// does, so a role phrase compares with a question's tokens.
func roleWordForm(core string) string {
	if place, ok := placeAbbrev(core); ok {
		return place
	}
	// Folding can leave a space (NFKC makes the spacing ring above "˚" a
	// space and a combining ring, which accent folding drops); a token has
	// none.
	return strings.Join(strings.Fields(strings.ReplaceAll(fold(core), ".", "")), "")
}

// IsRoleWord reports whether a lowercase word is a job title ("president",
// "secretary", "spokesman") as the quotation parser and TitledNames know
// them.
func IsRoleWord(w string) bool {
	return isRoleWord(w)
}
