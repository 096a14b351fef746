// Package corpus turns article files into clean, citable sentences and owns
// the one analyzer used for both indexing and questions.
//
// It knows nothing of SQL or Discord: the store persists what corpus
// produces, and qa ranks it.
package corpus

// Article is one source: one outlet's report of the story.
type Article struct {
	// ID is the article's stable identity: its File without the extension
	// ("004_c844147cb205b5ce"). It survives reloads, so answers can refer to it.
	ID string
	// File is the file name relative to the corpus folder, slash-separated.
	File string
	// Story is the story the article belongs to: the name of its top-level
	// subfolder, or "" for a flat corpus folder.
	Story     string
	Title     string
	Outlet    string
	URL       string
	Published string
	// Language is an ISO 639-1 code: "en", "es" or "fr".
	Language string
	Authors  []string
	// Hash is the hex SHA-256 of the file's bytes, used to skip re-analysing
	// unchanged files on reload.
	Hash string
	// Sentences are the citable sentences in reading order, clutter removed.
	Sentences []Sentence
	// FirstSentence and SentenceCount place an indexed article's sentences
	// in the index: their ids run from FirstSentence, one after another.
	// Both are 0 for an article the index did not give them.
	FirstSentence uint32
	SentenceCount int
}

// Sentence is one citable sentence, verbatim as it stands in the article.
type Sentence struct {
	// Paragraph is 0 for the headline, then 1, 2, … for the body paragraphs
	// that survive cleaning.
	Paragraph int
	// Index is the sentence's 1-based position within its paragraph.
	Index int
	Text  string
}

// Name is how a citation names the article: outlet, else title, else file.
func (a Article) Name() string {
	switch {
	case a.Outlet != "":
		return a.Outlet
	case a.Title != "":
		return a.Title
	default:
		return a.File
	}
}

// Quote is a direct quotation attributed to a speaker.
type Quote struct {
	// Text is the quoted words without the surrounding quote marks.
	Text string
	// Speaker is the canonical name ("Claudia Sheinbaum"); "" when unknown.
	Speaker string
	// Attribution is the words the article uses to name the speaker at this
	// quote ("White House National Security Council spokesman James Hewitt",
	// "she", "the statement"), or for a quotation that continues a speaker,
	// the words that last named them; "" when none. Speakers reads aliases
	// from it.
	Attribution string
	// ArticleID is the Article.ID the quote comes from.
	ArticleID string
	Paragraph int
	// Sentence is the 1-based index, within the paragraph, of the sentence
	// where the quotation starts.
	Sentence int
}

// FileProblem says why one file was not loaded.
type FileProblem struct {
	File   string
	Reason string
}

// ReloadReport says what a reload did to the indexed corpus.
type ReloadReport struct {
	Added     []string      // files new since the last load
	Updated   []string      // files whose content changed
	Removed   []string      // files gone from the corpus folder
	Unchanged int           // files with the same content hash, not re-analysed
	Failed    []FileProblem // files skipped, each with the reason; the rest still loaded
	Skipped   []FileProblem // files that are not articles (wrong extension), reported not loaded
	Sentences int           // sentences in the corpus after the reload
}
