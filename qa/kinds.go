package qa

import (
	"slices"
	"strings"

	"storybot/corpus"
)

// measure is the kind of quantity a "how …" question asks for: "how long"
// wants a duration or a length, "how much will it cost" money, "how many
// homes" a count of homes. A figure of another kind ("in 2017" for "how
// many") is weak evidence that the sentence answers.
type measure int

const (
	measureAny       measure = iota // any figure but a year or a clock time
	measureCount                    // how many, cuántos, combien
	measureMoney                    // how much … cost, what was the bill
	measureDuration                 // how long (also a length), how late
	measureLength                   // how far, how big, how tall
	measureAge                      // how old
	measurePercent                  // what percentage
	measureFrequency                // how often
	measureElapsed                  // how long did it last: a duration only
)

// figClass is a bit set of what a figure in a sentence measures.
type figClass uint16

const (
	figCount figClass = 1 << iota
	figMoney
	figDuration
	figLength
	figAge
	figPercent
	figFrequency
	figWeight
	figYear
	figClock
	figDate // a day of a month: "December 31st"
)

// figure is a number in a sentence: tokens [start, end] and what it
// measures, read from the unit beside it.
type figure struct {
	start, end int
	class      figClass
}

// accepts are the figure classes that answer each measure; a figure of
// any other class (but a year, a clock time or a date) half answers.
var accepts = [...]figClass{
	measureAny:       figCount | figMoney | figDuration | figLength | figAge | figPercent | figFrequency | figWeight,
	measureCount:     figCount | figPercent,
	measureMoney:     figMoney,
	measureDuration:  figDuration | figLength,
	measureLength:    figLength | figWeight,
	measureAge:       figAge,
	measurePercent:   figPercent,
	measureFrequency: figFrequency,
	measureElapsed:   figDuration,
}

// Units beside a figure, folded as the analyzer folds them.
var (
	scaleWords = map[string]bool{"hundred": true, "hundreds": true, "thousand": true, "thousands": true,
		"million": true, "millions": true, "billion": true, "billions": true, "trillion": true,
		"mil": true, "millones": true, "millon": true, "milliards": true, "milliard": true,
		"k": true, "m": true, "bn": true}
	moneyUnits = map[string]bool{"dollar": true, "dollars": true, "euro": true, "euros": true, "cents": true,
		"usd": true, "eur": true, "gbp": true, "dolares": true, "pesos": true, "yen": true, "yuan": true,
		"rupees": true, "francs": true, "sterling": true, "bucks": true, "grand": true}
	durationUnits = map[string]bool{"second": true, "seconds": true, "minute": true, "minutes": true,
		"hour": true, "hours": true, "day": true, "days": true, "week": true, "weeks": true, "month": true,
		"months": true, "year": true, "years": true, "decade": true, "decades": true, "min": true, "mins": true,
		"hrs": true, "segundos": true, "minutos": true, "horas": true, "dias": true, "semanas": true,
		"meses": true, "anos": true, "secondes": true, "heures": true, "jours": true, "semaines": true,
		"mois": true, "ans": true, "annees": true, "nights": true, "noches": true, "nuits": true}
	lengthUnits = map[string]bool{"meter": true, "meters": true, "metre": true, "metres": true, "foot": true,
		"feet": true, "inch": true, "inches": true, "mile": true, "miles": true, "km": true,
		"kilometer": true, "kilometers": true, "kilometre": true, "kilometres": true, "yard": true,
		"yards": true, "cm": true, "centimeters": true, "centimetres": true, "mm": true, "ft": true,
		"metros": true, "kilometros": true, "centimetros": true, "hectares": true,
		"hectareas": true, "acres": true, "square": true, "mph": true, "knots": true}
	// The singulars are for compounds: "a 450-pound gorilla".
	weightUnits = map[string]bool{"ton": true, "tons": true, "tonne": true, "tonnes": true, "kg": true,
		"kilogram": true, "kilograms": true, "kilo": true, "kilos": true, "lb": true, "lbs": true,
		"pound": true, "ounce": true, "ounces": true, "gram": true, "grams": true, "toneladas": true,
		"kilogramos": true}
	percentUnits = map[string]bool{"percent": true, "pct": true, "porcentaje": true}
	// vagueCounts state a count without a figure: "dozens of houses",
	// "several", "nobody". (Spanish "miles" is one only before "de":
	// in English it is a unit.)
	vagueCounts = map[string]bool{"dozens": true, "hundreds": true, "thousands": true, "millions": true,
		"several": true, "few": true, "many": true, "numerous": true, "decenas": true, "cientos": true,
		"centaines": true, "milliers": true, "dizaines": true, "none": true, "nobody": true}
)

// figures finds the numbers in a sentence and what each measures.
func figures(text string, toks []corpus.Token) []figure {
	var out []figure
	for k := 0; k < len(toks); k++ {
		w := toks[k].Text
		digit := hasDigit(w)
		milesDe := w == "miles" && k+1 < len(toks) && toks[k+1].Text == "de"
		if !digit && !numberWords[w] && !vagueCounts[w] && !milesDe || percentUnits[w] {
			continue
		}
		// "12 million", "21:00", "1.200": one figure over several tokens.
		end := k
		for end+1 < len(toks) {
			n := toks[end+1].Text
			gap := text[toks[end].End:toks[end+1].Start]
			if scaleWords[n] || (hasDigit(n) && (gap == ":" || gap == "," || gap == ".")) ||
				(numberWords[n] && (gap == " " || gap == "-") && !scaleWords[toks[end].Text] && numberWords[toks[end].Text]) {
				end++
				continue
			}
			break
		}
		f := figure{start: k, end: end, class: classify(text, toks, k, end)}
		out = append(out, f)
		k = end
	}
	return out
}

