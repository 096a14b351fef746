package qa

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"storybot/corpus"
)

// Comparison is what each source says about one topic, side by side, with
// the spans on which they differ.
type Comparison struct {
	// Topic is the phrase or question compared, as the user wrote it.
	Topic string
	// Story is the story compared from, when the index holds stories (see
	// Router); "" otherwise. RunnerUp is the story that fitted the topic
	// nearly as well, when one did.
	Story, RunnerUp string
	// Sources are the reports that mention the topic, oldest first (by
	// the date the report first appeared; undated ones last), each with
	// up to three of its sentences about it, best first; a report several
	// outlets carry is one source (CarriedBy, Agency). Empty when no
	// source mentions the topic.
	Sources []SourceAnswer
	// Differences are the spans (figures, dates, places, people) on which
	// the shown sentences disagree; Agree is how many reports agree, as in
	// Answer.
	Differences []Difference
	Agree       int
}

// Compare's relevance: a topic is not a question, so a source is shown
// when it mentions the topic, judged on its own, however much more another
// source says.
const (
	// compareMinCoverage is the share of the topic's IDF mass a sentence
	// must hold: for a one-word topic, the word or a near form of it; for
	// "the death toll", at least its rarer word.
	compareMinCoverage = 0.6
	// compareTypedCoverage is the share enough for a sentence holding the
	// kind of answer a question topic asks for ("How many died?" answered
	// by "Seven people were killed").
	compareTypedCoverage = 0.34
)

// Compare sets side by side what each source says about topic, a phrase
// ("the death toll") or a question: every report that mentions it, oldest
// first, with up to three sentences each and the spans on which they
// differ. No source mentioning it leaves Sources empty. Errors come only
// from the index (and the context), wrapped with what was being read.
func (e *Engine) Compare(ctx context.Context, topic string) (Comparison, error) {
	return consistent(ctx, e.Index, func() (Comparison, error) { return e.compare(ctx, topic) })
}

// compare is Compare from whatever the index reads meanwhile.
func (e *Engine) compare(ctx context.Context, topic string) (Comparison, error) {
	cmp := Comparison{Topic: topic}
	r, err := e.retrieve(ctx, topic, nil)
	if err != nil {
		return Comparison{}, fmt.Errorf("compare: %w", err)
	}
	sources, err := e.foldReports(ctx, chooseMentions(r))
	if err != nil {
		return Comparison{}, fmt.Errorf("compare: %w", err)
	}
	cmp.Sources = oldestFirst(sources)
	if len(cmp.Sources) > 0 {
		// The topic's words say what the figures must be about: "the
		// death toll" compares the toll, not "two more bodies".
		cmp.Differences, cmp.Agree, _ = findDifferences(r.q.want, questionFocus(&r.q), cmp.Sources)
	}
	e.logger().Debug("qa compare", "terms", r.q.terms, "reranked", len(r.ranked), "sources", len(cmp.Sources),
		"differences", len(cmp.Differences))
	return cmp, nil
}

// mentions reports whether c mentions the topic of r: enough of its words,
// or for a question topic fewer along with the kind of answer it asks for.
// Nothing does when the topic's focus word is in no sentence at all.
func (r *retrieval) mentions(c candidate) bool {
	if r.focusAbsent {
		return false
	}
	if c.coverage >= compareMinCoverage-1e-9 {
		return true
	}
	return r.q.want != wantNothing && c.typedNear && c.coverage >= compareTypedCoverage-1e-9
}

// chooseMentions groups the candidates that mention the topic by source,
// keeping each source's best one to three that do not repeat each other,
// and marks sentences other sources carry too. Sources come in the order
// of their best sentence.
func chooseMentions(r retrieval) []SourceAnswer {
	var out []SourceAnswer
	at := make(map[string]int) // article id → position in out
	sigs := make([]sentenceSig, len(r.ranked))
	for i, c := range r.ranked {
		sigs[i] = newSentenceSig(c.Text, c.toks)
	}
	chosen := make(map[string][]int) // article id → indexes into r.ranked
	for i, c := range r.ranked {
		if !r.mentions(c) {
			continue
		}
		k, ok := at[c.ArticleID]
		if !ok {
			art, known := r.articles[c.ArticleID]
			if !known {
				art = corpus.Article{ID: c.ArticleID}
			}
			k = len(out)
			at[c.ArticleID] = k
			out = append(out, SourceAnswer{Source: art})
		}
		if len(out[k].Sentences) == maxPerSource {
			continue
		}
		// A source repeating itself adds nothing to the comparison.
		if slices.ContainsFunc(chosen[c.ArticleID], func(j int) bool {
			return nearDuplicate(sigs[j].quote, sigs[i].quote) || sameSentence(sigs[j], sigs[i])
		}) {
			continue
		}
		chosen[c.ArticleID] = append(chosen[c.ArticleID], i)
		cited := Cited{Text: c.Text, Paragraph: c.Paragraph, Sentence: c.Index, Score: c.score}
		for j, other := range r.ranked {
			if other.ArticleID != c.ArticleID && !slices.Contains(cited.AlsoIn, other.ArticleID) && sameSentence(sigs[i], sigs[j]) {
				cited.AlsoIn = append(cited.AlsoIn, other.ArticleID)
			}
		}
		slices.Sort(cited.AlsoIn)
		out[k].Sentences = append(out[k].Sentences, cited)
	}
	return out
}

