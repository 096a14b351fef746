package eval

import (
	"testing"

	"storybot/corpus"
	"storybot/qa"
)

// The hand-built story every scorer test answers: three outlets on a death
// toll (a.json says five, b.json and c.json seven in two wordings) and a
// wire copy w.json of b.json.
var (
	diffFiles = map[string]string{"a": "a.json", "b": "b.json", "c": "c.json", "d": "d.json", "w": "w.json"}

	diffQ = DiffQuestion{ID: "d1", Story: "s", Question: "how many died?", Expect: "differ", Kind: "number", Updated: true,
		Values: []DiffValue{
			{File: "a.json", Value: "five", Answer: "5", Substring: "five people died"},
			{File: "b.json", Value: "at least seven", Answer: "7", Substring: "at least seven people were killed"},
			{File: "c.json", Value: "Seven", Answer: "7", Substring: "Seven people have died"},
		}}
	agreeQ = DiffQuestion{ID: "a1", Story: "s", Question: "what time did it happen", Expect: "agree", Kind: "time",
		Values: []DiffValue{
			{File: "a.json", Value: "6.10am", Substring: "happened at 6.10am"},
			{File: "c.json", Value: "about 6.10am", Substring: "at about 6.10am"},
		}}
)

func val(source, value, text string) qa.DifferenceValue {
	return qa.DifferenceValue{Value: value, Source: source, Text: text}
}

func TestScoreDifferencesJudgesEachDifference(t *testing.T) {
	five := val("a", "five", "On Monday five people died in the crash.")
	seven := val("b", "at least seven", "Police said at least seven people were killed.")
	tests := []struct {
		name    string
		q       DiffQuestion
		diff    qa.Difference
		sources []qa.SourceAnswer
		right   bool
		verdict string
	}{
		{"two gold sources with different answers", diffQ,
			qa.Difference{Kind: "number", Values: []qa.DifferenceValue{five, seven}}, nil, true, "found"},
		{"white space differs from gold", diffQ,
			qa.Difference{Kind: "number", Values: []qa.DifferenceValue{five, val("b", "at least seven", "Police said at least  seven\npeople were killed.")}}, nil, true, "found"},
		{"three values, one from a source without gold", diffQ,
			qa.Difference{Kind: "number", Values: []qa.DifferenceValue{five, val("d", "six", "Six died, a witness said."), seven}}, nil, true, "found"},
		{"wrong kind", diffQ,
			qa.Difference{Kind: "date", Values: []qa.DifferenceValue{five, seven}}, nil, false, "missed"},
		{"two wordings of one answer", diffQ,
			qa.Difference{Kind: "number", Values: []qa.DifferenceValue{seven, val("c", "Seven", "Seven people have died, the BBC says.")}}, nil, false, "missed"},
		{"only one value from a gold source", diffQ,
			qa.Difference{Kind: "number", Values: []qa.DifferenceValue{five, val("d", "six", "Six died, a witness said.")}}, nil, false, "missed"},
		{"gold source but another sentence", diffQ,
			qa.Difference{Kind: "number", Values: []qa.DifferenceValue{val("a", "5", "Five were taken to hospital."), seven}}, nil, false, "missed"},
		{"gold file cited through its wire copy", diffQ,
			qa.Difference{Kind: "number", Values: []qa.DifferenceValue{five, val("w", "at least seven", "Police said at least seven people were killed.")}},
			[]qa.SourceAnswer{{Source: corpus.Article{ID: "w"}, CarriedBy: []corpus.Article{{ID: "b"}}}}, true, "found"},
		{"gold file cited through a sentence it also carries", diffQ,
			qa.Difference{Kind: "number", Values: []qa.DifferenceValue{five, val("w", "at least seven", "Police said at least seven people were killed.")}},
			[]qa.SourceAnswer{{Source: corpus.Article{ID: "w"}, Sentences: []qa.Cited{{Text: "Police said at least seven people were killed.", AlsoIn: []string{"b"}}}}}, true, "found"},
		{"gold file cited as the report that a copy carries", diffQ,
			qa.Difference{Kind: "number", Values: []qa.DifferenceValue{five, val("w", "at least seven", "Police said at least seven people were killed.")}},
			[]qa.SourceAnswer{{Source: corpus.Article{ID: "b"}, CarriedBy: []corpus.Article{{ID: "d"}, {ID: "w"}}}}, true, "found"},
		{"a wire copy of another source does not count", diffQ,
			qa.Difference{Kind: "number", Values: []qa.DifferenceValue{five, val("w", "at least seven", "Police said at least seven people were killed.")}},
			[]qa.SourceAnswer{{Source: corpus.Article{ID: "w"}, CarriedBy: []corpus.Article{{ID: "d"}}}}, false, "missed"},
		{"any difference on an agree question", agreeQ,
			qa.Difference{Kind: "time", Values: []qa.DifferenceValue{val("a", "6.10am", "It happened at 6.10am."), val("c", "6am", "at about 6.10am, or 6am")}}, nil, false, "false-differ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ans := qa.Answer{Sources: tt.sources, Differences: []qa.Difference{tt.diff}}
			rep := ScoreDifferences([]DiffQuestion{tt.q}, []DiffAnswered{{Answer: ans, Files: diffFiles}})
			res := rep.Results[0]
			if len(res.Reported) != 1 || res.Reported[0].Right != tt.right || res.Verdict != tt.verdict {
				t.Fatalf("got %+v, want right %v, verdict %s", res, tt.right, tt.verdict)
			}
			wantRight := 0
			if tt.right {
				wantRight = 1
			}
			if rep.Reported != 1 || rep.Right != wantRight || rep.Precision != float64(wantRight) {
				t.Errorf("reported %d, right %d, precision %v; want 1, %d, %d", rep.Reported, rep.Right, rep.Precision, wantRight, wantRight)
			}
			if got := res.Reported[0].Values[0].File; got != diffFiles[tt.diff.Values[0].Source] {
				t.Errorf("first value's file %q, want the source's file", got)
			}
		})
	}
}

