package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"storybot/corpus"
)

// DiffKinds are the answer types a differences question may carry, the
// kinds of qa.Difference.
var DiffKinds = []string{"number", "amount", "date", "time", "place", "person"}

// DiffQuestion is one question of the hand-judged differences set (issue
// 16, qa/testdata/differences.json):
//
//	{"id": "d001", "story": "differences/las_vegas",
//	 "question": "how many people died in vegas?",
//	 "expect": "differ", "kind": "number", "updated": true,
//	 "values": [{"file": "f2c5….json", "value": "at least 50", "answer": "50",
//	             "substring": "A gunman killed at least 50 people"}, …]}
//
// Expect is "differ" when the sources really give different answers and
// "agree" when those that answer give the same one. Values are the
// sources' answers as judged by hand: each names its article file, the
// value as that source words it, and an exact substring of the sentence
// holding it; in a differ question, Answer labels which answer it is.
type DiffQuestion struct {
	ID       string `json:"id"`
	Story    string `json:"story"`
	Question string `json:"question"`
	Expect   string `json:"expect"`
	Kind     string `json:"kind"`
	// Updated says the disagreement is a later report revising an earlier
	// one rather than outlets disagreeing at the same time.
	Updated bool        `json:"updated"`
	Values  []DiffValue `json:"values"`
}

// DiffValue is one source's answer to a differences question.
type DiffValue struct {
	File  string `json:"file"`
	Value string `json:"value"`
	// Answer is equal for the values of a differ question that give the
	// same answer in different words ("59", "at least 59") and differs
	// for answers that really differ; empty in an agree question, whose
	// values all give one answer.
	Answer    string `json:"answer,omitempty"`
	Substring string `json:"substring"`
}

// Differ reports whether q is in the differ half of the set.
func (q DiffQuestion) Differ() bool { return q.Expect == "differ" }

// ReadDifferences loads a differences set: an object with "about" and
// "questions". It returns an error when the file cannot be read or
// decoded (unknown fields included, so a misspelt key is caught), when it
// holds no question, and when a question is malformed: no id, story or
// question, a repeated id, an expect other than differ or agree, a kind
// outside DiffKinds, a value without file, value or substring, fewer than
// two values, a differ question with a value lacking an answer label or
// with fewer than two different answers, or an agree question marked
// updated or labelling answers.
func ReadDifferences(path string) ([]DiffQuestion, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("open differences set: %w", err)
	}
	var doc struct {
		About     string         `json:"about"`
		Questions []DiffQuestion `json:"questions"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	if len(doc.Questions) == 0 {
		return nil, fmt.Errorf("load %s: %w", path, errors.New("no questions"))
	}
	seen := map[string]bool{}
	for i, q := range doc.Questions {
		if err := q.check(); err != nil {
			return nil, fmt.Errorf("load %s: question %d (%s): %w", path, i+1, q.ID, err)
		}
		if seen[q.ID] {
			return nil, fmt.Errorf("load %s: question %d: id %s repeated", path, i+1, q.ID)
		}
		seen[q.ID] = true
	}
	return doc.Questions, nil
}

func (q DiffQuestion) check() error {
	switch {
	case q.ID == "" || q.Story == "" || q.Question == "":
		return errors.New("want id, story and question")
	case q.Expect != "differ" && q.Expect != "agree":
		return fmt.Errorf("expect %q, want differ or agree", q.Expect)
	case !slices.Contains(DiffKinds, q.Kind):
		return fmt.Errorf("kind %q, want one of %v", q.Kind, DiffKinds)
	case len(q.Values) < 2:
		return fmt.Errorf("%d values, want at least two sources", len(q.Values))
	case q.Updated && !q.Differ():
		return errors.New("an agree question cannot be updated")
	}
	answers := map[string]bool{}
	for _, v := range q.Values {
		if v.File == "" || v.Value == "" || v.Substring == "" {
			return errors.New("a value wants file, value and substring")
		}
		switch {
		case q.Differ() && v.Answer == "":
			return fmt.Errorf("value %q: a differ question labels each value's answer", v.Value)
		case !q.Differ() && v.Answer != "":
			return fmt.Errorf("value %q: an agree question has one answer and labels none", v.Value)
		}
		answers[v.Answer] = true
	}
	if q.Differ() && len(answers) < 2 {
		return errors.New("a differ question wants at least two different answers")
	}
	return nil
}

// LoadStory reads and parses the article files of a story folder as the
// store's reload does: a file that does not parse (an article with no body
// left after cleaning, say) is skipped and named in failed rather than
// failing the story, since a differences story is a whole news-clusters
// event copied unchanged. It returns an error when the folder cannot be
// read or holds no article that parses.
func LoadStory(dir string) (arts []corpus.Article, failed []string, err error) {
	files, _, err := corpus.ReadFiles(os.DirFS(dir))
	if err != nil {
		return nil, nil, fmt.Errorf("load %s: %w", dir, err)
	}
	for _, f := range files {
		a, err := corpus.Parse(f)
		if err != nil {
			failed = append(failed, f.Name)
			continue
		}
		arts = append(arts, a)
	}
	if len(arts) == 0 {
		return nil, failed, fmt.Errorf("load %s: no article parses", filepath.Clean(dir))
	}
	return arts, failed, nil
}
