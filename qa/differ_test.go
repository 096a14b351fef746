package qa

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"storybot/corpus"
)

// spansText renders the spans of one kind set found in text as
// "kind:key=normal" separated by "; ", for table tests.
func spansText(text string, want answerKind, published string) string {
	pub, _ := publishedTime(published)
	toks := tokenize(text)
	var parts []string
	for _, s := range spansOf(text, toks, kindsFor(want), pub, "en") {
		p := s.kind.String()
		if s.key != "" {
			p += ":" + s.key
		}
		parts = append(parts, p+"="+s.normal()+" «"+text[s.start:s.end]+"»")
	}
	return strings.Join(parts, "; ")
}

func TestFigureNormalisation(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Seven people were killed in the crash.", "number:dead=7 «Seven»"},
		{"The crash killed 7 people.", "number:dead=7 «7»"},
		{"At least 7 people died.", "number:dead=>=7 «At least 7»"},
		{"More than 80 people were injured.", "number:injured=>=80 «More than 80»"},
		{"Dozens of people were injured.", "number:injured=24-99 «Dozens»"},
		{"The death toll rose to 13 on Friday.", "number:dead=13 «13»"},
		{"Twenty-one people are missing.", "number:missing=21 «Twenty-one»"},
		{"A dozen people were arrested.", "number:arrested=12 «A dozen»"},
		{"Nearly 100 people were evacuated.", "number:evacuated=85-100 «Nearly 100»"},
		{"about 1,200 people were displaced", "number:evacuated=1020-1380 «about 1,200»"},
		{"The attack left 13 dead and 100 injured.", "number:dead=13 «13»; number:injured=100 «100»"},
		{"Five children were among the dead.", "number:dead/child=5 «Five»"},
		{"The storm brought 34 inches of snow.", "number:unit/length=0.8636 m «34»"},
		{"The six-year-old fell into the 80m-deep well.", "number:age=6 «six»; number:unit/length=80 m «80»"},
		{"Stephen Paddock, 64, opened fire.", "number:age=64 «64»"},
		{"The gunman, aged 64, opened fire.", "number:age=64 «64»"},
		{"It weighs nearly 19,000 pounds.", "number:unit/mass=7326-8618 kg «nearly 19,000»"},
		{"A 400-pound (181-kg) gorilla.", "number:unit/mass=181.4 kg «400»; number:unit/mass=181 kg «181»"},
		{"The galaxies are 3.8 billion light years away.", "number:unit/length=3.595e+25 m «3.8 billion light years»"},
		{"Forty-two people were in critical condition.", "number:people=42 «Forty-two»"},
		{"It was an 11-hour flight.", "number:unit/duration=3.96e+04 s «11»"},
		{"A Pennsylvania woman got a bill for $284bn.", "amount:USD=USD 284000000000 «$284bn»"},
		{"The bill was 284 billion dollars.", "amount:USD=USD 284000000000 «284 billion dollars»"},
		{"She was charged $284.46 billion.", "amount:USD=USD 284460000000 «$284.46 billion»"},
		{"Prices rose 40 percent last year.", "number:%=% 40 «40 percent»"},
		{"Prices rose 40% last year.", "number:%=% 40 «40%»"},
		{"Prices rose 4.5 per cent.", "number:%=% 4.5 «4.5 per cent»"},
		{"It cost £1.9m to repair.", "amount:GBP=GBP 1900000 «£1.9m»"},
		{"It cost US$5 million.", "amount:USD=USD 5000000 «US$5 million»"},
		{"More than 50 people were rushed to hospital.", "number:hospital=>=50 «More than 50»"},
		{"Eight were hurt, while a total of 51 had been taken to hospital.", "number:injured=8 «Eight»; number:hospital=51 «51»"},
		{"Twenty people were hospitalised.", "number:hospital=20 «Twenty»"},
		{"Five people were taken to the station.", "number:people=5 «Five»"},
		{"An additional 2.5 million Americans may have been affected.", "number:american=2500000 «2.5 million»"},
		{"Flight 9525 crashed in 2015 killing everyone.", ""},
		{"No one was hurt.", ""},
		{"One of the victims was a child.", ""},
		{"It happened on 9/11 at 3 pm.", ""},
		{"The 1990s were calm; he came 7th.", ""},
		{"The G20 met.", ""},
	}
	for _, tt := range tests {
		if got := spansText(tt.text, wantNumber, "2017-11-10"); got != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.text, got, tt.want)
		}
	}
}