// classify reads what the figure over tokens k..end measures from the
// symbols and words around it.
func classify(text string, toks []corpus.Token, k, end int) figClass {
	w := toks[k].Text
	before := ""
	if k > 0 {
		before = text[toks[k-1].End:toks[k].Start]
	} else {
		before = text[:toks[k].Start]
	}
	after := ""
	if end+1 < len(toks) {
		after = text[toks[end].End:toks[end+1].Start]
	} else {
		after = text[toks[end].End:]
	}
	unit, unit2 := "", ""
	if end+1 < len(toks) {
		unit = toks[end+1].Text
	}
	if end+2 < len(toks) {
		unit2 = toks[end+2].Text
	}
	// "34 inches of snow" reads its unit next, "dos millones de euros"
	// and "millions of dollars" after "de" or "of".
	if (unit == "of" || unit == "de" || unit == "d") && (moneyUnits[unit2] || percentUnits[unit2]) {
		unit, unit2 = unit2, ""
		if end+3 < len(toks) {
			unit2 = toks[end+3].Text
		}
	}
	prev := ""
	if k > 0 {
		prev = toks[k-1].Text
	}
	raw := text[toks[k].Start:toks[end].End]
	switch {
	case strings.ContainsAny(before, "$€£¥") || prev == "us" && strings.Contains(before, "$") || moneyUnits[unit] ||
		unit != "" && scaleWords[unit] && moneyUnits[unit2]:
		return figMoney
	case strings.HasPrefix(strings.TrimSpace(after), "%") || percentUnits[unit] ||
		unit == "per" && unit2 == "cent" || unit == "por" && unit2 == "ciento" || unit == "pour" && unit2 == "cent":
		return figPercent
	case (unit == "year" || unit == "years" || unit == "anos" || unit == "ans") && unit2 == "old",
		prev == "aged" || prev == "age",
		// "Rich Dauer, 65, had slipped": an age in apposition to a name.
		k == end && k > 0 && strings.TrimSpace(before) == "," && strings.HasPrefix(strings.TrimSpace(after), ",") &&
			startsUpper(text, toks[k-1].Start) && len(w) <= 3:
		return figAge
	case unit == "times" || unit == "veces" || unit == "fois":
		return figFrequency
	case monthWords[prev] || monthWords[unit] && !isYear(w):
		return figDate
	case k == end && isYear(w) && !strings.ContainsAny(raw, ",."):
		return figYear
	case unit == "am" || unit == "pm" || strings.Contains(raw, ":") ||
		strings.HasSuffix(w, "am") || strings.HasSuffix(w, "pm") || unit == "h" || unit == "horas" && prev == "las":
		return figClock
	case durationUnits[unit]:
		return figDuration
	case lengthUnits[unit]:
		return figLength
	case weightUnits[unit] || unit == "pounds" && !strings.Contains(before, "£"):
		return figWeight
	}
	return figCount
}

var monthWords = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"enero": true, "febrero": true, "marzo": true, "abril": true, "mayo": true, "junio": true,
	"julio": true, "agosto": true, "septiembre": true, "octubre": true, "noviembre": true, "diciembre": true,
	"janvier": true, "fevrier": true, "avril": true, "juin": true, "juillet": true, "aout": true,
	"octobre": true, "novembre": true, "decembre": true,
}

// doAuxiliaries after "how long" make it ask how long something went on.
var doAuxiliaries = map[string]bool{"did": true, "does": true, "do": true, "will": true, "would": true,
	"has": true, "have": true, "had": true, "can": true, "could": true}

// moneyWords in a "how much" question ask for money rather than an amount
// of something ("how much snow").
var moneyWords = map[string]bool{
	"cost": true, "costs": true, "costing": true, "pay": true, "paid": true, "pays": true, "spend": true,
	"spent": true, "price": true, "worth": true, "money": true, "fine": true, "fined": true, "bail": true,
	"bill": true, "salary": true, "charge": true, "charged": true, "owe": true, "owed": true, "raise": true,
	"raised": true, "earn": true, "earned": true, "budget": true, "payment": true, "fee": true,
	"costado": true, "cuesta": true, "costo": true, "coste": true, "pagar": true, "pago": true,
	"coute": true, "cout": true, "prix": true, "payer": true, "dollars": true, "euros": true,
}

// askedMeasure reads which quantity a question wants, for questions that
// want a number.
func askedMeasure(toks []corpus.Token) measure {
	money := false
	for _, t := range toks {
		if moneyWords[t.Text] {
			money = true
		}
	}
	for k, t := range toks {
		next := ""
		if k+1 < len(toks) {
			next = toks[k+1].Text
		}
		switch t.Text {
		case "cuantos", "cuantas":
			return measureCount
		case "combien":
			// "combien coûte", "combien de temps": French asks every
			// figure with it.
			switch {
			case money:
				return measureMoney
			case k+2 < len(toks) && (next == "de" || next == "d") && toks[k+2].Text == "temps":
				return measureDuration
			}
			return measureCount
		case "cuanto", "cuanta":
			if money {
				return measureMoney
			}
			if next == "tiempo" || durationVerbsES[next] {
				return measureDuration
			}
			return measureAny
		case "edad":
			return measureAge
		case "age":
			if k > 0 && (toks[k-1].Text == "quel" || toks[k-1].Text == "quelle") {
				return measureAge
			}
		case "percent", "percentage", "porcentaje", "pourcentage":
			return measurePercent
		case "how":
			switch next {
			case "many":
				return measureCount
			case "much":
				if money {
					return measureMoney
				}
				return measureAny
			case "long":
				// "how long did the gorilla drag the boy" asks for time
				// ("10 to 12 feet" is how far he fell); "how long is the
				// bridge" may ask for either.
				if k+2 < len(toks) && doAuxiliaries[toks[k+2].Text] {
					return measureElapsed
				}
				return measureDuration
			case "late", "early", "soon":
				return measureDuration
			case "old":
				return measureAge
			case "high", "low":
				// "how high did the price go": money when it says so.
				if money {
					return measureMoney
				}
				if next == "low" {
					return measureAny
				}
				return measureLength
			case "far", "big", "large", "tall", "deep", "wide", "small", "heavy":
				return measureLength
			case "fast":
				// Speeds ("70 mph", "30 knots") read as lengths here.
				return measureLength
			case "often", "frequently":
				return measureFrequency
			}
		}
	}
	if money {
		return measureMoney
	}
	return measureAny
}

