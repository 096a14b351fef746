package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// clean removes page furniture from an article's paragraphs: photo
// captions and credits, copyright notices, "Read more" links, advertisement
// markers, share-button residue, bylines, timestamps and gallery residue.
// It returns the kept paragraphs, each as its citable sentences in order,
// and an outlet name learned from a copyright or agency line, if any.
//
// A short paragraph that is clutter as a whole goes whole. Otherwise
// clutter is cut out as spans and sentences (see cleanParagraph), never by
// dropping a paragraph of body text: scrapers often deliver an article as
// one line with its captions and credits run into the body, and a credit
// must not cost the article.
func clean(paras []string) (kept [][]string, outlet string) {
	gtitle := galleryTitle(paras)
	lastRaw := -2 // raw index of the last kept paragraph
	for i, p := range paras {
		l := strings.ToLower(p)
		if isToggleLine(l) {
			// "Toggle legend Marco UGARTE / AP" credits the photo whose
			// caption is the single-sentence paragraph right before it.
			if lastRaw == i-1 && len(kept) > 0 && len(kept[len(kept)-1]) <= 1 {
				kept = kept[:len(kept)-1]
				lastRaw = -2
			}
			continue
		}
		// checked: the paragraph as a whole passed every clutter rule, so
		// its sentences need only the checks of their own shape.
		checked := false
		if words := countWords(l, maxClutterWords+1); words <= maxClutterWords {
			// A notice opening the paragraph, or making all of a short
			// one, takes it; one inside a longer paragraph goes as a
			// sentence (appendPiece).
			if o, ok := copyrightLine(p, l); ok && (words <= maxNoticeWords || strings.HasPrefix(p, "©") || strings.HasPrefix(l, "copyright")) {
				if outlet == "" {
					outlet = o
				}
				continue
			}
			if o, ok := datelineStamp(p, l); ok && words <= maxNoticeWords {
				if outlet == "" {
					outlet = o
				}
				continue
			}
			if isClutter(p, l) {
				continue
			}
			_, notice := copyrightLine(p, l)
			_, stamp := datelineStamp(p, l)
			checked = !notice && !stamp
		}
		sents, captionFirst, o := cleanParagraph(p, checked, gtitle)
		if outlet == "" {
			outlet = o
		}
		if captionFirst && lastRaw == i-1 && len(kept) > 0 && len(kept[len(kept)-1]) == 1 && countWords(kept[len(kept)-1][0], maxCaptionWords+1) <= maxCaptionWords {
			// A credit opening the paragraph credits the photo whose
			// caption is the one-sentence paragraph before it.
			kept = kept[:len(kept)-1]
		}
		if len(sents) == 0 {
			continue
		}
		kept = append(kept, sents)
		lastRaw = i
	}
	return kept, outlet
}

// maxClutterWords: a paragraph longer than this is never dropped whole,
// however it starts or whatever it holds; it is cleaned span by span.
const maxClutterWords = 60

// maxNoticeWords: a paragraph this short holding a copyright notice or an
// agency's time stamp is that notice.
const maxNoticeWords = 20

// maxCaptionWords: a sentence longer than this before a credit is taken
// for body text, not the photo's caption.
const maxCaptionWords = 50

// cleanParagraph cuts p's clutter spans out (findClutterSpans), splits what
// is left into sentences, drops each caption (the sentence a photo credit
// or link directly follows) and each sentence that is clutter on its own,
// and re-examines sentences over 60 words for captions glued into them.
// captionFirst reports that p opens with a photo credit, whose caption may
// be the paragraph before.
func cleanParagraph(p string, checked bool, gtitle string) (sents []string, captionFirst bool, outlet string) {
	spans, notice := findClutterSpans(p, gtitle)
	rules := sentenceRules{checked: checked && len(spans) == 0, notice: notice}
	pos := 0
	captionFirst = len(spans) > 0 && spans[0].caption && strings.TrimSpace(p[:spans[0].start]) == ""
	// lastKept: the piece's last sentence, the one right before the next
	// span, was kept (not dropped as clutter itself).
	lastKept := false
	addPiece := func(piece string) {
		ss := Split(piece)
		lastKept = false
		for i, s := range ss {
			n := len(sents)
			sents = appendSentence(sents, s, &outlet, rules)
			lastKept = i == len(ss)-1 && len(sents) > n
		}
	}
	for _, sp := range spans {
		if sp.end <= pos {
			continue // inside the caption a span before announced
		}
		before := len(sents)
		addPiece(p[pos:max(pos, sp.start)])
		if sp.caption && lastKept && len(sents) > before {
			last := sents[len(sents)-1]
			r, _ := utf8.DecodeLastRuneInString(last)
			closed := strings.ContainsRune(".!?\"”’…", r)
			// A bare credit after a closed sentence and before more text
			// ("…to Nico Rosberg. Getty Images Lewis Hamilton celebrates…")
			// most often heads the caption after it, the sentence before
			// being reporting; at a paragraph's end it closes its caption.
			headsNext := sp.bare && closed && strings.TrimSpace(p[sp.end:]) != ""
			if countWords(last, maxCaptionWords+1) <= maxCaptionWords && (!sp.weak || !closed) && !headsNext {
				sents = sents[:len(sents)-1]
			}
		}
		pos = sp.end
		if sp.captionAfter {
			// "Image caption The tram derailed near an underpass": the
			// caption runs to the end of its sentence, or to where the
			// next sentence is glued to it.
			rest := p[pos:]
			if ss := Split(rest); len(ss) > 0 {
				first := ss[0]
				if pieces := splitGlued(first); len(pieces) > 1 && !isClosed(pieces[0]) {
					first = pieces[0]
				}
				i := strings.Index(rest, first)
				pos += i + len(first)
			}
		}
	}
	addPiece(p[pos:])
	return sents, captionFirst, outlet
}

// isClosed reports whether s ends with closing punctuation.
func isClosed(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".!?\"”’…", r)
}

// appendSentence appends s to sents unless it is clutter on its own,
// after cutting clutter words glued to its start ("Advertisement Continue
// reading the main story The president said…") and cutting it where a
// caption or heading without closing punctuation runs into the next
// sentence (splitGlued); a piece that is a caption is dropped. checked
// says s's paragraph passed the clutter rules whole, so only the rules
// of a sentence's own shape are applied.
func appendSentence(sents []string, s string, outlet *string, rules sentenceRules) []string {
	for _, piece := range splitGlued(s) {
		if strings.Count(piece, " ") >= maxSentenceWords && countWords(piece, maxSentenceWords+1) > maxSentenceWords {
			for _, p := range splitLong(piece) {
				sents = appendPiece(sents, p, outlet, rules)
			}
			continue
		}
		sents = appendPiece(sents, piece, outlet, rules)
	}
	return sents
}

