package qa

import (
	"strings"

	"storybot/corpus"
)

// Places and people in a sentence: runs of capitalised words. Without a
// gazetteer or a tagger the differ is strict about what it compares:
// places only among countries and US states, people only when a name is
// not who is speaking.

// nameLinks may stand inside a name: "Abu Bakr al-Baghdadi", "Charles de
// Gaulle".
var nameLinks = map[string]bool{"de": true, "del": true, "la": true, "van": true, "von": true,
	"der": true, "bin": true, "al": true, "el": true, "da": true, "di": true, "du": true, "le": true}

// honorifics open a name without being part of it.
var honorifics = map[string]bool{"mr": true, "mrs": true, "ms": true, "dr": true, "sen": true, "rep": true,
	"gov": true, "gen": true, "col": true, "lt": true, "sgt": true, "capt": true, "prof": true, "sir": true,
	"dame": true, "lord": true, "lady": true, "st": true, "pope": true, "king": true, "queen": true,
	"prince": true, "princess": true, "sheikh": true, "president": true, "prime": true, "minister": true}

// notPersonWords mark a capitalised run as an organisation, a thing or a
// place rather than a person.
var notPersonWords = map[string]bool{
	"police": true, "house": true, "department": true, "ministry": true, "agency": true, "press": true,
	"news": true, "times": true, "post": true, "university": true, "company": true, "inc": true,
	"corp": true, "airlines": true, "airline": true, "airways": true, "council": true, "court": true,
	"government": true, "party": true, "army": true, "force": true, "forces": true, "group": true,
	"office": true, "committee": true, "association": true, "union": true, "bank": true, "state": true,
	"states": true, "city": true, "county": true, "street": true, "church": true, "hospital": true,
	"airport": true, "station": true, "republic": true, "kingdom": true, "islands": true, "island": true,
	"service": true, "services": true, "guard": true, "fire": true, "club": true, "team": true,
	"festival": true, "day": true, "eve": true, "christmas": true, "year's": true, "twitter": true,
	"facebook": true, "instagram": true, "google": true, "apple": true, "microsoft": true, "reuters": true,
	"afp": true, "ap": true, "bbc": true, "cnn": true, "nbc": true, "abc": true, "cbs": true, "fox": true,
	"islamic": true, "isis": true, "isil": true, "daesh": true, "al-qaeda": true, "taliban": true,
	"road": true, "avenue": true, "square": true, "bridge": true, "park": true, "centre": true, "center": true,
	"school": true, "college": true, "senate": true, "congress": true, "parliament": true, "assembly": true,
	"commission": true, "organization": true, "organisation": true, "institute": true, "foundation": true,
	"news.com": true, "mail": true, "telegraph": true, "guardian": true, "journal": true, "herald": true,
	"world": true, "war": true, "north": true, "south": true, "east": true, "west": true, "central": true,
	"democrats": true, "republicans": true, "democratic": true, "republican": true, "federal": true,
	"national": true, "international": true, "foreign": true, "european": true, "u.s": true, "us": true,
	"un": true, "eu": true, "nato": true, "fbi": true, "cia": true, "nasa": true,
	"bay": true, "resort": true, "casino": true, "hotel": true, "beach": true, "promenade": true,
	"strip": true, "tower": true, "towers": true, "stadium": true, "arena": true, "hall": true,
	"museum": true, "theatre": true, "theater": true, "mall": true, "port": true, "valley": true,
	"river": true, "lake": true, "mountain": true, "mount": true, "sea": true, "ocean": true,
	"gulf": true, "coast": true, "province": true, "region": true, "district": true, "village": true,
	"papers": true, "series": true, "cup": true, "league": true, "prix": true, "grand": true,
	"award": true, "awards": true, "prize": true, "act": true, "bill": true, "law": true, "trump's": true,
	"inc.": true, "ltd": true, "llc": true, "group's": true, "airbus": true, "boeing": true, "tesla": true,
	"spacex": true, "falcon": true, "heavy": true, "allahu": true, "akbar": true,
}

// insideQuote reports whether byte offset at of text is inside a
// quotation: more opening than closing curly quotes before it, or an odd
// number of straight ones.
func insideQuote(text string, at int) bool {
	before := text[:at]
	return strings.Count(before, "“") > strings.Count(before, "”") || strings.Count(before, "\"")%2 == 1
}

