package corpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

func parseDefault(t *testing.T) []Article {
	t.Helper()
	files, skipped, err := ReadFiles(Default())
	if err != nil {
		t.Fatal(err)
	}
	if len(skipped) != 0 {
		t.Fatalf("default corpus skipped %v", skipped)
	}
	var out []Article
	for _, f := range files {
		a, err := Parse(f)
		if err != nil {
			t.Fatalf("parse %s: %v", f.Name, err)
		}
		out = append(out, a)
	}
	return out
}

func TestSeedsGolden(t *testing.T) {
	arts := parseDefault(t)
	var b bytes.Buffer
	for _, a := range arts {
		fmt.Fprintf(&b, "# %s id=%s outlet=%q title=%q language=%s\n", a.File, a.ID, a.Outlet, a.Title, a.Language)
		for _, s := range a.Sentences {
			fmt.Fprintf(&b, "%d.%d\t%s\n", s.Paragraph, s.Index, s.Text)
		}
	}
	golden := filepath.Join("testdata", "seeds.golden")
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./corpus -update to create it)", err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("cleaned seed sentences differ from %s (run with -update after checking):\n%s", golden, b.String())
	}
}

func TestSeedsCleaned(t *testing.T) {
	arts := parseDefault(t)
	if len(arts) != 2 || arts[0].ID != "000_156f60930e48d313" || arts[1].ID != "004_c844147cb205b5ce" {
		t.Fatalf("default corpus articles = %v", arts)
	}
	for _, a := range arts {
		if a.Title != "" {
			t.Errorf("%s: title %q invented; neither seed has one", a.ID, a.Title)
		}
		if a.Language != "en" {
			t.Errorf("%s: language %q, want en", a.ID, a.Language)
		}
		raw, err := fs.ReadFile(Default(), a.File)
		if err != nil {
			t.Fatal(err)
		}
		prev := Sentence{Paragraph: 0, Index: 0}
		for _, s := range a.Sentences {
			for _, bad := range []string{"Toggle legend", "UGARTE", "attended her morning press conference", "©", "All rights reserved", "Do not reproduce"} {
				if strings.Contains(s.Text, bad) {
					t.Errorf("%s: clutter %q kept in %q", a.ID, bad, s.Text)
				}
			}
			if !bytes.Contains(raw, []byte(s.Text)) {
				t.Errorf("%s: sentence not verbatim: %q", a.ID, s.Text)
			}
			ok := (s.Paragraph == prev.Paragraph && s.Index == prev.Index+1) || (s.Paragraph == prev.Paragraph+1 && s.Index == 1)
			if !ok {
				t.Errorf("%s: sentence %d.%d follows %d.%d", a.ID, s.Paragraph, s.Index, prev.Paragraph, prev.Index)
			}
			prev = s
		}
	}
	if arts[0].Outlet != "" {
		t.Errorf("000 outlet = %q, want none (nothing names it)", arts[0].Outlet)
	}
	if arts[1].Outlet != "Latin Times" {
		t.Errorf("004 outlet = %q, want Latin Times", arts[1].Outlet)
	}
	first := arts[0].Sentences[0].Text
	if !strings.HasPrefix(first, "Mexican president of Mexico City, Claudia Sheinbaum said on Saturday") {
		t.Errorf("000 first sentence = %q, want the lede after the caption", first)
	}
	last := arts[1].Sentences[len(arts[1].Sentences)-1].Text
	if !strings.HasSuffix(last, "she said.") {
		t.Errorf("004 last sentence = %q, want the last quote, not the copyright", last)
	}
}

