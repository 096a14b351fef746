// Package eval measures how well the bot answers, on public benchmarks
// (WikiQA, SQuAD 2.0) and on the project's own golden questions. Every run
// scores the bot's own ranking (qa.Engine) and a plain BM25 baseline over
// the same sentences, so each gain can be read as a ratio.
package eval

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"storybot/corpus"
	"storybot/qa"
)

// Options configures a run.
type Options struct {
	// Analyzer indexes the benchmark's sentences and analyses questions;
	// nil means corpus.NewAnalyzer().
	Analyzer *corpus.Analyzer
	// Engine carries the tuning (Candidates, Rerank, MinCoverage, Language)
	// of the engine under test; its Index is replaced for each corpus.
	Engine qa.Engine
	// Split selects the questions (WikiQA) or articles (SQuAD) scored.
	Split Split
	// PerDocument indexes each WikiQA document on its own, so IDF comes
	// from its few sentences only. The default is what the bot does in
	// production: one index holding every document, each question ranked
	// within its own document.
	PerDocument bool
	// Progress, when set, is told after each question.
	Progress func(done, total int)
}

func (o Options) analyzer() *corpus.Analyzer {
	if o.Analyzer != nil {
		return o.Analyzer
	}
	return corpus.NewAnalyzer()
}

func (o Options) engine(idx qa.Index, an *corpus.Analyzer) *qa.Engine {
	e := o.Engine
	e.Index, e.QuoteIndex, e.Analyzer = idx, nil, an
	// A benchmark's unanswerable questions reuse its paragraphs' words, so
	// it keeps the threshold calibrated on them, not a story's.
	e.Abstention = qa.AbstainBenchmark
	return &e
}

func (o Options) progress(done, total int) {
	if o.Progress != nil {
		o.Progress(done, total)
	}
}

// baselineDepth is how many hits the baseline ranks; more than any
// benchmark document or article holds matching sentences.
const baselineDepth = 1000

// WikiQAScores are one system's scores on WikiQA.
type WikiQAScores struct {
	// MAP, MRR and Top1 (precision at 1) are over questions with at least
	// one correct sentence.
	MAP  float64 `json:"map"`
	MRR  float64 `json:"mrr"`
	Top1 float64 `json:"top1"`
	// Answer triggering, over all questions: a question is triggered when
	// the system cites a sentence, correct when that sentence is labelled
	// correct. The bot cites when a sentence passes its relevance
	// threshold; the baseline whenever any sentence matches a term.
	TriggerPrecision float64 `json:"trigger_precision"`
	TriggerRecall    float64 `json:"trigger_recall"`
	TriggerF1        float64 `json:"trigger_f1"`
	Triggered        int     `json:"triggered"`
}

// WikiQAReport is a WikiQA run: the bot's scores, with the baseline's.
type WikiQAReport struct {
	WikiQAScores
	Baseline   WikiQAScores `json:"baseline"`
	Questions  int          `json:"questions"`
	WithAnswer int          `json:"with_answer"`
	Documents  int          `json:"documents"`
	Sentences  int          `json:"sentences"`
	Split      string       `json:"split"`
	// Index is "shared" (one index, every document) or "per-document".
	Index string `json:"index"`
	// Seconds is the run's wall time, indexing included.
	Seconds float64 `json:"seconds"`
}

// wikiQADocs turns the questions' candidates into one article per
// document, sentences in SentenceID order, and says where each candidate
// lands: its sentence index within its document.
func wikiQADocs(qs []WikiQAQuestion) ([]corpus.Article, map[string]map[string]int, error) {
	type doc struct {
		title string
		sents map[int]string
	}
	docs := map[string]*doc{}
	var order []string
	for _, q := range qs {
		d := docs[q.DocumentID]
		if d == nil {
			d = &doc{title: q.DocumentTitle, sents: map[int]string{}}
			docs[q.DocumentID] = d
			order = append(order, q.DocumentID)
		}
		for _, c := range q.Candidates {
			n, err := sentenceNumber(q.DocumentID, c.ID)
			if err != nil {
				return nil, nil, fmt.Errorf("question %s: %w", q.ID, err)
			}
			if old, ok := d.sents[n]; ok && old != c.Text {
				return nil, nil, fmt.Errorf("question %s: sentence %s differs from another question's copy", q.ID, c.ID)
			}
			d.sents[n] = c.Text
		}
	}
	position := map[string]map[string]int{}
	var arts []corpus.Article
	for _, id := range order {
		d := docs[id]
		art := corpus.Article{ID: id, File: id + ".txt", Title: d.title, Language: "en"}
		pos := map[string]int{}
		// SentenceIDs may skip numbers when a file holds only some of a
		// document's sentences, so order by number, not by count.
		nums := make([]int, 0, len(d.sents))
		for n := range d.sents {
			nums = append(nums, n)
		}
		sortInts(nums)
		for i, n := range nums {
			art.Sentences = append(art.Sentences, corpus.Sentence{Paragraph: 1, Index: i + 1, Text: d.sents[n]})
			pos[id+"-"+strconv.Itoa(n)] = i + 1
		}
		position[id] = pos
		arts = append(arts, art)
	}
	return arts, position, nil
}