func TestDateNormalisation(t *testing.T) {
	// 10 Nov 2017 is a Friday.
	tests := []struct{ text, published, want string }{
		{"The attack happened on Thursday.", "2017-11-10", "date=2017-11-09 «on Thursday»"},
		{"It happened last Saturday.", "2017-11-10", "date=2017-11-04 «last Saturday»"},
		{"It happened on Friday.", "2017-11-10", "date=2017-11-10 «on Friday»"},
		{"It happened yesterday.", "2017-11-10", "date=2017-11-09 «yesterday»"},
		{"It happened last night.", "2017-11-10", "date=2017-11-09 «last night»"},
		{"It happened on November 9.", "2017-11-10", "date=2017-11-09 «November 9»"},
		{"It happened on Nov. 9, 2016.", "2017-11-10", "date=2016-11-09 «Nov. 9, 2016»"},
		{"It happened on 9 November.", "2017-11-10", "date=2017-11-09 «9 November»"},
		{"It happened on the 9th of November 2017.", "2017-11-10", "date=2017-11-09 «9th of November 2017»"},
		{"It happened on Thursday, November 9.", "2017-11-10", "date=2017-11-09 «on Thursday, November 9»"},
		{"It happened in December.", "2017-11-10", "date=2016-12 «December»"},
		{"It happened in March 2016.", "2017-11-10", "date=2016-03 «March 2016»"},
		{"The company was founded in 1998.", "2017-11-10", "date=1998 «1998»"},
		{"It happened on Christmas Day.", "2017-12-27", "date=2017-12-25 «Christmas Day»"},
		{"The talks will resume on Monday.", "2017-11-10", "date=2017-11-13 «on Monday»"},
		{"The gunman opened fire on a Sunday night last October.", "2018-02-15", "date=2017-10 «last October»"},
		{"Paddock opened fire on Sunday in October 2017, police said.", "2018-02-15", "date=2017-10 «October 2017»"},
		{"Police said on Monday that the attack happened in 2015.", "2017-11-10", "date=2015 «2015»"},
		{"The shooting on Sunday in October left 58 dead.", "2017-10-03", "date=2017-10-01 «on Sunday»; date=2017-10 «October»"},
		{"The rocket will fly in late March of next year.", "2017-12-29", "date=2018-03 «March of next year»"},
		{"The rocket will fly in March next year.", "2017-12-29", "date=2018-03 «March next year»"},
		{"The launch is now planned for next March.", "2017-12-29", "date=2018-03 «next March»"},
		{"The first test flight slipped from last December.", "2017-12-29", "date=2016-12 «last December»"},
		{"The tax cut took effect last March.", "2017-12-29", "date=2017-03 «last March»"},
		{"The deal closes on March 15 next year.", "2017-12-29", "date=2018-03-15 «March 15 next year»"},
		{"The deal closed on 15 March last year.", "2017-12-29", "date=2016-03-15 «15 March last year»"},
		{"It happened on Thursday.", "", "date=Thursday «on Thursday»"},
		{"The blast came at 9:30 p.m. local time.", "2017-11-10", "time=21:30 «9:30 p.m. local time»"},
		{"The blast came at 10pm GMT.", "2017-11-10", "time=22:00 GMT «10pm GMT»"},
		{"The blast came around midnight.", "2017-11-10", "time=00:00 «around midnight»"},
		{"The blast came at 21:00.", "2017-11-10", "time=21:00 «21:00»"},
		{"It exploded about an hour before midnight.", "2017-11-10", ""},
		{"It exploded shortly after 10pm.", "2017-11-10", "time=22:00 «10pm»"},
		{"You may go; he may stay.", "2017-11-10", ""},
		{"They march on.", "2017-11-10", ""},
	}
	for _, tt := range tests {
		if got := spansText(tt.text, wantDate, tt.published); got != tt.want {
			t.Errorf("%q (%s):\n got %s\nwant %s", tt.text, tt.published, got, tt.want)
		}
	}
}

func TestNameSpans(t *testing.T) {
	tests := []struct {
		text string
		want answerKind
		out  string
	}{
		{"The gunman, Stephen Paddock, opened fire from the hotel.", wantName, "person=stephen paddock «Stephen Paddock»"},
		{"Police said Paddock acted alone.", wantName, ""},
		{"Stephen Paddock said nothing.", wantName, ""},
		{"The truck was driven by Mohamed Lahouaiej-Bouhlel.", wantName, "person=mohamed lahouaiej bouhlel «Mohamed Lahouaiej-Bouhlel»"},
		{"President Donald Trump met the Pope.", wantName, "person=donald trump «Donald Trump»"},
		{"The White House said it was aware.", wantName, ""},
		{"The plane crashed in Costa Rica on Sunday.", wantPlace, "place=costa rica «Costa Rica»"},
		{"The missile flew over Hokkaido in Japan.", wantPlace, "place=japan «Japan»"},
	}
	for _, tt := range tests {
		if got := spansText(tt.text, tt.want, "2017-11-10"); got != tt.out {
			t.Errorf("%q:\n got %s\nwant %s", tt.text, got, tt.out)
		}
	}
}

// src is a one-sentence source for decision tests.
func src(id, outlet, published, text string) SourceAnswer {
	return SourceAnswer{Source: corpus.Article{ID: id, Outlet: outlet, Published: published, Language: "en"},
		Sentences: []Cited{{Text: text, Paragraph: 1, Sentence: 1}}}
}