// durationVerbsES ask "how long" after "cuánto": "¿cuánto tardaron?",
// "¿cuánto duró?" (accents folded).
var durationVerbsES = map[string]bool{"tardaron": true, "tardo": true, "tarda": true, "tardan": true,
	"duro": true, "dura": true, "duraron": true, "durara": true}

// Evidence levels for the answer type, the value of FeatAnswerType.
const (
	// evidenceNear is the kind of answer asked for beside the question's
	// focus: "cost $12 million", "300 homes" for "how many homes".
	evidenceNear = 1.0
	// evidenceFar is that kind elsewhere in the sentence.
	evidenceFar = 0.7
	// evidenceLoose is a figure of another measure, a bare capitalised
	// word for where, a weak causal word.
	evidenceLoose = 0.4
)

// answerTypeEvidence is how strongly sentence carries the kind of answer
// q asks for (0 to 1): a figure of the asked measure next to what is
// counted, a date or place near the question's words, a causal clause for
// why. Abstention may weigh it; ranking uses it as FeatAnswerType.
func answerTypeEvidence(q *question, sentence string, toks []corpus.Token) float64 {
	var hitPos, countedPos []int
	for k, t := range toks {
		if t.Stop || t.Stem == "" {
			continue
		}
		if i, ok := q.index[t.Stem]; ok {
			hitPos = append(hitPos, k)
			if i == q.countedNoun() {
				countedPos = append(countedPos, k)
			}
		}
	}
	score, _ := typeEvidence(q, sentence, toks, hitPos, countedPos)
	return score
}

// figureScale weighs the evidence of a figure above the other kinds': a
// figure of the asked measure beside what it counts rarely stands in a
// sentence that does not answer, while a capitalised word or a date is in
// most sentences of a news story (1.5: WikiQA train MAP 0.735 -> 0.744,
// SQuAD train top-1 0.860 -> 0.859, dev train how-many 81 -> 88%; 2 and a
// scale on the other kinds did no better).
const figureScale = 1.5

// typeEvidence is answerTypeEvidence given the token positions of the
// question's words (hitPos) and of the counted thing (countedPos), both
// ascending; near says the evidence stands beside the focus, which story
// abstention asks of a sentence that is to answer a typed question.
func typeEvidence(q *question, text string, toks []corpus.Token, hitPos, countedPos []int) (score float64, near bool) {
	// "Maine" for "which states", "a sparrow" for "what kind of bird".
	if q.instances != nil && q.instances.holds(text, toks) {
		return evidenceNear, true
	}
	// Names asked for by their kind: "what airline", "which tunnel".
	if q.nameNoun != "" {
		return nounNameEvidence(q, text, toks)
	}
	switch q.want {
	case wantNumber:
		score, near = numberEvidence(q, text, toks, hitPos, countedPos)
		return score * figureScale, near
	case wantDate:
		if q.has("time") && !q.has("year") && !q.has("day") {
			return clockEvidence(text, toks, hitPos)
		}
		return dateEvidence(text, toks, hitPos)
	case wantPlace:
		return placeEvidence(q, text, toks, hitPos)
	case wantCause:
		return causeEvidence(text, toks, hitPos)
	case wantName:
		return nameEvidence(q, text, toks, hitPos)
	case wantNothing:
		if q.yesNo {
			return yesNoEvidence(q, toks, hitPos)
		}
	}
	return 0, false
}

// numberEvidence scores the figures of a sentence for a how-many or
// how-much question.
func numberEvidence(q *question, text string, toks []corpus.Token, hitPos, countedPos []int) (float64, bool) {
	want := accepts[q.measure]
	best, anyNear := 0.0, false
	// The "old" of "four years old" is part of the figure, not what the
	// question is about: "how old was Harambe" is not answered by "the
	// picture is understood to be four years old".
	focusPos := hitPos
	if q.measure == measureAge && q.howWord >= 0 && q.howWord < len(q.terms) {
		focusPos = slices.DeleteFunc(slices.Clone(hitPos), func(p int) bool { return toks[p].Stem == q.terms[q.howWord] })
	}
	class := ""
	if q.measure == measureCount {
		class = askedClass(q)
	}
	for _, f := range figures(text, toks) {
		if f.class&(figYear|figClock|figDate) != 0 {
			continue
		}
		if q.measure != measureCount && standsForPeople(text, toks, f) || q.measure == measureAge && ageOfOther(text, toks, f, hitPos) {
			continue
		}
		if pastClause(text, toks, f) || class != "" && countsOpposite(text, toks, f, class) {
			continue
		}
		pos := []int{f.start, f.end}
		// "how many houses": the figure counts the houses, not the
		// hectares beside them; "how many days" counts days, whatever
		// the unit says.
		focus, window := focusPos, typedWindow
		if q.countedNoun() >= 0 {
			focus, window = countedPos, countedWindow
		}
		// "the 58-year-old Horomanski": the age of someone named, who may
		// be the one asked about by another of her names.
		isNear := nearAny(pos, focus, window) || q.measure == measureAge && ageOfName(text, toks, f)
		if q.measure == measureCount && len(countedPos) > 0 {
			// "the two are working" beside "military action" counts the
			// leaders, not the soldiers asked for.
			isNear = counts(text, toks, f, countedPos)
		}
		s := evidenceLoose
		// "two days" for "how many days": the counted word is the unit.
		unitCounted := q.countedNoun() >= 0 && slices.Contains(countedPos, f.end+1)
		if f.class&want != 0 || unitCounted {
			s = evidenceFar
			if isNear {
				s = evidenceNear
			}
		}
		best = max(best, s)
		// Only a figure that can answer lets story abstention take the
		// sentence as typed: "how much did it cost" is not answered by
		// "2 rockets" beside "cost".
		anyNear = anyNear || isNear && s > evidenceLoose
	}
	if best < evidenceNear {
		// "between a softball and basketball in size", "it lasted
		// briefly": the measure stated in words.
		for k, t := range toks {
			// "felt as far as Ecuador", "as big as a basketball": the
			// question's own adjective, in a comparison, states it too.
			compared := k > 0 && k+1 < len(toks) && toks[k-1].Text == "as" && toks[k+1].Text == "as" && howNumber[t.Text]
			// "born to one of them" says no age; "born in 1958" does.
			if t.Text == "born" && !slices.ContainsFunc(toks[k+1:min(k+4, len(toks))], func(t corpus.Token) bool { return isYear(t.Text) }) {
				continue
			}
			if dimensionWords[q.measure][t.Text] && !q.has(t.Stem) || compared {
				isNear := near([]int{k}, hitPos, typedWindow)
				if isNear {
					return evidenceNear, true
				}
				best = max(best, evidenceFar)
			}
		}
	}
	return best, anyNear
}

