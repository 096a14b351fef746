package corpus

import (
	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/spanish"
)

// isStopWord reports whether a lowercase word is a stop word in lang. The
// Snowball packages' lists are used, plus a few words they lack that carry
// no meaning in a question ("us" the pronoun, "also", "would").
func isStopWord(w string, lang int) bool {
	switch lang {
	case langES:
		// Snowball lists "estado(s)" as forms of estar, but in news they
		// are mostly the noun: Estados Unidos.
		if w == "estados" || w == "estado" {
			return false
		}
		return spanish.IsStopWord(w) || w == "mas" || w == "si" || w == "el" || w == "tambien"
	case langFR:
		return french.IsStopWord(w) || w == "etre" || w == "etait" || w == "ete" || w == "meme"
	}
	switch w {
	case "us", "also", "would", "could", "shall", "might", "must", "ll", "re", "ve", "d", "m", "yet":
		return true
	}
	return english.IsStopWord(w)
}

// Words frequent in one language and rare in the other two; "de", "la",
// "en", "que" and "un" are shared by Spanish and French and so left out.
var languageMarkers = map[string]int{
	"the": langEN, "and": langEN, "of": langEN, "to": langEN, "is": langEN,
	"that": langEN, "was": langEN, "for": langEN, "with": langEN, "it": langEN,
	"he": langEN, "she": langEN, "said": langEN, "have": langEN, "are": langEN,
	"this": langEN, "by": langEN, "from": langEN, "his": langEN, "her": langEN,

	"el": langES, "los": langES, "las": langES, "del": langES, "y": langES,
	"por": langES, "para": langES, "con": langES, "una": langES, "es": langES,
	"su": langES, "al": langES, "lo": langES, "como": langES, "pero": langES,
	"fue": langES, "sus": langES, "esta": langES, "este": langES, "dijo": langES,

	"le": langFR, "les": langFR, "des": langFR, "du": langFR, "et": langFR,
	"est": langFR, "une": langFR, "pour": langFR, "dans": langFR, "qui": langFR,
	"pas": langFR, "au": langFR, "sur": langFR, "il": langFR, "elle": langFR,
	"ce": langFR, "avec": langFR, "sont": langFR, "aux": langFR, "ont": langFR,
}

var langCodes = [numLangs]string{langEN: "en", langES: "es", langFR: "fr"}

// DetectLanguage guesses whether text is English, Spanish or French from
// the share of each language's common function words, reading at most the
// first 4,000 words. It returns "en", "es" or "fr"; "en" when nothing
// decides.
func DetectLanguage(text string) string {
	var counts [numLangs]int
	var sc scanner
	sc.text = text
	var buf [16]byte
	for n := 0; n < 4000; n++ {
		raw, _, _, ok := sc.next()
		if !ok {
			break
		}
		if len(raw) > len(buf) {
			continue
		}
		w := buf[:len(raw)]
		for i := 0; i < len(raw); i++ {
			c := raw[i]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			w[i] = c
		}
		if l, ok := languageMarkers[string(w)]; ok {
			counts[l]++
		}
	}
	best := langEN
	for l := range counts {
		if counts[l] > counts[best] {
			best = l
		}
	}
	return langCodes[best]
}

// normalizeLanguage maps a declared language ("en", "English", "es-MX",
// "None") to one the analyzer knows, or "" when it is unknown or missing.
func normalizeLanguage(s string) string {
	if len(s) > 2 && (s[2] == '-' || s[2] == '_') {
		s = s[:2]
	}
	switch fold(s) {
	case "en", "eng", "english":
		return "en"
	case "es", "spa", "spanish", "espanol":
		return "es"
	case "fr", "fra", "fre", "french", "francais":
		return "fr"
	}
	return ""
}