// splitLong re-examines a sentence over maxSentenceWords words, almost
// always captions run together: it is cut before each capitalised word
// that follows a lowercase word without punctuation and is followed by a
// lowercase one ("…after last night's atrocity Shell-shocked people were
// seen…"), where a name would be followed by another capitalised word.
// A name after a word that opens a clause ("after Seoul proposed"), in
// apposition ("his former team Ferrari, wife…") or possessive ("welcoming
// Seoul's support") is inside the sentence.
func splitLong(s string) []string {
	var out []string
	ws := tokensOf(s)
	start := 0
	for k := 1; k+1 < len(ws); k++ {
		w, prev, next := s[ws[k].start:ws[k].end], s[ws[k-1].start:ws[k-1].end], s[ws[k+1].start:ws[k+1].end]
		r, _ := utf8.DecodeRuneInString(w)
		pr, _ := utf8.DecodeRuneInString(prev)
		nr, _ := utf8.DecodeRuneInString(next)
		lastP := prev[len(prev)-1]
		if unicode.IsUpper(r) && unicode.IsLower(pr) && unicode.IsLower(nr) && (lastP >= 'a' && lastP <= 'z') &&
			(len(w) > 1 || !designations[prev] && letterArticle(next)) && !titleLead[prev] && !clauseLead[prev] &&
			!strings.HasSuffix(w, ",") && !strings.HasSuffix(w, "'s") && !strings.HasSuffix(w, "’s") && ws[k].start-start > 0 && countWords(s[start:ws[k].start], 6) >= 5 {
			out = append(out, strings.TrimSpace(s[start:ws[k].start]))
			start = ws[k].start
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

// isTitleLead is titleLead[strings.ToLower(w)] without allocating: this
// runs at every capitalised word of every sentence, and titleLead's words
// are short and ASCII.
func isTitleLead(w string) bool {
	var buf [12]byte
	if len(w) > len(buf) {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return titleLead[string(buf[:len(w)])]
}

// clauseLead are words after which a name opens a clause inside the
// sentence ("after Seoul proposed talks", "while Timberlake let…").
var clauseLead = setOf("after", "while", "before", "when", "because", "since", "until", "unless", "if", "but",
	"where", "whom", "whose", "whether", "though", "although", "once", "whereas", "where", "saying", "says",
	"thinks", "believes", "claims", "insists", "hopes", "fears", "knows", "revealed", "announced", "confirmed")

// tokensOf returns the whitespace-separated words of s by offsets.
func tokensOf(s string) []token {
	var toks []token
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += w
			continue
		}
		j := i
		for j < len(s) {
			r, w := utf8.DecodeRuneInString(s[j:])
			if unicode.IsSpace(r) {
				break
			}
			j += w
		}
		toks = append(toks, token{i, j})
		i = j
	}
	return toks
}

// sentenceRules says which clutter rules a paragraph's sentences need.
type sentenceRules struct {
	// checked: the paragraph passed the clutter rules whole, so only the
	// rules of a sentence's own shape apply.
	checked bool
	// notice: the paragraph holds a copyright notice's words.
	notice bool
}

func appendPiece(sents []string, s string, outlet *string, rules sentenceRules) []string {
	s = trimClutterPrefix(s)
	if !hasLetter(s) || isCaption(s) {
		return sents
	}
	if !rules.checked && sentenceClutter(s, outlet, rules.notice) {
		return sents
	}
	return append(sents, s)
}

// maxShortSentence: a sentence this long (in bytes) or shorter gets every
// clutter rule; a longer one only those that can match long text, after
// cheap tests, as clutter lines are short and this runs on every sentence
// of a one-line article.
const maxShortSentence = 100

// sentenceClutter reports whether s is clutter on its own: a copyright
// notice (whose holder goes to outlet), an agency's time stamp, a link
// line, share buttons, a credit or byline.
func sentenceClutter(s string, outlet *string, notice bool) bool {
	if notice {
		if o, ok := copyrightLine(s, strings.ToLower(s)); ok {
			if *outlet == "" {
				*outlet = o
			}
			return true
		}
	}
	if len(s) <= maxShortSentence {
		l := strings.ToLower(s)
		if _, ok := datelineStamp(s, l); ok && countWords(l, 13) <= 12 {
			return true
		}
		return isClutter(s, l)
	}
	for _, pre := range clutterPrefixes {
		if len(s) >= len(pre) && strings.EqualFold(s[:len(pre)], pre) {
			return true
		}
	}
	return false
}

// hasWordTail reports whether s holds a word's end in lower or upper case
// ("aption", "APTION" find "Hide Caption" and "HIDE CAPTION"): two plain
// searches, cheaper than folding case over the text.
func hasWordTail(s, lower, upper string) bool {
	return strings.Contains(s, lower) || strings.Contains(s, upper)
}

// captionCredits are the credits that open or close a caption without
// closing punctuation ("Reuters Kim Jong-un's staff cheer…", "…on opening
// day Rex Features"), by their words.
var captionCredits = [][]string{{"AP:Associated", "Press"}, {"Associated", "Press"}, {"Getty", "Images"}, {"Rex", "Features"},
	{"Splash", "News"}, {"Barcroft", "Media"}, {"Fame", "Flynet"}, {"EFE"}, {"Reuters"}, {"REUTERS"}, {"AP"}, {"EPA"}, {"PA"}, {"AFP"}, {"Getty"}, {"GETTY"}, {"Rex"},
	{"Shutterstock"}, {"Alamy"}, {"Nasa"}, {"NASA"}, {"EPA-EFE"}, {"Twitter"}, {"Facebook"}, {"Instagram"}}

// creditFirst are the first words of captionCredits.
var creditFirst = setOf("AP:Associated", "Associated", "Getty", "Rex", "Splash", "Barcroft", "Fame", "EFE", "Reuters", "REUTERS", "AP",
	"EPA", "PA", "AFP", "GETTY", "Shutterstock", "Alamy", "Nasa", "NASA", "EPA-EFE", "Twitter",
	"Facebook", "Instagram")

// trimPunct cuts trailing ".,:;" from w.
func trimPunct(w string) string {
	for len(w) > 0 {
		switch w[len(w)-1] {
		case '.', ',', ':', ';':
			w = w[:len(w)-1]
			continue
		}
		break
	}
	return w
}

// creditAt reports how many words of a caption credit start ws[i:].
func creditAt(ws []string, i int) int {
	if i >= len(ws) || !creditFirst[trimPunct(ws[i])] {
		return 0
	}
	for _, c := range captionCredits {
		if i+len(c) > len(ws) {
			continue
		}
		hit := true
		for j, w := range c {
			if trimPunct(ws[i+j]) != w {
				hit = false
				break
			}
		}
		if hit {
			return len(c)
		}
	}
	return 0
}

// isCaption reports whether a sentence without closing punctuation is a
// photo caption: it opens with a credit and a capitalised word
// ("Reuters Kim Jong-un's staff cheer in the background"), with a gallery
// counter ("5/34 26 November 2017 Sailors from the Royal Navy…"), or
// closes with a credit ("…on opening day Rex Features").
func isCaption(s string) bool {
	last, _ := utf8.DecodeLastRuneInString(s)
	if strings.ContainsRune(".!?\"”’'…", last) {
		return false
	}
	ws := strings.Fields(s)
	if len(ws) == 2 {
		// "8/30 Saturn", "Splash News", cut from the caption they head.
		if a, b, ok := strings.Cut(ws[0], "/"); ok && isNumber(a) && isNumber(b) {
			return true
		}
	}
	if n := creditAt(ws, 0); n > 0 && n == len(ws) && n > 1 {
		return true
	}
	if len(ws) < 3 {
		return false
	}
	if n := creditAt(ws, 0); n > 0 && n < len(ws) {
		r, _ := utf8.DecodeRuneInString(ws[n])
		if unicode.IsUpper(r) {
			return true
		}
	}
	if a, b, ok := strings.Cut(ws[0], "/"); ok && isNumber(a) && isNumber(b) {
		return true
	}
	for n := 1; n <= 2 && n < len(ws); n++ {
		if creditAt(ws, len(ws)-n) == n {
			return true
		}
	}
	return false
}

// cutBeforeCaps reports whether a word in capitals followed by next starts
// a heading or dateline: next is more capitals, a dash or "(Reuters)".
func cutBeforeCaps(next string) bool {
	return next != "" && (isAllCaps(next) || next == "--" || next == "—" || next == "–" || next == "-" || strings.HasPrefix(next, "("))
}

// wordAt returns the word of s starting after the spaces at i.
func wordAt(s string, i int) string {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	j := i
	for j < len(s) && s[j] != ' ' {
		j++
	}
	return s[i:j]
}

// isAllCaps reports whether w has two letters or more, all capitals.
func isAllCaps(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n >= 2
}

// maxSentenceWords: a longer sentence is re-examined for glued captions.
const maxSentenceWords = 60

// glueOpeners are words that start a sentence and are rarely capitalised
// inside one; pronouns almost never are, the others are when a function
// word comes before them ("of The Times", "in A Star Is Born").
var glueOpeners = setOf("The", "A", "An", "He", "She", "It", "They", "We", "In", "On", "At", "But",
	"This", "That", "These", "Those", "His", "Her", "Their", "Police", "Officials", "After", "When", "With",
	"Even", "Last", "Another", "One", "So", "Not", "Beyond", "Starting", "Miraculously", "Meanwhile", "However",
	"Earlier", "Later", "Now", "Then", "There", "Here", "While", "Although", "During", "Since", "Before",
	"You", "Our", "My", "Its", "If", "What", "Why", "How", "Where", "Who", "Several", "Many", "Some", "Most",
	"Both", "Each", "Every", "Pictures", "Footage", "Witnesses", "Authorities", "According", "Following",
	"Despite", "Shortly", "Speaking", "Asked", "Thousands", "Hundreds", "Dozens", "As", "Next", "Video",
	"Research", "Emergency", "Viewers", "Women", "Men", "Showing", "Traditionally", "And", "Outside", "To",
	"For", "Other", "Prior", "More", "Upon", "Others", "Without", "Fans", "Rescue", "Vessels", "Experts",
	"Residents", "Analysts", "Investigators", "Firefighters", "Officers", "Emergency", "Scientists")

// capOpeners are the glueOpeners that start a sentence even after a
// capitalised word, followed by a lowercase one: a name or title does not
// go on with them ("…at Interlagos The race was…", "…said Tuesday He
// added…").
var capOpeners = setOf("The", "A", "An", "He", "She", "They", "We", "In", "At", "According", "What", "Why",
	"If", "This", "While", "Following", "Starting", "When", "However", "Meanwhile", "Earlier", "Despite",
	"Last", "Later")

// articles start a title whose next word is capitalised whatever it is
// ("The Last of Us").
var articles = setOf("The", "A", "An", "THE")

var pronounOpeners = setOf("He", "She", "They", "We")

// letterArticle reports whether next, the word after a lone "A", may
// follow the article "A": a content word, not a short or function word
// that follows a designation letter ("line A of", "ligne A du", "plan A
// was", "zona A del", "terminal A durante").
func letterArticle(next string) bool {
	next = strings.ToLower(strings.TrimRight(next, ",.;:"))
	return len(next) > 3 && !letterFollowers[next]
}

// letterFollowers are function words longer than three letters, in
// en/es/fr, that follow a designation letter.
var letterFollowers = setOf("were", "will", "would", "could", "should", "with", "from", "that", "which",
	"where", "when", "then", "than", "have", "also", "into", "onto", "after", "before", "while", "until",
	"because", "since", "during", "near", "between", "remains", "remained", "sont", "était", "avec", "pour",
	"dans", "mais", "puis", "avait", "depuis", "pendant", "entre", "para", "pero", "como", "desde", "hasta",
	"sobre", "hacia", "está", "tiene", "había", "durante", "donde", "cuando", "hacia", "también")

// designations are nouns a letter names one of ("line A", "ligne A",
// "terminal A", "plan B", "Flight A"), lowercased.
var designations = setOf("line", "lines", "ligne", "lignes", "línea", "linea", "terminal", "terminals", "gate",
	"plan", "zone", "zona", "section", "sección", "sector", "group", "grupo", "groupe", "category", "catégorie",
	"categoría", "type", "tipo", "class", "classe", "clase", "level", "niveau", "nivel", "phase", "fase",
	"stage", "étape", "porte", "puerta", "platform", "quai", "andén", "building", "edificio", "bâtiment", "block",
	"bloc", "bloque", "lot", "track", "voie", "vía", "route", "ruta", "team", "équipe", "equipo", "option",
	"opción", "série", "serie", "series", "pool", "division", "división", "hall", "wing", "floor", "piso",
	"vitamin", "vitamine", "vitamina", "hepatitis", "hépatite", "flight", "vol", "vuelo", "exhibit", "appendix",
	"annex", "annexe", "anexo", "schedule", "tier", "room", "sala", "salle", "box", "site", "unit", "unité",
	"unidad", "pavilion", "pavillon", "pabellón", "runway", "piste", "pista", "lane", "carril", "ward",
	"compartment", "car", "coach", "wagon", "vagón", "voiture", "row", "rang", "fila", "seat", "asiento", "siège",
	"suite", "tower", "tour", "torre", "wave", "vague", "ola", "scenario", "scénario", "escenario", "list", "liste",
	"lista", "grade", "note", "nota", "batch", "lote", "part", "partie", "parte", "title", "titre", "título",
	"article", "artículo", "articulo", "point", "punto", "item", "annexure", "version", "versión", "model",
	"modèle", "modelo", "letter", "lettre", "letra", "star", "étoile", "estrella", "shift", "équipe", "turno")

// titleLead are words after which a capitalised opener is a title's or a
// name's ("of The Times", "told The Associated Press").
var titleLead = setOf("of", "in", "to", "at", "by", "from", "for", "with", "and", "or", "the", "a", "an", "on",
	"told", "said", "says", "read", "watch", "see", "called", "named", "titled", "film", "book", "show", "song",
	"album", "via", "like", "as", "star", "host", "reported", "according", "wrote", "into", "about", "than",
	"is", "was", "are", "were", "be", "been", "'s", "’s", "that", "which", "who", "this", "&", "vs", "v",
	"include", "includes", "included", "including", "hits", "single", "track", "novel", "series",
	"programme", "program", "play", "adaptation", "channel", "renamed", "think", "thinks", "thought", "tip",
	"tips", "publishes", "publish", "starring", "sang", "sing", "sings", "performed", "perform", "hit")

// splitGlued cuts s where a caption, credit or heading without closing
// punctuation runs into the next sentence, as happens when a scraper joins
// paragraphs: before a sentence opener ("…on Monday The president said…",
// "…after the attack They…") or after a credit followed by a capitalised
// word ("…on opening day Rex Features It is believed…"). A piece over
// maxSentenceWords words is re-examined more boldly, cut before any
// capitalised word that follows a closing credit or gallery counter. Each
// piece is verbatim; most sentences come back whole after one scan.
func splitGlued(s string) []string {
	var out []string
	start := 0
	prevStart, prevEnd := -1, -1
	for i := 0; i < len(s); {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i >= len(s) {
			break
		}
		j := strings.IndexByte(s[i:], ' ')
		if j < 0 {
			j = len(s)
		} else {
			j += i
		}
		c := s[i]
		if w := s[i:j]; (w == "•" || strings.HasPrefix(w, "___")) && i > start {
			// A bullet or rule starts a new item, whatever came before.
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i
		} else if (w == "-" || w == "—" || w == "–") && i > start && strings.HasPrefix(s[start:], w+" ") && j+1 < len(s) &&
			countWords(s[start:i], 12) <= 10 {
			// "- Leak 'a crime, a felony' - The papers…": a subheading
			// between dashes ends at its closing dash.
			if r, _ := utf8.DecodeRuneInString(s[j+1:]); unicode.IsUpper(r) {
				out = append(out, s[start:j])
				start = j + 1
				prevStart, prevEnd = -1, -1
				i = j
				continue
			}
		}
		if prevEnd > 0 && c >= 'A' && c <= 'Z' && prevStart > start {
			prev := s[prevStart:prevEnd]
			lastB := prev[len(prev)-1]
			if lastB >= 'a' && lastB <= 'z' || lastB >= '0' && lastB <= '9' || lastB >= 'A' && lastB <= 'Z' {
				if cutBefore(s[i:j], prev, s[j:], s[start:prevEnd]) {
					out = append(out, s[start:prevEnd])
					start = i
				}
			} else if pictureNote[prev] && glueOpeners[trimPunct(s[i:j])] && startsLower(s[j:]) {
				// "…to Aitken crater (pictured) The launch will…"
				out = append(out, s[start:prevEnd])
				start = i
			} else if quotedWhole(s[start:prevEnd]) && !attributionFollows(s, i, false) {
				// "[China backs U.N. move] Rice also said…", "'I got on
				// the wrong plane' Jeff Waldman, 35, learned…": a heading
				// that is one bracket or quotation.
				out = append(out, s[start:prevEnd])
				start = i
			}
		}
		prevStart, prevEnd = i, j
		i = j
	}
	return append(out, strings.TrimSpace(s[start:]))
}

// captionOpening reports whether sofar opens like a photo caption, with a
// credit or a gallery counter ("AP:Associated Press", "8/30 Saturn"), and
// rest, the sentence's end, has no closing punctuation: the sentence is a
// caption dropped whole (isCaption), so it is not cut.
func captionOpening(sofar, rest string) bool {
	last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(rest, " "))
	if strings.ContainsRune(".!?\"”’'…", last) {
		return false
	}
	w := wordAt(sofar, 0)
	if a, b, ok := strings.Cut(w, "/"); ok && isNumber(a) && isNumber(b) {
		return true
	}
	if !creditFirst[trimPunct(w)] {
		return false
	}
	ws := strings.Fields(sofar)
	return creditAt(ws, 0) > 0
}

// startsLower reports whether the first word of s starts in lowercase.
func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(wordAt(s, 0))
	return unicode.IsLower(r)
}

