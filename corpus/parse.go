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
	ErrBadHTML     = errors.New("no article in the web page")
	ErrNoSentences = errors.New("no sentences after cleaning")
)

// Parse turns one file into an Article: metadata, then the headline (if
// any) as sentence 0.1, then the body's sentences with clutter removed.
//
// The format is told by content as well as by extension (detectFormat): a
// .txt holding a news-please record is read as JSON, a .json or .txt holding
// a saved web page as HTML.
//
// Text files (.txt, .md) may start with a header of "Key: value" lines —
// Title, Outlet, URL, Published, Language, Authors (keys case-insensitive;
// Author, Date and Lang are accepted too) — ended by a blank line. If the first
// line is not such a line there is no header. Each line of the body is a
// paragraph, except that a line starting in lowercase after a line without
// closing punctuation continues it (hard-wrapped text). JSON files are
// news-please records (title, maintext or text, url, source_domain,
// date_publish, language, authors); a first text line repeating the title
// is dropped. A line of a .jsonl file (see ListFiles) is one such record.
// Saved web pages (.html, .htm) go through a readability extractor; each
// block element of the main text is a paragraph.
//
// The language is the declared one when it is English, Spanish or French,
// otherwise DetectLanguage's guess. A missing outlet may be learned from a
// copyright or agency line ("© 2025 Latin Times. All rights reserved."),
// else from the URL's host. The published date is normalised to
// "2006-01-02", or RFC 3339 when the time and its zone are known (see
// normalizeDate); URLs lose well-known tracking parameters (cleanURL).
// No title is ever invented.
//
// Parse returns an error wrapping ErrTooLarge (or the read problem in
// f.ReadErr), ErrEmpty, ErrBinary, ErrNotUTF8 (with the byte offset),
// ErrBadJSON (with line and column), ErrBadHTML, ErrNoText or
// ErrNoSentences; each says what to fix.
func Parse(f File) (Article, error) {
	a, err := parse(f)
	if err != nil && f.Line > 0 && f.ReadErr == nil {
		return Article{}, fmt.Errorf("line %d: %w", f.Line, err)
	}
	return a, err
}

