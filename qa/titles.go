package qa

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"storybot/corpus"
)

// Limits on resolving job titles to names: a question names at most
// maxRolePhrases people by title, and at most maxTitleSentences sentences
// (one read) are parsed to learn who holds them.
const (
	maxRolePhrases     = 2
	maxTitleSentences  = 16
	maxRoleModifiers   = 4
	titleWinnerMargin  = 3 // the chosen holder is named this many times more than all others together
	minBareMentions    = 2
	maxTitleNameLength = 80
)

// rolePhrase is a job title in a question with the words that narrow it:
// "the Mexican president", "Mexico's president", "the president of
// Mexico", "the defense secretary".
type rolePhrase struct {
	head int   // term index of the job title ("presid")
	mods []int // term indexes of its modifiers ("mexican")
	// modTexts are the modifiers' token texts, for the qualifiers that
	// make a different role ("former", "vice").
	modTexts []string
	// holder is the name the title was resolved to, "" when none.
	holder string
}

// slots are the term indexes of the whole phrase.
func (p rolePhrase) slots() []int {
	return append([]int{p.head}, p.mods...)
}

// rolePhrases finds the job titles in a question's tokens, and which of
// their terms name who speaks (the phrase right before a say-verb).
// termAt is each token's term index, -1 for tokens that are not terms.
func rolePhrases(text string, toks []corpus.Token, termAt []int, shouting bool) ([]rolePhrase, []int) {
	var out []rolePhrase
	var speakers []int
	adjacent := func(a, b int) bool { // tokens a < b touch, hyphen or spaces between
		return strings.Trim(text[toks[a].End:toks[b].Start], " \t-") == ""
	}
	for k, t := range toks {
		if len(out) == maxRolePhrases {
			break
		}
		if termAt[k] < 0 || !corpus.IsRoleWord(t.Text) || isPossessive(text[t.Start:t.End]) {
			continue // "the president's spokesman": the spokesman is meant
		}
		p := rolePhrase{head: termAt[k]}
		first := k
		for j := k - 1; j >= 0 && termAt[j] >= 0 && adjacent(j, j+1) && len(p.mods) < maxRoleModifiers; j-- {
			p.mods = append(p.mods, termAt[j])
			p.modTexts = append(p.modTexts, toks[j].Text)
			first = j
			if isPossessive(text[toks[j].Start:toks[j].End]) {
				break // "did Trump threaten Mexico's president": the owner opens the phrase
			}
		}
		// Only a definite title means one person: "the Mexican president",
		// "Mexico's president"; not "which president", "a star".
		before := first - 1 // the word before the phrase and its article
		switch {
		case before >= 0 && toks[before].Text == "the":
			before--
		case first < k && isPossessive(text[toks[first].Start:toks[first].End]):
		default:
			continue
		}
		if k+1 < len(toks) && termAt[k+1] >= 0 && adjacent(k, k+1) &&
			(corpus.IsRoleWord(toks[k+1].Text) || !shouting && startsUpper(text, toks[k+1].Start) || before < 0 || !verbAfterSubject[toks[before].Text]) {
			// "defense secretary spokesman", "President Trump", "the
			// general principles": not a title standing for someone. After
			// an auxiliary the next word is the verb: "did the Mexican
			// president reject".
			continue
		}
		if before >= 0 && isBe[toks[before].Text] && slices.ContainsFunc(toks[:before], func(t corpus.Token) bool { return identityWords[t.Text] }) {
			// "Who is the Mexican president?" asks for the name: the
			// sentences that answer say the title, and any naming the
			// holder without it would only look like answers.
			continue
		}
		end := k
		if j := k + 1; j < len(toks) && (toks[j].Text == "of" || toks[j].Text == "for") {
			j++
			if j < len(toks) && toks[j].Text == "the" {
				j++
			}
			// "the president of the United States" runs on while the words are
			// capitalised; "did the president of Mexico reject troops" stops
			// at the verb. Without case to go by, one word is taken.
			caseless := shouting || !hasInnerCapital(text)
			for from := j; j < len(toks) && termAt[j] >= 0 && adjacent(j-1, j) && !onlySpaceOrAux(toks[j].Text) && len(p.mods) < maxRoleModifiers; j++ {
				if caseless && j > from || !caseless && !startsUpper(text, toks[j].Start) {
					break
				}
				p.mods = append(p.mods, termAt[j])
				p.modTexts = append(p.modTexts, toks[j].Text)
				end = j
			}
		}
		out = append(out, p)
		// The say-verb may follow an auxiliary ("really say").
		for s := end + 1; s < len(toks) && s <= end+3; s++ {
			if sayWords[toks[s].Text] {
				if onlySpaceOrAux(text[toks[end].End:toks[s].Start]) {
					speakers = append(speakers, p.head)
					speakers = append(speakers, p.mods...)
				}
				break
			}
		}
	}
	return out, speakers
}

