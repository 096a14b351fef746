package qa

import (
	"context"
	"strings"
	"testing"

	"storybot/corpus"
)

const (
	afp        = "000_156f60930e48d313" // machine-translated wire report
	latinTimes = "004_c844147cb205b5ce"
)

// TestAskSeed checks answers a reader can verify against the two seed
// articles: which sources are cited and what each cites first.
func TestAskSeed(t *testing.T) {
	e := newSeedEngine(t)
	tests := []struct {
		question string
		// want maps a source to a fragment of the first sentence it must
		// cite; a source left out must not be cited.
		want map[string]string
		// alsoIn marks sources whose first sentence must be flagged as
		// carried by the other source too.
		alsoIn bool
	}{
		{"What did Sheinbaum say about sovereignty?", map[string]string{
			afp: "Sovereignty is not for sale", latinTimes: "Sovereignty is not for sale"}, true},
		{"What did Pete Hegseth warn?", map[string]string{
			latinTimes: "Pete Hegseth warned Mexican officials"}, false},
		{"Who won the World Cup?", nil, false},
		// Her reason is the quotation after the rejection, which shares
		// no word with the question.
		{"Why did Sheinbaum reject the troops?", map[string]string{
			afp: "Sovereignty is not for sale", latinTimes: "Sovereignty is not for sale"}, true},
		{"What does the Crisis Group say?", map[string]string{
			latinTimes: "Crisis Group"}, false},
		{"What is the weather in Mexico?", nil, false},
		{"What did the White House say?", map[string]string{
			afp: "White House", latinTimes: "White House"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			ans, err := e.Ask(context.Background(), tt.question)
			if err != nil {
				t.Fatal(err)
			}
			if ans.NotFound != (len(tt.want) == 0) {
				t.Fatalf("NotFound = %v with %d sources, want %d sources", ans.NotFound, len(ans.Sources), len(tt.want))
			}
			got := make(map[string]Cited)
			for _, s := range ans.Sources {
				if len(s.Sentences) == 0 || len(s.Sentences) > maxPerSource {
					t.Errorf("%s cites %d sentences", s.Source.ID, len(s.Sentences))
					continue
				}
				got[s.Source.ID] = s.Sentences[0]
			}
			for id, c := range got {
				if _, ok := tt.want[id]; !ok {
					t.Errorf("cites %s: %q", id, c.Text)
				}
			}
			for id, frag := range tt.want {
				c, ok := got[id]
				if !ok {
					t.Errorf("does not cite %s", id)
					continue
				}
				if !strings.Contains(c.Text, frag) {
					t.Errorf("%s cites %q, want a sentence with %q", id, c.Text, frag)
				}
				if tt.alsoIn && (len(c.AlsoIn) != 1 || c.AlsoIn[0] == id) {
					t.Errorf("%s: AlsoIn = %v, want the other source", id, c.AlsoIn)
				}
				if !tt.alsoIn && len(c.AlsoIn) > 0 {
					t.Errorf("%s: AlsoIn = %v for %q, want none", id, c.AlsoIn, c.Text)
				}
			}
			for i := 1; i < len(ans.Sources); i++ {
				if ans.Sources[i].Sentences[0].Score > ans.Sources[i-1].Sentences[0].Score {
					t.Errorf("source %d outranks source %d", i, i-1)
				}
			}
		})
	}
}

// TestAskUserText feeds text a Discord user might type, including search
// syntax and junk: never an error, never a panic, and junk finds nothing.
func TestAskUserText(t *testing.T) {
	e := newSeedEngine(t)
	tests := []struct {
		question string
		notFound bool
	}{
		{"", true},
		{"   \n\t ", true},
		{"what is the", true},
		{"who what when where why how?", true},
		{"😀🔥🇲🇽", true},
		{"***", true},
		{`"`, true},
		{`" OR 1=1 --`, true},
		{"NEAR(", true},
		{"trump OR NEAR(sheinbaum troops, 3)", false},
		{"sovereignty:*", false},
		{`"sovereignty is not for sale"`, false},
		{"sov*", true},
		{"column:value AND -x ^2", true},
		{strings.Repeat("sovereignty ", 1000), false},
		{strings.Repeat("a", 10_000), true},
		{strings.Repeat("😀", 3000), true},
		{"\xff\xfe invalid utf-8 \xc3", true},
		{strings.Repeat("why did sheinbaum reject troops ", 400), false},
	}
	for _, tt := range tests {
		name := tt.question
		if len(name) > 40 {
			name = name[:40]
		}
		t.Run(name, func(t *testing.T) {
			ans, err := e.Ask(context.Background(), tt.question)
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if ans.NotFound != tt.notFound {
				t.Errorf("NotFound = %v, want %v (sources %d)", ans.NotFound, tt.notFound, len(ans.Sources))
			}
			if ans.NotFound && len(ans.Sources) > 0 {
				t.Errorf("NotFound with %d sources", len(ans.Sources))
			}
		})
	}
}

