package qa

import (
	"context"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"storybot/corpus"
)

// storyVocab indexes the English dev-set stories, one vocabIndex each,
// with how many sentences hold each stem, and the surface words seen.
func storyVocab(t *testing.T, an *corpus.Analyzer) (map[string]vocabIndex, map[string][]string) {
	t.Helper()
	dirs, err := filepath.Glob("testdata/devset/*")
	if err != nil {
		t.Fatal(err)
	}
	idx := map[string]vocabIndex{}
	words := map[string][]string{}
	for _, dir := range dirs {
		files, _, err := corpus.ReadFiles(os.DirFS(dir))
		if err != nil {
			t.Fatal(err)
		}
		v := vocabIndex{df: map[string]int{}}
		seen := map[string]bool{}
		for _, f := range files {
			a, err := corpus.Parse(f)
			if err != nil || a.Language != "en" {
				continue
			}
			for _, s := range a.Sentences {
				inSentence := map[string]bool{}
				for _, tok := range an.Tokens(s.Text, "en") {
					if tok.Stop || inSentence[tok.Stem] {
						continue
					}
					inSentence[tok.Stem] = true
					v.df[tok.Stem]++
					if w := tok.Text; !seen[w] && len(w) >= 5 && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) < 0 {
						seen[w] = true
						words[dir] = append(words[dir], w)
					}
				}
			}
		}
		if len(v.df) > 0 {
			idx[dir] = v
		}
	}
	return idx, words
}

// qwerty holds each letter's neighbours on the keyboard.
var qwertyRows = []string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}

func keyNeighbour(r *rand.Rand, c byte) byte {
	for i, row := range qwertyRows {
		if j := strings.IndexByte(row, c); j >= 0 {
			var n []byte
			if j > 0 {
				n = append(n, row[j-1])
			}
			if j+1 < len(row) {
				n = append(n, row[j+1])
			}
			for _, k := range []int{i - 1, i + 1} {
				if k >= 0 && k < len(qwertyRows) && j < len(qwertyRows[k]) {
					n = append(n, qwertyRows[k][j])
				}
			}
			return n[r.IntN(len(n))]
		}
	}
	return c
}

// typo makes one slip of the kind people make typing fast: two letters
// swapped, one dropped or doubled, a neighbouring key hit. The first
// letter is kept, as people rarely miss it.
func typo(r *rand.Rand, w string) string {
	b := []byte(w)
	i := 1 + r.IntN(len(b)-1)
	switch r.IntN(4) {
	case 0:
		if i+1 < len(b) && b[i] != b[i+1] {
			b[i], b[i+1] = b[i+1], b[i]
			return string(b)
		}
		return string(b[:i]) + string(b[i+1:])
	case 1:
		return string(b[:i]) + string(b[i+1:])
	case 2:
		return string(b[:i]) + string(b[i]) + string(b[i:])
	}
	b[i] = keyNeighbour(r, b[i])
	return string(b)
}

