package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// storiesDir writes a corpus folder of two stories, one with a story.txt.
func storiesDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{"volcano", "flood"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, filepath.Join(dir, "volcano", "story.txt"), "Title: Volcano in Iceland\nSummary: An eruption covers a town in ash.\n")
	writeFile(t, filepath.Join(dir, "volcano", "a.txt"), "Title: Volcano erupts\nOutlet: Test Wire\n\nThe volcano erupted on Monday morning, covering the town in ash.\n\"The sky went black,\" said Anna Jonsdottir.\n")
	writeFile(t, filepath.Join(dir, "volcano", "b.txt"), "Title: Ash closes airport\nOutlet: Other Wire\n\nAsh from the volcano closed the airport on Tuesday.\n")
	writeFile(t, filepath.Join(dir, "flood", "a.txt"), "Title: River floods city\nOutlet: River News\n\nThe river flooded the city center after three days of rain.\nFirefighters rescued forty people from rooftops.\n")
	return dir
}

func TestStoriesCommand(t *testing.T) {
	dir, db := storiesDir(t), tempDB(t)
	stdout, stderr, code := runCLI(t, nil, "--db", db, "--corpus", dir, "stories", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var out struct {
		Stories []storyJSON `json:"stories"`
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	if len(out.Stories) != 2 {
		t.Fatalf("stories %+v", out.Stories)
	}
	f, v := out.Stories[0], out.Stories[1]
	if f.Name != "flood" || f.Articles != 1 || f.Sentences != 3 || f.Title != "" {
		t.Errorf("flood %+v", f)
	}
	if v.Name != "volcano" || v.Title != "Volcano in Iceland" || v.Summary != "An eruption covers a town in ash." || v.Articles != 2 {
		t.Errorf("volcano %+v", v)
	}
	stdout, _, _ = runCLI(t, nil, "--db", db, "--corpus", dir, "stories")
	if !strings.Contains(stdout, "Volcano in Iceland") || !strings.Contains(stdout, "flood") {
		t.Errorf("stories text:\n%s", stdout)
	}
}

func TestAskRoutesAndNamesTheStory(t *testing.T) {
	dir, db := storiesDir(t), tempDB(t)
	out := askJSONOf(t, nil, "--db", db, "--corpus", dir, "ask", "--json", "How many people did firefighters rescue?")
	if out.Story != "flood" || out.NotFound || out.Answers[0].Source.Story != "flood" {
		t.Errorf("flood question: %+v", out)
	}
	out = askJSONOf(t, nil, "--db", db, "--corpus", dir, "ask", "--json", "When did the volcano erupt?")
	if out.Story != "volcano" || out.NotFound {
		t.Errorf("volcano question: %+v", out)
	}
	// --story pins the story, by name or title.
	out = askJSONOf(t, nil, "--db", db, "--corpus", dir, "ask", "--json", "--story", "flood", "When did the volcano erupt?")
	if out.Story != "flood" || !out.NotFound {
		t.Errorf("volcano question in the flood story: %+v", out)
	}
	out = askJSONOf(t, nil, "--db", db, "--corpus", dir, "ask", "--json", "--story", "volcano in iceland", "What closed the airport?")
	if out.Story != "volcano" || out.NotFound {
		t.Errorf("by title: %+v", out)
	}
	stdout, _, code := runCLI(t, nil, "--db", db, "--corpus", dir, "ask", "When did the volcano erupt?")
	if code != 0 || !strings.HasPrefix(stdout, "Story: Volcano in Iceland (volcano)") {
		t.Errorf("text answer does not name the story:\n%s", stdout)
	}
	_, stderr, code := runCLI(t, nil, "--db", db, "--corpus", dir, "ask", "--story", "quake", "anything?")
	if code != 1 || !strings.Contains(stderr, `"quake" is not loaded`) || !strings.Contains(stderr, "flood") {
		t.Errorf("unknown story: exit %d, %s", code, stderr)
	}
	// JSON keys are always there, even for a flat folder.
	stdout, _, _ = runCLI(t, nil, "--db", tempDB(t), "ask", "--json", "Did Sheinbaum reject US troops?")
	if !strings.Contains(stdout, `"story": ""`) || !strings.Contains(stdout, `"runner_up": ""`) {
		t.Errorf("flat ask --json lacks story keys:\n%s", stdout)
	}
	if strings.Contains(stdout, "Story:") {
		t.Errorf("one story named in a flat answer")
	}
}

func TestStoryFlagsOnQuoteSourcesSpeakersReload(t *testing.T) {
	dir, db := storiesDir(t), tempDB(t)
	stdout, stderr, code := runCLI(t, nil, "--db", db, "--corpus", dir, "sources", "--json", "--story", "volcano")
	if code != 0 || strings.Count(stdout, `"id"`) != 2 || strings.Contains(stdout, "flood/") {
		t.Errorf("sources --story volcano: %d %s %s", code, stdout, stderr)
	}
	stdout, _, _ = runCLI(t, nil, "--db", db, "--corpus", dir, "sources", "--json")
	if strings.Count(stdout, `"id"`) != 3 || strings.Contains(stdout, "story.txt") {
		t.Errorf("sources: %s", stdout)
	}
	stdout, _, _ = runCLI(t, nil, "--db", db, "--corpus", dir, "quote", "--json", "--story", "flood")
	if strings.Contains(stdout, "Jonsdottir") {
		t.Errorf("flood quotes include the volcano's: %s", stdout)
	}
	stdout, _, _ = runCLI(t, nil, "--db", db, "--corpus", dir, "speakers", "--story", "volcano")
	if !strings.Contains(stdout, "Anna Jonsdottir") {
		t.Errorf("volcano speakers: %s", stdout)
	}

	writeFile(t, filepath.Join(dir, "flood", "b.txt"), "Outlet: Rain Daily\n\nThe rain stopped on Sunday.\n")
	writeFile(t, filepath.Join(dir, "volcano", "c.txt"), "Outlet: Ash Daily\n\nFlights resumed on Friday.\n")
	stdout, stderr, code = runCLI(t, nil, "--db", db, "--corpus", dir, "reload", "--json", "--story", "flood")
	if code != 0 {
		t.Fatalf("reload --story: %d %s", code, stderr)
	}
	var rep reloadJSON
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Story != "flood" || len(rep.Added) != 1 || rep.Added[0] != "flood/b.txt" || rep.Unchanged != 1 {
		t.Errorf("reload --story flood: %+v", rep)
	}
	_, stderr, code = runCLI(t, nil, "--db", db, "--corpus", dir, "reload", "--story", "quake")
	if code != 1 || !strings.Contains(stderr, "no subfolder") {
		t.Errorf("reload of an unknown story: %d %s", code, stderr)
	}
}

func TestEvalStoriesUsage(t *testing.T) {
	_, stderr, code := runCLI(t, nil, "eval", "--golden", "x.json", "wikiqa", "f.tsv")
	if code != 2 || !strings.Contains(stderr, "--golden applies to stories") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	_, stderr, code = runCLI(t, nil, "eval", "stories", filepath.Join(t.TempDir(), "none"))
	if code != 1 || !strings.Contains(stderr, "no .json files") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

func TestEvalStoriesNewsClusters(t *testing.T) {
	dir := filepath.Join("..", "shared", "data", "news-clusters")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("news-clusters not found at %s (it lives in ../shared): %v", dir, err)
	}
	stdout, stderr, code := runCLI(t, nil, "eval", "--json", "stories", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep struct {
		Stories   int     `json:"stories"`
		Questions int     `json:"questions"`
		Routed    float64 `json:"routed"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Stories != 70 || rep.Questions < 700 || rep.Routed < 0.95 {
		t.Errorf("eval stories: %+v", rep)
	}
}
