package corpus

import "testing"

// TestDetectQuestionLanguage reads short questions as users type them:
// with and without accents, with the inverted marks or none, and English
// ones that name Spanish or French people and places.
func TestDetectQuestionLanguage(t *testing.T) {
	tests := []struct {
		in, want string
		decided  bool
	}{
		{"¿Se quemaron casas?", "es", true},
		{"¿Y los heridos?", "es", true},
		{"¿Hubo detenidos?", "es", true},
		{"qué pasó en Chiva", "es", true},
		{"que dijo el alcalde", "es", true},
		// One word's ending is too little: the index decides.
		{"fuego controlado?", "en", false},
		{"heridos?", "en", false},
		{"y cuanto costo", "es", true},
		{"ya pueden volver los vecinos", "es", true},
		{"¡Cuánta gente!", "es", true},
		{"Qui a appelé à la grève ?", "fr", true},
		{"Y a-t-il des trams ?", "fr", true},
		{"La grève continue ?", "fr", true},
		{"que veut la CGT", "fr", true},
		{"Qu'a dit le maire ?", "fr", true},
		{"C'est quand la prochaine réunion ?", "fr", true},
		{"les bus fonctionnent", "fr", true},
		{"combien de km de bouchons", "fr", true},
		{"what did la guardia civil say", "en", true},
		{"Did Amparo Fort say anything?", "en", true},
		{"who is the mayor", "en", true},
		{"is the fire out", "en", true},
		{"wat airline was it", "en", true},
		{"What did Le Monde report about Macron?", "en", true},
		{"how many ppl died in El Paso", "en", true},
		{"Bruno Bernard ?", "en", false},
		{"", "en", false},
		{"2024", "en", false},
	}
	for _, tt := range tests {
		got, ok := DetectQuestionLanguage(tt.in)
		if got != tt.want || ok != tt.decided {
			t.Errorf("DetectQuestionLanguage(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.decided)
		}
	}
}

// TestAccentedStems checks that Spanish and French words are stemmed with
// their accents, so a word's forms share a stem, and the stem is folded.
func TestAccentedStems(t *testing.T) {
	an := NewAnalyzer()
	tests := []struct {
		lang string
		a, b string
	}{
		{"es", "investigación", "investigaciones"},
		{"es", "identificó", "identificado"},
		{"es", "estimación", "estimaciones"},
		{"fr", "limitée", "limiter"},
		{"fr", "organisées", "organiser"},
		{"fr", "autorité", "autorités"},
	}
	for _, tt := range tests {
		sa, sb := an.Terms(tt.a, tt.lang), an.Terms(tt.b, tt.lang)
		if len(sa) != 1 || len(sb) != 1 || sa[0] != sb[0] {
			t.Errorf("%s: %q → %v, %q → %v; want one shared stem", tt.lang, tt.a, sa, tt.b, sb)
		}
		for _, r := range sa[0] {
			if r > 127 {
				t.Errorf("%s: stem %q of %q is not folded", tt.lang, sa[0], tt.a)
			}
		}
	}
}