// notNameStarts are capitalised words that open sentences and clauses.
var notNameStarts = map[string]bool{"the": true, "a": true, "an": true, "in": true, "on": true, "at": true,
	"but": true, "and": true, "it": true, "he": true, "she": true, "they": true, "we": true, "i": true,
	"this": true, "that": true, "there": true, "his": true, "her": true, "their": true, "its": true,
	"after": true, "before": true, "when": true, "while": true, "as": true, "if": true, "for": true,
	"some": true, "many": true, "one": true, "two": true, "officials": true, "authorities": true,
	"witnesses": true, "according": true, "however": true, "meanwhile": true, "earlier": true,
	"later": true, "also": true, "no": true, "yes": true, "not": true, "so": true, "then": true,
	"police": true, "el": true, "la": true, "los": true, "las": true, "le": true, "les": true,
	"un": true, "une": true, "des": true, "mr": true, "mrs": true, "ms": true, "dr": true}

// placePrepositions put the name after them in a place.
var namePlacePrepositions = map[string]bool{"in": true, "at": true, "near": true, "from": true, "outside": true,
	"en": true, "à": true, "a": true, "cerca": true, "dans": true, "into": true, "across": true, "to": true}

// namesIn finds the capitalised runs in text that are places (after a
// place preposition) or people (anything else not ruled out).
func namesIn(text string, toks []dtok, used []bool, kinds [numSpanKinds]bool) []span {
	var out []span
	for i := 0; i < len(toks); i++ {
		if used[i] || !toks[i].word || !toks[i].upper || labelWord(toks, i) {
			continue
		}
		first := i
		for first < len(toks) && toks[first].word && honorifics[strings.TrimSuffix(toks[first].low, ".")] &&
			first+1 < len(toks) && (toks[first+1].upper || toks[first+1].low == ".") {
			first++
			if toks[first].low == "." {
				first++
			}
		}
		if first >= len(toks) || !toks[first].upper || !toks[first].word {
			i = first
			continue
		}
		last := first
		for k := first + 1; k < len(toks); k++ {
			t := toks[k]
			if t.word && t.upper && !monthIndex(t.low).ok() && weekdays[t.low] == 0 && !labelWord(toks, k) {
				last = k
				continue
			}
			if (t.low == "-" && t.glued && k+1 < len(toks) && toks[k+1].glued && toks[k+1].word) ||
				(t.word && nameLinks[t.low] && k+1 < len(toks) && toks[k+1].upper) || (t.low == "." && t.glued && len(toks[k-1].low) == 1) {
				continue
			}
			break
		}
		i = last
		words := make([]string, 0, last-first+1)
		for k := first; k <= last; k++ {
			if toks[k].word {
				words = append(words, strings.TrimSuffix(strings.TrimSuffix(toks[k].low, "'s"), "’s"))
			}
		}
		if len(words) == 0 || monthIndex(words[0]).ok() && len(words) == 1 || weekdays[words[0]] > 0 {
			continue
		}
		sentenceStart := first == 0 || toks[first-1].low == "“" || toks[first-1].low == "\"" || toks[first-1].low == ":"
		if notNameStarts[words[0]] {
			if len(words) == 1 {
				continue
			}
			words = words[1:]
			first++
			sentenceStart = false
		}
		prev := ""
		if first > 0 {
			prev = toks[first-1].low
			if prev == "the" && first > 1 {
				prev = toks[first-2].low
			}
		}
		s := span{first: first, last: last, start: toks[first].start, end: toks[last].end, words: words}
		if namePlacePrepositions[prev] {
			if !kinds[kindPlace] {
				continue
			}
			s.kind = kindPlace
			out = append(out, s)
			continue
		}
		// A person is named, not after "the" ("the Mandalay Bay"), not
		// inside a quotation, and is not the one speaking. One word is as
		// often a town, a team or a nationality: it only confirms a full
		// name (see weakName).
		if !kinds[kindPerson] || sentenceStart && len(words) == 1 || prev == "the" ||
			first > 0 && toks[first-1].low == "the" || insideQuote(text, toks[first].start) || saysAround(toks, first, last) {
			continue
		}
		person := true
		for _, w := range words {
			if notPersonWords[w] || corpus.IsRoleWord(w) || places[w] != 0 || isAcronym(text[toks[first].start:toks[last].end]) {
				person = false
				break
			}
		}
		if !person {
			continue
		}
		s.kind = kindPerson
		out = append(out, s)
	}
	return out
}

