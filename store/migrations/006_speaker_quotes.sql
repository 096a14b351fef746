-- Each attributed quotation's speaker group, so a speaker's quotations are
-- found through their group (rebuilt with the groups, lazily) instead of
-- through an index on quotes.speaker, which every reload had to maintain:
-- about 2% of a full reload's CPU at 1M sentences.
DROP INDEX quotes_speaker;
CREATE TABLE speaker_quotes (
	speaker INTEGER NOT NULL, -- speakers.id
	quote   INTEGER NOT NULL, -- quotes.id
	PRIMARY KEY (speaker, quote)
) WITHOUT ROWID;
DELETE FROM speakers_current;