// pastClause reports whether figure f stands in a clause about an earlier
// event that a year opens: "the worst accident since 2004, when seven
// people were killed in a rail crash" gives 2004's toll, not this
// event's, and read as the answer it would be an invented one.
func pastClause(text string, toks []corpus.Token, f figure) bool {
	for k := f.start - 1; k >= 1 && k >= f.start-12; k-- {
		if pastWhen[toks[k].Text] && isYear(toks[k-1].Text) && strings.TrimSpace(text[toks[k-1].End:toks[k].Start]) == "," {
			return true
		}
	}
	return false
}

// askedClass is the count class a question's terms name ("dead" for
// "how many people died"), or "" when it names none.
func askedClass(q *question) string {
	for _, t := range q.terms {
		if c := classOfStem(t); c != "" {
			return c
		}
	}
	return ""
}

// countsOpposite reports whether figure f counts those the asked class
// leaves out: "Four other people survived that crash" is no toll, and
// read as the answer to "how many died" it would be a false one. The
// word must follow within oppositeReach tokens, in the same phrase,
// before any word of the asked class ("12 died and four survived" keeps
// the 12).
func countsOpposite(text string, toks []corpus.Token, f figure, class string) bool {
	opp := oppositeCounts[class]
	if opp == nil {
		return false
	}
	for j := f.end + 1; j < len(toks) && j <= f.end+oppositeReach; j++ {
		if strings.ContainsAny(text[toks[j-1].End:toks[j].Start], clauseBreaks) || countClasses[toks[j].Text] == class {
			return false
		}
		if opp[toks[j].Text] {
			return true
		}
	}
	return false
}

// oppositeReach is how far after a figure the word saying what it counts
// is looked for ("four other people survived").
const oppositeReach = 5

// oppositeCounts are, for a count class, the words that count the ones
// it leaves out: the survivors of a crash are not its dead, the unhurt
// not its injured.
var oppositeCounts = map[string]map[string]bool{
	"dead": {"survived": true, "survive": true, "survives": true, "survivors": true, "survivor": true,
		"unhurt": true, "uninjured": true, "unharmed": true, "unscathed": true, "escaped": true,
		"sobrevivieron": true, "sobrevivientes": true, "supervivientes": true, "survivants": true, "survécu": true},
	"injured": {"uninjured": true, "unhurt": true, "unharmed": true, "unscathed": true, "ilesos": true,
		"indemnes": true},
}

// pastWhen open a clause about the time a year before it names.
var pastWhen = map[string]bool{"when": true, "cuando": true, "quand": true, "lorsque": true}

// standsForPeople reports whether figure f is a number word standing
// for people named before ("the two are working toward", "los dos"):
// it counts them, and measures no amount.
func standsForPeople(text string, toks []corpus.Token, f figure) bool {
	if f.start == 0 || hasDigit(toks[f.start].Text) || !definite[toks[f.start-1].Text] {
		return false
	}
	return f.end+1 == len(toks) || toks[f.end+1].Stop ||
		strings.ContainsAny(text[toks[f.end].End:toks[f.end+1].Start], clauseBreaks)
}

// ageOfOther reports whether the age f is of a thing the question does
// not name, nor names right after: "a 3-year-old boy" for "how old was
// the gorilla". A name
// ("58-year-old Horomanski") may be the one asked about by another of
// her names. hitPos are the positions of the question's words and their
// expansions.
func ageOfOther(text string, toks []corpus.Token, f figure, hitPos []int) bool {
	k := f.end + 3 // "17", "year", "old", then what is that old
	if f.class != figAge || k >= len(toks) || toks[k-1].Text != "old" || toks[k].Stop || toks[k].Stem == "" ||
		startsUpper(text, toks[k].Start) {
		return false
	}
	// "a 17-year-old male named Harambe": the name may follow, or stand
	// before in apposition ("Harambe, a 17-year-old gorilla").
	return !slices.ContainsFunc(hitPos, func(p int) bool { return p >= k && p <= k+2 || p < f.start && p >= f.start-3 })
}

// ageOfName reports whether the age f is a name's: "58-year-old
// Horomanski".
func ageOfName(text string, toks []corpus.Token, f figure) bool {
	k := f.end + 3
	return f.class == figAge && k < len(toks) && toks[k-1].Text == "old" && startsUpper(text, toks[k].Start)
}

// definite are the articles before a number word that stands for people:
// "the two", "los dos", "les deux".
var definite = map[string]bool{"the": true, "los": true, "las": true, "les": true}

// members are the words that, before "of", pick one out of a group
// rather than count it: "one of the abducted girls" says nothing of how
// many there were.
var members = map[string]bool{"one": true, "uno": true, "una": true, "un": true, "une": true}

