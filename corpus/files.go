package corpus

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"time"
)

// MaxFileSize is the largest article file ReadFiles reads; news articles are
// tens of kilobytes, so anything larger is almost surely not one.
const MaxFileSize = 4 << 20

// File is one candidate article file as read from a corpus folder.
type File struct {
	Name  string // relative to the corpus root, slash-separated
	Story string // top-level subfolder, "" for a flat folder
	Data  []byte
	Hash  string // hex SHA-256 of Data
	// Size is the file's size in bytes as reported by the file system.
	Size int64
	// ModTime is the file's modification time as the file system reports
	// it; zero when it reports none (as embedded files do).
	ModTime time.Time
	// ReadErr is why the file could not be read (unreadable, or larger than
	// MaxFileSize); Data is then nil and Parse returns the problem, so it is
	// reported as a failed file rather than lost.
	ReadErr error
}

//go:embed articles/*.txt
var embedded embed.FS

// Default returns the embedded default corpus: the seed story's articles,
// with file names at the root ("000_156f60930e48d313.txt").
func Default() fs.FS {
	sub, err := fs.Sub(embedded, "articles")
	if err != nil {
		// fs.Sub fails only for an invalid path, and "articles" is valid.
		panic("corpus: embedded articles: " + err.Error())
	}
	return sub
}

// articleExts are the extensions Parse understands.
var articleExts = map[string]bool{".txt": true, ".md": true, ".json": true}

// ReadFiles lists the article files under fsys in lexical order, reading
// each one. Files with other extensions, and hidden files and folders (name
// starting with "."), come back in skipped, each with the reason; a
// story.txt (see StoryFile) is left out silently, as it describes a story
// and is no article. A file that cannot be read or is larger than
// MaxFileSize still comes back in files, with ReadErr set and no Data, so
// that Parse reports it as failed. The error is non-nil only when the root
// itself cannot be read.
func ReadFiles(fsys fs.FS) (files []File, skipped []FileProblem, err error) {
	files, skipped, err = ListFiles(fsys)
	if err != nil {
		return nil, nil, err
	}
	for i := range files {
		files[i] = ReadFile(fsys, files[i].Name)
	}
	return files, skipped, nil
}

// ListFiles is ReadFiles without reading: the files come back with Name,
// Story, Size and ModTime (as the listing reports them) and no Data or
// Hash, so a caller can read only those that changed (ReadFile). A file
// whose size or time cannot be learned has both left zero.
func ListFiles(fsys fs.FS) (files []File, skipped []FileProblem, err error) {
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			skipped = append(skipped, FileProblem{File: p, Reason: fmt.Sprintf("cannot read: %v", err)})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p == "." {
			return nil
		}
		name := d.Name()
		if strings.HasPrefix(name, ".") {
			if d.IsDir() {
				skipped = append(skipped, FileProblem{File: p + "/", Reason: "hidden folder, not read"})
				return fs.SkipDir
			}
			skipped = append(skipped, FileProblem{File: p, Reason: "hidden file, not an article"})
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if isStoryFile(p) {
			// The story's title and summary (ReadStoryFiles), not an article.
			return nil
		}
		ext := strings.ToLower(path.Ext(name))
		if !articleExts[ext] {
			skipped = append(skipped, FileProblem{File: p, Reason: "not an article file: articles end in .txt, .md or .json"})
			return nil
		}
		if !d.Type().IsRegular() {
			skipped = append(skipped, FileProblem{File: p, Reason: "not a regular file"})
			return nil
		}
		f := File{Name: p}
		if dir, _, ok := strings.Cut(p, "/"); ok {
			f.Story = dir
		}
		if info, err := d.Info(); err == nil {
			f.Size, f.ModTime = info.Size(), info.ModTime()
		}
		files = append(files, f)
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read corpus folder: %w", err)
	}
	return files, skipped, nil
}

// ReadFile reads the article file p of fsys as ReadFiles does: a file that
// cannot be read or is too large comes back with ReadErr set and no Data.
func ReadFile(fsys fs.FS, p string) File {
	return readFile(fsys, p)
}

// readFile reads one article file, never more than MaxFileSize+1 bytes.
func readFile(fsys fs.FS, p string) File {
	f := File{Name: p}
	if dir, _, ok := strings.Cut(p, "/"); ok {
		f.Story = dir
	}
	r, err := fsys.Open(p)
	if err != nil {
		f.ReadErr = fmt.Errorf("open: %w", err)
		return f
	}
	defer r.Close()
	if st, err := r.Stat(); err == nil {
		f.Size, f.ModTime = st.Size(), st.ModTime()
	}
	if f.Size > MaxFileSize {
		f.ReadErr = tooLarge(f.Size)
		return f
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		f.ReadErr = fmt.Errorf("read: %w", err)
		return f
	}
	if len(data) > MaxFileSize {
		f.ReadErr = tooLarge(int64(len(data)))
		return f
	}
	f.Size = int64(len(data))
	f.Data = data
	f.Hash = hashOf(data)
	return f
}

func tooLarge(n int64) error {
	return fmt.Errorf("%w: %.1f MiB, over the %d MiB limit for one article; split or trim it", ErrTooLarge, float64(n)/(1<<20), MaxFileSize>>20)
}

func hashOf(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
