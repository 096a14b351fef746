package qa

import (
	"encoding/json"
	"os"
	"slices"
	"testing"

	"storybot/corpus"
)

// TestAlsoInPrecision measures sameSentence, the test also_in rests on,
// against sentence pairs from news-clusters judged by hand: of the pairs it
// calls the same sentence, at least 95% must be. The pair texts are in the
// file, so the test needs nothing else.
func TestAlsoInPrecision(t *testing.T) {
	data, err := os.ReadFile("testdata/also_in_judged.json")
	if err != nil {
		t.Fatal(err)
	}
	var judged struct {
		Pairs []struct {
			A, B string
			Same bool
			Note string
		}
	}
	if err := json.Unmarshal(data, &judged); err != nil {
		t.Fatal(err)
	}
	if len(judged.Pairs) < 60 {
		t.Fatalf("%d judged pairs, want at least 60", len(judged.Pairs))
	}
	an := corpus.NewAnalyzer()
	sig := func(s string) sentenceSig { return newSentenceSig(s, an.Tokens(s, "en")) }
	var tp, fp, fn, oldFP int
	for _, p := range judged.Pairs {
		a, b := sig(p.A), sig(p.B)
		if want := quoteSignature(p.A, an.Tokens(p.A, "en")); !slices.Equal(a.quote, want) {
			t.Errorf("newSentenceSig(%q).quote = %v, quoteSignature gives %v", p.A, a.quote, want)
		}
		got := sameSentence(a, b)
		if got != sameSentence(b, a) {
			t.Errorf("sameSentence is not symmetric for %q, %q", p.A, p.B)
		}
		switch {
		case got && p.Same:
			tp++
		case got:
			fp++
			t.Logf("judged different, called the same: %q | %q (%s)", p.A, p.B, p.Note)
		case p.Same:
			fn++
		}
		if nearDuplicate(a.quote, b.quote) && !p.Same {
			oldFP++
		}
	}
	if tp+fp < 30 {
		t.Fatalf("only %d pairs called the same sentence: too few to measure precision", tp+fp)
	}
	precision := float64(tp) / float64(tp+fp)
	t.Logf("also_in precision %.3f (%d of %d), recall %.3f, over %d judged pairs; the containment test it replaced called %d different pairs the same",
		precision, tp, tp+fp, float64(tp)/float64(tp+fn), len(judged.Pairs), oldFP)
	if precision < 0.95 {
		t.Errorf("also_in precision %.3f, want at least 0.95", precision)
	}
}

func TestSameSentence(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want bool
	}{
		{"same quotation, other framing",
			`She added: “Sovereignty is not for sale. Sovereignty is loved and defended.”`,
			`"Sovereignty is not for sale. Sovereignty is loved and defended," she added.`, true},
		{"a quotation the splitter cut",
			`She added: “Sovereignty is not for sale.`,
			`"Sovereignty is not for sale. Sovereignty is loved and defended," she added.`, true},
		{"typography and a number written out",
			`It extended her remand for eight days.`, `It extended her remand for 8 days.`, true},
		{"a headline's words inside a long sentence",
			`Telegram, the messaging app, has been removed from Apple’s app store days after Theresa May singled it out for criticism as a haven for criminals and terrorists.`,
			`Apple removes Telegram from app store`, false},
		{"a quotation with a new fact after it",
			`'They made a tough choice and they made the right choice because they saved that little boy's life,' Maynard said.`,
			`"They made a tough choice and they made the right choice because they saved that little boy's life," he said, adding that a member of the zoo's Dangerous Animal Response Team fired the shot that killed the ape.`, false},
		{"too short to tell", `Trump said so.`, `Trump said so.`, false},
		{"a name swapped", `The minister, Alan Smith, said on Monday that the tariffs would be lifted.`,
			`The minister, Alan Kalomiren, said on Monday that the tariffs would be lifted.`, false},
		{"a figure changed", `Goldman had been expected to post fourth-quarter net income of $2.07 billion.`,
			`Goldman had been expected to post fourth-quarter net income of $3.41 billion.`, false},
		{"one names more, none swapped", `The minister said on Monday that the tariffs would be lifted.`,
			`The minister, Alan Smith, said on Monday that the tariffs would be lifted.`, true},
	}
	an := corpus.NewAnalyzer()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := newSentenceSig(tt.a, an.Tokens(tt.a, "en")), newSentenceSig(tt.b, an.Tokens(tt.b, "en"))
			if got := sameSentence(a, b); got != tt.want {
				t.Errorf("sameSentence(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}