// Dated reports whether at least two of c's reports have a date, so that
// their order says which came first.
func (c Comparison) Dated() bool {
	n := 0
	for _, s := range c.Sources {
		if _, ok := reportTime(s); ok {
			n++
		}
	}
	return n >= 2
}

// oldestFirst orders reports by when they first appeared, undated ones
// last, keeping the given order among equals.
func oldestFirst(sources []SourceAnswer) []SourceAnswer {
	slices.SortStableFunc(sources, func(a, b SourceAnswer) int {
		ta, oka := reportTime(a)
		tb, okb := reportTime(b)
		switch {
		case oka && okb:
			return ta.Compare(tb)
		case oka:
			return -1
		case okb:
			return 1
		}
		return 0
	})
	return sources
}

// Compare is Engine.Compare over the story the topic fits best (as Ask
// routes a question), naming it and a close runner-up; when the best story
// has nothing on the topic but the runner-up has, the runner-up's sources
// are compared. With one story or none it is Engine.Compare. Errors come
// from the index.
func (r *Router) Compare(ctx context.Context, topic string) (Comparison, error) {
	return consistent(ctx, r.Engine.Index, func() (Comparison, error) { return r.compare(ctx, topic) })
}

func (r *Router) compare(ctx context.Context, topic string) (Comparison, error) {
	stories, err := r.List(ctx)
	if err != nil {
		return Comparison{}, fmt.Errorf("compare: %w", err)
	}
	if len(stories) <= 1 {
		cmp, err := r.Engine.compare(ctx, topic)
		if err == nil && len(stories) == 1 {
			cmp.Story = stories[0].Name
		}
		return cmp, err
	}
	rt, err := r.Route(ctx, topic)
	if err != nil {
		return Comparison{}, fmt.Errorf("compare: %w", err)
	}
	if len(rt.Scores) == 0 {
		return Comparison{Topic: topic}, nil
	}
	cmp, err := r.storyEngine(rt.Story).compare(ctx, topic)
	if err != nil {
		return Comparison{}, fmt.Errorf("compare story %q: %w", rt.Story, err)
	}
	cmp.Story, cmp.RunnerUp = rt.Story, rt.RunnerUp
	if len(cmp.Sources) == 0 && rt.RunnerUp != "" {
		alt, err := r.storyEngine(rt.RunnerUp).compare(ctx, topic)
		if err != nil {
			return Comparison{}, fmt.Errorf("compare story %q: %w", rt.RunnerUp, err)
		}
		if len(alt.Sources) > 0 {
			alt.Story, alt.RunnerUp = rt.RunnerUp, rt.Story
			return alt, nil
		}
	}
	return cmp, nil
}

// CompareStory is Engine.Compare over the named story alone (see Resolve).
// It returns an error wrapping ErrUnknownStory when no story has that name,
// and errors from the index.
func (r *Router) CompareStory(ctx context.Context, story, topic string) (Comparison, error) {
	return consistent(ctx, r.Engine.Index, func() (Comparison, error) {
		s, err := r.Resolve(ctx, story)
		if err != nil {
			return Comparison{}, err
		}
		cmp, err := r.storyEngine(s.Name).compare(ctx, topic)
		if err != nil {
			return Comparison{}, fmt.Errorf("compare story %q: %w", s.Name, err)
		}
		cmp.Story = s.Name
		return cmp, nil
	})
}

// Mark is a span of a passage's Text on which the sources differ, as byte
// offsets.
type Mark struct{ Start, End int }

// MarkedPassage is a passage with the spans to mark in it.
type MarkedPassage struct {
	Passage
	// Marks are in order and do not overlap; none is empty or starts or
	// ends with a space.
	Marks []Mark
}

