package eval

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseWikiQASample(t *testing.T) {
	qs, err := ReadWikiQA(filepath.Join("testdata", "wikiqa-sample.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 4 {
		t.Fatalf("%d questions, want 4", len(qs))
	}
	q := qs[0]
	if q.ID != "Q1" || q.DocumentID != "D1" || q.DocumentTitle != "Eiffel Tower" || len(q.Candidates) != 3 {
		t.Errorf("first question = %+v", q)
	}
	if q.Candidates[1].ID != "D1-1" || !q.Candidates[1].Correct || q.Candidates[0].Correct {
		t.Errorf("labels of Q1 = %+v", q.Candidates)
	}
	// Quotes are text, not CSV quoting.
	if qs[2].Question != `what is a "lattice" in maths` {
		t.Errorf("Q3 question = %q", qs[2].Question)
	}
	var answered int
	for _, q := range qs {
		if q.HasAnswer() {
			answered++
		}
	}
	if answered != 3 || qs[3].HasAnswer() {
		t.Errorf("%d questions with an answer (Q4 %v), want 3 (Q4 none)", answered, qs[3].HasAnswer())
	}
}

func TestParseWikiQAErrors(t *testing.T) {
	header := strings.Join(wikiQAHeader, "\t") + "\n"
	row := func(cols ...string) string { return strings.Join(cols, "\t") + "\n" }
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "empty file"},
		{"no header", row("Q1", "q", "D1", "t", "D1-0", "s", "0"), "line 1: want the header"},
		{"short row", header + "Q1\tq\tD1\n", "line 2: 3 tab-separated columns"},
		{"bad label", header + row("Q1", "q", "D1", "t", "D1-0", "s", "yes"), `line 2: label "yes"`},
		{"empty id", header + row("", "q", "D1", "t", "D1-0", "s", "0"), "line 2: empty QuestionID"},
		{"two documents", header + row("Q1", "q", "D1", "t", "D1-0", "s", "0") + row("Q1", "q", "D2", "t", "D2-0", "s", "0"), "line 3: question Q1 has candidates from two documents"},
		{"not contiguous", header + row("Q1", "q", "D1", "t", "D1-0", "s", "0") + row("Q2", "q", "D1", "t", "D1-0", "s", "0") + row("Q1", "q", "D1", "t", "D1-1", "s", "0"), "line 4: rows of question Q1 are not contiguous"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseWikiQA(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
	if _, err := ReadWikiQA(filepath.Join(t.TempDir(), "missing.tsv")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: err = %v, want ErrNotExist", err)
	}
}

func TestParseWikiQAWindowsLineEnds(t *testing.T) {
	in := strings.Join(wikiQAHeader, "\t") + "\r\nQ1\tq\tD1\tt\tD1-0\ts\t1\r\n"
	qs, err := ParseWikiQA(strings.NewReader(in))
	if err != nil || len(qs) != 1 || !qs[0].Candidates[0].Correct {
		t.Fatalf("got %+v, %v", qs, err)
	}
}

func FuzzParseWikiQA(f *testing.F) {
	sample, err := os.ReadFile(filepath.Join("testdata", "wikiqa-sample.tsv"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(sample))
	f.Add(strings.Join(wikiQAHeader, "\t") + "\nQ1\t\"q\tD1\tt\tD1-0\t\"\t1\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		qs, err := ParseWikiQA(strings.NewReader(in))
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, q := range qs {
			if q.ID == "" || q.DocumentID == "" || len(q.Candidates) == 0 {
				t.Fatalf("incomplete question %+v", q)
			}
			if seen[q.ID] {
				t.Fatalf("question %s twice", q.ID)
			}
			seen[q.ID] = true
			for _, c := range q.Candidates {
				if c.ID == "" || strings.ContainsAny(c.Text, "\t\n") {
					t.Fatalf("bad candidate %+v", c)
				}
			}
		}
		// Whatever loads must be usable by the runner without panicking.
		if _, _, err := wikiQADocs(qs); err != nil && !strings.Contains(err.Error(), "sentence") {
			t.Fatalf("wikiQADocs: %v", err)
		}
	})
}

func TestParseSQuADSample(t *testing.T) {
	arts, err := ReadSQuAD(filepath.Join("testdata", "squad-sample.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 2 || arts[0].Title != "Eiffel_Tower" || len(arts[0].Paragraphs) != 2 {
		t.Fatalf("articles = %+v", arts)
	}
	q := arts[0].Paragraphs[0].Questions[1]
	if q.ID != "e2" || q.Impossible || len(q.Answers) != 2 || q.Answers[0].Text != "1889" {
		t.Errorf("question e2 = %+v", q)
	}
	// Offsets count characters: the em dash before "more" must not shift
	// the answer after it.
	for _, art := range arts {
		for _, p := range art.Paragraphs {
			ctx := []rune(p.Context)
			for _, q := range p.Questions {
				for _, a := range q.Answers {
					if got := string(ctx[a.Start : a.Start+len([]rune(a.Text))]); got != a.Text {
						t.Errorf("%s: span gives %q, want %q", q.ID, got, a.Text)
					}
				}
			}
		}
	}
	if !arts[1].Paragraphs[0].Questions[1].Impossible {
		t.Errorf("l2 should be unanswerable")
	}
}

func TestParseSQuADErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"not json", "{", "decode squad json"},
		{"no data", `{"version": "v2.0"}`, "no articles"},
		{"answerable without answers", `{"data": [{"title": "T", "paragraphs": [{"context": "abc", "qas": [{"id": "x", "question": "q", "answers": []}]}]}]}`, "question x: answerable but no answers"},
		{"span outside", `{"data": [{"title": "T", "paragraphs": [{"context": "abc", "qas": [{"id": "x", "question": "q", "answers": [{"text": "bcd", "answer_start": 1}]}]}]}]}`, `answer "bcd" at 1 falls outside`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSQuAD(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestParseGolden(t *testing.T) {
	in := `{"questions": [
	  {"question": "Who?", "expect": {"a.txt": "A said so.", "b.txt": null}},
	  {"question": "Capital of Peru?", "not_found": true}
	]}`
	qs, err := ParseGolden(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 2 || *qs[0].Expect["a.txt"] != "A said so." || qs[0].Expect["b.txt"] != nil || !qs[1].NotFound {
		t.Errorf("parsed %+v", qs)
	}
	dev, err := ParseGolden(strings.NewReader(`{"about": "a dev set", "questions": [
	  {"question": "Who?", "corpus": "s", "kinds": ["who"], "split": "test", "gold": {"a.txt": ["A said"], "b.txt": null}}]}`))
	if err != nil || len(dev) != 1 || !dev[0].HasGold() || dev[0].Gold["a.txt"][0] != "A said" || dev[0].Gold["b.txt"] != nil ||
		dev[0].Corpus != "s" || dev[0].Split != "test" || len(dev[0].Kinds) != 1 || qs[0].HasGold() {
		t.Errorf("dev set: %+v, %v", dev, err)
	}
	bare, err := ParseGolden(strings.NewReader(`[{"question": "Who?", "not_found": true}]`))
	if err != nil || len(bare) != 1 {
		t.Errorf("bare array: %v, %v", bare, err)
	}
	for _, bad := range []struct{ in, want string }{
		{`{"questions": []}`, "no questions"},
		{`{"questions": [{"question": " ", "not_found": true}]}`, "question 1: empty question"},
		{`{"questions": [{"question": "Who?"}]}`, `give "expect"`},
		{`{"questions": [{"question": "Who?", "expected": {"a.txt": "x"}}]}`, "unknown field"},
		{`{"questions": [{"question": "Who?", "not_found": true, "expect": {"a.txt": "x"}}]}`, "not_found but expects"},
		{`{"questions": [{"question": "Who?", "not_found": true, "gold": {"a.txt": ["x"]}}]}`, "not_found but has gold"},
		{`{"questions": [{"question": "Who?", "gold": {"a.txt": ["x"]}, "expect": {"a.txt": "x"}}]}`, "not both"},
		{`{"questions": [{"question": "Who?", "gold": {"a.txt": ["x"]}, "split": "dev"}]}`, `split "dev"`},
		{`{"questions": [{"question": "Who?", "gold": {"a.txt": [" "]}}]}`, "empty gold substring"},
	} {
		if _, err := ParseGolden(strings.NewReader(bad.in)); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%s: err = %v, want %q", bad.in, err, bad.want)
		}
	}
}

func TestSameSentence(t *testing.T) {
	if !SameSentence("A  said\nso.", " A said so. ") || SameSentence("A said so.", "A said so!") {
		t.Error("SameSentence should ignore white space only")
	}
}

// FuzzParseGolden checks that whatever ParseGolden accepts is what
// RunGolden and RunDevSet rely on: a question text, and expect, gold or
// not_found; gold only with a train, test or no split; no gold under
// not_found.
func FuzzParseGolden(f *testing.F) {
	// The dev set itself is too large a seed to mutate usefully; its
	// shape is in the small seeds below.
	b, err := os.ReadFile(filepath.Join("..", "testdata", "golden.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(b))
	f.Add(`[{"question": "Q?", "gold": {"a.txt": ["x"], "b.txt": null}, "split": "train"}]`)
	f.Add(`{"questions": [{"question": "Q?", "not_found": true, "gold": {"a.txt": []}}]}`)
	f.Fuzz(func(t *testing.T, in string) {
		qs, err := ParseGolden(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, q := range qs {
			if strings.TrimSpace(q.Question) == "" || (!q.NotFound && len(q.Expect) == 0 && !q.HasGold()) {
				t.Fatalf("incomplete question %+v", q)
			}
			if q.Split != "" && q.Split != "train" && q.Split != "test" {
				t.Fatalf("split %q", q.Split)
			}
			for _, g := range q.Gold {
				if q.NotFound && len(g) > 0 {
					t.Fatalf("not_found with gold %+v", q)
				}
			}
		}
	})
}
