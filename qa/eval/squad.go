package eval

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// SQuADArticle is one Wikipedia article of SQuAD with its questions.
type SQuADArticle struct {
	Title      string           `json:"title"`
	Paragraphs []SQuADParagraph `json:"paragraphs"`
}

// SQuADParagraph is one paragraph and the questions asked about it.
type SQuADParagraph struct {
	Context   string          `json:"context"`
	Questions []SQuADQuestion `json:"qas"`
}

// SQuADQuestion is one question; Impossible ones (SQuAD 2.0) have no answer
// in the paragraph and the bot should abstain.
type SQuADQuestion struct {
	ID         string        `json:"id"`
	Question   string        `json:"question"`
	Answers    []SQuADAnswer `json:"answers"`
	Impossible bool          `json:"is_impossible"`
}

// SQuADAnswer is one gold answer: its text and where it starts in the
// paragraph, in characters (runes), as SQuAD counts them.
type SQuADAnswer struct {
	Text  string `json:"text"`
	Start int    `json:"answer_start"`
}

// ReadSQuAD loads a SQuAD 1.1 or 2.0 JSON file.
func ReadSQuAD(path string) ([]SQuADArticle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open squad: %w", err)
	}
	defer f.Close()
	arts, err := ParseSQuAD(f)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	return arts, nil
}

// ParseSQuAD reads SQuAD JSON ({"version", "data": [articles]}). It returns
// an error when the JSON is malformed, there are no articles, or an
// answerable question has no answer or an answer span outside its paragraph.
func ParseSQuAD(r io.Reader) ([]SQuADArticle, error) {
	var doc struct {
		Data []SQuADArticle `json:"data"`
	}
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return nil, fmt.Errorf("decode squad json: %w", err)
	}
	if len(doc.Data) == 0 {
		return nil, errors.New(`no articles: want {"data": [{"title", "paragraphs": [...]}]}`)
	}
	for ai, art := range doc.Data {
		for pi, p := range art.Paragraphs {
			n := len([]rune(p.Context))
			for _, q := range p.Questions {
				if !q.Impossible && len(q.Answers) == 0 {
					return nil, fmt.Errorf("article %d (%s) paragraph %d question %s: answerable but no answers; set is_impossible or add answers", ai, art.Title, pi, q.ID)
				}
				for _, ans := range q.Answers {
					if ans.Start < 0 || ans.Start+len([]rune(ans.Text)) > n {
						return nil, fmt.Errorf("article %d (%s) paragraph %d question %s: answer %q at %d falls outside the paragraph (%d characters)", ai, art.Title, pi, q.ID, ans.Text, ans.Start, n)
					}
				}
			}
		}
	}
	return doc.Data, nil
}
