-- What the corpus folder held, story by story, when each story was last
-- reloaded: corpus.Fingerprint's digest of its listing (paths, sizes and
-- times). A reader compares it with the folder as it is now to say the
-- folder changed since the last reload, without reading a file. folder is
-- the absolute path reloaded from, '' for the embedded story.
CREATE TABLE corpus_listing (
	story  TEXT PRIMARY KEY,
	folder TEXT NOT NULL,
	digest TEXT NOT NULL
) WITHOUT ROWID;