// counts reports whether figure f counts the thing at one of countedPos
// (ascending): it stands right before it, adjectives or "of the" between
// ("21 Chibok schoolgirls", "21 of the schoolgirls"), or right after it
// ("troops numbering 5,000"), with no comma or other break between them.
func counts(text string, toks []corpus.Token, f figure, countedPos []int) bool {
	if f.start == f.end && members[toks[f.start].Text] && f.end+1 < len(toks) &&
		(toks[f.end+1].Text == "of" || toks[f.end+1].Text == "de" || toks[f.end+1].Text == "des") {
		return false
	}
	for _, c := range countedPos {
		switch {
		case c > f.end && c-f.end <= countedWindow:
			if !strings.ContainsAny(text[toks[f.end].End:toks[c].Start], clauseBreaks) {
				return true
			}
		case c < f.start && f.start-c <= countedWindow:
			if !strings.ContainsAny(text[toks[c].End:toks[f.start].Start], clauseBreaks) {
				return true
			}
		}
		// "Two Spanish skiers, aged 34 and 41, died on Saturday": a toll's
		// verb comes after its subject and any apposition, so the figure
		// opening the subject counts the dead however far the verb is.
		if c > f.end && c-f.end <= tollReach && countClasses[toks[c].Text] != "" && subjectFigure(toks, f) &&
			!strings.ContainsAny(text[toks[f.end].End:toks[c].Start], ";()[]\"“”") {
			return true
		}
	}
	return false
}

// tollReach is how far after a figure opening a subject its toll verb
// may stand.
const tollReach = 20

// subjectFigure reports whether figure f opens a noun phrase: a noun
// follows it, and nothing but an article or a preposition precedes it
// ("Two skiers", "of the 12 passengers"), so it counts that noun.
func subjectFigure(toks []corpus.Token, f figure) bool {
	return f.end+1 < len(toks) && !toks[f.end+1].Stop && !hasDigit(toks[f.end+1].Text) &&
		(f.start == 0 || toks[f.start-1].Stop)
}

// clauseBreaks between a figure and a noun put them in different phrases.
const clauseBreaks = ",;:()[]—–\"“”"

// dimensionWords state a measure without a figure, or beside one the
// figures missed ("in size", "lasted", "free").
var dimensionWords = [...]map[string]bool{
	measureLength: {"size": true, "diameter": true, "wide": true, "width": true, "length": true,
		"tall": true, "height": true, "across": true, "deep": true, "depth": true, "tiny": true,
		"huge": true, "giant": true, "massive": true, "distance": true, "away": true, "tamano": true,
		"taille": true},
	measureDuration: {"lasted": true, "lasting": true, "duration": true, "delay": true,
		"delayed": true, "late": true, "briefly": true, "brief": true, "retraso": true, "retard": true},
	measureAge: {"aged": true, "age": true, "born": true, "edad": true},
	measureFrequency: {"daily": true, "weekly": true, "monthly": true, "yearly": true, "annually": true,
		"often": true, "frequently": true, "rarely": true, "regularly": true, "every": true},
	measureMoney: {"cost": true, "costs": true, "price": true, "worth": true, "expensive": true,
		"cheap": true, "free": true, "costo": true, "coste": true, "prix": true},
	measureElapsed: {"lasted": true, "lasting": true, "duration": true, "delay": true,
		"delayed": true, "late": true, "briefly": true, "brief": true, "retraso": true, "retard": true},
	measureCount:   nil,
	measureAny:     nil,
	measurePercent: nil,
}

// nearAny is near for a figure's first and last token.
func nearAny(pos, b []int, w int) bool {
	return near(pos[:1], b, w) || near(pos[1:], b, w)
}

// relativeDates are words that, with a date word after them, make a date:
// "last week", "earlier this month", "el pasado lunes".
var relativeDates = map[string]bool{"last": true, "next": true, "this": true, "early": true,
	"late": true, "earlier": true, "later": true, "pasado": true, "dernier": true, "prochain": true}

// durationWords are date words that measure time rather than place
// something in it ("an 18-month investigation", "for hours"): on their own
// they only half answer when.
var durationWords = map[string]bool{"week": true, "weeks": true, "month": true, "months": true,
	"year": true, "years": true, "century": true, "centuries": true, "decade": true, "decades": true,
	"hours": true, "semana": true, "horas": true, "semaine": true, "heures": true}

// dateEvidence scores dates, weekdays, times of day and "last week" near
// the question's words.
func dateEvidence(text string, toks []corpus.Token, hitPos []int) (float64, bool) {
	var cuePos, weakPos []int
	for k, t := range toks {
		w := t.Text
		switch {
		case relativeDates[w] && k+1 < len(toks) && dateWords[toks[k+1].Text],
			w == "ago" && k > 0:
			cuePos = append(cuePos, k)
		case durationWords[w]:
			weakPos = append(weakPos, k)
		case dateWords[w] || isYear(w):
			cuePos = append(cuePos, k)
		}
	}
	for _, f := range figures(text, toks) {
		if f.class&(figClock|figDate|figYear) != 0 {
			cuePos = append(cuePos, f.start)
		}
	}
	slices.Sort(cuePos)
	switch {
	case near(cuePos, hitPos, typedWindow):
		return evidenceNear, true
	case len(cuePos) > 0:
		// Unlike a figure, a date anywhere in the sentence is usually
		// the date of what it reports (WikiQA train MAP 0.718 -> 0.714
		// when it counted 0.9).
		return evidenceNear, false
	case len(weakPos) > 0:
		return evidenceLoose, false
	}
	return 0, false
}

// timesOfDay answer "what time": "at around 6am", "in the morning rush
// hour", "before dawn".
var timesOfDay = map[string]bool{"morning": true, "afternoon": true, "evening": true, "night": true,
	"overnight": true, "noon": true, "midday": true, "midnight": true, "dawn": true, "dusk": true,
	"rush": true, "tonight": true, "am": true, "pm": true, "manana": true, "tarde": true, "noche": true,
	"madrugada": true, "mediodia": true, "medianoche": true, "matin": true, "soir": true, "nuit": true,
	"midi": true, "minuit": true, "aube": true}