// TestThreshold: one shared common word is not an answer; the question's
// rare words are.
func TestThreshold(t *testing.T) {
	e := newSeedEngine(t)
	tests := []struct {
		question string
		found    bool
	}{
		{"What did Trump say about the World Cup?", false},
		{"Is Mexico hosting the Olympics?", false},
		{"Who won the World Cup in Mexico?", false},
		{"What are the tariffs?", true},
		{"sovereignty", true},
		{"Did Hegseth say all cards are on the table?", true},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			ans, err := e.Ask(context.Background(), tt.question)
			if err != nil {
				t.Fatal(err)
			}
			if ans.NotFound == tt.found {
				var cited []string
				for _, s := range ans.Sources {
					cited = append(cited, s.Sentences[0].Text)
				}
				t.Errorf("found = %v, want %v; cited %q", !ans.NotFound, tt.found, cited)
			}
		})
	}
	// Raising the bar turns a partial match away.
	strict := *e
	strict.MinCoverage = 0.99
	ans, err := strict.Ask(context.Background(), "What did Sheinbaum say about the World Cup and sovereignty?")
	if err != nil {
		t.Fatal(err)
	}
	if !ans.NotFound {
		t.Errorf("MinCoverage 0.99 still cites %d sources for a half-answered question", len(ans.Sources))
	}
}

func TestNearDuplicate(t *testing.T) {
	an := corpus.NewAnalyzer()
	tests := []struct {
		a, b string
		want bool
	}{
		{`She added: “Sovereignty is not for sale. Sovereignty is loved and defended.”`,
			`"Sovereignty is not for sale. Sovereignty is loved and defended," she added.`, true},
		{`She added: “Sovereignty is not for sale.`, `"Sovereignty is not for sale.`, true},
		{`“We can work together, but you on your territory and us in ours,” said Sheinbaum.`,
			`"We can work together, but you on your territory and us in ours," the president said.`, true},
		{`Sheinbaum said on Saturday that she rejected Trump's offer.`,
			`Trump said on Saturday that he rejected the tariffs.`, false},
		{`Trump said so.`, `Trump said so.`, false}, // too short to tell
		{`"Sovereignty is not for sale," she said.`,
			`Defense Secretary Pete Hegseth warned Mexican officials that the U.S. was considering unilateral action.`, false},
	}
	for _, tt := range tests {
		sa := quoteSignature(tt.a, an.Tokens(tt.a, "en"))
		sb := quoteSignature(tt.b, an.Tokens(tt.b, "en"))
		if got := nearDuplicate(sa, sb); got != tt.want {
			t.Errorf("nearDuplicate(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if nearDuplicate(sa, sb) != nearDuplicate(sb, sa) {
			t.Errorf("nearDuplicate is not symmetric for %q, %q", tt.a, tt.b)
		}
	}
}

func TestAnalyzeQuestion(t *testing.T) {
	an := corpus.NewAnalyzer()
	tests := []struct {
		question string
		terms    []string
		groups   [][]string
		says     bool
		halved   []string // terms weighted 0.5 as the speaker
	}{
		{"What did Sheinbaum say about sovereignty?", []string{"sheinbaum", "sovereignti"}, [][]string{{"sheinbaum"}}, true, []string{"sheinbaum"}},
		{"What did Pete Hegseth warn?", []string{"pete", "hegseth", "warn"}, [][]string{{"pete", "hegseth"}}, false, nil},
		{"what did hegseth say", []string{"hegseth"}, nil, true, nil},
		{"What did the Wall Street Journal report?", []string{"wall", "street", "journal", "report"}, [][]string{{"wall", "street", "journal"}}, false, nil},
		{`Who said "loved and defended"?`, []string{"love", "defend"}, [][]string{{"love", "defend"}}, true, nil},
		{"WHAT DID SHEINBAUM SAY ABOUT TROOPS", []string{"sheinbaum", "troop"}, nil, true, nil},
		{"Tariffs?", []string{"tariff"}, nil, false, nil},
		// A request verb is a form word only where it asks the bot.
		{"did apple explain why", []string{"appl", "explain"}, nil, false, nil},
		{"Explain the crash", []string{"crash"}, nil, false, nil},
		{"can you please describe the crash", []string{"crash"}, nil, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			q := analyzeQuestion(an, tt.question, "en")
			if strings.Join(q.terms, " ") != strings.Join(tt.terms, " ") {
				t.Errorf("terms = %q, want %q", q.terms, tt.terms)
			}
			var groups, want []string
			for _, g := range q.groups {
				var stems []string
				for _, i := range g {
					stems = append(stems, q.terms[i])
				}
				groups = append(groups, strings.Join(stems, " "))
			}
			for _, g := range tt.groups {
				want = append(want, strings.Join(g, " "))
			}
			if strings.Join(groups, "|") != strings.Join(want, "|") {
				t.Errorf("groups = %q, want %q", groups, want)
			}
			if q.says != tt.says {
				t.Errorf("says = %v, want %v", q.says, tt.says)
			}
			for i, term := range q.terms {
				wantW := 1.0
				for _, h := range tt.halved {
					if h == term {
						wantW = 0.5
					}
				}
				if q.weights[i] != wantW {
					t.Errorf("weight of %q = %v, want %v", term, q.weights[i], wantW)
				}
			}
		})
	}
}