func TestScoreDifferencesAgreeVerdicts(t *testing.T) {
	tests := []struct {
		name    string
		ans     qa.Answer
		verdict string
	}{
		{"two reports agree", qa.Answer{Agree: 2}, "agree-right"},
		{"one report", qa.Answer{Agree: 1}, "agree-uncounted"},
		{"nothing comparable", qa.Answer{}, "agree-uncounted"},
		{"agree count beside a difference", qa.Answer{Agree: 3, Differences: []qa.Difference{{Kind: "time"}}}, "false-differ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := ScoreDifferences([]DiffQuestion{agreeQ}, []DiffAnswered{{Answer: tt.ans, Files: diffFiles}})
			if got := rep.Results[0].Verdict; got != tt.verdict {
				t.Errorf("verdict %s, want %s", got, tt.verdict)
			}
		})
	}
}

// TestScoreDifferencesFigures checks the set-wide and per-kind figures on
// a small run: two differ questions (one found with the right updated
// flag, one missed with a wrong difference) and three agree questions
// (one counted, one false differ, one uncounted).
func TestScoreDifferencesFigures(t *testing.T) {
	five := val("a", "five", "five people died")
	seven := val("b", "at least seven", "at least seven people were killed")
	qs := []DiffQuestion{diffQ, diffQ, agreeQ, agreeQ, agreeQ}
	answers := []DiffAnswered{
		{Answer: qa.Answer{Differences: []qa.Difference{{Kind: "number", Updated: true, Values: []qa.DifferenceValue{five, seven}}}}},
		{Answer: qa.Answer{Differences: []qa.Difference{{Kind: "number", Values: []qa.DifferenceValue{five, val("d", "6", "six")}}}}},
		{Answer: qa.Answer{Agree: 2}},
		{Answer: qa.Answer{Agree: 2, Differences: []qa.Difference{{Kind: "time"}}}},
		{Answer: qa.Answer{Agree: 1}},
	}
	for i := range answers {
		answers[i].Files = diffFiles
	}
	rep := ScoreDifferences(qs, answers)
	want := DiffScores{Questions: 5, DifferQuestions: 2, AgreeQuestions: 3, Reported: 3, Right: 1, Precision: 1.0 / 3,
		Found: 1, Recall: 0.5, UpdatedRight: 1, FalseDiffers: 1, FalseDifferRate: 1.0 / 3, AgreeCounted: 1, AgreeRight: 1.0 / 3}
	if rep.DiffScores != want {
		t.Errorf("scores\n got %+v\nwant %+v", rep.DiffScores, want)
	}
	if len(rep.ByKind) != 2 || rep.ByKind[0].Kind != "number" || rep.ByKind[1].Kind != "time" {
		t.Fatalf("by kind %+v, want number then time", rep.ByKind)
	}
	if k := rep.ByKind[0]; k.Questions != 2 || k.Recall != 0.5 || k.Precision != 0.5 || k.AgreeQuestions != 0 {
		t.Errorf("number: %+v", k)
	}
	if k := rep.ByKind[1]; k.Questions != 3 || k.FalseDifferRate != 1.0/3 || k.Precision != 0 || k.Reported != 1 {
		t.Errorf("time: %+v", k)
	}

	// A difference flagged the wrong way (a contradiction called an update)
	// still counts as found, but not as updated right.
	answers[0].Answer.Differences[0].Updated = false
	if rep := ScoreDifferences(qs, answers); rep.Found != 1 || rep.UpdatedRight != 0 {
		t.Errorf("found %d, updated right %v; want 1 and 0", rep.Found, rep.UpdatedRight)
	}
}

// TestScoreDifferencesNothingReported is the state before the finder: no
// difference and no agreement count anywhere scores zero on every figure
// but the false-differ rate, rather than dividing by zero.
func TestScoreDifferencesNothingReported(t *testing.T) {
	qs := []DiffQuestion{diffQ, agreeQ}
	rep := ScoreDifferences(qs, []DiffAnswered{{Files: diffFiles}, {Files: diffFiles}})
	want := DiffScores{Questions: 2, DifferQuestions: 1, AgreeQuestions: 1}
	if rep.DiffScores != want {
		t.Errorf("got %+v, want %+v", rep.DiffScores, want)
	}
	if rep.Results[0].Verdict != "missed" || rep.Results[1].Verdict != "agree-uncounted" {
		t.Errorf("verdicts %s, %s", rep.Results[0].Verdict, rep.Results[1].Verdict)
	}
}
