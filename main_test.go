package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs the storybot command in-process with a database under the
// test's temp dir and returns stdout, stderr and the exit code.
func runCLI(t *testing.T, env map[string]string, args ...string) (string, string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	getenv := func(k string) string { return env[k] }
	err := run(context.Background(), args, getenv, strings.NewReader(""), &stdout, &stderr)
	code := exitCode(err, &stderr) // writes the error, so read stderr after it
	return stdout.String(), stderr.String(), code
}

func tempDB(t *testing.T) string {
	return filepath.Join(t.TempDir(), "storybot.db")
}

func TestExitCodes(t *testing.T) {
	db := tempDB(t)
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"no command", nil, 2},
		{"unknown command", []string{"--db", db, "frobnicate"}, 2},
		{"ask without a question", []string{"--db", db, "ask"}, 2},
		{"unknown flag", []string{"--db", db, "ask", "--nope", "x"}, 2},
		{"help", []string{"-h"}, 0},
		{"command help", []string{"ask", "-h"}, 0},
		{"missing corpus folder", []string{"--db", db, "--corpus", filepath.Join(t.TempDir(), "absent"), "ask", "anything?"}, 1},
		{"sources", []string{"--db", db, "sources"}, 0},
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

func askJSONOf(t *testing.T, env map[string]string, args ...string) askJSON {
	t.Helper()
	stdout, stderr, code := runCLI(t, env, args...)
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	var out askJSON
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("ask --json printed invalid JSON: %v\n%s", err, stdout)
	}
	return out
}

func TestAskEmbeddedStory(t *testing.T) {
	db := tempDB(t)
	out := askJSONOf(t, nil, "--db", db, "ask", "--json", "What did Sheinbaum say about sovereignty?")
	if out.NotFound || len(out.Answers) != 2 {
		t.Fatalf("want both sources cited, got %+v", out)
	}
	for _, a := range out.Answers {
		if a.Source.File == "" || a.Source.ID == "" {
			t.Errorf("source without file or id: %+v", a.Source)
		}
		if !strings.Contains(a.Sentences[0].Text, "Sovereignty is not for sale") {
			t.Errorf("%s: first sentence %q, want the sovereignty quotation", a.Source.File, a.Sentences[0].Text)
		}
	}
	// The second run reuses the database through the env variable.
	out = askJSONOf(t, map[string]string{"STORYBOT_DB": db}, "ask", "--json", "Who won the World Cup?")
	if !out.NotFound || len(out.Answers) != 0 {
		t.Fatalf("an unrelated question must cite nothing, got %+v", out)
	}
}

