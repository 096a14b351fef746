package corpus

import (
	"errors"
	"io/fs"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func sentenceTexts(a Article) []string {
	var out []string
	for _, s := range a.Sentences {
		out = append(out, s.Text)
	}
	return out
}

func TestParseNewsPleaseMaintext(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"maintext", `{"title": "T", "maintext": "Body from maintext."}`, []string{"T", "Body from maintext."}},
		{"text", `{"title": "T", "text": "Body from text."}`, []string{"T", "Body from text."}},
		{"maintext wins", `{"title": "T", "text": "Old body.", "maintext": "New body."}`, []string{"T", "New body."}},
		{"null maintext", `{"title": "T", "maintext": null, "text": "Body from text."}`, []string{"T", "Body from text."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(File{Name: "a.json", Data: []byte(tt.in)})
			if err != nil {
				t.Fatal(err)
			}
			if got := sentenceTexts(a); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("sentences %q, want %q", got, tt.want)
			}
		})
	}
	_, err := Parse(File{Name: "a.json", Data: []byte(`{"title": "T"}`)})
	if !errors.Is(err, ErrNoText) || !strings.Contains(err.Error(), `"maintext"`) {
		t.Errorf("no body: %v", err)
	}
}

func TestParseJSONOtherFieldNames(t *testing.T) {
	tests := []struct {
		name, in                   string
		title, published, url, out string
		sentences                  []string
	}{
		{"schema.org", `{"headline": "H", "articleBody": "Body one.", "datePublished": "2025-03-07T10:00:00Z", "url": "https://e.com/a"}`,
			"H", "2025-03-07", "https://e.com/a", "", []string{"H", "Body one."}},
		{"scraper", `{"headline": "H", "text": "Body two.", "published": "2025-03-07", "link": "https://e.com/b", "domain": "e.com"}`,
			"H", "2025-03-07", "https://e.com/b", "e.com", []string{"H", "Body two."}},
		{"news-please names win", `{"title": "T", "headline": "H", "maintext": "Main.", "content": "Other.", "date_publish": "2025-03-06 09:00:00", "date": "2020-01-01"}`,
			"T", "2025-03-06", "", "", []string{"T", "Main."}},
		{"an object where a string is expected is passed over", `{"title": "T", "content": "Body three.", "publisher": {"name": "P"}}`,
			"T", "", "", "", []string{"T", "Body three."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(File{Name: "a.json", Data: []byte(tt.in)})
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tt.title || !strings.HasPrefix(a.Published, tt.published) || a.URL != tt.url {
				t.Errorf("title %q, published %q, url %q; want %q, %q, %q", a.Title, a.Published, a.URL, tt.title, tt.published, tt.url)
			}
			if tt.out != "" && a.Outlet != tt.out {
				t.Errorf("outlet %q, want %q", a.Outlet, tt.out)
			}
			if got := sentenceTexts(a); !reflect.DeepEqual(got, tt.sentences) {
				t.Errorf("sentences %q, want %q", got, tt.sentences)
			}
		})
	}
}

func TestDetectFormat(t *testing.T) {
	page := "<!DOCTYPE html><html><head><title>T</title></head><body><p>x</p></body></html>"
	tests := []struct {
		name, data string
		want       format
	}{
		{"a.txt", "Title: T\n\nBody.", formatText},
		{"a.md", "# T\n\nBody.", formatMarkdown},
		{"a.txt", `{"title": "T", "maintext": "Body."}`, formatJSON},
		{"a.txt", "{curly} text that is no JSON.", formatText},
		{"a.html", ` {"maintext": "Body."}`, formatJSON},
		{"a.json", page, formatHTML},
		{"a.txt", "\uFEFF" + page, formatHTML},
		{"a.md", "<!-- note -->\n<p>Body.</p>", formatHTML},
		{"a.html", "Plain text saved with the wrong name.", formatHTML},
		{"a.json", "Plain text.", formatJSON},
		{"d.jsonl#L1", `{"maintext": "x"}`, formatJSON},
	}
	for _, tt := range tests {
		if got := detectFormat(tt.name, []byte(tt.data)); got != tt.want {
			t.Errorf("detectFormat(%s, %.20q) = %d, want %d", tt.name, tt.data, got, tt.want)
		}
	}
}

