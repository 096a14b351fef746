package qa

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

// This file finds answer spans in one sentence: figures with what they
// count, amounts, dates resolved against the article's date, times of
// day, places and people. differ.go compares them across sources.

// spanKind is a kind of answer span; its String is the --json "kind".
type spanKind int

const (
	kindNumber spanKind = iota
	kindAmount
	kindDate
	kindTime
	kindPlace
	kindPerson
	numSpanKinds
)

var spanKindNames = [numSpanKinds]string{"number", "amount", "date", "time", "place", "person"}

func (k spanKind) String() string { return spanKindNames[k] }

// dtok is one token of a sentence as the differ reads it: a run of
// letters (with inner apostrophes and abbreviation dots: "o'clock",
// "a.m", "U.S"), a run of digits (with inner separators: "1,200", "3.5",
// "9:30") or a single other character.
type dtok struct {
	low        string // lowercased
	start, end int    // byte offsets in the sentence
	num        bool   // a run of digits
	word       bool   // a run of letters
	upper      bool   // a word starting with a capital
	glued      bool   // touches the token before it ("284bn", "10pm")
}

// tokenize splits text into dtoks.
func tokenize(text string) []dtok {
	return tokenizeLower(text, strings.ToLower(text))
}

// tokenizeLower is tokenize given text lowercased, which words are cut
// from when lowercasing kept every byte offset.
func tokenizeLower(text, lower string) []dtok {
	if len(lower) != len(text) {
		lower = ""
	}
	low := func(i, j int) string {
		if lower != "" {
			return lower[i:j]
		}
		return strings.ToLower(text[i:j])
	}
	toks := make([]dtok, 0, len(text)/4+4)
	prevEnd := -1
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r):
			i += n
			continue
		case unicode.IsDigit(r):
			j := i + n
			for j < len(text) {
				c := text[j]
				if c >= '0' && c <= '9' {
					j++
					continue
				}
				if (c == ',' || c == '.' || c == ':') && j+1 < len(text) && text[j+1] >= '0' && text[j+1] <= '9' {
					j += 2
					continue
				}
				break
			}
			toks = append(toks, dtok{low: text[i:j], start: i, end: j, num: true, glued: prevEnd == i})
			prevEnd = j
			i = j
		case unicode.IsLetter(r):
			j := i + n
			for j < len(text) {
				r2, n2 := utf8.DecodeRuneInString(text[j:])
				if unicode.IsLetter(r2) || unicode.Is(unicode.Mn, r2) {
					j += n2
					continue
				}
				if (r2 == '\'' || r2 == '’' || r2 == '.') && j+n2 < len(text) {
					r3, _ := utf8.DecodeRuneInString(text[j+n2:])
					// "o'clock", "a.m", "U.S": a dot joins only single
					// letters, so a sentence's last word keeps apart.
					if unicode.IsLetter(r3) && (r2 != '.' || j-i <= 2) {
						j += n2
						continue
					}
				}
				break
			}
			toks = append(toks, dtok{low: low(i, j), start: i, end: j, word: true,
				upper: unicode.IsUpper(r), glued: prevEnd == i})
			prevEnd = j
			i = j
		default:
			toks = append(toks, dtok{low: text[i : i+n], start: i, end: i + n, glued: prevEnd == i})
			prevEnd = i + n
			i += n
		}
	}
	return toks
}

// span is one answer span found in a sentence.
type span struct {
	kind        spanKind
	start, end  int // byte offsets in the sentence
	first, last int // token positions of the span

	// Figures and amounts: the interval the wording allows ("at least 7"
	// is [7, +Inf)), the rounding the figure was written to, and the unit
	// ("" for a count, "USD", "%", "inch").
	lo, hi, ulp float64
	// v is the figure as written, before its qualifier made a range.
	v      float64
	approx bool
	// converted is set for a measure brought to its family's base unit,
	// which compares to a few per cent rather than to the last digit.
	converted bool
	unit      string
	// key is what a figure counts: a class ("dead", "injured") with the
	// group counted when it is not everyone ("dead/child"), else the
	// noun's stem ("attack"), else the amount's unit. Only spans with the
	// same key are compared.
	key   string
	class string
	noun  string

	// Dates: day resolved against the article's date where it could be,
	// at the granularity stated; weekday as the text names it.
	date     time.Time
	gran     dateGran
	weekday  int  // 1..7 (Monday..Sunday) when the text names one, 0 otherwise
	relative bool // resolved from "yesterday", a weekday or "last night": may be a day off

	// Times: minutes after midnight and the zone stated ("" for local).
	minutes int
	zone    string

	// Places and people: the name as written and its lowercased words.
	words []string
}

type dateGran int

const (
	granNone dateGran = iota // only a weekday, unresolved
	granYear
	granMonth
	granDay
)

// spansOf finds the spans of the kinds wanted in text, an article
// published at pub (zero when unknown) in language lang.
func spansOf(text string, toks []dtok, kinds [numSpanKinds]bool, pub time.Time, lang string) []span {
	var out []span
	used := make([]bool, len(toks))
	if kinds[kindDate] || kinds[kindNumber] || kinds[kindAmount] || kinds[kindTime] {
		// Dates and times first: their numbers are not counts.
		for i := 0; i < len(toks); i++ {
			if used[i] || !toks[i].num && spanCues[toks[i].low]&cueDateTime == 0 {
				continue
			}
			if s, ok := timeAt(text, toks, i); ok {
				markUsed(used, s)
				if kinds[kindTime] {
					out = append(out, s)
				}
				i = s.last
				continue
			}
			if s, ok := dateAt(text, toks, i, pub); ok {
				markUsed(used, s)
				if kinds[kindDate] {
					out = append(out, s)
				}
				i = s.last
			}
		}
	}
	if kinds[kindDate] {
		out = yieldToExplicit(out)
	}
	if kinds[kindNumber] || kinds[kindAmount] {
		for i := 0; i < len(toks); i++ {
			if used[i] || !toks[i].num && spanCues[toks[i].low]&cueFigure == 0 {
				continue
			}
			s, ok := figureAt(text, toks, i, lang)
			if !ok {
				continue
			}
			if end := conversionEnd(toks, s); end > s.last {
				// "229 feet (70 meters)": one measure written twice,
				// which stands as one span.
				s.last, s.end = end, toks[end].end
			}
			markUsed(used, s)
			i = s.last
			if k := s.last + 1; k < len(toks) && toks[k].low == s.noun && strings.HasPrefix(s.key, "unit/") {
				i = k // "130 miles": the unit is no figure of its own
			}
			if kinds[s.kind] {
				out = append(out, s)
			}
		}
	}
	if kinds[kindPlace] || kinds[kindPerson] {
		out = append(out, namesIn(text, toks, used, kinds)...)
	}
	return out
}

// yieldToExplicit drops the dates read from a weekday or "yesterday"
// that a date stated in the same sentence does not hold: those are
// resolved against the article's date, right only for recent events,
// and "on a Sunday night last October" in a February report is the
// October Sunday, not February's.
func yieldToExplicit(spans []span) []span {
	var explicit []span
	for _, s := range spans {
		if s.kind == kindDate && !s.relative && s.gran != granNone {
			explicit = append(explicit, s)
		}
	}
	if len(explicit) == 0 {
		return spans
	}
	return slices.DeleteFunc(spans, func(s span) bool {
		if s.kind != kindDate || !s.relative || s.gran != granDay {
			return false
		}
		for _, e := range explicit {
			if !holds(e, s.date) {
				return true
			}
		}
		return false
	})
}

// holds reports whether the date e states, at its granularity, holds day
// d; a day may be one off, as a weekday said in another time zone is.
func holds(e span, d time.Time) bool {
	switch e.gran {
	case granYear:
		return e.date.Year() == d.Year()
	case granMonth:
		return e.date.Year() == d.Year() && e.date.Month() == d.Month()
	}
	diff := e.date.Sub(d)
	return diff <= 24*time.Hour && diff >= -24*time.Hour
}

// Which readers a word may open a span for; most words open none, and
// are passed over with one lookup.
const (
	cueDateTime = 1 << iota
	cueFigure
)

