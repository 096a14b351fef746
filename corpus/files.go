package corpus

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
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
	// Line is, for a record of a .jsonl file, its 1-based line number in
	// the file; 0 for a whole file.
	Line int
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

// articleExts are the extensions Parse understands (and ".jsonl", whose
// lines ListFiles expands into records).
var articleExts = map[string]bool{".txt": true, ".md": true, ".json": true, ".jsonl": true, ".html": true, ".htm": true}

// MaxJSONLSize is the largest .jsonl file read: dumps hold many articles,
// each still bound by MaxFileSize.
const MaxJSONLSize = 256 << 20

// ReadFiles lists the article files under fsys in lexical order, reading
// each one. Files with other extensions, hidden files and folders (name
// starting with "."), folders named like an article file ("x.txt/") and
// empty folders come back in skipped, each with the reason; a story.txt
// (see StoryFile) is left out silently, as it describes a story and is no
// article. A file that cannot be read or is larger than MaxFileSize still
// comes back in files, with ReadErr set and no Data, so that Parse reports
// it as failed. Each line of a .jsonl file is one record (see ListFiles).
// The error is non-nil only when the root itself cannot be read.
func ReadFiles(fsys fs.FS) (files []File, skipped []FileProblem, err error) {
	files, skipped, err = ListFiles(fsys)
	if err != nil {
		return nil, nil, err
	}
	for i := range files {
		if files[i].Data == nil && files[i].ReadErr == nil {
			files[i] = ReadFile(fsys, files[i].Name)
		}
	}
	return files, skipped, nil
}

// ListFiles is ReadFiles without reading: the files come back with Name,
// Story, Size and ModTime (as the listing reports them) and no Data or
// Hash, so a caller can read only those that changed (ReadFile). A file
// whose size or time cannot be learned has both left zero.
//
// A .jsonl file is the exception: it is read, and each of its non-blank
// lines comes back as a record File of its own, already read: Name is the
// file's name, "#" and the record's id (recordID: the record's filename or
// url made safe, else "L" and the line number), Data the line, Size its
// length, ModTime the file's and Line its number, so one changed line is
// one changed record. A line that is no JSON object, or repeats another
// line's id, comes back with ReadErr saying so; an empty or unreadable
// .jsonl file comes back as one File under its own name with ReadErr.
func ListFiles(fsys fs.FS) (files []File, skipped []FileProblem, err error) {
	// Folders with nothing in them: every entry marks its folder.
	folders := map[string]bool{} // folder → holds an entry
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
		folders[path.Dir(p)] = true
		name := d.Name()
		if strings.HasPrefix(name, ".") {
			if d.IsDir() {
				skipped = append(skipped, FileProblem{File: p + "/", Reason: "hidden folder, not read"})
				return fs.SkipDir
			}
			skipped = append(skipped, FileProblem{File: p, Reason: "hidden file, not an article"})
			return nil
		}
		ext := strings.ToLower(path.Ext(name))
		if d.IsDir() {
			if articleExts[ext] {
				skipped = append(skipped, FileProblem{File: p + "/", Reason: fmt.Sprintf("a folder named like an article file (%s), not read: rename the folder (a story folder's name has no article extension) or move its articles out", ext)})
				return fs.SkipDir
			}
			if _, seen := folders[p]; !seen {
				folders[p] = false
			}
			return nil
		}
		if isStoryFile(p) {
			// The story's title and summary (ReadStoryFiles), not an article.
			return nil
		}
		if !articleExts[ext] {
			skipped = append(skipped, FileProblem{File: p, Reason: "not an article file: articles end in .txt, .md, .json, .jsonl, .html or .htm"})
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
		if ext == ".jsonl" {
			files = append(files, readRecords(fsys, f)...)
			return nil
		}
		files = append(files, f)
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read corpus folder: %w", err)
	}
	for dir, full := range folders {
		switch {
		case dir == ".":
		case !full:
			skipped = append(skipped, FileProblem{File: dir + "/", Reason: "empty folder, nothing to load: put articles in it or remove it"})
		}
	}
	slices.SortFunc(skipped, func(a, b FileProblem) int { return strings.Compare(a.File, b.File) })
	return files, skipped, nil
}

// ReadFile reads the article file p of fsys as ReadFiles does: a file that
// cannot be read or is too large comes back with ReadErr set and no Data.
// A record name ("dump.jsonl#L3", see ListFiles) reads that record of its
// .jsonl file; ReadErr wraps fs.ErrNotExist when the file no longer holds it.
func ReadFile(fsys fs.FS, p string) File {
	container, _, ok := splitRecordName(p)
	if !ok {
		return readFile(fsys, p)
	}
	if st, err := fs.Stat(fsys, p); err == nil && st.Mode().IsRegular() {
		// A real file whose name only looks like a record's.
		return readFile(fsys, p)
	}
	f := File{Name: container}
	if dir, _, ok := strings.Cut(container, "/"); ok {
		f.Story = dir
	}
	if st, err := fs.Stat(fsys, container); err == nil {
		f.Size, f.ModTime = st.Size(), st.ModTime()
	}
	for _, r := range readRecords(fsys, f) {
		if r.Name == p {
			return r
		}
	}
	out := File{Name: p, Story: f.Story, ModTime: f.ModTime}
	out.ReadErr = fmt.Errorf("open: %s holds no record %q any more: %w", container, p[len(container)+1:], fs.ErrNotExist)
	return out
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