// sentenceNumber reads n from a WikiQA SentenceID "D12-n".
func sentenceNumber(docID, sentID string) (int, error) {
	rest, ok := strings.CutPrefix(sentID, docID+"-")
	n, err := strconv.Atoi(rest)
	if !ok || err != nil || n < 0 {
		return 0, fmt.Errorf("sentence id %q: want %s-N", sentID, docID)
	}
	return n, nil
}

func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// RunWikiQA ranks each question's candidates with the bot and the
// baseline and scores both. Errors come from the data (inconsistent
// sentence ids) or the context.
func RunWikiQA(ctx context.Context, qs []WikiQAQuestion, opt Options) (WikiQAReport, error) {
	start := time.Now()
	an := opt.analyzer()
	arts, position, err := wikiQADocs(qs)
	if err != nil {
		return WikiQAReport{}, err
	}
	rep := WikiQAReport{Split: opt.Split.String(), Index: "shared", Documents: len(arts)}
	if opt.PerDocument {
		rep.Index = "per-document"
	}
	for _, a := range arts {
		rep.Sentences += len(a.Sentences)
	}
	var shared *MemIndex
	perDoc := map[string]*MemIndex{}
	if opt.PerDocument {
		for _, a := range arts {
			perDoc[a.ID] = NewMemIndex(an, []corpus.Article{a})
		}
	} else {
		shared = NewMemIndex(an, arts)
	}

	var bot, base wikiQATally
	var selected []WikiQAQuestion
	for _, q := range qs {
		if opt.Split.Contains(q.ID) {
			selected = append(selected, q)
		}
	}
	for i, q := range selected {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		idx, keep := shared, (func(uint32) bool)(nil)
		if opt.PerDocument {
			idx = perDoc[q.DocumentID]
		} else {
			keep = idSet(shared.ArticleSentences(q.DocumentID))
		}
		eng := opt.engine(idx, an)
		// label[i] is whether the document's sentence i+1 is correct for q.
		label, inFile := candidateLabels(q, position[q.DocumentID])

		ranked, err := eng.RankWhere(ctx, q.Question, 0, keep)
		if err != nil {
			return rep, fmt.Errorf("question %s: %w", q.ID, err)
		}
		order := make([]int, 0, len(ranked))
		cited := -1
		for _, r := range ranked {
			order = append(order, r.Index)
			if r.Relevant && cited < 0 {
				cited = r.Index
			}
		}
		bot.add(q.HasAnswer(), rankLabels(order, label, inFile), cited, label)

		hits, err := eng.BaselineWhere(ctx, q.Question, baselineDepth, keep)
		if err != nil {
			return rep, fmt.Errorf("question %s: baseline: %w", q.ID, err)
		}
		order = order[:0]
		for _, h := range hits {
			order = append(order, h.Index)
		}
		cited = -1
		if len(order) > 0 {
			cited = order[0]
		}
		base.add(q.HasAnswer(), rankLabels(order, label, inFile), cited, label)
		opt.progress(i+1, len(selected))
	}
	rep.Questions, rep.WithAnswer = bot.trig.Questions, bot.trig.WithAnswer
	rep.WikiQAScores, rep.Baseline = bot.scores(), base.scores()
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}

// candidateLabels returns, for each sentence of q's document in reading
// order, whether it is labelled correct for q and whether the file lists it
// as a candidate at all. position maps "DOC-N" sentence ids to positions.
func candidateLabels(q WikiQAQuestion, position map[string]int) (label, inFile []bool) {
	label = make([]bool, len(position))
	inFile = make([]bool, len(label))
	for _, c := range q.Candidates {
		n, _ := sentenceNumber(q.DocumentID, c.ID)
		p := position[q.DocumentID+"-"+strconv.Itoa(n)]
		label[p-1] = c.Correct
		inFile[p-1] = true
	}
	return label, inFile
}

