-- A story's title and summary, from its story.txt. A story exists while it
-- has articles; a row here without articles is simply not listed.
CREATE TABLE stories (
	name    TEXT PRIMARY KEY,
	title   TEXT NOT NULL DEFAULT '',
	summary TEXT NOT NULL DEFAULT ''
);

-- The story a Discord channel asks about when a command names none, set by
-- the server's managers.
CREATE TABLE channel_stories (
	channel_id TEXT PRIMARY KEY,
	guild_id   TEXT NOT NULL DEFAULT '',
	story      TEXT NOT NULL,
	set_by     TEXT NOT NULL DEFAULT '',
	set_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- Per-story views read an article's sentence range by story.
CREATE INDEX articles_story ON articles (story, first_sentence);
