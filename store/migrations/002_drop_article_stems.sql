-- The stems of a replaced or removed article are now found by analysing its
-- stored sentences again: the per-article stem lists cost more disk (about
-- 90 MB at a million sentences) than the whole sentence index.
DROP TABLE article_stems;
