-- generation is raised by every commit that changes the index, so that any
-- process, not only the one that reloaded, can tell the corpus changed.
-- index_version is the oldest corpus.IndexVersion any article was indexed
-- with (0 when none is indexed), kept here so a reader learns it without a
-- scan.
ALTER TABLE counters ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE counters ADD COLUMN index_version INTEGER NOT NULL DEFAULT 0;
-- The corpus.IndexVersion each article was indexed with. Rows from before
-- versions were kept count as version 1, older than any storybot that
-- keeps them, so the next reload re-indexes them with today's parser.
ALTER TABLE articles ADD COLUMN index_version INTEGER NOT NULL DEFAULT 1;
UPDATE counters SET index_version = CASE WHEN articles > 0 THEN 1 ELSE 0 END;