// Question words around a title phrase: an auxiliary before "the X"
// puts the verb right after it; a form of "be" after who/what/which asks
// who X is.
var (
	verbAfterSubject = map[string]bool{"do": true, "does": true, "did": true, "will": true, "would": true,
		"can": true, "could": true, "should": true, "shall": true, "may": true, "might": true, "must": true,
		"has": true, "have": true, "had": true}
	isBe          = map[string]bool{"is": true, "was": true, "are": true, "were": true, "be": true, "s": true}
	identityWords = map[string]bool{"who": true, "whom": true, "what": true, "which": true, "whats": true}
)

// hasInnerCapital reports whether text has a capital letter beyond its
// first letter, so its capitals can be read as names.
func hasInnerCapital(text string) bool {
	seenLetter := false
	for _, r := range text {
		if !unicode.IsLetter(r) {
			continue
		}
		if seenLetter && unicode.IsUpper(r) {
			return true
		}
		seenLetter = true
	}
	return false
}

func isPossessive(s string) bool {
	return strings.HasSuffix(s, "'s") || strings.HasSuffix(s, "’s")
}

// roleQualifiers make a title someone else's: "former President Obama" is
// not who "the president" means, nor is the vice president.
var roleQualifiers = map[string]bool{
	"former": true, "vice": true, "acting": true, "deputy": true, "ex": true, "elect": true,
	"interim": true, "late": true, "outgoing": true, "incoming": true, "then": true, "assistant": true,
}

// titleHolder is one person the sentences read give the title asked
// about, and how often.
type titleHolder struct {
	name  string
	words []string // lowercased
	n     int
}

// resolveTitles learns who holds each job title the question names people
// by, from the sentences keep accepts that hold the title and its
// modifiers (their derived forms counting: "Mexico's president" is the
// "Mexican President"), and adds the holder's name to the query as the
// title's expansion at full strength: a sentence saying "Sheinbaum" covers
// "the Mexican president". A title with several holders in the sentences
// read ("the president" in a story about two) resolves to nothing. At
// most maxTitleSentences sentences are read, in one call. It returns the
// postings of the stems added, in qt order after terms. Errors come from
// the index.
func (e *Engine) resolveTitles(ctx context.Context, q *question, qt *queryTerms, terms []queryTerm, keep func(uint32) bool, stats corpus.IndexStats, expansion float64) ([]queryTerm, error) {
	if len(q.roles) == 0 {
		return nil, nil
	}
	per := maxTitleSentences / len(q.roles)
	var ids []uint32
	for _, p := range q.roles {
		ids = append(ids, titleCandidates(p, qt, terms, keep, per)...)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) == 0 {
		return nil, nil
	}
	sents, err := e.Index.Sentences(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("read title sentences: %w", err)
	}
	an, lang := e.analyzer(), e.language()
	var found []titledRole
	for _, s := range sents {
		for _, tn := range corpus.TitledNames(s.Text) {
			if len(tn.Name) <= maxTitleNameLength {
				found = append(found, newTitledRole(an, lang, tn))
			}
		}
	}
	before := len(qt.stems)
	for pi, p := range q.roles {
		var holders []titleHolder
		for _, t := range found {
			if t.fits(q, p) {
				holders = addHolder(holders, t.name)
			}
		}
		name, ok := soleHolder(holders, len(p.mods) == 0)
		if !ok {
			continue
		}
		e.logger().Debug("qa title", "head", q.terms[p.head], "name", name)
		q.roles[pi].holder = name
		// The name stands for the whole phrase, so the phrase's own word
		// pairs found in order ("Mexican President") are no better evidence
		// than the name alone.
		q.pairs = slices.DeleteFunc(q.pairs, func(pr [2]int) bool {
			return slices.Contains(p.slots(), pr[0]) && slices.Contains(p.slots(), pr[1])
		})
		var also uint64
		for _, m := range p.mods {
			also |= 1 << uint(m)
		}
		// The surname, as the articles mostly call people, stands for the
		// title at full strength; a first name alone ("Amy" in "Kimberly
		// Amy Hart") is weaker evidence, so it counts as an expansion.
		stems := an.Terms(name, lang)
		for i := len(stems) - 1; i >= 0; i-- {
			factor := 1.0
			if i < len(stems)-1 {
				factor = expansion
			}
			if factor > 0 {
				qt.addFor(stems[i], p.head, factor, also)
			}
		}
	}
	if len(qt.stems) == before {
		return nil, nil
	}
	return e.loadTerms(ctx, qt.stems[before:], stats)
}

