package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"storybot/qa/eval"
)

func TestEvalUsage(t *testing.T) {
	db := tempDB(t)
	sample := filepath.Join("qa", "eval", "testdata", "wikiqa-sample.tsv")
	tests := []struct {
		name string
		args []string
		want int
		msg  string
	}{
		{"no set", []string{"--db", db, "eval"}, 2, "eval needs a set and a file"},
		{"no file", []string{"--db", db, "eval", "wikiqa"}, 2, "eval needs a set and a file"},
		{"unknown set", []string{"--db", db, "eval", "trec", sample}, 2, `unknown eval set "trec"`},
		{"bad split", []string{"--db", db, "eval", "--split", "dev", "wikiqa", sample}, 2, `unknown split "dev"`},
		{"per-document on squad", []string{"--db", db, "eval", "squad", "x.json", "--per-document"}, 2, "--per-document applies to wikiqa only"},
		{"missing file", []string{"--db", db, "eval", "wikiqa", filepath.Join(t.TempDir(), "absent.tsv")}, 1, "open wikiqa"},
		{"wrong format", []string{"--db", db, "eval", "wikiqa", filepath.Join("qa", "eval", "testdata", "squad-sample.json")}, 1, "line 1: want the header"},
		{"split of a golden set", []string{"--db", db, "eval", "questions", filepath.Join("qa", "testdata", "golden.json"), "--split", "train"}, 2, "a golden set is scored whole"},
		{"split of differences", []string{"eval", "differences", filepath.Join("qa", "testdata", "differences.json"), "--split", "test"}, 2, "scored whole"},
		{"differences in the wrong format", []string{"eval", "differences", filepath.Join("qa", "testdata", "devset.json")}, 1, "unknown field"},
		{"help", []string{"eval", "-h"}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tt.args, func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr)
			code := exitCode(err, &stderr)
			if code != tt.want || !strings.Contains(stderr.String(), tt.msg) {
				t.Fatalf("exit %d, want %d with %q; stderr:\n%s", code, tt.want, tt.msg, stderr.String())
			}
		})
	}
}

// TestEvalJSON checks --json prints one object with the bot's scores at
// the top and the baseline's under "baseline", flags before or after the
// set and file.
func TestEvalJSON(t *testing.T) {
	testdata := filepath.Join("qa", "eval", "testdata")
	tests := []struct {
		name string
		args []string
		keys []string
	}{
		{"wikiqa", []string{"eval", "--json", "wikiqa", filepath.Join(testdata, "wikiqa-sample.tsv")},
			[]string{"map", "mrr", "top1", "trigger_precision", "trigger_recall", "trigger_f1"}},
		{"wikiqa flags after", []string{"eval", "wikiqa", filepath.Join(testdata, "wikiqa-sample.tsv"), "--per-document", "--json", "--split", "test"},
			[]string{"map", "mrr", "trigger_f1"}},
		{"squad", []string{"eval", "squad", filepath.Join(testdata, "squad-sample.json"), "--json"},
			[]string{"top1", "mrr", "abstain_unanswerable", "accuracy"}},
		{"questions", []string{"--db", tempDB(t), "eval", "--json", "questions", filepath.Join("qa", "testdata", "golden.json")},
			[]string{"top1", "silent", "not_found", "accuracy"}},
		{"dev set", []string{"eval", "--json", "questions", filepath.Join("qa", "testdata", "devset.json"), "--split", "train"},
			[]string{"first_right", "any_right", "silence_right"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runCLI(t, nil, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d; stderr:\n%s", code, stderr)
			}
			var out map[string]any
			if err := json.Unmarshal([]byte(stdout), &out); err != nil {
				t.Fatalf("not one JSON object: %v\n%s", err, stdout)
			}
			base, ok := out["baseline"].(map[string]any)
			if !ok {
				t.Fatalf("no baseline object in %s", stdout)
			}
			for _, k := range tt.keys {
				bot, ok1 := out[k].(float64)
				b, ok2 := base[k].(float64)
				if !ok1 || !ok2 || bot < 0 || bot > 1 || b < 0 || b > 1 {
					t.Errorf("%s: bot %v, baseline %v; want both in [0, 1]", k, out[k], base[k])
				}
			}
		})
	}
}

