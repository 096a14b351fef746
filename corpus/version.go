package corpus

// IndexVersion is the version of what Parse, the cleaning, the sentence
// splitter and the Analyzer make of an article file. Bump it whenever a
// change to any of them changes indexed output (sentences, their text or
// positions, stems, quotations, metadata, report features): the store
// keeps the version each article was indexed with, and a reload re-indexes
// every article indexed with another version even when its file is
// unchanged.
//
// 3: Spanish and French stems keep their accents until stemmed, and more
// function words are stop words.
// 4: report features (NewReportFeatures), stored with each article since
// migration 011.
// 5: report features encoded in format 2 (shingles Rice-coded), the
// whole features stored without the lede's sentences; migration 012.
// 6: JSON articles also read other scrapers' and schema.org's field names
// (headline, articleBody, datePublished, ...); an "Image copyright" holder
// ends where the next sentence opens.
// 7: a photo credit or caption label ("Image copyright AFP …") opening a
// paragraph of more than 15 words is cleaned span by span, not taken for a
// caption line: a scraped one-line article opening with one had been
// dropped whole.
const IndexVersion = 7
