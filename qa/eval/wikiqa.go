package eval

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// WikiQAQuestion is one WikiQA question with its candidate sentences, all
// taken from one Wikipedia summary.
type WikiQAQuestion struct {
	ID            string
	Question      string
	DocumentID    string
	DocumentTitle string
	// Candidates are the document's sentences in the file's order, which is
	// the document's reading order.
	Candidates []WikiQACandidate
}

// WikiQACandidate is one candidate answer sentence.
type WikiQACandidate struct {
	ID      string // "D0-3"
	Text    string
	Correct bool
}

// HasAnswer reports whether at least one candidate is labelled correct; only
// those questions count for MAP and MRR.
func (q WikiQAQuestion) HasAnswer() bool {
	for _, c := range q.Candidates {
		if c.Correct {
			return true
		}
	}
	return false
}

var wikiQAHeader = []string{"QuestionID", "Question", "DocumentID", "DocumentTitle", "SentenceID", "Sentence", "Label"}

// ReadWikiQA loads a WikiQA TSV file (WikiQA-test.tsv). Errors name the file
// and line to fix.
func ReadWikiQA(path string) ([]WikiQAQuestion, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open wikiqa: %w", err)
	}
	defer f.Close()
	qs, err := ParseWikiQA(f)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	return qs, nil
}

// ParseWikiQA reads WikiQA's tab-separated format: a header line, then one
// candidate sentence per line with the columns QuestionID, Question,
// DocumentID, DocumentTitle, SentenceID, Sentence, Label (0 or 1). Rows of
// one question must be contiguous. Quotes are literal text, not CSV quoting.
// It returns an error naming the line when a row is malformed.
func ParseWikiQA(r io.Reader) ([]WikiQAQuestion, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	var (
		out  []WikiQAQuestion
		seen = map[string]bool{}
		line int
	)
	for sc.Scan() {
		line++
		text := strings.TrimSuffix(sc.Text(), "\r")
		if line == 1 {
			if text != strings.Join(wikiQAHeader, "\t") {
				return nil, fmt.Errorf("line 1: want the header %q", strings.Join(wikiQAHeader, " TAB "))
			}
			continue
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) != len(wikiQAHeader) {
			return nil, fmt.Errorf("line %d: %d tab-separated columns, want %d", line, len(cols), len(wikiQAHeader))
		}
		var correct bool
		switch cols[6] {
		case "0":
		case "1":
			correct = true
		default:
			return nil, fmt.Errorf("line %d: label %q, want 0 or 1", line, cols[6])
		}
		for i, name := range []string{"QuestionID", "DocumentID", "SentenceID"} {
			if cols[[]int{0, 2, 4}[i]] == "" {
				return nil, fmt.Errorf("line %d: empty %s", line, name)
			}
		}
		cand := WikiQACandidate{ID: cols[4], Text: cols[5], Correct: correct}
		if n := len(out); n > 0 && out[n-1].ID == cols[0] {
			q := &out[n-1]
			if q.DocumentID != cols[2] {
				return nil, fmt.Errorf("line %d: question %s has candidates from two documents (%s, %s)", line, cols[0], q.DocumentID, cols[2])
			}
			q.Candidates = append(q.Candidates, cand)
			continue
		}
		if seen[cols[0]] {
			return nil, fmt.Errorf("line %d: rows of question %s are not contiguous", line, cols[0])
		}
		seen[cols[0]] = true
		out = append(out, WikiQAQuestion{ID: cols[0], Question: cols[1], DocumentID: cols[2],
			DocumentTitle: cols[3], Candidates: []WikiQACandidate{cand}})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", line+1, err)
	}
	if line == 0 {
		return nil, errors.New("empty file: want a WikiQA TSV with a header line")
	}
	return out, nil
}
