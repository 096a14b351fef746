package eval

import (
	"math"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestAveragePrecisionAndReciprocalRank(t *testing.T) {
	tests := []struct {
		name   string
		ranked []bool
		ap, rr float64
	}{
		{"empty", nil, 0, 0},
		{"none correct", []bool{false, false, false}, 0, 0},
		{"first correct", []bool{true, false, false}, 1, 1},
		{"second correct", []bool{false, true, false}, 0.5, 0.5},
		// Precision at the hits: 1/1 and 2/3 → mean 5/6.
		{"first and third", []bool{true, false, true}, 5.0 / 6, 1},
		// Precision at the hits: 1/2 and 2/4 → 1/2; first hit at rank 2.
		{"second and fourth", []bool{false, true, false, true}, 0.5, 0.5},
		// 1/3, 2/4, 3/5 → (20+30+36)/180 = 86/180.
		{"last three of five", []bool{false, false, true, true, true}, 86.0 / 180, 1.0 / 3},
		{"all correct", []bool{true, true}, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := AveragePrecision(tt.ranked); !near(got, tt.ap) {
				t.Errorf("AveragePrecision = %v, want %v", got, tt.ap)
			}
			if got := ReciprocalRank(tt.ranked); !near(got, tt.rr) {
				t.Errorf("ReciprocalRank = %v, want %v", got, tt.rr)
			}
		})
	}
}

func TestTriggering(t *testing.T) {
	type q struct{ hasAnswer, triggered, topCorrect bool }
	tests := []struct {
		name    string
		qs      []q
		p, r, f float64
	}{
		{"nothing", nil, 0, 0, 0},
		{"never triggers", []q{{true, false, false}, {false, false, false}}, 0, 0, 0},
		// 4 questions, 2 with answers; triggered on 3, correct on 1:
		// P = 1/3, R = 1/2, F1 = 2·(1/6)/(5/6) = 0.4.
		{"mixed", []q{{true, true, true}, {true, true, false}, {false, true, false}, {false, false, false}}, 1.0 / 3, 0.5, 0.4},
		// Triggering on a question without an answer only costs precision.
		{"perfect recall", []q{{true, true, true}, {false, true, false}}, 0.5, 1, 2.0 / 3},
		{"perfect", []q{{true, true, true}, {false, false, false}}, 1, 1, 1},
		// topCorrect without triggering cannot count.
		{"untriggered correct ignored", []q{{true, false, true}}, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tr Triggering
			for _, x := range tt.qs {
				tr.Add(x.hasAnswer, x.triggered, x.topCorrect)
			}
			if !near(tr.Precision(), tt.p) || !near(tr.Recall(), tt.r) || !near(tr.F1(), tt.f) {
				t.Errorf("P/R/F1 = %v/%v/%v, want %v/%v/%v", tr.Precision(), tr.Recall(), tr.F1(), tt.p, tt.r, tt.f)
			}
		})
	}
}

func TestMean(t *testing.T) {
	var m Mean
	if m.Value() != 0 {
		t.Errorf("empty mean = %v, want 0", m.Value())
	}
	m.Add(1)
	m.AddBool(false)
	m.AddBool(true)
	m.Add(0.5)
	if !near(m.Value(), 2.5/4) {
		t.Errorf("mean = %v, want %v", m.Value(), 2.5/4)
	}
}

func TestRankLabels(t *testing.T) {
	// A document of five sentences; the question's candidates are 1, 2,
	// 3 and 5 (4 is not in the file), and 2 and 5 are correct.
	label := []bool{false, true, false, false, true}
	inFile := []bool{true, true, true, false, true}
	tests := []struct {
		name  string
		order []int
		want  []bool
	}{
		{"nothing retrieved keeps reading order", nil, []bool{false, true, false, true}},
		{"retrieved first, rest in reading order", []int{5, 3}, []bool{true, false, false, true}},
		{"non-candidates and strays skipped", []int{4, 9, 0, 2, 2}, []bool{true, false, false, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := rankLabels(tt.order, label, inFile)
			if len(got) != len(tt.want) {
				t.Fatalf("rankLabels = %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("rankLabels = %v, want %v", got, tt.want)
				}
			}
		})
	}
}

func TestHoldsAnswer(t *testing.T) {
	s := squadSentence{text: "It opened in 1889 for the World's Fair.", start: 100, end: 139}
	tests := []struct {
		name string
		ans  []SQuADAnswer
		same bool
		want bool
	}{
		{"text inside", []SQuADAnswer{{Text: "1889", Start: 0}}, false, true},
		{"text case-insensitive", []SQuADAnswer{{Text: "world's fair", Start: 0}}, false, true},
		{"part of a word is not the answer", []SQuADAnswer{{Text: "188", Start: 0}}, false, false},
		{"absent text", []SQuADAnswer{{Text: "1900", Start: 0}}, false, false},
		{"span inside, same paragraph", []SQuADAnswer{{Text: "xxxx", Start: 110}}, true, true},
		{"span inside, other paragraph", []SQuADAnswer{{Text: "xxxx", Start: 110}}, false, false},
		{"span straddles the end", []SQuADAnswer{{Text: "xxxx", Start: 137}}, true, false},
		{"any of several answers", []SQuADAnswer{{Text: "1900", Start: 0}, {Text: "opened", Start: 0}}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := holdsAnswer(s, tt.ans, tt.same); got != tt.want {
				t.Errorf("holdsAnswer = %v, want %v", got, tt.want)
			}
		})
	}
}