func TestDifferDecision(t *testing.T) {
	tests := []struct {
		name    string
		want    answerKind
		sources []SourceAnswer
		// out is "agree N: value", "differ: v1 | v2" or "updated: v1 | v2", "" for nothing.
		out string
	}{
		{"same toll in words and digits", wantNumber, []SourceAnswer{
			src("a", "Reuters", "2017-11-09", "Seven people were killed in the blast."),
			src("b", "BBC", "2017-11-09", "The blast killed 7 people, police said."),
		}, "agree 2: Seven"},
		{"a lower bound and another figure differ", wantNumber, []SourceAnswer{
			src("a", "Reuters", "2017-11-09", "At least 7 people died."),
			src("b", "BBC", "2017-11-09", "Nine people died in the fire."),
		}, "differ: At least 7 | Nine"},
		{"a figure far from the rest is another event", wantNumber, []SourceAnswer{
			src("a", "Reuters", "2017-11-09", "At least 50 people were killed."),
			src("b", "BBC", "2017-11-09", "A gunman killed at least 50 people."),
			src("c", "CNN", "2017-11-09", "In 2009 a man shot dead 13 people elsewhere."),
			src("d", "NPR", "2017-11-09", "An immigrant shot dead 13 people at a civic centre, before killing himself."),
			src("e", "Fox", "2017-11-09", "Dozens of people were killed."),
		}, "agree 2: At least 50"},
		{"scattered figures are different things", wantNumber, []SourceAnswer{
			src("a", "Reuters", "2017-11-09", "The missile flew about 620 miles."),
			src("b", "BBC", "2017-11-09", "The missile flew 155 miles."),
			src("c", "CNN", "2017-11-09", "The missile flew 2,300 miles."),
		}, ""},
		{"a toll rising over days is updated", wantNumber, []SourceAnswer{
			src("a", "NPR", "2016-07-14", "The attack left more than 70 people dead."),
			src("b", "AP", "2016-07-14", "Hollande said 77 people died."),
			src("c", "Reuters", "2016-07-15", "The 84 people killed included children."),
		}, "updated: more than 70 | 77 | 84"},
		{"at least the same figure agrees", wantNumber, []SourceAnswer{
			src("a", "Reuters", "2017-11-09", "At least 7 people died."),
			src("b", "BBC", "2017-11-09", "Seven people died in the fire."),
		}, "agree 2: Seven"},
		{"different tolls the same day", wantNumber, []SourceAnswer{
			src("a", "Reuters", "2017-11-09", "Five people died in the fire."),
			src("b", "BBC", "2017-11-09", "At least 7 people died in the fire."),
		}, "differ: Five | At least 7"},
		{"a later, larger toll updates", wantNumber, []SourceAnswer{
			src("b", "BBC", "2017-11-10", "The toll has risen to 7."),
			src("a", "Reuters", "2017-11-09", "Five people died in the fire."),
		}, "updated: Five | 7"},
		{"a later, smaller toll without a cue differs", wantNumber, []SourceAnswer{
			src("a", "Reuters", "2017-11-09", "Seven people died in the fire."),
			src("b", "BBC", "2017-11-10", "Five people died in the fire."),
		}, "differ: Seven | Five"},
		{"dead and injured are not compared", wantNumber, []SourceAnswer{
			src("a", "Reuters", "2017-11-09", "Five people died in the fire."),
			src("b", "BBC", "2017-11-09", "Twelve people were injured in the fire."),
		}, ""},
		{"one source is nothing to compare", wantNumber, []SourceAnswer{
			src("a", "Reuters", "2017-11-09", "Five people died in the fire."),
		}, ""},
		{"a wire copy counts once", wantNumber, []SourceAnswer{
			{Source: corpus.Article{ID: "a", Outlet: "AP", Published: "2017-11-09"}, CarriedBy: []corpus.Article{{ID: "c", Outlet: "nytimes.com"}},
				Sentences: []Cited{{Text: "Five people died.", Paragraph: 1, Sentence: 1}}},
			src("b", "BBC", "2017-11-09", "Five people died in the fire."),
		}, "agree 2: Five"},
		{"a shared sentence counts once", wantNumber, []SourceAnswer{
			{Source: corpus.Article{ID: "a", Outlet: "AP", Published: "2017-11-09"},
				Sentences: []Cited{{Text: "Five people died.", Paragraph: 1, Sentence: 1, AlsoIn: []string{"b"}}}},
			{Source: corpus.Article{ID: "b", Outlet: "CNN", Published: "2017-11-09"},
				Sentences: []Cited{{Text: "Five people died.", Paragraph: 2, Sentence: 1, AlsoIn: []string{"a"}}}},
		}, ""},
		{"amounts in two wordings agree", wantNumber, []SourceAnswer{
			src("a", "AP", "2017-12-26", "She got a bill for $284 billion."),
			src("b", "NPR", "2017-12-26", "The bill was for $284.46 billion."),
			src("c", "Mail", "2017-12-26", "It came to 284 billion dollars."),
		}, "agree 3: $284.46 billion"},
		{"the first cited sentence decides", wantNumber, []SourceAnswer{
			{Source: corpus.Article{ID: "a", Outlet: "AP", Published: "2017-11-09"},
				Sentences: []Cited{{Text: "Seven people died.", Paragraph: 1, Sentence: 1}, {Text: "Earlier, officials said five people died.", Paragraph: 3, Sentence: 1}}},
			src("b", "BBC", "2017-11-09", "The fire killed seven people."),
		}, "agree 2: Seven"},
		{"a sentence at odds with itself is left out", wantNumber, []SourceAnswer{
			src("a", "AP", "2017-11-09", "Seven people died, up from five people died earlier."),
			src("b", "BBC", "2017-11-09", "The fire killed six people."),
		}, ""},
		{"weekday against the article's date agrees with yesterday", wantDate, []SourceAnswer{
			src("a", "AP", "2017-11-10", "The attack happened on Thursday."),
			src("b", "BBC", "2017-11-10", "The attack happened yesterday."),
		}, "agree 2: on Thursday"},
		{"Thursday and Wednesday differ", wantDate, []SourceAnswer{
			src("a", "AP", "2017-11-10", "The attack happened on Thursday."),
			src("b", "BBC", "2017-11-11", "The attack happened on Wednesday."),
		}, "differ: on Thursday | on Wednesday"},
		{"weekday and month-day agree", wantDate, []SourceAnswer{
			src("a", "AP", "2017-11-13", "The attack happened last Thursday."),
			src("b", "BBC", "2017-11-10", "The attack happened on November 9."),
		}, "agree 2: November 9"},
		{"a year and a day of it agree", wantDate, []SourceAnswer{
			src("a", "AP", "2017-11-13", "The company was founded in 1998."),
			src("b", "BBC", "2017-11-10", "The company was founded on March 3, 1998."),
		}, ""},
		{"times differ", wantDate, []SourceAnswer{
			src("a", "AP", "2017-11-13", "The blast came at 9 pm."),
			src("b", "BBC", "2017-11-13", "The blast came at 10:30 p.m."),
		}, "differ: 9 pm | 10:30 p.m."},
		{"about a time agrees with one close", wantDate, []SourceAnswer{
			src("a", "AP", "2017-11-13", "The blast came around 9 pm."),
			src("b", "BBC", "2017-11-13", "The blast came at 9:20 p.m."),
		}, "agree 2: 9:20 p.m."},
		{"same person by surname", wantName, []SourceAnswer{
			src("a", "AP", "2017-11-13", "The gunman was identified as Stephen Paddock."),
			src("b", "BBC", "2017-11-13", "The gunman was named as Paddock, a retiree."),
		}, "agree 2: Stephen Paddock"},
		{"different people", wantName, []SourceAnswer{
			src("a", "AP", "2017-11-13", "The driver was identified as Stephen Paddock."),
			src("b", "BBC", "2017-11-13", "The driver was identified as Marilou Danley."),
		}, "differ: Stephen Paddock | Marilou Danley"},
		{"countries differ", wantPlace, []SourceAnswer{
			src("a", "AP", "2017-11-13", "The missile landed in Japan."),
			src("b", "BBC", "2017-11-13", "The missile landed in Russia."),
		}, "differ: Japan | Russia"},
		{"around two different times differ", wantDate, []SourceAnswer{
			src("a", "AP", "2016-11-11", "A blast was heard at around 11pm local time."),
			src("b", "BBC", "2016-11-10", "The attack happened at around 11:30pm local time."),
		}, "differ: around 11:30pm local time | around 11pm local time"},
		{"an approximate amount states its figure", wantNumber, []SourceAnswer{
			src("a", "AP", "2018-02-05", "The deal amounts to $148.9 billion including debt."),
			src("b", "BBC", "2018-02-06", "With debt, the deal's value is some $146 billion."),
		}, "differ: $148.9 billion | some $146 billion"},
		{"a bound reaches half again past its figure", wantNumber, []SourceAnswer{
			src("a", "AP", "2018-02-05", "The rocket is over 200 feet tall."),
			src("b", "BBC", "2018-02-06", "The rocket is 230 feet tall."),
		}, ""},
		{"a bound does not reach a hundredfold, and signatures grow", wantNumber, []SourceAnswer{
			src("a", "AP", "2016-05-30", "More than 2,000 people signed a petition."),
			src("b", "BBC", "2016-06-01", "Almost 300,000 people have signed a petition."),
		}, "updated: More than 2,000 | Almost 300,000"},
		{"a measure in other units agrees", wantNumber, []SourceAnswer{
			src("a", "AP", "2016-11-08", "The well was about 40 metres deep."),
			src("b", "BBC", "2016-11-10", "The well was 131 feet deep."),
		}, "agree 2: 131"},
		{"a figure from an earlier year is background", wantNumber, []SourceAnswer{
			src("a", "AP", "2017-10-02", "At least 50 people were killed in Las Vegas."),
			src("b", "BBC", "2017-10-02", "In April 2009 a gunman killed 13 people in Binghamton."),
			src("c", "CNN", "2017-10-02", "A gunman killed at least 50 people."),
		}, "agree 2: At least 50"},
		{"a total since a year is not background", wantNumber, []SourceAnswer{
			src("a", "AP", "2017-05-09", "The insurgency has displaced 2.3 million people since it began in 2009."),
			src("b", "BBC", "2016-10-14", "Boko Haram has displaced 2.6 million people since 2009."),
		}, "differ: 2.6 million | 2.3 million"},
		{"one dissenting age among many is another person's", wantNumber, []SourceAnswer{
			src("a", "AP", "2016-07-15", "The driver, aged 31, was shot dead."),
			src("b", "BBC", "2016-07-15", "The 31-year-old driver was shot dead."),
			src("c", "CNN", "2016-07-15", "The driver, a 31-year-old man, was shot dead."),
			src("d", "NPR", "2016-07-15", "A 25-year-old man was arrested."),
		}, "agree 3: 31"},
		{"two lower bounds state two figures", wantNumber, []SourceAnswer{
			src("a", "AP", "2016-11-10", "Rescuers have searched for more than 85 hours."),
			src("b", "BBC", "2016-11-11", "The search took over 100 hours."),
		}, "differ: more than 85 | over 100"},
		{"two lower bounds of one figure agree", wantNumber, []SourceAnswer{
			src("a", "AP", "2016-11-10", "Rescuers have searched for more than 85 hours."),
			src("b", "BBC", "2016-11-10", "The search has lasted over 85 hours."),
		}, "agree 2: more than 85"},
		{"two rounded times close together agree", wantDate, []SourceAnswer{
			src("a", "AP", "2017-12-31", "The plane crashed around noon local time."),
			src("b", "BBC", "2017-12-31", "The crash was reported around 12:20 p.m."),
		}, "agree 2: around noon local time"},
		{"a town and a country are not compared", wantPlace, []SourceAnswer{
			src("a", "AP", "2017-11-13", "The plane crashed in Punta Islita."),
			src("b", "BBC", "2017-11-13", "The plane crashed in Costa Rica."),
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diffs, agree := sourceDifferences(tt.want, tt.sources)
			_, _, agreed := findDifferences(tt.want, differFocus{}, tt.sources)
			if got := differOutcome(diffs, agree, agreed); got != tt.out {
				t.Errorf("got %q, want %q", got, tt.out)
			}
		})
	}
}

