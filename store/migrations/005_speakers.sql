-- Speaker groups across every quotation (corpus.Speakers), kept so that a
-- fresh process answers a speaker's quotations without reading and grouping
-- every quotation first. They are rebuilt by the first lookup after the
-- quotations change, not by the reload, so a reload stays as fast as it was:
-- the triggers below empty speakers_current whenever a quotation changes.
CREATE TABLE speakers (
	id      INTEGER PRIMARY KEY, -- position in corpus.Speakers' order: most quoted first
	name    TEXT    NOT NULL,    -- canonical name
	names   TEXT    NOT NULL,    -- JSON array: the Quote.Speaker values grouped here
	aliases TEXT    NOT NULL,    -- JSON array
	quotes  INTEGER NOT NULL
);

-- The quotation → speaker mapping, by the quotation's speaker field.
CREATE TABLE speaker_names (
	name    TEXT    PRIMARY KEY,
	speaker INTEGER NOT NULL
) WITHOUT ROWID;

-- What corpus.SpeakerMatcher searches: each group's lower-cased names and
-- aliases and their words, for prefix lookups.
CREATE TABLE speaker_keys (
	key     TEXT    NOT NULL,
	speaker INTEGER NOT NULL,
	PRIMARY KEY (key, speaker)
) WITHOUT ROWID;

-- One row when the tables above describe the current quotations.
CREATE TABLE speakers_current (current INTEGER NOT NULL);

CREATE INDEX quotes_speaker ON quotes (speaker);

CREATE TRIGGER quotes_insert_speakers AFTER INSERT ON quotes
BEGIN DELETE FROM speakers_current; END;
CREATE TRIGGER quotes_delete_speakers AFTER DELETE ON quotes
BEGIN DELETE FROM speakers_current; END;
CREATE TRIGGER quotes_update_speakers AFTER UPDATE ON quotes
BEGIN DELETE FROM speakers_current; END;
CREATE TRIGGER articles_delete_speakers AFTER DELETE ON articles
BEGIN DELETE FROM speakers_current; END;