// pictureNote are the asides with which a caption points at its photo.
var pictureNote = setOf("(pictured)", "(above)", "(below)", "(left)", "(right)", "(centre)", "(center)",
	"(top)", "(bottom)", "(file)", "(inset)")

// capsHeading reports whether sofar is all words in capitals, five
// letters or more in all ("TIMELINE", "UN IN FOCUS", not "NASA").
func capsHeading(sofar string) bool {
	letters := 0
	for _, r := range sofar {
		switch {
		case unicode.IsLower(r):
			return false
		case unicode.IsLetter(r):
			letters++
		}
	}
	return letters >= 5
}

// quotedWhole reports whether s is one bracketed or quoted passage of
// three words or more, with no closing punctuation before its closer.
func quotedWhole(s string) bool {
	open, w := utf8.DecodeRuneInString(s)
	closer, cw := utf8.DecodeLastRuneInString(s)
	var want rune
	switch open {
	case '[':
		want = ']'
	case '‘':
		want = '’'
	case '“':
		want = '”'
	case '\'', '"':
		want = open
	default:
		return false
	}
	if closer != want || len(s) <= w+cw || strings.Count(s, " ") < 2 {
		return false
	}
	inner := s[w : len(s)-cw]
	last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(inner, "'’\"” "))
	if (want == '\'' || want == '’') && (strings.Contains(inner, ", ") || last == 's') {
		// "'Not long ago, the United States' Trump Administration": a
		// possessive's apostrophe, not a closing quote.
		return false
	}
	if strings.ContainsRune(".!?,…", last) {
		return false
	}
	// One passage: the closer does not occur inside it (an apostrophe
	// does, as in "'It's over'", so single quotes need a closer after a
	// letter and none before a space).
	if want == '\'' || want == '’' {
		return !strings.Contains(inner, string(want)+" ")
	}
	return !strings.ContainsRune(inner, want)
}

