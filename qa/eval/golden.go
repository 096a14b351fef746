package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"storybot/qa"
)

// GoldenQuestion is one question of the project's own golden set, written
// for a story's corpus folder:
//
//	{"questions": [
//	  {"question": "What did Sheinbaum say about US troops?",
//	   "expect": {"000_156f60930e48d313.txt": "first sentence the bot should cite, verbatim",
//	              "004_c844147cb205b5ce.txt": null}},
//	  {"question": "What is the capital of Peru?", "not_found": true}
//	]}
//
// Expect maps a source's file name (as in the corpus folder) to the
// sentence the bot should cite first for that source, or null when that
// source should not be cited at all. Sources left out are not scored.
// NotFound says the bot should answer that the sources don't say; it
// implies null for every source.
//
// A dev-set question (see qa/testdata/devset.json) instead names its own
// story folder and gives substring gold, so one file can hold questions
// over many stories and survive changes to sentence splitting:
//
//	{"question": "how much snow did erie get on xmas",
//	 "corpus": "devset/erie_snow", "kinds": ["how-much", "paraphrase"],
//	 "gold": {"a.json": ["34 inches of snow on Christmas Day"], "b.json": null},
//	 "split": "train"}
type GoldenQuestion struct {
	Question string             `json:"question"`
	Expect   map[string]*string `json:"expect,omitempty"`
	NotFound bool               `json:"not_found,omitempty"`
	// Note says why the expectation holds, for whoever edits the set.
	Note string `json:"note,omitempty"`

	// Corpus is the story folder the question is asked of, relative to
	// the set's file; "" means the corpus the bot already serves.
	Corpus string `json:"corpus,omitempty"`
	// Gold maps each source file of Corpus to exact substrings of the
	// sentences that answer the question (a cited sentence holding any
	// one of them is right), or null when that source does not answer.
	Gold map[string][]string `json:"gold,omitempty"`
	// Kinds tags the question ("paraphrase", "why", "yes-no", "es" …) so
	// scores can be read per kind.
	Kinds []string `json:"kinds,omitempty"`
	// Split is "train" or "test", drawn once when the set was written.
	Split string `json:"split,omitempty"`
}

// HasGold reports whether q is a dev-set question, scored per source by
// substring gold rather than by Expect.
func (q GoldenQuestion) HasGold() bool { return len(q.Gold) > 0 }

// ReadGolden loads a golden question set.
func ReadGolden(path string) ([]GoldenQuestion, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("open golden set: %w", err)
	}
	qs, err := ParseGolden(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	return qs, nil
}

// ParseGolden reads a golden set: an object with a "questions" array, or
// the bare array. Unknown fields are an error, so a misspelt "expect" is
// caught rather than silently scoring nothing; so are empty questions and
// questions that expect nothing at all.
func ParseGolden(r io.Reader) ([]GoldenQuestion, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	b = bytes.TrimSpace(b)
	var qs []GoldenQuestion
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if len(b) > 0 && b[0] == '[' {
		err = dec.Decode(&qs)
	} else {
		var doc struct {
			// About describes the set for whoever edits it.
			About     string           `json:"about"`
			Questions []GoldenQuestion `json:"questions"`
		}
		err = dec.Decode(&doc)
		qs = doc.Questions
	}
	if err != nil {
		return nil, fmt.Errorf("decode golden json: %w", err)
	}
	if len(qs) == 0 {
		return nil, errors.New(`no questions: want {"questions": [{"question", "expect": {file: sentence or null}}]}`)
	}
	for i, q := range qs {
		if strings.TrimSpace(q.Question) == "" {
			return nil, fmt.Errorf("question %d: empty question text", i+1)
		}
		if !q.NotFound && len(q.Expect) == 0 && !q.HasGold() {
			return nil, fmt.Errorf("question %d (%q): give \"expect\" or \"gold\" per source file, or \"not_found\": true", i+1, q.Question)
		}
		if q.NotFound {
			for file, s := range q.Expect {
				if s != nil {
					return nil, fmt.Errorf("question %d (%q): not_found but expects a sentence from %s", i+1, q.Question, file)
				}
			}
			for file, s := range q.Gold {
				if len(s) > 0 {
					return nil, fmt.Errorf("question %d (%q): not_found but has gold in %s", i+1, q.Question, file)
				}
			}
		}
		if q.HasGold() && len(q.Expect) > 0 {
			return nil, fmt.Errorf("question %d (%q): give \"expect\" or \"gold\", not both", i+1, q.Question)
		}
		if q.Split != "" && q.Split != "train" && q.Split != "test" {
			return nil, fmt.Errorf("question %d (%q): split %q: want train or test", i+1, q.Question, q.Split)
		}
		for file, subs := range q.Gold {
			for _, s := range subs {
				if strings.TrimSpace(s) == "" {
					return nil, fmt.Errorf("question %d (%q): empty gold substring for %s", i+1, q.Question, file)
				}
			}
		}
	}
	return qs, nil
}

// SameSentence compares a cited sentence with an expected one, ignoring
// differences in white space, since the golden file is edited by hand.
func SameSentence(got, want string) bool {
	return strings.Join(strings.Fields(got), " ") == strings.Join(strings.Fields(want), " ")
}

