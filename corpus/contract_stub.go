package corpus

// TEMPORARY naive stand-ins so store/ and qa/ compile while the real corpus
// code is written. The corpus work replaces every function in this file.

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"strings"
)

// File is one candidate article file as read from a corpus folder.
type File struct {
	Name  string // relative to the corpus root, slash-separated
	Story string // top-level subfolder, "" for a flat folder
	Data  []byte
	Hash  string // hex SHA-256 of Data
}

// ReadFiles lists the article files under fsys.
func ReadFiles(fsys fs.FS) ([]File, []FileProblem, error) {
	var files []File
	var skipped []FileProblem
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !(strings.HasSuffix(p, ".txt") || strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".json")) {
			skipped = append(skipped, FileProblem{File: p, Reason: "not an article file"})
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		h := sha256.Sum256(b)
		files = append(files, File{Name: p, Data: b, Hash: hex.EncodeToString(h[:])})
		return nil
	})
	return files, skipped, err
}

// Parse turns one file into an Article.
func Parse(f File) (Article, error) {
	a := Article{ID: strings.TrimSuffix(f.Name, ".txt"), File: f.Name, Hash: f.Hash, Language: "en"}
	for i, para := range strings.Split(string(f.Data), "\n") {
		if strings.TrimSpace(para) == "" {
			continue
		}
		a.Sentences = append(a.Sentences, Sentence{Paragraph: i + 1, Index: 1, Text: para})
	}
	return a, nil
}

// Default returns the embedded default corpus.
func Default() fs.FS { return nil }
