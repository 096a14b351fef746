package corpus_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"storybot/corpus"
)

// BenchmarkFingerprint is FingerprintDir, the reader's stale-folder check on a folder laid
// out like `storybot bench --generate`'s: 100k sentences are about 4,900
// files in 134 story folders, 1M about 48,500 in 1,339.
func BenchmarkFingerprint(b *testing.B) {
	for _, size := range []struct {
		name           string
		stories, files int
	}{
		{"100k_sentences", 134, 36},
		{"1M_sentences", 1339, 36},
	} {
		b.Run(size.name, func(b *testing.B) {
			dir := b.TempDir()
			for s := range size.stories {
				story := filepath.Join(dir, fmt.Sprintf("story-%04d", s))
				if err := os.Mkdir(story, 0o755); err != nil {
					b.Fatal(err)
				}
				for f := range size.files {
					if err := os.WriteFile(filepath.Join(story, fmt.Sprintf("article-%03d.txt", f)), []byte("Title: x\n\nText.\n"), 0o644); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ResetTimer()
			for b.Loop() {
				if _, err := corpus.FingerprintDir(dir); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