var spanCues = func() map[string]int {
	m := map[string]int{}
	for _, set := range []map[string]monthNo{months} {
		for w := range set {
			m[w] |= cueDateTime
		}
	}
	for w := range weekdays {
		m[w] |= cueDateTime
	}
	for w := range relativeDays {
		m[w] |= cueDateTime
	}
	for _, w := range []string{"last", "this", "today", "tonight", "hoy", "christmas", "boxing", "new",
		"noon", "midday", "mediodía", "midnight", "medianoche", "minuit"} {
		m[w] |= cueDateTime
	}
	for w := range unitWords {
		m[w] |= cueFigure
	}
	for w := range vagueFigures {
		m[w] |= cueFigure
	}
	for w := range currencySymbols {
		m[w] |= cueFigure
	}
	for w := range currencyPrefixes {
		m[w] |= cueFigure
	}
	for _, w := range []string{"a", "an", "half", "tens", "dozen"} {
		m[w] |= cueFigure
	}
	return m
}()

func markUsed(used []bool, s span) {
	for k := s.first; k <= s.last && k < len(used); k++ {
		used[k] = true
	}
}

// Figures.

var unitWords = map[string]float64{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
	"fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
	"nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
	"seventy": 70, "eighty": 80, "ninety": 90,
	// Spanish and French.
	"uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
	"ocho": 8, "nueve": 9, "diez": 10, "veinte": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50,
	"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
	"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50,
}

var figureScales = map[string]float64{
	"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
	"mil": 1e3, "millones": 1e6, "millón": 1e6, "millon": 1e6, "cent": 100, "mille": 1e3,
	"millions": 1e6, "milliards": 1e9, "milliard": 1e9,
	// Glued or abbreviated: "$284bn", "5m", "10k".
	"bn": 1e9, "b": 1e9, "m": 1e6, "mn": 1e6, "mln": 1e6, "k": 1e3, "tn": 1e12, "trn": 1e12,
}

// vagueFigures are words that state a figure only roughly, as intervals.
var vagueFigures = map[string][2]float64{
	"dozen": {12, 12}, "dozens": {24, 99}, "hundreds": {100, 999}, "thousands": {1000, 9999},
	"millions": {1e6, 1e9 - 1}, "billions": {1e9, 1e12 - 1},
	"decenas": {20, 99}, "cientos": {100, 999}, "centenares": {100, 999}, "miles": {1000, 9999},
	"dizaines": {20, 99}, "centaines": {100, 999}, "milliers": {1000, 9999},
}

// currencies map a symbol or word to an ISO code.
var currencySymbols = map[string]string{"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR"}

var currencyWords = map[string]string{
	"dollars": "USD", "dollar": "USD", "usd": "USD", "euros": "EUR", "euro": "EUR", "eur": "EUR",
	"pounds": "GBP", "pound": "GBP", "gbp": "GBP", "sterling": "GBP", "yen": "JPY", "yuan": "CNY",
	"rupees": "INR", "pesos": "MXN", "francs": "CHF", "dolares": "USD", "dólares": "USD",
}

var currencyPrefixes = map[string]string{"us": "USD", "a": "AUD", "c": "CAD", "hk": "HKD", "nz": "NZD", "s": "SGD", "r": "BRL"}

var percentWords = map[string]bool{"percent": true, "pct": true}

// measure is a unit a figure measures in: its family ("length") and what
// one of it is in the family's base unit, so "130ft" meets "40m".
type unitMeasure struct {
	family string
	factor float64
}

// baseUnits name each family's base unit, for DifferenceValue.Normal.
var baseUnits = map[string]string{"length": "m", "mass": "kg", "speed": "m/s", "area": "m2",
	"duration": "s", "degree": "degrees", "storey": "storeys", "age": "years"}

// measures are the units figures measure in, by the word that names
// them; a figure's key is the family, so "34 inches" meets "86 cm" and
// not "34 people".
var unitMeasures = map[string]unitMeasure{
	"inch": {"length", 0.0254}, "inches": {"length", 0.0254}, "in": {"length", 0.0254},
	"feet": {"length", 0.3048}, "foot": {"length", 0.3048}, "ft": {"length", 0.3048},
	"yard": {"length", 0.9144}, "yards": {"length", 0.9144},
	"mile": {"length", 1609.344}, "miles": {"length", 1609.344}, "mi": {"length", 1609.344},
	"km": {"length", 1000}, "kilometres": {"length", 1000}, "kilometers": {"length", 1000},
	"kilometre": {"length", 1000}, "kilometer": {"length", 1000},
	"metres": {"length", 1}, "meters": {"length", 1}, "metre": {"length", 1}, "meter": {"length", 1}, "m": {"length", 1},
	"cm": {"length", 0.01}, "centimetres": {"length", 0.01}, "centimeters": {"length", 0.01},
	"light": {"length", 9.4607e15}, "kg": {"mass", 1}, "kilograms": {"mass", 1}, "kilos": {"mass", 1},
	"kilogram": {"mass", 1}, "tons": {"mass", 1000}, "tonnes": {"mass", 1000}, "tonne": {"mass", 1000},
	"ton": {"mass", 1000}, "pound": {"mass", 0.4536}, "pounds": {"mass", 0.4536}, "lbs": {"mass", 0.4536}, "lb": {"mass", 0.4536},
	"mph": {"speed", 0.44704}, "kph": {"speed", 0.27778}, "km/h": {"speed", 0.27778},
	"degrees": {"degree", 1}, "acres": {"area", 4046.86}, "hectares": {"area", 10000},
	"hectáreas": {"area", 10000}, "hectareas": {"area", 10000},
	"seconds": {"duration", 1}, "second": {"duration", 1}, "minutes": {"duration", 60}, "minute": {"duration", 60},
	"hours": {"duration", 3600}, "hour": {"duration", 3600}, "days": {"duration", 86400}, "day": {"duration", 86400},
	"weeks": {"duration", 604800}, "week": {"duration", 604800}, "months": {"duration", 2629800},
	"month": {"duration", 2629800}, "years": {"duration", 31557600}, "year": {"duration", 31557600},
	"storeys": {"storey", 1}, "stories": {"storey", 1}, "floors": {"storey", 1},
}

// Qualifiers before a figure and the interval they make of v.
var (
	atLeast = [][]string{{"at", "least"}, {"more", "than"}, {"over"}, {"upwards", "of"},
		{"in", "excess", "of"}, {"above"}, {"no", "fewer", "than"}, {"no", "less", "than"},
		{"al", "menos"}, {"más", "de"}, {"mas", "de"}, {"au", "moins"}, {"plus", "de"}}
	atMost = [][]string{{"up", "to"}, {"as", "many", "as"}, {"fewer", "than"}, {"less", "than"},
		{"under"}, {"below"}, {"at", "most"}, {"no", "more", "than"}, {"hasta"}, {"jusqu'à"}}
	nearly = [][]string{{"nearly"}, {"almost"}, {"close", "to"}, {"just", "under"}, {"casi"}, {"près", "de"}, {"presque"}}
	about  = [][]string{{"about"}, {"around"}, {"approximately"}, {"roughly"}, {"some"},
		{"an", "estimated"}, {"estimated"}, {"approx"}, {"circa"}, {"unos"}, {"unas"}, {"alrededor", "de"},
		{"environ"}, {"quelque"}, {"quelques"}}
)