func TestParseText(t *testing.T) {
	in := "\n\nTITLE: Sheinbaum rejects troops\noutlet: Example News\nURL: https://example.com/a\nPublished: 2025-05-03\nLanguage: es\nAuthors: Ana Pérez, Juan Gómez and Luis Mora\n\n" +
		"El presidente habló. La Sra. López respondió.\n" +
		"Toggle caption Somebody / AP\n" +
		"Share Tweet Email\n" +
		"Advertisement\n" +
		"Read more: another story\n" +
		"Copyright 2025 Example News. All rights reserved.\n" +
		"Otra frase aquí.\n"
	a, err := Parse(File{Name: "story/001.txt", Story: "story", Data: []byte(in)})
	if err != nil {
		t.Fatal(err)
	}
	want := Article{
		ID: "story/001", File: "story/001.txt", Story: "story", Title: "Sheinbaum rejects troops",
		Outlet: "Example News", URL: "https://example.com/a", Published: "2025-05-03", Language: "es",
		Authors: []string{"Ana Pérez", "Juan Gómez", "Luis Mora"}, Hash: hashOf([]byte(in)),
		Sentences: []Sentence{
			{0, 1, "Sheinbaum rejects troops"},
			{1, 1, "El presidente habló."},
			{1, 2, "La Sra. López respondió."},
			{2, 1, "Otra frase aquí."},
		},
	}
	if !reflect.DeepEqual(a, want) {
		t.Errorf("Parse =\n%+v\nwant\n%+v", a, want)
	}
}

func TestParseNoHeader(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"unknown key", "Note: this is the body.\n\nSecond paragraph.", []string{"Note: this is the body.", "Second paragraph."}},
		{"colon in text", "He said: no troops.", []string{"He said: no troops."}},
		{"hard wrapped", "The president said the\ntroops would not come.\nNext paragraph.", []string{"The president said the\ntroops would not come.", "Next paragraph."}},
		{"markdown title", "# Troops rejected\n\nBody text here.", []string{"Troops rejected", "Body text here."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "a.txt"
			if strings.HasPrefix(tt.in, "#") {
				name = "a.md"
			}
			a, err := Parse(File{Name: name, Data: []byte(tt.in)})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range a.Sentences {
				got = append(got, s.Text)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("sentences = %q, want %q", got, tt.want)
			}
			if a.Outlet != "" || a.URL != "" {
				t.Errorf("header fields invented: %+v", a)
			}
		})
	}
}

func TestParseJSON(t *testing.T) {
	rec := map[string]any{
		"title":         "China opposes DPRK's missile launch",
		"description":   "A description that is not body text.",
		"text":          "China opposes DPRK's missile launch\nXinhua | Updated: 2017-09-15 17:52\nBEIJING -- China on Friday said it opposes the launch.\nPhoto\n\"It is serious,\" Hua said. Others agreed.",
		"url":           "http://example.com/x",
		"source_domain": "www.chinadaily.com.cn",
		"date_publish":  "2017-09-15T00:00:00",
		"language":      "None",
		"authors":       []string{"Www.Dw.Com", "Author", "Hua Chunying"},
	}
	data, _ := json.Marshal(rec)
	a, err := Parse(File{Name: "x.json", Data: data})
	if err != nil {
		t.Fatal(err)
	}
	wantSents := []Sentence{
		{0, 1, "China opposes DPRK's missile launch"},
		{1, 1, "BEIJING -- China on Friday said it opposes the launch."},
		{2, 1, `"It is serious," Hua said.`},
		{2, 2, "Others agreed."},
	}
	if !reflect.DeepEqual(a.Sentences, wantSents) {
		t.Errorf("sentences = %+v", a.Sentences)
	}
	if a.Outlet != "chinadaily.com.cn" || a.Language != "en" || a.Published != "2017-09-15" || a.URL != "http://example.com/x" {
		t.Errorf("metadata = %+v", a)
	}
	if !reflect.DeepEqual(a.Authors, []string{"Hua Chunying"}) {
		t.Errorf("authors = %q", a.Authors)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name    string
		file    File
		want    error
		mention string
	}{
		{"empty", File{Name: "a.txt"}, ErrEmpty, "empty"},
		{"whitespace", File{Name: "a.txt", Data: []byte(" \n\t\n")}, ErrEmpty, "empty"},
		{"nul", File{Name: "a.txt", Data: []byte("abc\x00def")}, ErrBinary, "byte 3"},
		{"bad utf8", File{Name: "a.txt", Data: []byte("line one\nMéxico \xff here")}, ErrNotUTF8, "byte 17 (line 2)"},
		{"broken json", File{Name: "a.json", Data: []byte("{\n  \"title\": \"x\",\n  \"text\": \"y\"\n  \"url\": 1}")}, ErrBadJSON, "line 4"},
		{"json array", File{Name: "a.json", Data: []byte(`[1,2]`)}, ErrBadJSON, "one JSON object"},
		{"json wrong type", File{Name: "a.json", Data: []byte(`{"text": 5}`)}, ErrBadJSON, `"text"`},
		{"json without text", File{Name: "a.json", Data: []byte(`{"title": "Only a title", "text": null}`)}, ErrNoText, `"text"`},
		{"only clutter", File{Name: "a.txt", Data: []byte("Advertisement\n\nShare Tweet Email\n© 2025 X. All rights reserved.")}, ErrNoSentences, "clutter"},
		{"header only", File{Name: "a.txt", Data: []byte("Title: Hello\nOutlet: X\n")}, ErrNoSentences, "body"},
		{"too large", File{Name: "a.txt", Data: bytes.Repeat([]byte("a"), MaxFileSize+1)}, ErrTooLarge, "4 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.file)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("err %q does not mention %q", err, tt.mention)
			}
		})
	}
}

