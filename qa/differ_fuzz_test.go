package qa

import (
	"math"
	"testing"
	"unicode/utf8"
)

// FuzzDifferSpans: whatever the sentence and the article's date, the
// figure, date and name reader neither panics nor returns a span outside
// the sentence, a range upside down, or a value it cannot write.
func FuzzDifferSpans(f *testing.F) {
	for _, s := range []string{
		"At least 7 people were killed on Thursday, police said.",
		"The bill was $284.46bn, or 284 billion dollars, up 40 per cent.",
		"Twenty-one girls were freed on the 9th of November 2017 at 9:30 p.m. GMT.",
		"Dozens of people, some 1,200, fled; hundreds of thousands were displaced last Saturday.",
		"Stephen Paddock, 64, opened fire from the Mandalay Bay in Las Vegas, Nevada.",
		"1.200 personas, casi 3,5 millones de euros, el lunes 9 de noviembre.",
		"US$ $ £1.9m a.m. p.m 12pm 24:00 31 February 0 9/11 G20 F-16 1990s 7th",
		"“Half a million”, tens of thousands, a dozen, one of the, no one",
		"Standing 229 feet (70 meters) tall, with 129 people on board, around noon; of which four had serious injuries.",
	} {
		f.Add(s, "2017-11-10")
		f.Add(s, "")
	}
	f.Add("Thursday, November 9 … Nov. 9, 2016", "2017-11-10T23:59:00+09:00")
	f.Fuzz(func(t *testing.T, text, published string) {
		if len(text) > 2000 {
			return
		}
		pub, _ := publishedTime(published)
		toks := tokenize(text)
		for _, tk := range toks {
			if tk.start < 0 || tk.end > len(text) || tk.start >= tk.end {
				t.Fatalf("token %+v outside %q", tk, text)
			}
		}
		var every [numSpanKinds]bool
		for k := range every {
			every[k] = true
		}
		for _, lang := range []string{"en", "es"} {
			for _, s := range spansOf(text, toks, every, pub, lang) {
				if s.start < 0 || s.end > len(text) || s.start >= s.end || s.first > s.last || s.last >= len(toks) {
					t.Fatalf("span %+v outside %q", s, text)
				}
				if !utf8.ValidString(text[s.start:s.end]) && utf8.ValidString(text) {
					t.Fatalf("span %q cuts a character", text[s.start:s.end])
				}
				if (s.kind == kindNumber || s.kind == kindAmount) && (s.lo > s.hi || math.IsNaN(s.lo) || math.IsNaN(s.hi)) {
					t.Fatalf("figure %q has range [%v, %v]", text[s.start:s.end], s.lo, s.hi)
				}
				if s.kind != kindDate && s.normal() == "" {
					t.Fatalf("span %q (%v) has no normal form", text[s.start:s.end], s.kind)
				}
				// The readers of what stands around a span stay inside
				// the sentence whatever it holds.
				measureFollows(toks, s, []string{"tall", "deep"})
				aboard(toks, s, []string{"peopl", "ship"})
				nearClass(toks, s, 8, "dead")
				if end := conversionEnd(toks, s); end >= len(toks) {
					t.Fatalf("conversion of %q ends past the sentence", text[s.start:s.end])
				}
				if s.slack() < 0 {
					t.Fatalf("time %q has slack %d", text[s.start:s.end], s.slack())
				}
			}
		}
	})
}
