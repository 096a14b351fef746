-- The quotations' own analysed terms, so a topic quotation lookup reads the
-- posting lists of the topic's terms instead of analysing every quotation
-- in each serving process (2.3 s and 200 MB at 1M sentences). Reloads keep
-- them in their transaction, as they do the sentence postings.
--
-- quotes.length is the quotation's length in terms (-1: not analysed yet,
-- rows from before this migration).
ALTER TABLE quotes ADD COLUMN length INTEGER NOT NULL DEFAULT -1;

-- One list per stem, encoded by corpus.EncodePostings with Sentence the
-- quotes.id, TF the stem's count in the quotation and Len its length.
CREATE TABLE quote_postings (
	id   INTEGER PRIMARY KEY,
	stem TEXT    NOT NULL UNIQUE,
	last INTEGER NOT NULL, -- the list's largest quotes.id
	list BLOB    NOT NULL
);

-- One row when quote_postings describe every quotation: the number of
-- quotations and the sum of their lengths, for BM25 over all of them. A
-- database with quotations from before this migration has none until a
-- reload indexes them; readers meanwhile analyse in memory.
CREATE TABLE quote_index (
	only   INTEGER PRIMARY KEY CHECK (only = 1),
	quotes INTEGER NOT NULL,
	terms  INTEGER NOT NULL
);
INSERT INTO quote_index (only, quotes, terms) SELECT 1, 0, 0 WHERE NOT EXISTS (SELECT 1 FROM quotes);
