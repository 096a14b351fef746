package qa

import (
	"context"
	"fmt"
	"slices"
	"unicode/utf8"

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
// phrasal verbs are each language's own ("y" is "why" in an English chat,
// "and" in Spanish; "q" is que in Spanish).
func inLanguage(text, lang string) string {
	return casualWordsIn(text, lang)
}

// otherLanguages are the analyzer's languages, tried in order for a
// question whose language its words do not decide, and for the stems of
// its words in the other languages (alternates, otherStem).
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
	// words are the question's terms as typed, for correction and for the
	// other languages' stems.
	words := make([]questionWord, len(q.terms))
	analysed := inLanguage(text, lang)
	for _, t := range an.Tokens(analysed, lang) {
		if i, ok := q.index[t.Stem]; ok && words[i].folded == "" {
			words[i] = questionWord{folded: t.Text, capital: startsUpper(analysed, t.Start),
				accented: !isASCII(analysed[t.Start:t.End])}
		}
	}
	for i, ok := range known {
		if ok {
			continue
		}
		fix, err := e.otherStem(ctx, q.terms[i], words[i], lang)
		if err != nil {
			return q, lang, err
		}
		// A word typed with its accents ("parlé") is spelt as meant: a
		// story that lacks it lacks the word, and the nearest spelling
		// it holds ("parti") is another word. So is a Spanish or French
		// word of the everyday table, which its relatives stand for:
		// "muertos" is not a misspelling of "mueren" but "tués".
		_, everydayWord := everyday[q.terms[i]]
		if fix == "" && !words[i].accented && !(lang != "en" && everydayWord) {
			if fix, err = correction(ctx, e.Index, q.terms[i], words[i].folded, lang); err != nil {
				return q, lang, err
			}
		}
		if fix != "" && !q.has(fix) && !(lang == "en" && commonWord(q.terms[i])) {
			delete(q.index, q.terms[i])
			q.terms[i] = fix
			q.index[fix] = i
			words[i] = questionWord{}
		}
	}
	q.alternates = alternates(an, q, words, lang)
	return q, lang, nil
}

// questionWord is a question's word as the analyzer folded it, and
// whether it was typed with a capital.
type questionWord struct {
	folded   string
	capital  bool
	accented bool
}

// isASCII reports whether s holds only ASCII bytes.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// otherStem returns the stem another language's analyzer makes of w that
// the index holds, or "". A story may mix languages: a Spanish question
// finds an English article's names, numbers and shared words ("Valencia",
// "hospital") by the English stem, and an English question a Spanish
// article's names ("Chiva" is chiv there). English questions try it for
// names only: other stemmers would turn English words into English stems
// of other words. Errors come from the index.
func (e *Engine) otherStem(ctx context.Context, stem string, w questionWord, lang string) (string, error) {
	if w.folded == "" || lang == "en" && !w.capital {
		return "", nil
	}
	an := e.analyzer()
	for _, l := range otherLanguages {
		if l == lang {
			continue
		}
		ts := an.Terms(w.folded, l)
		if len(ts) != 1 || ts[0] == stem {
			continue
		}
		p, err := e.Index.Postings(ctx, ts[0])
		if err != nil {
			return "", fmt.Errorf("postings of %q: %w", ts[0], err)
		}
		if len(p) > 0 {
			return ts[0], nil
		}
	}
	return "", nil
}

// alternate is another language's stem of a question's word, searched
// for in slot as the word itself.
type alternate struct {
	stem string
	slot int
}

// alternates are the stems the other languages' analyzers make of the
// question's words, where they differ: a story may mix languages, and
// each article is indexed in its own. A Spanish question finds an
// English article's names and shared words ("Amparo" is amparo there,
// ampar in Spanish); an English question only its names, as other
// stemmers would turn English words into stems of other English words.
func alternates(an *corpus.Analyzer, q question, words []questionWord, lang string) []alternate {
	var out []alternate
	for i, w := range words {
		if w.folded == "" || lang == "en" && !w.capital {
			continue
		}
		for _, l := range otherLanguages {
			if l == lang {
				continue
			}
			ts := an.Terms(w.folded, l)
			if len(ts) == 1 && !q.has(ts[0]) && !slices.ContainsFunc(out, func(a alternate) bool { return a.stem == ts[0] }) {
				out = append(out, alternate{ts[0], i})
			}
		}
	}
	return out
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
	// It reads whole lists, not a document frequency: they are the
	// question's own stems, which retrieval reads next from the index's
	// cache, so asking for the frequency first would add a query per stem
	// and spare no decoding (measured at 1M sentences: every stem read
	// here was read again by retrieval).
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
