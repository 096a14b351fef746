package eval

import (
	"context"
	"fmt"
	"slices"
	"time"

	"storybot/qa"
)

// Targets issue 16 sets for the difference finder on the hand-judged set.
const (
	DiffTargetPrecision   = 0.90
	DiffTargetRecall      = 0.70
	DiffTargetFalseDiffer = 0.05
)

// DiffScores are the difference finder's scores over some questions of a
// differences set (all of them, or those of one kind).
//
// A reported difference (one entry of Answer.Differences) is right when
// its question is in the differ half, its Kind is the question's kind, and
// at least two of its values come from sources the question's gold names
// (the value's source, or a report carrying the same text, is the gold
// value's file), cite a sentence holding that gold value's substring, and
// give different answers in gold (their answer labels differ). A
// difference reported on an agree question is never right.
type DiffScores struct {
	Questions       int `json:"questions"`
	DifferQuestions int `json:"differ_questions"`
	AgreeQuestions  int `json:"agree_questions"`
	// Reported counts the differences reported over all the questions,
	// Right those of them that are right.
	Reported int `json:"reported"`
	Right    int `json:"right"`
	// Precision is Right / Reported: the share of reported differences
	// that are right; 0 when nothing was reported.
	Precision float64 `json:"precision"`
	// Found counts the differ questions with at least one right difference
	// reported; Recall is Found / DifferQuestions.
	Found  int     `json:"found"`
	Recall float64 `json:"recall"`
	// UpdatedRight is the share of found questions where a right
	// difference's Updated flag says what the gold's does (a revision, or
	// outlets disagreeing); 0 when none was found.
	UpdatedRight float64 `json:"updated_right"`
	// FalseDiffers counts the agree questions with any difference
	// reported; FalseDifferRate is FalseDiffers / AgreeQuestions.
	FalseDiffers    int     `json:"false_differs"`
	FalseDifferRate float64 `json:"false_differ_rate"`
	// AgreeCounted counts the agree questions answered with Agree >= 2 and
	// no difference; AgreeRight is AgreeCounted / AgreeQuestions.
	AgreeCounted int     `json:"agree_counted"`
	AgreeRight   float64 `json:"agree_right"`
}

// DiffKindReport is the scores of the questions of one kind of answer.
type DiffKindReport struct {
	Kind string `json:"kind"`
	DiffScores
}

// DiffReported is one reported difference as the scorer judged it.
type DiffReported struct {
	Kind    string              `json:"kind"`
	Updated bool                `json:"updated"`
	Right   bool                `json:"right"`
	Values  []DiffReportedValue `json:"values"`
}

// DiffReportedValue is one value of a reported difference: the span, the
// file of the source that says it, and the sentence cited.
type DiffReportedValue struct {
	Value string `json:"value"`
	File  string `json:"file"`
	Text  string `json:"text"`
}

// DiffResult is one question's outcome.
type DiffResult struct {
	ID       string `json:"id"`
	Story    string `json:"story"`
	Question string `json:"question"`
	Expect   string `json:"expect"`
	Kind     string `json:"kind"`
	Updated  bool   `json:"updated"`
	// Verdict is "found" or "missed" for a differ question, "agree-right",
	// "false-differ" or "agree-uncounted" (no difference, Agree below 2)
	// for an agree question.
	Verdict  string         `json:"verdict"`
	Reported []DiffReported `json:"reported"`
	Agree    int            `json:"agree"`
}

// DiffReport is a run over a differences set.
type DiffReport struct {
	Stories int `json:"stories"`
	DiffScores
	// ByKind has one entry per kind of answer, in DiffKinds order, for the
	// kinds the set asks about.
	ByKind  []DiffKindReport `json:"by_kind"`
	Results []DiffResult     `json:"results"`
	// Seconds is the run's wall time, stories' loading included.
	Seconds float64 `json:"seconds"`
}