func TestParseBadInputSaysWhatToFix(t *testing.T) {
	tests := []struct {
		name    string
		file    File
		want    error
		mention string
	}{
		{"json lines in .json", File{Name: "a.json", Data: []byte("{\"text\": \"a\"}\n{\"text\": \"b\"}\n")}, ErrBadJSON, "rename it .jsonl"},
		{"text in .json", File{Name: "a.json", Data: []byte("Just some text.")}, ErrBadJSON, "rename it .txt"},
		{"binary .html", File{Name: "a.html", Data: []byte("\x89PNG\r\n\x1a\n\x00\x00")}, ErrBinary, "byte 8"},
		{"page without text", File{Name: "a.html", Data: []byte("<html><body><nav><a href=/>Home</a></nav></body></html>")}, ErrBadHTML, ".txt"},
		{"record line", File{Name: "d.jsonl#L4", Line: 4, Data: []byte(`{"title": "T"}`)}, ErrNoText, "line 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.file)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("err = %v, want %v mentioning %q", err, tt.want, tt.mention)
			}
		})
	}
}

func TestParseHTMLPage(t *testing.T) {
	data, err := os.ReadFile("testdata/pages/troops.html")
	if err != nil {
		t.Fatal(err)
	}
	a, err := Parse(File{Name: "mexico/troops.html", Story: "mexico", Data: data})
	if err != nil {
		t.Fatal(err)
	}
	meta := []string{a.ID, a.Title, a.Outlet, a.URL, a.Published, a.Language}
	want := []string{"mexico/troops", "Sheinbaum rejects U.S. troops", "Example News",
		"https://www.example-news.com/world/sheinbaum-troops?id=42", "2025-05-03T14:20:00-06:00", "en"}
	if !reflect.DeepEqual(meta, want) || !reflect.DeepEqual(a.Authors, []string{"Ana Pérez"}) {
		t.Errorf("metadata %q authors %q, want %q", meta, a.Authors, want)
	}
	var got []string
	for _, s := range a.Sentences {
		got = append(got, s.Text)
		for _, bad := range []string{"Home", "Share", "Most read", "Ugarte", "©", "By Ana"} {
			if strings.Contains(s.Text, bad) {
				t.Errorf("page furniture %q kept: %q", bad, s.Text)
			}
		}
	}
	// Paragraphs are the page's blocks: the quotation's paragraph holds two
	// sentences, each list item is a paragraph.
	byPara := map[int][]string{}
	for _, s := range a.Sentences {
		byPara[s.Paragraph] = append(byPara[s.Paragraph], s.Text)
	}
	if len(byPara[2]) != 2 || !strings.HasPrefix(byPara[2][0], "“Sovereignty is not for sale.") || !strings.HasSuffix(byPara[2][1], "without subordination.") {
		t.Errorf("paragraph 2 = %q", byPara[2])
	}
	if len(got) != 12 || got[len(got)-1] != "Analysts said the dispute was unlikely to derail trade talks between the two countries, which are each other's largest trading partners." {
		t.Errorf("sentences %q", got)
	}
}