// TestQueryTermCap: a pasted essay is cut to maxQueryTerms stems.
func TestQueryTermCap(t *testing.T) {
	an := corpus.NewAnalyzer()
	var b strings.Builder
	for i := range 500 {
		b.WriteString("word")
		for j := i; j > 0; j /= 26 {
			b.WriteByte(byte('a' + j%26))
		}
		b.WriteByte(' ')
	}
	q := analyzeQuestion(an, b.String(), "en")
	if len(q.terms) != maxQueryTerms {
		t.Errorf("%d terms, want the cap %d", len(q.terms), maxQueryTerms)
	}
	if got := baselineTerms(an, b.String(), "en"); len(got) != maxQueryTerms {
		t.Errorf("baseline: %d terms, want the cap %d", len(got), maxQueryTerms)
	}
}

// TestSearchMatchesBaseline: the pruned search returns exactly the plain
// BM25 ranking on the seed story.
func TestSearchMatchesBaseline(t *testing.T) {
	e := newSeedEngine(t)
	for _, q := range []string{"sovereignty", "Sheinbaum troops Trump", "cartels border troops Mexico United States", "the"} {
		for _, k := range []int{1, 3, 50} {
			base, err := e.Baseline(context.Background(), q, k)
			if err != nil {
				t.Fatal(err)
			}
			fast, err := e.Search(context.Background(), q, k)
			if err != nil {
				t.Fatal(err)
			}
			if len(base) != len(fast) {
				t.Fatalf("%q k=%d: baseline %d hits, search %d", q, k, len(base), len(fast))
			}
			for i := range base {
				if base[i].ID != fast[i].ID || base[i].Score != fast[i].Score {
					t.Errorf("%q k=%d rank %d: baseline %d (%v), search %d (%v)", q, k, i, base[i].ID, base[i].Score, fast[i].ID, fast[i].Score)
				}
			}
		}
	}
}

func FuzzAsk(f *testing.F) {
	for _, s := range []string{
		"What did Sheinbaum say about sovereignty?", `"Sovereignty is not for sale"`,
		"NEAR(trump, 3) OR sheinbaum*", "col:val", "😀", "", "\xff", "Who won the World Cup?",
	} {
		f.Add(s)
	}
	e := newSeedEngine(f)
	f.Fuzz(func(t *testing.T, question string) {
		ans, err := e.Ask(context.Background(), question)
		if err != nil {
			t.Fatalf("Ask(%q): %v", question, err)
		}
		if ans.NotFound != (len(ans.Sources) == 0) {
			t.Fatalf("Ask(%q): NotFound %v with %d sources", question, ans.NotFound, len(ans.Sources))
		}
		for _, s := range ans.Sources {
			if len(s.Sentences) == 0 || len(s.Sentences) > maxPerSource {
				t.Fatalf("Ask(%q): %s cites %d sentences", question, s.Source.ID, len(s.Sentences))
			}
		}
	})
}

func BenchmarkAsk(b *testing.B) {
	e := newSeedEngine(b)
	questions := []string{
		"What did Sheinbaum say about sovereignty?",
		"What did Pete Hegseth warn?",
		"Who won the World Cup?",
		"Why did Sheinbaum reject the troops?",
	}
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := e.Ask(ctx, questions[i%len(questions)]); err != nil {
			b.Fatal(err)
		}
	}
}
