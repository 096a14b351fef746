package qa

import (
	"math"
	"slices"
	"strings"
	"time"

	"storybot/corpus"
)

// The difference finder: for a question whose answer is a figure, a date
// or time, a place or a person, it reads the answer spans of that kind in
// each source's cited sentences, normalises them (differ_spans.go) and
// says whether the reports differ, agree, or a later one updates an
// earlier one. A false "Sources differ" misleads a reader more than a
// missed one, so it compares only spans it is sure are about the same
// thing: a figure with what it counts, one date or one name per report.

// differFocus is what the question says about the span it asks for; the
// zero value (no question) compares whatever the sources share.
type differFocus struct {
	// class is the count class the question names ("dead" for "how many
	// died"), "" for none.
	class string
	// counted is the stem of the noun a "how many" question counts
	// ("peopl", "hous"), "" for none; narrows is set when it narrows the
	// class ("how many children died") rather than naming everyone.
	counted string
	narrows bool
	// head is the word after counted when the two stand together ("girl"
	// in "how many Chibok girls"): either may be the noun counted.
	head string
	// countedAs are the counted noun's related stems ("polic", "offic"
	// for "cop"): a figure of officers answers "how many cops".
	countedAs []string
	// modifier is set when counted describes the class the question
	// counts ("serious" in "how many had serious injuries"): it must
	// stand by the figure rather than be its noun.
	modifier bool
	// stems are the question's content stems; a span must stand near one
	// of them when the question names no count class.
	stems []string
	// related are the stems' derived forms and close synonyms
	// (relatedStems): "abroad" stands near a figure for "overseas".
	related []string
	// events are the stems that are not names ("shoot" in "When did the
	// Las Vegas shooting happen?"): a date must stand near what happened,
	// not merely in a sentence about the place.
	events []string
	// names are the question's own names, lowercased words: "Who did Trump
	// meet?" is not answered by Trump.
	names [][]string
	// measures are the figure keys a "how old", "how far", "how long"
	// question asks for ("age", "unit/length"); nil for any.
	unitMeasures []string
	// clock is set by "what time": a clock time answers, not a day.
	clock bool
}

// measureCues map a question stem to the figure keys it asks for.
var measureCues = map[string][]string{
	"old": {"age"}, "age": {"age"}, "aged": {"age"},
	"long": {"unit/duration", "unit/length"}, "far": {"unit/length", "unit/duration"}, "distanc": {"unit/length"},
	"away": {"unit/length"}, "deep": {"unit/length"}, "depth": {"unit/length"},
	// "how high", "how low": a wave, a temperature, a price or a share.
	"high": {"unit/length", "unit/degree", "amount", "%"}, "low": {"unit/length", "unit/degree", "amount", "%"},
	"cold": {"unit/degree"}, "hot": {"unit/degree"}, "warm": {"unit/degree"},
	"height": {"unit/length"}, "tall": {"unit/length"}, "wide": {"unit/length"}, "width": {"unit/length"},
	"heavi": {"unit/mass"}, "weigh": {"unit/mass"}, "weight": {"unit/mass"}, "fast": {"unit/speed"},
	"speed": {"unit/speed"}, "big": {"unit/mass", "unit/length", "unit/area", "amount"},
	"larg": {"unit/mass", "unit/length", "unit/area", "amount"}, "size": {"unit/mass", "unit/length", "unit/area", "amount"},
	"floor": {"unit/storey"}, "storey": {"unit/storey"},
}

// howOnlyCues are the measureCues that ask for a measure only after
// "how": "how many died in the cold snap" counts the dead.
var howOnlyCues = map[string]bool{"high": true, "low": true, "cold": true, "hot": true, "warm": true}

// questionFocus is the differFocus of an analysed question.
func questionFocus(q *question) differFocus {
	f := differFocus{stems: q.terms}
	// A light verb is not what is counted: "how many went to hospital".
	if q.counted >= 0 && q.counted < len(q.terms) && !lightVerb(q.terms[q.counted]) {
		f.counted = q.terms[q.counted]
		f.narrows = !everyoneStem(f.counted) && classOfStem(f.counted) == ""
		if f.narrows {
			for _, r := range relatedStems(f.counted) {
				if len(r) >= 4 {
					f.countedAs = append(f.countedAs, r)
				}
			}
		}
		for _, p := range q.pairs {
			if p[0] != q.counted || p[1] >= len(q.terms) || !f.narrows {
				continue
			}
			if classOfStem(q.terms[p[1]]) == "" {
				f.head = q.terms[p[1]]
			} else {
				f.modifier = true
			}
		}
	}
	inName := make([]bool, len(q.terms))
	for _, g := range q.groups {
		for _, i := range g {
			if i >= 0 && i < len(inName) {
				inName[i] = true
			}
		}
	}
	for i, st := range q.terms {
		if !inName[i] {
			f.events = append(f.events, st)
		}
	}
	for i, st := range q.terms {
		for _, r := range relatedStems(st) {
			if len(r) >= 4 && !slices.Contains(q.terms, r) {
				f.related = append(f.related, r)
			}
		}
		if st == "time" && q.want == wantDate {
			f.clock = true
		}
		if m, ok := measureCues[st]; ok && f.unitMeasures == nil && !inName[i] && (!howOnlyCues[st] || i == q.howWord) {
			f.unitMeasures = m
		}
		if c := classOfStem(st); c != "" && f.class == "" {
			f.class = c
		}
		f.names = append(f.names, []string{st})
	}
	return f
}