func TestReadFiles(t *testing.T) {
	big := make([]byte, MaxFileSize+1)
	fsys := fstest.MapFS{
		"b.txt":               {Data: []byte("Second.")},
		"a.md":                {Data: []byte("First.")},
		"notes.pdf":           {Data: []byte("%PDF")},
		".DS_Store":           {Data: []byte("x")},
		".git/config":         {Data: []byte("x")},
		"mexico/002.json":     {Data: []byte(`{"text":"Hi."}`)},
		"mexico/deep/003.txt": {Data: []byte("Deep.")},
		"huge.txt":            {Data: big},
	}
	files, skipped, err := ReadFiles(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var names, stories []string
	for _, f := range files {
		names = append(names, f.Name)
		stories = append(stories, f.Story)
	}
	if want := []string{"a.md", "b.txt", "huge.txt", "mexico/002.json", "mexico/deep/003.txt"}; !reflect.DeepEqual(names, want) {
		t.Errorf("files = %q, want %q", names, want)
	}
	if want := []string{"", "", "", "mexico", "mexico"}; !reflect.DeepEqual(stories, want) {
		t.Errorf("stories = %q, want %q", stories, want)
	}
	// sha256("Second.") computed independently with sha256sum.
	if files[1].Hash != "1e8bbbab2a0b0e51cce5a6867182b081c60b35e2512744847021b624729a8218" {
		t.Errorf("hash = %q", files[1].Hash)
	}
	huge := files[2]
	if huge.Data != nil || !errors.Is(huge.ReadErr, ErrTooLarge) || huge.Size != MaxFileSize+1 {
		t.Errorf("huge file = size %d, %d bytes kept, err %v; want ErrTooLarge and no data", huge.Size, len(huge.Data), huge.ReadErr)
	}
	if _, err := Parse(huge); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Parse(huge) = %v, want ErrTooLarge", err)
	}
	var skippedNames []string
	for _, s := range skipped {
		skippedNames = append(skippedNames, s.File)
		if s.Reason == "" {
			t.Errorf("%s skipped without a reason", s.File)
		}
	}
	if want := []string{".DS_Store", ".git/", "notes.pdf"}; !reflect.DeepEqual(skippedNames, want) {
		t.Errorf("skipped = %q, want %q", skippedNames, want)
	}
	if _, _, err := ReadFiles(os.DirFS(filepath.Join(t.TempDir(), "missing"))); err == nil {
		t.Error("ReadFiles of a missing folder succeeded")
	}
}