// TestDifferFocus: with the question, only the spans about what it asks
// are compared.
func TestDifferFocus(t *testing.T) {
	tests := []struct {
		question string
		sources  []SourceAnswer
		// out is as in TestDifferDecision.
		out string
	}{
		{"How much is Qualcomm paying for NXP?", []SourceAnswer{
			src("a", "AP", "2018-02-05", "Qualcomm shares closed at $63.20 after its $47 billion deal for NXP."),
			src("b", "BBC", "2018-02-06", "Qualcomm's $47 billion deal for NXP lifted NXP shares to $119.16."),
		}, "agree 2: $47 billion"},
		{"How many people were injured in the attack?", []SourceAnswer{
			src("a", "AP", "2016-11-10", "The attack killed 2 people and injured 90."),
			src("b", "BBC", "2016-11-10", "At least 6 people were killed and 120 injured in the attack."),
		}, "differ: 90 | 120"},
		{"How many people died in the attack?", []SourceAnswer{
			src("a", "AP", "2016-11-10", "The attack killed 4 people and injured 90."),
			src("b", "BBC", "2016-11-11", "At least 6 people were killed and 120 injured in the attack."),
		}, "updated: 4 | At least 6"},
		{"How many people died in the crash?", []SourceAnswer{
			src("a", "AP", "2016-11-10", "The crash killed 4 people."),
			src("b", "BBC", "2016-11-11", "In all, 129 people were killed in the crash."),
		}, ""},
		{"How old was the boy who fell into the well?", []SourceAnswer{
			src("a", "AP", "2016-11-08", "A five-year-old boy fell down the 40m well."),
			src("b", "BBC", "2016-11-11", "The six-year-old fell into the 80m-deep well."),
		}, "differ: five | six"},
		{"How deep was the well?", []SourceAnswer{
			src("a", "AP", "2016-11-08", "A five-year-old boy fell down the 40m well."),
			src("b", "BBC", "2016-11-11", "The six-year-old fell into the 80m-deep well."),
		}, "differ: 40 | 80"},
		{"What time did the flight land in Honolulu?", []SourceAnswer{
			src("a", "AP", "2017-12-31", "The flight, HA446, left Auckland, New Zealand at 12:05 am, January 1st, 2018, and will land in Honolulu, Hawaii at 9:45 am on December 31st, 2017."),
			src("b", "BBC", "2018-01-01", "It landed in Honolulu at 10:15 a.m. on New Year's Eve."),
		}, "differ: 9:45 am | 10:15 a.m."},
		{"What time did the blast happen?", []SourceAnswer{
			src("a", "AP", "2016-11-11", "The blast was heard at 11pm on Thursday."),
			src("b", "BBC", "2016-11-10", "The blast happened on Wednesday at 11pm."),
		}, "agree 2: 11pm"},
		{"How old is the girl who slapped the soldier?", []SourceAnswer{
			src("a", "AP", "2017-12-20", "She was upset after her 15-year-old cousin was shot with a rubber bullet."),
			src("b", "BBC", "2018-01-01", "Israel indicted a 16-year-old Palestinian girl on Monday."),
			src("c", "CNN", "2018-01-01", "The 16-year-old girl was charged on Monday."),
		}, "agree 2: 16"},
		{"How old is Arians?", []SourceAnswer{
			src("a", "AP", "2018-01-01", "His wife pointed out that their son, Jake, was going to be turning 40 years old soon."),
			src("b", "BBC", "2018-01-01", "The 65-year-old coach announced his retirement."),
			src("c", "CNN", "2018-01-01", "Arians, 65, said he would stay in Arizona."),
		}, "agree 2: 65"},
		{"How old is the tram driver?", []SourceAnswer{
			src("a", "AP", "2016-11-09", "Police arrested the 42-year-old driver of the tram."),
			src("b", "BBC", "2016-11-09", "The 23-year-old added that she had seen people being carried away."),
			src("c", "CNN", "2016-11-09", "A 42-year-old man from Beckenham has been arrested."),
		}, "agree 2: 42"},
		{"How many people died in the plane crash?", []SourceAnswer{
			src("a", "AP", "2018-01-01", "The plane crash killed 12 people."),
			src("b", "BBC", "2018-01-01", "A family said five of the dead were their relatives."),
		}, ""},
		{"How many people were trapped in the tram?", []SourceAnswer{
			src("a", "AP", "2016-11-09", "Five people were trapped inside the tram."),
			src("b", "BBC", "2016-11-09", "The hospital said it was treating 8 people."),
		}, ""},
		{"How many people died in the tram crash?", []SourceAnswer{
			src("a", "AP", "2016-11-09", "It is the worst crash since 2004, when seven people were killed."),
			src("b", "BBC", "2016-11-09", "Five people died in the tram crash."),
		}, ""},
		{"How many people were killed in Nice?", []SourceAnswer{
			src("a", "AP", "2016-07-15", "The truck attack in Nice killed 84 people."),
			src("b", "BBC", "2016-07-15", "The Nov. 13 Paris attacks killed 130 people."),
		}, ""},
		{"How many chibok girls are still captive?", []SourceAnswer{
			src("a", "AP", "2016-10-14", "The government will rescue the 218 Chibok girls still held captive."),
			src("b", "BBC", "2016-10-13", "Some 197 girls remain captive."),
			src("c", "CNN", "2016-10-13", "Boko Haram freed 21 Chibok girls."),
		}, "updated: Some 197 | 218"},
		{"How low did bitcoin go?", []SourceAnswer{
			{Source: corpus.Article{ID: "a", Outlet: "AP", Published: "2018-02-06", Language: "en"}, Sentences: []Cited{
				{Text: "Bitcoin plunged to a 12-week low below $6,000 this morning.", Paragraph: 1, Sentence: 1},
				{Text: "It fell as low as $5,967.34 at 07:59 UTC.", Paragraph: 2, Sentence: 1}}},
			src("b", "BBC", "2018-02-06", "Last night bitcoin plunged to a low of $5,995.58."),
		}, "differ: $5,967.34 | $5,995.58"},
		{"How many people were injured?", []SourceAnswer{
			{Source: corpus.Article{ID: "a", Outlet: "AP", Published: "2016-11-09", Language: "en"}, Sentences: []Cited{
				{Text: "More than 50 people were injured.", Paragraph: 1, Sentence: 1},
				{Text: "Police said 20 people were injured.", Paragraph: 2, Sentence: 1}}},
			src("b", "BBC", "2016-11-09", "At least 51 people were injured."),
		}, "differ: More than 50 | At least 51"},
		{"When will the rocket fly?", []SourceAnswer{
			src("a", "AP", "2017-12-01", "Engineers hope it will fly in January 2018."),
			src("b", "BBC", "2017-12-01", "The Falcon Heavy is now expected to be flying in March 2018."),
		}, "differ: January 2018 | March 2018"},
		{"How many diggers are at the well?", []SourceAnswer{
			src("a", "AP", "2016-11-10", "Some 60 excavators and 100 dump trucks are being used in the search."),
			src("b", "BBC", "2016-11-10", "Around 80 diggers are working around the clock."),
		}, "differ: Some 60 | Around 80"},
		{"How many people went to hospital after the tram crash?", []SourceAnswer{
			src("a", "AP", "2016-11-09", "At least 40 people were injured, and a total of 51 had been taken to two hospitals."),
			src("b", "BBC", "2016-11-09", "More than 60 people were also rushed to hospital after the crash."),
			src("c", "CNN", "2016-11-09", "Police said more than 50 people were injured in the crash."),
		}, "differ: 51 | More than 60"},
		{"How many people were injured in the tram crash?", []SourceAnswer{
			src("a", "AP", "2016-11-09", "At least 40 people were injured, and a total of 51 had been taken to two hospitals."),
			src("b", "BBC", "2016-11-09", "More than 60 people were also rushed to hospital after the crash."),
			src("c", "CNN", "2016-11-09", "Police said more than 50 people were injured in the crash."),
		}, "differ: At least 40 | more than 50"},
		{"How many people were injured in the tram crash?", []SourceAnswer{
			src("a", "AP", "2016-11-09", "A total of 51 had been taken to two hospitals."),
			src("b", "BBC", "2016-11-09", "More than 60 people were also rushed to hospital after the crash."),
		}, "differ: 51 | More than 60"},
		{"How many went to hospital after the tram crash?", []SourceAnswer{
			src("a", "AP", "2016-11-09", "Seven people died and 51 were injured."),
			src("b", "BBC", "2016-11-09", "At least 50 were injured in the crash."),
		}, "differ: 51 | At least 50"},
		{"How many people died in the tram crash?", []SourceAnswer{
			src("a", "AP", "2016-11-09", "At least five people are dead after a tram overturned."),
			src("b", "BBC", "2016-11-09", "Seven people died in the tram crash."),
			src("c", "CNN", "2016-11-09", "At least seven people were killed in the tram crash."),
			src("d", "NPR", "2016-11-09", "The tram crash killed seven people."),
		}, "differ: At least five | Seven | At least seven | seven"},
		{"When will the Falcon Heavy launch?", []SourceAnswer{
			src("a", "AP", "2017-12-29", "SpaceX said the Falcon Heavy will launch in late March of next year."),
			src("b", "BBC", "2018-01-02", "The Falcon Heavy is now expected to launch in March 2018."),
		}, "agree 2: March of next year"},
		{"When did the Las Vegas shooting happen?", []SourceAnswer{
			src("a", "AP", "2017-10-02", "The shooting happened on Sunday night at a country music festival."),
			src("b", "BBC", "2018-02-15", "The shooting happened on a Sunday night last October, police said in their final report."),
		}, ""},
		{"What time did the flight land in Honolulu?", []SourceAnswer{
			src("a", "AP", "2017-12-31", "Hawaiian Airlines flight HA446 landed in Honolulu at 10:15 a.m. on New Year's Eve."),
			src("b", "BBC", "2018-01-01", "The flight landed in Honolulu at 10:15 p.m. on Sunday, local time."),
			src("c", "CNN", "2018-01-01", "The plane touched down and landed in Honolulu at 9:45 am local time."),
		}, "differ: 10:15 a.m. | 10:15 p.m."},
		{"What time did the flight land in Honolulu?", []SourceAnswer{
			src("a", "AP", "2017-12-31", "Hawaiian Airlines flight HA446 landed in Honolulu at 10:15 a.m. on New Year's Eve."),
			src("b", "BBC", "2018-01-01", "The flight landed in Honolulu at 6 p.m. on Sunday, local time."),
			src("c", "CNN", "2018-01-01", "The plane touched down and landed in Honolulu at 9:45 am local time."),
		}, ""},
		{"How low did temperatures fall in Chicago?", []SourceAnswer{
			src("a", "AP", "2018-01-02", "Temperatures in Chicago fell as low as 15 degrees below zero overnight, and two people died."),
			src("b", "BBC", "2018-01-02", "Temperatures in Chicago fell to 20 degrees below zero overnight."),
		}, "differ: 15 | 20"},
		{"How cold was it in Chicago?", []SourceAnswer{
			src("a", "AP", "2018-01-02", "It was 15 degrees below zero in Chicago on Monday, and two people died."),
			src("b", "BBC", "2018-01-02", "Chicago woke to 15 degrees below zero on Monday."),
		}, "agree 2: 15"},
		{"How fast was the Amtrak train going?", []SourceAnswer{
			src("a", "AP", "2017-12-19", "The Amtrak train was going 80 mph when it derailed on a curve."),
			src("b", "BBC", "2017-12-19", "The train was going 70 mph when it derailed, killing three people."),
		}, "differ: 80 | 70"},
		{"How many people died in the cold snap?", []SourceAnswer{
			src("a", "AP", "2018-01-02", "The cold snap, with temperatures of 15 degrees below zero, killed 12 people."),
			src("b", "BBC", "2018-01-03", "At least 17 people have died in the cold snap."),
		}, "updated: 12 | At least 17"},
		// A measure word in a name asks for no measure: "Long Beach".
		{"How many people were hurt in Long Beach?", []SourceAnswer{
			src("a", "AP", "2017-11-10", "Police said 12 people were hurt when the truck hit the crowd in Long Beach."),
			src("b", "BBC", "2017-11-11", "At least 15 people were hurt in Long Beach, officials said."),
		}, "updated: 12 | At least 15"},
		// "fall" begins the Spanish "fallecidos" but asks about no death:
		// the day a founder died does not answer it.
		{"When did Qualcomm shares fall?", []SourceAnswer{
			src("a", "AP", "2017-11-07", "Qualcomm shares fell on Monday after Broadcom's offer was made public."),
			src("b", "BBC", "2017-11-07", "A founder of Qualcomm died on Friday, the company said."),
		}, ""},
		{"How many homes were destroyed by the fire?", []SourceAnswer{
			src("a", "AP", "2017-12-10", "The fire destroyed 439 homes and left hundreds homeless."),
			src("b", "BBC", "2017-12-11", "More than 500 homes were destroyed, leaving hundreds homeless."),
		}, "updated: 439 | More than 500"},
	}
	an := corpus.NewAnalyzer()
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			q := analyzeQuestion(an, tt.question, "en")
			diffs, agree, agreed := differences(&q, tt.sources)
			if got := differOutcome(diffs, agree, agreed); got != tt.out {
				t.Errorf("got %q, want %q", got, tt.out)
			}
		})
	}
}