// TestCorrectionRates measures correction on the dev set's English
// stories: slips made in their own words must be corrected back, and real
// words they do not use (from the BBC corpus) must be left alone.
func TestCorrectionRates(t *testing.T) {
	bbc := filepath.Join("..", "..", "shared", "data", "bbc")
	if _, err := os.Stat(bbc); err != nil {
		t.Skipf("no BBC corpus at %s (../shared): the false-correction half needs it", bbc)
	}
	an := corpus.NewAnalyzer()
	idx, words := storyVocab(t, an)
	ctx := context.Background()
	r := rand.New(rand.NewPCG(12, 12))

	dirs := slices.Sorted(maps.Keys(idx))
	var tried, fixed, wrong int
	var missed []string
	for _, dir := range dirs {
		v := idx[dir]
		for _, w := range words[dir] {
			want := an.Terms(w, "en")
			slip := typo(r, w)
			got := an.Terms(slip, "en")
			if len(want) != 1 || len(got) != 1 || v.df[got[0]] > 0 {
				continue // a slip that makes another word of the story
			}
			tried++
			fix, err := correction(ctx, v, got[0], slip, "en")
			if err != nil {
				t.Fatal(err)
			}
			switch fix {
			case want[0]:
				fixed++
			case "":
				if testing.Verbose() && len(missed) < 40 {
					missed = append(missed, w+"/"+slip+"/"+got[0]+"→"+want[0])
				}
			default:
				wrong++
			}
		}
	}

	// Real words: BBC stems used in at least five articles.
	docs := map[string]int{}
	surface := map[string]string{}
	files, _ := filepath.Glob(filepath.Join(bbc, "*", "*.txt"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, tok := range an.Tokens(string(data), "en") {
			if !tok.Stop && !seen[tok.Stem] && strings.IndexFunc(tok.Stem, func(r rune) bool { return !unicode.IsLetter(r) }) < 0 {
				seen[tok.Stem] = true
				docs[tok.Stem]++
				if _, ok := surface[tok.Stem]; !ok {
					surface[tok.Stem] = tok.Text
				}
			}
		}
	}
	var real, falseFix int
	var examples []string
	stems := slices.Sorted(maps.Keys(docs))
	for _, dir := range dirs {
		v := idx[dir]
		for _, s := range stems {
			n := docs[s]
			if n < 5 || v.df[s] > 0 || maxEdits(s) == 0 {
				continue
			}
			real++
			fix, err := correction(ctx, v, s, surface[s], "en")
			if err != nil {
				t.Fatal(err)
			}
			if fix != "" {
				falseFix++
				if len(examples) < 12 {
					examples = append(examples, s+"→"+fix)
				}
			}
		}
	}
	if len(missed) > 0 {
		t.Logf("not corrected: %v", missed)
	}
	recall := float64(fixed) / float64(tried)
	falseRate := float64(falseFix) / float64(real)
	t.Logf("slips: %d tried, %d corrected back (%.1f%%), %d to another word; real words absent from a story: %d, %d corrected (%.2f%%), e.g. %v",
		tried, fixed, 100*recall, wrong, real, falseFix, 100*falseRate, examples)
	if recall < 0.5 {
		t.Errorf("slips corrected back %.1f%%, want at least 50%%", 100*recall)
	}
	if falseRate > 0.05 {
		t.Errorf("real words corrected %.2f%%, want at most 5%%", 100*falseRate)
	}
}

// TestCorrectionRatesSpanishFrench measures false corrections where no
// common-word list guards them: the words of a Spanish and a French news
// page (../shared's La Nación and Le Monde) that the dev set's Spanish
// and French stories lack.
func TestCorrectionRatesSpanishFrench(t *testing.T) {
	an := corpus.NewAnalyzer()
	for _, c := range []struct{ lang, story, page string }{
		{"es", "testdata/devset/es_incendio_valencia", "la-nacion"},
		{"fr", "testdata/devset/fr_greve_lyon", "lemonde-1"},
	} {
		path := filepath.Join("..", "..", "shared", "data", "html-pages", c.page, "source.html")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Skipf("no %s (../shared): %v", path, err)
		}
		page, err := corpus.Parse(corpus.File{Name: c.page + ".html", Data: data})
		if err != nil {
			t.Fatal(err)
		}
		files, _, err := corpus.ReadFiles(os.DirFS(c.story))
		if err != nil {
			t.Fatal(err)
		}
		v := vocabIndex{df: map[string]int{}}
		for _, f := range files {
			a, err := corpus.Parse(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range a.Sentences {
				for _, tok := range an.Tokens(s.Text, c.lang) {
					if !tok.Stop {
						v.df[tok.Stem]++
					}
				}
			}
		}
		seen := map[string]bool{}
		var real, falseFix int
		var examples []string
		for _, s := range page.Sentences {
			for _, tok := range an.Tokens(s.Text, c.lang) {
				if tok.Stop || seen[tok.Stem] || v.df[tok.Stem] > 0 || strings.IndexFunc(tok.Text, func(r rune) bool { return !unicode.IsLetter(r) }) >= 0 {
					continue
				}
				seen[tok.Stem] = true
				real++
				fix, err := correction(context.Background(), v, tok.Stem, tok.Text, c.lang)
				if err != nil {
					t.Fatal(err)
				}
				if fix != "" {
					falseFix++
					if len(examples) < 8 {
						examples = append(examples, tok.Text+"→"+fix)
					}
				}
			}
		}
		rate := float64(falseFix) / float64(real)
		t.Logf("%s: %d real words the story lacks, %d corrected (%.1f%%), e.g. %v", c.lang, real, falseFix, 100*rate, examples)
		if rate > 0.06 {
			t.Errorf("%s: %.1f%% of real words corrected, want at most 6%%", c.lang, 100*rate)
		}
	}
}
