package qa

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"storybot/corpus"
)

// This file holds what every medium needs to show an answer to a reader:
// short dates, the order that shows time, names that tell sources apart and
// quotations the sentence splitter cut, joined again. Answers themselves
// (and ask --json) keep the engine's best-first order and sentences as
// indexed; only renderings use these.

// publishedTime reads a Published value as the parser normalises it
// ("2006-01-02" or RFC 3339); ok is false for anything else.
func publishedTime(published string) (t time.Time, ok bool) {
	published = strings.TrimSpace(published)
	if t, err := time.Parse(time.RFC3339, published); err == nil {
		return t, true
	}
	if t, err := time.Parse("2006-01-02", published); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// ShortDate is a published date as a reader writes it: "3 May 2025". The
// day is the one the source states (its own zone), not the reader's. A
// value the parser could not read is returned as written, cut to 40
// characters; "" stays "".
func ShortDate(published string) string {
	if t, ok := publishedTime(published); ok {
		return t.Format("2 Jan 2006")
	}
	s := strings.Join(strings.Fields(published), " ")
	if utf8.RuneCountInString(s) > 40 {
		s = strings.TrimSpace(string([]rune(s)[:39])) + "…"
	}
	return s
}

// latestCues are the words and phrases of questions about an outcome or
// the present ("is he still alive?", "what is the final death toll?"),
// whose answer is the newest report rather than the first one. They are
// matched as whole words of the lowercased question.
var latestCues = []string{
	"alive", "dead", "died", "die", "survive", "survived", "survivors", "found",
	"latest", "now", "still", "final", "finally", "current", "currently", "today",
	"yet", "so far", "death toll", "toll", "how many died", "how many dead",
	"how many killed", "killed", "outcome", "ended", "update",
	"status", "recovered", "rescued",
	// Spanish and French, the other languages questions come in.
	"ahora", "todavía", "aún", "sigue", "último", "última", "vivo", "muerto", "muertos", "balance",
	"maintenant", "encore", "toujours", "dernier", "dernière", "vivant", "mort", "morts", "bilan",
}

// AsksForLatest reports whether a question asks about an outcome or the
// present, so that a rendering shows the newest report first.
func AsksForLatest(question string) bool {
	words := strings.FieldsFunc(strings.ToLower(question), func(r rune) bool {
		return !(r == '\'' || r == '’' || isWordRune(r))
	})
	text := " " + strings.Join(words, " ") + " "
	for _, cue := range latestCues {
		if strings.Contains(text, " "+cue+" ") {
			return true
		}
	}
	return false
}

func isWordRune(r rune) bool {
	return r == '-' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || r > 0x7f && !strings.ContainsRune("«»“”„‘¿¡…—–", r)
}

// reportTime is when a report first appeared: the earliest date among the
// outlets that carry it, since a copy run later says nothing newer.
func reportTime(s SourceAnswer) (time.Time, bool) {
	var first time.Time
	found := false
	for _, a := range append([]corpus.Article{s.Source}, s.CarriedBy...) {
		if t, ok := publishedTime(a.Published); ok && (!found || t.Before(first)) {
			first, found = t, true
		}
	}
	return first, found
}

// ReadingOrder is the order a rendering shows an answer's sources in: best
// first, or for a question about an outcome or the present (AsksForLatest)
// newest report first, best first among equally dated ones and undated ones
// last. The answer is not changed.
func ReadingOrder(ans Answer) []SourceAnswer {
	out := slices.Clone(ans.Sources)
	if !AsksForLatest(ans.Question) {
		return out
	}
	slices.SortStableFunc(out, func(a, b SourceAnswer) int {
		ta, oka := reportTime(a)
		tb, okb := reportTime(b)
		switch {
		case oka && okb:
			return tb.Compare(ta)
		case oka:
			return -1
		case okb:
			return 1
		}
		return 0
	})
	return out
}

// maxLabelTitle caps the title a label adds to tell two articles of one
// outlet apart, so "also reported by" lines stay one glance long.
const maxLabelTitle = 60

// SourceLabels names every article an answer cites or lists as a carrier,
// by id, so that no two read alike: the outlet (or title: see
// corpus.Article.Name), and where two articles would share that name, the
// name with the article's title ("dailymail.co.uk, “Woman stunned…”"),
// else its date, else its file. An article with neither outlet nor title
// is "Untitled article (its file)".
func SourceLabels(ans Answer) map[string]string {
	var arts []corpus.Article
	seen := map[string]bool{}
	for _, s := range ans.Sources {
		for _, a := range append([]corpus.Article{s.Source}, s.CarriedBy...) {
			if !seen[a.ID] {
				seen[a.ID] = true
				arts = append(arts, a)
			}
		}
	}
	byName := map[string]int{}
	for _, a := range arts {
		byName[a.Name()]++
	}
	labels := make(map[string]string, len(arts))
	for _, a := range arts {
		name := a.Name()
		if a.Title == "" && a.Outlet == "" && a.File != "" {
			// The file is the one way to find such an article; saying it
			// is untitled tells the reader why a file name stands there.
			labels[a.ID] = "Untitled article (" + a.File + ")"
			continue
		}
		if byName[name] < 2 {
			labels[a.ID] = name
			continue
		}
		switch {
		case a.Title != "" && a.Title != name:
			t := strings.Join(strings.Fields(a.Title), " ")
			if utf8.RuneCountInString(t) > maxLabelTitle {
				t = strings.TrimSpace(string([]rune(t)[:maxLabelTitle-1])) + "…"
			}
			labels[a.ID] = name + ", “" + t + "”"
		case a.Published != "":
			labels[a.ID] = name + ", " + ShortDate(a.Published)
		case a.File != name:
			labels[a.ID] = name + " (" + a.File + ")"
		default:
			labels[a.ID] = name
		}
	}
	return labels
}

// Passage is what a rendering cites as one: a sentence, or consecutive
// sentences of one paragraph that are parts of one quotation the sentence
// splitter cut ("She added: “Sovereignty is not for sale." +
// "Sovereignty is loved and defended.”").
type Passage struct {
	Text      string
	Paragraph int
	// Sentence and Last are the first and last sentence joined; equal for
	// a single sentence.
	Sentence, Last int
	// AlsoIn is every other source that carries one of its sentences.
	AlsoIn []string
}

// Passages joins a source's cited sentences into passages: a cited
// sentence that opens a quotation it does not close is joined with the
// next sentence of its paragraph when that one is cited too, until the
// quotation closes. Passages keep the order of their best part.
func Passages(cs []Cited) []Passage {
	type key struct{ p, s int }
	at := map[key]int{}
	for i, c := range cs {
		at[key{c.Paragraph, c.Sentence}] = i
	}
	used := make([]bool, len(cs))
	var out []Passage
	for i := range cs {
		if used[i] {
			continue
		}
		// Walk back to where the quotation opens, if an earlier cited
		// sentence leaves one open.
		start := i
		for {
			j, ok := at[key{cs[start].Paragraph, cs[start].Sentence - 1}]
			if !ok || used[j] || !openQuote(cs[j].Text) {
				break
			}
			start = j
		}
		p := Passage{Text: cs[start].Text, Paragraph: cs[start].Paragraph, Sentence: cs[start].Sentence, Last: cs[start].Sentence}
		used[start] = true
		also := slices.Clone(cs[start].AlsoIn)
		for openQuote(p.Text) {
			j, ok := at[key{p.Paragraph, p.Last + 1}]
			if !ok || used[j] {
				break
			}
			used[j] = true
			p.Text += " " + cs[j].Text
			p.Last = cs[j].Sentence
			also = append(also, cs[j].AlsoIn...)
		}
		slices.Sort(also)
		p.AlsoIn = slices.Compact(also)
		out = append(out, p)
	}
	return out
}

// openQuote reports whether text opens a quotation it does not close: more
// opening than closing curly quotes or guillemets, or an odd number of
// straight double quotes.
func openQuote(text string) bool {
	count := func(s string) int { return strings.Count(text, s) }
	return count("“") > count("”") || count("«") > count("»") || count("\"")%2 == 1
}

// DifferenceNote is what a rendering says above the citations about the
// answer span the sources give (issue 16): that they differ, that a later
// report updated an earlier one, or how many agree.
type DifferenceNote struct {
	// Lead is "Sources differ", "Updated" or "3 sources agree".
	Lead string
	// Parts are the values, oldest report first; for agreement, the one
	// value agreed on, with no source.
	Parts []NotePart
	// More is how many values were left out to keep the note one glance
	// long.
	More int
}

// NotePart is one value of a DifferenceNote and who gave it.
type NotePart struct {
	DifferenceValue
	// Who names the source and the day it was published, "Reuters, 9
	// Nov"; "" for an agreed value.
	Who string
	// URL is the source's link, "" when it has none.
	URL string
}

// maxNoteParts caps the values a note lists; a story with many reports
// of a rising toll shows the first and the latest ones.
const maxNoteParts = 6

// DifferenceNotes are the notes for ans: one per Difference, else one
// saying how many reports agree, else none. Values keep the answer's
// order, oldest report first.
func DifferenceNotes(ans Answer) []DifferenceNote {
	if len(ans.Differences) == 0 {
		if ans.Agree < 2 || ans.Agreed == "" {
			return nil
		}
		return []DifferenceNote{{Lead: fmt.Sprintf("%d sources agree", ans.Agree),
			Parts: []NotePart{{DifferenceValue: DifferenceValue{Value: ans.Agreed}}}}}
	}
	labels := SourceLabels(ans)
	arts := map[string]corpus.Article{}
	agency := map[string]string{}
	for _, s := range ans.Sources {
		// A value may come from any outlet carrying a report; it is
		// named as the report is.
		for _, a := range append([]corpus.Article{s.Source}, s.CarriedBy...) {
			arts[a.ID] = a
			agency[a.ID] = s.Agency
			if _, ok := labels[a.ID]; !ok {
				labels[a.ID] = labels[s.Source.ID]
			}
		}
	}
	var notes []DifferenceNote
	for _, d := range ans.Differences {
		n := DifferenceNote{Lead: "Sources differ"}
		if d.Updated {
			n.Lead = "Updated"
		}
		withYear := spansYears(d.Values, arts)
		values, others := sameValues(d.Values)
		if len(values) > maxNoteParts {
			// The first reports and the latest: what changed, and where
			// it ended.
			n.More = len(values) - maxNoteParts
			values = append(slices.Clone(values[:maxNoteParts-1]), values[len(values)-1])
		}
		for _, v := range values {
			a := arts[v.Source]
			who := labels[v.Source]
			if agency[v.Source] != "" {
				who = agency[v.Source]
			}
			if who == "" {
				who = a.Name()
			}
			if d := noteDate(a.Published, withYear); d != "" {
				who += ", " + d
			}
			if k := others[v.Source]; k > 0 {
				who += fmt.Sprintf(", and %d more", k)
			}
			part := NotePart{DifferenceValue: v, Who: who, URL: a.URL}
			if d.Kind == "date" {
				part.Value = withResolvedDate(v)
			}
			n.Parts = append(n.Parts, part)
		}
		notes = append(notes, n)
	}
	return notes
}

// sameValues gives each value once (a bound, "at least", aside): the newest report that gives it
// stands for the others (others counts them, by its source), and the
// values are ordered by that report, oldest first, so the value a note
// ends on is the latest one said. Five reports of "seven" beside one of
// "five" read "five (…) · seven (…, and 4 more)", not six parts.
func sameValues(values []DifferenceValue) (kept []DifferenceValue, others map[string]int) {
	key := func(v DifferenceValue) string {
		if v.Normal != "" {
			// "at least seven" and "seven" say the same toll; the
			// citations keep the wording.
			return strings.NewReplacer(">=", "", "<=", "").Replace(v.Normal)
		}
		return strings.ToLower(strings.Join(strings.Fields(v.Value), " "))
	}
	last := map[string]int{}
	count := map[string]int{}
	for i, v := range values {
		last[key(v)] = i
		count[key(v)]++
	}
	if len(count) < 2 {
		// The values differ only by a bound ("51", "more than 51"):
		// grouping would leave one.
		return values, nil
	}
	others = map[string]int{}
	for i, v := range values {
		if last[key(v)] == i {
			kept = append(kept, v)
			others[v.Source] = count[key(v)] - 1
		}
	}
	return kept, others
}

// withResolvedDate is a date value with the day it was resolved to when
// its words name none ("Today, 6 Feb", "Monday, 5 Feb"): weekdays and
// "yesterday" mean different days in reports published on different
// days, and the reader cannot tell which.
func withResolvedDate(v DifferenceValue) string {
	if strings.ContainsAny(v.Value, "0123456789") {
		return v.Value
	}
	t, err := time.Parse("2006-01-02", v.Normal)
	if err != nil {
		return v.Value
	}
	return v.Value + ", " + t.Format("2 Jan")
}

// spansYears reports whether the values' sources were published in
// different years, so their dates need the year.
func spansYears(values []DifferenceValue, arts map[string]corpus.Article) bool {
	year := -1
	for _, v := range values {
		if t, ok := publishedTime(arts[v.Source].Published); ok {
			if year >= 0 && t.Year() != year {
				return true
			}
			year = t.Year()
		}
	}
	return false
}

// noteDate is a published date as a note gives it: "9 Nov", with the
// year when withYear; "" when unknown.
func noteDate(published string, withYear bool) string {
	t, ok := publishedTime(published)
	if !ok {
		return ""
	}
	if withYear {
		return t.Format("2 Jan 2006")
	}
	return t.Format("2 Jan")
}

// String is the note as plain text: "Sources differ: 5 (Reuters, 9 Nov) ·
// at least 7 (BBC, 10 Nov)", "3 sources agree: 7".
func (n DifferenceNote) String() string {
	parts := make([]string, 0, len(n.Parts)+1)
	for i, p := range n.Parts {
		if n.More > 0 && i == len(n.Parts)-1 {
			parts = append(parts, fmt.Sprintf("%d more", n.More))
		}
		parts = append(parts, p.String())
	}
	return n.Lead + ": " + strings.Join(parts, " · ")
}

// String is one value as plain text: "5 (Reuters, 9 Nov)".
func (p NotePart) String() string {
	v := strings.Join(strings.Fields(p.Value), " ")
	if p.Who == "" {
		return v
	}
	return v + " (" + strings.Join(strings.Fields(p.Who), " ") + ")"
}
