package corpus

import (
	"reflect"
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"plain", "Hello world. This is it.", []string{"Hello world.", "This is it."}},
		{"us mid sentence", "Officials said the U.S. is considering action. It denied it.",
			[]string{"Officials said the U.S. is considering action.", "It denied it."}},
		{"us before a name", "She rejected U.S. President Donald Trump's offer. He left.",
			[]string{"She rejected U.S. President Donald Trump's offer.", "He left."}},
		{"us ending a sentence", "Troops may come from the U.S. The talks went on.",
			[]string{"Troops may come from the U.S.", "The talks went on."}},
		{"uk", "The U.K. Parliament voted on Friday. Ministers were absent.",
			[]string{"The U.K. Parliament voted on Friday.", "Ministers were absent."}},
		{"titles", "Mr. Durov, 33, met Gen. Smith and Sen. Jones. Dr. Who did not.",
			[]string{"Mr. Durov, 33, met Gen. Smith and Sen. Jones.", "Dr. Who did not."}},
		{"month before a day", "Trump named them on Feb. 19, restricting their movements. Cartels objected.",
			[]string{"Trump named them on Feb. 19, restricting their movements.", "Cartels objected."}},
		{"dept", "The Dept. of Justice said so. Nobody argued.",
			[]string{"The Dept. of Justice said so.", "Nobody argued."}},
		{"number abbreviation", "He was ranked No. 1 in the world. No. He was second.",
			[]string{"He was ranked No. 1 in the world.", "No.", "He was second."}},
		{"dash heading after a closed sentence", "Some questions remain. — Who leaked the documents? — What comes next?",
			[]string{"Some questions remain.", "— Who leaked the documents?", "— What comes next?"}},
		{"dateline dash after an abbreviation", "ERIE, Pa. — Snow continues to fall in Erie. LOS ANGELES, Calif. — It rained.",
			[]string{"ERIE, Pa. — Snow continues to fall in Erie.", "LOS ANGELES, Calif. — It rained."}},
		{"dash line after a name", "They would need more to side with Broadcom. — With assistance by Alex Barinka",
			[]string{"They would need more to side with Broadcom.", "— With assistance by Alex Barinka"}},
		{"a closed quotation before a new sentence with its own quote", "“He jumped up and ran out.” The first “attack,” she says, came later.",
			[]string{"“He jumped up and ran out.”", "The first “attack,” she says, came later."}},
		{"closing quote after a space", "We’re only here every now and then.’ ” He was a regular at the casino.",
			[]string{"We’re only here every now and then.’ ”", "He was a regular at the casino."}},
		{"lowercase number abbreviation", "Hawaii Airlines Flight no. 446 took off. It landed in 2017.",
			[]string{"Hawaii Airlines Flight no. 446 took off.", "It landed in 2017."}},
		{"circa before a number", "The population amounted to ca. 2 million. It was built c. 1500. It cost approx. 5 dollars. Nobody came.",
			[]string{"The population amounted to ca. 2 million.", "It was built c. 1500.", "It cost approx. 5 dollars.", "Nobody came."}},
		{"initials", "J. R. R. Tolkien wrote books. He died in 1973.",
			[]string{"J. R. R. Tolkien wrote books.", "He died in 1973."}},
		{"decimals and money", "Profits rose to $1.13bn in 2004. Shares rose 2.5%. Sales hit 11.1bn.",
			[]string{"Profits rose to $1.13bn in 2004.", "Shares rose 2.5%.", "Sales hit 11.1bn."}},
		{"time mid sentence", "The meeting starts at 9 a.m. on Monday. Bring coffee.",
			[]string{"The meeting starts at 9 a.m. on Monday.", "Bring coffee."}},
		{"time ending a sentence", "They left at 9 a.m. The next day they returned.",
			[]string{"They left at 9 a.m.", "The next day they returned."}},
		{"quote then attribution", `"Sovereignty is loved and defended," she added.`,
			[]string{`"Sovereignty is loved and defended," she added.`}},
		{"two-sentence quote then attribution", `"Sovereignty is not for sale. Sovereignty is loved and defended," she added. Trump did not reply.`,
			[]string{`"Sovereignty is not for sale. Sovereignty is loved and defended," she added.`, "Trump did not reply."}},
		{"curly quote then attribution", "“We can work together, but you on your territory and us in ours,” said Sheinbaum. She left.",
			[]string{"“We can work together, but you on your territory and us in ours,” said Sheinbaum.", "She left."}},
		{"question in quote, lowercase attribution", `"How can we help?" he asked. Nobody answered.`,
			[]string{`"How can we help?" he asked.`, "Nobody answered."}},
		{"exclamation in quote, named attribution", `"Stop!" Trump said. Then silence.`,
			[]string{`"Stop!" Trump said.`, "Then silence."}},
		{"quote closing a sentence", `He released a statement. "The President has been clear." Others agreed.`,
			[]string{"He released a statement.", `"The President has been clear."`, "Others agreed."}},
		{"em dashes", "Military action, with—or without—Mexico's consent — is possible. It was late.",
			[]string{"Military action, with—or without—Mexico's consent — is possible.", "It was late."}},
		{"ellipsis lowercase", "He hesitated... then he spoke. Done.",
			[]string{"He hesitated... then he spoke.", "Done."}},
		{"ellipsis character", "Wait… What happened? Nobody knew!",
			[]string{"Wait…", "What happened?", "Nobody knew!"}},
		{"brackets", "He won (again). Then he left. (He was tired.) Fine.",
			[]string{"He won (again).", "Then he left.", "(He was tired.)", "Fine."}},
		{"dateline", "LAKE FOREST, Ill. — Chicago Bears fire coach John Fox after 5-11 season.",
			[]string{"LAKE FOREST, Ill. — Chicago Bears fire coach John Fox after 5-11 season."}},
		{"company", "Shares of Goldman Sachs Group Inc. rose slightly. They fell later.",
			[]string{"Shares of Goldman Sachs Group Inc. rose slightly.", "They fell later."}},
		{"nested single quotes", `"He said, 'How can we help you fight drug trafficking? I propose it.' And you know what I said to him? 'No, President Trump,'" Sheinbaum told reporters.`,
			[]string{`"He said, 'How can we help you fight drug trafficking? I propose it.' And you know what I said to him? 'No, President Trump,'" Sheinbaum told reporters.`}},
		{"no space after period", "Do not reproduce.Copyright applies. Next one.",
			[]string{"Do not reproduce.Copyright applies.", "Next one."}},
		{"surrounding whitespace", "  One.   Two?  ", []string{"One.", "Two?"}},
		{"empty", " \t ", nil},
		{"spanish", "¿Qué pasó? El presidente habló. La Sra. López respondió.",
			[]string{"¿Qué pasó?", "El presidente habló.", "La Sra. López respondió."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Split(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Split(%q)\n got  %q\n want %q", tt.in, got, tt.want)
			}
			for _, s := range got {
				if !strings.Contains(tt.in, s) {
					t.Errorf("sentence %q is not verbatim in the input", s)
				}
			}
		})
	}
}