// figureAt reads a figure starting at token i: an optional currency, a
// number in digits or words with its scale, an optional unit, with the
// qualifiers before it.
func figureAt(text string, toks []dtok, i int, lang string) (span, bool) {
	t := toks[i]
	var s span
	s.first, s.start = i, t.start
	unit := ""
	j := i
	// Currency before: "$", "US$", "£".
	if c, ok := currencySymbols[t.low]; ok && j+1 < len(toks) && toks[j+1].num {
		unit = c
		if j > 0 && toks[j-1].word && toks[j].glued {
			if p, ok := currencyPrefixes[toks[j-1].low]; ok {
				unit = p
				s.first, s.start = j-1, toks[j-1].start
			}
		}
		j++
	} else if c, ok := currencySymbols[t.low]; ok && j+2 < len(toks) && toks[j+1].low == "$" {
		_ = c
		return span{}, false
	}
	t = toks[j]
	var v, ulp float64
	vague := false
	var lo, hi float64
	switch {
	case t.num:
		if t.glued && j > 0 && (toks[j-1].word || toks[j-1].num) && unit == "" {
			return span{}, false // "G20", "F-16" are names
		}
		if strings.Contains(t.low, ":") {
			return span{}, false
		}
		n, u, ok := parseDigits(t.low, lang)
		if !ok {
			return span{}, false
		}
		v, ulp = n, u
	case t.word:
		if w, ok := unitWords[t.low]; ok {
			v, ulp = w, 1
			// "twenty-one", "twenty one"
			if w >= 20 && w < 100 && j+2 < len(toks) && toks[j+1].low == "-" && toks[j+1].glued && toks[j+2].glued {
				if u, ok := unitWords[toks[j+2].low]; ok && u < 10 {
					v += u
					j += 2
				}
			}
			if t.low == "one" || t.low == "uno" || t.low == "una" {
				// "one of", "no one", "one another": not a count.
				if j+1 >= len(toks) || !toks[j+1].word || toks[j+1].low == "of" || toks[j+1].low == "another" ||
					oneNotCount[toks[j+1].low] || (j > 0 && (toks[j-1].low == "no" || toks[j-1].low == "the" || toks[j-1].low == "any" || toks[j-1].low == "every")) {
					return span{}, false
				}
			}
		} else if r, ok := vagueFigures[t.low]; ok && t.low != "dozen" && (t.low != "miles" || lang == "es") {
			// "miles" is thousands only in Spanish.
			lo, hi, vague = r[0], r[1], true
			// "tens of thousands"
		} else if t.low == "dozen" && j > 0 && (toks[j-1].low == "a" || toks[j-1].low == "one") {
			v, ulp = 12, 1
			s.first, s.start = j-1, toks[j-1].start
		} else if t.low == "tens" && j+2 < len(toks) && toks[j+1].low == "of" {
			if r, ok := vagueFigures[toks[j+2].low]; ok {
				lo, hi, vague = r[0]*10, r[1]*10, true
				j += 2
			} else {
				return span{}, false
			}
		} else if (t.low == "a" || t.low == "an") && j+1 < len(toks) && (toks[j+1].low == "million" || toks[j+1].low == "billion" || toks[j+1].low == "thousand" || toks[j+1].low == "hundred") {
			v, ulp = 1, 1
		} else if t.low == "half" && j+2 < len(toks) && toks[j+1].low == "a" && figureScales[toks[j+2].low] >= 1e3 {
			v, ulp = 0.5, 0.5
			j++
		} else {
			return span{}, false
		}
	default:
		return span{}, false
	}
	// Scales: "284bn", "1.2 million", "two hundred thousand".
	if !vague {
		for j+1 < len(toks) {
			nx := toks[j+1]
			sc, ok := figureScales[nx.low]
			if !ok || (len(nx.low) <= 2 && !nx.glued) || (nx.low == "m" && unit == "") {
				// A lone "m" after a count is metres, not millions;
				// "$5m" is millions.
				break
			}
			if nx.low == "mil" && lang != "es" {
				break
			}
			v *= sc
			ulp *= sc
			j++
		}
	} else if j+1 < len(toks) && toks[j+1].low == "of" && j+2 < len(toks) {
		// "hundreds of thousands"
		if sc, ok := vagueFigures[toks[j+2].low]; ok && sc[0] >= 1000 {
			lo, hi = lo*sc[0], hi*sc[0]
			j += 2
		}
	}
	if !vague && t.num && unit == "" && ulp == 1 && isYearValue(t.low) {
		return span{}, false // a year, which dateAt did not take
	}
	s.last, s.end = j, toks[j].end
	// Unit after: "%", "percent", "per cent", "dollars", "inches".
	if j+1 < len(toks) {
		nx := toks[j+1]
		switch {
		case nx.low == "%":
			unit = "%"
			j++
		case percentWords[nx.low]:
			unit = "%"
			j++
		case nx.low == "per" && j+2 < len(toks) && toks[j+2].low == "cent":
			unit = "%"
			j += 2
		case (nx.low == "por" && j+2 < len(toks) && toks[j+2].low == "ciento") || (nx.low == "pour" && j+2 < len(toks) && toks[j+2].low == "cent"):
			unit = "%"
			j += 2
		case unit == "" && currencyWords[nx.low] != "" && !(nx.low == "pounds" && weightContext(toks, s.first, j+2)):
			unit = currencyWords[nx.low]
			j++
		}
		s.last, s.end = j, toks[j].end
	}
	// Ordinals ("7th") and decades ("1990s") are not figures.
	if j+1 < len(toks) && toks[j+1].glued && toks[j].num {
		switch toks[j+1].low {
		case "th", "st", "nd", "rd", "s":
			return span{}, false
		}
	}
	// A figure right after a capitalised word labels it: "Flight 9525",
	// "Route 66", "Article 50"; after "No." or "#" too.
	if s.first > 0 && unit == "" {
		p := toks[s.first-1]
		if p.low == "#" || p.low == "no" || p.low == "number" || p.low == "nº" ||
			(p.upper && p.word && !monthIndex(p.low).ok() && !qualifierWord[p.low] &&
				!(s.first == 1 && strings.HasSuffix(p.low, "ing"))) { // "Standing 230 feet tall" opens a sentence
			return span{}, false
		}
	}
	// "9/11", "24/7", "3-1", "5-year": a date, a score or a compound.
	if j+2 < len(toks) && (toks[j+1].low == "/" || toks[j+1].low == "-" || toks[j+1].low == "–") && toks[j+2].num && toks[j+1].glued {
		return span{}, false
	}
	if s.first > 0 && toks[s.first-1].low == "/" && toks[s.first].glued {
		return span{}, false
	}
	if vague {
		s.lo, s.hi, s.approx, s.v = lo, hi, true, lo
	} else {
		s.lo, s.hi, s.ulp, s.v = v, v, ulp, v
	}
	// Qualifiers before.
	if q, n := qualifierBefore(toks, s.first); n > 0 && !vague {
		s.first -= n
		s.start = toks[s.first].start
		switch q {
		case 1:
			s.hi = math.Inf(1)
		case 2:
			s.lo = 0
		case 3:
			s.lo = v * 0.85
			s.approx = true
		case 4:
			s.lo, s.hi, s.approx = v*0.85, v*1.15, true
		}
	}
	s.unit = unit
	s.kind = kindNumber
	if unit != "" && unit != "%" {
		// Money is an amount; a percentage is a number, as the issue's
		// kinds and the differences set count it.
		s.kind = kindAmount
	}
	if hypothetical(toks, s.first) {
		return span{}, false
	}
	s.key, s.class, s.noun = figureKey(toks, s)
	if s.kind == kindNumber && s.key == "" {
		return span{}, false
	}
	if f := ageUnits[s.noun]; s.key == "age" && f != 0 && f != 1 {
		s.lo, s.hi, s.v, s.ulp = s.lo*f, s.hi*f, s.v*f, s.ulp*f
		s.converted = true
	}
	if m, ok := unitMeasures[s.noun]; ok && strings.HasPrefix(s.key, "unit/") {
		if m.family == "length" && perHour(toks, s) {
			// "78 miles per hour" is a speed, as "78 mph" is.
			s.key = "unit/speed"
			m.factor /= 3600
		}
		// In the family's base unit, so "130ft" and "40m" compare.
		s.lo, s.hi, s.v, s.ulp = s.lo*m.factor, s.hi*m.factor, s.v*m.factor, s.ulp*m.factor
		s.converted = true
		if s.noun == "light" {
			// "3.8 billion light years", "light-years"
			for k := s.last + 1; k < len(toks) && k <= s.last+4; k++ {
				if strings.HasPrefix(toks[k].low, "year") {
					s.end = toks[k].end
					break
				}
			}
		}
	}
	return s, true
}

// perHour reports whether the length unit after figure s is followed by
// "per hour" or "an hour": a speed.
func perHour(toks []dtok, s span) bool {
	for k := s.last + 1; k+2 < len(toks) && k <= s.last+2; k++ {
		if toks[k].low == s.noun {
			w := toks[k+1].low
			return (w == "per" || w == "an" || w == "a") && toks[k+2].low == "hour"
		}
	}
	return false
}