func TestEvalText(t *testing.T) {
	stdout, stderr, code := runCLI(t, nil, "eval", "wikiqa", filepath.Join("qa", "eval", "testdata", "wikiqa-sample.tsv"))
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	for _, want := range []string{"4 questions, 3 with an answer", "MAP", "trigger F1", "baseline", "ratio"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}

// TestEvalDevSetTrain runs the dev set's train split through the command
// and checks the report's shape against the file: the train questions
// only, every story, every kind of them with its count, and every (question,
// source) pair scored once for each system.
func TestEvalDevSetTrain(t *testing.T) {
	file := filepath.Join("qa", "testdata", "devset.json")
	qs, err := eval.ReadGolden(file)
	if err != nil {
		t.Fatal(err)
	}
	wantKinds := map[string]int{}
	stories := map[string]bool{}
	questions, answering, silent := 0, 0, 0
	for _, q := range qs {
		if q.Split != "train" {
			continue
		}
		questions++
		stories[q.Corpus] = true
		for _, k := range q.Kinds {
			wantKinds[k]++
		}
		for _, g := range q.Gold {
			if len(g) > 0 {
				answering++
			} else {
				silent++
			}
		}
	}
	stdout, stderr, code := runCLI(t, nil, "eval", "questions", file, "--split", "train", "--json")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	var rep eval.DevReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Split != "train" || rep.Questions != questions || rep.Stories != len(stories) || rep.Kind != "all" {
		t.Errorf("split %s, %d questions, %d stories, kind %q; want train, %d, %d, all", rep.Split, rep.Questions, rep.Stories, rep.Kind, questions, len(stories))
	}
	for _, s := range []eval.DevScores{rep.DevScores, rep.Baseline} {
		if s.Answering != answering || s.NonAnswering != silent {
			t.Errorf("%d answering and %d non-answering pairs scored, want %d and %d", s.Answering, s.NonAnswering, answering, silent)
		}
		for _, v := range []float64{s.FirstRight, s.AnyRight, s.SilenceRight} {
			if v < 0 || v > 1 || s.FirstRight > s.AnyRight {
				t.Errorf("scores out of range or first right above any right: %+v", s)
			}
		}
	}
	gotKinds := map[string]int{}
	for _, k := range rep.ByKind {
		gotKinds[k.Kind] = k.Questions
	}
	if !reflect.DeepEqual(gotKinds, wantKinds) {
		t.Errorf("kinds %v, want %v", gotKinds, wantKinds)
	}

	text, stderr, code := runCLI(t, nil, "eval", "questions", file, "--split", "train")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	for _, want := range []string{"(split train): " + strconv.Itoa(questions) + " questions", "first right", "silence right", "bm25", "\n  why ", "\n  unanswerable "} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
}

// TestEvalDifferences runs the differences set through the command and
// checks the report against the file: every question once, every story,
// the two halves, a row per kind, and a verdict for each question that
// fits its half.
func TestEvalDifferences(t *testing.T) {
	file := filepath.Join("qa", "testdata", "differences.json")
	qs, err := eval.ReadDifferences(file)
	if err != nil {
		t.Fatal(err)
	}
	stories := map[string]bool{}
	differ, kinds := 0, map[string]bool{}
	for _, q := range qs {
		stories[q.Story] = true
		kinds[q.Kind] = true
		if q.Differ() {
			differ++
		}
	}
	stdout, stderr, code := runCLI(t, nil, "eval", "differences", file, "--json")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	var rep eval.DiffReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Questions != len(qs) || rep.Stories != len(stories) || rep.DifferQuestions != differ || rep.AgreeQuestions != len(qs)-differ {
		t.Errorf("%d questions over %d stories, %d differ, %d agree; want %d over %d, %d, %d",
			rep.Questions, rep.Stories, rep.DifferQuestions, rep.AgreeQuestions, len(qs), len(stories), differ, len(qs)-differ)
	}
	if len(rep.ByKind) != len(kinds) || len(rep.Results) != len(qs) {
		t.Errorf("%d kinds and %d results, want %d and %d", len(rep.ByKind), len(rep.Results), len(kinds), len(qs))
	}
	for i, r := range rep.Results {
		want := []string{"agree-right", "agree-uncounted", "false-differ"}
		if qs[i].Differ() {
			want = []string{"found", "missed"}
		}
		if r.ID != qs[i].ID || !slices.Contains(want, r.Verdict) {
			t.Errorf("result %d: %s %s, want %s with one of %v", i, r.ID, r.Verdict, qs[i].ID, want)
		}
	}

	stdout, stderr, code = runCLI(t, nil, "eval", "differences", file)
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	for _, want := range []string{fmt.Sprintf("%d where the sources differ", differ), "precision", "false differ", "person", "targets: precision >= 90%"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}