// classOfStem is the count class a question stem names: a class word
// itself ("kill"), or a class word's whole stem in English, Spanish or
// French ("fatal" for "fatalities"). A stem that only begins a class
// word names no class: "fall" begins the Spanish "fallecidos" and "home"
// begins "homeless", but "when will it fall" asks about no death.
func classOfStem(stem string) string {
	if len(stem) < 3 || stem == "live" {
		return ""
	}
	if c, ok := countClasses[stem]; ok {
		return c
	}
	return classStems[stem]
}

// classStems map the stems of countClasses' words, each stemmed as the
// analyzer stems a question in the word's own language, to their
// classes. Stems shorter than four letters are left out ("her" of
// "heridos", "mur" of "murieron"): they are other words too.
var classStems = func() map[string]string {
	an := corpus.NewAnalyzer()
	m := make(map[string]string, len(countClasses))
	for w, c := range countClasses {
		if w == "lives" {
			continue
		}
		for _, st := range an.Terms(w, classWordLanguages[w]) {
			if len(st) >= 4 {
				m[st] = c
			}
		}
	}
	return m
}()

// classWordLanguages are the languages of countClasses' words that are
// not English.
var classWordLanguages = map[string]string{
	"muertos": "es", "fallecidos": "es", "murieron": "es", "muertes": "es", "heridos": "es",
	"desaparecidos": "es", "detenidos": "es", "evacuados": "es",
	"morts": "fr", "tués": "fr", "décès": "fr", "victimes": "fr", "blessés": "fr", "blesses": "fr",
	"disparus": "fr", "interpellés": "fr", "évacués": "fr",
}

// kindsFor are the span kinds a question word asks for; wantNothing means
// any kind that can be compared without a question (the compare
// command's "anything that differs"): figures and amounts.
func kindsFor(want answerKind) (kinds [numSpanKinds]bool) {
	switch want {
	case wantNumber:
		kinds[kindNumber], kinds[kindAmount] = true, true
	case wantDate:
		kinds[kindDate], kinds[kindTime] = true, true
	case wantPlace:
		kinds[kindPlace] = true
	case wantName:
		kinds[kindPerson] = true
	case wantNothing:
		// Figures and amounts carry what they are about (the counted
		// noun, the currency). Without a question asking when, who or
		// where, two dates, times or names in two sentences are as
		// often two events or people as a disagreement: "injured" once
		// compared "on Wednesday" with a "March 2015" crash.
		kinds[kindNumber], kinds[kindAmount] = true, true
	}
	return kinds
}

// sourceDifferences compares the answer spans of kind want (wantNothing:
// any figure or amount; see kindsFor) across sources' cited
// sentences, each report's first cited sentence that has one deciding
// for it (or, when that one gives only a bound, a later one stating a
// figure inside it). diffs are the spans on which the reports disagree or a later
// report updates an earlier one, values oldest report first; agree is how
// many reports give the same span when they do not differ (a report
// several outlets carry, or a sentence two sources share, counted once),
// 0 when fewer than two reports give one. It reads only the sentences
// given and returns no error.
func sourceDifferences(want answerKind, sources []SourceAnswer) (diffs []Difference, agree int) {
	d, n, _ := findDifferences(want, differFocus{}, sources)
	return d, n
}

// differences is sourceDifferences for an answered question: only a
// question asking for a figure, a date, a place or a person is compared,
// and only on the spans about what it asks. agreed is the span the agreeing
// reports give, as the most precise of them words it.
func differences(q *question, sources []SourceAnswer) (diffs []Difference, agree int, agreed string) {
	switch q.want {
	case wantNumber, wantDate, wantPlace, wantName:
	default:
		return nil, 0, ""
	}
	return findDifferences(q.want, questionFocus(q), sources)
}

// found is a span in a report's cited sentence.
type found struct {
	span
	report   int // position in sources
	sentence int // position in the report's Sentences
	// when is the report's time (see reportTime), read once per report;
	// dated is false when it has none.
	when  time.Time
	dated bool
}

// group is the spans of one kind and key, at most one per report.
type group struct {
	kind  spanKind
	key   string
	picks []found // one per report, in sources order
	first int     // earliest (report, sentence) rank, for ties
}

// neighbourClasses are count classes that answer a question naming the
// other when no two reports give the one it names: "how many were
// injured" by the figures taken to hospital, and the other way round.
var neighbourClasses = map[string]string{"injured": "hospital", "hospital": "injured"}

// findDifferences is sourceDifferences with a question's focus.
func findDifferences(want answerKind, f differFocus, sources []SourceAnswer) ([]Difference, int, string) {
	diffs, agree, agreed := findFocused(want, f, sources)
	if alt := neighbourClasses[f.class]; alt != "" && len(diffs) == 0 && agree == 0 {
		f.class = alt
		return findFocused(want, f, sources)
	}
	return diffs, agree, agreed
}

// isBound reports whether figure s is one side of a range only: "more
// than 50", "below $6,000".
func isBound(s span) bool {
	return (s.kind == kindNumber || s.kind == kindAmount) &&
		(math.IsInf(s.hi, 1) || s.lo == 0 && s.hi == s.v && s.v > 0)
}

// within reports whether the figure s states lies in the range bound
// allows.
func within(s, bound span) bool {
	return s.v >= bound.lo && s.v <= bound.hi && s.v != bound.v
}