// MarkedPassages is Passages of src's sentences with the spans of diffs
// that src (or an outlet carrying its report) says marked in them, found
// by position or, for a carrier's, by the sentence's text. A value whose
// sentence src does not cite, or whose offsets do not fit its text, marks
// nothing.
func MarkedPassages(src SourceAnswer, diffs []Difference) []MarkedPassage {
	ids := map[string]bool{src.Source.ID: true}
	for _, a := range src.CarriedBy {
		ids[a.ID] = true
	}
	type key struct{ p, s int }
	spans := map[key][]Mark{}
	text := map[key]string{}
	for _, c := range src.Sentences {
		text[key{c.Paragraph, c.Sentence}] = c.Text
	}
	for _, d := range diffs {
		for _, v := range d.Values {
			if !ids[v.Source] {
				continue
			}
			k := key{v.Paragraph, v.Sentence}
			if text[k] != v.Text {
				// A carrier numbers its paragraphs its own way; the cited
				// positions are the report's first article's.
				k = key{-1, -1}
				for _, c := range src.Sentences {
					if c.Text == v.Text {
						k = key{c.Paragraph, c.Sentence}
						break
					}
				}
			}
			t, ok := text[k]
			if !ok || v.Start < 0 || v.End > len(t) || v.Start >= v.End {
				continue
			}
			if m, ok := trimMark(t, Mark{v.Start, v.End}); ok {
				spans[k] = append(spans[k], m)
			}
		}
	}
	var out []MarkedPassage
	for _, p := range Passages(src.Sentences) {
		mp := MarkedPassage{Passage: p}
		// A passage is its sentences joined by one space, in order.
		off := 0
		for s := p.Sentence; s <= p.Last; s++ {
			k := key{p.Paragraph, s}
			for _, m := range spans[k] {
				mp.Marks = append(mp.Marks, Mark{off + m.Start, off + m.End})
			}
			off += len(text[k]) + 1
		}
		mp.Marks = mergeMarks(mp.Marks)
		out = append(out, mp)
	}
	return out
}

// trimMark narrows m to leave out spaces at its ends, which would keep
// markdown from rendering it; ok is false when nothing is left or m does
// not fall on UTF-8 boundaries.
func trimMark(text string, m Mark) (Mark, bool) {
	span := text[m.Start:m.End]
	trimmed := strings.TrimLeft(span, " \t\n")
	m.Start += len(span) - len(trimmed)
	m.End = m.Start + len(strings.TrimRight(trimmed, " \t\n"))
	if m.Start >= m.End || !boundary(text, m.Start) || !boundary(text, m.End) {
		return Mark{}, false
	}
	return m, true
}

// boundary reports whether i is where a UTF-8 sequence starts (or the end).
func boundary(s string, i int) bool {
	return i == len(s) || i < len(s) && (s[i]&0xC0) != 0x80
}

// mergeMarks sorts marks and joins those that overlap or touch.
func mergeMarks(ms []Mark) []Mark {
	slices.SortFunc(ms, func(a, b Mark) int { return a.Start - b.Start })
	var out []Mark
	for _, m := range ms {
		if n := len(out); n > 0 && m.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, m.End)
			continue
		}
		out = append(out, m)
	}
	return out
}

// WithMarks returns text with each mark wrapped in open and close, what
// lies outside and inside the marks passed through escape (nil keeps it
// as it is).
func WithMarks(text string, marks []Mark, open, close string, escape func(string) string) string {
	if escape == nil {
		escape = func(s string) string { return s }
	}
	var b strings.Builder
	at := 0
	for _, m := range marks {
		if m.Start < at || m.End > len(text) {
			continue
		}
		b.WriteString(escape(text[at:m.Start]))
		b.WriteString(open)
		b.WriteString(escape(text[m.Start:m.End]))
		b.WriteString(close)
		at = m.End
	}
	b.WriteString(escape(text[at:]))
	return b.String()
}

// Answer is c as an answer to its topic, so a comparison's notes are
// worded as an answer's (DifferenceNotes).
func (c Comparison) Answer() Answer {
	return Answer{Question: c.Topic, Sources: c.Sources, Story: c.Story, RunnerUp: c.RunnerUp,
		Differences: c.Differences, Agree: c.Agree}
}

// AgreeNote says how many reports agree when they do and nothing differs;
// "" otherwise.
func AgreeNote(c Comparison) string {
	if len(c.Differences) > 0 || c.Agree < 2 {
		return ""
	}
	return fmt.Sprintf("%d reports agree.", c.Agree)
}

func oneSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
