-- The size and modification time (Unix nanoseconds) of each article's file
-- when it was last read, so that a reload reads and hashes only the files
-- whose size or time changed, as git's index does. size -1 or mtime 0 mean
-- unknown (rows from before, embedded files, files modified moments before
-- the reload): such a file is read and hashed every time.
ALTER TABLE articles ADD COLUMN size INTEGER NOT NULL DEFAULT -1;
ALTER TABLE articles ADD COLUMN mtime INTEGER NOT NULL DEFAULT 0;