// cutBefore reports whether a sentence ends between prev and w (w starting
// with a capital, rest what follows it), sofar being the sentence up to
// prev.
func cutBefore(w, prev, rest, sofar string) bool {
	if isTitleLead(prev) {
		// After a function word ("stake in IPCL", "tip The Aviator") a
		// capital is a name's or a title's.
		return false
	}
	if pronounOpeners[w] {
		// "…on Friday He said…": a pronoun is capitalised only to start a
		// sentence, when a lowercase word follows it.
		nr, _ := utf8.DecodeRuneInString(wordAt(rest, 0))
		if unicode.IsLower(nr) {
			return true
		}
	}
	pr, _ := utf8.DecodeRuneInString(prev)
	if isAllCaps(prev) && !isAllCaps(w) && capsHeading(sofar) {
		// "UN IN FOCUS Japan reacted…", "SUBSCRIBE For the first
		// time…": a heading in capitals opening the sentence ends where a
		// capitalised word begins lowercase prose.
		nr, _ := utf8.DecodeRuneInString(wordAt(rest, 0))
		if unicode.IsLower(nr) {
			return true
		}
	}
	if !unicode.IsLower(pr) && !unicode.IsDigit(pr) {
		// After a capitalised word ("Sony's Clie PEG") a capital is a
		// name's, unless a credit closes a caption there or a word that
		// only opens sentences starts one ("…in Interlagos The race
		// was…").
		if capOpeners[trimPunct(w)] && !titles[trimPunct(prev)] && !articles[prev] && !captionOpening(sofar, rest) {
			next := wordAt(rest, 0)
			nr, _ := utf8.DecodeRuneInString(next)
			if unicode.IsLower(nr) && (len(w) > 1 || !designations[strings.ToLower(prev)] && letterArticle(next)) {
				return true
			}
		}
		return creditBefore(prev, w, sofar)
	}
	if len(w) >= 5 && w[1] >= 'A' && w[1] <= 'Z' && isAllCaps(w) && cutBeforeCaps(wordAt(rest, 0)) {
		// A heading in capitals ("FALCON HEAVY LAUNCH") or a dateline
		// ("BEIJING --", "LONDON (Reuters) -") starts anew.
		return true
	}
	if w = trimPunct(w); glueOpeners[w] && !captionOpening(sofar, rest) {
		// A title or name goes on in capitals ("The Life Aquatic", "Six
		// Nations", "It On Your Own"); a sentence goes on in lowercase.
		next := wordAt(rest, 0)
		nr, _ := utf8.DecodeRuneInString(next)
		if !unicode.IsLower(nr) {
			return false
		}
		if len(w) == 1 {
			// A lone capital is often a designation, not the article "A":
			// "la ligne A du métro", "plan A if it fails", "la terminal A
			// durante la noche". The article follows no designation's noun
			// and precedes a content word.
			return !designations[strings.ToLower(prev)] && letterArticle(next)
		}
		return true
	}
	return creditBefore(prev, w, sofar)
}