func TestJSONLRecords(t *testing.T) {
	when := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	dump := strings.Join([]string{
		`{"url": "https://www.dw.com/en/troops/a-123?utm_source=rss", "maintext": "First body."}`,
		``,
		`{"filename": "https%3A%2F%2Fapnews.com%2Farticle%2Fmexico-troops.json", "url": "https://apnews.com/x", "maintext": "Second body."}`,
		`{"maintext": "Third body, no id."}`,
		`[1, 2]`,
		`{"url": "https://dw.com/en/troops/a-123", "maintext": "A copy of the first."}`,
		`{"maintext": "broken`,
		`{"url": "L7", "maintext": "An id that reads like a line."}`,
	}, "\r\n")
	fsys := fstest.MapFS{
		"story/dump.jsonl":  {Data: []byte(dump), ModTime: when},
		"story/empty.jsonl": {Data: nil, ModTime: when},
		"story/a.txt":       {Data: []byte("Body.")},
	}
	files, _, err := ListFiles(fsys)
	if err != nil {
		t.Fatal(err)
	}
	type rec struct {
		name string
		line int
		ok   bool
		why  string
	}
	want := []rec{
		{"story/a.txt", 0, true, ""},
		{"story/dump.jsonl#dw.com-en-troops-a-123", 1, true, ""},
		{"story/dump.jsonl#apnews.com-article-mexico-troops", 3, true, ""},
		{"story/dump.jsonl#L4", 4, true, ""},
		{"story/dump.jsonl#L5", 5, false, "line 5: broken JSON: the line is not a JSON object"},
		{"story/dump.jsonl#L6", 6, false, `line 6: broken JSON: same record id "dw.com-en-troops-a-123" as line 1`},
		{"story/dump.jsonl#L7", 7, false, "line 7: broken JSON"},
		{"story/dump.jsonl#id-L7", 8, true, ""},
		{"story/empty.jsonl", 0, false, "file is empty: the .jsonl file holds no record"},
	}
	if len(files) != len(want) {
		t.Fatalf("%d files listed, want %d: %+v", len(files), len(want), files)
	}
	for i, f := range files {
		w := want[i]
		if f.Name != w.name || f.Line != w.line || (f.ReadErr == nil) != w.ok || (f.ReadErr != nil && !strings.Contains(f.ReadErr.Error(), w.why)) {
			t.Errorf("file %d = %s line %d err %v, want %+v", i, f.Name, f.Line, f.ReadErr, w)
		}
		if f.Story != "story" {
			t.Errorf("%s: story %q", f.Name, f.Story)
		}
		if f.Line > 0 && (!f.ModTime.Equal(when) || (f.ReadErr == nil && (f.Hash != hashOf(f.Data) || f.Size != int64(len(f.Data))))) {
			t.Errorf("%s: stamp %d %v hash %s", f.Name, f.Size, f.ModTime, f.Hash)
		}
		if f.Line > 0 {
			if r := ReadFile(fsys, f.Name); r.Name != f.Name || r.Hash != f.Hash || r.Line != f.Line || (r.ReadErr == nil) != (f.ReadErr == nil) {
				t.Errorf("ReadFile(%s) = %+v, listed %+v", f.Name, r, f)
			}
		}
	}
	a, err := Parse(files[1])
	if err != nil || a.ID != "story/dump#dw.com-en-troops-a-123" || a.URL != "https://www.dw.com/en/troops/a-123" || a.Outlet != "dw.com" {
		t.Errorf("record parsed as %+v, %v", a, err)
	}
	if r := ReadFile(fsys, "story/dump.jsonl#gone"); !errors.Is(r.ReadErr, fs.ErrNotExist) {
		t.Errorf("ReadFile of a missing record: %v", r.ReadErr)
	}
	for name, c := range map[string]string{"d.jsonl#L1": "d.jsonl", "s/d.JSONL": "s/d.JSONL", "a#b.txt": "", "d.jsonl#": ""} {
		if got, ok := RecordContainer(name); got != c || ok != (c != "") {
			t.Errorf("RecordContainer(%q) = %q, %v", name, got, ok)
		}
	}
}

func TestRecordID(t *testing.T) {
	long := "https://example.com/" + strings.Repeat("very-long-slug-", 10)
	tests := map[string]string{
		"https://www.dw.com/en/a-b/a-123?utm_source=x&fbclid=y":    "dw.com-en-a-b-a-123",
		"https%3A%2F%2Fwww.reuters.com%2Farticle%2Fus-mexico.json": "reuters.com-article-us-mexico",
		"https://example.com/story?id=42#comments":                 "example.com-story-id-42",
		"L12":             "id-L12",
		"  /// ":          "",
		"Ñandú 2025.html": "Ñandú-2025",
	}
	for in, want := range tests {
		if got := recordID(in); got != want {
			t.Errorf("recordID(%q) = %q, want %q", in, got, want)
		}
	}
	id := recordID(long)
	if len(id) > maxRecordID || !strings.HasPrefix(id, "example.com-very-long-slug") || id == recordID(long+"x") {
		t.Errorf("long id %q", id)
	}
}

