package qa

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// casual are chat spellings and clippings that no stemmer or dictionary
// maps to the word the articles use.
var casual = map[string]string{
	"wat": "what", "wut": "what", "wht": "what", "whats": "what is", "wen": "when",
	"y": "why", "u": "you", "ur": "your", "r": "are", "ppl": "people", "yr": "year",
	"yrs": "years", "xmas": "christmas", "insta": "instagram", "cops": "police",
	"cop": "police", "govt": "government", "gov": "government", "prez": "president",
	"pres": "president", "sat": "satellite", "bc": "because", "cuz": "because",
	"coz": "because", "tho": "though", "thru": "through", "abt": "about", "b4": "before",
	"pic": "picture", "pics": "pictures", "vid": "video", "info": "information",
	"kids": "children", "kid": "child", "tv": "television", "ok": "okay",
}

// casualWords rewrites the chat spellings in text ("wat airline") as the
// words they stand for; everything else is left as typed.
func casualWords(text string) string {
	var b strings.Builder
	last := 0 // text[:last] is in b
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRuneInString(text[i:])
		if !isWord(r) {
			i += w
			continue
		}
		j := i
		for j < len(text) {
			r, w := utf8.DecodeRuneInString(text[j:])
			if !isWord(r) {
				break
			}
			j += w
		}
		if rep, ok := casual[strings.ToLower(text[i:j])]; ok {
			b.WriteString(text[last:i])
			b.WriteString(rep)
			last = j
		}
		i = j
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}