// creditBefore reports whether sofar ends with a credit closing a caption
// ("…on opening day Rex Features"), prev being its last word and w the
// next, which must not carry the credit on ("Rex" of "Rex Features").
func creditBefore(prev, w, sofar string) bool {
	if creditAt([]string{prev, w}, 0) == 2 {
		return false
	}
	if tp := trimPunct(prev); !creditFirst[tp] && tp != "Press" && tp != "Images" && tp != "Features" && tp != "News" && tp != "Media" && tp != "Flynet" {
		return false
	}
	// Only the last three words matter, so only they are cut out.
	var ws [3]string
	n := 0
	for end := len(sofar); n < 3; n++ {
		i := strings.LastIndexByte(sofar[:end], ' ')
		ws[2-n] = sofar[i+1 : end]
		if i < 0 {
			n++
			break
		}
		end = i
	}
	if n == 3 && strings.Count(sofar, " ") >= 3 {
		for k := 1; k <= 2; k++ {
			if creditAt(ws[:], 3-k) == k {
				// A one-word credit after a capitalised word is a name's
				// ("Secretary of State Rex Tillerson", "the Nasa
				// Administrator"), not a caption's end, unless it is in
				// capitals ("…attack in Nice EFE Abandoned pushchairs…").
				r, _ := utf8.DecodeRuneInString(ws[2-k])
				return !isTitleLead(ws[2-k]) && (k == 2 || !unicode.IsUpper(r) || isAllCaps(ws[2]))
			}
		}
	}
	return false
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// trimClutterPrefix cuts whole clutter lines ("Advertisement", "Photo",
// "Scroll down for video") from the start of s when a capitalised word
// follows them, as happens when a one-line article runs them into the next
// sentence.
func trimClutterPrefix(s string) string {
	s = trimByline(s)
	for {
		if len(s) < 5 || !strings.ContainsRune("AaCcSsPpVvRrEeHh", rune(s[0])) {
			return s
		}
		cut := false
		for _, c := range gluedClutter {
			if len(s) > len(c)+1 && strings.EqualFold(s[:len(c)], c) && s[len(c)] == ' ' {
				r, _ := utf8.DecodeRuneInString(s[len(c)+1:])
				if unicode.IsUpper(r) || r == '"' || r == '“' {
					s = strings.TrimSpace(s[len(c)+1:])
					cut = true
					break
				}
			}
		}
		if !cut {
			return s
		}
	}
}

// trimByline cuts a byline run into the dateline after it ("By Malcolm
// Foster ERIMO, Japan, Oct 19 (Reuters) - Ever since…"): "By", up to
// four capitalised name words, then a place in capitals.
func trimByline(s string) string {
	if !strings.HasPrefix(s, "By ") {
		return s
	}
	i := 3
	for n := 0; n < 5; n++ {
		w := wordAt(s, i)
		if w == "" {
			return s
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return s
		}
		if n >= 1 && len(w) >= 3 && isAllCaps(strings.TrimRight(w, ",")) && strings.HasSuffix(w, ",") {
			return s[i:]
		}
		i += len(w)
		for i < len(s) && s[i] == ' ' {
			i++
		}
	}
	return s
}

// gluedClutter are the clutter lines trimClutterPrefix cuts, longest first
// so that the longest match wins.
var gluedClutter = []string{"advertisement continue reading the main story", "advertisement - continue reading below",
	"continue reading the main story", "continue reading below",
	"scroll down for video", "advertisement", "savesave", "photo", "video", "read more", "story highlights",
	"sponsored content", "enlarge this image", "hide caption", "share this article", "share"}

// clutterSpan is a stretch of a paragraph that is no reporting: a photo
// credit, a link, gallery residue.
type clutterSpan struct {
	start, end int
	// caption: the span credits a photo (or is a link) whose caption is the
	// sentence right before it.
	caption bool
	// captionAfter: the span announces a caption that follows it.
	captionAfter bool
	// weak: the sentence before is taken for a caption only when it has no
	// closing punctuation, as a gallery's title has none ("…for the past
	// year Play slideshow").
	weak bool
	// bare: a credit with no label or parenthesis ("Getty Images",
	// "David Becker/Getty Images"), which many outlets put before their
	// caption rather than after it.
	bare bool
}

// creditAgencies are the photo agencies and outlets that photo credits
// name after a slash ("David Becker/Getty Images"), lowercased first word.
var creditAgencies = setOf("getty", "ap", "reuters", "afp", "epa", "epa-efe", "pa", "bloomberg", "wireimage",
	"invision", "shutterstock", "rex", "alamy", "nurphoto", "xinhua", "landov", "dpa", "sipa", "zuma", "anadolu",
	"sputnik", "tass", "pool", "storyful", "cnet", "ians", "pti", "ani", "efe", "kcna", "yonhap", "kyodo",
	"bbc", "nasa", "spacex", "usa", "imagn", "filmmagic", "corbis", "redux", "polaris", "abaca", "picture-alliance",
	"ullstein", "the", "associated", "file", "handout", "flickr", "twitter", "instagram", "facebook", "youtube",
	"european", "agence")

// creditJoiners are the lowercase words inside a credit's names.
var creditJoiners = setOf("for", "the", "of", "via", "and", "de", "van", "von", "da", "/")

// theAgencies are the outlets credited as "/The …".
var theAgencies = setOf("verge", "independent", "guardian", "telegraph", "times", "washington", "new", "associated", "canadian")

// galleryPhrases are words and phrases of photo galleries and embedded players,
// lowercased; a run of them (with counters like "1 of 22" or "3/8") is cut.
type galleryPhrase struct {
	words        []string
	alone        bool // a clutter span even without another gallery word next to it
	caption      bool
	captionAfter bool
}

// clauseOpeners are capitalised words that, before a lowercase word, open
// a sentence rather than continue a name.
var clauseOpeners = map[string]bool{"The": true, "A": true, "An": true, "It": true, "He": true,
	"She": true, "They": true, "We": true, "This": true, "That": true, "In": true, "On": true,
	"At": true, "But": true, "And": true, "His": true, "Her": true, "Their": true}

var galleryPhrases = []galleryPhrase{
	{[]string{"play", "slideshow"}, true, true, false},
	{[]string{"hide", "caption"}, true, true, false},
	{[]string{"show", "caption"}, true, true, false},
	{[]string{"toggle", "caption"}, true, false, false},
	{[]string{"toggle", "legend"}, true, true, false},
	{[]string{"enlarge", "this", "image"}, true, false, false},
	{[]string{"image", "copyright"}, true, false, false},
	{[]string{"image", "caption"}, true, false, true},
	{[]string{"media", "caption"}, true, false, true},
	{[]string{"full", "screen"}, false, false, false},
	{[]string{"fullscreen"}, false, false, false},
	{[]string{"autoplay"}, false, false, false},
	{[]string{"skip", "ad"}, false, false, false},
	{[]string{"close"}, false, false, false},
	{[]string{"x"}, false, false, false},
	{[]string{"show", "all"}, false, false, false},
	{[]string{"next"}, false, false, false},
	{[]string{"previous"}, false, false, false},
	{[]string{"expand"}, false, false, false},
	{[]string{"replay"}, false, false, false},
}

// token is one whitespace-separated word of a paragraph, by byte offsets.
type token struct{ start, end int }

// findClutterSpans finds the clutter spans of p, in order and not
// overlapping: links, photo credits ("David Becker/Getty Images", "(Photo:
// Evan Vucci/AP)", "Getty Images", "REUTERS"), embedded-tweet signatures
// ("— Edward Snowden (@Snowden) April 3, 2016") and gallery residue ("Play
// slideshow", "1 of 22 Full Screen Autoplay Close Skip Ad x", "Hide Caption
// 9 of 59"). Most paragraphs hold none of their telltale characters and
// are passed over with one scan.
func findClutterSpans(p, gtitle string) (spans []clutterSpan, notice bool) {
	link, agency, gallery, notice := scanTriggers(p)
	gallery = gallery || gtitle != "" && strings.Contains(p, galleryLabel)
	if !link && !agency && !gallery && !notice && !strings.ContainsAny(p, "/@") && !parenCreditLikely(p) {
		return nil, notice
	}
	toks := tokensOf(p)
	word := func(k int) string { return p[toks[k].start:toks[k].end] }
	add := func(from, to int, caption, after bool) {
		sp := clutterSpan{start: toks[from].start, end: toks[to].end, caption: caption, captionAfter: after}
		if n := len(spans); n > 0 && spans[n-1].end >= sp.start-1 {
			// Adjacent spans are one: the first says what precedes it.
			if sp.end > spans[n-1].end {
				spans[n-1].end = sp.end
				spans[n-1].captionAfter = sp.captionAfter
			}
			return
		}
		if n := len(spans); n > 0 && strings.TrimSpace(p[spans[n-1].end:sp.start]) == "" {
			spans[n-1].end = sp.end
			spans[n-1].captionAfter = sp.captionAfter
			return
		}
		spans = append(spans, sp)
	}
	markBare := func(from int) {
		if n := len(spans); n > 0 && spans[n-1].start == toks[from].start && !creditLabel(strings.ToLower(word(from))) {
			spans[n-1].bare = true
		}
	}
	for k := 0; k < len(toks); k++ {
		w := word(k)
		switch {
		case isLink(w):
			end := k
			for end+1 < len(toks) && isLink(word(end+1)) {
				end++
			}
			// A tweet's picture link follows the tweet's own words, which
			// stay; other links follow the caption of what they link.
			add(k, end, !strings.HasPrefix(w, "pic.twitter.com"), false)
			k = end
			continue
		case strings.HasPrefix(w, "(@") || strings.HasPrefix(w, "@") && k > 0 && strings.HasPrefix(word(k-1), "("):
			from := k
			for b := k - 1; b >= 0 && b >= k-8; b-- {
				if bw := word(b); bw == "—" || bw == "-" || bw == "–" {
					from = b
					break
				}
			}
			end := k
			if end+3 < len(toks) && isMonth(word(end+1)) && strings.HasSuffix(word(end+2), ",") && isYear(word(end+3)) {
				end += 3
			}
			// An embedded tweet's signature: the tweet's words before it
			// are reporting, not a caption.
			add(from, end, false, false)
			k = end
			continue
		case strings.HasPrefix(w, "(") && transcriptCue(p[toks[k].start:]) > 0:
			// "(SOUNDBITE OF YOUTUBE VIDEO)" in an NPR transcript
			end := k
			for stop := toks[k].start + transcriptCue(p[toks[k].start:]); end+1 < len(toks) && toks[end+1].start < stop; {
				end++
			}
			add(k, end, false, false)
			k = end
			continue
		case strings.HasPrefix(w, "("):
			if end, caption, ok := creditParen(p, toks, k); ok {
				add(k, end, caption, false)
				k = end
				continue
			}
		}
		if gtitle != "" && w == galleryLabel && strings.HasPrefix(p[toks[k].end:], " "+gtitle) {
			// "Photos: Bastille Day terror: Harrowing images of truck
			// attack in Nice": a gallery's label and title, before each
			// slide's caption.
			end := k
			for e := toks[k].end + 1 + len(gtitle); end+1 < len(toks) && toks[end+1].start < e; {
				end++
			}
			add(k, end, false, false)
			k = end
			continue
		}
		if (strings.HasSuffix(w, ":") || w == "©") && creditLabel(strings.ToLower(w)) && k+1 < len(toks) && !strings.Contains(p[toks[k+1].start:toks[k+1].end], "/") {
			// "Photograph: Graeme Robertson for the Guardian"
			end := k
			for end+1 < len(toks) && end < k+8 {
				nw := p[toks[end+1].start:toks[end+1].end]
				r, _ := utf8.DecodeRuneInString(nw)
				if !unicode.IsUpper(r) && !creditJoiners[nw] || glueOpeners[nw] && end > k {
					break
				}
				end++
				if strings.ContainsAny(nw[len(nw)-1:], ".)") {
					break
				}
			}
			if end > k {
				add(k, end, true, false)
				k = end
				continue
			}
		}
		if strings.Contains(w, "/") {
			if from, end, ok := slashCredit(p, toks, k); ok {
				add(from, end, true, false)
				markBare(from)
				k = end
				continue
			}
		}
		if agency {
			if from, end, ok := agencyCredit(toks, k, word); ok {
				add(from, end, true, false)
				markBare(from)
				k = end
				continue
			}
		}
		if gallery && w == "Image" && k+2 < len(toks) && word(k+1) == "copyright" {
			// "Image copyright The Paper Image caption …": the holder's
			// capitalised name goes with the notice.
			end := k + 1
			for end+1 < len(toks) && end < k+6 && word(end+1) != "Image" {
				r, _ := utf8.DecodeRuneInString(word(end + 1))
				if !unicode.IsUpper(r) {
					break
				}
				if end > k+1 && clauseOpeners[word(end+1)] && end+2 < len(toks) {
					// "Image copyright AFP The boat had 42 people": after
					// the holder, "The" opens the next sentence.
					if r2, _ := utf8.DecodeRuneInString(word(end + 2)); unicode.IsLower(r2) {
						break
					}
				}
				end++
			}
			add(k, end, false, false)
			k = end
			continue
		}
		if gallery {
			if from, end, g, ok := galleryRun(p, toks, k); ok {
				add(from, end, g.caption, g.captionAfter)
				if n := len(spans); n > 0 && spans[n-1].start == toks[from].start {
					spans[n-1].weak = true
				}
				k = end
				continue
			}
		}
	}
	return spans, notice
}

// galleryLabel opens each slide's caption of a gallery (CNN's).
const galleryLabel = "Photos:"

// galleryTitle returns the title a gallery's slides repeat after their
// label ("Photos: North Korea launches rocket The Kwangmyongsong carrier
// rocket…", "Photos: North Korea launches rocket A state TV newsreader…"):
// the words the first two labels share. With fewer than two labels there is
// no gallery, and "" comes back.
func galleryTitle(paras []string) string {
	var after []string
	for _, p := range paras {
		for rest := p; len(after) < 2; {
			i := strings.Index(rest, galleryLabel+" ")
			if i < 0 {
				break
			}
			rest = rest[i+len(galleryLabel)+1:]
			after = append(after, rest)
		}
		if len(after) == 2 {
			break
		}
	}
	if len(after) < 2 {
		return ""
	}
	a, b := after[0], after[1]
	n := 0 // the end of the last whole word both share
	for i := 0; i < len(a) && i < len(b) && a[i] == b[i]; i++ {
		if a[i] == ' ' {
			n = i
		}
	}
	if m := min(len(a), len(b)); (m == len(a) || a[m] == ' ') && (m == len(b) || b[m] == ' ') && a[:m] == b[:m] {
		n = m
	}
	title := strings.TrimSpace(a[:n])
	// The first label's title may run into the second label ("Photos: T
	// Photos: T Baby strollers…").
	title = strings.TrimSpace(strings.TrimSuffix(title, galleryLabel))
	if title == "" || len(title) > 120 {
		return ""
	}
	return title
}

// agencyCredit reports whether token k starts an agency's credit given
// bare ("Getty Images", "GETTY", "REUTERS"), and the tokens it spans with
// a "Photo:" label before it and a "- Getty" after it.
func agencyCredit(toks []token, k int, word func(int) string) (from, end int, ok bool) {
	t := strings.Trim(word(k), ".,;:-–—()")
	if !(t == "GETTY" || t == "REUTERS" || t == "Getty" && k+1 < len(toks) && strings.HasPrefix(word(k+1), "Images")) {
		return 0, 0, false
	}
	from, end = k, k
	if t == "Getty" {
		end = k + 1
	}
	if from > 0 && creditLabel(strings.ToLower(word(from-1))) {
		from--
	}
	// "Getty Images - Getty", "REUTERS/ Stringer"
	if end+2 < len(toks) && word(end+1) == "-" && strings.Trim(word(end+2), ".,") == "Getty" {
		end += 2
	}
	return from, end, true
}

// scanTriggers reports, in one pass over p's word starts, whether p may
// hold a link, an agency's bare credit or gallery residue, so that most
// paragraphs are passed over without being cut into words.
func scanTriggers(p string) (link, agency, gallery, notice bool) {
	has := func(i int, w string) bool {
		return len(p)-i >= len(w) && strings.EqualFold(p[i:i+len(w)], w)
	}
	for i := 0; i < len(p); i++ {
		if p[i] == 0xC2 && i+1 < len(p) && p[i+1] == 0xA9 { // ©
			notice = true
		}
		if i > 0 && p[i-1] != ' ' && p[i-1] != '(' && p[i-1] != '\n' {
			continue
		}
		switch p[i] | 0x20 {
		case 'h':
			link = link || has(i, "http")
			gallery = gallery || has(i, "hide caption")
		case 'w':
			link = link || has(i, "www.")
		case 'p':
			link = link || has(i, "pic.twitter.com")
			gallery = gallery || has(i, "play slideshow")
		case 'g':
			agency = agency || strings.HasPrefix(p[i:], "Getty") || strings.HasPrefix(p[i:], "GETTY")
		case 'r':
			agency = agency || strings.HasPrefix(p[i:], "REUTERS")
			notice = notice || has(i, "reserved")
		case 'c':
			gallery = gallery || has(i, "caption")
			notice = notice || has(i, "copyright")
		case 'n':
			notice = notice || has(i, "not reproduce")
		case 's':
			gallery = gallery || has(i, "show caption") || has(i, "slideshow") || has(i, "skip ad")
		case 'f':
			gallery = gallery || has(i, "full screen") || has(i, "fullscreen")
		case 'e':
			gallery = gallery || has(i, "enlarge this")
		case 'i':
			gallery = gallery || has(i, "image copyright") || has(i, "image caption")
		case 'm':
			gallery = gallery || has(i, "media caption")
			notice = notice || has(i, "may not be published")
		case 'a':
			gallery = gallery || has(i, "autoplay")
		case 't':
			gallery = gallery || has(i, "toggle")
		}
	}
	return link || strings.Contains(p, "://"), agency, gallery, notice
}

// isLink reports whether the word w is a link or holds one.
func isLink(w string) bool {
	return strings.Contains(w, "://") || strings.HasPrefix(w, "www.") || strings.HasPrefix(w, "WWW.") ||
		strings.HasPrefix(w, "pic.twitter.com")
}

var monthNames = setOf("january", "february", "march", "april", "may", "june", "july", "august", "september",
	"october", "november", "december", "jan.", "feb.", "aug.", "sept.", "oct.", "nov.", "dec.")

func isMonth(w string) bool { return monthNames[strings.ToLower(w)] }

func isYear(w string) bool {
	w = strings.TrimRight(w, ".,)")
	return len(w) == 4 && strings.Trim(w, "0123456789") == "" && (w[:2] == "19" || w[:2] == "20")
}

// creditLabel reports whether lw labels a credit ("photo:", "photograph:").
func creditLabel(lw string) bool {
	switch strings.TrimRight(lw, ":") {
	case "photo", "photos", "photograph", "photographer", "picture", "image", "credit", "©", "(c)":
		return strings.HasSuffix(lw, ":") || lw == "©"
	}
	return false
}

// transcriptCue returns the length of an NPR transcript's stage cue
// opening s ("(SOUNDBITE OF ARCHIVED BROADCAST)", "(LAUGHTER)"), 0 if
// none does.
func transcriptCue(s string) int {
	i := strings.IndexByte(s, ')')
	if i < 0 || i > 80 {
		return 0
	}
	if !isCue(s[1:i]) {
		return 0
	}
	return i + 1
}

// isCue reports whether s, in capitals, opens with a transcript's cue.
func isCue(s string) bool {
	for _, cue := range []string{"SOUNDBITE OF", "BEGIN VIDEO CLIP", "END VIDEO CLIP", "BEGIN AUDIO CLIP", "END AUDIO CLIP",
		"LAUGHTER", "APPLAUSE", "CROSSTALK", "MUSIC", "INAUDIBLE", "UNIDENTIFIED", "FOREIGN LANGUAGE SPOKEN"} {
		if strings.HasPrefix(s, cue) {
			return strings.IndexFunc(s, unicode.IsLower) < 0
		}
	}
	return false
}

// parenCreditLikely reports whether a parenthesis in p (which holds no
// slash) may be a credit: it opens with a credit's word or is an agency's
// name alone. Most parentheses are asides, passed over here.
func parenCreditLikely(p string) bool {
	for rest := p; ; {
		i := strings.IndexByte(rest, '(')
		if i < 0 {
			return false
		}
		rest = rest[i+1:]
		inner := rest[:min(len(rest), 24)]
		if j := strings.IndexByte(inner, ')'); j >= 0 {
			inner = inner[:j]
		}
		if isCue(inner) {
			return true
		}
		l := strings.ToLower(inner)
		if strings.Contains(l, " via ") {
			return true // "(SpaceX via AP)"
		}
		for _, pre := range []string{"photo", "image", "picture", "credit", "courtesy", "file", "getty", "ap", "afp", "reuters", "epa", "pa", "xinhua", "@", "associated press"} {
			if strings.HasPrefix(l, pre) {
				return true
			}
		}
	}
}

// creditParen reports whether the parenthesis opening at token k is a
// photo credit — "(Photo: Evan Vucci/AP)", "(Getty Images)", "(file
// photo)", "(Brett Coomer/AP)" — and at which token it closes. "(AP)" and
// "(Reuters)" before a dash are datelines ("WASHINGTON (AP) — …") and stay.
// caption says the sentence before is the photo's caption; AP's "(SpaceX
// via AP)" and "(Associated Press)" follow captions that report ("The
// National Weather Service office in Cleveland says the storm brought 34
// inches…"), so they go alone.
func creditParen(p string, toks []token, k int) (end int, caption, ok bool) {
	end = -1
	for e := k; e < len(toks) && e < k+16; e++ {
		if strings.Contains(p[toks[e].start:toks[e].end], ")") {
			end = e
			break
		}
	}
	if end < 0 {
		return 0, false, false
	}
	inner := p[toks[k].start+1 : toks[end].end]
	if i := strings.LastIndexByte(inner, ')'); i >= 0 {
		inner = inner[:i]
	}
	l := strings.ToLower(strings.TrimSpace(inner))
	for _, pre := range []string{"photo:", "photo by", "photos:", "image:", "images:", "photograph:", "picture:", "pictured:", "credit:", "courtesy", "file photo", "file", "afp/", "ap photo", "reuters/", "getty"} {
		if strings.HasPrefix(l, pre) {
			return end, true, true
		}
	}
	for _, suf := range []string{" via ap", " via getty images", " via reuters", " via afp"} {
		if strings.HasSuffix(l, suf) {
			return end, false, true // "(SpaceX via AP)"
		}
	}
	switch l {
	case "associated press":
		return end, false, true
	case "ap", "afp", "reuters", "epa", "pa", "xinhua":
		if end+1 < len(toks) {
			if next := p[toks[end+1].start:toks[end+1].end]; next == "—" || next == "-" || next == "–" || next == "--" {
				return 0, false, false
			}
		}
		// A dateline's agency follows a place in capitals.
		if k > 0 {
			prev := strings.Trim(p[toks[k-1].start:toks[k-1].end], ",")
			if prev == strings.ToUpper(prev) && hasLetter(prev) {
				return 0, false, false
			}
		}
		return end, true, true
	}
	if i := strings.LastIndexByte(l, '/'); i >= 0 {
		right := strings.Fields(strings.TrimSpace(l[i+1:]))
		left := strings.TrimSpace(l[:i])
		if len(right) > 0 && left != "" && !strings.ContainsAny(left, "0123456789") && (creditAgencies[right[0]] || len(right) <= 3) {
			return end, true, true
		}
	}
	return 0, false, false
}

// slashCredit reports whether token k holds a photo credit's slash —
// "Becker/Getty" of "David Becker/Getty Images", "/AFP/Getty" of "Toru
// Yamanaka /AFP/Getty Images" — and the tokens the credit spans: back over
// the photographer's capitalised name (and a "Photograph:" label), on over
// the agency's name.
func slashCredit(p string, toks []token, k int) (from, end int, ok bool) {
	w := p[toks[k].start:toks[k].end]
	i := strings.LastIndexByte(w, '/')
	if i < 0 || strings.ContainsAny(w, "0123456789") || strings.Contains(w, "://") {
		return 0, 0, false
	}
	right := strings.ToLower(strings.Trim(w[i+1:], ".,;:)"))
	end = k
	if right == "" && k+1 < len(toks) {
		// "REUTERS/ Stringer", "Robinson / The Independent"
		end = k + 1
		right = strings.ToLower(strings.Trim(p[toks[end].start:toks[end].end], ".,;:)"))
	}
	switch {
	case right == "the" && end+1 < len(toks):
		if !theAgencies[strings.ToLower(strings.Trim(p[toks[end+1].start:toks[end+1].end], ".,;:)"))] {
			return 0, 0, false
		}
		end++
	case creditAgencies[right]:
	default:
		return 0, 0, false
	}
	// The agency's further words: "Getty Images", "Associated Press", "USA TODAY Sports".
	for end+1 < len(toks) && end < k+4 {
		nw := strings.Trim(p[toks[end+1].start:toks[end+1].end], ".,;:)")
		switch strings.ToLower(nw) {
		case "images", "press", "today", "sports", "photo", "photos", "file", "via", "wireimage", "getty", "pressphoto", "agency", "france-presse", "francepresse", "france":
			end++
			continue
		}
		break
	}
	left := w[:i]
	from = k
	// "Toru Yamanaka /AFP/Getty", "AFP/Getty Images": the name, if any, is
	// before the slash's word.
	if first, _ := utf8.DecodeRuneInString(left); left != "" && !unicode.IsUpper(first) {
		return 0, 0, false
	}
	for b := k - 1; b >= 0 && b >= k-4; b-- {
		bw := p[toks[b].start:toks[b].end]
		r, _ := utf8.DecodeRuneInString(bw)
		last := bw[len(bw)-1]
		initial := len(bw) == 2 && bw[1] == '.'
		if creditLabel(strings.ToLower(bw)) || bw == "Credit" {
			// "Photograph: …", "Credit Omer Messinger/European Pressphoto Agency"
			from = b
			break
		}
		if !unicode.IsUpper(r) || (strings.ContainsRune(".!?\"”:", rune(last)) && !initial) || glueOpeners[bw] {
			break
		}
		from = b
	}
	return from, end, true
}

// galleryRun reports whether a run of gallery words starts at token k, and
// the tokens it spans. Counters ("1 of 22", "3/8") belong to a run but do
// not start one alone.
func galleryRun(p string, toks []token, k int) (from, end int, first galleryPhrase, ok bool) {
	match := func(at int) (int, int) { // phrase index, tokens used
		for gi, g := range galleryPhrases {
			if at+len(g.words) > len(toks) {
				continue
			}
			hit := true
			for j, gw := range g.words {
				if !strings.EqualFold(strings.Trim(p[toks[at+j].start:toks[at+j].end], ".,:;"), gw) {
					hit = false
					break
				}
			}
			if hit {
				return gi, len(g.words)
			}
		}
		return -1, 0
	}
	counter := func(at int) int { // tokens used by a counter at at
		w := p[toks[at].start:toks[at].end]
		if isNumber(w) && at+2 < len(toks) && strings.EqualFold(p[toks[at+1].start:toks[at+1].end], "of") && isNumber(p[toks[at+2].start:toks[at+2].end]) {
			return 3
		}
		if a, b, ok := strings.Cut(w, "/"); ok && isNumber(a) && isNumber(b) {
			return 1
		}
		return 0
	}
	gi, n := match(k)
	if gi < 0 {
		return 0, 0, first, false
	}
	first = galleryPhrases[gi]
	strong := first.alone
	count := 1
	end = k + n - 1
	for end+1 < len(toks) {
		if c := counter(end + 1); c > 0 {
			end += c
			count++
			continue
		}
		if gj, m := match(end + 1); gj >= 0 {
			end += m
			count++
			strong = strong || galleryPhrases[gj].alone
			continue
		}
		break
	}
	if !strong && count < 3 {
		return 0, 0, first, false
	}
	// A counter just before the run belongs to it ("1 of 22 Full Screen").
	from = k
	if k >= 3 && counter(k-3) == 3 {
		from = k - 3
	}
	return from, end, first, true
}

func isNumber(w string) bool {
	return w != "" && len(w) <= 4 && strings.Trim(w, "0123456789") == ""
}

func isToggleLine(l string) bool {
	return strings.HasPrefix(l, "toggle legend") || strings.HasPrefix(l, "toggle caption") ||
		strings.HasPrefix(l, "toggle légende") || strings.HasPrefix(l, "toggle legende")
}

// copyrightLine recognises copyright notices and names the holder when the
// line starts with the notice ("© 2025 Latin Times. All rights reserved.").
func copyrightLine(p, l string) (holder string, ok bool) {
	if !(strings.Contains(p, "©") || strings.HasPrefix(l, "copyright") ||
		strings.Contains(l, "all rights reserved") || strings.Contains(l, "do not reproduce") ||
		strings.Contains(l, "may not be published, broadcast, rewritten or redistributed")) {
		return "", false
	}
	rest := p
	switch {
	case strings.HasPrefix(rest, "©"):
		rest = strings.TrimPrefix(rest, "©")
	case strings.HasPrefix(l, "copyright"):
		rest = strings.TrimLeft(rest[len("copyright"):], " ")
		rest = strings.TrimPrefix(rest, "©")
	default:
		return "", true
	}
	rest = strings.TrimLeft(rest, " ")
	rest = strings.TrimLeft(rest, "0123456789-– ")
	rest = strings.TrimPrefix(rest, "©")
	if i := strings.IndexAny(rest, ".,|"); i >= 0 {
		rest = rest[:i]
	}
	rest = strings.TrimSpace(rest)
	if rest == "" || len(rest) > 48 || len(strings.Fields(rest)) > 5 {
		return "", true
	}
	return rest, true
}

// datelineStamp recognises agency stamps such as
// "Xinhua | Updated: 2017-09-15 17:52" and names the agency.
func datelineStamp(p, l string) (agency string, ok bool) {
	if strings.Contains(l, "updated: 20") || strings.HasPrefix(l, "updated at ") ||
		strings.HasPrefix(l, "updated ") && len(l) < 60 ||
		strings.HasPrefix(l, "published: ") || strings.HasPrefix(l, "posted: ") {
		before, _, found := strings.Cut(p, "|")
		if found {
			before = strings.TrimSpace(before)
			if len(strings.Fields(before)) <= 3 {
				return before, true
			}
		}
		return "", true
	}
	return "", false
}

// clutterLines are whole paragraphs (lowercase, trailing punctuation
// removed) that are never reporting.
var clutterLines = setOf("advertisement", "advertisement continue reading the main story",
	"continue reading the main story", "continue reading", "photo", "photos", "video", "image",
	"read more", "scroll down for video", "savesave", "share", "share this", "share this article",
	"share this story", "subscribe to updates", "subscribe", "related", "related articles",
	"related stories", "more from the new york times", "story highlights", "___", "...", "—", "-",
	"reuters", "ap", "afp", "getty", "getty images", "epa", "xinhua", "pa", "play video",
	"watch video", "close", "skip ad", "sponsored", "sponsored content", "hide caption",
	"enlarge this image", "image copyright", "media caption", "comments", "print", "email",
	"advertisement - continue reading below", "continue reading below")

// clutterPrefixes start paragraphs that are links or promotions.
var clutterPrefixes = []string{"read more:", "read more ", "read or share this story", "more: ",
	"sign up for", "sign up to", "we pay for", "click here", "chat with us in facebook messenger",
	"this is a breaking news story", "enlarge this image", "information from:", "related:",
	"see also:", "watch:", "listen:", "image copyright", "media caption", "photo:", "photograph:",
	"slideshow (", "getty images", "image: ", "source: ", "follow us on", "like us on facebook",
	"download our app", "subscribe to our", "the associated press contributed to this report"}

// creditPrefixes are the clutterPrefixes that a scraped one-line article
// runs straight into its text ("Image copyright AFP The ferry had 42
// people on board…"): a longer paragraph they open is cleaned span by
// span, whose rules take the notice, its holder and an "Image caption"
// after it, rather than dropped whole. Others stay whole-paragraph rules:
// a long "Getty Images The consulate building suffered…" is a caption,
// and span cleaning would keep it.
var creditPrefixes = setOf("image copyright")

// shareWords are the labels of share buttons.
var shareWords = setOf("share", "tweet", "email", "e-mail", "pin", "facebook", "twitter",
	"whatsapp", "linkedin", "print", "reddit", "copy", "link", "comments", "comment", "save",
	"messenger", "pinterest", "sms", "flipboard", "google+", "this", "article", "on", "story", "via")

func isClutter(p, l string) bool {
	bare := strings.TrimRight(l, " .:!")
	if bare == "" || clutterLines[bare] {
		return true
	}
	words := countWords(l, 16) // only compared with 15 and less
	for _, pre := range clutterPrefixes {
		if strings.HasPrefix(l, pre) && !(creditPrefixes[pre] && words > 15) {
			return true
		}
	}
	if words <= 15 && strings.HasPrefix(l, "follow ") &&
		(strings.Contains(l, "twitter") || strings.Contains(l, "facebook") || strings.Contains(l, "instagram") || strings.Contains(l, "@")) {
		return true
	}
	if words <= 8 && strings.HasSuffix(bare, "read more") {
		return true
	}
	if isShareResidue(l) {
		return true
	}
	return isCredit(p, l, words)
}

// countWords is len(strings.Fields(s)), counting no further than limit.
func countWords(s string, limit int) int {
	n, in := 0, false
	for i := 0; i < len(s); {
		c := s[i]
		var space bool
		if c < utf8.RuneSelf {
			// ASCII, nearly every byte of news text: no decoding.
			space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
			i++
		} else {
			r, w := utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
			i += w
		}
		if space {
			in = false
			continue
		}
		if !in {
			in = true
			n++
			if n >= limit {
				return n
			}
		}
	}
	return n
}

func isShareResidue(l string) bool {
	// The fields of strings.FieldsFunc, read one at a time: most
	// paragraphs fail on their first word, so none are collected.
	sep := func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("|/·•,:", r) }
	n := 0
	for rest := l; ; {
		start := strings.IndexFunc(rest, func(r rune) bool { return !sep(r) })
		if start < 0 {
			break
		}
		rest = rest[start:]
		end := strings.IndexFunc(rest, sep)
		if end < 0 {
			end = len(rest)
		}
		if !shareWords[rest[:end]] {
			return false
		}
		n++
		rest = rest[end:]
	}
	return n > 0
}

// isCredit recognises photo credits, captions marked as such, and bylines:
// short lines without closing punctuation that name a photographer or agency
// ("David Becker/Getty Images", "(Lucy Pasha Robinson / The Independent)",
// "By Jane Doe").
func isCredit(p, l string, words int) bool {
	// Credits inside longer text (links, "(Photo: …)", "Getty Images",
	// "David Becker/Getty Images") are cut out as spans by
	// findClutterSpans, taking their caption with them, not here: a
	// paragraph holding one is not clutter for that.
	if words > 7 {
		return false
	}
	last := p[len(p)-1]
	closed := strings.ContainsRune(".!?\"”’", rune(last))
	if closed {
		return false
	}
	if strings.HasPrefix(p, "(") && strings.HasSuffix(p, ")") {
		return true
	}
	if strings.Contains(p, "/") && !strings.ContainsAny(p, "0123456789") {
		return true
	}
	if strings.HasPrefix(l, "by ") && words <= 5 {
		return true
	}
	return false
}