func TestListFilesReportsOddFolders(t *testing.T) {
	fsys := fstest.MapFS{
		"x.txt/a.txt":      {Data: []byte("Body.")},
		"y.json":           {Mode: fs.ModeDir},
		"story/empty":      {Mode: fs.ModeDir},
		"story/b.txt":      {Data: []byte("Body.")},
		"nothing":          {Mode: fs.ModeDir},
		"only/story.txt":   {Data: []byte("Title: S\n")},
		"c.html":           {Data: []byte("<p>x</p>")},
		"d.htm":            {Data: []byte("<p>x</p>")},
		"old/dump.JSONL":   {Data: []byte(`{"text": "x"}`)},
		"notes/readme.pdf": {Data: []byte("%PDF")},
	}
	files, skipped, err := ListFiles(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	if want := []string{"c.html", "d.htm", "old/dump.JSONL#L1", "story/b.txt"}; !reflect.DeepEqual(names, want) {
		t.Errorf("files %q, want %q", names, want)
	}
	got := map[string]string{}
	for _, p := range skipped {
		got[p.File] = p.Reason
	}
	for file, why := range map[string]string{
		"x.txt/":           "folder named like an article file (.txt)",
		"y.json/":          "folder named like an article file (.json)",
		"story/empty/":     "empty folder",
		"nothing/":         "empty folder",
		"notes/readme.pdf": "not an article file",
	} {
		if !strings.Contains(got[file], why) {
			t.Errorf("skipped[%s] = %q, want it to say %q", file, got[file], why)
		}
	}
	if len(skipped) != 5 {
		t.Errorf("skipped %v", skipped)
	}
}

func TestNormalizeDate(t *testing.T) {
	tests := map[string]string{
		"2017-09-15 00:00:00":           "2017-09-15",
		"2017-09-15T17:52:00":           "2017-09-15",
		"2017-09-15T17:52:00+08:00":     "2017-09-15T17:52:00+08:00",
		"2017-09-15T17:52:00.123Z":      "2017-09-15T17:52:00Z",
		"Fri, 15 Sep 2017 17:52:00 GMT": "2017-09-15T17:52:00Z",
		"September 15, 2017":            "2017-09-15",
		"15 September 2017":             "2017-09-15",
		" 2025-05-03 ":                  "2025-05-03",
		"last Tuesday":                  "last Tuesday",
		"":                              "",
	}
	for in, want := range tests {
		if got := normalizeDate(in); got != want {
			t.Errorf("normalizeDate(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCleanURL(t *testing.T) {
	tests := map[string]string{
		"https://x.com/a?utm_source=tw&utm_medium=social":       "https://x.com/a",
		"https://x.com/a?id=3&fbclid=IwAR0&page=2":              "https://x.com/a?id=3&page=2",
		"https://x.com/a?gclid=1&mc_cid=2&mc_eid=3&ocid=4":      "https://x.com/a",
		"https://x.com/a?CMP=share_btn_tw&ref=home&source=feed": "https://x.com/a?ref=home&source=feed",
		"https://x.com/a?cmpid=rss#xtor=RSS-3208":               "https://x.com/a",
		"https://x.com/a?q=1#section-2":                         "https://x.com/a?q=1#section-2",
		"x.com/a?utm_source=t":                                  "x.com/a?utm_source=t",
		" https://x.com/a ":                                     "https://x.com/a",
	}
	for in, want := range tests {
		if got := cleanURL(in); got != want {
			t.Errorf("cleanURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseHTMLRefusesDeepNesting(t *testing.T) {
	page := "<html><body>" + strings.Repeat("<div>a ", 2000) + "</body></html>"
	_, err := Parse(File{Name: "deep.html", Data: []byte(page)})
	if !errors.Is(err, ErrBadHTML) || !strings.Contains(err.Error(), "nested over 512") {
		t.Errorf("err = %v, want the nesting refused", err)
	}
	ok := "<html><body><article>" + strings.Repeat("<div>", 100) + "<p>The president said on Monday that the talks would go on through the week and into the next.</p>" + strings.Repeat("</div>", 100) + "</article></body></html>"
	if _, err := Parse(File{Name: "ok.html", Data: []byte(ok)}); err != nil {
		t.Errorf("100 levels deep: %v", err)
	}
}
