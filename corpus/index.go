package corpus

// Posting is one sentence that contains a term: what BM25 needs, and no more.
type Posting struct {
	// Sentence is the index's id of the sentence.
	Sentence uint32
	// TF is how often the term occurs in the sentence.
	TF uint16
	// Len is the sentence's length in terms, so scoring needs no other lookup.
	Len uint16
}

// IndexStats describes the whole sentence index, for BM25's IDF and length norm.
type IndexStats struct {
	Articles  int
	Sentences int
	// AvgLen is the mean sentence length in terms.
	AvgLen float64
}

// IndexedSentence is a sentence as the index returns it: where it comes from,
// and its text verbatim.
type IndexedSentence struct {
	ID        uint32
	ArticleID string
	Sentence
}

// QuoteTermStats is what BM25 over a collection of quotations needs for
// one query: the collection's size and total length in terms, and for each
// query term the postings of the collection's quotations holding it
// (Sentence is then a key of the quotation, Len its length).
type QuoteTermStats struct {
	N, Total int
	Postings [][]Posting
}
