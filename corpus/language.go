package corpus

import (
	"strings"

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
		return spanish.IsStopWord(w) || extraStopES[w]
	case langFR:
		return french.IsStopWord(w) || extraStopFR[w]
	}
	switch w {
	case "us", "also", "would", "could", "shall", "might", "must", "ll", "re", "ve", "d", "m", "yet":
		return true
	}
	return english.IsStopWord(w)
}

// extraStopES and extraStopFR are function words the Snowball lists lack
// that questions use ("¿Hay algún herido?", "Qu'ont-ils fait ?"),
// accents folded. Negations (ningún, aucun, personne) stay words: a yes/no
// answer turns on them.
var (
	extraStopES = map[string]bool{
		"mas": true, "si": true, "el": true, "tambien": true, "algun": true, "alguna": true,
		"alguno": true, "algunas": true, "algunos": true, "tan": true, "sido": true, "ser": true,
		"va": true, "van": true, "aun": true, "todavia": true, "alguien": true, "cual": true,
		"cuales": true, "como": true, "donde": true, "cuando": true, "quien": true, "quienes": true,
		"cuanto": true, "cuanta": true, "cuantos": true, "cuantas": true, "hacer": true, "hizo": true,
	}
	extraStopFR = map[string]bool{
		"etre": true, "etait": true, "ete": true, "meme": true, "ils": true, "elles": true,
		"cette": true, "cet": true, "quoi": true, "leurs": true, "tous": true, "tout": true,
		"toute": true, "toutes": true, "va": true, "vont": true, "quel": true, "quelle": true,
		"quels": true, "quelles": true, "combien": true, "pourquoi": true, "quand": true,
		"comment": true, "ou": true, "y": true, "faire": true,
	}
)

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

// questionCues are words that mark a question's language on their own:
// question words, auxiliaries and the verbs of asking. A question is too
// short for DetectLanguage's counts ("cuántas hectáreas se quemaron" has
// one marker at most), but its question word rarely leaves doubt. Accents
// are folded, so "cuántas" and "cuantas" both count.
var questionCues = map[string]int{
	"what": langEN, "who": langEN, "whom": langEN, "whose": langEN, "which": langEN,
	"when": langEN, "where": langEN, "why": langEN, "how": langEN, "did": langEN,
	"does": langEN, "do": langEN, "is": langEN, "are": langEN, "was": langEN,
	"were": langEN, "the": langEN, "say": langEN, "said": langEN, "many": langEN,
	"much": langEN, "any": langEN, "anyone": langEN, "has": langEN, "have": langEN,
	"will": langEN, "can": langEN, "whats": langEN, "wat": langEN, "ppl": langEN,

	"cuantos": langES, "cuantas": langES, "cuanto": langES, "cuanta": langES,
	"cuando": langES, "donde": langES, "quien": langES, "quienes": langES,
	"hubo": langES, "porque": langES, "cual": langES, "cuales": langES, "como": langES,
	"hay": langES, "dijo": langES, "dijeron": langES, "paso": langES, "algun": langES,
	"alguna": langES, "alguien": langES, "los": langES, "las": langES, "el": langES,
	"del": langES, "esta": langES, "estan": langES, "fue": langES, "fueron": langES,
	"ha": langES, "han": langES, "puede": langES, "pueden": langES, "hizo": langES,
	"hace": langES, "tiene": langES, "tienen": langES, "por": langES, "para": langES,

	"pourquoi": langFR, "combien": langFR, "quand": langFR, "quelle": langFR,
	"quel": langFR, "quelles": langFR, "quels": langFR, "comment": langFR, "quoi": langFR,
	"qui": langFR, "est": langFR, "dit": langFR, "les": langFR, "des": langFR,
	"du": langFR, "ont": langFR, "sont": langFR, "il": langFR, "ils": langFR,
	"elle": langFR, "elles": langFR, "aux": langFR, "au": langFR, "le": langFR,
	"une": langFR, "veut": langFR, "peut": langFR, "peuvent": langFR, "veulent": langFR,
	"vont": langFR, "fait": langFR, "font": langFR, "etait": langFR, "avait": langFR, "y": -1, "ou": langFR, "pour": langFR, "dans": langFR,
}

// DetectQuestionLanguage guesses the language of a question, a few words
// long, from its question words and function words, its accents and
// punctuation ("¿", "ñ", "è", "«") and its elisions ("qu'a", "l'usine").
// decided is false when nothing tells the three languages apart ("Bruno
// Bernard ?"); lang is then "en".
func DetectQuestionLanguage(text string) (lang string, decided bool) {
	var score [numLangs]float64
	for _, r := range text {
		switch r {
		case '¿', '¡', 'ñ', 'Ñ':
			score[langES] += 3
		case 'á', 'í', 'ó', 'ú', 'Á', 'Í', 'Ó', 'Ú':
			score[langES] += 1.5
		case 'è', 'ê', 'à', 'â', 'ç', 'ù', 'û', 'î', 'ô', 'ë', 'ï', 'œ', '«', '»', 'È', 'Ê', 'À', 'Ç':
			score[langFR] += 1.5
		case 'é', 'É':
			score[langFR] += 0.5
			score[langES] += 0.25
		}
	}
	var sc scanner
	sc.text = text
	for n := 0; n < 64; n++ {
		raw, _, end, ok := sc.next()
		if !ok {
			break
		}
		w := fold(raw)
		// A French elision: one or two letters and an apostrophe glued to
		// the next word ("l'", "qu'", "d'", "n'").
		if len(w) <= 2 && end < len(text) && (text[end] == '\'' || strings.HasPrefix(text[end:], "’")) &&
			end+1 < len(text) && w != "s" && w != "t" && w != "o" {
			switch w {
			case "l", "d", "qu", "c", "n", "j", "m":
				score[langFR] += 1.5
				continue
			}
		}
		if l, ok := questionCues[w]; ok {
			if l >= 0 {
				score[l] += 2
			}
			continue
		}
		var in []int
		for l := range numLangs {
			if isStopWord(w, l) {
				in = append(in, l)
			}
		}
		for _, l := range in {
			score[l] += 1 / float64(len(in))
		}
		if len(in) == 0 {
			if l, ok := suffixCue(w); ok {
				score[l] += 0.5
			}
		}
	}
	best, second := langEN, -1
	for l := range numLangs {
		if score[l] > score[best] {
			best = l
		}
	}
	for l := range numLangs {
		if l != best && (second < 0 || score[l] > score[second]) {
			second = l
		}
	}
	if score[best] < 1 || score[best]-score[second] < 0.75 {
		return "en", false
	}
	return langCodes[best], true
}

// suffixCue tells a word's language by an ending only one of the three
// languages uses often ("quemaron", "realojadas", "étaient").
func suffixCue(w string) (int, bool) {
	if len(w) < 6 {
		return 0, false
	}
	for _, s := range []string{"aron", "ieron", "ado", "ados", "ada", "adas", "ido", "idos", "ida", "idas", "cion", "ciones", "mente"} {
		if strings.HasSuffix(w, s) {
			return langES, true
		}
	}
	for _, s := range []string{"aient", "ait", "ees", "eux", "euse", "ement", "ient"} {
		if strings.HasSuffix(w, s) {
			return langFR, true
		}
	}
	for _, s := range []string{"ing", "ed", "ly"} {
		if strings.HasSuffix(w, s) {
			return langEN, true
		}
	}
	return 0, false
}