// GoldenScores are one system's scores on a golden set.
type GoldenScores struct {
	// Top1 is the share of expected sentences the system cites first for
	// their source.
	Top1 float64 `json:"top1"`
	// Silent is the share of sources expected to stay uncited that were.
	Silent float64 `json:"silent"`
	// NotFound is the share of not_found questions answered with nothing.
	NotFound float64 `json:"not_found"`
	// Accuracy is the share of all expectations met.
	Accuracy float64 `json:"accuracy"`
}

// GoldenMiss is one expectation the bot did not meet.
type GoldenMiss struct {
	Question string `json:"question"`
	File     string `json:"file,omitempty"` // "" for a not_found question
	Want     string `json:"want"`           // "" for silence
	Got      string `json:"got"`            // "" for silence
}

// GoldenReport is a golden-set run: the bot's scores, the baseline's, and
// what the bot missed.
type GoldenReport struct {
	GoldenScores
	Baseline       GoldenScores `json:"baseline"`
	Questions      int          `json:"questions"`
	ExpectSentence int          `json:"expect_sentence"`
	ExpectSilent   int          `json:"expect_silent"`
	ExpectNotFound int          `json:"expect_not_found"`
	Misses         []GoldenMiss `json:"misses"`
	// Seconds is the run's wall time.
	Seconds float64 `json:"seconds"`
}

type goldenTally struct{ top1, silent, notFound, all Mean }

func (t goldenTally) scores() GoldenScores {
	return GoldenScores{Top1: t.top1.Value(), Silent: t.silent.Value(), NotFound: t.notFound.Value(), Accuracy: t.all.Value()}
}

// RunGolden asks eng each golden question and scores its answers, and the
// baseline's top hit per source, against the expectations. eng's index
// must hold the corpus the set was written for. It returns an error when a
// question names a file the index does not hold, or when the index fails.
func RunGolden(ctx context.Context, eng *qa.Engine, qs []GoldenQuestion) (GoldenReport, error) {
	start := time.Now()
	arts, err := eng.Index.Articles(ctx)
	if err != nil {
		return GoldenReport{}, fmt.Errorf("golden: list articles: %w", err)
	}
	idOf := make(map[string]string, len(arts))
	for _, a := range arts {
		idOf[a.File] = a.ID
	}
	rep := GoldenReport{Questions: len(qs), Misses: []GoldenMiss{}}
	var bot, base goldenTally
	for i, q := range qs {
		for _, file := range sortedFiles(q.Expect) {
			if _, ok := idOf[file]; !ok {
				return rep, fmt.Errorf("golden question %d (%q): file %s is not in the corpus; files are named as in the corpus folder", i+1, q.Question, file)
			}
		}
		ans, err := eng.Ask(ctx, q.Question)
		if err != nil {
			return rep, fmt.Errorf("golden question %d: %w", i+1, err)
		}
		botFirst := map[string]string{}
		for _, src := range ans.Sources {
			if len(src.Sentences) > 0 {
				botFirst[src.Source.ID] = src.Sentences[0].Text
				// A wire copy folded into the report cites what it
				// carries: the same sentence.
				for _, a := range src.CarriedBy {
					botFirst[a.ID] = src.Sentences[0].Text
				}
			}
		}
		hits, err := eng.Baseline(ctx, q.Question, baselineDepth)
		if err != nil {
			return rep, fmt.Errorf("golden question %d: baseline: %w", i+1, err)
		}
		baseFirst := map[string]string{}
		for _, h := range hits {
			if _, ok := baseFirst[h.ArticleID]; !ok {
				baseFirst[h.ArticleID] = h.Text
			}
		}
		if q.NotFound {
			rep.ExpectNotFound++
			bot.notFound.AddBool(ans.NotFound)
			bot.all.AddBool(ans.NotFound)
			base.notFound.AddBool(len(hits) == 0)
			base.all.AddBool(len(hits) == 0)
			if !ans.NotFound {
				rep.Misses = append(rep.Misses, GoldenMiss{Question: q.Question, Got: firstCited(ans)})
			}
			continue
		}
		for _, file := range sortedFiles(q.Expect) {
			want, id := q.Expect[file], idOf[file]
			got, cited := botFirst[id]
			baseGot, baseCited := baseFirst[id]
			if want == nil {
				rep.ExpectSilent++
				bot.silent.AddBool(!cited)
				bot.all.AddBool(!cited)
				base.silent.AddBool(!baseCited)
				base.all.AddBool(!baseCited)
				if cited {
					rep.Misses = append(rep.Misses, GoldenMiss{Question: q.Question, File: file, Got: got})
				}
				continue
			}
			rep.ExpectSentence++
			ok := cited && SameSentence(got, *want)
			bot.top1.AddBool(ok)
			bot.all.AddBool(ok)
			baseOK := baseCited && SameSentence(baseGot, *want)
			base.top1.AddBool(baseOK)
			base.all.AddBool(baseOK)
			if !ok {
				rep.Misses = append(rep.Misses, GoldenMiss{Question: q.Question, File: file, Want: *want, Got: got})
			}
		}
	}
	rep.GoldenScores, rep.Baseline = bot.scores(), base.scores()
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}

func firstCited(ans qa.Answer) string {
	for _, src := range ans.Sources {
		if len(src.Sentences) > 0 {
			return src.Sentences[0].Text
		}
	}
	return ""
}

func sortedFiles(m map[string]*string) []string {
	files := make([]string, 0, len(m))
	for f := range m {
		files = append(files, f)
	}
	slices.Sort(files)
	return files
}