// clockEvidence scores a time of day near the question's words for
// "what time": a year or a weekday says when, but not at what time ("the
// first tram crash since 1959" for "what time did the tram crash").
func clockEvidence(text string, toks []corpus.Token, hitPos []int) (float64, bool) {
	var cuePos []int
	for k, t := range toks {
		if timesOfDay[t.Text] {
			cuePos = append(cuePos, k)
		}
	}
	for _, f := range figures(text, toks) {
		if f.class&figClock != 0 {
			cuePos = append(cuePos, f.start)
		}
	}
	slices.Sort(cuePos)
	switch {
	case near(cuePos, hitPos, typedWindow):
		return evidenceNear, true
	case len(cuePos) > 0:
		return evidenceFar, false
	}
	if d, _ := dateEvidence(text, toks, hitPos); d > 0 {
		return evidenceLoose, false
	}
	return 0, false
}

// placeNouns after in/at/on name a place without a capital: "in a
// tunnel", "at the hospital", "en el polideportivo".
var placeCommonNouns = map[string]bool{
	"tunnel": true, "street": true, "road": true, "highway": true, "hospital": true, "beach": true,
	"neighborhood": true, "neighbourhood": true, "home": true, "house": true, "apartment": true,
	"airport": true, "station": true, "school": true, "park": true, "river": true, "bridge": true,
	"city": true, "town": true, "village": true, "county": true, "state": true, "country": true,
	"church": true, "stadium": true, "hotel": true, "restaurant": true, "store": true, "shop": true,
	"port": true, "harbor": true, "harbour": true, "border": true, "coast": true, "island": true,
	"area": true, "region": true, "office": true, "building": true, "downtown": true, "suburb": true,
	"capital": true, "camp": true, "prison": true, "jail": true, "court": true, "courthouse": true,
	"parking": true, "lot": true, "club": true, "bar": true, "mall": true, "center": true, "centre": true,
	"polideportivo": true, "calle": true, "pueblo": true, "ciudad": true, "playa": true,
	"escuela": true, "casa": true, "iglesia": true, "estacion": true, "rue": true, "ville": true,
	"plage": true, "ecole": true, "gare": true, "maison": true, "eglise": true,
	"quartier": true, "barrio": true, "urbanizacion": true, "urbanizaciones": true, "sea": true,
	"hopital": true, "depot": true, "sierra": true, "parcela": true, "camino": true, "pista": true,
	"piste": true, "massif": true, "domaine": true, "montagne": true, "montana": true,
	"water": true, "sky": true, "orbit": true, "space": true, "stage": true, "platform": true,
}

// placePrepositions introduce a place: "in Erie", "en el polideportivo",
// "près de Lyon".
var placePrepositions = map[string]bool{"in": true, "at": true, "from": true, "near": true,
	"outside": true, "inside": true, "across": true, "through": true, "into": true, "onto": true,
	"en": true, "desde": true, "cerca": true, "dans": true, "pres": true, "au": true, "aux": true,
	"off": true, "along": true, "over": true, "toward": true, "towards": true, "to": true,
	"devant": true, "vers": true, "chez": true, "junto": true, "dentro": true}

// placeEvidence scores a place near the question's words: a capitalised
// name or a place noun after a preposition of place, "Erie,
// Pennsylvania".
func placeEvidence(q *question, text string, toks []corpus.Token, hitPos []int) (float64, bool) {
	var strong, weak []int
	for k, t := range toks {
		if k == 0 {
			continue
		}
		capital := !t.Stop && startsUpper(text, t.Start) && !q.has(t.Stem) && !dateWords[t.Text]
		// The preposition may stand before an article: "in the Bronx".
		p := k - 1
		if p > 0 && (toks[p].Text == "the" || toks[p].Text == "a" || toks[p].Text == "an" || toks[p].Text == "el" ||
			toks[p].Text == "la" || toks[p].Text == "los" || toks[p].Text == "las" || toks[p].Text == "le" ||
			toks[p].Text == "les" || toks[p].Text == "his" || toks[p].Text == "her" || toks[p].Text == "their" ||
			toks[p].Text == "l" || toks[p].Text == "un" || toks[p].Text == "une" || toks[p].Text == "una") {
			p--
		}
		afterPrep := placePrepositions[toks[p].Text]
		switch {
		case capital && afterPrep:
			strong = append(strong, k)
		case capital && k+1 < len(toks) && text[t.End:toks[k+1].Start] == ", " && startsUpper(text, toks[k+1].Start) &&
			!toks[k+1].Stop && !dateWords[toks[k+1].Text]:
			// "Erie, Pennsylvania": a town and its state.
			strong = append(strong, k)
		case afterPrep && placeCommonNouns[t.Text]:
			strong = append(strong, k)
		case capital:
			weak = append(weak, k)
		}
	}
	switch {
	case near(strong, hitPos, placeWindow):
		return evidenceNear, true
	case len(strong) > 0:
		return evidenceFar, true
	case len(weak) > 0:
		return evidenceLoose, true
	}
	return 0, false
}

// placeWindow is how far from the question's words a place may stand:
// "was shot several times by an unidentified attacker while walking
// through his neighborhood".
const placeWindow = 10

// causeCue is a word or phrase that gives a reason, with how surely it
// does ("because" always does, "after" often only tells when) and on
// which side of it the thing explained stands.
type causeCue struct {
	words    []string
	strength float64
	dir      causeDir
}

// causeDir says where a connective puts what it explains: "X because Y"
// explains what stands before it, "Y caused X" what stands after.
type causeDir int

const (
	explainsBefore causeDir = iota
	explainsAfter
	explainsEither
)

// causeGroup is connectives of one strength and direction.
type causeGroup struct {
	strength float64
	dir      causeDir
	phrases  []string
}