// hypothetical reports whether a figure is what could be ("can fly about
// 620 miles", "estimated the charge would be $3.2 billion", "feared to
// have stolen data from up to 44 million"): a capability, a forecast or a
// fear in the same clause, not what the report says happened.
func hypothetical(toks []dtok, first int) bool {
	for k := first - 1; k >= 0 && k >= first-14; k-- {
		switch toks[k].low {
		case "can", "could", "might", "may", "capable", "enough", "estimate", "estimated", "forecast", "expects",
			"projected", "feared", "fears", "predicted", "predicts", "threatened", "if":
			if toks[k].low == "estimated" && k == first-1 || k > 0 && toks[k-1].low == "an" {
				continue // "an estimated 1,000" reports a figure
			}
			return true
		case ",", ";", ".", "and", "but":
			return false
		}
	}
	return false
}

var qualifierWord = map[string]bool{"over": true, "about": true, "around": true, "some": true, "nearly": true,
	"almost": true, "under": true, "up": true, "more": true, "less": true, "fewer": true, "at": true,
	"the": true, "a": true, "an": true, "and": true, "but": true, "with": true}

var oneNotCount = map[string]bool{"day": true, "time": true, "way": true, "thing": true, "point": true,
	"side": true, "hand": true, "year": true, "morning": true, "night": true, "evening": true,
	"afternoon": true, "week": true, "month": true, "other": true, "another": true}

// weightContext reports whether "pounds" weighs something: "pounds of",
// "weighs 400 pounds".
func weightContext(toks []dtok, first, after int) bool {
	if after < len(toks) && toks[after].low == "of" {
		return true
	}
	for k := first - 1; k >= 0 && k >= first-4; k-- {
		if strings.HasPrefix(toks[k].low, "weigh") || toks[k].low == "heavy" {
			return true
		}
	}
	return false
}

// qualifierBefore finds a qualifier ending right before token i: 1 at
// least, 2 at most, 3 nearly, 4 about; n is its length in tokens.
func qualifierBefore(toks []dtok, i int) (kind, n int) {
	for k, set := range [][][]string{atLeast, atMost, nearly, about} {
		for _, q := range set {
			if len(q) > i {
				continue
			}
			match := true
			for m, w := range q {
				if toks[i-len(q)+m].low != w {
					match = false
					break
				}
			}
			if match && len(q) == 1 && i >= 2 && particleVerbs[q[0]][toks[i-2].low] {
				// "turned around four hours into the flight", "handed
				// over 21 girls": the verb's particle, not a qualifier.
				continue
			}
			if match {
				return k + 1, len(q)
			}
		}
	}
	return 0, 0
}

// particleVerbs are, for each one-word qualifier, the verbs it is also
// the particle of.
var particleVerbs = map[string]map[string]bool{
	"around": {"turn": true, "turned": true, "turning": true, "turns": true, "spun": true, "swung": true},
	"over": {"hand": true, "handed": true, "handing": true, "hands": true, "turned": true, "turning": true, "blew": true, "ran": true,
		"run": true, "passed": true, "signed": true, "knocked": true},
	"about": {"brought": true, "bring": true, "set": true},
}

// parseDigits reads "1,200", "3.5", "1.200" (Spanish thousands); ulp is
// the rounding of the last digit written.
func parseDigits(s, lang string) (v, ulp float64, ok bool) {
	if lang == "es" || lang == "fr" || lang == "de" {
		// 1.200 is twelve hundred, 3,5 three and a half.
		s = strings.ReplaceAll(s, ".", "\x00")
		s = strings.ReplaceAll(s, ",", ".")
		s = strings.ReplaceAll(s, "\x00", "")
	} else {
		s = strings.ReplaceAll(s, ",", "")
	}
	if strings.Count(s, ".") > 1 {
		return 0, 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, 0, false
	}
	ulp = 1
	if d := strings.IndexByte(s, '.'); d >= 0 {
		ulp = math.Pow(10, -float64(len(s)-d-1))
	}
	return v, ulp, true
}

func isYearValue(s string) bool {
	if len(s) != 4 {
		return false
	}
	n, err := strconv.Atoi(s)
	return err == nil && n >= 1800 && n <= 2100
}

// Classes of what a figure counts, by the words that say it.
var countClasses = map[string]string{
	"dead": "dead", "death": "dead", "deaths": "dead", "died": "dead", "die": "dead", "dies": "dead",
	"killed": "dead", "kill": "dead", "kills": "dead", "killing": "dead", "fatalities": "dead",
	"fatality": "dead", "lives": "dead", "bodies": "dead", "toll": "dead", "perished": "dead",
	"murdered": "dead", "slain": "dead", "drowned": "dead", "fatally": "dead",
	"muertos": "dead", "fallecidos": "dead", "murieron": "dead", "muertes": "dead", "morts": "dead",
	"tués": "dead", "décès": "dead", "victimes": "dead",
	"injured": "injured", "injuries": "injured", "injuring": "injured", "wounded": "injured",
	"wounding": "injured", "hurt": "injured", "injury": "injured", "heridos": "injured", "blessés": "injured", "blesses": "injured",
	"missing": "missing", "unaccounted": "missing", "desaparecidos": "missing", "disparus": "missing",
	"arrested": "arrested", "arrests": "arrested", "detained": "arrested", "detenidos": "arrested",
	"arrest": "arrested", "interpellés": "arrested",
	"evacuated": "evacuated", "evacuees": "evacuated", "displaced": "evacuated", "evacuation": "evacuated",
	"evacuados": "evacuated", "évacués": "evacuated", "displacement": "evacuated", "homeless": "evacuated",
	"rescued": "rescued", "survivors": "rescued", "survived": "rescued",
	"casualties": "casualties",
	// Taken to hospital is its own count: reports give it beside the
	// injured ("40 injured, 51 taken to two hospitals"), not for them.
	"hospitalized": "hospital", "hospitalised": "hospital",
}

// tollClasses are counts that grow as a story unfolds, so a later,
// larger figure is an update.
var tollClasses = map[string]bool{"dead": true, "injured": true, "missing": true, "arrested": true,
	"evacuated": true, "rescued": true, "casualties": true, "hospital": true}

// everyone are the nouns that count people without narrowing who.
var everyone = map[string]bool{"people": true, "persons": true, "person": true, "others": true,
	"individuals": true, "personas": true, "personnes": true, "civilians": true, "": true, "victims": true, "lives": true}

// peopleKinds count people by what they were doing: a question counting
// "people" is answered by them ("27 million passengers used the
// service").
var peopleKinds = map[string]bool{"passengers": true, "residents": true, "consumers": true, "customers": true,
	"users": true, "visitors": true, "fans": true, "spectators": true, "citizens": true, "commuters": true,
	"travellers": true, "travelers": true, "riders": true, "tourists": true, "worshippers": true,
	"pilgrims": true, "shoppers": true, "concertgoers": true, "attendees": true, "guests": true}

// wordOfStem reports whether a lowercased word has the question stem st:
// it begins with it ("killed", "kill"), or, sharing its first letters,
// stems to it ("savings", "save"; "fly" and "flying", "fli"). Only words
// sharing the first two letters are stemmed, which keeps the test cheap:
// a stem may change the third ("fly", "fli"; "dry", "dri").
func wordOfStem(word, st string) bool {
	if strings.HasPrefix(word, st) {
		return true
	}
	return len(word) >= 3 && len(st) >= 3 && word[:2] == st[:2] && english.Stem(word, true) == st
}

// injuriesAhead is "injured" when describing words from k lead to
// injuries ("serious or life-threatening injuries", "minor injuries"),
// else "".
func injuriesAhead(toks []dtok, k int) string {
	for j := k; j < len(toks) && j <= k+6; j++ {
		w := toks[j].low
		if countClasses[w] == "injured" {
			return "injured"
		}
		if !toks[j].word && w != "-" || stopBetween[w] || prepositions[w] || figureTail[w] {
			return ""
		}
	}
	return ""
}

