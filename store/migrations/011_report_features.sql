-- Each article's report features (corpus.ReportFeatures, encoded by
-- corpus.AppendReportFeatures): its body's word shingles and each
-- sentence's names and figures apart from its other words, which qa
-- compares to show a wire story several outlets carry once. Written by the
-- reload with the article; answering a question reads these instead of
-- reading and hashing the articles' text (about 12 articles an answer at
-- 1M sentences). Articles indexed before this migration have none until
-- the reload re-indexes them (corpus.IndexVersion 3); readers meanwhile
-- compute them from the text.
--
-- lede holds the features of the lede's sentences alone, which most
-- comparisons stop at, so they are read without the shingles (about 2 KB
-- an article, the bulk of data).
CREATE TABLE report_features (
	article INTEGER PRIMARY KEY REFERENCES articles (seq) ON DELETE CASCADE,
	lede    BLOB    NOT NULL,
	data    BLOB    NOT NULL
);
