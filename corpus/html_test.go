package corpus

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// newsPages are the news sites among Mozilla Readability's test pages; the
// others are synthetic markup tests or blogs.
var newsPages = []string{"ars-1", "bbc-1", "breitbart", "buzzfeed-1", "cnn", "engadget", "guardian-1",
	"herald-sun-1", "la-nacion", "lemonde-1", "nytimes-1", "nytimes-2", "salon-1", "seattletimes-1",
	"telegraph", "theverge", "wapo-1", "yahoo-1"}

// expectedSentences splits the text of a readability expected.html the way
// Parse splits a page's blocks: all of them, and those of the blocks
// cleaning keeps (the reference keeps photo credits and newsletter
// buttons, which storybot drops on purpose).
func expectedSentences(t *testing.T, data []byte) (all, body []string) {
	t.Helper()
	root, err := html.Parse(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	blocks := blockTexts(root)
	for _, p := range blocks {
		for _, s := range Split(p) {
			if hasLetter(s) { // list numbers ("1.") are no sentences
				all = append(all, s)
			}
		}
	}
	kept, _ := clean(blocks)
	for _, ss := range kept {
		body = append(body, ss...)
	}
	return all, body
}

// TestParseHTMLPages loads real saved news pages and checks the title and
// that at least 90% of the body sentences of readability's reference
// extraction are indexed, on each page and over all pages counting clutter
// too (at least 70% on each page then: the reference keeps photo credits).
func TestParseHTMLPages(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "data", "html-pages")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("saved pages not found at %s (the shared data folder is absent): %v", dir, err)
	}
	total, found, bodyTotal, bodyFound := 0, 0, 0, 0
	for _, name := range newsPages {
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(dir, name, "source.html"))
			if err != nil {
				t.Fatal(err)
			}
			exp, err := os.ReadFile(filepath.Join(dir, name, "expected.html"))
			if err != nil {
				t.Fatal(err)
			}
			var meta struct{ Title string }
			if b, err := os.ReadFile(filepath.Join(dir, name, "expected-metadata.json")); err != nil || json.Unmarshal(b, &meta) != nil {
				t.Fatalf("expected-metadata.json: %v", err)
			}
			a, err := Parse(File{Name: name + ".html", Data: src})
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != strings.Join(strings.Fields(meta.Title), " ") {
				t.Errorf("title %q, want %q", a.Title, meta.Title)
			}
			have := map[string]bool{}
			for _, s := range a.Sentences {
				have[s.Text] = true
			}
			all, body := expectedSentences(t, exp)
			count := func(want []string) (n int, missing []string) {
				for _, s := range want {
					// A sentence cleaning cut in pieces is found when
					// every piece is.
					var outlet string
					pieces := appendSentence(nil, s, &outlet, sentenceRules{notice: true})
					whole := len(pieces) > 0
					for _, p := range pieces {
						whole = whole && have[p]
					}
					if have[s] || whole {
						n++
					} else {
						missing = append(missing, s)
					}
				}
				return n, missing
			}
			n, _ := count(all)
			bn, missing := count(body)
			total += len(all)
			found += n
			bodyTotal += len(body)
			bodyFound += bn
			share := float64(n) / float64(max(len(all), 1))
			bodyShare := float64(bn) / float64(max(len(body), 1))
			t.Logf("%s: %d of %d expected sentences indexed (%.1f%%), body %d of %d (%.1f%%); outlet %q, published %q, url %q, authors %q",
				name, n, len(all), 100*share, bn, len(body), 100*bodyShare, a.Outlet, a.Published, a.URL, a.Authors)
			if bodyShare < 0.90 || share < 0.70 {
				t.Errorf("%s: only %.1f%% of expected body sentences (%.1f%% of all) indexed; missing e.g. %q", name, 100*bodyShare, 100*share, missing[:min(len(missing), 5)])
			}
		})
	}
	if share := float64(found) / float64(max(total, 1)); share < 0.90 {
		t.Errorf("all pages: only %.1f%% of expected sentences indexed", 100*share)
	}
	t.Logf("all pages: %d of %d expected sentences indexed (%.1f%%), body %d of %d (%.1f%%)",
		found, total, 100*float64(found)/float64(max(total, 1)), bodyFound, bodyTotal, 100*float64(bodyFound)/float64(max(bodyTotal, 1)))
}
