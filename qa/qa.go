// Package qa answers questions about a story with sentences cited from each
// source, and says plainly when the sources don't say.
package qa

import (
	"context"

	"storybot/corpus"
)

// Index is what qa needs from the sentence index. store.DB satisfies it.
type Index interface {
	// Stats describes the whole index.
	Stats(ctx context.Context) (corpus.IndexStats, error)
	// Postings returns the posting list of one stem, ordered by sentence id;
	// nil when no sentence contains it.
	Postings(ctx context.Context, stem string) ([]corpus.Posting, error)
	// Sentences returns the sentences with the given ids, in the order asked;
	// ids that do not exist are left out.
	Sentences(ctx context.Context, ids []uint32) ([]corpus.IndexedSentence, error)
	// Articles returns every article's metadata (Sentences left empty),
	// ordered by file.
	Articles(ctx context.Context) ([]corpus.Article, error)
	// ArticlesByID returns the metadata (Sentences left empty) of the
	// articles with the given ids, in the order asked; ids that do not exist
	// are left out. Answering a question reads only its candidates'
	// articles through it, never the whole list.
	ArticlesByID(ctx context.Context, ids []string) ([]corpus.Article, error)
}

// Answer is a question answered from the sources.
type Answer struct {
	Question string
	// Sources are the sources that address the question, best first.
	Sources []SourceAnswer
	// NotFound is true when no source addresses the question.
	NotFound bool
	// Story is the story the question was answered from, when the index
	// holds stories (see Router); "" otherwise.
	Story string
	// RunnerUp is the story that fitted the question nearly as well as
	// Story, when one did; "" otherwise.
	RunnerUp string
	// Differences are the answer spans (figures, dates, places, people) on
	// which the cited sources disagree; empty when nothing is comparable
	// or they agree.
	Differences []Difference
	// Agree is how many reports give the same answer span, a report
	// several outlets carry counted once; 0 when nothing is comparable.
	Agree int
	// Agreed is the span the agreeing reports give, as the most precise
	// of them words it ("7"); "" when Agree is 0.
	Agreed string
}

// Difference is one kind of answer span on which the cited sources
// disagree, such as "5" in one report and "at least 7" in another.
type Difference struct {
	// Kind is "number", "amount", "date", "time", "place" or "person".
	Kind string
	// Values are the differing spans, oldest report first.
	Values []DifferenceValue
	// Updated is true when a later report revises an earlier one ("rose
	// to 7") rather than contradicting it.
	Updated bool
}

// DifferenceValue is one source's span in a Difference.
type DifferenceValue struct {
	// Value is the span as the reader sees it ("at least 7", "$284bn").
	Value string
	// Source is the id of the article that says it.
	Source string
	// Paragraph, Sentence and Text identify the cited sentence.
	Paragraph int
	Sentence  int
	Text      string
	// Start and End are the span's byte offsets in Text, for marking it.
	Start, End int
	// Normal is the value as the differ compared it: "7", ">=7", "USD
	// 284000000000", "2017-11-09", "Thursday", "21:00", "stephen paddock".
	Normal string
}

// SourceAnswer is what one source says in answer to a question.
type SourceAnswer struct {
	// Source is the article cited: for a report several outlets carry
	// (the same wire story, near-identical text), the best-ranked of them.
	Source    corpus.Article // metadata only
	Sentences []Cited        // best first, 1 to 3
	// CarriedBy are the other articles that carry the same report and
	// every sentence cited from it, best-ranked first; metadata only.
	CarriedBy []corpus.Article
	// Agency is the news agency the report's text credits ("AP",
	// "Reuters", "AFP"); "" when none does or CarriedBy is empty.
	Agency string
}

// Cited is one sentence cited verbatim.
type Cited struct {
	Text      string
	Paragraph int
	Sentence  int
	Score     float64
	// AlsoIn lists the ids of other sources that carry the same or nearly
	// the same sentence.
	AlsoIn []string
}

// QuoteIndex is what qa needs from the index to answer quotation requests.
// store.DB satisfies it.
type QuoteIndex interface {
	// Quotes returns every stored quotation, ordered by article then position.
	Quotes(ctx context.Context) ([]corpus.Quote, error)
}

// QuoteHit is a quotation found for a request, with its source.
type QuoteHit struct {
	corpus.Quote
	Source corpus.Article // metadata only
	Score  float64
}

// Speaker is someone quoted in the sources.
type Speaker struct {
	Name    string   // canonical
	Aliases []string // other names the articles use
	Quotes  int
}
