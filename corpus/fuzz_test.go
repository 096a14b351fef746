package corpus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

func addSeeds(f *testing.F) {
	for _, name := range []string{"000_156f60930e48d313.txt", "004_c844147cb205b5ce.txt"} {
		if b, err := os.ReadFile("articles/" + name); err == nil {
			f.Add(string(b))
		}
	}
	for _, s := range []string{`"Sovereignty is not for sale. Sovereignty is loved," she added.`,
		"U.S. Gen. J. R. R. Tolkien at 9 a.m. The $1.13bn…", "“Stop!” Trump said. — ¿Qué? l’armée", "", "\xff\x00", "a.b.c. d. E."} {
		f.Add(s)
	}
}

func FuzzSplit(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, p string) {
		last := 0
		for _, s := range Split(p) {
			if s == "" || strings.TrimSpace(s) != s {
				t.Fatalf("sentence %q empty or untrimmed", s)
			}
			i := strings.Index(p[last:], s)
			if i < 0 {
				t.Fatalf("sentence %q is not in order in %q", s, p)
			}
			last += i + len(s)
			if utf8.ValidString(p) && !utf8.ValidString(s) {
				t.Fatalf("valid input gave invalid sentence %q", s)
			}
		}
	})
}

func FuzzTokens(f *testing.F) {
	addSeeds(f)
	a := NewAnalyzer()
	f.Fuzz(func(t *testing.T, text string) {
		for _, lang := range []string{"en", "es", "fr"} {
			prev := 0
			toks := a.Tokens(text, lang)
			for _, k := range toks {
				if k.Start < prev || k.End <= k.Start || k.End > len(text) {
					t.Fatalf("bad span %d:%d after %d in %q", k.Start, k.End, prev, text)
				}
				prev = k.End
				if k.Text == "" || !utf8.ValidString(k.Text) || !utf8.ValidString(k.Stem) {
					t.Fatalf("token %+v empty or invalid UTF-8", k)
				}
			}
			var want []string
			for _, k := range toks {
				if !k.Stop && k.Stem != "" {
					want = append(want, k.Stem)
				}
			}
			got := a.Terms(text, lang)
			if len(got) != len(want) {
				t.Fatalf("Terms %q disagree with Tokens %q", got, want)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("Terms %q disagree with Tokens %q", got, want)
				}
			}
		}
	})
}

func checkArticle(t *testing.T, a Article, sources ...string) {
	t.Helper()
	if len(a.Sentences) == 0 {
		t.Fatal("article without sentences and without error")
	}
	for _, s := range a.Sentences {
		if !utf8.ValidString(s.Text) || strings.TrimSpace(s.Text) != s.Text || s.Text == "" {
			t.Fatalf("sentence %q invalid, empty or untrimmed", s.Text)
		}
		found := false
		for _, src := range sources {
			found = found || strings.Contains(src, s.Text)
		}
		if !found {
			t.Fatalf("sentence %q is not verbatim in the input", s.Text)
		}
		if s.Index < 1 || s.Paragraph < 0 {
			t.Fatalf("bad position %d.%d", s.Paragraph, s.Index)
		}
	}
	if a.Language != "en" && a.Language != "es" && a.Language != "fr" {
		t.Fatalf("language %q", a.Language)
	}
}

func FuzzParseText(f *testing.F) {
	addSeeds(f)
	f.Add("Title: T\nOutlet: O\nLanguage: None\n\nBody. More.\nToggle legend X / AP\n© 2025 X.")
	f.Fuzz(func(t *testing.T, text string) {
		for _, name := range []string{"a.txt", "a.md"} {
			a, err := Parse(File{Name: name, Data: []byte(text)})
			if err != nil {
				if err.Error() == "" {
					t.Fatal("empty error")
				}
				continue
			}
			checkArticle(t, a, text)
		}
	})
}

func FuzzParseJSON(f *testing.F) {
	f.Add([]byte(`{"title":"T","text":"T\nBody. More.\nPhoto\nRead more: x","language":"None","source_domain":"www.x.com","authors":["A"]}`))
	f.Add([]byte(`{"text": null}`))
	f.Add([]byte(`[{"text":"x"}]`))
	f.Add([]byte(`{"text":"a", "authors":"A and B"}`))
	if b, err := os.ReadFile("../../shared/data/news-clusters/0046d5ff09e56287742ed727ac712a7806d4dee16d5d46aafd7632f5.json"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := Parse(File{Name: "a.json", Data: data})
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if detectFormat("a.json", data) != formatJSON {
			return // a web page saved as .json
		}
		var rec struct{ Title, Text, Maintext string }
		if json.Unmarshal(data, &rec) != nil {
			t.Fatalf("Parse accepted JSON that encoding/json rejects: %q", data)
		}
		checkArticle(t, a, rec.Title, rec.Text, rec.Maintext)
	})
}

