package corpus

// Vote is one reader's judgement of an answer: what the bot records when a
// 👍 or 👎 button is pressed, and what the store keeps (with the user only
// as a salted hash), so answer quality can be learned from real use.
type Vote struct {
	// Answer is the key of the answer voted on: a reader who changes their
	// mind replaces their vote rather than adding one.
	Answer string
	// User is who voted (a Discord user id). It is never stored as is.
	User     string
	Up       bool
	Question string
	// Story is the story the answer came from; "" for one story alone.
	Story string
	// Cited are the sentences the answer cited, best first.
	Cited []SentenceRef
}

// SentenceRef names one sentence of an article file by its position, as
// citations show it.
type SentenceRef struct {
	File      string `json:"file"`
	Paragraph int    `json:"paragraph"`
	Sentence  int    `json:"sentence"`
}