// TestRouterAnswersCarryDifferences: answers through the Router, routed or
// asked of one story, carry what the differ found, from a real SQLite
// store holding the three-report ferry story beside the seed.
func TestRouterAnswersCarryDifferences(t *testing.T) {
	m := fstest.MapFS{}
	for _, name := range []string{"bbc.json", "guardian.json", "reuters.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", "differ", name))
		if err != nil {
			t.Fatal(err)
		}
		m["ferry/"+name] = &fstest.MapFile{Data: data}
	}
	for _, name := range []string{"000_156f60930e48d313.txt", "004_c844147cb205b5ce.txt"} {
		data, err := fs.ReadFile(corpus.Default(), name)
		if err != nil {
			t.Fatal(err)
		}
		m["seed/"+name] = &fstest.MapFile{Data: data}
	}
	r, _ := newRouter(t, m, "differ")
	ctx := context.Background()
	routed, err := r.Ask(ctx, "How many people died when the ferry capsized?")
	if err != nil {
		t.Fatal(err)
	}
	if routed.Story != "ferry" || len(routed.Differences) != 1 || !routed.Differences[0].Updated || routed.Agree != 0 {
		t.Fatalf("routed answer: story %q, differences %+v, agree %d", routed.Story, routed.Differences, routed.Agree)
	}
	vs := routed.Differences[0].Values
	if last := vs[len(vs)-1]; last.Value != "At least seven" || last.Normal != ">=7" || last.Text[last.Start:last.End] != last.Value {
		t.Errorf("newest value %+v", last)
	}
	one, err := r.AskStory(ctx, "ferry", "How many survivors were pulled from the water?")
	if err != nil {
		t.Fatal(err)
	}
	if len(one.Differences) != 0 || one.Agree != 2 || one.Agreed != "12" {
		t.Errorf("story answer: differences %+v, agree %d on %q", one.Differences, one.Agree, one.Agreed)
	}
	seed, err := r.AskStory(ctx, "seed", "What did Sheinbaum say about sovereignty?")
	if err != nil {
		t.Fatal(err)
	}
	if seed.Differences != nil || seed.Agree != 0 {
		t.Errorf("a question asking for no figure, date or name compared: %+v, %d", seed.Differences, seed.Agree)
	}
}