func FuzzParseMaintextJSON(f *testing.F) {
	f.Add([]byte(`{"title":"T","maintext":"T\nBody. More.\nDavid Becker/Getty Images\nRead more: x","text":"Old.","source_domain":"www.x.com","date_publish":"2017-09-15 00:00:00","url":"https://x.com/a?utm_source=y"}`))
	f.Add([]byte(`{"maintext": null, "text": "Body (Photo: AP) here. Play slideshow 1 of 22 Full Screen Autoplay Close Skip Ad x The end."}`))
	f.Add([]byte(`{"maintext": 5}`))
	f.Add([]byte("{\"maintext\": \"a\"}\n{\"maintext\": \"b\"}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"a.json", "a.txt", "d.jsonl#L1"} {
			a, err := Parse(File{Name: name, Data: data, Line: 1})
			if err != nil {
				if err.Error() == "" {
					t.Fatal("empty error")
				}
				continue
			}
			if detectFormat(name, data) == formatHTML {
				continue // checked by FuzzParseHTML
			}
			var rec struct{ Title, Text, Maintext string }
			if json.Unmarshal(data, &rec) != nil {
				if name == "a.txt" {
					checkArticle(t, a, string(data))
					continue
				}
				t.Fatalf("%s: Parse accepted JSON that encoding/json rejects: %q", name, data)
			}
			checkArticle(t, a, rec.Title, rec.Text, rec.Maintext, string(data))
		}
	})
}

func FuzzJSONLRecords(f *testing.F) {
	f.Add([]byte("{\"url\": \"https://x.com/a\", \"maintext\": \"One.\"}\n\n[1]\n{\"maintext\": \"Two.\"}\r\n{\"url\": \"https://x.com/a\"}"))
	f.Add([]byte(""))
	f.Add([]byte("{\n  \"maintext\": \"pretty\"\n}"))
	f.Add([]byte("{\"filename\": \"L3\"}\n{\"x\":1}\n{\"x\":2}\n\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs := splitRecords(File{Name: "s/d.jsonl", Story: "s"}, data)
		if len(recs) == 0 {
			t.Fatal("no record and no error")
		}
		seen := map[string]bool{}
		for _, r := range recs {
			if seen[r.Name] {
				t.Fatalf("name %q twice", r.Name)
			}
			seen[r.Name] = true
			c, ok := RecordContainer(r.Name)
			if !ok || c != "s/d.jsonl" || r.Story != "s" {
				t.Fatalf("record %q: container %q %v, story %q", r.Name, c, ok, r.Story)
			}
			if (r.Data == nil) == (r.ReadErr == nil) {
				t.Fatalf("record %q: data %q with error %v", r.Name, r.Data, r.ReadErr)
			}
			if r.ReadErr != nil {
				if r.Line > 0 && !strings.Contains(r.ReadErr.Error(), fmt.Sprintf("line %d", r.Line)) {
					t.Fatalf("record %q: error %q does not name line %d", r.Name, r.ReadErr, r.Line)
				}
				continue
			}
			if r.Hash != hashOf(r.Data) || r.Size != int64(len(r.Data)) || !bytes.Contains(data, r.Data) {
				t.Fatalf("record %q: stamp or data wrong", r.Name)
			}
			if id := ArticleID(r.Name); !strings.HasPrefix(id, "s/d#") || strings.Contains(id[4:], "/") {
				t.Fatalf("record %q: article id %q", r.Name, id)
			}
			Parse(r) // must not panic
		}
	})
}

func FuzzParseHTML(f *testing.F) {
	if b, err := os.ReadFile("testdata/pages/troops.html"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("<html><head><title>T</title><meta charset=\"latin1\"></head><body><article><p>Body \xe9 text here, long enough to count as an article paragraph with many words in it.</p></article></body></html>"))
	f.Add([]byte("<p>x</p>"))
	f.Add([]byte("<!DOCTYPE html><html><body><div><p>One.<br>Two (Photo: AP)</p><figure><figcaption>Cap</figcaption></figure></div></body></html>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := Parse(File{Name: "a.html", Data: data})
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if len(a.Sentences) == 0 {
			t.Fatal("article without sentences and without error")
		}
		for _, s := range a.Sentences {
			if !utf8.ValidString(s.Text) || strings.TrimSpace(s.Text) != s.Text || s.Text == "" {
				t.Fatalf("sentence %q invalid, empty or untrimmed", s.Text)
			}
		}
		if a.Published != "" && !utf8.ValidString(a.Published) {
			t.Fatalf("published %q", a.Published)
		}
	})
}
