package qa

import (
	"reflect"
	"testing"

	"storybot/corpus"
)

func TestShortDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2025-05-03", "3 May 2025"},
		{"2017-12-26T23:30:00-05:00", "26 Dec 2017"}, // the source's own day, not UTC's
		{"", ""},
		{"  last Tuesday ", "last Tuesday"},
		{"a date written out at such length that nobody could read it whole", "a date written out at such length that…"},
	}
	for _, tt := range tests {
		if got := ShortDate(tt.in); got != tt.want {
			t.Errorf("ShortDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAsksForLatest(t *testing.T) {
	tests := []struct {
		q    string
		want bool
	}{
		{"Is the boy alive?", true},
		{"What is the latest on the fire?", true},
		{"What is the final death toll?", true},
		{"How many died?", true},
		{"Is he still in hospital?", true},
		{"¿Sigue vivo el niño?", true},
		{"Quel est le bilan ?", true},
		{"What did Sheinbaum say about sovereignty?", false},
		{"How much was the electric bill?", false},
		{"Who owns the weekend house?", false}, // "end" inside a word is no cue
	}
	for _, tt := range tests {
		if got := AsksForLatest(tt.q); got != tt.want {
			t.Errorf("AsksForLatest(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
}

func TestReadingOrder(t *testing.T) {
	src := func(id, published string, carried ...corpus.Article) SourceAnswer {
		return SourceAnswer{Source: corpus.Article{ID: id, Published: published}, CarriedBy: carried}
	}
	sources := []SourceAnswer{
		src("hope", "2025-05-01"),
		src("undated", ""),
		src("found", "2025-05-03T08:00:00Z"),
		// A wire copy run later counts from its first appearance.
		src("wire", "2025-05-04", corpus.Article{ID: "wire2", Published: "2025-05-02"}),
	}
	ids := func(ss []SourceAnswer) []string {
		var out []string
		for _, s := range ss {
			out = append(out, s.Source.ID)
		}
		return out
	}
	tests := []struct {
		q    string
		want []string
	}{
		{"Is the boy alive?", []string{"found", "wire", "hope", "undated"}},
		{"Who saw the boy?", []string{"hope", "undated", "found", "wire"}},
	}
	for _, tt := range tests {
		ans := Answer{Question: tt.q, Sources: sources}
		if got := ids(ReadingOrder(ans)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: order %v, want %v", tt.q, got, tt.want)
		}
		if ans.Sources[0].Source.ID != "hope" {
			t.Fatalf("ReadingOrder changed the answer")
		}
	}
}

func TestSourceLabels(t *testing.T) {
	ans := Answer{Sources: []SourceAnswer{
		{Source: corpus.Article{ID: "dm1", Outlet: "dailymail.co.uk", Title: "Woman stunned to find electric bill listed as $284 billion"}},
		{Source: corpus.Article{ID: "dm2", Outlet: "dailymail.co.uk", Title: "Power company corrects the bill"},
			CarriedBy: []corpus.Article{{ID: "npr", Outlet: "npr.org"}}},
		{Source: corpus.Article{ID: "a", Title: "Same", Published: "2025-05-03"}},
		{Source: corpus.Article{ID: "b", Title: "Same", Published: "2025-05-04"}},
		{Source: corpus.Article{ID: "f1", File: "f1.txt"}},
	}}
	want := map[string]string{
		"dm1": "dailymail.co.uk, “Woman stunned to find electric bill listed as $284 billion”",
		"dm2": "dailymail.co.uk, “Power company corrects the bill”",
		"npr": "npr.org",
		"a":   "Same, 3 May 2025",
		"b":   "Same, 4 May 2025",
		"f1":  "Untitled article (f1.txt)",
	}
	if got := SourceLabels(ans); !reflect.DeepEqual(got, want) {
		t.Errorf("SourceLabels = %v\nwant %v", got, want)
	}
}

func TestPassages(t *testing.T) {
	open := Cited{Text: "She added: “Sovereignty is not for sale.", Paragraph: 4, Sentence: 1, AlsoIn: []string{"lt"}}
	closing := Cited{Text: "Sovereignty is loved and defended.”", Paragraph: 4, Sentence: 2}
	other := Cited{Text: "Trump proposed troops.", Paragraph: 2, Sentence: 1}
	whole := Passage{Text: "She added: “Sovereignty is not for sale. Sovereignty is loved and defended.”", Paragraph: 4, Sentence: 1, Last: 2, AlsoIn: []string{"lt"}}
	tests := []struct {
		name string
		in   []Cited
		want []Passage
	}{
		{"cut quotation joined", []Cited{open, closing}, []Passage{whole}},
		{"closing part ranked first", []Cited{closing, other, open}, []Passage{whole, {Text: other.Text, Paragraph: 2, Sentence: 1, Last: 1}}},
		{"only the opening part cited", []Cited{open}, []Passage{{Text: open.Text, Paragraph: 4, Sentence: 1, Last: 1, AlsoIn: []string{"lt"}}}},
		{"closed quotation not joined", []Cited{{Text: "“No,” she said.", Paragraph: 1, Sentence: 1}, {Text: "Then she left.", Paragraph: 1, Sentence: 2}},
			[]Passage{{Text: "“No,” she said.", Paragraph: 1, Sentence: 1, Last: 1}, {Text: "Then she left.", Paragraph: 1, Sentence: 2, Last: 2}}},
		{"straight quotes", []Cited{{Text: `He said: "We will win.`, Paragraph: 3, Sentence: 4}, {Text: `We always do."`, Paragraph: 3, Sentence: 5}},
			[]Passage{{Text: `He said: "We will win. We always do."`, Paragraph: 3, Sentence: 4, Last: 5}}},
		{"not the next sentence", []Cited{open, {Text: closing.Text, Paragraph: 4, Sentence: 3}},
			[]Passage{{Text: open.Text, Paragraph: 4, Sentence: 1, Last: 1, AlsoIn: []string{"lt"}}, {Text: closing.Text, Paragraph: 4, Sentence: 3, Last: 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Passages(tt.in)
			for i := range got {
				if len(got[i].AlsoIn) == 0 {
					got[i].AlsoIn = nil
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Passages =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestSourceAnswerNameAgencyCopy(t *testing.T) {
	ap := corpus.Article{ID: "ap", Outlet: "AP"}
	nyt := corpus.Article{ID: "nyt", Outlet: "nytimes.com"}
	wapo := corpus.Article{ID: "wapo", Outlet: "washingtonpost.com"}
	tests := []struct {
		s    SourceAnswer
		want string
	}{
		{SourceAnswer{Source: ap, CarriedBy: []corpus.Article{nyt}, Agency: "AP"}, "AP, via nytimes.com"},
		{SourceAnswer{Source: nyt, CarriedBy: []corpus.Article{wapo}, Agency: "AP"}, "AP, via nytimes.com, washingtonpost.com"},
		{SourceAnswer{Source: ap, CarriedBy: []corpus.Article{{ID: "ap2", Outlet: "ap"}}, Agency: "AP"}, "AP"},
		{SourceAnswer{Source: nyt, CarriedBy: []corpus.Article{wapo}}, "nytimes.com, washingtonpost.com"},
		{SourceAnswer{Source: nyt}, "nytimes.com"},
	}
	for _, tt := range tests {
		if got := tt.s.Name(); got != tt.want {
			t.Errorf("Name() = %q, want %q", got, tt.want)
		}
	}
}

func TestDifferenceNotesGroupSameValue(t *testing.T) {
	src := func(id, outlet, day string) SourceAnswer {
		return SourceAnswer{Source: corpus.Article{ID: id, Outlet: outlet, Published: "2025-11-" + day}}
	}
	ans := Answer{Sources: []SourceAnswer{src("a", "A", "09"), src("b", "B", "09"), src("c", "C", "10"), src("d", "D", "11")}}
	tests := []struct {
		name   string
		values []DifferenceValue
		want   string
	}{
		{"each value once, by its newest report, which ends the note",
			[]DifferenceValue{{Value: "seven", Normal: "7", Source: "a"}, {Value: "five", Normal: "5", Source: "b"},
				{Value: "at least seven", Normal: ">=7", Source: "c"}},
			"Sources differ: five (B, 9 Nov) · at least seven (C, 10 Nov, and 1 more)"},
		{"distinct values keep their order",
			[]DifferenceValue{{Value: "5", Normal: "5", Source: "a"}, {Value: "7", Normal: "7", Source: "c"}, {Value: "8", Normal: "8", Source: "d"}},
			"Sources differ: 5 (A, 9 Nov) · 7 (C, 10 Nov) · 8 (D, 11 Nov)"},
		{"values that differ only by a bound are not merged into one",
			[]DifferenceValue{{Value: "51", Normal: "51", Source: "a"}, {Value: "more than 51", Normal: ">=51", Source: "c"}},
			"Sources differ: 51 (A, 9 Nov) · more than 51 (C, 10 Nov)"},
		{"without Normal the wording is the key",
			[]DifferenceValue{{Value: "Thursday", Source: "a"}, {Value: "Wednesday", Source: "b"}, {Value: "thursday", Source: "d"}},
			"Sources differ: Wednesday (B, 9 Nov) · thursday (D, 11 Nov, and 1 more)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := ans
			a.Differences = []Difference{{Kind: "number", Values: tt.values}}
			notes := DifferenceNotes(a)
			if len(notes) != 1 || notes[0].String() != tt.want {
				t.Errorf("DifferenceNotes = %q, want %q", notes, tt.want)
			}
		})
	}
}

func TestWithResolvedDate(t *testing.T) {
	tests := []struct {
		value DifferenceValue
		want  string
	}{
		{DifferenceValue{Value: "Monday", Normal: "2018-02-05"}, "Monday, 5 Feb"},
		{DifferenceValue{Value: "yesterday", Normal: "2018-02-05"}, "yesterday, 5 Feb"},
		{DifferenceValue{Value: "Feb. 5", Normal: "2018-02-05"}, "Feb. 5"},         // the words name the day
		{DifferenceValue{Value: "in March", Normal: "2018-03"}, "in March"},        // no day to add
		{DifferenceValue{Value: "on Thursday", Normal: "Thursday"}, "on Thursday"}, // unresolved
	}
	for _, tt := range tests {
		if got := withResolvedDate(tt.value); got != tt.want {
			t.Errorf("withResolvedDate(%q, %q) = %q, want %q", tt.value.Value, tt.value.Normal, got, tt.want)
		}
	}
}