// TestParseNewsClusters parses real news-please records with real clutter.
func TestParseNewsClusters(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "data", "news-clusters")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("news-clusters data not found at %s: %v", dir, err)
	}
	files, _, err := ReadFiles(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 20 {
		t.Fatalf("only %d files in %s", len(files), dir)
	}
	failed := 0
	for _, f := range files {
		a, err := Parse(f)
		if err != nil {
			// A few CNN records hold nothing but a photo gallery.
			if !errors.Is(err, ErrNoSentences) {
				t.Errorf("%s: %v", f.Name, err)
			}
			failed++
			continue
		}
		var rec newsPlease
		rec, _ = decodeNewsPlease(f.Data)
		if a.Outlet == "" || a.ID+".json" != f.Name {
			t.Errorf("%s: outlet %q id %q", f.Name, a.Outlet, a.ID)
		}
		if rec.Language == "en" && a.Language != "en" {
			t.Errorf("%s: declared en, got %s", f.Name, a.Language)
		}
		for _, s := range a.Sentences {
			src := rec.Text
			if s.Paragraph == 0 {
				src = rec.Title
			}
			if !strings.Contains(src, s.Text) {
				t.Errorf("%s: sentence %d.%d not verbatim: %q", f.Name, s.Paragraph, s.Index, s.Text)
			}
			l := strings.ToLower(s.Text)
			for _, bad := range []string{"advertisement continue reading", "read more:", "toggle caption", "all rights reserved", "hide caption", "getty images", "read or share this story"} {
				if strings.Contains(l, bad) {
					t.Errorf("%s: clutter %q kept: %q", f.Name, bad, s.Text)
				}
			}
			if s.Paragraph > 0 && s.Index == 1 && sameText(s.Text, a.Title) {
				t.Errorf("%s: headline repeated as body sentence", f.Name)
			}
		}
	}
	if failed > len(files)/50 {
		t.Errorf("%d of %d records failed", failed, len(files))
	}
}

// TestTrimTitleLead: a one-line article's body opening with its title of
// four words or more loses it; shorter titles and titles that run on into
// their sentence stay.
func TestTrimTitleLead(t *testing.T) {
	tests := []struct{ p, title, want string }{
		{"North Korea fires missile over Japan North Korea has fired a missile.", "North Korea fires missile over Japan", "North Korea has fired a missile."},
		{"North Korea fires missile over Japan again, officials said.", "North Korea fires missile over Japan", "North Korea fires missile over Japan again, officials said."},
		{"Trump speaks Trump said he would go.", "Trump speaks", "Trump speaks Trump said he would go."},
		{"North Korea fires missile over Japan", "North Korea fires missile over Japan", "North Korea fires missile over Japan"},
		{"The talks went on.", "", "The talks went on."},
	}
	for _, tt := range tests {
		if got := trimTitleLead(tt.p, tt.title); got != tt.want {
			t.Errorf("trimTitleLead(%q, %q) = %q, want %q", tt.p, tt.title, got, tt.want)
		}
	}
}

// TestCutLead: a one-line body opening with the record's description is
// cut after it when a sentence follows, not inside a sentence the
// description cuts short.
func TestCutLead(t *testing.T) {
	tests := []struct {
		p, lead, rest string
		ok            bool
	}{
		{"Four hours into flight, plane returned to LAX A passenger had boarded the wrong plane.", "Four hours into flight, plane returned to LAX", "A passenger had boarded the wrong plane.", true},
		{"Broadcom raised its bid for rival Qualcomm in an effort to become dominant.", "Broadcom raised its bid for rival Qualcomm in an", "", false},
		{"Plane returned to LAX", "Plane returned to LAX", "", false},
		{"Short lead Then more.", "Short lead", "", false},
	}
	for _, tt := range tests {
		rest, ok := cutLead(tt.p, tt.lead)
		if ok != tt.ok || ok && rest != tt.rest {
			t.Errorf("cutLead(%q, %q) = %q, %v; want %q, %v", tt.p, tt.lead, rest, ok, tt.rest, tt.ok)
		}
	}
}
