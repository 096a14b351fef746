package eval

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"storybot/corpus"
)

// LoadCorpus reads and parses the article files of a corpus folder, as the
// store would index them, in file order. It returns an error when the
// folder cannot be read, when a file in it cannot be parsed (a dev-set
// story must load whole, or its gold would silently lose a source), or
// when it holds no article.
func LoadCorpus(dir string) ([]corpus.Article, error) {
	files, _, err := corpus.ReadFiles(os.DirFS(dir))
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", dir, err)
	}
	arts := make([]corpus.Article, 0, len(files))
	for _, f := range files {
		a, err := corpus.Parse(f)
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", filepath.Join(dir, f.Name), err)
		}
		arts = append(arts, a)
	}
	if len(arts) == 0 {
		return nil, fmt.Errorf("load %s: no article files", dir)
	}
	return arts, nil
}

// HoldsGold reports whether a cited sentence holds one of a source's gold
// substrings. White space is compared loosely, since gold is typed by hand
// and articles wrap lines; case and punctuation are not, so a gold
// substring stays specific to the sentence it was copied from.
func HoldsGold(sentence string, gold []string) bool {
	s := strings.Join(strings.Fields(sentence), " ")
	for _, g := range gold {
		if g = strings.Join(strings.Fields(g), " "); g != "" && strings.Contains(s, g) {
			return true
		}
	}
	return false
}
