package bot

import (
	"fmt"
	"strings"
	"testing"

	"storybot/corpus"
)

func TestStoryChoices(t *testing.T) {
	long := strings.Repeat("x", 101)
	stories := []corpus.Story{
		{Name: "", Articles: 2},
		{Name: "quake", Title: "Earthquake in Peru", Articles: 2},
		{Name: "storm", Articles: 1},
		{Name: long, Articles: 1},
		{Name: "peru_floods", Title: strings.Repeat("Floods ", 30), Articles: 3},
	}
	for i := range 40 {
		stories = append(stories, corpus.Story{Name: fmt.Sprintf("s%02d", i), Articles: 1})
	}
	tests := []struct {
		typed string
		first string
		n     int
	}{
		{"", "quake", maxChoices},
		{"earth", "quake", 1},
		{"PERU", "peru_floods", 2}, // prefix of a name first, then inside a title
		{"orm", "storm", 1},
		{"zzz", "", 0},
	}
	for _, tt := range tests {
		got := storyChoices(stories, tt.typed)
		if len(got) != tt.n || (tt.n > 0 && got[0].Value != tt.first) {
			t.Errorf("%q: %d choices, first %v; want %d, first %q", tt.typed, len(got), got, tt.n, tt.first)
		}
		for _, c := range got {
			if c.Value == "" || c.Value == long || textLen(c.Name) > maxChoiceLen {
				t.Errorf("%q: bad choice %+v", tt.typed, c)
			}
		}
	}
	if l := storyChoiceLabel(stories[1]); l != "Earthquake in Peru (quake) · 2 articles" {
		t.Errorf("label %q", l)
	}
}
