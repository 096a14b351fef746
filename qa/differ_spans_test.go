package qa

import (
	"strings"
	"testing"

	"storybot/corpus"
)

// TestSpanReadingRules: one case per reading rule, on sentences from the
// differences set's articles (qa/testdata/differences), asked with a
// question as a user would.
func TestSpanReadingRules(t *testing.T) {
	tests := []struct {
		rule     string
		question string
		sources  []SourceAnswer
		// out is as in TestDifferDecision.
		out string
	}{
		{"a round time said roughly allows half an hour", "what time did the plane crash?", []SourceAnswer{
			src("a", "nbc", "2017-12-31", "The Nature Air flight crashed into a mountain around noon local time, shortly after taking off from Punta Islita Airport."),
			src("b", "cnn", "2017-12-31", "The plane crashed around 12:20 p.m., ten minutes after takeoff."),
		}, "agree 2: around noon local time"},
		{"a time said roughly to ten minutes allows five", "what time were emergency services called?", []SourceAnswer{
			src("a", "guardian", "2016-11-09", "Emergency services were called at 6.04am as torrential rain continued to batter London."),
			src("b", "mirror", "2016-11-09", "Emergency services were called at about 6.10am to the tram."),
		}, "differ: 6.04am | about 6.10am"},
		{"two rough times a quarter apart differ", "what time did the tram crash?", []SourceAnswer{
			src("a", "guardian", "2016-11-09", "The derailment occurred at about 6.15am on Wednesday."),
			src("b", "mirror", "2016-11-09", "The tram crash happened at around 6.30am."),
		}, "differ: about 6.15am | around 6.30am"},
		{"a name before the noun says whose, the noun what is counted", "how many chibok girls were freed?", []SourceAnswer{
			src("a", "cnn", "2016-10-13", "Boko Haram frees 21 Chibok girls, raising hope for others."),
			src("b", "bbc", "2016-10-13", "The government said it had secured the release of 21 Chibok girls."),
		}, "agree 2: 21"},
		{"the counted noun after a name in the question", "how many chibok girls are still held?", []SourceAnswer{
			src("a", "cnn", "2016-10-13", "Some 197 girls are still held by the militants."),
			src("b", "bbc", "2016-10-14", "The government is committed to rescuing the 218 Chibok girls still held by Boko Haram."),
		}, "updated: Some 197 | 218"},
		{"an age in months is an age", "how old was the baby who was freed?", []SourceAnswer{
			src("a", "cnn", "2016-10-13", "In addition to the 21 girls, a 20-month-old baby born to one of them in captivity was freed."),
			src("b", "bbc", "2016-10-13", "A child believed to be about 20 months old was also freed with the girls."),
		}, "agree 2: 20"},
		{"how far into a flight asks for a duration", "how far into the flight did the plane turn back?", []SourceAnswer{
			src("a", "rt", "2017-12-27", "The plane turned around four hours into its flight to Tokyo."),
			src("b", "reuters", "2017-12-27", "The crew learned four hours into the flight that a passenger was on the wrong plane."),
		}, "agree 2: four"},
		{"passengers are people, and a fiscal year is this year's", "how many people ride the tram each year?", []SourceAnswer{
			src("a", "guardian", "2016-11-09", "The tram network carried more than 27 million passengers in 2015/16."),
			src("b", "ap", "2016-11-09", "The trams serve 27 million passengers a year."),
		}, "agree 2: 27 million"},
		{"people on board are the ship's", "how many people were on the ship?", []SourceAnswer{
			src("a", "dw", "2017-12-27", "The river cruise boat, with 129 people on board, struck a pillar on Tuesday evening."),
			src("b", "ap", "2017-12-30", "Police said 129 people were aboard when the vessel hit the pillar."),
		}, "agree 2: 129"},
		{"a word stands for the question's by its stem", "how much will goldman save by paying early?", []SourceAnswer{
			src("a", "reuters", "2017-12-29", "The acceleration results in about $140 million in tax savings for the firm."),
			src("b", "cnbc", "2017-12-29", "Paying early will save the bank $140 million in taxes this year."),
		}, "agree 2: $140 million"},
		{"a synonym stands for the question's word", "how much money does goldman keep overseas?", []SourceAnswer{
			src("a", "reuters", "2017-12-29", "Goldman Sachs, which earns much of its revenue outside the country, held $31.2 billion in profits abroad."),
			src("b", "cnbc", "2017-12-29", "Goldman kept $32.6 billion of its earnings overseas at the end of 2016."),
		}, "differ: $31.2 billion | $32.6 billion"},
		{"a day stands by a word of the class asked", "what day did rihanna's cousin die?", []SourceAnswer{
			src("a", "ap", "2017-12-27", "Tavon Kaiseen Alleyne, a relative of the singer, was shot and killed on Tuesday in Barbados."),
			src("b", "bbc", "2017-12-27", "Rihanna's cousin died on Tuesday night, police said."),
		}, "agree 2: on Tuesday"},
		{"what people have says what they count as; a part 'of which' is left out", "how many people had serious injuries?", []SourceAnswer{
			src("a", "guardian", "2016-11-09", "Eight people have serious or life-threatening injuries, the ambulance service said."),
			src("b", "bbc", "2016-11-10", "Police said eight people had serious injuries."),
			src("c", "mirror", "2016-11-09", "The hospital treated 20 people, of which four are seriously injured."),
		}, "agree 2: Eight"},
		{"a measure written twice is one, and the one the question's word follows answers", "how tall is the rocket?", []SourceAnswer{
			src("a", "ap", "2018-02-06", "The towering rocket, measuring 229 feet (70 meters) tall and 40 feet (12 meters) abreast, sat atop the launch pad."),
			src("b", "nbc", "2018-02-05", "Standing 230 feet (70 meters) tall, the rocket is a triple dose of the Falcon 9."),
		}, "agree 2: 229 feet (70 meters)"},
		{"a word for what is counted counts it", "how many cops were on patrol in berlin?", []SourceAnswer{
			src("a", "dw", "2017-12-30", "Berlin alone is putting an additional 1,600 officers on the streets."),
			src("b", "ap", "2017-12-30", "Many of the 1,600 officers who will be on patrol in the capital are armed."),
		}, "agree 2: 1,600"},
		{"how big asks for a sum of money too", "how big is goldman's tax hit?", []SourceAnswer{
			src("a", "reuters", "2017-12-29", "Goldman said the tax law will cut its profit by about $5 billion."),
			src("b", "ap", "2017-12-29", "The new tax law means a $5 billion hit to Goldman's fourth-quarter profit."),
		}, "agree 2: $5 billion"},
		{"a percentage is of what its noun names", "how much did qualcomm stock drop?", []SourceAnswer{
			src("a", "cnbc", "2017-11-06", "That $60 offer is a 50% premium over Qualcomm stock's closing price."),
			src("b", "ap", "2017-11-06", "Qualcomm reported a 96 percent drop in operating income as Apple refused to pay."),
		}, ""},
		{"percentages of one thing compare, as numbers", "how much did qualcomm stock drop?", []SourceAnswer{
			src("a", "cnbc", "2017-11-06", "Qualcomm stock fell 4.3 percent to $63.20 in early trading."),
			src("b", "ap", "2017-11-06", "Qualcomm stock fell 3.5 percent to $65.09 on Monday."),
		}, "differ: 4.3 percent | 3.5 percent"},
		{"passengers counted beside the crew are a part of who was aboard", "how many people were on the ship?", []SourceAnswer{
			src("a", "dw", "2017-12-30", "The cruise ship, which had 129 people on board, hit a pillar of the bridge on Tuesday evening."),
			src("b", "ap", "2017-12-30", "Another ship took the 103 passengers and 26 crew members to the port."),
			src("c", "bbc", "2017-12-30", "There were 129 people on board the ship when the vessel hit the pillar."),
		}, "agree 2: 129"},
		// The rhine_boat story when every cited sentence speaks: the
		// AP's first citation gives no figure aboard, its second a part
		// of one behind an aside.
		{"passengers counted beside the crew behind an aside are a part", "how many people were on the ship", []SourceAnswer{
			src("a", "dw", "2017-12-30", "There were 129 people on board the ship when the vessel hit a supporting pillar of the A42 motorway."),
			thenCites(src("b", "ap", "2017-12-27", "BERLIN — A tourist ship struck a highway bridge on the Rhine river in western Germany and 25 people were injured, police said Wednesday."),
				"Another ship took the 103 passengers, most of them Dutch, and 26 crew members to Duisburg."),
		}, ""},
		{"those killed from one place are a part of the toll", "how many people died in the costa rica crash", []SourceAnswer{
			src("a", "cnn", "2017-12-31", "(CNN) A small plane crash Sunday in northwest Costa Rica killed 12 people, including 10 US citizens, officials said."),
			src("b", "abc", "2017-12-31", "12 killed in Costa Rica plane crash"),
			src("c", "ap", "2017-12-31", "Costa Rica seeks cause of plane crash that killed 10 from US"),
			src("d", "nyt", "2018-01-01", "A New York couple and their three sons were among 12 people killed when a small plane crashed in Costa Rica on Sunday."),
			src("e", "cnn", "2018-01-01", "Costa Rica plane crash leaves 12 dead"),
		}, "agree 4: 12"},
		{"two floors stated are two figures", "how long did the search take?", []SourceAnswer{
			src("a", "cnn", "2016-11-10", "Rescuers have been searching for the boy for more than 85 hours."),
			src("b", "bbc", "2016-11-11", "The boy was found after a search that took over 100 hours."),
		}, "differ: more than 85 | over 100"},
	}
	an := corpus.NewAnalyzer()
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			q := analyzeQuestion(an, tt.question, "en")
			diffs, agree, agreed := differences(&q, tt.sources)
			if got := differOutcome(diffs, agree, agreed); got != tt.out {
				t.Errorf("%q: got %q, want %q", tt.question, got, tt.out)
			}
			for _, d := range diffs {
				if strings.Contains(d.Values[0].Value, "percent") && d.Kind != "number" {
					t.Errorf("%q: a percentage differs as %q, want number", tt.question, d.Kind)
				}
			}
		})
	}
}

