package qa

import (
	"context"
	"fmt"

	"storybot/corpus"
)

// questionLanguage guesses the language of a question with
// corpus.DetectQuestionLanguage. ok is false when nothing decides, and def
// comes back.
func questionLanguage(text, def string) (lang string, ok bool) {
	if l, ok := corpus.DetectQuestionLanguage(text); ok {
		return l, true
	}
	return def, false
}

// inLanguage rewrites text for analysis in lang: chat spellings and
// phrasal verbs are English ("y" is "why" in a chat, "and" in Spanish).
func inLanguage(text, lang string) string {
	if lang == "en" {
		return casualWords(text)
	}
	return text
}

// otherLanguages are tried, in order, for a question whose language its
// words do not decide and whose words the index partly lacks.
var otherLanguages = []string{"en", "es", "fr"}

// analyzeInLanguage analyses text in the language it is written in. When
// its words do not say and the index lacks some of its terms as analysed
// in def, the language whose analysis leaves the fewest terms unknown
// wins: "Que propose la direction ?" over French articles is French, its
// "que" and "la" being French stop words. Errors come from the index.
func (e *Engine) analyzeInLanguage(ctx context.Context, text string) (question, string, error) {
	an := e.analyzer()
	def := e.language()
	lang, decided := questionLanguage(text, def)
	q := analyzeQuestion(an, inLanguage(text, lang), lang)
	if len(q.terms) == 0 {
		return q, lang, nil
	}
	known, err := knownTerms(ctx, e.Index, q.terms)
	if err != nil {
		return q, lang, err
	}
	// Each try reads its words' postings, so only an undecided question
	// with a word the index lacks pays for it.
	if !decided && count(known) < len(q.terms) {
		for _, l := range otherLanguages {
			if l == def {
				continue
			}
			alt := analyzeQuestion(an, inLanguage(text, l), l)
			if len(alt.terms) == 0 {
				continue
			}
			k, err := knownTerms(ctx, e.Index, alt.terms)
			if err != nil {
				return q, lang, err
			}
			unknown, altUnknown := len(known)-count(known), len(k)-count(k)
			if altUnknown < unknown || altUnknown == unknown && count(k) > count(known) {
				q, lang, known = alt, l, k
			}
		}
	}
	var words map[string]string // stem → the word it came from
	for i, ok := range known {
		if ok {
			continue
		}
		if words == nil {
			words = make(map[string]string, len(q.terms))
			for _, t := range an.Tokens(inLanguage(text, lang), lang) {
				if _, ok := words[t.Stem]; !ok {
					words[t.Stem] = t.Text
				}
			}
		}
		fix, err := correction(ctx, e.Index, q.terms[i], words[q.terms[i]], lang)
		if err != nil {
			return q, lang, err
		}
		if fix != "" && !q.has(fix) {
			delete(q.index, q.terms[i])
			q.terms[i] = fix
			q.index[fix] = i
		}
	}
	return q, lang, nil
}

func count(known []bool) int {
	n := 0
	for _, k := range known {
		if k {
			n++
		}
	}
	return n
}

// knownTerms says which stems some sentence holds. Errors come from the
// index.
func knownTerms(ctx context.Context, idx Index, stems []string) ([]bool, error) {
	out := make([]bool, len(stems))
	for i, s := range stems {
		p, err := idx.Postings(ctx, s)
		if err != nil {
			return nil, fmt.Errorf("postings of %q: %w", s, err)
		}
		out[i] = len(p) > 0
	}
	return out, nil
}
