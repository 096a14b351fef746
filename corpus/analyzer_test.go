package corpus

import (
	"reflect"
	"strings"
	"sync"
	"testing"
)

func TestTokens(t *testing.T) {
	a := NewAnalyzer()
	type tok struct {
		text, stem string
		stop       bool
		span       string // text[Start:End]
	}
	tests := []struct {
		name, in, lang string
		want           []tok
	}{
		{"accents folded", "México", "es", []tok{{"mexico", "mexic", false, "México"}}},
		{"curly possessive", "Trump’s offer", "en", []tok{{"trump", "trump", false, "Trump’s"}, {"offer", "offer", false, "offer"}}},
		{"possessive", "Sheinbaum's consent", "en", []tok{{"sheinbaum", "sheinbaum", false, "Sheinbaum's"}, {"consent", "consent", false, "consent"}}},
		{"us dotted", "the U.S. is", "en", []tok{{"the", "the", true, "the"}, {"us", "us", false, "U.S."}, {"is", "is", true, "is"}}},
		{"us pronoun is a stop word", "help us", "en", []tok{{"help", "help", false, "help"}, {"us", "us", true, "us"}}},
		{"us capitals", "US troops", "en", []tok{{"us", "us", false, "US"}, {"troops", "troop", false, "troops"}}},
		{"usa", "USA U.S.A. U.S", "en", []tok{{"us", "us", false, "USA"}, {"us", "us", false, "U.S.A."}, {"us", "us", false, "U.S"}}},
		{"uk un eu", "U.K. UN E.U.", "en", []tok{{"uk", "uk", false, "U.K."}, {"un", "un", false, "UN"}, {"eu", "eu", false, "E.U."}}},
		{"french un is a stop word", "un accord", "fr", []tok{{"un", "un", true, "un"}, {"accord", "accord", false, "accord"}}},
		{"money", "$1.13bn", "en", []tok{{"1.13", "1.13", false, "1.13"}, {"bn", "bn", false, "bn"}}},
		{"thousands and year", "1,000 in 2025.", "en", []tok{{"1000", "1000", false, "1,000"}, {"in", "in", true, "in"}, {"2025", "2025", false, "2025"}}},
		{"hyphenated", "drug-trafficking", "en", []tok{{"drug", "drug", false, "drug"}, {"trafficking", "traffick", false, "trafficking"}}},
		{"em dash and quotes", "with—or “without”", "en", []tok{{"with", "with", true, "with"}, {"or", "or", true, "or"}, {"without", "without", false, "without"}}},
		{"elision", "l’armée", "fr", []tok{{"l", "l", true, "l"}, {"armee", "arme", false, "armée"}}},
		{"compatibility form", "ﬁnal Ｍexico", "en", []tok{{"final", "final", false, "ﬁnal"}, {"mexico", "mexico", false, "Ｍexico"}}},
		{"time", "9 a.m.", "en", []tok{{"9", "9", false, "9"}, {"am", "am", true, "a.m."}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []tok
			for _, k := range a.Tokens(tt.in, tt.lang) {
				got = append(got, tok{k.Text, k.Stem, k.Stop, tt.in[k.Start:k.End]})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Tokens(%q)\n got  %+v\n want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestTerms(t *testing.T) {
	a := NewAnalyzer()
	got := a.Terms("Mexican President Claudia Sheinbaum rejected U.S. President Donald Trump's offer of troops.", "en")
	want := []string{"mexican", "presid", "claudia", "sheinbaum", "reject", "us", "presid", "donald", "trump", "offer", "troop"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Terms = %q, want %q", got, want)
	}
	// Questions and articles meet on the same terms.
	q := a.Terms("Did Sheinbaum reject the US troops?", "en")
	if want := []string{"sheinbaum", "reject", "us", "troop"}; !reflect.DeepEqual(q, want) {
		t.Errorf("question terms = %q, want %q", q, want)
	}
	if es := a.Terms("Los militares de Estados Unidos", "es"); !reflect.DeepEqual(es, []string{"militar", "estad", "unid"}) {
		t.Errorf("Spanish terms = %q", es)
	}
}

// TestAnalyzerCacheBound checks that a full cache changes nothing but speed.
func TestAnalyzerCacheBound(t *testing.T) {
	text := "Sheinbaum rejected U.S. troops; México's sovereignty is loved and defended, Trump’s offer refused."
	small := NewAnalyzer()
	small.limit = 3
	big := NewAnalyzer()
	for i := 0; i < 3; i++ {
		if got, want := small.Terms(text, "en"), big.Terms(text, "en"); !reflect.DeepEqual(got, want) {
			t.Fatalf("bounded cache: %q, want %q", got, want)
		}
	}
	if n := small.langs[langEN].size; n > 3 {
		t.Errorf("cache grew to %d entries past its limit of 3", n)
	}
}

func TestAnalyzerConcurrent(t *testing.T) {
	a := NewAnalyzer()
	texts := []string{"Sovereignty is not for sale.", "El presidente de México habló.", "Le président a parlé aux États-Unis."}
	langs := []string{"en", "es", "fr"}
	want := make([][]string, len(texts))
	for i := range texts {
		want[i] = NewAnalyzer().Terms(texts[i], langs[i])
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; n < 200; n++ {
				i := n % len(texts)
				if got := a.Terms(texts[i], langs[i]); !reflect.DeepEqual(got, want[i]) {
					t.Errorf("concurrent Terms = %q, want %q", got, want[i])
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestDetectLanguage(t *testing.T) {
	tests := []struct{ in, want string }{
		{"The president said that the troops were not welcome in the country.", "en"},
		{"La presidenta dijo que los soldados de Estados Unidos no son bienvenidos en el país.", "es"},
		{"Le président a déclaré que les soldats des États-Unis ne sont pas les bienvenus dans le pays.", "fr"},
		{"", "en"},
		{"12345 !!!", "en"},
	}
	for _, tt := range tests {
		if got := DetectLanguage(tt.in); got != tt.want {
			t.Errorf("DetectLanguage(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestTokensOffsetsCoverText(t *testing.T) {
	a := NewAnalyzer()
	arts := parseDefault(t)
	for _, art := range arts {
		for _, s := range art.Sentences {
			prev := 0
			for _, k := range a.Tokens(s.Text, art.Language) {
				if k.Start < prev || k.End <= k.Start || k.End > len(s.Text) {
					t.Fatalf("bad span %d:%d after %d in %q", k.Start, k.End, prev, s.Text)
				}
				if strings.TrimSpace(s.Text[k.Start:k.End]) != s.Text[k.Start:k.End] {
					t.Errorf("span %q has spaces", s.Text[k.Start:k.End])
				}
				prev = k.End
			}
		}
	}
}
