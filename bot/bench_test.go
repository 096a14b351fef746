package bot

import (
	"strings"
	"testing"

	"storybot/corpus"
	"storybot/qa"
)

// BenchmarkRenderAnswerHuge renders 40 sources of long sentences that must
// be trimmed.
func BenchmarkRenderAnswerHuge(b *testing.B) {
	ans := hugeAnswer()
	for b.Loop() {
		RenderAnswer(ans)
	}
}

// BenchmarkRenderAnswerLongSentences renders sources whose sentences are
// each far over a field's 1,024.
func BenchmarkRenderAnswerLongSentences(b *testing.B) {
	text := strings.Repeat("é😀 word. ", 900)
	var sources []qa.SourceAnswer
	for i := range 30 {
		a := corpus.Article{ID: string(rune('a' + i)), Title: strings.Repeat("[x]", 200), URL: "https://e.com/x"}
		sources = append(sources, qa.SourceAnswer{Source: a, Sentences: []qa.Cited{{Text: text, Paragraph: 1, Sentence: 1}, {Text: text + text, Paragraph: 1, Sentence: 2}}})
	}
	ans := qa.Answer{Question: strings.Repeat("?", 300), Sources: sources}
	for b.Loop() {
		RenderAnswer(ans)
	}
}
