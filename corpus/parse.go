package corpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Errors Parse wraps, so callers can tell problems apart with errors.Is.
var (
	ErrTooLarge    = errors.New("file too large")
	ErrEmpty       = errors.New("file is empty")
	ErrBinary      = errors.New("file is binary")
	ErrNotUTF8     = errors.New("file is not UTF-8")
	ErrBadJSON     = errors.New("broken JSON")
	ErrNoText      = errors.New("no article text")
	ErrNoSentences = errors.New("no sentences after cleaning")
)

// Parse turns one file into an Article: metadata, then the headline (if
// any) as sentence 0.1, then the body's sentences with clutter removed.
//
// Text files (.txt, .md) may start with a header of "Key: value" lines —
// Title, Outlet, URL, Published, Language, Authors (keys case-insensitive;
// Author, Date and Lang are accepted too) — ended by a blank line. If the first
// line is not such a line there is no header. Each line of the body is a
// paragraph, except that a line starting in lowercase after a line without
// closing punctuation continues it (hard-wrapped text). JSON files are
// news-please records (title, text, url, source_domain, date_publish,
// language, authors); a first text line repeating the title is dropped.
//
// The language is the declared one when it is English, Spanish or French,
// otherwise DetectLanguage's guess. A missing outlet may be learned from a
// copyright or agency line ("© 2025 Latin Times. All rights reserved.").
// No title is ever invented.
//
// Parse returns an error wrapping ErrTooLarge (or the read problem in
// f.ReadErr), ErrEmpty, ErrBinary, ErrNotUTF8 (with the byte offset),
// ErrBadJSON (with line and column), ErrNoText or ErrNoSentences; each says
// what to fix.
func Parse(f File) (Article, error) {
	if f.ReadErr != nil {
		return Article{}, f.ReadErr
	}
	if len(f.Data) > MaxFileSize {
		return Article{}, tooLarge(int64(len(f.Data)))
	}
	data := f.Data
	if err := checkText(data); err != nil {
		return Article{}, err
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	a := Article{
		ID:    strings.TrimSuffix(f.Name, path.Ext(f.Name)),
		File:  f.Name,
		Story: f.Story,
		Hash:  f.Hash,
	}
	if a.Hash == "" {
		a.Hash = hashOf(f.Data)
	}
	var body, lang string
	var dropFirst string
	ext := strings.ToLower(path.Ext(f.Name))
	if ext == ".json" {
		rec, err := decodeNewsPlease(data)
		if err != nil {
			return Article{}, err
		}
		a.Title = strings.TrimSpace(rec.Title)
		a.URL = strings.TrimSpace(rec.URL)
		a.Outlet = outletFromDomain(rec.SourceDomain)
		a.Published = strings.TrimSpace(rec.DatePublish)
		a.Authors = cleanAuthors(rec.Authors)
		lang = rec.Language
		body = rec.Text
		dropFirst = a.Title
	} else {
		var h header
		body, h = splitHeader(string(data))
		a.Title, a.Outlet, a.URL, a.Published, a.Authors = h.title, h.outlet, h.url, h.published, h.authors
		lang = h.language
		if ext == ".md" && a.Title == "" {
			if t, rest, ok := markdownTitle(body); ok {
				a.Title, body = t, rest
			}
		}
	}
	paras := paragraphs(body, ext == ".md")
	if dropFirst != "" && len(paras) > 0 && sameText(paras[0], dropFirst) {
		paras = paras[1:]
	}
	kept, outlet := clean(paras)
	if a.Outlet == "" {
		a.Outlet = outlet
	}
	if a.Language = normalizeLanguage(lang); a.Language == "" {
		a.Language = DetectLanguage(a.Title + "\n" + strings.Join(kept, "\n"))
	}
	if a.Title != "" {
		a.Sentences = append(a.Sentences, Sentence{Paragraph: 0, Index: 1, Text: a.Title})
	}
	n := 0
	for _, p := range kept {
		ss := Split(p)
		if len(ss) == 0 {
			continue
		}
		n++
		for i, s := range ss {
			a.Sentences = append(a.Sentences, Sentence{Paragraph: n, Index: i + 1, Text: s})
		}
	}
	if n == 0 {
		return Article{}, fmt.Errorf("%w: every paragraph was empty or clutter (captions, credits, copyright, share buttons); add the article's body text", ErrNoSentences)
	}
	return a, nil
}

// checkText rejects empty, binary and non-UTF-8 data, saying where.
func checkText(data []byte) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return fmt.Errorf("%w: add the article's text or remove the file", ErrEmpty)
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return fmt.Errorf("%w: NUL byte at byte %d; articles must be plain text or JSON", ErrBinary, i)
	}
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, w := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && w <= 1 {
				break
			}
			off += w
		}
		line := 1 + bytes.Count(data[:off], []byte("\n"))
		return fmt.Errorf("%w: invalid byte 0x%02x at byte %d (line %d); save the file as UTF-8", ErrNotUTF8, data[off], off, line)
	}
	return nil
}

