package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
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