// findFocused is findDifferences for the class the focus names only.
func findFocused(want answerKind, f differFocus, sources []SourceAnswer) ([]Difference, int, string) {
	if len(sources) < 2 {
		return nil, 0, ""
	}
	kinds := kindsFor(want)
	var groups []*group
	byKey := map[string]*group{}
	for ri, src := range sources {
		pub, _ := publishedTime(src.Source.Published)
		when, dated := reportTime(src)
		// Per group key, the first sentence with spans of it decides;
		// spans that disagree within it make the report ambiguous there.
		decided := map[string]bool{}
		// bounded are the keys a bound decided ("below $6,000"): a later
		// sentence of the report stating the figure it bounds ("fell as
		// low as $5,967.34") is the report's answer instead.
		bounded := map[string]bool{}
		for si, c := range src.Sentences {
			lower := strings.ToLower(c.Text)
			toks := tokenizeLower(c.Text, lower)
			spans := spansOf(c.Text, toks, kinds, pub, src.Source.Language)
			if len(spans) == 0 || captionLike(lower) {
				continue
			}
			if background(lower, toks, pub) {
				// "13 people in April 2009": a figure from another time.
				// Amounts keep: "its $38 billion bid in October 2016" is
				// still the bid's value.
				spans = slices.DeleteFunc(spans, func(s span) bool { return s.kind == kindNumber })
			}
			here := map[string][]found{}
			var order []string
			for _, s := range spans {
				if !f.about(toks, s) {
					continue
				}
				k := s.kind.String() + "/" + s.key
				if s.kind == kindNumber && f.class == "" && f.counted != "" {
					// "218 Chibok girls" and "197 girls" both count what
					// "how many chibok girls" asks about.
					k = s.kind.String() + "/counted"
				}
				if decided[k] && !bounded[k] {
					continue
				}
				if _, ok := here[k]; !ok {
					order = append(order, k)
				}
				here[k] = append(here[k], found{span: s, report: ri, sentence: si, when: when, dated: dated})
			}
			for _, k := range order {
				fs := here[k]
				if bounded[k] {
					bounded[k] = false
					if g := byKey[k]; g != nil && len(fs) == 1 && fs[0].lo == fs[0].hi {
						if i := len(g.picks) - 1; i >= 0 && g.picks[i].report == ri && within(fs[0].span, g.picks[i].span) {
							g.picks[i] = fs[0]
						}
					}
					continue
				}
				decided[k] = true
				bounded[k] = len(fs) == 1 && isBound(fs[0].span)
				if full := slices.DeleteFunc(slices.Clone(fs), func(x found) bool { return weakName(x.span) }); len(full) > 0 {
					fs = full
				}
				if !oneAnswer(fs) {
					// "left at 12:05 am and will land at 9:45 am": the
					// time by what the question asks about, if one is.
					near, ok := f.nearest(toks, fs)
					if !ok {
						continue
					}
					fs = []found{near}
				}
				g := byKey[k]
				if g == nil {
					g = &group{kind: fs[0].kind, key: fs[0].key, first: ri*8 + si}
					byKey[k] = g
					groups = append(groups, g)
				}
				g.picks = append(g.picks, fs[0])
			}
		}
	}
	for _, g := range groups {
		g.picks = onePerReport(g.picks, sources)
	}
	groups = slices.DeleteFunc(groups, func(g *group) bool { return len(g.picks) < 2 })
	if len(groups) == 0 {
		return nil, 0, ""
	}
	// The primary group is the one most reports speak to.
	slices.SortStableFunc(groups, func(a, b *group) int {
		if len(a.picks) != len(b.picks) {
			return len(b.picks) - len(a.picks)
		}
		return a.first - b.first
	})
	var diffs []Difference
	agree, agreed := 0, ""
	for gi, g := range groups {
		if want != wantNothing && gi > 0 {
			break
		}
		if g.kind == kindNumber || g.kind == kindAmount {
			kept, ok := mainCluster(g.picks)
			if !ok {
				continue
			}
			g.picks = kept
		}
		if g.kind != kindNumber && g.kind != kindAmount && distinctValues(g.picks) > 2 {
			// Three or more different days or names: the sentences speak
			// of different things, not of one thing differently. But one
			// clock figure read both a.m. and p.m. ("10:15 a.m." and
			// "10:15 p.m.") is one time told two ways.
			kept := halfDayApart(g.picks)
			if kept == nil {
				continue
			}
			g.picks = kept
		}
		if g.picks = outvoted(g.picks); allCompatible(g.picks) {
			if gi == 0 {
				cluster := largestSame(g.picks)
				if len(cluster) >= 2 {
					agree = len(cluster)
					agreed = bestWording(cluster, sources)
				}
			}
			continue
		}
		diffs = append(diffs, newDifference(g, sources))
	}
	return diffs, agree, agreed
}

// captionLike reports whether a sentence describes a photo ("Broken
// windows are seen on Monday"), whose date is the picture's, not the
// event's.
// lower is the sentence lowercased.
func captionLike(lower string) bool {
	for _, c := range []string{" is seen ", " are seen ", " pictured", "(photo", "photo:", "file photo", "(ap photo", "getty images"} {
		if strings.Contains(lower, c) {
			return true
		}
	}
	return false
}

// background reports whether a sentence (lowercased) speaks of another
// time than the article's: "last year", "years ago", or a year (or
// decade) other than the article's own or, in January, the one before.
func background(lower string, toks []dtok, pub time.Time) bool {
	if pub.IsZero() {
		return false
	}
	for _, c := range []string{"last year", "years ago", "a year ago", "previous year", "last decade", "last week", "last month"} {
		if strings.Contains(lower, c) {
			return true
		}
	}
	for k, t := range toks {
		if otherMonth(toks, k, pub) {
			return true
		}
		if !t.num || !isYearValue(t.low) || k > 0 && toks[k-1].low == "$" || sinceBefore(toks, k) && !whenAfter(toks, k) {
			continue
		}
		if k+1 < len(toks) && toks[k+1].glued && toks[k+1].word && toks[k+1].low != "s" {
			continue
		}
		y := pub.Year()
		n := int(t.low[0]-'0')*1000 + int(t.low[1]-'0')*100 + int(t.low[2]-'0')*10 + int(t.low[3]-'0')
		if n == y-1 && k+2 < len(toks) && toks[k+1].glued && (toks[k+1].low == "/" || toks[k+1].low == "-") &&
			toks[k+2].glued && toks[k+2].num && len(toks[k+2].low) == 2 {
			continue // "2015/16": a season or fiscal year running into the article's
		}
		if n != y && !(n == y-1 && pub.Month() == time.January) {
			return true
		}
	}
	return false
}

