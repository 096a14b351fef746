package corpus

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ExtractQuotes finds the direct quotations in an article with their
// speakers, in reading order.
//
// Quotations are found per paragraph, so an unbalanced or misplaced quote
// mark (common in machine translation) can at worst mis-shape quotations in
// its own paragraph, never swallow the rest of the article. A quotation may
// run over several sentences; Quote.Sentence is where it starts. Each quote's
// Text is a verbatim substring of its paragraph's sentences joined by single
// spaces.
//
// Marks may be straight or curly, double or single (British style, in a
// paragraph with no double marks; apostrophes inside words are not marks),
// or guillemets. Titles, terms and scare quotes (a short span no speech
// verb attributes) are not quotations.
//
// Speakers are resolved from the attribution next to the quote ("…," she
// added; said Sheinbaum; Sheinbaum told reporters; She added: "…"; according
// to X; X's statement said; dismissed it, warning "…"), from he/she to the
// nearest person the pronoun fits (gender where the article gives it), from
// "the statement said" to whoever last issued a statement, from "the
// company said" to the organisation named as one, and from an unattributed
// quotation to a speaker of the two paragraphs before. Names are
// canonicalised within the article to the fullest form it uses
// ("Sheinbaum" → "Claudia Sheinbaum"; a surname two people share goes to
// the one named last), with titles, credits, places and headings dropped.
// Speaker is "" when nothing credible names a person or organisation.
func ExtractQuotes(a Article) []Quote {
	paras := quoteParagraphs(a.Sentences)
	spansOf := make([][]quoteRange, len(paras))
	last := -1 // the last paragraph with a quotation: who speaks after it matters to none
	for i, p := range paras {
		spansOf[i] = quotationRanges(p)
		if len(spansOf[i]) > 0 {
			last = i
		}
	}
	if last < 0 {
		return nil
	}
	known := articleNames(paras) // names anywhere in the article count
	paras = paras[:last+1]
	st := &speakerState{roles: map[string]string{}, spoke: map[string]bool{}, orgs: map[string]bool{}, gender: map[string]byte{}}
	var out []Quote
	var attrs []string
	var pending []int // indexes in out awaiting the next paragraph's speaker
	for pi, p := range paras {
		st.para, known.para = pi, pi
		spans := spansOf[pi]
		first := true
		for si, s := range p.starts {
			sentEnd := p.sentenceEnd(si)
			for qi, sp := range spans {
				if sp.open < s || sp.open >= sentEnd {
					continue
				}
				m, how := attributeQuote(p, spans, qi, st, known)
				var speaker string
				if how != attrExplicit && qi > 0 && spans[qi-1].open >= s && len(out) > 0 && out[len(out)-1].Speaker != "" {
					// The rest of an interrupted quotation, or a second
					// phrase quoted in one reported sentence ("said the
					// launch was “…” and a “major threat”").
					speaker, m = out[len(out)-1].Speaker, speakerMention{surface: attrs[len(attrs)-1]}
				} else {
					speaker = st.resolve(m, known)
				}
				if speaker == "" {
					// Nobody the article names said it: a bare quotation
					// after it is not the earlier speaker's either.
					st.last = speakerMention{}
				}
				if first && len(pending) > 0 && how == attrExplicit && sp.open == 0 {
					for _, i := range pending {
						out[i].Speaker = speaker
						attrs[i] = m.surface
					}
				}
				if first {
					pending = pending[:0]
				}
				first = false
				text := strings.TrimRight(strings.TrimSpace(p.text[sp.textStart():sp.textEnd(len(p.text))]), ",")
				text = strings.TrimSpace(text)
				if !quoteHasLetter(text) {
					continue
				}
				out = append(out, Quote{
					Text:        text,
					Speaker:     speaker,
					Attribution: m.surface,
					ArticleID:   a.ID,
					Paragraph:   p.num,
					Sentence:    p.index[si],
				})
				attrs = append(attrs, m.surface)
				if how != attrExplicit && sp.close < 0 && sp.open == 0 {
					pending = append(pending, len(out)-1)
				}
			}
			st.noteMention(p, si, spans, known)
		}
		if first {
			pending = pending[:0]
		}
	}
	for i := range out {
		out[i].Attribution = attrs[i]
	}
	return out
}

// quotePara is one paragraph's sentences joined by single spaces, with the
// byte offset where each sentence starts.
type quotePara struct {
	num    int
	text   string
	starts []int
	index  []int // Sentence.Index of each sentence
}

func (p quotePara) sentenceEnd(i int) int {
	if i+1 < len(p.starts) {
		return p.starts[i+1]
	}
	return len(p.text)
}

// sentenceAt returns the position in p.starts of the sentence holding byte off.
func (p quotePara) sentenceAt(off int) int {
	i := 0
	for j, s := range p.starts {
		if s <= off {
			i = j
		}
	}
	return i
}

func quoteParagraphs(sents []Sentence) []quotePara {
	var out []quotePara
	var b strings.Builder
	for i := 0; i < len(sents); {
		j := i
		n := 0
		for j < len(sents) && sents[j].Paragraph == sents[i].Paragraph {
			n += len(sents[j].Text) + 1
			j++
		}
		p := quotePara{num: sents[i].Paragraph, starts: make([]int, 0, j-i), index: make([]int, 0, j-i)}
		b.Reset()
		b.Grow(n)
		for _, s := range sents[i:j] {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			p.starts = append(p.starts, b.Len())
			p.index = append(p.index, s.Index)
			b.WriteString(s.Text)
		}
		p.text = b.String()
		out = append(out, p)
		i = j
	}
	return out
}

// quoteRange is one quotation in a paragraph: byte offsets of its opening mark and
// closing mark (-1 when it runs to the end of the paragraph).
type quoteRange struct {
	open, close int
	openLen     int
}

func (s quoteRange) textStart() int { return s.open + s.openLen }

func (s quoteRange) textEnd(n int) int {
	if s.close < 0 {
		return n
	}
	return s.close
}

// end is the offset just past the quotation, closing mark included.
func (s quoteRange) end(text string) int {
	if s.close < 0 {
		return len(text)
	}
	_, w := utf8.DecodeRuneInString(text[s.close:])
	return s.close + w
}

func isQuoteGlyph(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '«', '»', '‟', '″':
		return true
	}
	return false
}

type quoteMarkRole int

const (
	markAmbiguous quoteMarkRole = iota
	markOpening
	markClosing
)

// quoteMarkRoleAt decides whether a mark opens or closes from its neighbours rather
// than its glyph: machine translation and careless typing flip curly quotes,
// but "word," he / said “Word stay reliable.
func quoteMarkRoleAt(text string, i, w int) quoteMarkRole {
	var prev, next rune = ' ', ' '
	if i > 0 {
		prev, _ = utf8.DecodeLastRuneInString(text[:i])
	}
	if i+w < len(text) {
		next, _ = utf8.DecodeRuneInString(text[i+w:])
	}
	prevOpen := unicode.IsSpace(prev) || strings.ContainsRune("([{—–-:/", prev) || isQuoteGlyph(prev)
	nextClose := unicode.IsSpace(next) || unicode.IsPunct(next) && !strings.ContainsRune("¿¡'‘(", next)
	r, _ := utf8.DecodeRuneInString(text[i:])
	switch {
	case prevOpen && !nextClose:
		return markOpening
	case !prevOpen && nextClose:
		return markClosing
	case r == '“' || r == '„' || r == '«':
		return markOpening
	case r == '”' || r == '»':
		return markClosing
	}
	return markAmbiguous
}

