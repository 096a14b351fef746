-- Report features are encoded in corpus's format 2 (shingles Rice-coded,
-- about 3.1 bytes each instead of 4), which cannot read format 1, and
-- report_features keeps an article's body without its lede's sentences
-- (corpus.ReportFeatures.Body), which report_ledes already holds. The
-- rows of format 1 go: until the reload re-indexes every article
-- (corpus.IndexVersion 5), readers compute the features from the text,
-- as they do for articles indexed before migration 011.
DELETE FROM report_ledes;
DELETE FROM report_features;