type header struct {
	title, outlet, url, published, language string
	authors                                 []string
}

// splitHeader reads the optional "Key: value" header and returns the body.
func splitHeader(s string) (string, header) {
	var h header
	rest := s
	// Leading blank lines do not decide whether there is a header.
	for {
		line, after, found := strings.Cut(rest, "\n")
		if strings.TrimSpace(line) != "" || !found {
			break
		}
		rest = after
	}
	seen := false
	for rest != "" {
		line, after, _ := strings.Cut(rest, "\n")
		t := strings.TrimSpace(line)
		if t == "" {
			if seen {
				rest = after
			}
			break
		}
		key, value, ok := strings.Cut(t, ":")
		if !ok {
			break
		}
		value = strings.TrimSpace(value)
		switch strings.ToLower(strings.TrimSpace(key)) {
		case "title":
			h.title = value
		case "outlet":
			h.outlet = value
		case "url":
			h.url = value
		case "published", "date":
			h.published = value
		case "language", "lang":
			h.language = value
		case "authors", "author":
			h.authors = splitAuthors(value)
		default:
			if !seen {
				return s, header{}
			}
			// An unknown key after known ones: the body starts here.
			return rest, h
		}
		seen = true
		rest = after
	}
	if !seen {
		return s, header{}
	}
	return rest, h
}

func splitAuthors(v string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' }) {
		for _, name := range strings.Split(part, " and ") {
			if name = strings.TrimSpace(name); name != "" {
				out = append(out, name)
			}
		}
	}
	return out
}

// markdownTitle takes a leading "# Heading" as the title.
func markdownTitle(body string) (title, rest string, ok bool) {
	trimmed := strings.TrimLeft(body, " \t\r\n")
	line, after, _ := strings.Cut(trimmed, "\n")
	if !strings.HasPrefix(line, "# ") {
		return "", body, false
	}
	title = strings.TrimSpace(strings.TrimPrefix(line, "# "))
	return title, after, title != ""
}

// paragraphs cuts body into paragraphs, each a verbatim substring of body.
func paragraphs(body string, markdown bool) []string {
	var out []string
	var cur string // current paragraph, a substring of body
	curStart, curEnd := -1, -1
	flush := func() {
		if curStart >= 0 {
			out = append(out, cur)
		}
		curStart = -1
	}
	pos := 0
	for pos <= len(body) {
		line, _, found := strings.Cut(body[pos:], "\n")
		start, end := pos, pos+len(line)
		t := strings.TrimSpace(line)
		switch {
		case t == "":
			flush()
		case markdown && strings.HasPrefix(t, "#"):
			flush()
			h := strings.TrimSpace(strings.TrimLeft(t, "#"))
			if h != "" {
				out = append(out, h)
			}
		case curStart >= 0 && continuesLine(cur, t):
			curEnd = end
			cur = strings.TrimSpace(body[curStart:curEnd])
		default:
			flush()
			curStart, curEnd = start, end
			cur = t
		}
		if !found {
			break
		}
		pos = end + 1
	}
	flush()
	return out
}