// TestCiteAnswerSpans: a source whose cited sentences hold no answer to a
// figure question gets its best re-ranked sentence that does cited after
// its own; its first cited sentence stays, and it never cites more than
// maxPerSource.
func TestCiteAnswerSpans(t *testing.T) {
	an := corpus.NewAnalyzer()
	cand := func(article string, paragraph int, text string, coverage float64) candidate {
		return candidate{IndexedSentence: corpus.IndexedSentence{ArticleID: article,
			Sentence: corpus.Sentence{Paragraph: paragraph, Index: 1, Text: text}}, coverage: coverage}
	}
	lede := "A tram overturned in Croydon on Wednesday morning."
	tests := []struct {
		name     string
		question string
		sources  []SourceAnswer
		ranked   []candidate
		// want is each source's cited texts, joined by " / ", one line per source.
		want string
	}{
		{"a toll from the source's other candidates", "How many people died in the tram crash?", []SourceAnswer{
			src("a", "AP", "2016-11-09", "Seven people died in the tram crash."),
			src("b", "BBC", "2016-11-09", lede),
		}, []candidate{
			cand("b", 9, "The tram crash killed seven people, police said.", 0.5),
			cand("b", 12, "Five people died in a tram crash in 1959.", 0.5),
		}, "Seven people died in the tram crash.\n" + lede + " / The tram crash killed seven people, police said."},
		{"too little of the question is no evidence", "How many people died in the tram crash?", []SourceAnswer{
			src("a", "AP", "2016-11-09", "Seven people died in the tram crash."),
			src("b", "BBC", "2016-11-09", lede),
		}, []candidate{
			cand("b", 9, "Seven people died.", 0.1),
		}, "Seven people died in the tram crash.\n" + lede},
		{"a source with the answer is left alone", "How many people died in the tram crash?", []SourceAnswer{
			src("a", "AP", "2016-11-09", "Seven people died in the tram crash."),
			src("b", "BBC", "2016-11-09", "At least five people died in the tram crash."),
		}, []candidate{
			cand("b", 9, "The tram crash killed seven people.", 0.5),
		}, "Seven people died in the tram crash.\nAt least five people died in the tram crash."},
		{"the last of three citations gives way", "How many people died in the tram crash?", []SourceAnswer{
			src("a", "AP", "2016-11-09", "Seven people died in the tram crash."),
			{Source: corpus.Article{ID: "b", Outlet: "BBC", Published: "2016-11-09", Language: "en"}, Sentences: []Cited{
				{Text: lede, Paragraph: 1, Sentence: 1}, {Text: "The driver was arrested.", Paragraph: 2, Sentence: 1},
				{Text: "Trams were suspended.", Paragraph: 3, Sentence: 1}}},
		}, []candidate{
			cand("b", 9, "The tram crash killed seven people.", 0.5),
		}, "Seven people died in the tram crash.\n" + lede + " / The driver was arrested. / The tram crash killed seven people."},
		{"a question that asks for no figure", "Why did the tram crash?", []SourceAnswer{
			src("a", "AP", "2016-11-09", "Seven people died in the tram crash."),
			src("b", "BBC", "2016-11-09", lede),
		}, []candidate{
			cand("b", 9, "The tram crash killed seven people.", 0.5),
		}, "Seven people died in the tram crash.\n" + lede},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := retrieval{q: analyzeQuestion(an, tt.question, "en"), minCoverage: DefaultMinCoverage, ranked: tt.ranked}
			before := len(tt.sources[1].Sentences)
			out := citeAnswerSpans(&r, tt.sources)
			var lines []string
			for _, s := range out {
				var texts []string
				for _, c := range s.Sentences {
					texts = append(texts, c.Text)
				}
				if len(s.Sentences) > maxPerSource {
					t.Errorf("%s cites %d sentences", s.Source.ID, len(s.Sentences))
				}
				lines = append(lines, strings.Join(texts, " / "))
			}
			if got := strings.Join(lines, "\n"); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			if len(tt.sources[1].Sentences) != before {
				t.Errorf("the sources given were modified")
			}
		})
	}
}