// DiffAnswered is the bot's answer to one question of a differences set,
// with the article files its source ids stand for.
type DiffAnswered struct {
	Answer qa.Answer
	// Files maps every article id of the question's story to its file.
	Files map[string]string
}

// RunDifferences asks each question of a differences set of the engine
// for its story and scores the differences and agreement the answers
// report (see DiffScores). engineFor returns the engine for a question's
// Story; it is called once per story. Errors come from engineFor, from
// the engines, and from a gold value naming a file its story's index does
// not hold (a file that failed to load would silently turn its gold into
// misses).
func RunDifferences(ctx context.Context, qs []DiffQuestion, engineFor func(story string) (*qa.Engine, error), progress func(done, total int)) (DiffReport, error) {
	start := time.Now()
	type loaded struct {
		eng     *qa.Engine
		files   map[string]string // id → file
		indexed map[string]bool   // file → true
	}
	engines := map[string]loaded{}
	answered := make([]DiffAnswered, 0, len(qs))
	for i, q := range qs {
		if err := ctx.Err(); err != nil {
			return DiffReport{}, err
		}
		l, ok := engines[q.Story]
		if !ok {
			eng, err := engineFor(q.Story)
			if err != nil {
				return DiffReport{}, err
			}
			arts, err := eng.Index.Articles(ctx)
			if err != nil {
				return DiffReport{}, fmt.Errorf("%s: list articles: %w", q.Story, err)
			}
			l = loaded{eng: eng, files: make(map[string]string, len(arts)), indexed: make(map[string]bool, len(arts))}
			for _, a := range arts {
				l.files[a.ID] = a.File
				l.indexed[a.File] = true
			}
			engines[q.Story] = l
		}
		for _, v := range q.Values {
			if !l.indexed[v.File] {
				return DiffReport{}, fmt.Errorf("question %s: file %s is not indexed in %s", q.ID, v.File, q.Story)
			}
		}
		ans, err := l.eng.Ask(ctx, q.Question)
		if err != nil {
			return DiffReport{}, fmt.Errorf("question %s (%q): %w", q.ID, q.Question, err)
		}
		answered = append(answered, DiffAnswered{Answer: ans, Files: l.files})
		if progress != nil {
			progress(i+1, len(qs))
		}
	}
	rep := ScoreDifferences(qs, answered)
	rep.Stories = len(engines)
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}

// ScoreDifferences scores the answers to a differences set's questions,
// answers[i] answering qs[i]; see DiffScores for what counts as right.
// It panics if the two lengths differ.
func ScoreDifferences(qs []DiffQuestion, answers []DiffAnswered) DiffReport {
	if len(qs) != len(answers) {
		panic(fmt.Sprintf("eval: %d questions but %d answers", len(qs), len(answers)))
	}
	all := &diffTally{}
	kinds := map[string]*diffTally{}
	rep := DiffReport{Results: make([]DiffResult, 0, len(qs))}
	for i, q := range qs {
		res := scoreDiffQuestion(q, answers[i])
		rep.Results = append(rep.Results, res)
		if kinds[q.Kind] == nil {
			kinds[q.Kind] = &diffTally{}
		}
		all.add(q, res)
		kinds[q.Kind].add(q, res)
	}
	rep.DiffScores = all.scores()
	rep.ByKind = []DiffKindReport{}
	for _, k := range DiffKinds {
		if t := kinds[k]; t != nil {
			rep.ByKind = append(rep.ByKind, DiffKindReport{Kind: k, DiffScores: t.scores()})
		}
	}
	return rep
}