func idSet(ids []uint32) func(uint32) bool {
	set := make(map[uint32]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	return func(id uint32) bool { return set[id] }
}

// rankLabels lists the question's candidates' labels in ranked order: the
// retrieved sentences (1-based positions in order) first, then the ones
// no query term reached, in reading order — the order a stable sort by
// score leaves them in. Sentences of the document that are not the
// question's candidates are skipped.
func rankLabels(order []int, label, inFile []bool) []bool {
	seen := make([]bool, len(label))
	out := make([]bool, 0, len(label))
	for _, p := range order {
		if p < 1 || p > len(label) || seen[p-1] {
			continue
		}
		seen[p-1] = true
		if inFile[p-1] {
			out = append(out, label[p-1])
		}
	}
	for i := range label {
		if !seen[i] && inFile[i] {
			out = append(out, label[i])
		}
	}
	return out
}

type wikiQATally struct {
	ap, rr, p1 Mean
	trig       Triggering
}

// add records one question: its candidates' labels in ranked order and
// the position cited (-1 for none).
func (t *wikiQATally) add(hasAnswer bool, ranked []bool, cited int, label []bool) {
	if hasAnswer {
		t.ap.Add(AveragePrecision(ranked))
		t.rr.Add(ReciprocalRank(ranked))
		t.p1.AddBool(len(ranked) > 0 && ranked[0])
	}
	t.trig.Add(hasAnswer, cited > 0, cited > 0 && cited <= len(label) && label[cited-1])
}

func (t wikiQATally) scores() WikiQAScores {
	return WikiQAScores{MAP: t.ap.Value(), MRR: t.rr.Value(), Top1: t.p1.Value(),
		TriggerPrecision: t.trig.Precision(), TriggerRecall: t.trig.Recall(), TriggerF1: t.trig.F1(),
		Triggered: t.trig.Triggered}
}

// SQuADScores are one system's scores on SQuAD 2.0.
type SQuADScores struct {
	// Top1 is the share of answerable questions whose best-ranked sentence
	// holds a gold answer; MRR ranks the first such sentence.
	Top1 float64 `json:"top1"`
	MRR  float64 `json:"mrr"`
	// CitedCorrect is the share of answerable questions where the system
	// cites a sentence and the first one it cites holds a gold answer.
	CitedCorrect float64 `json:"cited_correct"`
	// AbstainUnanswerable is how often the system cites nothing when the
	// article does not answer; AbstainAnswerable how often it wrongly does
	// so when it does.
	AbstainUnanswerable float64 `json:"abstain_unanswerable"`
	AbstainAnswerable   float64 `json:"abstain_answerable"`
	// Accuracy counts a question right when an answerable one is
	// CitedCorrect and an unanswerable one abstained.
	Accuracy float64 `json:"accuracy"`
}

// SQuADReport is a SQuAD run: the bot's scores, with the baseline's.
type SQuADReport struct {
	SQuADScores
	Baseline     SQuADScores `json:"baseline"`
	Articles     int         `json:"articles"`
	Answerable   int         `json:"answerable"`
	Unanswerable int         `json:"unanswerable"`
	Sentences    int         `json:"sentences"`
	Split        string      `json:"split"`
	// Seconds is the run's wall time, indexing included.
	Seconds float64 `json:"seconds"`
}

// squadSentence is where one sentence of a SQuAD paragraph sits, in runes.
type squadSentence struct {
	text       string
	start, end int
}

// squadCorpus turns an article into one corpus article, its paragraphs
// split into sentences by the bot's own splitter, and records each
// sentence's span in its paragraph.
func squadCorpus(art SQuADArticle) (corpus.Article, [][]squadSentence) {
	a := corpus.Article{ID: art.Title, File: art.Title + ".txt", Title: art.Title, Language: "en"}
	spans := make([][]squadSentence, len(art.Paragraphs))
	for pi, p := range art.Paragraphs {
		from := 0
		for si, s := range corpus.Split(p.Context) {
			at := strings.Index(p.Context[from:], s)
			if at < 0 {
				// Split promises verbatim substrings; without one the span
				// is unknown and only the text test applies.
				spans[pi] = append(spans[pi], squadSentence{text: s, start: -1, end: -1})
			} else {
				start := utf8.RuneCountInString(p.Context[:from+at])
				spans[pi] = append(spans[pi], squadSentence{text: s, start: start, end: start + utf8.RuneCountInString(s)})
				from += at + len(s)
			}
			a.Sentences = append(a.Sentences, corpus.Sentence{Paragraph: pi + 1, Index: si + 1, Text: s})
		}
	}
	return a, spans
}

// holdsAnswer reports whether a sentence holds one of the gold answers:
// its text, or its character span inside the sentence's.
func holdsAnswer(s squadSentence, answers []SQuADAnswer, sameParagraph bool) bool {
	low := strings.ToLower(s.text)
	for _, ans := range answers {
		t := strings.TrimSpace(ans.Text)
		if t != "" && containsWord(low, strings.ToLower(t)) {
			return true
		}
		if sameParagraph && s.start >= 0 && ans.Start >= s.start && ans.Start+utf8.RuneCountInString(ans.Text) <= s.end {
			return true
		}
	}
	return false
}

// RunSQuAD indexes each article as one corpus and asks it its questions,
// scoring the bot and the baseline. Errors come from the context.
func RunSQuAD(ctx context.Context, arts []SQuADArticle, opt Options) (SQuADReport, error) {
	start := time.Now()
	an := opt.analyzer()
	rep := SQuADReport{Split: opt.Split.String()}
	var selected []SQuADArticle
	total := 0
	titles := make([]string, len(arts))
	for i, art := range arts {
		titles[i] = art.Title
	}
	in := opt.Split.Select(titles)
	for i, art := range arts {
		if in[i] {
			selected = append(selected, art)
			for _, p := range art.Paragraphs {
				total += len(p.Questions)
			}
		}
	}
	var bot, base squadTally
	done := 0
	for _, art := range selected {
		doc, spans := squadCorpus(art)
		rep.Articles++
		rep.Sentences += len(doc.Sentences)
		idx := NewMemIndex(an, []corpus.Article{doc})
		eng := opt.engine(idx, an)
		// at finds a ranked sentence's span; ok is false for a sentence
		// the index does not know.
		at := func(paragraph, index int) (squadSentence, int, bool) {
			pi := paragraph - 1
			if pi < 0 || pi >= len(spans) || index < 1 || index > len(spans[pi]) {
				return squadSentence{}, 0, false
			}
			return spans[pi][index-1], pi, true
		}
		for pi, p := range art.Paragraphs {
			for _, q := range p.Questions {
				if err := ctx.Err(); err != nil {
					return rep, err
				}
				answers := q.Answers
				correct := func(paragraph, index int) bool {
					s, spi, ok := at(paragraph, index)
					return ok && !q.Impossible && holdsAnswer(s, answers, spi == pi)
				}

				ranked, err := eng.Rank(ctx, q.Question, 0)
				if err != nil {
					return rep, fmt.Errorf("%s question %s: %w", art.Title, q.ID, err)
				}
				var labels []bool
				cited := false
				citedOK := false
				for _, r := range ranked {
					ok := correct(r.Paragraph, r.Index)
					labels = append(labels, ok)
					if r.Relevant && !cited {
						cited, citedOK = true, ok
					}
				}
				bot.add(q.Impossible, labels, cited, citedOK)

				hits, err := eng.Baseline(ctx, q.Question, baselineDepth)
				if err != nil {
					return rep, fmt.Errorf("%s question %s: baseline: %w", art.Title, q.ID, err)
				}
				labels = labels[:0]
				for _, h := range hits {
					labels = append(labels, correct(h.Paragraph, h.Index))
				}
				base.add(q.Impossible, labels, len(hits) > 0, len(labels) > 0 && labels[0])
				done++
				opt.progress(done, total)
			}
		}
	}
	rep.Answerable, rep.Unanswerable = bot.top1.N, bot.abstainNo.N
	rep.SQuADScores, rep.Baseline = bot.scores(), base.scores()
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}

// containsWord reports whether needle occurs in s on word boundaries, so
// the answer "10" is not found in "100".
func containsWord(s, needle string) bool {
	for from := 0; ; {
		i := strings.Index(s[from:], needle)
		if i < 0 {
			return false
		}
		i += from
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+len(needle):])
		if !isWordRune(before) && !isWordRune(after) {
			return true
		}
		from = i + 1
	}
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

type squadTally struct {
	top1, rr, cited, abstainYes, abstainNo, accuracy Mean
}

// add records one question: whether it is unanswerable, the labels of the
// ranked sentences, and whether the system cited one and was right.
func (t *squadTally) add(impossible bool, ranked []bool, cited, citedOK bool) {
	if impossible {
		t.abstainNo.AddBool(!cited)
		t.accuracy.AddBool(!cited)
		return
	}
	t.top1.AddBool(len(ranked) > 0 && ranked[0])
	t.rr.Add(ReciprocalRank(ranked))
	t.cited.AddBool(cited && citedOK)
	t.abstainYes.AddBool(!cited)
	t.accuracy.AddBool(cited && citedOK)
}

func (t squadTally) scores() SQuADScores {
	return SQuADScores{Top1: t.top1.Value(), MRR: t.rr.Value(), CitedCorrect: t.cited.Value(),
		AbstainUnanswerable: t.abstainNo.Value(), AbstainAnswerable: t.abstainYes.Value(),
		Accuracy: t.accuracy.Value()}
}
