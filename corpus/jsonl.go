package corpus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxRecordID bounds a record id's length; longer ids are cut and given a
// hash of the whole so they stay distinct.
const maxRecordID = 96

// splitRecordName splits a record name ("story/dump.jsonl#L3") into its
// .jsonl file and record id; ok is false for any other name.
func splitRecordName(name string) (container, rec string, ok bool) {
	i := strings.LastIndexByte(name, '#')
	if i < 0 {
		return "", "", false
	}
	container, rec = name[:i], name[i+1:]
	if rec == "" || strings.Contains(rec, "/") || !strings.EqualFold(pathExt(container), ".jsonl") {
		return "", "", false
	}
	return container, rec, true
}

// RecordContainer returns the .jsonl file a corpus file name belongs to:
// the file itself for "dump.jsonl", the file of a record name
// ("dump.jsonl#L3"); ok is false for any other name. A reload uses it to
// keep the indexed records of a .jsonl file with a broken line.
func RecordContainer(name string) (container string, ok bool) {
	if c, _, ok := splitRecordName(name); ok {
		return c, true
	}
	if strings.EqualFold(pathExt(name), ".jsonl") {
		return name, true
	}
	return "", false
}

func pathExt(name string) string {
	for i := len(name) - 1; i >= 0 && name[i] != '/'; i-- {
		if name[i] == '.' {
			return name[i:]
		}
	}
	return ""
}

// readRecords reads the .jsonl file f (Name, Story, ModTime set) and
// returns its records, as ListFiles describes.
func readRecords(fsys fs.FS, f File) []File {
	r, err := fsys.Open(f.Name)
	if err != nil {
		f.ReadErr = fmt.Errorf("open: %w", err)
		return []File{f}
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, MaxJSONLSize+1))
	if err != nil {
		f.ReadErr = fmt.Errorf("read: %w", err)
		return []File{f}
	}
	if len(data) > MaxJSONLSize {
		f.ReadErr = fmt.Errorf("%w: over the %d MiB limit for a .jsonl file; split it into several files", ErrTooLarge, MaxJSONLSize>>20)
		return []File{f}
	}
	return splitRecords(f, data)
}