// otherMonth reports whether toks[k] names a month more than one from
// the article's: "in June" in a September report, "the Nov. 13 Paris
// attacks" in July. A capital is required, and a word before it, so the
// verbs "may" and "march" opening a sentence are not months.
func otherMonth(toks []dtok, k int, pub time.Time) bool {
	t := toks[k]
	if k == 0 || !t.word || !t.upper || t.low == "may" || t.low == "mar" {
		return false
	}
	m := monthIndex(t.low)
	if !m.ok() {
		return false
	}
	d := (int(m) - int(pub.Month()) + 12) % 12
	return d > 1 && d < 11
}

// nearest picks, of a sentence's dates or times that disagree, the one a
// word of what the question asks about stands right by ("land" in "what
// time did the flight land", "Honolulu"): within 6 tokens, and the others
// at least 3 further; of measures, the one the question's word follows
// (see measureFollows). ok is false for other kinds, and when none stands
// out.
func (f differFocus) nearest(toks []dtok, fs []found) (found, bool) {
	if strings.HasPrefix(fs[0].key, "unit/") {
		// Measures: the one the question's word follows ("229 feet
		// tall and 40 feet abreast").
		var picked []found
		for _, x := range fs {
			if measureFollows(toks, x.span, f.stems) {
				picked = append(picked, x)
			}
		}
		if len(picked) != 1 {
			return found{}, false
		}
		return picked[0], true
	}
	if len(f.stems) == 0 || fs[0].kind != kindTime && fs[0].kind != kindDate {
		return found{}, false
	}
	dist := func(s span) int {
		best := math.MaxInt
		for k, t := range toks {
			if !t.word || k >= s.first && k <= s.last {
				continue
			}
			for _, st := range f.stems {
				if len(st) >= 3 && strings.HasPrefix(t.low, st) {
					d := s.first - k
					if k > s.last {
						d = k - s.last
					}
					best = min(best, d)
				}
			}
		}
		return best
	}
	bi, bd, second := -1, math.MaxInt, math.MaxInt
	for i, x := range fs {
		switch d := dist(x.span); {
		case d < bd:
			bi, bd, second = i, d, bd
		case d < second:
			second = d
		}
	}
	if bi < 0 || bd > 6 || second != math.MaxInt && second < bd+3 {
		return found{}, false
	}
	return fs[bi], true
}

// whenAfter reports whether the year at k is followed by ", when": "the
// worst since 2004, when seven people were killed" tells of that year.
func whenAfter(toks []dtok, k int) bool {
	return k+2 < len(toks) && toks[k+1].low == "," && toks[k+2].low == "when"
}

// sinceBefore reports whether the year at k opens a period that runs to
// now: "since 2009", "since their insurgency began in 2009".
func sinceBefore(toks []dtok, k int) bool {
	for j := k - 1; j >= 0 && j >= k-12; j-- {
		switch toks[j].low {
		case "since":
			return true
		case ",", ";", ".":
			return false
		}
	}
	return false
}

// about reports whether s is about what the question asks: the figure of
// the class or noun it counts, else a span near one of its words; a name
// the question itself gives is not its answer.
func (f differFocus) about(toks []dtok, s span) bool {
	if f.unitMeasures != nil && (s.kind == kindNumber || s.kind == kindAmount) {
		if s.kind == kindAmount && slices.Contains(f.unitMeasures, "amount") {
			// "how big is the tax hit": a sum of money is its size.
			return f.near(toks, s, 8)
		}
		if !slices.Contains(f.unitMeasures, s.key) {
			return false
		}
		if s.key == "age" {
			return f.aboutAge(toks, s)
		}
		return f.near(toks, s, 8)
	}
	switch s.kind {
	case kindNumber:
		switch {
		case f.class != "":
			if s.class != f.class {
				return false
			}
			// "how many children died": the figure of the children.
			if f.counted != "" && f.narrows {
				return f.counts(s.noun) || f.modifier && nearStems(toks, s, 6, []string{f.counted})
			}
			return s.key == s.class
		case f.counted != "":
			if s.class != "" || !f.counts(s.noun) {
				return false
			}
			if everyoneStem(f.counted) {
				// "how many people were trapped": people counted for
				// something else ("treating 20 people") are not.
				others := slices.DeleteFunc(slices.Clone(f.events), func(st string) bool { return st == f.counted })
				return len(others) == 0 || nearStems(toks, s, 8, others) || aboard(toks, s, others)
			}
			return true
		}
		return f.near(toks, s, 6)
	case kindAmount:
		if strings.HasSuffix(s.key, "/share") && len(f.stems) > 0 && !slices.Contains(f.stems, "share") {
			return false // a share price answers only a question about shares
		}
		return f.near(toks, s, 8)
	case kindTime:
		// A clock time in a sentence cited for "what time" is the event's
		// time; the sentence rarely has room for another.
		return true
	case kindDate:
		if f.clock {
			return false
		}
		if len(f.events) > 0 {
			return nearStems(toks, s, 8, f.events) || f.class != "" && nearClass(toks, s, 8, f.class)
		}
		return f.near(toks, s, 8)
	case kindPlace, kindPerson:
		for _, n := range f.names {
			for _, w := range s.words {
				if strings.HasPrefix(w, n[0]) && len(n[0]) >= 3 {
					return false
				}
			}
		}
	}
	return true
}

