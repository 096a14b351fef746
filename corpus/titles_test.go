package corpus

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTitledNames(t *testing.T) {
	tests := []struct {
		text string
		want []string // "role words|Name"
	}{
		// How the seed articles introduce people.
		{"Mexican President Claudia Sheinbaum said on Saturday that she rejected U.S. President Donald Trump's offer of troops.",
			[]string{"mexican president|Claudia Sheinbaum", "us president|Donald Trump"}},
		{"Mexican president of Mexico City, Claudia Sheinbaum said on Saturday that US President Donald Trump had proposed sending American troops to Mexico.",
			[]string{"mexican mexico city president|Claudia Sheinbaum", "us president|Donald Trump"}},
		{"Mexican president Claudia Sheinbaum attended her morning press conference at the National Palace in Mexico City, April 2, 2025.",
			[]string{"mexican president|Claudia Sheinbaum"}},
		{"Additionally, in April, Defense Secretary Pete Hegseth warned Mexican officials that the U.S. was considering unilateral action.",
			[]string{"defense secretary|Pete Hegseth"}},
		{"White House National Security Council spokesman James Hewitt released a statement following Sheinbaum's comments.",
			[]string{"white house national security council spokesman|James Hewitt"}},
		{"The spokesman for the National Security Council of the White House, James Hewitt, said in a statement later on Saturday that Trump had worked closely with the president of Mexico “to reach the most secure southwest border in history”.",
			[]string{"national security council white house spokesman|James Hewitt"}},
		{"USA President Donald Trump spoke.", []string{"us president|Donald Trump"}},
		// Appositives, either side of the name.
		{"Claudia Sheinbaum, Mexico's president, said the troops were not welcome.", []string{"mexico president|Claudia Sheinbaum"}},
		{"Trump spoke with the president of Mexico, Claudia Sheinbaum, on Monday.", []string{"mexico president|Claudia Sheinbaum"}},
		{"The call was with Claudia Sheinbaum, the Mexican president.", []string{"mexican president|Claudia Sheinbaum"}},
		{"Meanwhile Claudia Sheinbaum, the Mexican president, spoke.", []string{"mexican president|Claudia Sheinbaum"}},
		{"Secretary of State Marco Rubio met Foreign Minister Juan Ramón de la Fuente.",
			[]string{"state secretary|Marco Rubio", "foreign minister|Juan Ramón de la Fuente"}},
		{"Secretary of the Treasury Scott Bessent said so.", []string{"treasury secretary|Scott Bessent"}},
		{"Deputy Prime Minister Chrystia Freeland resigned.", []string{"deputy prime minister|Chrystia Freeland"}},
		{"General Motors CEO Mary Barra said so.", []string{"general motors ceo|Mary Barra"}},
		{"México's president Andrés Manuel López Obrador left.", []string{"mexico president|Andrés Manuel López Obrador"}},
		{"Sen. Bernie Sanders objected.", []string{"sen|Bernie Sanders"}},
		// Traps.
		{"President Trump said he would act.", []string{"president|Trump"}},
		{"former President Barack Obama spoke.", []string{"former president|Barack Obama"}},
		{"the president's spokesman James Hewitt said.", []string{"president spokesman|James Hewitt"}},
		{"'No, President Trump,' Sheinbaum told reporters.", []string{"president|Trump"}},
		{"“The President has been crystal clear that Mexico must do more.", nil},
		{"The president said Mexico must do more.", nil},
		{"After meeting the president, Sheinbaum said the talks went well.", nil},
		{"In Mexico, the president, who spoke first, disagreed.", nil},
		{"Trump had worked closely with the president of Mexico “to reach the most secure border”.", nil},
		{"The president's decision Monday surprised Sheinbaum.", nil},
		{"The secretaries of the Treasury, finance, economy and commerce will meet.", nil},
		{"The president of the United States.", nil},
		{"President Biden Administration officials said.", nil},
		{"the president Monday said.", nil},
		{"There is one Commissioner for each state, including the High Representative for Foreign and Security Policy (currently Federica Mogherini).", nil},
		{"Secretary of State Rubio spoke.", nil}, // one capitalised word after a portfolio may be either
		{"", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, tn := range TitledNames(tt.text) {
			got = append(got, strings.Join(tn.Role, " ")+"|"+tn.Name)
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("TitledNames(%q)\n got  %q\n want %q", tt.text, got, tt.want)
		}
	}
}

// TestTitledNamesSeeds reads every sentence of both seed articles: the
// titles they give are exactly these people's.
func TestTitledNamesSeeds(t *testing.T) {
	want := map[string]bool{
		"mexican president|Claudia Sheinbaum":                          true,
		"mexican mexico city president|Claudia Sheinbaum":              true,
		"us president|Donald Trump":                                    true,
		"president|Trump":                                              true,
		"defense secretary|Pete Hegseth":                               true,
		"white house national security council spokesman|James Hewitt": true,
		"national security council white house spokesman|James Hewitt": true,
	}
	got := map[string]bool{}
	for _, a := range seedArticles(t) {
		for _, s := range a.Sentences {
			for _, tn := range TitledNames(s.Text) {
				k := strings.Join(tn.Role, " ") + "|" + tn.Name
				got[k] = true
				if !want[k] {
					t.Errorf("unexpected %s in %q", k, s.Text)
				}
			}
		}
	}
	for k := range want {
		if !got[k] {
			t.Errorf("missing %s", k)
		}
	}
}

func FuzzTitledNames(f *testing.F) {
	addSeeds(f)
	for _, s := range []string{"Claudia Sheinbaum, Mexico's president, said", "the president of Mexico, Claudia Sheinbaum",
		"Secretary of State , , of", "President", "President X,", ", president, X", "of the president of the of"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, tn := range TitledNames(text) {
			if len(tn.Role) == 0 || tn.Name == "" {
				t.Fatalf("empty role or name %+v in %q", tn, text)
			}
			for _, w := range tn.Role {
				if w == "" || strings.ContainsAny(w, " \t\n") {
					t.Fatalf("bad role word %q in %+v from %q", w, tn, text)
				}
			}
			for _, w := range strings.Fields(tn.Name) {
				if !strings.Contains(text, w) {
					t.Fatalf("name word %q of %+v is not in %q", w, tn, text)
				}
			}
			if utf8.ValidString(text) && (!utf8.ValidString(tn.Name) || !utf8.ValidString(strings.Join(tn.Role, " "))) {
				t.Fatalf("valid input gave invalid output %+v", tn)
			}
		}
	})
}

func ExampleTitledNames() {
	for _, tn := range TitledNames("Claudia Sheinbaum, Mexico's president, spoke to U.S. President Donald Trump.") {
		fmt.Println(tn.Role, tn.Name)
	}
	// Output:
	// [mexico president] Claudia Sheinbaum
	// [us president] Donald Trump
}

// BenchmarkTitledNames reads every sentence of the seed story once per op.
func BenchmarkTitledNames(b *testing.B) {
	files, _, err := ReadFiles(os.DirFS("articles"))
	if err != nil {
		b.Fatal(err)
	}
	var sents []string
	for _, f := range files {
		a, err := Parse(f)
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range a.Sentences {
			sents = append(sents, s.Text)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range sents {
			TitledNames(s)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(sents)), "ns/sentence")
}
