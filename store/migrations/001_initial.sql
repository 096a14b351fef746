-- Articles: one row per source. seq is the compact integer key the large
-- tables refer to, so a million sentences don't each carry the text id.
-- A loaded article's sentences hold the contiguous ids
-- first_sentence .. first_sentence+sentence_count-1 (ids are never reused),
-- which lets a reload delete and un-index them as a range.
CREATE TABLE articles (
	seq            INTEGER PRIMARY KEY,
	id             TEXT    NOT NULL UNIQUE,
	file           TEXT    NOT NULL UNIQUE,
	story          TEXT    NOT NULL DEFAULT '',
	title          TEXT    NOT NULL DEFAULT '',
	outlet         TEXT    NOT NULL DEFAULT '',
	url            TEXT    NOT NULL DEFAULT '',
	published      TEXT    NOT NULL DEFAULT '',
	language       TEXT    NOT NULL DEFAULT '',
	authors        TEXT    NOT NULL DEFAULT '[]', -- JSON array of strings
	hash           TEXT    NOT NULL,
	first_sentence INTEGER NOT NULL,
	sentence_count INTEGER NOT NULL,
	term_count     INTEGER NOT NULL  -- sum of the sentences' lengths in terms
);

-- Sentences carry no foreign key: deleting an article would then scan the
-- whole table for children (or need an index as big as the rest of the
-- table). The store deletes them by id range with their article instead.
-- text comes last so reads of the other columns never touch its overflow pages.
CREATE TABLE sentences (
	id        INTEGER PRIMARY KEY,
	article   INTEGER NOT NULL, -- articles.seq
	paragraph INTEGER NOT NULL,
	idx       INTEGER NOT NULL, -- 1-based position within the paragraph
	length    INTEGER NOT NULL, -- in terms
	text      TEXT    NOT NULL
);

CREATE TABLE quotes (
	id        INTEGER PRIMARY KEY,
	article   INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
	paragraph INTEGER NOT NULL,
	sentence  INTEGER NOT NULL,
	speaker   TEXT    NOT NULL DEFAULT '',
	attribution TEXT  NOT NULL DEFAULT '', -- the words naming the speaker here
	text      TEXT    NOT NULL
);
CREATE INDEX quotes_article ON quotes (article, paragraph, sentence);

-- (Dropped by 002.) The distinct stems of each article, newline-separated: a reload that drops
-- or replaces the article knows which posting lists to rewrite without
-- re-analysing old text with a possibly newer analyzer.
CREATE TABLE article_stems (
	article INTEGER PRIMARY KEY REFERENCES articles (seq) ON DELETE CASCADE,
	stems   TEXT NOT NULL
);

-- One posting list per stem, encoded by corpus.EncodePostings. df and
-- last_sentence sit before the blob so appending new sentences reads them
-- without reading the list.
CREATE TABLE postings (
	id            INTEGER PRIMARY KEY,
	stem          TEXT    NOT NULL UNIQUE,
	df            INTEGER NOT NULL,
	last_sentence INTEGER NOT NULL,
	list          BLOB    NOT NULL
);

-- Running totals, so Stats and start-up never scan the big tables.
CREATE TABLE counters (
	only           INTEGER PRIMARY KEY CHECK (only = 1),
	next_sentence  INTEGER NOT NULL, -- sentence ids are never reused
	articles       INTEGER NOT NULL,
	sentences      INTEGER NOT NULL,
	terms          INTEGER NOT NULL
);
INSERT INTO counters (only, next_sentence, articles, sentences, terms) VALUES (1, 1, 0, 0, 0);
