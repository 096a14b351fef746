package corpus

import (
	"errors"
	"testing"
	"testing/fstest"
)

func TestParseStoryFile(t *testing.T) {
	tests := []struct {
		name, in       string
		title, summary string
		err            error
	}{
		{"plain", "Earthquake in Peru\nA strong quake shakes Lima.\nMore notes.\n", "Earthquake in Peru", "A strong quake shakes Lima.", nil},
		{"title only", "\n\n  Earthquake   in Peru \n", "Earthquake in Peru", "", nil},
		{"header", "Summary: Lima shakes.\nTitle: Quake\n", "Quake", "Lima shakes.", nil},
		{"header keys any case", "TITLE: Quake\ndescription: Lima shakes.", "Quake", "Lima shakes.", nil},
		{"colon in plain title", "Peru: the quake\nLima shakes.", "Peru: the quake", "Lima shakes.", nil},
		{"crlf and bom", "\uFEFFQuake\r\nLima shakes.\r\n", "Quake", "Lima shakes.", nil},
		{"empty", " \n\n", "", "", ErrEmpty},
		{"binary", "Quake\x00", "", "", ErrBinary},
		{"not utf8", "Qu\xffake", "", "", ErrNotUTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			title, summary, err := ParseStoryFile([]byte(tt.in))
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if title != tt.title || summary != tt.summary {
				t.Errorf("got %q / %q, want %q / %q", title, summary, tt.title, tt.summary)
			}
		})
	}
}

func FuzzParseStoryFile(f *testing.F) {
	f.Add([]byte("Title: Quake\nSummary: Lima"))
	f.Add([]byte("Quake\nLima"))
	f.Fuzz(func(t *testing.T, data []byte) {
		title, summary, err := ParseStoryFile(data)
		if err == nil && title == "" && summary == "" {
			t.Errorf("no error and nothing read from %q", data)
		}
	})
}

func TestStoryFileIsNoArticle(t *testing.T) {
	fsys := fstest.MapFS{
		"story.txt":       {Data: []byte("Main\n")},
		"a.txt":           {Data: []byte("Title: A\n\nText.")},
		"quake/story.txt": {Data: []byte("Quake\nLima shakes.")},
		"quake/b.txt":     {Data: []byte("Text.")},
		"storm/STORY.TXT": {Data: []byte("\x00")},
	}
	files, skipped, err := ReadFiles(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	if len(names) != 2 || names[0] != "a.txt" || names[1] != "quake/b.txt" || len(skipped) != 0 {
		t.Errorf("files %v, skipped %v", names, skipped)
	}
	stories, problems := ReadStoryFiles(fsys)
	if stories[""].Title != "Main" || stories["quake"].Summary != "Lima shakes." || len(stories) != 2 {
		t.Errorf("stories %+v", stories)
	}
	if len(problems) != 1 || problems[0].File != "storm/STORY.TXT" && problems[0].File != "storm/story.txt" {
		t.Errorf("problems %+v", problems)
	}
}

func TestStoryOfAndLabel(t *testing.T) {
	for file, want := range map[string]string{"a.txt": "", "quake/a.txt": "quake", "quake/x/a.txt": "quake"} {
		if got := StoryOf(file); got != want {
			t.Errorf("StoryOf(%q) = %q, want %q", file, got, want)
		}
	}
	for _, tt := range []struct {
		s    Story
		want string
	}{{Story{Name: "q", Title: "Quake"}, "Quake"}, {Story{Name: "q"}, "q"}, {Story{}, "the main story"}} {
		if got := tt.s.Label(); got != tt.want {
			t.Errorf("%+v.Label() = %q, want %q", tt.s, got, tt.want)
		}
	}
}