// hospitalAhead reports whether the words from k say the figure before
// them was taken to hospital ("51 had been taken to two hospitals",
// "more than 50 people were rushed to hospital"), and the noun the
// figure counts ("people"; "" for none). The class word stands too far
// from the figure for figureKey's look ahead, past a verb and "to".
func hospitalAhead(toks []dtok, k int) (noun string, ok bool) {
	j := k
	if j < len(toks) && toks[j].word && !figureTail[toks[j].low] && !stopBetween[toks[j].low] &&
		!prepositions[toks[j].low] && !toHospital[toks[j].low] {
		noun = toks[j].low // "20 children were taken"
		j++
	}
	for j < len(toks) && j < k+5 && (figureTail[toks[j].low] || strings.HasSuffix(toks[j].low, "ly")) {
		j++ // "had been", "were also", "were quickly"
	}
	if j >= len(toks) || !toHospital[toks[j].low] {
		return "", false
	}
	j++
	if j >= len(toks) || toks[j].low != "to" && toks[j].low != "in" && toks[j].low != "into" && toks[j].low != "at" {
		return "", false
	}
	// "to hospital", "to the hospital", "to two hospitals", "to a local
	// hospital", "to nearby hospitals".
	for end := j + 4; j+1 < len(toks) && j < end; j++ {
		w := toks[j+1].low
		if w == "hospital" || w == "hospitals" {
			return noun, true
		}
		if !toks[j+1].word && !toks[j+1].num || stopBetween[w] || prepositions[w] {
			return "", false
		}
	}
	return "", false
}

// toHospital are the verbs that say people were taken to hospital.
var toHospital = map[string]bool{"taken": true, "rushed": true, "sent": true, "admitted": true,
	"brought": true, "transported": true, "airlifted": true, "treated": true, "transferred": true}

// conversionEnd is the position of the ")" closing a measure's
// conversion into other units right after it ("229 feet (70 meters)"),
// or -1.
func conversionEnd(toks []dtok, s span) int {
	if !strings.HasPrefix(s.key, "unit/") {
		return -1
	}
	k := s.last + 1
	if k < len(toks) && toks[k].low == s.noun {
		k++
	}
	if k+2 >= len(toks) || toks[k].low != "(" || !toks[k+1].num {
		return -1
	}
	if toks[s.last].low == ")" {
		return -1 // already taken in
	}
	for j := k + 2; j < len(toks) && j <= k+4; j++ {
		if toks[j].low == ")" {
			return j
		}
		if _, unit := unitMeasures[toks[j].low]; !unit && !(toks[j].low == "-" && toks[j].glued) {
			return -1
		}
	}
	return -1
}

// measureFollows reports whether a measure is followed by one of stems,
// after its unit and any conversion: "229 feet (70 meters) tall" for
// "how tall", not "40 feet (12 meters) abreast".
func measureFollows(toks []dtok, s span, stems []string) bool {
	k := s.last + 1
	if toks[s.last].low != ")" && k < len(toks) && toks[k].low == s.noun {
		k++
	}
	if k < len(toks) && toks[k].low == "-" && toks[k].glued {
		k++ // "the 80m-deep well"
	}
	if k >= len(toks) || !toks[k].word {
		return false
	}
	for _, st := range stems {
		if len(st) >= 3 && wordOfStem(toks[k].low, st) {
			return true
		}
	}
	return false
}

// nearClass reports whether a word of the count class class stands
// within w tokens of s: "was killed on Tuesday" tells when someone died.
func nearClass(toks []dtok, s span, w int, class string) bool {
	for k := max(0, s.first-w); k < len(toks) && k <= s.last+w; k++ {
		if (k < s.first || k > s.last) && toks[k].word && countClasses[toks[k].low] == class {
			return true
		}
	}
	return false
}

// vehicleStems are the question stems of what people ride in.
var vehicleStems = map[string]bool{"ship": true, "boat": true, "plane": true, "flight": true, "train": true,
	"bus": true, "ferri": true, "vessel": true, "jet": true, "aircraft": true, "tram": true, "cruis": true,
	"airlin": true, "helicopt": true, "coach": true}

// aboard reports whether a count of people is of those aboard what the
// question asks about: "which had 129 people on board" answers "how many
// people were on the ship" though it names no ship.
func aboard(toks []dtok, s span, stems []string) bool {
	vehicle := false
	for _, st := range stems {
		vehicle = vehicle || vehicleStems[st]
	}
	if !vehicle {
		return false
	}
	for k := s.last + 1; k < len(toks) && k <= s.last+4; k++ {
		switch w := toks[k].low; {
		case w == "aboard" || w == "onboard" || w == "on" && k+1 < len(toks) && toks[k+1].low == "board":
			return true
		case stopBetween[w] || toks[k].num:
			return false
		}
	}
	return false
}

// figureTail words may stand between a figure and the word saying what it
// counts: "7 people were killed", "7 more have died".
var figureTail = map[string]bool{"were": true, "was": true, "have": true, "had": true, "has": true,
	"been": true, "are": true, "is": true, "more": true, "other": true, "people": true, "persons": true,
	"reportedly": true, "confirmed": true, "now": true, "also": true, "being": true, "others": true,
	"feared": true, "believed": true, "thought": true, "later": true, "already": true, "so": true,
	"far": true, "left": true, "been.": true, "individuals": true, "personas": true, "personnes": true,
	"ont": true, "été": true, "han": true, "sido": true, "fueron": true, "sont": true}

// stopBetween end the window a figure's class is looked for in.
var stopBetween = map[string]bool{",": true, ";": true, ":": true, ".": true, "and": true, "but": true,
	"while": true, "including": true, "as": true, "with": true, "after": true, "(": true, ")": true,
	"—": true, "–": true, "y": true, "et": true, "which": true, "who": true, "that": true, "when": true}