// TestSpanReadingWords: what single figures read as, per reading rule.
func TestSpanReadingWords(t *testing.T) {
	tests := []struct{ rule, text, want string }{
		{"a name before the noun", "Boko Haram frees 21 Chibok girls, raising hope for others.",
			"number:girl=21 «21»"},
		{"a people's name is what is counted", "Three Tunisians were among the dead.",
			"number:dead/tunisian=3 «Three»"},
		{"around after turn is the verb's", "She wondered why the plane was turning around four hours into the flight.",
			"number:unit/duration=1.44e+04 s «four»"},
		{"over after hand is the verb's", "Boko Haram militants handed over 21 Chibok schoolgirls to authorities.",
			"number:schoolgirl=21 «21»"},
		{"over after took is a qualifier", "The search took over 100 hours, officials said.",
			"number:unit/duration=>=3.6e+05 s «over 100»"},
		{"around elsewhere is a qualifier", "Around 80 diggers are working at the scene.",
			"number:digger=68-92 «Around 80»"},
		{"an age in months, in years", "A 20-month-old boy born in captivity was released.",
			"number:age=1.667 years «20»"},
		{"a conversion in brackets is the same measure", "The rocket measures 229 feet (70 meters) from end to end.",
			"number:unit/length=69.8 m «229 feet (70 meters)»"},
		{"miles are miles, not Spanish thousands", "The wreckage burned roughly 130 miles northwest of San José.",
			"number:unit/length=1.778e+05-2.406e+05 m «roughly 130»"},
		{"an -ing verb opening a sentence is no label", "Stretching 40 feet at the base, it stands on the pad.",
			"number:unit/length=12.19 m «40»"},
		{"miles per hour are a speed", "The train was going 78 miles per hour when it derailed.",
			"number:unit/speed=34.87 m/s «78»"},
		{"kilometres an hour are a speed", "The winds reached 150 kilometres an hour.",
			"number:unit/speed=41.67 m/s «150»"},
		{"an amount of its earnings is the amount, not a part", "Goldman kept $32.6 billion of its earnings overseas.",
			"amount:USD=USD 32600000000 «$32.6 billion»"},
		{"a part of a sum behind an aside", "Another ship took the 103 passengers, most of them Dutch, and 26 crew members to Duisburg.",
			"number:crew=26 «26»"},
		{"a named part of a sum, in words", "The government regrets the death of 10 American passengers and two Costa Rican pilots.",
			"number:pilot=2 «two»"},
		{"those from a place are a part", "Costa Rica seeks cause of plane crash that killed 10 from US", ""},
		// An aside holding a figure is no aside, and "and" then "were" is
		// no sum.
		{"no sum without a figure after and", "At least 59 people were killed, and 527 were injured.",
			"number:dead=>=59 «At least 59»; number:injured=527 «527»"},
	}
	for _, tt := range tests {
		if got := spansText(tt.text, wantNumber, "2016-10-13"); got != tt.want {
			t.Errorf("%s: %q:\n got %s\nwant %s", tt.rule, tt.text, got, tt.want)
		}
	}
}

// thenCites is sa citing text after its sentences, as a weaker citation.
func thenCites(sa SourceAnswer, text string) SourceAnswer {
	sa.Sentences = append(sa.Sentences, Cited{Text: text, Paragraph: len(sa.Sentences) + 1, Sentence: 1})
	return sa
}