func parse(f File) (Article, error) {
	if f.ReadErr != nil {
		return Article{}, f.ReadErr
	}
	if len(f.Data) > MaxFileSize {
		return Article{}, tooLarge(int64(len(f.Data)))
	}
	data := f.Data
	format := detectFormat(f.Name, data)
	if err := checkText(data, format == formatHTML); err != nil {
		return Article{}, err
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	a := Article{
		ID:    ArticleID(f.Name),
		File:  f.Name,
		Story: f.Story,
		Hash:  f.Hash,
	}
	if a.Hash == "" {
		a.Hash = hashOf(f.Data)
	}
	var (
		doc document
		err error
	)
	switch format {
	case formatJSON:
		doc, err = newsPleaseDocument(data)
	case formatHTML:
		doc, err = htmlDocument(data)
	default:
		doc = textDocument(string(data), format == formatMarkdown)
	}
	if err != nil {
		return Article{}, err
	}
	a.Title, a.Outlet, a.Authors = doc.title, doc.outlet, doc.authors
	a.URL = cleanURL(doc.url)
	a.Published = normalizeDate(doc.published)
	paras := doc.paras
	if doc.dropFirst != "" && len(paras) > 0 && sameText(paras[0], doc.dropFirst) {
		paras = paras[1:]
	} else if len(paras) > 0 {
		paras[0] = trimTitleLead(paras[0], doc.dropFirst)
	}
	if len(paras) > 0 {
		if rest, ok := cutLead(paras[0], doc.lead); ok {
			// A one-line body opening with the record's description: the
			// description was its first paragraph, often a standfirst
			// without closing punctuation that would run into the next.
			paras = append([]string{doc.lead, rest}, paras[1:]...)
		}
	}
	kept, outlet := clean(paras)
	if a.Outlet == "" {
		a.Outlet = outlet
	}
	if a.Outlet == "" && doc.hostOutlet {
		a.Outlet = outletFromURL(a.URL)
	}
	if a.Language = normalizeLanguage(doc.language); a.Language == "" {
		var text strings.Builder
		text.WriteString(a.Title)
		for _, ss := range kept {
			for _, s := range ss {
				text.WriteString("\n")
				text.WriteString(s)
			}
		}
		a.Language = DetectLanguage(text.String())
	}
	if a.Title != "" {
		a.Sentences = append(a.Sentences, Sentence{Paragraph: 0, Index: 1, Text: a.Title})
	}
	n := 0
	for _, ss := range kept {
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

// ArticleID is the article id of the corpus file name: the name without its
// extension ("story/004_c844147cb205b5ce"), and for a record of a .jsonl
// file the container's name without extension, "#", and the record's id
// ("story/dump#example.com-2025-05-03-troops").
func ArticleID(name string) string {
	if container, rec, ok := splitRecordName(name); ok {
		return strings.TrimSuffix(container, path.Ext(container)) + "#" + rec
	}
	return strings.TrimSuffix(name, path.Ext(name))
}

// document is what a format parser learns of a file, before cleaning.
type document struct {
	title, outlet, url, published, language string
	authors                                 []string
	// paras are the body's paragraphs, verbatim.
	paras []string
	// dropFirst, when not "", is a headline the body may repeat as its first
	// paragraph.
	dropFirst string
	// lead, when not "", is the record's description, which a body often
	// opens with as its own paragraph.
	lead string
	// hostOutlet: a page or scraped record with no outlet named is cited by
	// its URL's host. A text file's URL line is not taken as naming one, as
	// it never was.
	hostOutlet bool
}

func textDocument(text string, markdown bool) document {
	body, h := splitHeader(text)
	d := document{title: h.title, outlet: h.outlet, url: h.url, published: h.published, language: h.language, authors: h.authors}
	if markdown && d.title == "" {
		if t, rest, ok := markdownTitle(body); ok {
			d.title, body = t, rest
		}
	}
	d.paras = paragraphs(body, markdown)
	return d
}

func newsPleaseDocument(data []byte) (document, error) {
	rec, err := decodeNewsPlease(data)
	if err != nil {
		return document{}, err
	}
	d := document{
		title:     strings.TrimSpace(rec.Title),
		url:       strings.TrimSpace(rec.URL),
		outlet:    outletFromDomain(rec.SourceDomain),
		published: rec.DatePublish,
		authors:   cleanAuthors(rec.Authors),
		language:  rec.Language,
		paras:     paragraphs(rec.Text, false),
	}
	d.dropFirst = d.title
	d.lead = strings.TrimSpace(rec.Description)
	d.hostOutlet = true
	return d, nil
}

// format is how a file's bytes are read.
type format int

const (
	formatText format = iota
	formatMarkdown
	formatJSON
	formatHTML
)

// detectFormat tells a file's format from its first bytes, falling back on
// its extension: people save news-please records as .txt and web pages as
// .json or .txt, and the extension is then the wrong guide. Text that starts
// with "{" is JSON only when it holds a JSON object; a .json or .html file
// that does not look like either stays what its extension says, so the
// error names what is wrong.
func detectFormat(name string, data []byte) format {
	ext := strings.ToLower(path.Ext(name))
	if _, _, ok := splitRecordName(name); ok {
		ext = ".json"
	}
	head := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\uFEFF")), " \t\r\n")
	switch {
	case len(head) > 0 && head[0] == '{':
		if ext == ".json" || ext == ".html" || ext == ".htm" || json.Valid(data) {
			return formatJSON
		}
	case looksLikeHTML(head):
		return formatHTML
	}
	switch ext {
	case ".json":
		return formatJSON
	case ".html", ".htm":
		return formatHTML
	case ".md":
		return formatMarkdown
	}
	return formatText
}

// htmlStarts are the openings of an HTML document, lowercased.
var htmlStarts = []string{"<!doctype html", "<html", "<head", "<body", "<!--", "<meta", "<article", "<div", "<p>", "<p ", "<title"}

func looksLikeHTML(head []byte) bool {
	if len(head) == 0 || head[0] != '<' {
		return false
	}
	start := strings.ToLower(string(head[:min(len(head), 16)]))
	for _, h := range htmlStarts {
		if strings.HasPrefix(start, h) {
			return true
		}
	}
	return false
}

// checkText rejects empty, binary and non-UTF-8 data, saying where.
// A web page may be in another encoding (its <meta charset> says which), so
// html skips the UTF-8 check.
func checkText(data []byte, html bool) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return fmt.Errorf("%w: add the article's text or remove the file", ErrEmpty)
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return fmt.Errorf("%w: NUL byte at byte %d; articles must be plain text, JSON or a saved web page", ErrBinary, i)
	}
	if !html && !utf8.Valid(data) {
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

// cutLead reports whether p opens with lead, of four words or more, and
// a sentence after it, and returns the text after lead.
func cutLead(p, lead string) (string, bool) {
	if lead == "" || len(p) <= len(lead)+1 || !strings.HasPrefix(p, lead) || p[len(lead)] != ' ' || countWords(lead, 4) < 4 {
		return "", false
	}
	rest := strings.TrimLeft(p[len(lead):], " ")
	// A description cut short ("…the fast-growing market for") runs on in
	// lowercase; a standfirst is followed by a sentence of its own.
	r, _ := utf8.DecodeRuneInString(rest)
	return rest, unicode.IsUpper(r) || strings.ContainsRune("\"“‘'", r)
}

// trimTitleLead cuts the title of four words or more from the start of a
// one-line article, where it runs into the first sentence ("North Korea
// fires missile over Japan North Korea has fired…"): the paragraph break
// that would drop it as a repeated title is gone.
func trimTitleLead(p, title string) string {
	title = strings.TrimSpace(title)
	if title == "" || len(p) <= len(title)+1 || !strings.HasPrefix(p, title) || p[len(title)] != ' ' || countWords(title, 4) < 4 {
		return p
	}
	rest := strings.TrimLeft(p[len(title):], " ")
	if r, _ := utf8.DecodeRuneInString(rest); !unicode.IsUpper(r) && !strings.ContainsRune("\"“‘'", r) {
		return p
	}
	return rest
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
		if hint := notOneObject(data); hint != "" {
			return newsPlease{}, fmt.Errorf("%w: %s", ErrBadJSON, hint)
		}
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
	// other reads the names other scrapers and schema.org give a field,
	// after news-please's own; a value there that is not a string (a
	// NewsAPI "source" object) is passed over rather than refused.
	other := func(v string, keys ...string) string {
		for _, k := range keys {
			if strings.TrimSpace(v) != "" {
				return v
			}
			var s string
			if raw[k] != nil && json.Unmarshal(raw[k], &s) == nil && s != "None" && s != "null" {
				v = s
			}
		}
		return v
	}
	rec.Title = other(str("title"), "headline")
	rec.Description = other(str("description"), "summary", "abstract")
	// news-please writes the body as "maintext"; versions before 1.5 as "text".
	rec.Text = str("maintext")
	if strings.TrimSpace(rec.Text) == "" {
		rec.Text = str("text")
	}
	rec.Text = other(rec.Text, "articleBody", "body", "content", "article")
	rec.URL = other(str("url"), "link", "canonical_url")
	rec.SourceDomain = other(str("source_domain"), "domain", "site_name", "publisher")
	rec.DatePublish = other(str("date_publish"), "datePublished", "date_published", "published",
		"published_at", "publish_date", "pubDate", "date")
	rec.Language = other(str("language"), "lang", "inLanguage")
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
		return newsPlease{}, fmt.Errorf("%w: the JSON has no \"maintext\" or \"text\" (the article body; \"articleBody\", \"body\" and \"content\" are read too); add it", ErrNoText)
	}
	return rec, nil
}

// notOneObject explains, when it can, why data is no single JSON object:
// several records one after another are JSON Lines, and text that does not
// start like JSON is no JSON at all.
func notOneObject(data []byte) string {
	dec := json.NewDecoder(bytes.NewReader(data))
	var first json.RawMessage
	if err := dec.Decode(&first); err != nil {
		head := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\uFEFF")), " \t\r\n")
		if len(head) > 0 && head[0] != '{' && head[0] != '[' {
			return "the file does not start like JSON (a news-please record starts with \"{\"); if it is plain text, rename it .txt"
		}
		return ""
	}
	if dec.More() {
		return "the file holds several JSON values one after another; if each line is one record, rename it .jsonl"
	}
	return ""
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
