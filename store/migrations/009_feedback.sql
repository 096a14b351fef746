-- Votes on answers (👍/👎 under each answer in Discord), to learn answer
-- quality from real use. The user is kept only as a salted hash: enough to
-- let a reader change their vote, not to tell who they are. cited is a JSON
-- array of {file, paragraph, sentence}; corpus_version a digest of every
-- article's file and content hash when the vote was cast.
CREATE TABLE feedback (
	id             INTEGER PRIMARY KEY,
	at             TEXT    NOT NULL, -- RFC 3339, UTC
	answer         TEXT    NOT NULL, -- the answer's key in its buttons
	user_hash      TEXT    NOT NULL,
	vote           INTEGER NOT NULL CHECK (vote IN (-1, 1)),
	question       TEXT    NOT NULL,
	story          TEXT    NOT NULL DEFAULT '',
	cited          TEXT    NOT NULL DEFAULT '[]',
	corpus_version TEXT    NOT NULL,
	UNIQUE (answer, user_hash)
);
CREATE INDEX feedback_at ON feedback (at);

-- The salt of the user hashes, made once per database unless
-- STORYBOT_FEEDBACK_SALT gives one.
CREATE TABLE feedback_salt (
	only INTEGER PRIMARY KEY CHECK (only = 1),
	salt BLOB    NOT NULL
);