// continuesLine reports whether next is a hard-wrapped continuation of prev.
func continuesLine(prev, next string) bool {
	r, _ := utf8.DecodeLastRuneInString(prev)
	if strings.ContainsRune(".!?\"”’:)]…", r) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(next)
	return unicode.IsLower(first)
}

func sameText(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// newsPlease is the subset of a news-please record storybot uses. Fields
// are decoded loosely because real records hold null and "None".
type newsPlease struct {
	Title        string
	Description  string
	Text         string
	URL          string
	SourceDomain string
	DatePublish  string
	Language     string
	Authors      []string
}

func decodeNewsPlease(data []byte) (newsPlease, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			line, col := lineCol(data, int(syn.Offset))
			return newsPlease{}, fmt.Errorf("%w at line %d, column %d (byte %d): %v; fix the JSON syntax", ErrBadJSON, line, col, syn.Offset, syn)
		}
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			return newsPlease{}, fmt.Errorf("%w: the file must hold one JSON object (a news-please record), found %s", ErrBadJSON, typ.Value)
		}
		return newsPlease{}, fmt.Errorf("%w: %v", ErrBadJSON, err)
	}
	var rec newsPlease
	var err error
	str := func(key string) string {
		v, ok := raw[key]
		if !ok || err != nil {
			return ""
		}
		var s *string
		if e := json.Unmarshal(v, &s); e != nil {
			err = fmt.Errorf("%w: field %q must be a string, found %s", ErrBadJSON, key, abbreviate(string(v)))
			return ""
		}
		if s == nil || *s == "None" || *s == "null" {
			return ""
		}
		return *s
	}
	rec.Title = str("title")
	rec.Description = str("description")
	rec.Text = str("text")
	rec.URL = str("url")
	rec.SourceDomain = str("source_domain")
	rec.DatePublish = str("date_publish")
	rec.Language = str("language")
	if err != nil {
		return newsPlease{}, err
	}
	if v, ok := raw["authors"]; ok {
		var list []string
		if e := json.Unmarshal(v, &list); e != nil {
			var one string
			if e2 := json.Unmarshal(v, &one); e2 != nil {
				return newsPlease{}, fmt.Errorf("%w: field \"authors\" must be a list of names, found %s", ErrBadJSON, abbreviate(string(v)))
			}
			list = splitAuthors(one)
		}
		rec.Authors = list
	}
	if strings.TrimSpace(rec.Text) == "" {
		return newsPlease{}, fmt.Errorf("%w: the JSON has no \"text\" (the article body); add it", ErrNoText)
	}
	return rec, nil
}

func lineCol(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	before := data[:off]
	line = 1 + bytes.Count(before, []byte("\n"))
	col = off - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

func abbreviate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// outletFromDomain turns "www.dw.com" into "dw.com".
func outletFromDomain(d string) string {
	d = strings.TrimSpace(strings.ToLower(d))
	return strings.TrimPrefix(d, "www.")
}

// cleanAuthors drops what news-please mistakes for authors: site names,
// URLs and role words ("Www.Dw.Com", "Author", "Technology Correspondent").
func cleanAuthors(in []string) []string {
	var out []string
	for _, a := range in {
		a = strings.TrimSpace(a)
		l := strings.ToLower(a)
		switch {
		case a == "",
			strings.Contains(l, "www."), strings.Contains(l, ".com"), strings.Contains(l, "http"),
			l == "author", l == "staff", l == "editor",
			strings.HasSuffix(l, "correspondent"), strings.HasSuffix(l, "reporter"), strings.HasSuffix(l, "editor"):
			continue
		}
		out = append(out, a)
	}
	return out
}
