package corpus

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"
)

// StoryFile is the name of the optional file, at the root of a corpus folder
// or of a story's subfolder, that gives the story a title and a one-line
// summary. A file of that name is never loaded as an article.
const StoryFile = "story.txt"

// maxStoryFile bounds story.txt: a title and a line of summary.
const maxStoryFile = 64 << 10

// Story is one story of a corpus: the articles under one top-level
// subfolder, or those at the root of a flat corpus folder (Name "").
type Story struct {
	Name    string
	Title   string // from story.txt; "" when none
	Summary string // from story.txt; "" when none
	// Articles and Sentences count what is indexed.
	Articles  int
	Sentences int
}

// Label is how a user sees the story named: its title, else its name, else
// "the main story" for the unnamed story of a flat folder.
func (s Story) Label() string {
	switch {
	case s.Title != "":
		return s.Title
	case s.Name != "":
		return s.Name
	default:
		return "the main story"
	}
}

// StoryOf returns the story a corpus file belongs to: its top-level
// subfolder, or "" for a file at the root.
func StoryOf(file string) string {
	if dir, _, ok := strings.Cut(file, "/"); ok {
		return dir
	}
	return ""
}

// isStoryFile reports whether p is a story description rather than an
// article. Any file named story.txt is, at whatever depth: a reload of one
// story reads its folder as a root, and must see the same articles as a
// reload of the whole corpus.
func isStoryFile(p string) bool {
	return strings.EqualFold(path.Base(p), StoryFile)
}

// ParseStoryFile reads a story.txt. Two forms are accepted: the article
// header convention ("Title: …" and "Summary: …" lines, keys
// case-insensitive, "Description" accepted for the summary), or plain text
// whose first non-blank line is the title and the next the summary. Lines
// after those are ignored, so a longer note does no harm.
//
// It returns an error wrapping ErrEmpty, ErrBinary or ErrNotUTF8 when the
// file cannot be a story description, saying what to fix.
func ParseStoryFile(data []byte) (title, summary string, err error) {
	if len(data) > maxStoryFile {
		return "", "", fmt.Errorf("%w: %d bytes, a story.txt holds a title and one line of summary", ErrTooLarge, len(data))
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return "", "", fmt.Errorf("%w: a story.txt is plain text, a title line then a summary line", ErrBinary)
	}
	if !utf8.Valid(data) {
		return "", "", fmt.Errorf("%w: save story.txt as UTF-8", ErrNotUTF8)
	}
	text := strings.TrimPrefix(string(data), "\uFEFF")
	var lines []string
	for _, l := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return "", "", fmt.Errorf("%w: put the story's title on line 1 and a one-line summary on line 2", ErrEmpty)
	}
	headed := false
	for _, l := range lines {
		key, value, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(key)) {
		case "title":
			title, headed = strings.TrimSpace(value), true
		case "summary", "description":
			summary, headed = strings.TrimSpace(value), true
		}
	}
	if headed {
		if title == "" && summary == "" {
			return "", "", fmt.Errorf("%w: the Title and Summary lines are blank", ErrEmpty)
		}
		return title, summary, nil
	}
	title = lines[0]
	if len(lines) > 1 {
		summary = lines[1]
	}
	return title, summary, nil
}

// FindStoryFile returns the path of the story.txt in folder dir of fsys
// ("." for the root), whatever its case, and whether there is one.
func FindStoryFile(fsys fs.FS, dir string) (string, bool) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return "", false
	}
	for _, e := range entries {
		if !e.IsDir() && isStoryFile(e.Name()) {
			return path.Join(dir, e.Name()), true
		}
	}
	return "", false
}

// ReadStoryFile reads the story.txt of the story named name ("" for the
// root of fsys). ok is false when it has none; err says why the file there
// cannot be used.
func ReadStoryFile(fsys fs.FS, name string) (s Story, file string, ok bool, err error) {
	dir := name
	if dir == "" {
		dir = "."
	}
	file, ok = FindStoryFile(fsys, dir)
	if !ok {
		return Story{Name: name}, "", false, nil
	}
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return Story{Name: name}, file, true, fmt.Errorf("cannot read: %w", err)
	}
	title, summary, err := ParseStoryFile(data)
	if err != nil {
		return Story{Name: name}, file, true, err
	}
	return Story{Name: name, Title: title, Summary: summary}, file, true, nil
}

// ReadStoryFiles reads the story.txt of the root of fsys and of each
// top-level folder, returning the stories described, by name ("" for the
// root). A story.txt that cannot be read or parsed comes back in problems
// and its story simply has no title. Hidden folders are not looked in.
func ReadStoryFiles(fsys fs.FS) (stories map[string]Story, problems []FileProblem) {
	stories = map[string]Story{}
	read := func(name string) {
		s, file, ok, err := ReadStoryFile(fsys, name)
		switch {
		case err != nil:
			problems = append(problems, FileProblem{File: file, Reason: err.Error()})
		case ok:
			stories[name] = s
		}
	}
	read("")
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return stories, problems
	}
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			read(e.Name())
		}
	}
	return stories, problems
}