// titleCandidates returns up to limit ids, in order and spread over all
// that match, of the sentences keep accepts holding the phrase's title word
// and, for each modifier, the modifier or one of its expansions. terms are
// loaded in qt order. The lists are intersected by leapfrogging, so the
// cost follows the rarest list, not the title word's (a hundred thousand
// sentences say "president" in a big index).
func titleCandidates(p rolePhrase, qt *queryTerms, terms []queryTerm, keep func(uint32) bool, limit int) []uint32 {
	// Original terms sit at their own index in qt, so p.head indexes terms.
	head := terms[p.head].postings
	if len(p.mods) == 0 {
		return spreadPostings(head, keep, limit)
	}
	// Per modifier, the posting lists standing for it, each with a cursor:
	// ids only grow, so each list is walked once.
	type cursor struct {
		pl []corpus.Posting
		at int
	}
	mods := make([][]cursor, len(p.mods))
	for k, m := range p.mods {
		for i, s := range qt.slot {
			if s == m && i < len(terms) {
				mods[k] = append(mods[k], cursor{pl: terms[i].postings})
			}
		}
	}
	// nextIn is the first id from id on that one of group's lists holds.
	nextIn := func(group []cursor, id uint32) (uint32, bool) {
		var next uint32
		found := false
		for c := range group {
			cu := &group[c]
			cu.at = seek(cu.pl, cu.at, id)
			if cu.at < len(cu.pl) && (!found || cu.pl[cu.at].Sentence < next) {
				next, found = cu.pl[cu.at].Sentence, true
			}
		}
		return next, found
	}
	var ids []uint32
	at, id := 0, uint32(0)
	for {
		at = seek(head, at, id)
		if at == len(head) {
			break
		}
		id = head[at].Sentence
		agreed := true
		for _, group := range mods {
			next, ok := nextIn(group, id)
			if !ok {
				return spread(ids, limit)
			}
			if next > id {
				id, agreed = next, false
				break
			}
		}
		if !agreed {
			continue
		}
		if keep == nil || keep(id) {
			ids = append(ids, id)
		}
		if id == ^uint32(0) {
			break
		}
		id++
	}
	return spread(ids, limit)
}

// spreadPostings is spread over the ids of pl that keep accepts (nil
// accepts all). With no filter the places are picked without walking the
// list.
func spreadPostings(pl []corpus.Posting, keep func(uint32) bool, limit int) []uint32 {
	if keep == nil && len(pl) > limit {
		ids := make([]uint32, 0, limit)
		for i := range limit {
			ids = append(ids, pl[(2*i+1)*len(pl)/(2*limit)].Sentence)
		}
		return ids
	}
	var ids []uint32
	for _, p := range pl {
		if keep == nil || keep(p.Sentence) {
			ids = append(ids, p.Sentence)
		}
	}
	return spread(ids, limit)
}

// spread returns at most limit of ids, evenly spaced over them and in
// order: in a story of many articles, the first few loaded would otherwise
// decide who a title names.
func spread(ids []uint32, limit int) []uint32 {
	if len(ids) <= limit {
		return ids
	}
	out := make([]uint32, 0, limit)
	for i := range limit {
		out = append(out, ids[(2*i+1)*len(ids)/(2*limit)])
	}
	return out
}

// titledRole is a title found in a sentence, analysed for comparison
// with a question's role phrases.
type titledRole struct {
	name string
	toks []corpus.Token // the role words'
	head int            // where the job title's own tokens start in toks
}

func newTitledRole(an *corpus.Analyzer, lang string, tn corpus.TitledName) titledRole {
	role := strings.Join(tn.Role, " ")
	toks := an.Tokens(role, lang)
	headAt := len(role) - len(tn.Role[len(tn.Role)-1])
	head := len(toks)
	for head > 0 && toks[head-1].Start >= headAt {
		head--
	}
	return titledRole{name: tn.Name, toks: toks, head: head}
}

func (t titledRole) has(stem string) bool {
	return slices.ContainsFunc(t.toks, func(k corpus.Token) bool { return k.Stem == stem })
}