func TestAskWeirdQuestionsNeverFail(t *testing.T) {
	db := tempDB(t)
	questions := []string{
		`"sovereignty" OR troops*`,
		`NEAR(Trump Sheinbaum)`,
		`title: Sheinbaum`,
		`🇲🇽🪖?`,
		`'); DROP TABLE sentences; --`,
		strings.Repeat("sovereignty troops border ", 400),
	}
	for _, q := range questions {
		stdout, stderr, code := runCLI(t, nil, "--db", db, "ask", q)
		if code != 0 || stdout == "" {
			t.Errorf("ask %.40q: exit %d, stdout %q, stderr %q", q, code, stdout, stderr)
		}
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestReloadKeepsGoodFilesAndOldCorpus(t *testing.T) {
	dir := t.TempDir()
	db := tempDB(t)
	good := "Title: Volcano erupts\nOutlet: Test Wire\n\nThe volcano erupted on Monday morning, covering the town in ash.\n"
	writeFile(t, filepath.Join(dir, "good.txt"), good)
	writeFile(t, filepath.Join(dir, "broken.json"), `{"title": "half`)
	writeFile(t, filepath.Join(dir, "notes.csv"), "a,b\n")

	stdout, stderr, code := runCLI(t, nil, "--db", db, "--corpus", dir, "reload", "--json")
	if code != 0 {
		t.Fatalf("reload exit %d: %s", code, stderr)
	}
	var report reloadJSON
	if err := json.Unmarshal([]byte(stdout), &report); err != nil {
		t.Fatalf("reload --json: %v\n%s", err, stdout)
	}
	if len(report.Added) != 1 || report.Added[0] != "good.txt" {
		t.Errorf("added %v, want [good.txt]", report.Added)
	}
	if len(report.Failed) != 1 || report.Failed[0].File != "broken.json" || report.Failed[0].Reason == "" {
		t.Errorf("failed %+v, want broken.json with a reason", report.Failed)
	}
	if len(report.Skipped) != 1 || report.Skipped[0].File != "notes.csv" {
		t.Errorf("skipped %+v, want notes.csv", report.Skipped)
	}

	// Right after the reload a reader has nothing to say on stderr.
	if _, stderr, code := runCLI(t, nil, "--db", db, "--corpus", dir, "ask", "When did the volcano erupt?"); code != 0 || stderr != "" {
		t.Fatalf("ask after a reload: exit %d, stderr %q; want 0 and nothing", code, stderr)
	}

	// The good file goes bad: the indexed version must still answer.
	writeFile(t, filepath.Join(dir, "good.txt"), "\xff\xfe broken bytes")
	rep := reloadJSONOf(t, "--db", db, "--corpus", dir, "reload", "--json")
	if len(rep.Failed) != 2 {
		t.Errorf("failed %+v, want good.txt and broken.json", rep.Failed)
	}
	out := askJSONOf(t, nil, "--db", db, "--corpus", dir, "ask", "--json", "When did the volcano erupt?")
	if out.NotFound || len(out.Answers) != 1 || !strings.Contains(out.Answers[0].Sentences[0].Text, "Monday") {
		t.Fatalf("a broken file lost the indexed article: %+v", out)
	}

	// A new file: readers answer from the index as it is and say, in one
	// line, that the folder changed; the reload brings it in.
	writeFile(t, filepath.Join(dir, "second.md"), "Outlet: Other Wire\n\nAsh from the volcano closed the airport on Tuesday.\n")
	stdout, stderr, code = runCLI(t, nil, "--db", db, "--corpus", dir, "ask", "--json", "Why did the airport close?")
	if code != 0 || !strings.Contains(stdout, `"not_found": true`) {
		t.Fatalf("ask before the reload: exit %d, %s; want the index as it was", code, stdout)
	}
	if want := "storybot: " + staleMessage + "\n"; stderr != want {
		t.Errorf("ask's stderr %q, want the one line %q", stderr, want)
	}
	reloadJSONOf(t, "--db", db, "--corpus", dir, "reload", "--json")
	out = askJSONOf(t, nil, "--db", db, "--corpus", dir, "ask", "--json", "Why did the airport close?")
	if out.NotFound || out.Answers[0].Source.File != "second.md" {
		t.Fatalf("the new file after a reload: %+v", out)
	}
}

func reloadJSONOf(t *testing.T, args ...string) reloadJSON {
	t.Helper()
	stdout, stderr, code := runCLI(t, nil, args...)
	if code != 0 {
		t.Fatalf("reload exit %d: %s", code, stderr)
	}
	var report reloadJSON
	if err := json.Unmarshal([]byte(stdout), &report); err != nil {
		t.Fatalf("reload --json: %v\n%s", err, stdout)
	}
	return report
}

func TestChatBehavesLikeTheChannel(t *testing.T) {
	input := strings.Join([]string{
		"What did Sheinbaum say about sovereignty?",
		"/quote Hegseth",
		"/quote speaker: Sheinbaum, trade",
		"/sources",
		"/frobnicate",
		"Who won the World Cup?",
		"/quit",
		"What did Hegseth warn?", // after /quit: never answered
	}, "\n")
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"--db", tempDB(t), "chat"}, func(string) string { return "" },
		strings.NewReader(input), &stdout, &stderr)
	if err != nil {
		t.Fatalf("chat: %v\n%s", err, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{
		"Sovereignty is not for sale",                // the question
		"Pete Hegseth: “All cards are on the table”", // /quote by speaker name alone
		"trade",                        // /quote speaker: with a topic
		"Latin Times",                  // /sources
		"Unknown command /frobnicate.", // a typo gets help, not an error
		"The sources don't say.",       // nothing fits
	} {
		if !strings.Contains(out, want) {
			t.Errorf("chat output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "unilateral action") {
		t.Errorf("a line after /quit was answered:\n%s", out)
	}
}

func TestReloadExitStatus(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string
		want    int
		failed  int
		skipped int
		indexed int
	}{
		{"every file loads", map[string]string{"a.txt": "Title: A\n\nThe dam held after the storm.\n"}, 0, 0, 0, 1},
		{"some fail", map[string]string{"a.txt": "Title: A\n\nThe dam held after the storm.\n", "b.json": `{"title": "half`}, 0, 1, 0, 1},
		{"all fail", map[string]string{"b.json": `{"title": "half`, "c.txt": "\xff\xfe"}, 1, 2, 0, 0},
		{"no article files", map[string]string{"notes.csv": "a,b\n"}, 0, 0, 1, 0},
		{"all fail in a story", map[string]string{"river/b.json": `{"title": "half`, "river/notes.csv": "x"}, 1, 1, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range tt.files {
				if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
					t.Fatal(err)
				}
				writeFile(t, filepath.Join(dir, name), content)
			}
			stdout, stderr, code := runCLI(t, nil, "--db", tempDB(t), "--corpus", dir, "reload", "--json")
			if code != tt.want {
				t.Fatalf("exit %d, want %d; stderr %q", code, tt.want, stderr)
			}
			var report reloadJSON
			if err := json.Unmarshal([]byte(stdout), &report); err != nil {
				t.Fatalf("reload --json: %v\n%s", err, stdout)
			}
			if len(report.Failed) != tt.failed || len(report.Skipped) != tt.skipped {
				t.Errorf("failed %+v, skipped %+v; want %d and %d", report.Failed, report.Skipped, tt.failed, tt.skipped)
			}
			for _, p := range append(report.Failed, report.Skipped...) {
				if p.File == "" || p.Reason == "" {
					t.Errorf("a problem without its path or reason: %+v", p)
				}
			}
			if got := len(report.Added); got != tt.indexed {
				t.Errorf("added %v, want %d", report.Added, tt.indexed)
			}
			if tt.want == 1 && !strings.Contains(stderr, "could be indexed") {
				t.Errorf("stderr %q, want it to say nothing could be indexed", stderr)
			}
			if strings.Contains(stderr, "level=WARN") {
				t.Errorf("failures repeated as warnings:\n%s", stderr)
			}
		})
	}
}

// TestStaleCheck: after a reload a reader says nothing; a change to any
// story, a story that failed to reload, or another folder is one line.
func TestStaleCheck(t *testing.T) {
	dir := t.TempDir()
	db := tempDB(t)
	writeFile(t, filepath.Join(dir, "story.txt"), "Title: Root title\n")
	if err := os.MkdirAll(filepath.Join(dir, "river"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "river", "a.txt"), "Title: Flood\n\nThe river rose overnight and the farmers moved their cattle.\n")
	if _, stderr, code := runCLI(t, nil, "--db", db, "--corpus", dir, "reload"); code != 0 {
		t.Fatalf("reload: %s", stderr)
	}
	quiet := func(args ...string) {
		t.Helper()
		if _, stderr, code := runCLI(t, nil, append([]string{"--db", db}, args...)...); code != 0 || stderr != "" {
			t.Fatalf("%v: exit %d, stderr %q; want nothing said", args, code, stderr)
		}
	}
	stale := func(want string, args ...string) {
		t.Helper()
		_, stderr, code := runCLI(t, nil, append([]string{"--db", db}, args...)...)
		if code != 0 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, want) {
			t.Fatalf("%v: exit %d, stderr %q; want one line saying %q", args, code, stderr, want)
		}
	}
	quiet("--corpus", dir, "ask", "Where did the farmers move their cattle?")
	quiet("ask", "Where did the farmers move their cattle?") // without --corpus: the folder the index came from
	quiet("--corpus", dir, "sources")
	stale("the index was loaded from "+dir, "--corpus", t.TempDir(), "stories")

	writeFile(t, filepath.Join(dir, "river", "b.txt"), "Title: Dam\n\nThe dam held.\n")
	stale(staleMessage, "--corpus", dir, "ask", "Did the dam hold?")
	stale(staleMessage, "ask", "Did the dam hold?")
	// chat's /sources and /speakers run commands of their own: still one line.
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"--db", db, "--corpus", dir, "chat"}, func(string) string { return "" },
		strings.NewReader("/sources\n/speakers\nDid the dam hold?\n/sources\n"), &stdout, &stderr)
	if err != nil || stderr.String() != "storybot: "+staleMessage+"\n" {
		t.Fatalf("chat: %v, stderr %q; want the one line", err, stderr.String())
	}
	if _, stderr, code := runCLI(t, nil, "--db", db, "--corpus", dir, "reload", "--story", "river"); code != 0 {
		t.Fatalf("reload --story: %s", stderr)
	}
	quiet("--corpus", dir, "quote")
}