// differOutcome is what the differ decided, as the decision tables write
// it: "differ: 5 | 7", "updated: 5 | 7", "agree 2: 7" or "".
func differOutcome(diffs []Difference, agree int, agreed string) string {
	switch {
	case len(diffs) > 0:
		out := "differ: "
		if diffs[0].Updated {
			out = "updated: "
		}
		var vs []string
		for _, v := range diffs[0].Values {
			vs = append(vs, v.Value)
		}
		return out + strings.Join(vs, " | ")
	case agree > 0:
		return "agree " + strconv.Itoa(agree) + ": " + agreed
	}
	return ""
}

// TestScanAnswerSpans: for a count question, a cited source whose
// citations hold no figure gets its article's sentence that gives one
// and most of the question's words (never its headline), and an article
// retrieval read but did not cite is added with such a sentence, naming
// the others that carry it; other questions are left alone.
func TestScanAnswerSpans(t *testing.T) {
	an := corpus.NewAnalyzer()
	art := func(id, published string, texts ...string) corpus.Article {
		a := corpus.Article{ID: id, Outlet: id + ".com", Published: published, Language: "en"}
		for i, text := range texts {
			// The first text is the headline, paragraph 0.
			a.Sentences = append(a.Sentences, corpus.Sentence{Paragraph: i, Index: 1, Text: text})
		}
		return a
	}
	articles := []corpus.Article{
		art("a", "2016-10-14", "Chibok girls freed", "Boko Haram freed 21 Chibok girls on Thursday.",
			"The government said 218 Chibok girls are still held captive."),
		art("b", "2016-10-13", "197 Chibok girls still captive", "Talks with Boko Haram went on.",
			"Some 197 girls remain captive, officials said."),
		art("c", "2016-10-13", "Nigeria talks", "Boko Haram is an insurgent group.", "About 195 girls are still captive, police said."),
		art("d", "2016-10-13", "Girls freed", "Boko Haram freed 21 girls."),
		art("e", "2016-10-13", "Talks in Nigeria", "About 195 girls are still captive, police said."),
	}
	idx := newTestIndex(an, articles)
	meta := map[string]corpus.Article{}
	for _, a := range idx.articles {
		meta[a.ID] = a
	}
	cite := func(id string, k int) SourceAnswer {
		s := articles[slices.IndexFunc(articles, func(a corpus.Article) bool { return a.ID == id })].Sentences[k]
		return SourceAnswer{Source: meta[id], Sentences: []Cited{{Text: s.Text, Paragraph: s.Paragraph, Sentence: s.Index}}}
	}
	tests := []struct {
		name     string
		question string
		// want is each source's id and cited texts, one line per source.
		want string
	}{
		{"a count question", "How many chibok girls are still captive?",
			"a: The government said 218 Chibok girls are still held captive.\n" +
				"b: Talks with Boko Haram went on. / Some 197 girls remain captive, officials said.\n" +
				"c: About 195 girls are still captive, police said. (also in e)\n" +
				"e: About 195 girls are still captive, police said. (also in c)"},
		{"a question for no count", "When were the chibok girls freed?",
			"a: The government said 218 Chibok girls are still held captive.\n" +
				"b: Talks with Boko Haram went on."},
		{"a figure that does not say what it counts", "How long have the chibok girls been captive?",
			"a: The government said 218 Chibok girls are still held captive.\n" +
				"b: Talks with Boko Haram went on."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := retrieval{q: analyzeQuestion(an, tt.question, "en"), articles: meta}
			for _, id := range []string{"a", "b", "c", "d", "e"} {
				r.ranked = append(r.ranked, candidate{IndexedSentence: corpus.IndexedSentence{ArticleID: id}})
			}
			sources := []SourceAnswer{cite("a", 2), cite("b", 1)}
			e := &Engine{Index: idx, Analyzer: an}
			out, err := e.scanAnswerSpans(context.Background(), &r, sources)
			if err != nil {
				t.Fatal(err)
			}
			var lines []string
			for _, s := range out {
				var texts []string
				for _, c := range s.Sentences {
					if len(c.AlsoIn) > 0 {
						c.Text += " (also in " + strings.Join(c.AlsoIn, ", ") + ")"
					}
					texts = append(texts, c.Text)
				}
				lines = append(lines, s.Source.ID+": "+strings.Join(texts, " / "))
			}
			if got := strings.Join(lines, "\n"); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			if len(sources[1].Sentences) != 1 {
				t.Errorf("the sources given were modified")
			}
		})
	}
}