// labelWord reports whether the word at k is glued to a number, a label
// like "F1" or "G20" rather than part of a name.
func labelWord(toks []dtok, k int) bool {
	return k+1 < len(toks) && toks[k+1].num && toks[k+1].glued
}

// saysAround reports whether the name at toks[first..last] is who is
// speaking: "X said", "said X", "according to X", "X told", "X, a
// spokesman, said". A speaker is a source, not the answer.
func saysAround(toks []dtok, first, last int) bool {
	for k := last + 1; k < len(toks) && k <= last+8; k++ {
		w := toks[k].low
		if attributionWords[w] || w == "says" || w == "tweeted" || w == "explained" || w == "noted" {
			return k <= last+2 || toks[last+1].low == ","
		}
		if w == "." || w == ";" {
			break
		}
	}
	for k := first - 1; k >= 0 && k >= first-3; k-- {
		w := toks[k].low
		if w == "said" || w == "says" || w == "according" || w == "told" {
			return true
		}
	}
	return false
}

func isAcronym(s string) bool {
	letters := 0
	for _, r := range s {
		if r >= 'a' && r <= 'z' {
			return false
		}
		if r >= 'A' && r <= 'Z' {
			letters++
		}
	}
	return letters >= 2
}

// places are the countries and US states, by tier: two places of the same
// tier that differ are different answers; a city and its country are
// not. Multi-word names are keyed by their words joined with spaces.
var places = func() map[string]int {
	m := map[string]int{}
	for _, c := range strings.Split("afghanistan albania algeria argentina armenia australia austria azerbaijan bahrain bangladesh belarus belgium bolivia bosnia brazil bulgaria cambodia cameroon canada chad chile china colombia congo croatia cuba cyprus czechia denmark ecuador egypt england eritrea estonia ethiopia finland france georgia germany ghana greece guatemala haiti honduras hungary iceland india indonesia iran iraq ireland israel italy jamaica japan jordan kazakhstan kenya kosovo kuwait kyrgyzstan laos latvia lebanon liberia libya lithuania luxembourg madagascar malawi malaysia mali malta mauritania mexico moldova mongolia montenegro morocco mozambique myanmar namibia nepal netherlands nicaragua niger nigeria norway oman pakistan palestine panama paraguay peru philippines poland portugal qatar romania russia rwanda scotland senegal serbia singapore slovakia slovenia somalia spain sudan sweden switzerland syria taiwan tajikistan tanzania thailand tunisia turkey turkmenistan uganda ukraine uruguay uzbekistan venezuela vietnam wales yemen zambia zimbabwe|new zealand|south africa|south korea|north korea|saudi arabia|sri lanka|costa rica|el salvador|united states|united kingdom|united arab emirates|czech republic|dominican republic|ivory coast|sierra leone|south sudan|burkina faso", "|") {
		if strings.Contains(c, " ") && !strings.Contains(c, "afghanistan") {
			m[c] = 1
			continue
		}
		for _, w := range strings.Fields(c) {
			m[w] = 1
		}
	}
	for _, s := range strings.Split("alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming|new hampshire|new jersey|new mexico|new york state|north carolina|north dakota|rhode island|south carolina|south dakota|west virginia", "|") {
		if strings.Contains(s, " ") && !strings.Contains(s, "alabama") {
			m[s] = 2
			continue
		}
		for _, w := range strings.Fields(s) {
			m[w] = 2
		}
	}
	return m
}()

// placeTier is the tier of a place name (1 country, 2 US state), 0 when
// the differ does not know it.
func placeTier(words []string) int {
	return places[strings.Join(words, " ")]
}

// weakName reports whether a person span is one word, which may agree
// with a full name ("Paddock") but never differs from anything.
func weakName(s span) bool { return s.kind == kindPerson && len(s.words) < 2 }

// sameName reports whether two names are one person or place: equal, or
// one's words end the other's ("Paddock", "Stephen Paddock"), or a single
// word starts it ("Kim", "Kim Jong Un"), as corpus.Speakers merges.
func sameName(a, b []string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) == 0 {
		return false
	}
	if endsWith(b, a) {
		return true
	}
	return len(a) == 1 && b[0] == a[0]
}
