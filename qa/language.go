package qa

import (
	"context"
	"fmt"

	"storybot/corpus"
)

// questionCues are interrogatives and other words that mark a question's
// language on their own, accents folded as the analyzer folds them. A
// question is too short for corpus.DetectLanguage's function-word counts
// ("cuantas hectareas se quemaron" has none), but its question word
// rarely leaves doubt.
var questionCues = map[string]string{
	"cuantos": "es", "cuantas": "es", "cuanto": "es", "cuanta": "es", "cuando": "es",
	"donde": "es", "quien": "es", "quienes": "es", "hubo": "es", "porque": "es",
	"cual": "es", "cuales": "es", "como": "es", "hay": "es", "dijo": "es",
	"pourquoi": "fr", "combien": "fr", "quand": "fr", "quelle": "fr", "quel": "fr",
	"quelles": "fr", "quels": "fr", "comment": "fr", "qu": "fr", "ou": "fr", "est": "fr",
	"dit": "fr", "les": "fr", "des": "fr",
}

// questionLanguage guesses the language of a question: its function words
// when corpus.DetectLanguage finds any, else its question words. ok is
// false when nothing decides, and def comes back.
func questionLanguage(an *corpus.Analyzer, text, def string) (lang string, ok bool) {
	if l := corpus.DetectLanguage(text); l != "en" {
		return l, true
	}
	var count [2]int
	for _, t := range an.Tokens(text, def) {
		switch questionCues[t.Text] {
		case "es":
			count[0]++
		case "fr":
			count[1]++
		}
	}
	switch {
	case count[0] > count[1]:
		return "es", true
	case count[1] > count[0]:
		return "fr", true
	}
	return def, false
}

// otherLanguages are tried, in order, for a question whose language its
// words do not decide and whose words the index partly lacks.
var otherLanguages = []string{"en", "es", "fr"}

// analyzeInLanguage analyses text in the language it is written in. When
// its words do not say, and most of its terms are missing from the index
// as analysed in def, the language whose analysis the index knows best
// wins: "la grève continue vendredi ?" over French articles is French.
// Errors come from the index.
func (e *Engine) analyzeInLanguage(ctx context.Context, text string) (question, string, error) {
	an := e.analyzer()
	def := e.language()
	text = casualWords(text)
	lang, decided := questionLanguage(an, text, def)
	q := analyzeQuestion(an, text, lang)
	if len(q.terms) == 0 {
		return q, lang, nil
	}
	known, err := knownTerms(ctx, e.Index, q.terms)
	if err != nil {
		return q, lang, err
	}
	// Another language is tried only when most words are unknown, not for
	// one misspelling: each try reads its words' postings.
	if !decided && 2*count(known) < len(q.terms) {
		for _, l := range otherLanguages {
			if l == def {
				continue
			}
			alt := analyzeQuestion(an, text, l)
			k, err := knownTerms(ctx, e.Index, alt.terms)
			if err != nil {
				return q, lang, err
			}
			if count(k) > count(known) {
				q, lang, known = alt, l, k
			}
		}
	}
	for i, ok := range known {
		if ok {
			continue
		}
		fix, err := correction(ctx, e.Index, q.terms[i])
		if err != nil {
			return q, lang, err
		}
		if fix != "" && !q.has(fix) && !(lang == "en" && commonWord(q.terms[i])) {
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