// scoreDiffQuestion judges every difference one answer reports and gives
// the question its verdict.
func scoreDiffQuestion(q DiffQuestion, a DiffAnswered) DiffResult {
	res := DiffResult{ID: q.ID, Story: q.Story, Question: q.Question, Expect: q.Expect, Kind: q.Kind,
		Updated: q.Updated, Reported: []DiffReported{}, Agree: a.Answer.Agree}
	carriers := sameReport(a.Answer)
	found := false
	for _, d := range a.Answer.Differences {
		right := q.Differ() && d.Kind == q.Kind && differsInGold(q, d, func(id string) []string {
			files := []string{a.Files[id]}
			for _, c := range carriers[id] {
				files = append(files, a.Files[c])
			}
			return files
		})
		got := DiffReported{Kind: d.Kind, Updated: d.Updated, Right: right, Values: []DiffReportedValue{}}
		for _, v := range d.Values {
			got.Values = append(got.Values, DiffReportedValue{Value: v.Value, File: a.Files[v.Source], Text: v.Text})
		}
		res.Reported = append(res.Reported, got)
		found = found || right
	}
	switch {
	case q.Differ() && found:
		res.Verdict = "found"
	case q.Differ():
		res.Verdict = "missed"
	case len(a.Answer.Differences) > 0:
		res.Verdict = "false-differ"
	case a.Answer.Agree >= 2:
		res.Verdict = "agree-right"
	default:
		res.Verdict = "agree-uncounted"
	}
	return res
}

// differsInGold reports whether at least two values of d match gold values
// of q (same file, sentence holding the substring) whose answers differ.
// filesOf gives the files a source id stands for: its own, then those of
// the reports that carry the same text.
func differsInGold(q DiffQuestion, d qa.Difference, filesOf func(id string) []string) bool {
	answers := make([][]string, len(d.Values)) // per value, the gold answers it matches
	for i, v := range d.Values {
		files := filesOf(v.Source)
		for _, g := range q.Values {
			if slices.Contains(files, g.File) && HoldsGold(v.Text, []string{g.Substring}) {
				answers[i] = append(answers[i], g.Answer)
			}
		}
	}
	for i := range answers {
		for j := i + 1; j < len(answers); j++ {
			for _, x := range answers[i] {
				for _, y := range answers[j] {
					if x != y {
						return true
					}
				}
			}
		}
	}
	return false
}

// sameReport maps each article id of the answer to the ids of the
// articles it says carry the same report (every member of a report to the
// others) or the same cited sentence, so a value cited from one copy
// still matches gold written against another.
func sameReport(ans qa.Answer) map[string][]string {
	m := map[string][]string{}
	for _, src := range ans.Sources {
		report := []string{src.Source.ID}
		for _, c := range src.CarriedBy {
			report = append(report, c.ID)
		}
		for _, id := range report {
			for _, other := range report {
				if other != id {
					m[id] = append(m[id], other)
				}
			}
		}
		for _, s := range src.Sentences {
			m[src.Source.ID] = append(m[src.Source.ID], s.AlsoIn...)
		}
	}
	return m
}

type diffTally struct {
	questions, differ, agree   int
	reported, right            int
	found, updatedRight        int
	falseDiffers, agreeCounted int
}

func (t *diffTally) add(q DiffQuestion, res DiffResult) {
	t.questions++
	t.reported += len(res.Reported)
	for _, r := range res.Reported {
		if r.Right {
			t.right++
		}
	}
	if q.Differ() {
		t.differ++
		if res.Verdict == "found" {
			t.found++
			if slices.ContainsFunc(res.Reported, func(r DiffReported) bool { return r.Right && r.Updated == q.Updated }) {
				t.updatedRight++
			}
		}
		return
	}
	t.agree++
	switch res.Verdict {
	case "false-differ":
		t.falseDiffers++
	case "agree-right":
		t.agreeCounted++
	}
}

func (t *diffTally) scores() DiffScores {
	return DiffScores{
		Questions: t.questions, DifferQuestions: t.differ, AgreeQuestions: t.agree,
		Reported: t.reported, Right: t.right, Precision: ratio(t.right, t.reported),
		Found: t.found, Recall: ratio(t.found, t.differ), UpdatedRight: ratio(t.updatedRight, t.found),
		FalseDiffers: t.falseDiffers, FalseDifferRate: ratio(t.falseDiffers, t.agree),
		AgreeCounted: t.agreeCounted, AgreeRight: ratio(t.agreeCounted, t.agree),
	}
}