// counts reports whether noun is what the question counts.
func (f differFocus) counts(noun string) bool {
	if strings.HasPrefix(noun, f.counted) || f.head != "" && len(f.head) >= 3 && strings.HasPrefix(noun, f.head) ||
		everyoneStem(f.counted) && peopleKinds[noun] {
		return true
	}
	for _, r := range f.countedAs {
		if strings.HasPrefix(noun, r) {
			return true
		}
	}
	return false
}

// lightVerb reports whether stem is one of genericWords' verbs, which
// say nothing of what is counted.
func lightVerb(stem string) bool {
	return genericWords[stem] && stem != "peopl" && stem != "person" && stem != "thing" && stem != "someth"
}

func everyoneStem(stem string) bool {
	return stem == "peopl" || stem == "person" || stem == "individu" || stem == "victim" || stem == "life" || stem == "live"
}

// near reports whether a question word stands within w tokens of s; with
// no question every span is near.
func (f differFocus) near(toks []dtok, s span, w int) bool {
	if len(f.stems) == 0 {
		return true
	}
	return nearStems(toks, s, w, f.stems) || nearStems(toks, s, w, f.related)
}

// nearStems reports whether a word beginning with one of stems stands
// within w tokens of s.
func nearStems(toks []dtok, s span, w int, stems []string) bool {
	for k := max(0, s.first-w); k < len(toks) && k <= s.last+w; k++ {
		if k >= s.first && k <= s.last || !toks[k].word {
			continue
		}
		for _, st := range stems {
			if len(st) >= 3 && wordOfStem(toks[k].low, st) {
				return true
			}
		}
	}
	return false
}

// oneAnswer reports whether the spans of one key in one sentence are one
// answer: for names exactly one, for the rest all compatible.
func oneAnswer(fs []found) bool {
	if fs[0].kind == kindPerson || fs[0].kind == kindPlace {
		for _, x := range fs[1:] {
			if !sameName(x.words, fs[0].words) {
				return false
			}
		}
		return true
	}
	for i := range fs {
		for j := i + 1; j < len(fs); j++ {
			if !compatible(fs[i].span, fs[j].span) {
				return false
			}
		}
	}
	return true
}

// onePerReport counts a sentence several sources carry once: a report
// whose chosen sentence another report already given cites too (also_in)
// joins it.
func onePerReport(picks []found, sources []SourceAnswer) []found {
	out := picks[:0]
	for _, p := range picks {
		dup := false
		for _, q := range out {
			a := sources[q.report].Sentences[q.sentence]
			b := sources[p.report].Sentences[p.sentence]
			if slices.Contains(a.AlsoIn, sources[p.report].Source.ID) || slices.Contains(b.AlsoIn, sources[q.report].Source.ID) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, p)
		}
	}
	return out
}

// grewLater reports whether one of two figures is from a strictly later
// report and larger than the other.
func grewLater(a, b found) bool {
	if !a.dated || !b.dated {
		return false
	}
	return b.when.After(a.when) && b.v > a.v || a.when.After(b.when) && a.v > b.v
}

// outvoted drops the lone dissenters when at least three reports give the
// same value and each other value is one report's, no more than a third
// of them: with many outlets on a story, one figure or day apart is more
// often about something else (another victim's age, a photo's day) than
// a disagreement.
func outvoted(picks []found) []found {
	if len(picks) < 4 {
		return picks
	}
	major := largestSame(picks)
	if len(major) < 3 || 3*(len(picks)-len(major)) > len(picks) {
		return picks
	}
	rest := slices.DeleteFunc(slices.Clone(picks), func(p found) bool {
		return slices.ContainsFunc(major, func(m found) bool { return m.report == p.report && m.sentence == p.sentence && m.start == p.start })
	})
	for i, r := range rest {
		for j := i + 1; j < len(rest); j++ {
			if same(r.span, rest[j].span) {
				return picks // two reports agree on the other value: a real split
			}
		}
		if tollClasses[r.class] && slices.ContainsFunc(major, func(m found) bool { return grewLater(m, r) && r.v > m.v }) {
			return picks // a toll that rose since a report of the majority
		}
		if tollClasses[r.class] && r.key == r.class && !vague(r.span) {
			// "at least five people are dead" beside six "seven": the
			// whole toll, which an early report gave lower.
			return picks
		}
	}
	return major
}

// halfDayApart are the time picks that give one clock figure, at least
// one a.m. and one p.m. in the same zone (the most such picks, first
// found among equals), or nil when no figure is read both ways.
func halfDayApart(picks []found) []found {
	var best []found
	for _, p := range picks {
		if p.kind != kindTime {
			return nil
		}
		var c []found
		am, pm := false, false
		for _, q := range picks {
			if q.zone == p.zone && q.minutes%720 == p.minutes%720 {
				c = append(c, q)
				am, pm = am || q.minutes < 720, pm || q.minutes >= 720
			}
		}
		if am && pm && len(c) > len(best) {
			best = c
		}
	}
	return best
}

// distinctValues counts the different values among picks: each pick
// joins the first earlier one it is the same as (see same).
func distinctValues(picks []found) int {
	var heads []span
	for _, p := range picks {
		if !slices.ContainsFunc(heads, func(h span) bool { return same(h, p.span) || same(p.span, h) }) {
			heads = append(heads, p.span)
		}
	}
	return len(heads)
}

// largestSame is the largest set of picks that give the same value (see
// same), first found among equals.
func largestSame(picks []found) []found {
	var best []found
	for i := range picks {
		var c []found
		for j := range picks {
			if j == i || same(picks[i].span, picks[j].span) {
				c = append(c, picks[j])
			}
		}
		if len(c) > len(best) {
			best = c
		}
	}
	return best
}