// splitRecords cuts the bytes of the .jsonl file f into record Files.
func splitRecords(f File, data []byte) []File {
	container := f
	container.Size = int64(len(data))
	if len(bytes.TrimSpace(data)) == 0 {
		container.ReadErr = fmt.Errorf("%w: the .jsonl file holds no record; put one news-please JSON record on each line, or remove the file", ErrEmpty)
		return []File{container}
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		container.ReadErr = fmt.Errorf("%w: NUL byte at byte %d (line %d); a .jsonl file is text, one JSON record per line", ErrBinary, i, 1+bytes.Count(data[:i], []byte("\n")))
		return []File{container}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	type line struct {
		n    int
		text []byte
	}
	var lines []line
	for n, rest := 1, data; len(rest) > 0; n++ {
		l, after, _ := bytes.Cut(rest, []byte("\n"))
		rest = after
		if t := bytes.TrimSpace(l); len(t) > 0 {
			lines = append(lines, line{n, bytes.TrimRight(l, " \t\r")})
		}
	}
	// One record pretty-printed over several lines is still one record.
	if !json.Valid(lines[0].text) {
		if t := bytes.TrimSpace(data); t[0] == '{' && json.Valid(t) {
			lines = []line{{lines[0].n, t}}
		}
	}
	out := make([]File, 0, len(lines))
	byID := make(map[string]int, len(lines)) // record id → line
	for _, l := range lines {
		rec := File{Story: f.Story, ModTime: f.ModTime, Size: int64(len(l.text)), Line: l.n}
		id, err := recordIDOf(l.text)
		fallback := fmt.Sprintf("L%d", l.n)
		if id == "" {
			id = fallback
		}
		if first, dup := byID[id]; dup && err == nil {
			err = fmt.Errorf("%w: same record id %q as line %d (from its \"filename\" or \"url\"): give each record its own, or remove the copy", ErrBadJSON, id, first)
			id = fallback
		}
		if _, dup := byID[id]; dup {
			// Only an id that itself reads "L<n>" can meet a fallback name.
			id = "line-" + fallback
		}
		byID[id] = l.n
		rec.Name = f.Name + "#" + id
		if err != nil {
			rec.ReadErr = fmt.Errorf("line %d: %w", l.n, err)
		} else {
			rec.Data = l.text
			rec.Hash = hashOf(l.text)
		}
		out = append(out, rec)
	}
	return out
}

// recordIDOf reads the id of one JSON Lines record; "" when it names none.
// The error says what is wrong with the line, or is nil.
func recordIDOf(line []byte) (string, error) {
	if len(line) > MaxFileSize {
		return "", tooLarge(int64(len(line)))
	}
	if !utf8.Valid(line) {
		off := 0
		for off < len(line) {
			r, w := utf8.DecodeRune(line[off:])
			if r == utf8.RuneError && w <= 1 {
				break
			}
			off += w
		}
		return "", fmt.Errorf("%w: invalid byte 0x%02x at column %d; save the file as UTF-8", ErrNotUTF8, line[off], off+1)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(line, &raw); err != nil {
		if line[0] != '{' {
			return "", fmt.Errorf("%w: the line is not a JSON object (%s); each line of a .jsonl file must be one news-please record, {…}", ErrBadJSON, abbreviate(string(line)))
		}
		return "", fmt.Errorf("%w: %v; each line of a .jsonl file must be one complete JSON record, with no line breaks inside it", ErrBadJSON, err)
	}
	for _, key := range []string{"filename", "url"} {
		var s string
		if v, ok := raw[key]; ok && json.Unmarshal(v, &s) == nil {
			if id := recordID(s); id != "" {
				return id, nil
			}
		}
	}
	return "", nil
}

// recordID makes a record's filename or url into a safe, stable, readable
// id: news-please's URL-escaped file names are unescaped, the scheme,
// "www.", tracking parameters and a .json/.html ending dropped, and every
// run of characters other than letters, digits, ".", "_" and "-" becomes
// one "-" (letters of any script stay: "Ñandú" is readable) ("https://www.dw.com/en/a-b/a-123?utm_source=x" →
// "dw.com-en-a-b-a-123"). An id that would read like a line number ("L12")
// gets "id-" in front. "" when nothing is left.
func recordID(s string) string {
	s = strings.TrimSpace(s)
	if u, err := url.PathUnescape(s); err == nil {
		s = u
	}
	s = cleanURL(s)
	l := strings.ToLower(s)
	for _, scheme := range []string{"https://", "http://"} {
		if strings.HasPrefix(l, scheme) {
			s, l = s[len(scheme):], l[len(scheme):]
		}
	}
	if strings.HasPrefix(l, "www.") {
		s, l = s[4:], l[4:]
	}
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	for _, ext := range []string{".json", ".html", ".htm"} {
		if strings.HasSuffix(strings.ToLower(s), ext) {
			s = s[:len(s)-len(ext)]
			break
		}
	}
	var b strings.Builder
	dash := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_' || r == '-' {
			if r == '-' && dash {
				continue
			}
			b.WriteRune(r)
			dash = r == '-'
			continue
		}
		if !dash {
			b.WriteByte('-')
			dash = true
		}
	}
	id := strings.Trim(b.String(), "-.")
	if len(id) > maxRecordID {
		cut := maxRecordID - 9
		for cut > 0 && !utf8.RuneStart(id[cut]) {
			cut--
		}
		id = strings.TrimRight(id[:cut], "-.") + "-" + hashOf([]byte(id))[:8]
	}
	if len(id) > 1 && id[0] == 'L' && strings.Trim(id[1:], "0123456789") == "" {
		id = "id-" + id
	}
	return id
}
