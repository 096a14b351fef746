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
-- The ledes' features (the lede's sentences alone, about 110 bytes) have a
-- table of their own: most comparisons stop at them, and packed 30 to a
-- page they stay in cache, where beside the whole features (about 2 KB an
-- article, mostly shingles) each would cost a page read.
CREATE TABLE report_ledes (
	article INTEGER PRIMARY KEY REFERENCES articles (seq) ON DELETE CASCADE,
	data    BLOB    NOT NULL
);
CREATE TABLE report_features (
	article INTEGER PRIMARY KEY REFERENCES articles (seq) ON DELETE CASCADE,
	data    BLOB    NOT NULL
);