// same reports whether two compatible spans say the same thing, not just
// things that can both be true: "7" and "at least 7", but not "at least
// 7" and "9", nor a town and its country.
func same(a, b span) bool {
	if !compatible(a, b) {
		return false
	}
	switch a.kind {
	case kindNumber, kindAmount:
		if a.unit != b.unit {
			return false
		}
		if vague(a) || vague(b) {
			return vague(a) && vague(b) && a.lo == b.lo && a.hi == b.hi
		}
		return sameFigure(a, b)
	case kindDate:
		return a.gran == b.gran || a.gran == granNone || b.gran == granNone
	case kindPlace:
		return sameName(a.words, b.words)
	case kindPerson:
		return sameName(a.words, b.words) && !(weakName(a) && weakName(b))
	}
	return true
}

func allCompatible(picks []found) bool {
	for i := range picks {
		for j := i + 1; j < len(picks); j++ {
			if !compatible(picks[i].span, picks[j].span) {
				return false
			}
		}
	}
	return true
}

// compatible reports whether two spans of one kind can both be true of
// the same thing: overlapping figures, the same day, close times, the same
// person or place (or places the differ cannot rank).
func compatible(a, b span) bool {
	switch a.kind {
	case kindNumber, kindAmount:
		// Figures are at odds when they state different numbers: "5" and
		// "at least 7", "at least 50" and "at least 59". A vague "dozens"
		// states none; "13" beside three "50"s is more likely another
		// event than a disagreement (see mainCluster).
		if a.unit != b.unit || vague(a) || vague(b) {
			return true
		}
		if sameFigure(a, b) {
			return true
		}
		if tollClasses[a.class] || tollClasses[b.class] {
			// A toll is what a report states: "at least 50" and "59"
			// are two tolls, however compatible as bounds.
			return false
		}
		if a.approx || b.approx {
			// "some $146 billion" states $146bn, not $148.9bn.
			return false
		}
		if math.IsInf(a.hi, 1) && math.IsInf(b.hi, 1) && !math.IsInf(a.lo, -1) && !math.IsInf(b.lo, -1) {
			// "more than 85 hours" and "over 100 hours": each report
			// states the least it knows, and they state two figures.
			return false
		}
		// Elsewhere "over 200" feet and "230" feet can both be true;
		// "more than 2,000" signatures and "almost 300,000" cannot.
		alo, ahi := a.interval()
		blo, bhi := b.interval()
		return (a.lo != a.hi || b.lo != b.hi) && max(alo, blo) < min(ahi, bhi)
	case kindDate:
		return sameDate(a, b)
	case kindTime:
		if a.zone != b.zone {
			return true
		}
		d := a.minutes - b.minutes
		if d < 0 {
			d = -d
		}
		d = min(d, 24*60-d)
		// "around 9 pm" and "9:20 p.m.", "around noon" and "around
		// 12:20 p.m."; but "around 11pm" and "around 11:30pm" state two
		// times, as do "12:13 pm" and "around 12:20 p.m.".
		return d == 0 || d < max(a.slack(), b.slack())
	case kindPlace:
		if sameName(a.words, b.words) {
			return true
		}
		ta, tb := placeTier(a.words), placeTier(b.words)
		return ta == 0 || ta != tb
	case kindPerson:
		return weakName(a) || weakName(b) || sameName(a.words, b.words)
	}
	return true
}

// maxRatio is how far apart two figures may be and still be taken for
// the same quantity reported differently: "5" and "7" are, "13" and "50"
// are more likely two events.
const maxRatio = 2.5

func farApart(a, b float64) bool {
	a, b = math.Abs(a), math.Abs(b)
	if a > b {
		a, b = b, a
	}
	return b > a*maxRatio
}

// vague reports whether a figure states no number: "dozens", "hundreds".
func vague(s span) bool { return s.approx && s.ulp == 0 }

// sameFigure reports whether two figures state the same number, to the
// rounding either was written to: "7", "seven", "at least 7"; "$284bn"
// and "$284.46 billion".
func sameFigure(a, b span) bool {
	d := math.Abs(a.v - b.v)
	if a.converted || b.converted {
		// "140 miles" is 225 km, written "230 km" elsewhere.
		return d <= max(a.ulp, b.ulp)/2 || d <= 0.05*max(math.Abs(a.v), math.Abs(b.v))
	}
	return d <= max(a.ulp, b.ulp)/2
}

// mainCluster keeps the figures of one group that speak of one quantity:
// vague ones out, and of the rest the largest run whose neighbours are
// within maxRatio of each other, which must hold most of them. ok is
// false when the figures scatter (different events, different missiles).
func mainCluster(picks []found) (kept []found, ok bool) {
	var exact []found
	for _, p := range picks {
		if !vague(p.span) {
			exact = append(exact, p)
		}
	}
	if len(exact) < 2 {
		return nil, false
	}
	if len(exact) == 2 && grewLater(exact[0], exact[1]) && min(exact[0].v, exact[1].v) >= 100 {
		// A later report of a figure many times larger: an aggregate
		// that grew (signatures, people affected), not another event.
		// Small counts far apart ("four", "129") are other incidents.
		return exact, true
	}
	sorted := slices.Clone(exact)
	slices.SortStableFunc(sorted, func(a, b found) int { return cmpFloat(a.v, b.v) })
	bestLo, bestN, tie := 0, 0, false
	for lo := 0; lo < len(sorted); {
		hi := lo + 1
		for hi < len(sorted) && !farApart(sorted[hi-1].v, sorted[hi].v) {
			hi++
		}
		switch n := hi - lo; {
		case n > bestN:
			bestLo, bestN, tie = lo, n, false
		case n == bestN:
			tie = true
		}
		lo = hi
	}
	if tie || bestN < 2 || len(exact) >= 3 && 2*bestN <= len(exact) {
		return nil, false
	}
	in := sorted[bestLo : bestLo+bestN]
	for _, p := range exact {
		if slices.ContainsFunc(in, func(q found) bool { return q.report == p.report && q.sentence == p.sentence && q.start == p.start }) {
			kept = append(kept, p)
		}
	}
	return kept, true
}