// quoteRanges pairs the quote marks of one paragraph. When the marks are
// unbalanced, neighbouring quotations with no attributionKind between them are
// merged: that is how a mistranslated nested quote ("He said,” How can we…
// “And you know…) still comes out as one quotation.
func quoteRanges(text string) []quoteRange {
	if !hasDoubleMark(text) {
		// Only a paragraph with no double marks quotes with single ones
		// (British style); elsewhere single marks are nested quotations,
		// apostrophes or headline quotes inside a double-quoted paragraph.
		if strings.IndexByte(text, '\'') >= 0 || strings.Contains(text, "‘") || strings.Contains(text, "’") {
			return singleQuoteRanges(text)
		}
		return nil
	}
	var spans []quoteRange
	open, openLen := -1, 0
	unbalanced := false
	for i, r := range text {
		if !isQuoteGlyph(r) {
			continue
		}
		w := utf8.RuneLen(r)
		role := quoteMarkRoleAt(text, i, w)
		switch {
		case open < 0 && role != markClosing:
			open, openLen = i, w
		case open < 0:
			unbalanced = true // a stray closing mark
		case role == markOpening && strings.TrimSpace(text[open+openLen:i]) != "":
			spans = append(spans, quoteRange{open: open, close: i, openLen: openLen})
			unbalanced = true
			open, openLen = i, w
		default:
			spans = append(spans, quoteRange{open: open, close: i, openLen: openLen})
			open = -1
		}
	}
	if open >= 0 {
		spans = append(spans, quoteRange{open: open, close: -1, openLen: openLen})
		unbalanced = true
	}
	if !unbalanced || len(spans) < 2 {
		return spans
	}
	merged := spans[:1]
	for _, s := range spans[1:] {
		last := &merged[len(merged)-1]
		gap := text[min(last.end(text), s.open):s.open]
		if len(gap) < 400 && !strings.Contains(gap, "\n") && !hasSpeechVerb(gap) {
			last.close = s.close
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

// hasDoubleMark is strings.IndexFunc(text, isQuoteGlyph) >= 0, searched
// glyph by glyph as that is several times faster.
func hasDoubleMark(text string) bool {
	if strings.IndexByte(text, '"') >= 0 {
		return true
	}
	for _, g := range []string{"“", "”", "„", "«", "»", "‟", "″"} {
		if strings.Contains(text, g) {
			return true
		}
	}
	return false
}

func isSingleMark(r rune) bool { return r == '\'' || r == '‘' || r == '’' }

// singleQuoteRanges pairs single quotation marks ('We are devastated,' she
// said). A mark between two letters or digits is an apostrophe (didn't,
// Massa’s); one opens after a space or opening punctuation and before a
// word, and closes after a word or punctuation and before a space,
// punctuation or the end. A closing-looking mark with nothing open is a
// plural possessive (the players' union) and is skipped.
func singleQuoteRanges(text string) []quoteRange {
	var spans []quoteRange
	open := -1
	for i, r := range text {
		if !isSingleMark(r) {
			continue
		}
		var prev, next rune = ' ', ' '
		if i > 0 {
			prev, _ = utf8.DecodeLastRuneInString(text[:i])
		}
		w := utf8.RuneLen(r)
		if i+w < len(text) {
			next, _ = utf8.DecodeRuneInString(text[i+w:])
		}
		wordPrev := unicode.IsLetter(prev) || unicode.IsDigit(prev)
		wordNext := unicode.IsLetter(next) || unicode.IsDigit(next)
		switch {
		case wordPrev && wordNext:
			continue // an apostrophe inside a word
		case open < 0:
			opens := (unicode.IsSpace(prev) || strings.ContainsRune("([{—–-:/", prev)) &&
				(unicode.IsLetter(next) || strings.ContainsRune("(.…[", next))
			if opens {
				open = i
			}
		case !unicode.IsSpace(prev) && !wordNext:
			spans = append(spans, quoteRange{open: open, close: i, openLen: runeLenAt(text, open)})
			open = -1
		}
	}
	// A quotation running on to the next paragraph opens the paragraph or
	// follows a colon or comma ("Massa said: 'It's …"); any other
	// unclosed mark is an elision ("rock ’em sock ’em").
	if before := strings.TrimSpace(text[:max(open, 0)]); open >= 0 && (before == "" || strings.HasSuffix(before, ":") || strings.HasSuffix(before, ",")) {
		spans = append(spans, quoteRange{open: open, close: -1, openLen: runeLenAt(text, open)})
	}
	return spans
}

func runeLenAt(s string, i int) int {
	_, w := utf8.DecodeRuneInString(s[i:])
	return w
}

// termLike reports whether span qi of p is a title, a term or a scare
// quote rather than a quotation: a short span inside a sentence that no
// speech verb attributes ("the so-called “safe zone”", a film title), or
// that follows "so-called", "dubbed", "known as". A short span standing as
// its own sentence, or with its speaker right after it (“calls,” Mattis
// told reporters), stays a quotation.
func termLike(p quotePara, spans []quoteRange, qi int) bool {
	sp := spans[qi]
	text := p.text[sp.textStart():sp.textEnd(len(p.text))]
	words := strings.Fields(text)
	if len(words) > 5 {
		return false
	}
	from := p.starts[p.sentenceAt(sp.open)]
	listed := qi > 0 && spans[qi-1].end(p.text) > from
	if listed {
		from = spans[qi-1].end(p.text)
	}
	before := p.text[from:sp.open]
	if strings.TrimFunc(before, isQuotePunctOrSpace) == "" {
		// In a list of quoted items (`songs included "Suit & Tie,"
		// "SexyBack," "My Love"`), an item is what the first one is.
		return listed && termLike(p, spans, qi-1)
	}
	if strings.HasSuffix(strings.TrimSpace(before), ":") {
		return false // She added: "Fine."
	}
	bw := strings.Fields(before)
	for i := range bw {
		if _, ok := accordingTo(bw, i); ok {
			return false
		}
	}
	if len(bw) > 0 {
		last := strings.ToLower(trimWordPunct(bw[len(bw)-1]))
		switch last {
		case "so-called", "dubbed", "titled", "entitled", "named", "nicknamed", "branded", "labelled", "labeled", "billed", "termed":
			return true
		case "as":
			if len(bw) > 1 {
				switch strings.ToLower(bw[len(bw)-2]) {
				case "known", "referred", "billed", "described", "dubbed":
					return true
				}
			}
		}
	}
	if sp.close >= 0 {
		after := sp.end(p.text)
		to := p.sentenceEnd(p.sentenceAt(sp.close))
		if qi+1 < len(spans) && spans[qi+1].open < to {
			to = spans[qi+1].open
		}
		rest := ""
		if after < to {
			rest = p.text[after:to]
		}
		comma := strings.HasSuffix(strings.TrimSpace(text), ",") || strings.HasPrefix(strings.TrimSpace(rest), ",")
		if comma && !attributionAfter(rest).empty() {
			return false
		}
	}
	if titleCase(words) || len(words) == 1 && (strings.Contains(text, ".com") || strings.HasPrefix(text, "http") || strings.HasPrefix(text, "www.")) {
		return true // a title, or a web address
	}
	// A speech verb anywhere earlier in the sentence counts: `said the
	// launch was "a breach" and a "major threat"`.
	sentence := p.text[p.starts[p.sentenceAt(sp.open)]:sp.open]
	if hasSpeechVerb(sentence) {
		return false
	}
	for _, w := range strings.Fields(sentence) {
		if lw := strings.ToLower(trimWordPunct(w)); lw == "saying" || lw == "calling" {
			return false
		}
	}
	return true
}

// titleCase reports whether every word but short function words starts
// with a capital ("Space Oddity", "News with Ed", "HDR+").
func titleCase(words []string) bool {
	n := 0
	for _, w := range words {
		t := trimWordPunct(w)
		if t == "" {
			continue
		}
		switch strings.ToLower(t) {
		case "a", "an", "the", "of", "and", "to", "in", "on", "with", "for", "at", "&":
			continue
		}
		if strings.IndexFunc(t, unicode.IsLetter) < 0 {
			continue // "I Would Die 4 U"
		}
		if !isCapitalisedWord(t) {
			return false
		}
		n++
	}
	return n > 0
}

// quotationRanges is quoteRanges without the titles and terms, so the
// words around a term ("Musk said the car plays 'Space Oddity'") are read
// for speakers like any other text.
func quotationRanges(p quotePara) []quoteRange {
	spans := quoteRanges(p.text)
	kept := spans[:0:0]
	for qi := range spans {
		if !termLike(p, spans, qi) {
			kept = append(kept, spans[qi])
		}
	}
	return kept
}

func quoteHasLetter(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// speakerMention is one way an article names who speaks.
type speakerMention struct {
	name      string // canonical-ish name: titles and determiners dropped
	surface   string // the words the article used
	pronoun   string // "he", "she", "they", "it", "i", "we"
	statement bool   // "the statement", "the report": whoever issued it
	role      string // "spokesman": resolve through earlier title+name pairs
	group     string // "police", "officials": an unnamed collective speaker
	inWriting bool   // said in a statement / report / released a statement
	org       bool   // the article calls it a company, agency…: "Credit agency giant Equifax"
	near      string // for he/she: a person named earlier in the same sentence
}

func (m speakerMention) empty() bool {
	return m.name == "" && m.pronoun == "" && !m.statement && m.role == "" && m.group == ""
}

type attributionKind int

const (
	attrNone attributionKind = iota
	attrExplicit
	attrFallback
)

// attributeQuote finds who speaks quote qi of paragraph p: first the words right
// after it, then the words before it in its sentence, then the running
// speaker state.
func attributeQuote(p quotePara, spans []quoteRange, qi int, st *speakerState, known *knownNames) (speakerMention, attributionKind) {
	sp := spans[qi]
	text := p.text
	from := p.starts[p.sentenceAt(sp.open)]
	if qi > 0 && spans[qi-1].end(text) > from {
		from = spans[qi-1].end(text)
	}
	if i := lastSentenceEnd(text[from:sp.open]); i >= 0 {
		// The splitter kept an earlier sentence with the quote; whoever it
		// names as speaking comes before the quote.
		st.noteText(text[from:from+i], known)
	}
	// After the quote: up to the end of its sentence or the next quotation.
	if sp.close >= 0 {
		after := sp.end(text)
		si := p.sentenceAt(sp.close)
		to := p.sentenceEnd(si)
		if strings.TrimSpace(text[after:to]) == "" && si+1 < len(p.starts) {
			// A splitter may break `…?" he asked.` after the mark.
			next := strings.TrimSpace(text[p.starts[si+1]:p.sentenceEnd(si+1)])
			if r, _ := utf8.DecodeRuneInString(next); unicode.IsLower(r) {
				to = p.sentenceEnd(si + 1)
			}
		}
		if qi+1 < len(spans) && spans[qi+1].open < to {
			to = spans[qi+1].open
		}
		// `"… the French people." Brazilian President Michel Temer
		// tweeted: "…"`: a clause ending in a colon after a finished
		// sentence introduces the next quotation, not this one.
		closed := strings.TrimRight(text[sp.textStart():sp.close], " ")
		introducesNext := strings.HasSuffix(strings.TrimSpace(text[min(after, to):to]), ":") && strings.HasSuffix(closed, ".")
		if after < to && !introducesNext {
			if m := attributionAfter(text[after:to]); !m.empty() {
				return m, attrExplicit
			}
		}
	}
	// Before the quote: from its sentence start or the previous quotation.
	before := text[from:sp.open]
	if i := lastSentenceEnd(before); i >= 0 {
		before = before[i:]
	}
	if m := attributionBefore(before); !m.empty() {
		return m, attrExplicit
	}
	// A quotation standing as its own sentence continues the last speaker; a
	// partial quotation with no speaker in its sentence is often a scare
	// quote or a term, so it stays unattributed.
	if strings.TrimFunc(before, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }) == "" {
		// Only a speaker of this paragraph or the two before: further back,
		// the article has moved on.
		if st.last.name != "" && st.lastPara >= st.para-2 {
			return speakerMention{name: st.last.name, surface: st.last.surface}, attrFallback
		}
	}
	return speakerMention{}, attrNone
}

// attributionAfter reads `said Sheinbaum`, `she added`, `Sheinbaum told
// reporters`, `the statement said`, `according to X` after a quotation.
func attributionAfter(s string) speakerMention {
	words := strings.Fields(s)
	for i, w := range words {
		if i > 14 {
			break
		}
		lw := strings.ToLower(trimWordPunct(w))
		if lw == "according" && i <= 1 && i+1 < len(words) && strings.ToLower(trimWordPunct(words[i+1])) == "to" {
			return objectSpeaker(strings.Join(words[i+2:], " "))
		}
		if !isSpeechVerb(lw) || isCapitalisedWord(trimWordPunct(w)) {
			if strings.ContainsAny(w, ".;!?") && !isNameAbbrev(w) {
				break // the attributionKind clause ended without a verb
			}
			continue
		}
		inWriting := inWritingAfter(words[i+1:])
		if i == 0 || strings.TrimFunc(strings.Join(words[:i], " "), isQuotePunctOrSpace) == "" {
			m := objectSpeaker(strings.Join(words[i+1:], " "))
			m.inWriting = inWriting
			return m
		}
		m := subjectSpeaker(strings.Join(words[:i], " "))
		m.inWriting = inWriting
		return m
	}
	return speakerMention{}
}

// accordingTo reports whether words[i:] open with "according to" and, if
// so, returns the words naming the source, up to the next comma or colon.
func accordingTo(words []string, i int) (source string, ok bool) {
	if strings.ToLower(trimWordPunct(words[i])) != "according" || i+1 >= len(words) ||
		strings.ToLower(trimWordPunct(words[i+1])) != "to" {
		return "", false
	}
	source = strings.Join(words[i+2:], " ")
	if j := strings.IndexAny(source, ",:"); j >= 0 {
		source = source[:j]
	}
	return source, true
}

// attributionBefore reads `She added:` / `X said in a statement that … "`
// / `according to X, "` before a quotation in the same sentence.
func attributionBefore(s string) speakerMention {
	words := strings.Fields(s)
	for i, w := range words {
		lw := strings.ToLower(trimWordPunct(w))
		if rest, ok := accordingTo(words, i); ok {
			if m := objectSpeaker(rest); !m.empty() {
				return m
			}
			continue
		}
		if isSpeechGerund(lw) && i > 0 {
			if m := gerundSubject(words[:i]); !m.empty() {
				m.inWriting = inWritingAfter(words[:i])
				return m
			}
			continue
		}
		if !isSpeechVerb(lw) || isCapitalisedWord(trimWordPunct(w)) || i == 0 {
			continue
		}
		m := subjectSpeaker(strings.Join(words[:i], " "))
		if !m.empty() {
			m.inWriting = inWritingAfter(words[i+1:])
			return m
		}
	}
	return speakerMention{}
}

// personIn returns the last person named in s, or "".
func personIn(s string) string {
	if strings.IndexFunc(s, unicode.IsUpper) < 0 {
		return ""
	}
	m, _ := speakerNameIn(s)
	if m.name == "" || m.org || isOrgName(m.name) {
		return ""
	}
	return m.name
}

// isSpeechGerund lists the -ing forms that hang a quotation on the
// clause before ("Moon dismissed the idea, warning it could “…”").
func isSpeechGerund(w string) bool {
	switch w {
	case "saying", "warning", "adding", "noting", "insisting", "arguing", "explaining", "claiming",
		"stressing", "stating", "writing", "urging", "declaring", "telling", "asking":
		return true
	}
	return false
}

// gerundSubject finds who does the speaking of a gerund: the subject of the
// nearest clause before it with one ("he issued a statement saying …",
// "President Moon Jae-in dismissed the possibility, warning …").
func gerundSubject(words []string) speakerMention {
	chunks := strings.Split(strings.Join(words, " "), ",")
	for i := len(chunks) - 1; i >= 0; i-- {
		cw := strings.Fields(chunks[i])
		if len(cw) == 0 {
			continue
		}
		if p := strings.ToLower(cw[0]); isSpeakerPronoun(p) {
			return speakerMention{pronoun: p, surface: cw[0], near: personIn(strings.Join(chunks[:i], ","))}
		}
		if _, subj := sentenceSubject(cw); len(subj) > 0 {
			if m, tail := speakerNameIn(strings.Join(subj, " ")); m.name != "" && tail == 0 {
				return m
			}
		}
	}
	return speakerMention{}
}

func inWritingAfter(words []string) bool {
	s := strings.ToLower(strings.Join(words, " "))
	if len(s) > 60 {
		s = s[:60]
	}
	for _, w := range []string{"statement", "report", "letter", "release", "communiqué", "communique"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func isQuotePunctOrSpace(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }

// subjectSpeaker reads the subject before a speech verb: the name closest to
// the verb, an appositive name (`The spokesman …, James Hewitt,`), a pronoun,
// "the statement", or an unnamed role or group.
func subjectSpeaker(s string) speakerMention {
	var fallback speakerMention
	chunks := strings.Split(s, ",")
	for i := len(chunks) - 1; i >= 0; i-- {
		c := strings.TrimSpace(chunks[i])
		if c == "" {
			continue
		}
		words := strings.Fields(c)
		first := strings.ToLower(trimWordPunct(words[0]))
		last := strings.ToLower(trimWordPunct(words[len(words)-1]))
		if isSpeakerPronoun(last) {
			return speakerMention{pronoun: last, surface: trimWordPunct(words[len(words)-1]), near: personIn(strings.Join(chunks[:i], ","))}
		}
		// "an American", "a former aide": an appositive describing the
		// speaker; "speaking to reporters": a parenthetical. The name, if
		// any, is in an earlier chunk.
		hasRole := false
		for _, w := range words {
			hasRole = hasRole || isRoleWord(strings.ToLower(trimWordPunct(w)))
		}
		second := ""
		if len(words) > 1 {
			second = trimWordPunct(words[1])
		}
		// "Park Soo-hyun, spokesman for President Moon, said", "Shuly R.
		// Schwartz, the dean of List College, said", "X, 51, who lives
		// near Y, said": the employer or place in the appositive is not
		// the speaker.
		ownerFirst := i > 0 && len(words) > 1 && (strings.HasSuffix(words[0], "’s") || strings.HasSuffix(words[0], "'s")) // "Mike Brown, London’s transport commissioner,"
		describes := first == "a" || first == "an" || first == "one" || ownerFirst ||
			first == "his" || first == "her" || first == "its" || first == "their" ||
			first == "the" && (hasRole || second != "" && !isCapitalisedWord(second)) ||
			!isCapitalisedWord(trimWordPunct(words[0])) && (strings.HasSuffix(first, "ing") || isRoleWord(first) || isClauseOpener(first))
		if describes && (first == "a" || first == "an") && hasRole && i == 0 {
			// "A spokesperson for All Nippon": the organisation speaks
			// (when no name comes before: "X, a professor at Y, said").
			if m, tail := speakerNameIn(c); m.name != "" && tail == 0 {
				return m
			}
		}
		if !describes {
			if m, tail := speakerNameIn(c); m.name != "" && tail <= 1 && (tail == 0 || isSubjectFiller(last)) {
				return m
			}
		}
		if isStatementNoun(last) {
			if len(words) == 2 && isCapitalisedWord(words[0]) && trimPossessive(words[0]) != words[0] {
				// "Hewitt's statement said": Hewitt speaks.
				if m, _ := speakerNameIn(words[0]); m.name != "" {
					m.inWriting = true
					return m
				}
			}
			return speakerMention{statement: true, surface: c}
		}
		if len(words) <= 5 {
			var m speakerMention
			if isRoleWord(last) {
				m = speakerMention{role: last, surface: c}
			} else if isGroupNoun(last) {
				m = speakerMention{group: groupName(c), surface: c}
			}
			if !m.empty() && describes && fallback.empty() {
				// "Shehu, the president's spokesman, said": the name comes first.
				fallback = m
				continue
			}
			if !m.empty() {
				return m
			}
		}
		// A short clause with no speaker (`in April`) is skipped; a longer
		// one means the subject is not a speaker at all.
		if len(words) > 4 && !describes {
			return fallback
		}
	}
	return fallback
}

// isClauseOpener lists lowercase words opening a relative or prepositional
// aside between a speaker and the verb.
func isClauseOpener(w string) bool {
	switch w {
	case "who", "which", "whose", "on", "in", "near", "at", "from", "by", "of", "with", "for", "after", "before", "whom":
		return true
	}
	return false
}

// isSubjectFiller lists words that may stand between a speaker and the
// speech verb ("Trump also said", "Sheinbaum later wrote").
func isSubjectFiller(w string) bool {
	switch w {
	case "also", "later", "then", "has", "had", "have", "would", "will", "reportedly",
		"previously", "again", "recently", "once", "further", "too", "earlier", "subsequently", "who", "simply", "just":
		return true
	}
	return false
}

// objectSpeaker reads the speaker after an inverted verb: `said Sheinbaum`,
// `said the Crisis Group in a report`, `said a spokesman`.
func objectSpeaker(s string) speakerMention {
	if j := strings.IndexAny(s, ",;:"); j >= 0 {
		s = s[:j]
	}
	words := strings.Fields(s)
	if len(words) == 0 {
		return speakerMention{}
	}
	if isSpeakerPronoun(strings.ToLower(trimWordPunct(words[0]))) {
		return speakerMention{pronoun: strings.ToLower(trimWordPunct(words[0])), surface: trimWordPunct(words[0])}
	}
	if lw := strings.ToLower(words[0]); (lw == "on" || lw == "in" || lw == "at") && len(words) > 2 {
		words = words[2:]
	}
	// The speaker phrase is the head before a preposition or verb clause.
	var head []string
	for i, w := range words {
		lw := strings.ToLower(trimWordPunct(w))
		if i > 0 && (lw == "in" || lw == "on" || lw == "at" || lw == "during" || lw == "after" || lw == "that" || lw == "when" || lw == "who" || lw == "to") {
			break
		}
		// "Svetlana Yakushina of Ernst & Young", "Jane Doe from Erie": a
		// full name is the speaker, not her employer or town.
		if (lw == "from" || lw == "of") && i >= 2 && isCapitalisedWord(trimWordPunct(words[i-1])) && isCapitalisedWord(trimWordPunct(words[i-2])) &&
			!isRoleWord(strings.ToLower(trimWordPunct(words[i-1]))) && !isRoleWord(strings.ToLower(trimWordPunct(words[i-2]))) {
			break
		}
		head = append(head, w)
		if strings.HasSuffix(w, ".") && !isNameAbbrev(w) {
			break
		}
	}
	phrase := strings.Join(head, " ")
	if m, _ := speakerNameIn(phrase); m.name != "" {
		return m
	}
	if len(head) == 0 || len(head) > 6 {
		return speakerMention{}
	}
	last := strings.ToLower(trimWordPunct(head[len(head)-1]))
	for _, w := range head {
		lw := strings.ToLower(trimWordPunct(w))
		if isRoleWord(lw) {
			return speakerMention{role: lw, surface: strings.TrimRight(phrase, ".")}
		}
	}
	switch {
	case isStatementNoun(last):
		return speakerMention{statement: true, surface: strings.TrimRight(phrase, ".")}
	case isGroupNoun(last):
		return speakerMention{group: groupName(strings.TrimRight(phrase, ".")), surface: strings.TrimRight(phrase, ".")}
	}
	return speakerMention{}
}

// speakerNameIn finds the proper name in a noun phrase: the last run of
// capitalised words, with titles ("Defense Secretary") and sentence-initial
// words ("Additionally") dropped. surface is the whole phrase, so the role
// words the article used ("White House … spokesman") survive as an alias.
// An organisation before a role ("A Transport for London spokesman") is the
// speaker; a name before a collective noun keeps it ("North Korean state
// media"). tail counts the words after the name that belong to neither.
func speakerNameIn(phrase string) (m speakerMention, tail int) {
	words := strings.Fields(phrase)
	var runs [][]int // word index ranges [start, end)
	start := -1
	kept := words[:0:0]
	for _, w := range words {
		if i := strings.LastIndexByte(w, ':'); i > 0 && i < len(w)-1 {
			w = w[i+1:] // "AP:Associated Press Felipe Massa": a photo credit
		}
		if !strings.HasPrefix(w, "(") { // "Goldman (GS)": a ticker or gloss, not the name
			kept = append(kept, w)
		}
	}
	words = kept
	for i, w := range words {
		t := trimWordPunct(w)
		lt := strings.ToLower(t)
		initial := t == "A" && i+1 < len(words) && isCapitalisedWord(trimWordPunct(words[i+1])) // "George A Lopez"
		capital := isCapitalisedWord(t) && !(start >= 0 && (lt == "the" || lt == "a" && !initial || lt == "an"))
		connector := start >= 0 && (isNameParticle(lt) || lt == "for" || lt == "&") && i+1 < len(words) && isCapitalisedWord(trimWordPunct(words[i+1]))
		if capital || connector {
			if start < 0 {
				start = i
			}
			if strings.HasSuffix(w, ",") || strings.HasSuffix(w, ":") || strings.HasSuffix(w, ";") || strings.HasSuffix(w, "’s") || strings.HasSuffix(w, "'s") {
				runs = append(runs, []int{start, i + 1})
				start = -1
			}
			continue
		}
		if start >= 0 {
			runs = append(runs, []int{start, i})
			start = -1
		}
		if isCapitalisedWord(t) { // a capitalised determiner starts a new run
			start = i
		}
	}
	if start >= 0 {
		runs = append(runs, []int{start, len(words)})
	}
	last := len(runs) - 1
	tailFrom := -1
	if last > 0 && runs[last][0] >= 1 && runs[last-1][1] == runs[last][0]-1 {
		if lw := strings.ToLower(words[runs[last][0]-1]); lw == "in" || lw == "at" || lw == "from" {
			tailFrom = runs[last][1]
			last-- // "The National Weather Service in Gray": the place is not the speaker
		}
	}
	for r := last; r >= 0; r-- {
		var toks []string
		titled := ""
		afterTitle, ofPlace := false, false
		run := words[runs[r][0]:runs[r][1]]
	tokens:
		for j, w := range run {
			t := trimPossessive(trimWordPunct(w))
			lt := strings.ToLower(strings.TrimSuffix(t, "."))
			switch {
			case len(toks) > 0 && isSpeechVerb(lt):
				break tokens // "Kim Says Open": a headline's verb ends the name
			case isContraction(t):
				toks = toks[:0]
				continue // "Bet I’ll": a sentence, not a name
			case len(toks) >= 2 && lt == "of" && !afterTitle && !isOrgName(strings.Join(toks, " ")):
				break tokens // "Janis Brett Elspas of Los Angeles": her town is not her name
			case len(toks) > 0 && t == toks[len(toks)-1]:
				continue // "Equifax Equifax"
			case len(toks) == 0 && j+1 < len(run) && isOpeningAdverb(lt):
				continue // "Apparently Putin", "Even Barack Obama"
			case isShouted(t) && j+1 < len(run) && !isShouted(trimWordPunct(run[len(run)-1])) && !isRoleWord(lt) && !isHonorific(lt):
				// "YOU NEED TO KNOW ABOUT Elon Musk": a heading in capitals
				// glued to the name.
				toks = toks[:0]
				continue
			case len(toks) == 0 && j+1 < len(run) && strings.HasSuffix(lt, "ing") && len(lt) > 4:
				continue // "Using Amazon", "Speaking Monday": a verb opening the sentence
			case len(toks) > 0 && isTimeWord(lt):
				continue // "Pyongyang Monday": a date, not a name
			case len(toks) == 0 && isDemonym(lt) && len(run)-j > 2 && !isOrgName(strings.Join(run[j+1:], " ")):
				continue // "American Dominique Molina": a nationality, not a first name
			case isCreditWord(lt) && j+1 < len(run) && !allCredit(run[j+1:]):
				// "Associated Press Felipe Massa", "Getty Images The
				// Brazilian": a caption's credit glued to a name.
				toks = toks[:0]
				continue
			case isRoleWord(lt) || isHonorific(lt):
				toks = toks[:0] // everything up to the last title is title
				titled = lt
				afterTitle = true
				continue
			case afterTitle && (lt == "of" || lt == "for" || isPortfolio(lt)):
				ofPlace = lt == "of" || lt == "for"
				continue // "Secretary of State", "Minister for Foreign Affairs"
			case ofPlace && len(run)-j > 2:
				ofPlace = false
				continue // "Mayor of London Sadiq Khan": the place of the title
			case len(toks) == 0 && j+1 < len(run) && strings.HasSuffix(lt, "-based"):
				continue // "California-based Qualcomm"
			}
			ofPlace = false
			afterTitle = false
			if len(toks) == 0 && (isNotName(lt) || isSpeechVerb(lt)) {
				continue
			}
			toks = append(toks, t)
		}
		if len(toks) == 0 {
			if titled != "" && r == last {
				return speakerMention{role: titled, surface: strings.TrimSpace(phrase)}, len(words) - runs[r][1]
			}
			continue
		}
		name := strings.Join(toks, " ")
		if len(toks) >= 4 && !isOrgName(name) || len(toks) == 1 && isPeopleNoun(strings.ToLower(name)) {
			// "Broadcom Raises Its Qualcomm Offer": a headline, not a
			// name; "Neighbours said": unnamed people.
			continue
		}
		if runs[r][0] > 0 {
			if lw := strings.ToLower(trimWordPunct(words[runs[r][0]-1])); isRoleWord(lw) {
				titled = lw
			}
		}
		rest := words[runs[r][1]:]
		tail = len(rest)
		if r == last && tailFrom >= 0 {
			rest, tail = nil, len(words)-tailFrom
		}
		if n := len(rest); n > 0 && n <= 3 {
			lastRest := strings.ToLower(trimWordPunct(rest[n-1]))
			lowercase := true
			for _, w := range rest {
				lowercase = lowercase && !isCapitalisedWord(trimWordPunct(w))
			}
			switch {
			case lowercase && isRoleWord(lastRest):
				titled, tail = lastRest, 0
			case lowercase && (isGroupNoun(lastRest) && !isPeopleNoun(lastRest) || lastRest == "media"):
				name, tail = name+" "+strings.TrimRight(strings.Join(rest, " "), ".,;:"), 0
			}
		}
		org := runs[r][0] > 0 && isOrgNoun(strings.ToLower(trimWordPunct(words[runs[r][0]-1])))
		return speakerMention{name: name, surface: strings.TrimRight(strings.TrimSpace(phrase), ".,"), role: titled, org: org}, tail
	}
	return speakerMention{}, 0
}

// isPortfolio lists words that belong to a title after "of"/"for"
// ("Secretary of State Rex Tillerson"), not to the name.
func isPortfolio(w string) bool {
	switch w {
	case "state", "defense", "defence", "homeland", "security", "justice", "interior", "health",
		"education", "foreign", "affairs", "commerce", "treasury", "energy", "transportation",
		"agriculture", "labor", "labour", "finance", "trade", "the", "home", "economy", "war":
		return true
	}
	return false
}

// speakerState carries who spoke last through the article.
type speakerState struct {
	last, lastPerson, lastOrg, statementOwner speakerMention
	roles                                     map[string]string // "spokesman" → "James Hewitt"
	spoke                                     map[string]bool   // everyone attributed so far
	para, lastPara                            int               // the paragraph read now; where last was set
	orgs                                      map[string]bool   // names the article calls a company, agency…
	gender                                    map[string]byte   // 'm' or 'f' where the article says
	persons                                   []string          // people named as speaking or as subjects, most recent last
	orgList                                   []string          // organisations likewise
}

// resolve turns a mention into a canonical speaker and remembers it.
func (st *speakerState) resolve(m speakerMention, known *knownNames) string {
	var name string
	switch {
	case m.name != "":
		name = canonicalSpeaker(m.name, known)
		if m.org {
			st.orgs[name] = true
		}
	case (m.pronoun == "he" || m.pronoun == "she") && st.person(canonicalSpeaker(m.near, known)) && st.fits(canonicalSpeaker(m.near, known), m.pronoun):
		// "After Mr. Portnow's remark, he said": the nearest person, if
		// the article knows the name as a person's ("In Paris, he said"
		// names a place).
		name = canonicalSpeaker(m.near, known)
	case m.pronoun == "he" || m.pronoun == "she":
		name = st.pronounPerson(m.pronoun)
	case m.pronoun == "i":
		name = st.lastPerson.name
	case m.pronoun == "it":
		name = st.lastOrg.name
	case m.pronoun != "":
		name = st.last.name
	case m.statement:
		name = st.statementOwner.name
		if name == "" {
			name = st.last.name
		}
	case m.role != "":
		name = st.roles[m.role]
	case isOrgNoun(strings.ToLower(m.group)):
		// "the company said": the company the article last quoted or
		// introduced as one, never the bare noun.
		name = st.orgFor(strings.ToLower(m.group))
	case m.group != "" && !isUnnamedPersonNoun(lastWord(m.group)) && !isPeopleNoun(lastWord(m.group)):
		// Institutions ("police", "the military") speak; unnamed people
		// ("officials", "witnesses") are no one to list as a speaker.
		name = m.group
	}
	if name == "" {
		return ""
	}
	surface := ""
	if m.name != "" {
		surface = m.surface
	}
	st.remember(speakerMention{name: name, surface: surface, role: m.role, inWriting: m.inWriting})
	return name
}

// orgFor resolves "the agency", "the company": the last organisation whose
// name holds the noun ("the agency" → "Korean Central News Agency"), else
// the last one the article introduced with such a noun ("Credit agency
// giant Equifax"), else the last organisation quoted.
//
// Only a business noun ("the company", "the firm") falls back to an
// organisation not named by it, and never to a news agency: "the ministry"
// is not Reuters.
func (st *speakerState) orgFor(noun string) string {
	for i := len(st.orgList) - 1; i >= 0; i-- {
		if strings.Contains(strings.ToLower(st.orgList[i]), noun) {
			return st.orgList[i]
		}
	}
	switch noun {
	case "company", "firm", "group", "giant", "carrier", "airline", "retailer", "maker", "manufacturer", "insurer", "operator", "startup", "bank":
	default:
		return ""
	}
	for i := len(st.orgList) - 1; i >= 0; i-- {
		if n := st.orgList[i]; st.orgs[n] && !isCreditWord(strings.ToLower(n)) {
			return n
		}
	}
	if n := st.lastOrg.name; !isCreditWord(strings.ToLower(n)) {
		return n
	}
	return ""
}

// person reports whether name is a person the article has quoted or
// names in full.
func (st *speakerState) person(name string) bool {
	return name != "" && !isOrgName(name) && !st.orgs[name] && (st.spoke[name] || strings.Contains(name, " "))
}

func (st *speakerState) remember(m speakerMention) {
	if m.surface == "" && m.name == st.last.name {
		m.surface = st.last.surface // "she said" keeps the name she was given
	}
	st.last = m
	st.lastPara = st.para
	st.spoke[m.name] = true
	if isOrgName(m.name) || st.orgs[m.name] {
		st.lastOrg = m
		st.orgList = append(st.orgList, m.name)
	} else if m.name != strings.ToLower(m.name) && (strings.Contains(m.name, " ") || m.role != "" || st.gender[m.name] != 0) {
		// A lone capitalised word may be a place standing for its
		// government ("Seoul said"): he/she never goes to it.
		st.setPerson(m)
		if m.role != "" {
			st.learnGender(m.name, m.role, nil)
		}
	}
	if m.inWriting {
		st.statementOwner = m
	}
	if m.role != "" {
		st.roles[m.role] = m.name
	}
}

// noteMention remembers who sentence si names as speaking after its last
// quotation (`Claudia Sheinbaum said on Saturday that …`, `James Hewitt
// released a statement`), so a later "she said" or bare quotation resolves
// to them. Text before a quotation was already read as its attribution.
func (st *speakerState) noteMention(p quotePara, si int, spans []quoteRange, known *knownNames) {
	from, to := p.starts[si], p.sentenceEnd(si)
	for _, sp := range spans {
		if e := sp.end(p.text); sp.open < to && e > from {
			from = min(e, to)
		}
	}
	st.noteText(p.text[from:to], known)
}

// noteText remembers the first speaker named outside quotation marks in text.
func (st *speakerState) noteText(text string, known *knownNames) {
	words := strings.Fields(text)
	for i, w := range words {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) && !strings.EqualFold(w, "according") {
			continue // a capitalised word is neither a speech verb nor "according"
		}
		lw := strings.ToLower(trimWordPunct(w))
		if lw == "according" {
			if rest, ok := accordingTo(words, i); ok {
				if m := objectSpeaker(rest); m.name != "" {
					st.remember(speakerMention{name: canonicalSpeaker(m.name, known), surface: m.surface, role: m.role, inWriting: inWritingAfter(words[i+2:])})
					return
				}
				continue
			}
		}
		written := (lw == "released" || lw == "issued" || lw == "published") && inWritingAfter(words[i+1:])
		if i == 0 || isCapitalisedWord(trimWordPunct(w)) || !(isSpeechVerb(lw) || written) {
			continue
		}
		m := subjectSpeaker(strings.Join(words[:i], " "))
		if m.name != "" {
			name := canonicalSpeaker(m.name, known)
			if m.org {
				st.orgs[name] = true
			}
			st.remember(speakerMention{name: name, surface: m.surface, role: m.role, inWriting: written || inWritingAfter(words[i+1:])})
			if st.person(name) {
				st.learnGender(name, m.role, words[i+1:])
			}
			return
		}
		if p := m.pronoun; (p == "he" || p == "she") && isSpeechVerb(lw) {
			// "He said the tram slid …": a bare quotation next is his.
			if name := st.pronounPerson(p); name != "" {
				st.remember(speakerMention{name: name})
			}
			return
		}
		if m.empty() && isSpeechVerb(lw) {
			// Someone the article does not name ("A journalist for AFP said")
			// spoke: a later bare quote or "he said" is theirs, not the
			// previous speaker's.
			st.last, st.lastPerson, st.lastOrg = speakerMention{}, speakerMention{}, speakerMention{}
			st.persons = append(st.persons, "")
			return
		}
	}
	// "Dai was simply looking …", "Royal Navy veteran Kevin Snow, 57, was
	// injured": a pronoun in the next quote most likely means the person
	// the last sentence was about; "At 10:08, an officer sounds the alarm":
	// an unnamed one, so not the earlier speaker.
	clause, subject := sentenceSubject(words)
	if unnamedPerson(clause) {
		st.last, st.lastPerson = speakerMention{}, speakerMention{}
		st.persons = append(st.persons, "") // the nearest person has no name
		return
	}
	if len(subject) == 0 {
		return
	}
	if m, tail := speakerNameIn(strings.Join(subject, " ")); m.name != "" && tail == 0 {
		name := canonicalSpeaker(m.name, known)
		switch {
		case m.org:
			st.orgs[name] = true
			st.lastOrg = speakerMention{name: name}
			st.orgList = append(st.orgList, name)
		case !isOrgName(name) && !st.orgs[name] && (st.spoke[name] || strings.Contains(m.name, " ")):
			st.setPerson(speakerMention{name: name})
			st.learnGender(name, m.role, words[len(subject):])
		}
	}
}

// setPerson makes m the last person mentioned.
func (st *speakerState) setPerson(m speakerMention) {
	st.lastPerson = m
	if i := slices.Index(st.persons, m.name); i >= 0 {
		st.persons = slices.Delete(st.persons, i, i+1)
	}
	st.persons = append(st.persons, m.name)
}

// learnGender records a person's gender from an honorific (Mr., Ms.) or
// from the pronouns of the rest of the sentence naming them ("Maryam
// Violet, a witness, said she was walking"), when they all agree.
func (st *speakerState) learnGender(name, title string, rest []string) {
	if _, ok := st.gender[name]; ok {
		return
	}
	switch title {
	case "mr", "sir", "lord", "king", "prince", "spokesman", "chairman", "congressman", "actor":
		st.gender[name] = 'm'
		return
	case "ms", "mrs", "miss", "dame", "lady", "queen", "princess", "spokeswoman", "chairwoman", "congresswoman", "actress":
		st.gender[name] = 'f'
		return
	}
	var g byte
	for i, w := range rest {
		if i > 12 {
			break
		}
		var wg byte
		switch strings.ToLower(trimWordPunct(w)) {
		case "he", "his", "him", "himself":
			wg = 'm'
		case "she", "her", "hers", "herself":
			wg = 'f'
		default:
			continue
		}
		if g != 0 && g != wg {
			return
		}
		g = wg
	}
	if g != 0 {
		st.gender[name] = g
	}
}

// fits reports whether pronoun he/she may stand for name.
func (st *speakerState) fits(name, pronoun string) bool {
	g := st.gender[name]
	return g == 0 || g == 'm' && pronoun == "he" || g == 'f' && pronoun == "she"
}

// pronounPerson resolves he/she to the most recent person it fits.
func (st *speakerState) pronounPerson(pronoun string) string {
	if st.lastPerson.name != "" && st.fits(st.lastPerson.name, pronoun) {
		return st.lastPerson.name
	}
	for i := len(st.persons) - 1; i >= 0; i-- {
		if st.persons[i] == "" {
			return "" // an unnamed person came in between
		}
		if n := st.persons[i]; n != st.lastPerson.name && st.fits(n, pronoun) {
			return n
		}
	}
	return ""
}

// sentenceSubject returns the words before a sentence's verb: after an
// opening adverbial ("At 10:08 p.m.,"), up to a comma ending a word or two
// lowercase words in a row.
//
// clause is words after the adverbial; subject is nil when no verb-like
// word follows the name (a heading: "A Frantic Search for the Gunman").
func sentenceSubject(words []string) (clause, subject []string) {
	if len(words) > 0 {
		switch strings.ToLower(words[0]) {
		case "at", "on", "in", "after", "before", "during", "by", "later", "earlier", "meanwhile":
			for i, w := range words {
				if strings.HasSuffix(w, ",") {
					words = words[i+1:]
					break
				}
			}
		}
	}
	for i, w := range words {
		if strings.HasSuffix(w, ",") {
			return words, words[:i+1]
		}
		if i+1 < len(words) && !isCapitalisedWord(trimWordPunct(w)) && !isCapitalisedWord(trimWordPunct(words[i+1])) {
			if !verbLike(strings.ToLower(w)) {
				return words, nil
			}
			return words, words[:i]
		}
		if i >= 8 {
			break
		}
	}
	return words, nil
}

// verbLike reports whether a lowercase word may be a finite verb after a
// subject (was, has, said, lives, arrived).
func verbLike(w string) bool {
	switch w {
	case "was", "is", "were", "are", "has", "had", "have", "will", "would", "can", "could", "did", "does", "may", "might", "also":
		return true
	}
	return len(w) > 3 && (strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"))
}

// unnamedPerson reports whether a subject is a person the article does not
// name ("an officer on the scene", "One woman", "another witness").
func unnamedPerson(subject []string) bool {
	if len(subject) < 2 {
		return false
	}
	switch strings.ToLower(subject[0]) {
	case "a", "an", "another", "one":
	default:
		return false
	}
	for _, w := range subject[1:min(len(subject), 4)] {
		switch strings.ToLower(trimWordPunct(w)) {
		case "officer", "witness", "woman", "man", "resident", "official", "spokesman", "spokeswoman",
			"spokesperson", "source", "passenger", "student", "survivor", "neighbor", "neighbour",
			"friend", "relative", "employee", "worker", "driver", "doctor", "nurse", "teacher",
			"commentator", "journalist", "reporter", "member", "user", "person", "victim",
			"bystander", "onlooker", "father", "mother", "girl", "boy", "analyst", "expert", "diplomat":
			return true
		}
	}
	return false
}

// knownNames are the runs of capitalised words an article uses, parsed
// into names only when a speaker's name asks for them: most runs never
// matter, and parsing is the costly part.
type knownNames struct {
	runs   []nameRun
	parsed map[string]string      // a run's text → its name
	byWord map[string][]knownName // names holding a lower-cased word
	memo   map[string]string      // names that stay as they are: no fuller form came before their first use
	para   int                    // the paragraph being read: a shared surname means the person named last
}

type nameRun struct {
	text, lower string // lower is filled on first need
	para        int
}

type knownName struct {
	name  string
	n     int
	words []string // lower-cased
	paras []int    // the paragraphs using it, ascending
}

// articleNames counts the multi-word names an article uses anywhere, so a
// bare surname in an attribution can be expanded to the fullest form.
func articleNames(paras []quotePara) *knownNames {
	k := &knownNames{parsed: map[string]string{}, byWord: map[string][]knownName{}, memo: map[string]string{}}
	var run []string
	pi := 0
	flush := func() {
		// One word never makes a multi-word name: only runs of two or
		// more are worth keeping.
		if len(run) > 1 {
			k.runs = append(k.runs, nameRun{text: strings.Join(run, " "), para: pi})
		}
		run = run[:0]
	}
	word := func(w string) {
		if r, _ := utf8.DecodeRuneInString(w); len(run) == 0 && unicode.IsLower(r) {
			return // most words: lowercase with no name open
		}
		t := trimWordPunct(w)
		if isCapitalisedWord(t) || len(run) > 0 && isNameParticle(strings.ToLower(t)) {
			run = append(run, w)
			if t != w && !isNameAbbrev(w) {
				flush() // "Sheinbaum." or "Sheinbaum's" ends the name
			}
			return
		}
		flush()
	}
	for pi = range paras {
		// Words split on spaces; commas, colons, quote marks and
		// parentheses also end a name.
		text := paras[pi].text
		start := -1
		for i, r := range text {
			sep := r == ',' || r == ';' || r == ':' || isQuoteGlyph(r) || r == '(' || r == ')'
			if sep || unicode.IsSpace(r) {
				if start >= 0 {
					word(text[start:i])
					start = -1
				}
				if sep {
					flush()
				}
				continue
			}
			if start < 0 {
				start = i
			}
		}
		if start >= 0 {
			word(text[start:])
		}
		flush()
	}
	return k
}

// namesWith returns the multi-word names of the article holding the
// lower-cased word, with how often and where they are used.
func (k *knownNames) namesWith(word string) []knownName {
	if ns, ok := k.byWord[word]; ok {
		return ns
	}
	var out []knownName
	at := map[string]int{}
	for i := range k.runs {
		r := &k.runs[i]
		if r.lower == "" {
			r.lower = strings.ToLower(r.text)
		}
		if !strings.Contains(r.lower, word) {
			continue
		}
		name, ok := k.parsed[r.text]
		if !ok {
			m, _ := speakerNameIn(r.text)
			name = m.name
			k.parsed[r.text] = name
		}
		if !strings.Contains(name, " ") {
			continue
		}
		j, ok := at[name]
		if !ok {
			j = len(out)
			at[name] = j
			out = append(out, knownName{name: name, words: strings.Fields(strings.ToLower(name))})
		}
		kn := &out[j]
		kn.n++
		if len(kn.paras) == 0 || kn.paras[len(kn.paras)-1] != r.para {
			kn.paras = append(kn.paras, r.para)
		}
	}
	k.byWord[word] = out
	return out
}

// canonicalSpeaker expands a name to the known name ending with the same
// words ("Sheinbaum" → "Claudia Sheinbaum"), or failing that starting with
// them ("Kim" → "Kim Jong Un"); the most used wins when several fit, the
// name itself when none does.
func canonicalSpeaker(name string, known *knownNames) string {
	if c, ok := known.memo[name]; ok {
		return c
	}
	sw := strings.Fields(strings.ToLower(name))
	if len(sw) == 0 {
		return name
	}
	// Every expansion holds the name's last word.
	names := known.namesWith(sw[len(sw)-1])
	ends := func(lw []string) bool { return wordsEndWith(lw, sw) }
	// "Kim" → "Kim Jong Un", but "Equifax" is not "Equifax Workforce
	// Solutions": a word opening an organisation's name is its parent.
	starts := func(lw []string) bool {
		return wordsStartWith(lw, sw) && name != strings.ToUpper(name) && !isOrgName(strings.Join(lw, " "))
	}
	// "Cubillo" → "Enio Cubillo Araya": Spanish names carry two surnames,
	// the first being the one used alone.
	middle := func(lw []string) bool { return len(sw) == 1 && len(lw) >= 3 && slices.Contains(lw[1:len(lw)-1], sw[0]) }
	best, bestN := name, 0
	shared := false // two people fit ("Tony Molina", "Dominique Molina")
	for _, match := range []func(lw []string) bool{ends, starts, middle} {
		var fit *knownName
		for i := range names {
			k := &names[i]
			// A full name the article gives only well after the surname is
			// someone else: in a profile "Thurman says" from the start is
			// not "her father, Robert Thurman" of paragraph 11 (a headline
			// or lede may run a paragraph or two ahead of the full name).
			// A surname with no fuller form yet is remembered as it is.
			if len(k.name) <= len(name) || !match(k.words) || k.paras[0] > known.para+2 {
				continue
			}
			if fit != nil && !strings.EqualFold(fit.name, k.name) {
				shared = true
			}
			fit = k
			if k.n > bestN || k.n == bestN && (len(k.name) < len(best) || len(k.name) == len(best) && k.name < best) {
				best, bestN = k.name, k.n
			}
		}
		if bestN > 0 {
			break
		}
	}
	if bestN == 0 {
		known.memo[name] = name // the surname keeps meaning whom it first meant
		return name
	}
	if !shared {
		return best
	}
	// The person of that name the article named most recently.
	latest := -1
	for _, k := range names {
		if len(k.name) <= len(name) || !(ends(k.words) || starts(k.words) || middle(k.words)) || k.paras[0] > known.para+2 {
			continue
		}
		last := -1
		for _, p := range k.paras {
			if p <= known.para {
				last = p
			}
		}
		if last > latest {
			best, latest = k.name, last
		}
	}
	return best
}

// wordsStartWith reports whether the longer name lw starts with the
// one-word name sw ("Kim" → "Kim Jong Un"); both already lower-cased.
func wordsStartWith(lw, sw []string) bool {
	return len(sw) == 1 && len(lw) > 1 && lw[0] == sw[0]
}

// wordsEndWith reports whether the name lw ends with the words of sw
// ("Sheinbaum" → "Claudia Sheinbaum"); both already lower-cased.
func wordsEndWith(lw, sw []string) bool {
	if len(sw) == 0 || len(sw) > len(lw) {
		return false
	}
	for i := range sw {
		if lw[len(lw)-len(sw)+i] != sw[i] {
			return false
		}
	}
	return true
}

func trimWordPunct(w string) string {
	if n := len(w); n > 0 && isASCIILetter(w[0]) && isASCIILetter(w[n-1]) {
		return w // most words: nothing to trim
	}
	w = strings.TrimLeftFunc(w, func(r rune) bool { return unicode.IsPunct(r) || isQuoteGlyph(r) })
	w = strings.TrimRightFunc(w, func(r rune) bool {
		return (unicode.IsPunct(r) && r != '.') || isQuoteGlyph(r)
	})
	if strings.HasSuffix(w, ".") && !isNameAbbrev(w) {
		w = strings.TrimRight(w, ".")
	}
	return w
}

func trimPossessive(w string) string {
	for _, s := range []string{"'s", "’s"} {
		if strings.HasSuffix(w, s) {
			return strings.TrimSuffix(w, s)
		}
	}
	return strings.TrimRight(w, "'’")
}

// groupName is a collective speaker's phrase from its last determiner on,
// without it ("in what the U.S. military" → "U.S. military").
func groupName(s string) string {
	words := strings.Fields(s)
	for i := len(words) - 1; i > 0; i-- {
		switch strings.ToLower(words[i]) {
		case "the", "a", "an":
			return strings.Join(words[i+1:], " ")
		}
	}
	return trimDeterminer(s)
}

func trimDeterminer(s string) string {
	s = strings.TrimSpace(s)
	for _, d := range []string{"the ", "a ", "an ", "The ", "A ", "An "} {
		s = strings.TrimPrefix(s, d)
	}
	return s
}

// isNameAbbrev reports whether a word ending in a period is an initial or a
// title abbreviation rather than a sentence end.
func isNameAbbrev(w string) bool {
	t := strings.TrimLeftFunc(w, func(r rune) bool { return unicode.IsPunct(r) || isQuoteGlyph(r) })
	if !strings.HasSuffix(t, ".") {
		return false
	}
	core := strings.TrimSuffix(t, ".")
	if utf8.RuneCountInString(core) == 1 || strings.Contains(core, ".") {
		return true // "J." or "U.S."
	}
	switch strings.ToLower(core) {
	case "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "prof", "rev", "adm", "maj", "gov't":
		return true
	}
	return false
}

func isCapitalisedWord(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

func isNameParticle(w string) bool {
	switch w {
	case "de", "da", "del", "della", "di", "van", "von", "der", "den", "bin", "al", "la", "le", "du", "dos", "das", "el", "of", "y":
		return true
	}
	return false
}

func isSpeakerPronoun(w string) bool {
	switch w {
	case "he", "she", "they", "it", "i", "we":
		return true
	}
	return false
}

func isSpeechVerb(w string) bool {
	switch w {
	case "said", "says", "say", "told", "tells", "added", "adds", "wrote", "writes",
		"stated", "states", "explained", "explains", "noted", "notes", "warned", "warns",
		"argued", "argues", "insisted", "insists", "asked", "asks", "replied", "replies",
		"responded", "responds", "continued", "declared", "declares", "announced",
		"tweeted", "posted", "claimed", "claims", "acknowledged", "admitted", "recalled",
		"urged", "predicted", "suggested", "emphasized", "emphasised", "stressed",
		"concluded", "commented", "confirmed", "remarked", "testified", "conceded",
		"cautioned", "complained", "joked", "reported", "shouted", "yelled", "cried",
		"whispered", "pleaded", "vowed", "promised", "boasted", "countered", "retorted",
		"quipped", "observed", "lamented", "recounted", "described", "called",
		"tweets", "spoke", "speaks", "exclaimed", "exclaims", "affirmed", "assured", "demanded", "pointed", "reiterated", "charged", "alleged":
		return true
	}
	return false
}

func hasSpeechVerb(s string) bool {
	for _, w := range strings.Fields(s) {
		if t := trimWordPunct(w); !isCapitalisedWord(t) && isSpeechVerb(strings.ToLower(t)) {
			return true
		}
	}
	return false
}

func isStatementNoun(w string) bool {
	switch w {
	case "statement", "report", "release", "letter", "post", "tweet", "communique", "communiqué",
		"memo", "filing", "message", "document", "notice", "announcement", "ruling":
		return true
	}
	return false
}

// isRoleWord lists job titles: in a name run everything up to the last one
// is title ("Defense Secretary Pete Hegseth"), and alone ("the spokesman
// said") they resolve to whoever the article last gave that title.
func isRoleWord(w string) bool {
	if i := strings.LastIndexByte(w, '-'); i > 0 && w != "president-elect" {
		return isRoleWord(w[:i]) || isRoleWord(w[i+1:]) // "secretary-general"
	}
	switch w {
	case "president", "secretary", "minister", "senator", "sen.", "rep.", "representative",
		"congressman", "congresswoman", "governor", "gov.", "mayor", "chancellor", "chief",
		"judge", "justice", "director", "spokesman", "spokeswoman", "spokesperson",
		"pope", "king", "queen", "prince", "princess", "sheikh", "leader", "chairman",
		"chairwoman", "chair", "ceo", "commissioner", "ambassador", "attorney", "lawyer",
		"coach", "manager", "analyst", "premier", "emir", "president-elect", "candidate",
		"nominee", "economist", "researcher", "correspondent", "editor", "founder",
		"executive", "officer", "speaker", "deputy", "general", "colonel", "captain",
		"admiral", "sergeant", "detective", "inspector", "superintendent", "prosecutor",
		"counsel", "adviser", "advisor", "aide", "envoy", "diplomat", "professor",
		"actress", "actor", "singer", "star", "producer", "writer", "comedian", "filmmaker",
		"host", "contributor", "photographer", "reporter", "columnist", "novelist",
		"mp", "mep", "qb", "quarterback", "mvp", "model", "comedienne", "billionaire", "businessman",
		"businesswoman", "entrepreneur", "tycoon", "magnate", "mogul", "despot", "dictator", "rapper",
		"designer", "presenter", "chef", "author", "artist", "musician", "astronaut", "physicist", "scientist":
		return true
	}
	return false
}

// isHonorific lists honorifics that are never a role of their own.
func isHonorific(w string) bool {
	switch w {
	case "mr", "mrs", "ms", "miss", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "adm",
		"maj", "rev", "sir", "lord", "lady", "dame", "former", "mr.", "mrs.", "ms.", "dr.",
		"gen.", "col.", "lt.", "sgt.", "capt.", "adm.", "maj.", "rev.", "prof.", "vice", "prime", "acting",
		"asst", "ch", "con", "supt", "insp", "det", "cllr", "assistant", "witness", "veteran", "dean", "constable":
		return true
	}
	return false
}

// isContraction reports whether w ends like "I’ll", "We're", "Don't".
func isContraction(w string) bool {
	lw := strings.ToLower(w)
	for _, suf := range []string{"'ll", "’ll", "'re", "’re", "'ve", "’ve", "'m", "’m", "n't", "n’t", "'d", "’d"} {
		if strings.HasSuffix(lw, suf) {
			return true
		}
	}
	return false
}

// isOpeningAdverb lists adverbs that open sentences before a name
// ("Apparently Putin", "Even Barack Obama").
func isOpeningAdverb(w string) bool {
	switch w {
	case "even", "apparently", "reportedly", "finally", "clearly", "currently", "recently", "previously",
		"similarly", "notably", "ironically", "fortunately", "unfortunately", "initially", "eventually",
		"ultimately", "obviously", "certainly", "interestingly", "only", "just", "now":
		return true
	}
	return false
}

func allCredit(words []string) bool {
	for _, w := range words {
		if !isCreditWord(strings.ToLower(trimWordPunct(w))) {
			return false
		}
	}
	return true
}

// isShouted reports whether w is a word of two or more letters in capitals
// that is not an acronym-like short word ("ABOUT", not "UN" or "FBI").
func isShouted(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n >= 4 || n >= 2 && isNotName(strings.ToLower(w)) || w == "YOU" || w == "TO"
}

func isTimeWord(w string) bool {
	switch w {
	case "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
		"march", "april", "june", "july", "august", "september", "october", "november", "december", "today", "yesterday", "tomorrow":
		return true
	}
	return false
}

// isDemonym lists nationality adjectives that open a name run.
func isDemonym(w string) bool {
	switch w {
	case "american", "british", "french", "german", "russian", "chinese", "japanese", "korean",
		"brazilian", "canadian", "mexican", "israeli", "palestinian", "iranian", "iraqi", "syrian",
		"indian", "pakistani", "australian", "italian", "spanish", "turkish", "ukrainian", "egyptian",
		"saudi", "nigerian", "english", "scottish", "irish", "welsh", "european", "african", "swiss",
		"dutch", "swedish", "norwegian", "polish", "greek", "cuban", "venezuelan", "colombian",
		"argentine", "argentinian", "chilean", "peruvian", "afghan", "lebanese", "jordanian", "yemeni",
		"filipino", "vietnamese", "thai", "indonesian", "malaysian", "kenyan", "ethiopian", "danish",
		"finnish", "belgian", "austrian", "portuguese", "hungarian", "czech", "romanian", "serbian":
		return true
	}
	return false
}

// isCreditWord lists the words of photo and agency credits that captions
// glue before a name.
func isCreditWord(w string) bool {
	switch w {
	case "associated", "press", "ap", "pa", "afp", "reuters", "getty", "images", "epa", "xinhua",
		"photo", "photos", "credit", "shutterstock", "bloomberg", "cnn", "bbc":
		return true
	}
	return false
}

// isNotName lists capitalised words that start sentences or name times, not
// people ("Additionally", "April", "Saturday").
func isNotName(w string) bool {
	switch w {
	case "the", "a", "an", "but", "and", "or", "however", "additionally", "meanwhile", "in",
		"on", "at", "for", "from", "with", "after", "before", "while", "when", "also",
		"still", "yet", "so", "then", "now", "later", "earlier", "last", "this", "that",
		"these", "those", "his", "her", "their", "its", "our", "my", "if", "as", "although",
		"though", "because", "since", "asked", "speaking", "according", "monday", "tuesday",
		"wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
		"march", "april", "may", "june", "july", "august", "september", "october",
		"november", "december", "today", "yesterday", "tomorrow", "he", "she", "they", "it",
		"we", "i", "there", "here", "what", "why", "how", "where", "who", "instead",
		"furthermore", "moreover", "indeed", "finally", "first", "second", "separately",
		"toggle", "legend", "photo", "by", "to", "of", "said", "says", "twitter", "facebook",
		"instagram", "youtube", "telegram", "weibo", "more", "read", "watch", "share", "close",
		"both", "all", "each", "neither", "either", "one", "another", "some", "many", "several", "every":
		return true
	}
	return false
}

// isOrgName reports whether a speaker name is an organisation, so "he" or
// "she" never resolves to it.
func isOrgName(name string) bool {
	for _, w := range strings.Fields(name) {
		switch strings.ToLower(trimWordPunct(w)) {
		case "group", "house", "ministry", "department", "police", "agency", "council", "party",
			"company", "inc", "corp", "corporation", "university", "association", "committee",
			"office", "commission", "court", "government", "administration", "times", "news",
			"post", "journal", "institute", "foundation", "organization", "organisation",
			"union", "bank", "service", "services", "force", "army", "navy", "command",
			"network", "federation", "league", "club", "team", "board", "bureau", "center",
			"centre", "embassy", "kremlin", "pentagon", "reuters", "agencies", "watch",
			"international", "fund", "authority", "senate", "congress", "parliament",
			"commission's", "statement", "ministry's", "airlines", "airline", "media",
			"branch", "trust", "society", "division", "unit", "academy", "school", "college", "hospital",
			"zoo", "museum", "programme", "project", "alliance", "coalition", "movement", "forum",
			"consortium", "observatory", "laboratory", "systems", "solutions", "industries":
			return true
		}
	}
	letters := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return r
		}
		return -1
	}, name)
	return len(letters) >= 2 && strings.ToUpper(letters) == letters // FBI, NATO, UN
}

// isOrgNoun lists the nouns an article uses for an organisation it has
// named ("the company said", "Credit agency giant Equifax").
func isOrgNoun(w string) bool {
	switch w {
	case "company", "firm", "agency", "giant", "group", "bank", "carrier", "airline", "retailer",
		"maker", "manufacturer", "insurer", "operator", "startup", "organization", "organisation",
		"charity", "network", "broadcaster", "newspaper", "zoo", "club", "team", "ministry",
		"department", "office", "embassy", "campaign", "university", "college", "school", "hospital":
		return true
	}
	return false
}

// isUnnamedPersonNoun lists singular nouns for one person the article does
// not name: "a South Korean official said" has no speaker to list.
func isUnnamedPersonNoun(w string) bool {
	switch w {
	case "official", "source", "spokesman", "spokeswoman", "spokesperson", "witness", "resident", "expert", "analyst", "investigator":
		return true
	}
	return false
}

// isPeopleNoun lists plural nouns for unnamed people.
func isPeopleNoun(w string) bool {
	switch w {
	case "officials", "witnesses", "residents", "experts", "analysts", "sources", "investigators",
		"women", "men", "executives", "lawyers", "researchers", "scientists", "activists", "organizers", "organisers",
		"producers", "neighbours", "neighbors", "americans", "brits", "fans", "parents", "students", "critics", "viewers", "users":
		return true
	}
	return false
}

func lastWord(s string) string {
	f := strings.Fields(strings.ToLower(s))
	if len(f) == 0 {
		return ""
	}
	return trimWordPunct(f[len(f)-1])
}

// isGroupNoun lists collective, unnamed speakers ("police said").
func isGroupNoun(w string) bool {
	switch w {
	case "police", "officials", "official", "authorities", "prosecutors", "witnesses",
		"investigators", "residents", "experts", "analysts", "sources", "source",
		"women", "men", "executives", "lawyers", "researchers", "scientists", "activists", "organizers", "organisers",
		"ministry", "government", "company", "spokesman", "spokeswoman", "spokesperson",
		"military", "army", "embassy", "agency", "department", "office", "court", "campaign":
		return true
	}
	return false
}

// lastSentenceEnd returns the offset just past the last sentence end in s,
// or -1.
func lastSentenceEnd(s string) int {
	end := -1
	for i := 0; i+1 < len(s); i++ {
		if (s[i] == '.' || s[i] == '!' || s[i] == '?') && s[i+1] == ' ' {
			w := s[strings.LastIndexByte(s[:i], ' ')+1 : i+1]
			if !isNameAbbrev(w) {
				end = i + 1
			}
		}
	}
	return end
}
