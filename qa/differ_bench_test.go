package qa

import (
	"context"
	"fmt"
	"testing"

	"storybot/corpus"
)

// benchSources are eight reports of one event, two or three cited
// sentences each, about as long as news sentences run.
func benchSources() []SourceAnswer {
	texts := []string{
		"NPR's Ari Shapiro talks to Vivienne Walt, a reporter for Time Magazine in Paris, about the truck attack in Nice that left more than 70 people dead.",
		"The death toll grew through the night, with Hollande saying 77 people died.",
		"At least 60 people were killed after a truck drove through a crowd celebrating Bastille Day on Thursday night.",
		"At least three Tunisians and three Algerians were among the 84 people killed when a Tunisian-born man ploughed a truck into crowds in the French resort of Nice, officials said Friday.",
		"Nearly 80 people were killed on Thursday on Nice's Promenade des Anglais, mowed down by a truck driven through a crowd by an armed driver for more than a mile.",
		"The driver, identified as Mohamed Lahouaiej-Bouhlel, 31, was shot dead by police at about 10:40 p.m.",
		"Prime Minister Manuel Valls said France would have to live with terrorism, as the country began three days of mourning.",
		"Some 50 people remained in critical condition on Saturday, and the bill for the damage was put at $12 million.",
	}
	var out []SourceAnswer
	for i := range 8 {
		sa := SourceAnswer{Source: corpus.Article{ID: fmt.Sprint(i), Outlet: fmt.Sprint("outlet", i), Published: fmt.Sprintf("2016-07-%02d", 14+i%2), Language: "en"}}
		for k := range 2 + i%2 {
			sa.Sentences = append(sa.Sentences, Cited{Text: texts[(i+k)%len(texts)], Paragraph: 1 + k, Sentence: 1})
		}
		out = append(out, sa)
	}
	return out
}

func BenchmarkSourceDifferences(b *testing.B) {
	sources := benchSources()
	for _, want := range []answerKind{wantNumber, wantDate, wantName, wantNothing} {
		b.Run(fmt.Sprint("want=", want), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sourceDifferences(want, sources)
			}
		})
	}
	b.Run("question", func(b *testing.B) {
		q := analyzeQuestion(corpus.NewAnalyzer(), "How many people died in the Nice truck attack?", "en")
		b.ReportAllocs()
		for b.Loop() {
			differences(&q, sources)
		}
	})
}

// BenchmarkCiteAnswerSpans times the search for answer spans beyond the
// cited sentences at its worst: no source's citations hold the figure
// asked for, so each source's re-ranked candidates are read.
func BenchmarkCiteAnswerSpans(b *testing.B) {
	sources := benchSources()
	r := retrieval{q: analyzeQuestion(corpus.NewAnalyzer(), "How many people were wounded in the Nice truck attack?", "en"), minCoverage: DefaultMinCoverage}
	for i := range 30 {
		s := sources[i%len(sources)]
		c := s.Sentences[i%len(s.Sentences)]
		r.ranked = append(r.ranked, candidate{IndexedSentence: corpus.IndexedSentence{ArticleID: s.Source.ID, Sentence: corpus.Sentence{Paragraph: 10 + i, Index: 1, Text: c.Text}}, coverage: 0.5})
	}
	b.ReportAllocs()
	for b.Loop() {
		citeAnswerSpans(&r, sources)
	}
}

// BenchmarkScanAnswerSpans times reading whole articles for a count
// question at its worst: twelve articles of forty news sentences, none
// cited with a figure, so all are read and every sentence is weighed.
func BenchmarkScanAnswerSpans(b *testing.B) {
	an := corpus.NewAnalyzer()
	texts := benchSources()
	var articles []corpus.Article
	for i := range 12 {
		a := corpus.Article{ID: fmt.Sprint("art", i), Published: "2016-07-15", Language: "en"}
		for k := range 40 {
			s := texts[(i+k)%len(texts)].Sentences[0]
			a.Sentences = append(a.Sentences, corpus.Sentence{Paragraph: k + 1, Index: 1, Text: s.Text})
		}
		articles = append(articles, a)
	}
	idx := newTestIndex(an, articles)
	r := retrieval{q: analyzeQuestion(an, "How many people were wounded in the Nice truck attack?", "en"), articles: map[string]corpus.Article{}}
	var sources []SourceAnswer
	for i, a := range idx.articles {
		r.articles[a.ID] = a
		r.ranked = append(r.ranked, candidate{IndexedSentence: corpus.IndexedSentence{ArticleID: a.ID}})
		if i < 6 {
			sources = append(sources, SourceAnswer{Source: a, Sentences: []Cited{{Text: "Prime Minister Manuel Valls spoke.", Paragraph: 99, Sentence: 1}}})
		}
	}
	e := &Engine{Index: idx, Analyzer: an}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.scanAnswerSpans(context.Background(), &r, sources); err != nil {
			b.Fatal(err)
		}
	}
}