// causeCues are the causal connectives of English, Spanish and French,
// folded as the analyzer folds them, by first word.
var causeCues = causeCueTable([]causeGroup{
	{evidenceNear, explainsBefore, []string{"because", "due to", "owing to", "as a result", "so that",
		"caused by", "cause of", "in order to", "in protest", "in response to", "in retaliation",
		"result of", "thanks to", "to protest", "demanding", "calling for", "called for", "motivated",
		"attributed", "in exchange for", "porque", "debido a", "a causa de", "por culpa de", "ya que", "puesto que",
		"gracias a", "para protestar", "para exigir", "para denunciar", "para reclamar", "pour protester",
		"pour exiger", "pour denoncer", "pour reclamer", "pour obtenir", "parce que", "a cause de", "en raison de", "grace a", "suite a",
		"afin de"}},
	{evidenceNear, explainsAfter, []string{"caused", "causing", "led to", "leading to", "prompted",
		"prompting", "triggered", "sparked", "resulted in", "therefore", "consequently", "provoco",
		"provoque", "causo", "origino"}},
	{evidenceNear, explainsEither, []string{"the reason", "reason", "reasons", "blamed", "blame",
		"blames", "blaming", "retaliation", "reprisal", "revenge", "a response to", "citing", "cited",
		"cites", "attributing", "chalked", "outcome of", "product of", "demands", "exigen", "reclaman", "motivo", "provocado", "reclament",
		"exigent", "origen", "razon"}},
	{evidenceFar, explainsBefore, []string{"after", "following", "amid", "over the", "over his",
		"over her", "over their", "as part of", "tras", "despues de", "apres", "said it was", "to avoid",
		"to prevent"}},
	{evidenceLoose, explainsAfter, []string{"so"}},
	{evidenceFar, explainsEither, []string{"cause", "causa", "raison", "persuaded", "convinced"}},
	// "since" tells when as often as why: "Since Harambe was killed, …".
	{evidenceLoose, explainsBefore, []string{"since"}},
	{evidenceLoose, explainsEither, []string{"worried", "concern", "concerns", "fear", "fears",
		"feared", "demand", "piden", "demandent", "to help"}},
})

// causeCueTable indexes connectives by their first word.
func causeCueTable(groups []causeGroup) map[string][]causeCue {
	t := map[string][]causeCue{}
	for _, g := range groups {
		for _, p := range g.phrases {
			w := strings.Fields(p)
			t[w[0]] = append(t[w[0]], causeCue{words: w, strength: g.strength, dir: g.dir})
		}
	}
	return t
}

// causeEvidence scores the causal connectives of a sentence: the
// strongest, and whether one stands within causeWindow of the question's
// words on the side it explains ("hit the pillar because the water was
// high", not "hits bridge pylon causing injuries").
func causeEvidence(text string, toks []corpus.Token, hitPos []int) (float64, bool) {
	// A question asks for a reason and gives none: "Why did an endangered
	// gorilla have to be shot and killed?"
	if strings.HasSuffix(strings.TrimSpace(text), "?") {
		return 0, false
	}
	best, bestNear := 0.0, 0.0
	note := func(strength float64, dir causeDir, k, n int) {
		best = max(best, strength)
		if explains(causeCue{dir: dir}, k, n, hitPos) {
			bestNear = max(bestNear, strength)
		}
	}
	for k, t := range toks {
		for _, c := range causeCues[t.Text] {
			if k+len(c.words) > len(toks) || !phraseAt(toks, k, c.words) {
				continue
			}
			if (t.Text == "after" || t.Text == "following") && temporalAfter(toks, k) || deniedReason(toks, k) {
				continue
			}
			note(c.strength, c.dir, k, len(c.words))
		}
		if strength, dir, n := reasonPattern(text, toks, k); n > 0 {
			note(strength, dir, k, n)
		}
	}
	if bestNear > 0 {
		return bestNear, true
	}
	// A cue away from the question's words, or on the wrong side of
	// them, may give the reason for something else.
	return best * evidenceFar, best > 0
}

// explains reports whether a connective at k, n tokens long, has a
// question word within causeWindow on the side it explains. One that
// opens the sentence ("Because of the storm, schools shut") explains what
// follows.
func explains(c causeCue, k, n int, hitPos []int) bool {
	before := slices.ContainsFunc(hitPos, func(h int) bool { return h < k && h >= k-causeWindow })
	after := slices.ContainsFunc(hitPos, func(h int) bool { return h >= k+n && h < k+n+causeWindow })
	switch {
	case c.dir == explainsEither, k <= 1:
		return before || after
	case c.dir == explainsBefore:
		return before
	}
	return after
}

// causeWindow is how far a causal connective may stand from the
// question's words.
const causeWindow = 12

func phraseAt(toks []corpus.Token, k int, words []string) bool {
	for j, w := range words {
		if toks[k+j].Text != w {
			return false
		}
	}
	return true
}

// nameEvidence scores a name the question lacks ("Who rejected the
// offer?" is not answered by the name it gives) or the agent of a passive
// beside the question's words ("shot by an unidentified attacker").
func nameEvidence(q *question, text string, toks []corpus.Token, hitPos []int) (float64, bool) {
	var names []int
	for k, t := range toks {
		switch {
		case k > 0 && !t.Stop && startsUpper(text, t.Start) && !q.has(t.Stem) && !dateWords[t.Text]:
			names = append(names, k)
		case t.Text == "by" && k > 0 && near([]int{k}, hitPos, 2) && k+1 < len(toks):
			// "was shot by an unidentified attacker": the agent, named
			// or not.
			names = append(names, k+1)
		}
	}
	if len(names) == 0 {
		return 0, false
	}
	// A name away from the question's words counts as much: in an
	// encyclopedia the subject is named once and the rest says "he"
	// (WikiQA train MAP 0.718 -> 0.712 when a name away counted 0.9).
	return evidenceNear, true
}

