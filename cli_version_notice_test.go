package main

import (
	"strings"
	"testing"

	"storybot/corpus"
)

// TestIndexVersionNotice: a reader says when the index was built by a
// storybot that parses differently, and nothing when it agrees or the
// index is empty.
func TestIndexVersionNotice(t *testing.T) {
	tests := []struct {
		version int
		want    string // substring; "" means no notice
	}{
		{0, ""},
		{corpus.IndexVersion, ""},
		{corpus.IndexVersion - 1, "older storybot"},
		{corpus.IndexVersion + 1, "newer storybot"},
	}
	for _, tt := range tests {
		got := indexVersionNotice(tt.version)
		if tt.want == "" {
			if got != "" {
				t.Errorf("version %d: notice %q, want none", tt.version, got)
			}
			continue
		}
		if !strings.Contains(got, tt.want) || !strings.Contains(got, "storybot reload") && tt.want == "older storybot" {
			t.Errorf("version %d: notice %q, want it to say %q", tt.version, got, tt.want)
		}
	}
}