// openBound is how far past its figure a bound reaches: "more than 80" is
// 80 to 120.
const openBound = 1.5

// interval is the range of values a figure's wording allows, a point
// widened by half the rounding it was written to.
func (s span) interval() (lo, hi float64) {
	lo, hi = s.lo, s.hi
	// A bound means about that much: "more than 80" is not 300.
	switch {
	case math.IsInf(hi, 1):
		hi = lo * openBound
	case lo == 0 && hi > 0 && !s.approx:
		lo = hi / openBound
	}
	if !s.approx && s.ulp > 0 {
		lo -= s.ulp / 2
		if !math.IsInf(hi, 1) {
			hi += s.ulp / 2
		}
	}
	if lo == hi {
		hi = math.Nextafter(hi, math.Inf(1))
	}
	return lo, hi
}

// sameDate reports whether two dates can be the same day: equal at the
// coarser granularity, weekday names equal when both name one, and a day
// resolved from "yesterday" or a weekday allowed one day either way (the
// article's date may be in another zone than the event).
func sameDate(a, b span) bool {
	if a.weekday > 0 && b.weekday > 0 {
		return a.weekday == b.weekday
	}
	if a.gran == granNone || b.gran == granNone {
		// A weekday that could not be placed: compare it with the
		// other's weekday when that one is a day.
		wa, wb := a.weekday, b.weekday
		if wa == 0 && a.gran == granDay {
			wa = isoWeekday(a.date)
		}
		if wb == 0 && b.gran == granDay {
			wb = isoWeekday(b.date)
		}
		return wa == 0 || wb == 0 || wa == wb || a.relative && a.weekday == 0 || b.relative && b.weekday == 0
	}
	g := min(a.gran, b.gran)
	switch g {
	case granYear:
		return a.date.Year() == b.date.Year()
	case granMonth:
		return a.date.Year() == b.date.Year() && a.date.Month() == b.date.Month()
	}
	if a.weekday > 0 && !b.relative {
		return a.weekday == isoWeekday(b.date)
	}
	if b.weekday > 0 && !a.relative {
		return b.weekday == isoWeekday(a.date)
	}
	days := int(math.Abs(a.date.Sub(b.date).Hours()) / 24)
	if a.relative || b.relative {
		return days <= 1
	}
	return days == 0
}

func isoWeekday(t time.Time) int {
	if w := int(t.Weekday()); w != 0 {
		return w
	}
	return 7
}

// updateCues say that a report revises an earlier figure.
var updateCues = []string{"rose", "risen", "rises", "rising", "climbed", "climbs", "increased", "jumped",
	"now", "revised", "updated", "latest", "raised", "grew", "grown", "has reached", "reached", "new toll",
	"subió", "aumentó", "ascendido", "asciende", "s'élève", "passé"}

// newDifference turns a group that disagrees into a Difference, values
// oldest report first, Updated when the later reports revise the earlier.
func newDifference(g *group, sources []SourceAnswer) Difference {
	picks := slices.Clone(g.picks)
	slices.SortStableFunc(picks, func(a, b found) int {
		switch {
		case a.dated && b.dated:
			return a.when.Compare(b.when)
		case a.dated:
			return -1
		case b.dated:
			return 1
		}
		return 0
	})
	d := Difference{Kind: g.kind.String()}
	for _, p := range picks {
		c := sources[p.report].Sentences[p.sentence]
		d.Values = append(d.Values, DifferenceValue{
			Value: strings.TrimSpace(c.Text[p.start:p.end]), Source: sources[p.report].Source.ID,
			Paragraph: c.Paragraph, Sentence: c.Sentence, Text: c.Text, Start: p.start, End: p.end,
			Normal: p.normal(),
		})
	}
	d.Updated = (g.kind == kindNumber || g.kind == kindAmount) && updates(picks, sources)
	return d
}

// updates reports whether the later reports revise the earlier ones: no
// figure given later is smaller than one given earlier, unless the later
// report says it revises ("rose to", "now"), and some later figure is
// larger, of a count that grows as a story unfolds or with such a cue.
// Reports of the same time may differ among themselves: the revision is
// over time.
func updates(picks []found, sources []SourceAnswer) bool {
	for _, p := range picks {
		if !p.dated {
			return false
		}
	}
	grew := false
	for i := range picks {
		for j := range picks {
			a, b := picks[i], picks[j]
			if !b.when.After(a.when) || sameFigure(a.span, b.span) {
				continue
			}
			cue := hasCue(sources[b.report].Sentences[b.sentence].Text, b.span)
			switch {
			case cue:
				grew = true
			case b.v > a.v && growing(b.span):
				grew = true
			default:
				return false
			}
		}
	}
	return grew
}

// growing reports whether a figure counts something that accumulates as a
// story unfolds (the dead, the affected, signatures, complaints), so a
// later, larger figure is an update: any count, but not an age, a
// measure, a percentage or an amount.
func growing(s span) bool {
	return s.kind == kindNumber && s.key != "age" && !strings.HasPrefix(s.key, "unit/") && s.unit == ""
}

// hasCue reports whether an update cue stands in the clause before the
// span ("the toll has risen to 7", "now stands at 7").
func hasCue(text string, s span) bool {
	from := max(0, s.start-60)
	before := strings.ToLower(text[from:s.start])
	if i := strings.LastIndexAny(before, ".;"); i >= 0 {
		before = before[i+1:]
	}
	for _, c := range updateCues {
		if containsWord(before, c) {
			return true
		}
	}
	return false
}