// auxiliaries open a question answered yes or no: "Did Mexico accept…?".
var auxiliaries = map[string]bool{"do": true, "does": true, "did": true, "is": true, "are": true,
	"was": true, "were": true, "will": true, "would": true, "has": true, "have": true, "had": true,
	"can": true, "could": true, "should": true, "shall": true, "may": true, "might": true, "must": true,
	"isnt": true, "wasnt": true, "didnt": true, "doesnt": true, "arent": true, "werent": true}

// questionOpeners are the Spanish and French words that make a question
// something other than yes or no.
var questionOpeners = map[string]bool{"que": true, "quien": true, "quienes": true, "como": true,
	"cual": true, "cuales": true, "cuando": true, "donde": true, "cuanto": true, "cuantos": true,
	"cuanta": true, "cuantas": true, "por": true, "qui": true, "quoi": true, "ou": true, "quand": true,
	"comment": true, "pourquoi": true, "combien": true, "quel": true, "quelle": true, "quels": true,
	"quelles": true, "lequel": true}

// yesNoQuestion reports whether text asks for a yes or a no: it opens
// with an auxiliary ("Did…", "Is…", "Will…"), or, in Spanish and French,
// with "¿" or "est-ce que" and no question word.
func yesNoQuestion(text string, toks []corpus.Token, want answerKind) bool {
	if len(toks) == 0 || want != wantNothing {
		return false
	}
	if auxiliaries[toks[0].Text] {
		return true
	}
	if len(toks) >= 3 && toks[0].Text == "est" && toks[1].Text == "ce" && (toks[2].Text == "que" || toks[2].Text == "qu") {
		return true
	}
	// French inversion, "La direction a-t-elle fait une offre ?", asks
	// yes or no unless a question word opens it ("Quand la grève a-t-elle
	// commencé ?").
	if frenchInversion(text) && !slices.ContainsFunc(toks, func(t corpus.Token) bool { return questionOpeners[t.Text] }) {
		return true
	}
	if strings.HasPrefix(strings.TrimSpace(text), "¿") {
		for _, t := range toks {
			if questionOpeners[t.Text] {
				return false
			}
		}
		return true
	}
	return false
}

// frenchInversion reports whether text inverts a French verb and its
// pronoun: "a-t-il", "y a-t-il", "peut-on", "sont-ils".
func frenchInversion(text string) bool {
	lower := strings.ToLower(text)
	for _, p := range []string{"-t-il", "-t-elle", "-t-on", "-ils ", "-elles ", "-il ", "-elle ", " t il ", " t elle "} {
		if strings.Contains(lower+" ", p) {
			return true
		}
	}
	return false
}

// opposites are pairs of words of which one denies the other: a yes/no
// question about one is answered by a sentence stating the other ("Did
// Sheinbaum accept the troops?" — "she rejected the offer of troops").
var opposites = [][2]string{
	{"accept", "reject"}, {"accept", "refuse"}, {"accept", "decline"}, {"allow", "ban"},
	{"allow", "forbid"}, {"allow", "prohibit"}, {"permit", "ban"}, {"approve", "reject"},
	{"approve", "veto"}, {"agree", "refuse"}, {"agree", "disagree"}, {"win", "lose"}, {"won", "lost"},
	{"open", "close"}, {"open", "shut"}, {"alive", "dead"}, {"survive", "die"}, {"survived", "died"},
	{"live", "die"}, {"confirm", "deny"}, {"admit", "deny"}, {"guilty", "innocent"},
	{"arrest", "release"}, {"increase", "decrease"}, {"rise", "fall"}, {"support", "oppose"},
	{"safe", "dangerous"}, {"dangerous", "harmless"}, {"succeed", "fail"}, {"success", "failure"},
	{"true", "false"}, {"legal", "illegal"}, {"present", "absent"}, {"include", "exclude"},
	{"remember", "forget"}, {"find", "lose"}, {"start", "cancel"}, {"continue", "stop"},
	{"aceptar", "rechazar"}, {"acepto", "rechazo"}, {"permitir", "prohibir"}, {"ganar", "perder"},
	{"vivo", "muerto"}, {"accepter", "refuser"}, {"accepter", "rejeter"}, {"autoriser", "interdire"},
	{"gagner", "perdre"},
}

// oppositeStems are the stems of the words opposite to the question's:
// for a yes/no question the sentence that denies it answers it too.
func oppositeStems(an *corpus.Analyzer, q *question, lang string) []string {
	var out []string
	stem := func(w string) string {
		if ts := an.Terms(w, lang); len(ts) == 1 {
			return ts[0]
		}
		return ""
	}
	// Only pairs that may hold a question word are stemmed: a stem keeps
	// the word's first letters.
	maybe := func(w string) bool {
		return slices.ContainsFunc(q.terms, func(t string) bool { return strings.HasPrefix(w, t[:min(len(t), 3)]) })
	}
	for _, p := range opposites {
		if !maybe(p[0]) && !maybe(p[1]) {
			continue
		}
		a, b := stem(p[0]), stem(p[1])
		if a == "" || b == "" {
			continue
		}
		switch {
		case q.has(a) && !q.has(b):
			out = append(out, b)
		case q.has(b) && !q.has(a):
			out = append(out, a)
		}
	}
	return out
}

// yesNoEvidence scores a sentence that states the opposite of the
// question's predicate beside its other words ("rejected … troops" for
// "accept American troops"): it answers no, though the words it shares
// with the question are fewer. A sentence stating the predicate itself
// needs no help: coverage finds it.
func yesNoEvidence(q *question, toks []corpus.Token, hitPos []int) (float64, bool) {
	if len(q.opposites) == 0 {
		return 0, false
	}
	var pos []int
	for k, t := range toks {
		if !t.Stop && slices.Contains(q.opposites, t.Stem) {
			pos = append(pos, k)
		}
	}
	switch {
	case len(pos) == 0:
		return 0, false
	case near(pos, hitPos, typedWindow):
		return evidenceNear, true
	}
	return evidenceLoose, false
}