// TestScanAnswerSpansMoney: for a "how much money" question, a sum is read
// from a whole article only when a word of the question (or one a report
// uses for it: "abroad", "foreign" for "overseas") stands within
// amountReach tokens of it, and an article of the story that no candidate
// came from is read too, unless the index is too large to be one story.
func TestScanAnswerSpansMoney(t *testing.T) {
	an := corpus.NewAnalyzer()
	art := func(id string, texts ...string) corpus.Article {
		a := corpus.Article{ID: id, Outlet: id + ".com", Published: "2017-12-29", Language: "en"}
		for i, text := range texts {
			a.Sentences = append(a.Sentences, corpus.Sentence{Paragraph: i, Index: 1, Text: text})
		}
		return a
	}
	story := []corpus.Article{
		art("a", "Goldman takes tax hit", "Goldman said how money parked overseas is handled will change.",
			"The charge is based on the $32.6 billion in undistributed foreign earnings Goldman had at the end of 2016."),
		art("b", "Goldman tax charge", "Goldman said how money parked overseas is handled will change.",
			"Goldman said the $5 billion charge comes from taxes on cash from overseas."),
		// No candidate comes from c: retrieval never read it.
		art("c", "Goldman earnings", "Goldman Sachs had $31.2 billion in earnings reinvested abroad as of the end of 2016."),
	}
	tests := []struct {
		name     string
		question string
		// filler articles make the index too large to be one story.
		filler int
		want   string
	}{
		{"sums by the question's word", "How much money does goldman have parked overseas?", 0,
			"a: Goldman said how money parked overseas is handled will change. / The charge is based on the $32.6 billion in undistributed foreign earnings Goldman had at the end of 2016.\n" +
				"b: Goldman said how money parked overseas is handled will change.\n" +
				"c: Goldman Sachs had $31.2 billion in earnings reinvested abroad as of the end of 2016."},
		{"an index larger than a story", "How much money does goldman have parked overseas?", maxStoryArticles,
			"a: Goldman said how money parked overseas is handled will change. / The charge is based on the $32.6 billion in undistributed foreign earnings Goldman had at the end of 2016.\n" +
				"b: Goldman said how money parked overseas is handled will change."},
		{"no sum asked", "Where does goldman have money parked?", 0,
			"a: Goldman said how money parked overseas is handled will change.\n" +
				"b: Goldman said how money parked overseas is handled will change."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			articles := slices.Clone(story)
			for i := range tt.filler {
				articles = append(articles, art("z"+strconv.Itoa(i), "Weather", "It rained."))
			}
			idx := newTestIndex(an, articles)
			meta := map[string]corpus.Article{}
			for _, a := range idx.articles {
				meta[a.ID] = a
			}
			r := retrieval{q: analyzeQuestion(an, tt.question, "en"), articles: meta}
			var sources []SourceAnswer
			for _, id := range []string{"a", "b"} {
				r.ranked = append(r.ranked, candidate{IndexedSentence: corpus.IndexedSentence{ArticleID: id}})
				s := meta[id]
				sources = append(sources, SourceAnswer{Source: s, Sentences: []Cited{{Text: "Goldman said how money parked overseas is handled will change.", Paragraph: 1, Sentence: 1}}})
			}
			e := &Engine{Index: idx, Analyzer: an}
			out, err := e.scanAnswerSpans(context.Background(), &r, sources)
			if err != nil {
				t.Fatal(err)
			}
			var lines []string
			for _, s := range out {
				var texts []string
				for _, c := range s.Sentences {
					texts = append(texts, c.Text)
				}
				lines = append(lines, s.Source.ID+": "+strings.Join(texts, " / "))
			}
			if got := strings.Join(lines, "\n"); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