// figureKey says what a figure counts (see span.key).
func figureKey(toks []dtok, s span) (key, class, noun string) {
	if s.unit == "%" {
		// A share of what the noun after it names: "a 50% premium" and
		// "a 96 percent drop in operating income" are two things;
		// "shares fell 4.3 percent to $63.20" and "fell 1.5 percent"
		// one.
		if k := s.last + 1; k < len(toks) && toks[k].word && !stopBetween[toks[k].low] && !prepositions[toks[k].low] &&
			!figureTail[toks[k].low] && toks[k].low != "of" && toks[k].low != "de" && toks[k].low != "a" &&
			spanCues[toks[k].low]&cueDateTime == 0 && toks[k].low != "year" {
			return "%/" + stemWord(toks[k].low), "", toks[k].low
		}
		return "%", "", ""
	}
	if s.first >= 2 && toks[s.first-2].low == "of" && (toks[s.first-1].low == "which" || toks[s.first-1].low == "whom") {
		// "20 people have been brought in, of which four are seriously
		// injured": a part of a group counted before.
		return "", "", ""
	}
	if sumPart(toks, s) {
		// "the 103 passengers and 26 crew members": one part of the
		// people aboard, not what the other reports' "129 people" count.
		return "", "", ""
	}
	if k := s.last + 1; k+1 < len(toks) && toks[k].low == "from" && toks[k+1].word && toks[k+1].upper {
		// "a crash that killed 10 from US": those from one place, a
		// part of the toll the other reports' "killed 12" give.
		return "", "", ""
	}
	if k := s.last + 1; k < len(toks) && increments[toks[k].low] {
		// "recovered two more bodies": an increment, not the total the
		// other reports give.
		return "", "", ""
	}
	if n, ok := hospitalAhead(toks, s.last+1); ok && s.kind == kindNumber {
		if everyone[n] {
			return "hospital", "hospital", n
		}
		return "hospital/" + stemWord(n), "hospital", n
	}
	// After: skip auxiliaries; a class word there wins, a narrower noun
	// than "people" makes the key. "40-year-old", "11-hour": a hyphen
	// glued on both sides joins.
	for k := s.last + 1; k < len(toks) && k <= s.last+5; k++ {
		w := toks[k].low
		if c, ok := countClasses[w]; ok {
			class = c
			break
		}
		if w == "-" && toks[k].glued && k+1 < len(toks) && toks[k+1].glued && toks[k+1].word {
			continue
		}
		if stopBetween[w] || toks[k].num || !toks[k].word {
			break
		}
		if _, ok := ageUnits[w]; ok && ageAfter(toks, k+1) {
			return "age", "", w
		}
		if w == "of" || w == "de" {
			if s.kind == kindNumber && k == s.last+1 && k+1 < len(toks) && partitive[toks[k+1].low] {
				// "five of the dead were their relatives": a part of
				// the toll, not the toll.
				return "", "", ""
			}
			if noun != "" && !everyone[noun] {
				break
			}
			continue // "dozens of people", "34 inches of snow"
		}
		if everyone[w] && noun == "" {
			noun = w
			continue
		}
		if figureTail[w] || w == "the" || w == "los" || w == "las" || w == "les" || w == "des" || noun != "" && w == "among" {
			continue
		}
		if prepositions[w] && !(w == "in" && noun == "" && k == s.last+1 && toks[k].glued) {
			break
		}
		if noun == "" && toks[k].upper {
			// "the 218 Chibok girls", "100 Boko Haram fighters": a
			// name before the noun says whose, the noun what is counted.
			if j := nameModifierEnd(toks, k); j > k {
				k = j - 1
				continue
			}
		}
		if noun == "" || everyone[noun] && k == s.last+1 {
			noun = w
			if _, isUnit := unitMeasures[w]; isUnit && s.kind == kindNumber {
				break
			}
			if adjectiveLike(w) {
				noun = ""
			}
			continue
		}
		if everyone[noun] && (toks[k-1].low == "have" || toks[k-1].low == "had" || toks[k-1].low == "has" || toks[k-1].low == "with") {
			// "eight people have serious or life-threatening injuries":
			// what they have says what they are counted as.
			class = injuriesAhead(toks, k)
		}
		break
	}
	if s.first > 0 && (toks[s.first-1].low == "aged" || toks[s.first-1].low == "age") {
		return "age", "", noun
	}
	// "Stephen Paddock, 64, opened fire": an age set off after a name.
	if s.first > 1 && s.first == s.last && toks[s.first-1].low == "," && toks[s.first-2].upper &&
		s.last+1 < len(toks) && toks[s.last+1].low == "," && s.v > 0 && s.v < 120 {
		return "age", "", ""
	}
	if class == "" {
		// Before: "killed 7", "the death toll rose to 7".
		for k := s.first - 1; k >= 0 && k >= s.first-5; k-- {
			w := toks[k].low
			if c, ok := countClasses[w]; ok {
				class = c
				break
			}
			if stopBetween[w] || toks[k].num {
				break
			}
		}
	}
	if s.kind == kindAmount {
		if perShare(toks, s) {
			// "$82 a share" is a price, not the deal's value.
			return s.unit + "/share", class, noun
		}
		return s.unit, class, noun
	}
	if u, ok := unitMeasures[noun]; ok {
		if class != "" && u.family == "duration" {
			return "", "", "" // "killed 3 years ago": time, not a count
		}
		return "unit/" + u.family, "", noun
	}
	if class != "" {
		if everyone[noun] {
			return class, class, noun
		}
		return class + "/" + stemWord(noun), class, noun
	}
	if noun == "" {
		return "", "", ""
	}
	return stemWord(noun), "", noun
}

// sumPart reports whether the figure s counts one part of the people a
// sum gives, its noun named or not ("the 103 passengers and 26 crew
// members", "10 American passengers and two Costa Rican pilots"), with
// an aside before the rest ("103 passengers, most of them Dutch, and 26
// crew members").
func sumPart(toks []dtok, s span) bool {
	k := s.last + 1
	if k < len(toks) && toks[k].word && toks[k].upper {
		k = nameModifierEnd(toks, k)
	}
	if k >= len(toks) || !peopleKinds[toks[k].low] {
		return false
	}
	k++
	if k < len(toks) && toks[k].low == "," {
		j := k + 1
		for j < len(toks) && j <= k+6 && toks[j].low != "," && !toks[j].num {
			j++
		}
		if j == k+1 || j >= len(toks) || toks[j].low != "," {
			return false
		}
		k = j + 1
	}
	if k+1 >= len(toks) || toks[k].low != "and" {
		return false
	}
	_, word := unitWords[toks[k+1].low]
	return toks[k+1].num || word
}

// nameModifierEnd is the position of the lowercase noun a run of
// capitalised words from k stands before ("Chibok girls"), or k when the
// run is itself what is counted ("7 Americans were killed") or ends the
// clause.
func nameModifierEnd(toks []dtok, k int) int {
	j := k
	for j < len(toks) && j <= k+3 && toks[j].word && toks[j].upper {
		j++
	}
	if j >= len(toks) || !toks[j].word || toks[j].upper {
		return k
	}
	w := toks[j].low
	if stopBetween[w] || figureTail[w] || prepositions[w] || w == "of" || w == "de" || countClasses[w] != "" || modals[w] {
		return k
	}
	return j
}

// modals follow the noun a figure counts, never stand for it: in "2.5
// million Americans may have been affected" the name is what is counted.
var modals = map[string]bool{"may": true, "might": true, "could": true, "would": true, "will": true,
	"can": true, "should": true, "must": true, "did": true, "do": true, "does": true}

// perShare reports whether an amount is a price per share: "$82 a share",
// "shares closed at $63.20".
func perShare(toks []dtok, s span) bool {
	for k := s.last + 1; k < len(toks) && k <= s.last+4; k++ {
		if strings.HasPrefix(toks[k].low, "share") {
			return true
		}
	}
	for k := s.first - 1; k >= 0 && k >= s.first-6; k-- {
		w := toks[k].low
		if w == "shares" || w == "stock" || w == "stocks" {
			return true
		}
		if w == "," || w == ";" || w == "." {
			break
		}
	}
	return false
}

// ageUnits are the units an age is given in, as years: "a 20-month-old
// boy" is as old as one "about 20 months old".
var ageUnits = map[string]float64{"year": 1, "years": 1, "month": 1.0 / 12, "months": 1.0 / 12,
	"week": 7 / 365.25, "weeks": 7 / 365.25, "day": 1 / 365.25, "days": 1 / 365.25}

// ageAfter reports whether the words from k make a "year" an age: "-old",
// "old".
func ageAfter(toks []dtok, k int) bool {
	if k < len(toks) && toks[k].low == "-" {
		k++
	}
	return k < len(toks) && toks[k].low == "old"
}

// prepositions end what a figure counts: "13 on Friday".
var prepositions = map[string]bool{"on": true, "in": true, "at": true, "for": true, "to": true, "by": true,
	"from": true, "since": true, "per": true, "into": true, "across": true, "during": true, "over": true,
	"under": true, "than": true, "en": true, "por": true, "para": true, "dans": true, "pour": true, "à": true}

// partitive words after "of" make a figure a part of a group named
// before: "five of the dead", "two of them".
var partitive = map[string]bool{"the": true, "them": true, "those": true, "these": true, "whom": true,
	"which": true, "its": true, "their": true}

// increments after a figure make it a change rather than a total.
var increments = map[string]bool{"more": true, "additional": true, "further": true, "extra": true,
	"mas": true, "más": true, "autres": true, "supplementaires": true}

// adjectiveLike words describe rather than name what is counted.
func adjectiveLike(w string) bool {
	switch w {
	case "young", "small", "new", "old", "big", "large", "major", "separate", "different", "local",
		"foreign", "british", "american", "french", "german", "innocent", "other", "more", "additional",
		"further", "total", "confirmed", "known", "suspected", "seriously", "critically":
		return true
	}
	return false
}

// stemWord is a light English stem for figure keys: plural and possessive
// endings off, so "attack" meets "attacks".
func stemWord(w string) string {
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "sses"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && len(w) > 3:
		return w[:len(w)-1]
	}
	if w == "children" {
		return "child"
	}
	if w == "men" {
		return "man"
	}
	if w == "women" {
		return "woman"
	}
	return w
}

// Dates.

type monthNo int

func (m monthNo) ok() bool { return m > 0 }

var months = map[string]monthNo{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
	"oct": 10, "nov": 11, "dec": 12,
	"enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
	"septiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
	"janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
	"août": 8, "aout": 8, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
}

func monthIndex(w string) monthNo { return months[w] }