func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(w)
		if (j == 0 || !isLetterByte(s[j-1])) && (end == len(s) || !isLetterByte(s[end])) {
			return true
		}
		i = j + 1
	}
}

func isLetterByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 }

// bestWording is how the agreeing reports' span reads: the most precise
// of them (a point over a range), the first given among equals.
func bestWording(picks []found, sources []SourceAnswer) string {
	best := picks[0]
	for _, p := range picks[1:] {
		if precision(p.span) > precision(best.span) {
			best = p
		}
	}
	c := sources[best.report].Sentences[best.sentence]
	return strings.TrimSpace(c.Text[best.start:best.end])
}

func precision(s span) float64 {
	switch s.kind {
	case kindNumber, kindAmount:
		if s.approx || math.IsInf(s.hi, 1) || s.lo != s.hi {
			return math.Inf(-1)
		}
		return -s.ulp
	case kindDate:
		p := float64(s.gran)
		if !s.relative {
			p += 0.5
		}
		return p
	case kindTime:
		if s.approx {
			return 0
		}
		return 1
	case kindPerson, kindPlace:
		return float64(len(s.words))
	}
	return 0
}

// aboutAge reports whether an age is the age of whom the question asks:
// "her 15-year-old cousin" is not the girl's, and "the 21-year-old said"
// is a witness unless a word of the question stands by. The "old" of
// "-year-old" is not evidence: every such age has it.
func (f differFocus) aboutAge(toks []dtok, s span) bool {
	var others []string
	for _, st := range f.stems {
		if _, cue := measureCues[st]; !cue && st != "year" {
			others = append(others, st)
		}
	}
	ref, bare, ok := ageReferent(toks, s)
	if !ok || bare {
		return len(f.stems) == 0 || nearStems(toks, s, 8, others)
	}
	for _, st := range others {
		if len(st) >= 3 && strings.HasPrefix(ref, st) {
			return true
		}
	}
	fam, known := personFamilies[ref]
	if !known {
		return true // "a 31-year-old Frenchman", "a 17-year-old gorilla"
	}
	asked := map[string]bool{}
	for _, st := range others {
		for w, fw := range personFamilies {
			if strings.HasPrefix(w, st) && len(st) >= 3 {
				asked[fw] = true
			}
		}
	}
	switch fam {
	case "child":
		return asked["child"]
	case "adult":
		// "a 42-year-old man" is the driver or the gunman the question
		// names, not a child's or a relative's age.
		return !asked["child"] && !asked["relative"]
	}
	return false // a relative the question does not name
}

// ageReferent is whom a "-year-old" age describes: the noun after it
// ("driver" in "the 42-year-old male driver"), skipping describing words;
// bare is set when the age stands for a person named elsewhere ("the
// 21-year-old said"). ok is false for an age written otherwise ("aged
// 42", "Paddock, 64,").
func ageReferent(toks []dtok, s span) (ref string, bare, ok bool) {
	k := s.last + 1
	for ; k < len(toks) && k <= s.last+5 && toks[k].low != "old"; k++ {
	}
	if k >= len(toks) || toks[k].low != "old" {
		return "", false, false
	}
	if n := s.last + 1; n < len(toks) && !toks[n].glued && (toks[n].low == "years" || toks[n].low == "year") {
		// "Jake was turning 40 years old": a predicate, whose person is
		// the sentence's subject, named elsewhere.
		return "", true, true
	}
	for j := k + 1; j < len(toks) && j <= k+4; j++ {
		t := toks[j]
		if !t.word {
			return "", true, true
		}
		if ageDescribing[t.low] {
			continue
		}
		if t.upper && j+1 < len(toks) && toks[j+1].word && !toks[j+1].upper {
			if _, person := personFamilies[toks[j+1].low]; person {
				continue // "a 16-year-old Palestinian girl"
			}
		}
		if bareAfter[t.low] || strings.HasSuffix(t.low, "ed") {
			return "", true, true
		}
		return t.low, false, true
	}
	return "", true, true
}

// ageDescribing words stand between an age and whom it describes.
var ageDescribing = map[string]bool{"male": true, "female": true, "young": true, "local": true,
	"former": true, "unnamed": true, "unidentified": true}

// bareAfter words follow an age that stands alone for a person: "the
// 23-year-old said", "another 19-year-old was found".
var bareAfter = map[string]bool{"said": true, "says": true, "told": true, "tells": true, "was": true,
	"is": true, "has": true, "had": true, "fell": true, "who": true, "and": true, "from": true,
	"in": true, "of": true, "at": true, "on": true, "with": true, "will": true, "would": true,
	"could": true, "can": true, "remains": true, "became": true}

// personFamilies place the nouns news text gives ages to: a child, an
// adult, or a relative (whose age is rarely the one asked).
var personFamilies = map[string]string{
	"boy": "child", "girl": "child", "kid": "child", "child": "child", "toddler": "child",
	"youngster": "child", "teen": "child", "teenager": "child", "schoolboy": "child",
	"schoolgirl": "child", "baby": "child", "babies": "child", "infant": "child",
	"man": "adult", "woman": "adult",
	"cousin": "relative", "brother": "relative", "sister": "relative", "mother": "relative",
	"father": "relative", "son": "relative", "daughter": "relative", "wife": "relative",
	"husband": "relative", "friend": "relative", "neighbour": "relative", "neighbor": "relative",
	"uncle": "relative", "aunt": "relative", "nephew": "relative", "niece": "relative",
	"grandmother": "relative", "grandfather": "relative", "grandson": "relative",
	"granddaughter": "relative", "girlfriend": "relative", "boyfriend": "relative",
	"sibling": "relative", "partner": "relative",
}
