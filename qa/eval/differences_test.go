package eval

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const differencesFile = "../testdata/differences.json"

// TestDifferencesGoldIsInTheArticles checks the differences set
// mechanically, so it cannot rot when sentence splitting or cleaning
// changes: every story loads as the bot loads it, every value names an
// article of its story, and every gold substring lies within one sentence
// of that article as corpus.Parse splits it.
func TestDifferencesGoldIsInTheArticles(t *testing.T) {
	qs, err := ReadDifferences(differencesFile)
	if err != nil {
		t.Fatal(err)
	}
	stories := map[string]map[string][]string{} // story → file → sentences
	for _, q := range qs {
		sents, ok := stories[q.Story]
		if !ok {
			arts, _, err := LoadStory(filepath.Join(filepath.Dir(differencesFile), q.Story))
			if err != nil {
				t.Fatal(err)
			}
			sents = map[string][]string{}
			for _, a := range arts {
				for _, s := range a.Sentences {
					sents[a.File] = append(sents[a.File], s.Text)
				}
			}
			stories[q.Story] = sents
		}
		for _, v := range q.Values {
			sentences, ok := sents[v.File]
			if !ok {
				t.Errorf("%s (%q): %s is not an article of %s", q.ID, q.Question, v.File, q.Story)
				continue
			}
			if !slices.ContainsFunc(sentences, func(s string) bool { return HoldsGold(s, []string{v.Substring}) }) {
				t.Errorf("%s (%q): %q is in no sentence of %s/%s", q.ID, q.Question, v.Substring, q.Story, v.File)
			}
		}
	}
}

// TestDifferencesShape holds the set to what issue 16 asks of it: at least
// 40 questions where the sources differ and 40 where they agree, over
// several stories, with some revised ("updated") figures, and each story
// folder a whole news-clusters event (more than one source).
func TestDifferencesShape(t *testing.T) {
	qs, err := ReadDifferences(differencesFile)
	if err != nil {
		t.Fatal(err)
	}
	differ, agree, updated := 0, 0, 0
	kinds := map[string]bool{}
	stories := map[string]bool{}
	for _, q := range qs {
		if q.Differ() {
			differ++
			kinds[q.Kind] = true
		} else {
			agree++
		}
		if q.Updated {
			updated++
		}
		if !strings.HasPrefix(q.Story, "differences/") {
			t.Errorf("%s: story %q is outside differences/", q.ID, q.Story)
		}
		stories[q.Story] = true
	}
	if differ < 40 || agree < 40 {
		t.Errorf("%d differ and %d agree questions, want at least 40 of each", differ, agree)
	}
	if updated < 5 {
		t.Errorf("%d updated questions, want at least 5", updated)
	}
	if len(kinds) < len(DiffKinds) {
		t.Errorf("differ questions cover kinds %v, want all of %v", kinds, DiffKinds)
	}
	if len(stories) < 20 {
		t.Errorf("%d stories, want at least 20", len(stories))
	}
	for s := range stories {
		files, err := os.ReadDir(filepath.Join(filepath.Dir(differencesFile), s))
		if err != nil {
			t.Fatal(err)
		}
		if len(files) < 2 {
			t.Errorf("%s holds %d articles, want the whole event", s, len(files))
		}
	}
}

// TestReadDifferencesRejects checks that a malformed set is refused with
// its reason, rather than scoring questions that can never be right.
func TestReadDifferencesRejects(t *testing.T) {
	v := `{"file": "a.json", "value": "5", "answer": "5", "substring": "five dead"}`
	w := `{"file": "b.json", "value": "at least 7", "answer": "7", "substring": "at least seven dead"}`
	w5 := `{"file": "b.json", "value": "at least 5", "answer": "5", "substring": "at least five dead"}`
	a := `{"file": "a.json", "value": "5", "substring": "five dead"}`
	tests := []struct {
		name, json, want string
	}{
		{"no questions", `{"questions": []}`, "no questions"},
		{"unknown field", `{"questions": [{"id": "d1", "qestion": "x"}]}`, "unknown field"},
		{"bad expect", `{"questions": [{"id": "d1", "story": "s", "question": "q", "expect": "maybe", "kind": "number", "values": [` + v + `,` + w + `]}]}`, "expect"},
		{"bad kind", `{"questions": [{"id": "d1", "story": "s", "question": "q", "expect": "differ", "kind": "money", "values": [` + v + `,` + w + `]}]}`, "kind"},
		{"one value", `{"questions": [{"id": "d1", "story": "s", "question": "q", "expect": "agree", "kind": "number", "values": [` + a + `]}]}`, "at least two sources"},
		{"differ one answer", `{"questions": [{"id": "d1", "story": "s", "question": "q", "expect": "differ", "kind": "number", "values": [` + v + `,` + w5 + `]}]}`, "two different answers"},
		{"differ unlabelled", `{"questions": [{"id": "d1", "story": "s", "question": "q", "expect": "differ", "kind": "number", "values": [` + a + `,` + w + `]}]}`, "labels each value"},
		{"agree labelled", `{"questions": [{"id": "d1", "story": "s", "question": "q", "expect": "agree", "kind": "number", "values": [` + v + `,` + w5 + `]}]}`, "labels none"},
		{"agree updated", `{"questions": [{"id": "d1", "story": "s", "question": "q", "expect": "agree", "kind": "number", "updated": true, "values": [` + a + `,` + a + `]}]}`, "cannot be updated"},
		{"empty substring", `{"questions": [{"id": "d1", "story": "s", "question": "q", "expect": "agree", "kind": "number", "values": [` + a + `,{"file": "b.json", "value": "5"}]}]}`, "substring"},
		{"repeated id", `{"questions": [{"id": "d1", "story": "s", "question": "q", "expect": "differ", "kind": "number", "values": [` + v + `,` + w + `]}, {"id": "d1", "story": "s", "question": "q", "expect": "differ", "kind": "number", "values": [` + v + `,` + w + `]}]}`, "repeated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "set.json")
			if err := os.WriteFile(path, []byte(tt.json), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := ReadDifferences(path)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadDifferences = %v, want an error about %q", err, tt.want)
			}
		})
	}
}