var weekdays = map[string]int{
	"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7,
	"lunes": 1, "martes": 2, "miércoles": 3, "miercoles": 3, "jueves": 4, "viernes": 5, "sábado": 6,
	"sabado": 6, "domingo": 7, "lundi": 1, "mardi": 2, "mercredi": 3, "jeudi": 4, "vendredi": 5,
	"samedi": 6, "dimanche": 7,
}

// relativeDays are words that name a day by its distance from the
// article's date.
var relativeDays = map[string]int{"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1,
	"ayer": -1, "hoy": 0, "hier": -1, "aujourd'hui": 0}

// dateAt reads a date starting at token i: "November 9", "9 November
// 2017", "Nov. 9", "on Thursday", "last Saturday", "yesterday", "this
// morning", "in 2016", "Christmas Day".
func dateAt(text string, toks []dtok, i int, pub time.Time) (span, bool) {
	t := toks[i]
	s := span{kind: kindDate, first: i, last: i, start: t.start, end: t.end}
	next := func(k int) string {
		if k < len(toks) {
			return toks[k].low
		}
		return ""
	}
	year := func(k int) (int, bool) {
		if k < len(toks) && toks[k].num && isYearValue(toks[k].low) {
			n, _ := strconv.Atoi(toks[k].low)
			return n, true
		}
		return 0, false
	}
	day := func(k int) (int, bool) {
		if k >= len(toks) || !toks[k].num {
			return 0, false
		}
		n, err := strconv.Atoi(toks[k].low)
		if err != nil || n < 1 || n > 31 {
			return 0, false
		}
		return n, true
	}
	setDay := func(y, m, d int, withYear bool) {
		if !withYear {
			y = guessYear(pub, time.Month(m), d)
		}
		s.date = time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		s.gran = granDay
		if y == 0 {
			s.gran = granNone
		}
	}
	// dayYear sets the day d of month m with the year read from k on:
	// after one of seps ("9 November, 2016", "9 de noviembre de 2016"),
	// at k, said relative to the article's ("March of next year"), or
	// guessed when none is given; it returns the span's last token.
	dayYear := func(k, m, d int, seps ...string) int {
		if slices.Contains(seps, next(k)) {
			if y, ok := year(k + 1); ok {
				setDay(y, m, d, true)
				return k + 1
			}
		}
		if y, ok := year(k); ok {
			setDay(y, m, d, true)
			return k
		}
		if dy, end, ok := relativeYear(toks, k); ok && !pub.IsZero() {
			setDay(pub.Year()+dy, m, d, true)
			return end
		}
		setDay(0, m, d, false)
		return k - 1
	}
	skipDot := func(k int) int {
		// "Nov. 9": the dot of an abbreviated month, not the sentence's.
		if next(k) == "." && k > 0 && len(toks[k-1].low) <= 4 {
			return k + 1
		}
		return k
	}
	switch {
	case t.word && monthIndex(t.low).ok() && (t.upper || len(t.low) > 3) && !(t.low == "may" && !t.upper) && !(t.low == "march" && !t.upper):
		m := int(monthIndex(t.low))
		k := skipDot(i + 1)
		if d, ok := day(k); ok && !(k+1 < len(toks) && toks[k+1].low == ":") {
			k2 := k + 1
			if k2 < len(toks) && toks[k2].glued && (toks[k2].low == "th" || toks[k2].low == "st" || toks[k2].low == "nd" || toks[k2].low == "rd") {
				k2++
			}
			s.last = dayYear(k2, m, d, ",")
			break
		}
		if y, ok := year(k); ok {
			s.date = time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
			s.gran = granMonth
			s.last = k
			break
		}
		if !t.upper || i == 0 || pub.IsZero() {
			return span{}, false
		}
		// "March of next year", "March last year": the year said
		// relative to the article's.
		if dy, end, ok := relativeYear(toks, k); ok {
			s.date = time.Date(pub.Year()+dy, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
			s.gran = granMonth
			s.last = end
			break
		}
		switch p := next(i - 1); p {
		case "next", "last":
			// "next March": the first March after the article's month;
			// "last December": the one before it.
			y := pub.Year()
			if p == "next" && time.Month(m) <= pub.Month() {
				y++
			}
			if p == "last" && time.Month(m) >= pub.Month() {
				y--
			}
			s.date = time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
			s.gran = granMonth
			s.first, s.start = i-1, toks[i-1].start
		case "in", "early", "late", "mid":
			// "in November": the month of the article's year.
			y := pub.Year()
			if time.Month(m) > pub.Month() {
				y--
			}
			s.date = time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
			s.gran = granMonth
		default:
			return span{}, false
		}
	case t.num && !t.glued:
		// "9 November 2017", "9th of November"
		d, ok := day(i)
		if !ok {
			if y, ok := year(i); ok && i > 0 && (toks[i-1].low == "in" || toks[i-1].low == "during" || toks[i-1].low == "en") &&
				!(i+1 < len(toks) && (toks[i+1].glued && toks[i+1].word || toks[i+1].low == "%")) {
				s.date = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
				s.gran = granYear
				break
			}
			return span{}, false
		}
		k := i + 1
		if k < len(toks) && toks[k].glued && (toks[k].low == "th" || toks[k].low == "st" || toks[k].low == "nd" || toks[k].low == "rd") {
			k++
		}
		if next(k) == "of" || next(k) == "de" {
			k++
		}
		if k >= len(toks) || !toks[k].word || !monthIndex(toks[k].low).ok() || !toks[k].upper && toks[k].low == "may" {
			return span{}, false
		}
		m := int(monthIndex(toks[k].low))
		k = skipDot(k + 1)
		s.last = dayYear(k, m, d, "de", ",")
	case t.word && weekdays[t.low] > 0 && (t.upper || len(t.low) > 3):
		wd := weekdays[t.low]
		s.weekday = wd
		s.relative = true
		s.gran = granNone
		prev := ""
		if i > 0 {
			prev = toks[i-1].low
		}
		if prev == "last" || prev == "next" || prev == "this" || prev == "on" || prev == "el" || prev == "le" {
			s.first, s.start = i-1, toks[i-1].start
		}
		// "Thursday, November 9": the date says more.
		if next(i+1) == "," || monthIndex(next(i+1)).ok() || toks[min(i+1, len(toks)-1)].num {
			k := i + 1
			if next(k) == "," {
				k++
			}
			if k < len(toks) {
				if d, ok := dateAt(text, toks, k, pub); ok && d.gran == granDay {
					d.first, d.start = s.first, s.start
					d.weekday = wd
					return d, true
				}
			}
		}
		if pub.IsZero() {
			break
		}
		pwd := int(pub.Weekday())
		if pwd == 0 {
			pwd = 7
		}
		back := (pwd - wd + 7) % 7
		switch prev {
		case "last":
			if back == 0 {
				back = 7
			}
		case "next":
			back = -((wd - pwd + 7) % 7)
			if back == 0 {
				back = -7
			}
		}
		if futureAround(toks, i) && prev != "last" {
			back = -((wd - pwd + 7) % 7)
		}
		if back == 6 && prev != "last" {
			// The day after the article's: an event in a later time zone
			// ("fired a missile over Hokkaido Friday" in a Thursday US
			// paper) or one to come; news says "last" for a week ago.
			back = -1
		}
		s.date = dayOf(pub).AddDate(0, 0, -back)
		s.gran = granDay
	case t.word && relativeDays[t.low] != 0 || t.word && (t.low == "today" || t.low == "tonight" || t.low == "hoy"):
		if pub.IsZero() {
			return span{}, false
		}
		s.date = dayOf(pub).AddDate(0, 0, relativeDays[t.low])
		s.gran, s.relative = granDay, true
	case t.low == "last" && (next(i+1) == "night" || next(i+1) == "evening"):
		if pub.IsZero() {
			return span{}, false
		}
		s.last = i + 1
		s.date = dayOf(pub).AddDate(0, 0, -1)
		s.gran, s.relative = granDay, true
	case t.low == "this" && (next(i+1) == "morning" || next(i+1) == "afternoon" || next(i+1) == "evening"):
		if pub.IsZero() {
			return span{}, false
		}
		s.last = i + 1
		s.date = dayOf(pub)
		s.gran, s.relative = granDay, true
	case t.word && t.upper && (t.low == "christmas" || t.low == "boxing") && next(i+1) == "day" ||
		t.low == "christmas" && next(i+1) == "eve" || t.low == "new" && next(i+1) == "year's" && (next(i+2) == "day" || next(i+2) == "eve"):
		m, d := 12, 25
		switch {
		case t.low == "boxing":
			d = 26
		case next(i+1) == "eve" && t.low == "christmas":
			d = 24
		case t.low == "new":
			m, d = 1, 1
			if next(i+2) == "eve" {
				m, d = 12, 31
			}
			s.last = i + 2
		}
		if s.last == i {
			s.last = i + 1
		}
		if pub.IsZero() {
			return span{}, false
		}
		setDay(0, m, d, false)
	default:
		return span{}, false
	}
	s.end = toks[s.last].end
	return s, true
}

// relativeYear reads "next year", "last year" or "this year", with an
// "of" before it, at token k: the years from the article's and the
// position of "year".
func relativeYear(toks []dtok, k int) (dy, end int, ok bool) {
	if k < len(toks) && toks[k].low == "of" {
		k++
	}
	if k+1 >= len(toks) || toks[k+1].low != "year" {
		return 0, 0, false
	}
	switch toks[k].low {
	case "next":
		return 1, k + 1, true
	case "last":
		return -1, k + 1, true
	case "this":
		return 0, k + 1, true
	}
	return 0, 0, false
}

// futureAround reports whether the words before a weekday speak of what
// is to come ("will meet on Monday", "is due on Friday").
func futureAround(toks []dtok, i int) bool {
	for k := i - 1; k >= 0 && k >= i-6; k-- {
		switch toks[k].low {
		case "will", "would", "scheduled", "due", "expected", "plans", "planned", "set", "next", "until", "'ll", "shall",
			"slated", "upcoming", "go":
			return true
		case ".", ";":
			return false
		}
	}
	return false
}

// guessYear is the year of a month-day the text gives without one: the
// article's, or the one before when that would put the day well after
// the article.
func guessYear(pub time.Time, m time.Month, d int) int {
	if pub.IsZero() {
		return 0
	}
	y := pub.Year()
	if time.Date(y, m, d, 0, 0, 0, 0, time.UTC).After(dayOf(pub).AddDate(0, 2, 0)) {
		y--
	}
	return y
}

func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Times of day.

var zones = map[string]bool{"gmt": true, "utc": true, "bst": true, "cet": true, "cest": true, "et": true,
	"est": true, "edt": true, "ct": true, "cst": true, "cdt": true, "pt": true, "pst": true, "pdt": true,
	"mt": true, "mst": true, "mdt": true, "jst": true, "ist": true, "aest": true, "hst": true}

// timeAt reads a time of day at token i: "9 pm", "9:30 a.m.", "21:00",
// "9.30pm", "noon", "midnight", "10 o'clock".
func timeAt(text string, toks []dtok, i int) (span, bool) {
	t := toks[i]
	s := span{kind: kindTime, first: i, last: i, start: t.start, end: t.end}
	switch {
	case t.low == "noon" || t.low == "midday" || t.low == "mediodía":
		s.minutes = 12 * 60
	case t.low == "midnight" || t.low == "medianoche" || t.low == "minuit":
		s.minutes = 0
	case t.num:
		h, m, ok := clock(t.low)
		if !ok {
			return span{}, false
		}
		k := i + 1
		next := ""
		if k < len(toks) {
			next = strings.ReplaceAll(toks[k].low, ".", "")
		}
		switch {
		case next == "am" || next == "pm":
			if h < 1 || h > 12 {
				return span{}, false
			}
			if next == "pm" && h != 12 {
				h += 12
			}
			if next == "am" && h == 12 {
				h = 0
			}
			s.last = k
			if k+1 < len(toks) && toks[k+1].low == "." && toks[k+1].glued && len(toks[k].low) > 2 {
				s.last = k + 1
			}
		case next == "o'clock" || next == "o’clock":
			s.last = k
		case strings.ContainsAny(t.low, ":") && h < 24:
			// "21:00", "9:30"
			if next == "h" || next == "horas" || next == "heures" {
				s.last = k
			}
		case (next == "h" || next == "heures" || next == "horas") && h < 24:
			s.last = k
		default:
			return span{}, false
		}
		s.minutes = h*60 + m
	default:
		return span{}, false
	}
	if k := s.last + 1; k < len(toks) && zones[toks[k].low] {
		s.zone = toks[k].low
		s.last = k
	} else if k+1 < len(toks) && toks[k].low == "local" && toks[k+1].low == "time" {
		s.last = k + 1
	}
	if q, n := qualifierBefore(toks, s.first); n > 0 && q >= 3 {
		s.approx = true
		s.first -= n
		s.start = toks[s.first].start
	}
	if p := s.first - 1; p >= 0 && (toks[p].low == "after" || toks[p].low == "before" || toks[p].low == "until") {
		if p == 0 || !closeBy[toks[p-1].low] {
			return span{}, false // "an hour before midnight" is not midnight
		}
		s.approx = true
	}
	s.end = toks[s.last].end
	return s, true
}

// slack is how many minutes an approximate time may be off from the
// time meant, read from how round the time stated is: "around 9 pm" may
// be 9:20, "around 10:30 p.m." not 10:45, "around 12:20 p.m." not 12:13.
// A time stated without "around" has none.
func (s span) slack() int {
	if s.kind != kindTime || !s.approx {
		return 0
	}
	switch m := s.minutes % 60; {
	case m == 0:
		return 30
	case m%30 == 0:
		return 15
	case m%15 == 0:
		return 7
	case m%10 == 0:
		return 5
	case m%5 == 0:
		return 3
	}
	return 1
}

// closeBy words make "after" or "before" a time mean about that time:
// "shortly after 10pm".
var closeBy = map[string]bool{"shortly": true, "just": true, "soon": true, "right": true, "moments": true, "minutes": true}

// clock reads "9", "9:30", "9.30", "21:00".
func clock(s string) (h, m int, ok bool) {
	sep := strings.IndexAny(s, ":.")
	if sep < 0 {
		n, err := strconv.Atoi(s)
		return n, 0, err == nil && n >= 0 && n <= 24
	}
	hh, err1 := strconv.Atoi(s[:sep])
	mm, err2 := strconv.Atoi(s[sep+1:])
	if err1 != nil || err2 != nil || len(s)-sep-1 != 2 || hh > 24 || mm > 59 {
		return 0, 0, false
	}
	return hh, mm, true
}

// normal is the span's value as compared, for DifferenceValue.Normal.
func (s span) normal() string {
	switch s.kind {
	case kindNumber, kindAmount:
		v := func(f float64) string {
			if s.converted && f != 0 && !math.IsInf(f, 0) {
				// Four significant digits: 34 inches is 0.8636 m.
				p := math.Pow(10, math.Floor(math.Log10(math.Abs(f)))-3)
				f = math.Round(f/p) * p
				return strconv.FormatFloat(f, 'g', 4, 64)
			}
			return strconv.FormatFloat(f, 'f', -1, 64)
		}
		var n string
		switch {
		case math.IsInf(s.hi, 1):
			n = ">=" + v(s.lo)
		case s.lo == 0 && s.hi > 0:
			n = "<=" + v(s.hi)
		case s.approx:
			n = v(s.lo) + "-" + v(s.hi)
		default:
			n = v(s.lo)
		}
		if s.unit != "" {
			n = s.unit + " " + n
		}
		if s.converted {
			n += " " + baseUnits[strings.TrimPrefix(s.key, "unit/")]
		}
		return n
	case kindDate:
		switch s.gran {
		case granYear:
			return s.date.Format("2006")
		case granMonth:
			return s.date.Format("2006-01")
		case granDay:
			return s.date.Format("2006-01-02")
		}
		if s.weekday > 0 {
			return time.Weekday(s.weekday % 7).String()
		}
		return ""
	case kindTime:
		n := fmt.Sprintf("%02d:%02d", s.minutes/60, s.minutes%60)
		if s.zone != "" {
			n += " " + strings.ToUpper(s.zone)
		}
		return n
	}
	return strings.Join(s.words, " ")
}
