package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runMainEnv, when set, makes the test binary behave as storybot itself, so
// `storybot bench` can re-execute "itself" for its serving probe in tests.
const runMainEnv = "STORYBOT_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
		os.Exit(exitCode(err, os.Stderr))
	}
	os.Exit(m.Run())
}

func sharedData(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "shared", "data")
	for _, sub := range []string{"bbc", "news-clusters"} {
		if _, err := os.Stat(filepath.Join(dir, sub)); err != nil {
			t.Skipf("shared data not found at %s (read-only, see /work/shared/README.md): %v", dir, err)
		}
	}
	return dir
}

// TestBenchJSON runs the whole bench on a small corpus: every measurement
// the issue names comes back, positive.
func TestBenchJSON(t *testing.T) {
	data := sharedData(t)
	t.Setenv(runMainEnv, "1") // for the re-executed serving probe only
	stdout, stderr, code := runCLI(t, nil, "bench", "--sentences", "5000", "--json", "--queries", "60",
		"--runs", "1", "--data", data, "--work", t.TempDir(), "--quote-budget", "2s", "--http-load", "1s", "--http-clients", "2")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	var got map[string]float64
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("bench --json is not a JSON object of numbers: %v\n%s", err, stdout)
	}
	for _, key := range []string{"reload_sentences_per_s", "incremental_reload_ms", "ask_p50_ms", "ask_p99_ms",
		"baseline_p50_ms", "baseline_p99_ms", "quote_p50_ms", "startup_ms", "rss_mb", "index_mb",
		"quote_topic_first_ms", "serve_rss_mb", "http_qps", "user_ask_p50_ms", "user_ask_p99_ms", "user_queries"} {
		v, ok := got[key]
		if !ok {
			t.Errorf("key %q missing from %s", key, stdout)
		} else if v <= 0 {
			t.Errorf("%s = %v, want > 0", key, v)
		}
	}
	if s := got["sentences"]; s < 4900 || s > 5100 {
		t.Errorf("indexed %v sentences, want about 5000", s)
	}
	if got["ask_p99_ms"] < got["ask_p50_ms"] {
		t.Errorf("ask p99 %v below p50 %v", got["ask_p99_ms"], got["ask_p50_ms"])
	}
	if got["queries"] < 60 {
		t.Errorf("%v questions timed, want at least the 60 drawn plus the golden ones", got["queries"])
	}
	if got["serve_rss_mb"] < got["rss_mb"]/2 {
		t.Errorf("RSS after the quote lookups %v MB, under half the %v MB after the questions alone", got["serve_rss_mb"], got["rss_mb"])
	}
	if got["index_mb"] >= got["db_mb"] {
		t.Errorf("index %v MB not smaller than the whole database %v MB", got["index_mb"], got["db_mb"])
	}
}

// TestBenchText checks the human-readable table names each target and its
// verdict.
func TestBenchText(t *testing.T) {
	data := sharedData(t)
	t.Setenv(runMainEnv, "1")
	stdout, stderr, code := runCLI(t, nil, "bench", "--sentences", "2000", "--queries", "20",
		"--runs", "1", "--data", data, "--quote-budget", "1s", "--http-load", "0")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	for _, want := range []string{"full reload", "ask p99", "≤ 10", "RSS while serving", "index on disk"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, "full reload 1/1") {
		t.Errorf("no progress on stderr:\n%s", stderr)
	}
}

func TestBenchGenerate(t *testing.T) {
	data := sharedData(t)
	dir := filepath.Join(t.TempDir(), "corpus")
	stdout, stderr, code := runCLI(t, nil, "bench", "--generate", dir, "--sentences", "300", "--data", data)
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "300 sentences") {
		t.Errorf("report %q does not say 300 sentences", stdout)
	}
	if entries, err := os.ReadDir(dir); err != nil || len(entries) == 0 {
		t.Fatalf("nothing written into %s: %v", dir, err)
	}
	// A second run must not mix two corpora in one folder.
	_, stderr, code = runCLI(t, nil, "bench", "--generate", dir, "--sentences", "300", "--data", data)
	if code != 1 || !strings.Contains(stderr, "not empty") {
		t.Errorf("generating into a full folder: exit %d, stderr %q; want 1 and a 'not empty' error", code, stderr)
	}
}

func TestBenchUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"zero sentences", []string{"bench", "--sentences", "0"}, 2},
		{"no queries", []string{"bench", "--queries", "0"}, 2},
		{"stray argument", []string{"bench", "now"}, 2},
		{"missing data", []string{"bench", "--sentences", "10", "--data", filepath.Join(t.TempDir(), "absent")}, 1},
		{"help", []string{"bench", "-h"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := runCLI(t, nil, tt.args...)
			if code != tt.want {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tt.want, stderr)
			}
		})
	}
}

func TestPercentile(t *testing.T) {
	xs := []float64{5, 1, 4, 2, 3, 10, 9, 8, 7, 6}
	tests := []struct {
		p    float64
		want float64
	}{{50, 5}, {99, 10}, {10, 1}, {0, 1}, {100, 10}}
	for _, tt := range tests {
		if got := percentile(xs, tt.p); got != tt.want {
			t.Errorf("percentile(%v) = %v, want %v", tt.p, got, tt.want)
		}
	}
	if got := percentile(nil, 50); got != 0 {
		t.Errorf("percentile of nothing = %v, want 0", got)
	}
	if xs[0] != 5 {
		t.Error("percentile sorted its argument in place")
	}
}