// fits reports whether the title is the one p asks about: the same job
// title, every modifier of p or a word related to it either way ("mexico"
// for "mexican", "us" for "american") among its words, and no qualifier
// that makes it another role ("former") unless p has it too.
func (t titledRole) fits(q *question, p rolePhrase) bool {
	if !slices.ContainsFunc(t.toks[t.head:], func(k corpus.Token) bool { return k.Stem == q.terms[p.head] }) {
		return false
	}
	for _, k := range t.toks {
		if roleQualifiers[k.Text] && !slices.Contains(p.modTexts, k.Text) {
			return false
		}
	}
	for _, m := range p.mods {
		stem := q.terms[m]
		if t.has(stem) || slices.ContainsFunc(relatedStems(stem), t.has) {
			continue
		}
		if !slices.ContainsFunc(t.toks, func(k corpus.Token) bool { return slices.Contains(relatedStems(k.Stem), stem) }) {
			return false
		}
	}
	return true
}

// addHolder counts one more mention of name, merged with a fuller or
// shorter form of the same name ("Trump" and "Donald Trump"), keeping the
// fuller.
func addHolder(hs []titleHolder, name string) []titleHolder {
	words := strings.Fields(strings.ToLower(name))
	for i := range hs {
		if endsWith(hs[i].words, words) || endsWith(words, hs[i].words) {
			hs[i].n++
			if len(words) > len(hs[i].words) {
				hs[i].name, hs[i].words = name, words
			}
			return hs
		}
	}
	return append(hs, titleHolder{name: name, words: words, n: 1})
}

func endsWith(long, short []string) bool {
	if len(short) == 0 || len(short) > len(long) {
		return false
	}
	return slices.Equal(long[len(long)-len(short):], short)
}

// soleHolder returns the holder named far more often than all the others
// together, if there is one. A bare title ("the minister") is vaguer than
// a qualified one, so one passing mention of a Prime Minister is not
// enough for it: it needs minBareMentions.
func soleHolder(hs []titleHolder, bare bool) (string, bool) {
	if len(hs) == 0 {
		return "", false
	}
	best, rest := 0, 0
	for i, h := range hs {
		if h.n > hs[best].n {
			best = i
		}
		rest += h.n
	}
	rest -= hs[best].n
	if hs[best].n < titleWinnerMargin*rest || bare && hs[best].n < minBareMentions {
		return "", false
	}
	return hs[best].name, true
}

// weighAsOne scales the coverage weights of each resolved title's words so
// that together they weigh as the heaviest of them alone: the phrase
// stands for one person, as the name would, and "the Mexican president"
// should not outweigh the rest of the question twice over.
func weighAsOne(q *question, w []float64) {
	for _, p := range q.roles {
		if p.holder == "" {
			continue
		}
		heaviest, sum := 0.0, 0.0
		for _, s := range p.slots() {
			heaviest = max(heaviest, w[s])
			sum += w[s]
		}
		if sum <= 0 {
			continue
		}
		for _, s := range p.slots() {
			w[s] *= heaviest / sum
		}
	}
}

// speakerByTitle returns the name of the one person the story's sentences
// give the job title speaker names them by ("the Mexican president",
// "Mexico's president", "defense secretary"), so a quotation request by
// title finds the quotations by name; "" when speaker is not such a title
// or no one clearly holds it. Errors come from the index.
func (e *Engine) speakerByTitle(ctx context.Context, speaker string) (string, error) {
	if e.Index == nil || !slices.ContainsFunc(strings.Fields(strings.ToLower(speaker)), corpus.IsRoleWord) {
		return "", nil
	}
	phrase := strings.TrimSpace(clipQuestion(speaker))
	if lower := strings.ToLower(phrase); !strings.HasPrefix(lower, "the ") && !strings.ContainsAny(phrase, "'’") {
		phrase = "the " + phrase // a title asked for by itself is meant definitely
	}
	q := analyzeQuestion(e.analyzer(), "What did "+phrase+" say?", e.language())
	if len(q.roles) != 1 {
		return "", nil
	}
	w := e.weights()
	qt := newQueryTerms(&q, w.Expansion)
	stats, err := e.Index.Stats(ctx)
	if err != nil {
		return "", fmt.Errorf("index stats: %w", err)
	}
	terms, err := e.loadTerms(ctx, qt.stems, stats)
	if err != nil {
		return "", err
	}
	if _, err := e.resolveTitles(ctx, &q, &qt, terms, nil, stats, w.Expansion); err != nil {
		return "", err
	}
	return q.roles[0].holder, nil
}
