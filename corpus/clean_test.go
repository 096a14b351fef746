package corpus

import (
	"reflect"
	"strings"
	"testing"
)

// TestSplitGlued: a caption or heading run into the next sentence is cut
// off; titles, names and acronyms inside prose are not.
func TestSplitGlued(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Forensics are working at the scene after last night's atrocity The lorry was driven into the crowd.",
			[]string{"Forensics are working at the scene after last night's atrocity", "The lorry was driven into the crowd."}},
		{"Kim watched the launch on Friday He said the test was a success.",
			[]string{"Kim watched the launch on Friday", "He said the test was a success."}},
		{"The storm hit at 17:52 BEIJING -- China on Friday said it opposes the launch.",
			[]string{"The storm hit at 17:52", "BEIJING -- China on Friday said it opposes the launch."}},
		{"Witnesses spoke to police • Preliminary reports say one man drove the truck.",
			[]string{"Witnesses spoke to police", "• Preliminary reports say one man drove the truck."}},
		{"Crowds gathered on opening day Rex Features It is believed to be the largest crowd.",
			[]string{"Crowds gathered on opening day Rex Features", "It is believed to be the largest crowd."}},
		{"The race was stopped at Interlagos The young Dutchman was fined.",
			[]string{"The race was stopped at Interlagos", "The young Dutchman was fined."}},
		{"It remains unknown whether Zhao is alive More than 80 diggers were sent.",
			[]string{"It remains unknown whether Zhao is alive", "More than 80 diggers were sent."}},
		{"There is more However, it is not clear.",
			[]string{"There is more", "However, it is not clear."}},
		{"[China backs U.N. move to denounce North Korea] Rice also reiterated calls.",
			[]string{"[China backs U.N. move to denounce North Korea]", "Rice also reiterated calls."}},
		{"'I got on the wrong plane' Jeff Waldman, 35, learned this the hard way.",
			[]string{"'I got on the wrong plane'", "Jeff Waldman, 35, learned this the hard way."}},
		{"- Leak 'a crime, a felony' - The papers were leaked in 2015.",
			[]string{"- Leak 'a crime, a felony' -", "The papers were leaked in 2015."}},
		{"UN IN FOCUS Japan reacted sharply to the missile overflight.",
			[]string{"UN IN FOCUS", "Japan reacted sharply to the missile overflight."}},
		{"The probe will land near Aitken crater (pictured) The launch will involve new challenges.",
			[]string{"The probe will land near Aitken crater (pictured)", "The launch will involve new challenges."}},
		{"The deal was reported by Spaceflight Now Last month, Musk unveiled the Roadster.",
			[]string{"The deal was reported by Spaceflight Now", "Last month, Musk unveiled the Roadster."}},
		{"At least 84 people have died after a terror attack in Nice EFE Abandoned pushchairs are left beside the bodies",
			[]string{"At least 84 people have died after a terror attack in Nice EFE", "Abandoned pushchairs are left beside the bodies"}},
		// Prose left alone.
		{"Fans of The Last of Us waited years for the sequel.", nil},
		{"NASA Administrator Jim Bridenstine said the launch went well.", nil},
		{"UNICEF Executive Director Henrietta Fore said children were hurt.", nil},
		{"The US EPA Administrator said the rule stands.", nil},
		{"- Max Verstappen was born on September 30, 1997 in Belgium - The teenager is the son of a driver.", nil},
		{"“The Government deeply regrets the deaths in the crash” President Luis Guillermo Solis said in a statement.", nil},
		{"“He said, ‘In my 18 years of doing this, this is the first time,’ ” Perry told The Washington Post.", nil},
		{"'Not long ago, the United States' Trump Administration revealed an ambition.", nil},
		{"Kimi Raikkonen saw the other Formula One drivers avoid his car.", nil},
		{"Officers of the New York Police Department said The Times was wrong.", nil},

		{"Other films in competition will include The Life Aquatic, a quirky comedy starring Bill Murray.", nil},
		{"In recent months News International, which publishes The Sun and the News of the World, invested.", nil},
		{"Fans of many popular US TV programmes have to wait weeks.", nil},
		{"Her hits include What a Girl Wants, Dirrty and Beautiful.", nil},
		{"U2's single Sometimes You Can't Make It On Your Own took the top spot.", nil},
		{"Wales would keep on course for a first Five or Six Nations title since 1994.", nil},
		{"He said Sony's Clie PEG UX50 broke the design rules.", nil},
		{"US Secretary of State Rex Tillerson said the provocations deepen isolation.", nil},
		// Single capitals, designations and names after lowercase words.
		{"Seule la ligne A du métro a circulé, avec un train sur trois.", nil},
		{"Les usagers de la ligne B sont restés à quai toute la matinée.", nil},
		{"Solo la línea A del metro funcionó con normalidad durante la huelga.", nil},
		{"El plan B era cerrar la terminal A durante la noche.", nil},
		{"If that fails there is always plan A with the old terminal.", nil},
		{"Passengers at Terminal A were told to wait, and Plan B was never used.", nil},
		{"The airline said flight A was delayed while crews checked the engines.", nil},
		{"Hawaii Airlines Flight no. 446 took off from Auckland on New Year's Eve.", nil},
		{"Earlier this week the minister Emmanuel Macron spoke to reporters.", nil},
		{"Le président Emmanuel Macron a parlé aux journalistes lundi.", nil},
		{"La policía detuvo al conductor Driss Oukabir en la ciudad de Ripoll.", nil},
	}
	for _, tt := range tests {
		got := splitGlued(tt.in)
		want := tt.want
		if want == nil {
			want = []string{tt.in}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("splitGlued(%q) =\n%q\nwant\n%q", tt.in, got, want)
		}
	}
}

// TestCleanTweet: an embedded tweet keeps its words; only its picture link
// and its signature are clutter.
func TestCleanTweet(t *testing.T) {
	for _, paras := range [][]string{
		{"Time travel is possible!", "Flight #HA446 just took off from New Zealand in 2018 and will land in Hawaii back in 2017! pic.twitter.com/3KsCEniCOL — Flightradar24 (@flightradar24) December 31, 2017", "The flight left late."},
		{"Time travel is possible! Flight #HA446 just took off from New Zealand in 2018 and will land in Hawaii back in 2017! pic.twitter.com/3KsCEniCOL — Flightradar24 (@flightradar24) December 31, 2017 The flight left late."},
	} {
		kept, _ := clean(paras)
		var got []string
		for _, ss := range kept {
			got = append(got, ss...)
		}
		want := []string{"Time travel is possible!", "Flight #HA446 just took off from New Zealand in 2018 and will land in Hawaii back in 2017!", "The flight left late."}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("tweet %q cleaned to\n%q\nwant\n%q", paras, got, want)
		}
	}
}

// TestCleanGallery: a gallery's label and repeated title go before each
// slide's caption, paragraphed or run into one line; captions with closing
// punctuation are reporting and stay.
func TestCleanGallery(t *testing.T) {
	slides := []string{
		"Photos: Bastille Day terror: Harrowing images of truck attack in Nice Photos: Bastille Day terror: Harrowing images of truck attack in Nice Baby strollers are seen on the Promenade. Police sealed the road. Hide Caption 1 of 25",
		"Photos: Bastille Day terror: Harrowing images of truck attack in Nice BFM-TV, a CNN affiliate in France, reported that police shot at the truck. Medics arrived. Hide Caption 2 of 25",
	}
	want := []string{"Baby strollers are seen on the Promenade.", "Police sealed the road.", "BFM-TV, a CNN affiliate in France, reported that police shot at the truck.", "Medics arrived."}
	for _, paras := range [][]string{slides, {strings.Join(slides, " ")}} {
		kept, _ := clean(paras)
		var got []string
		for _, ss := range kept {
			got = append(got, ss...)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("gallery %q cleaned to\n%q\nwant\n%q", paras, got, want)
		}
	}
	if got := galleryTitle(slides); got != "Bastille Day terror: Harrowing images of truck attack in Nice" {
		t.Errorf("galleryTitle = %q", got)
	}
	if got := galleryTitle([]string{"Photos: Reuters", "The talks went on."}); got != "" {
		t.Errorf("galleryTitle of one label = %q, want none", got)
	}
}

// TestTrimClutterPrefix: clutter lines and bylines run into the sentence
// after them are cut; a sentence that only opens like one stays.
func TestTrimClutterPrefix(t *testing.T) {
	tests := map[string]string{
		"Advertisement - Continue Reading Below Time travel is possible!":                        "Time travel is possible!",
		"By Malcolm Foster ERIMO, Japan, Oct 19 (Reuters) - Ever since the launch, she worried.": "ERIMO, Japan, Oct 19 (Reuters) - Ever since the launch, she worried.",
		"By Friday the talks had failed.":                                                        "By Friday the talks had failed.",
		"By The New York Times standards, it was a scoop.":                                       "By The New York Times standards, it was a scoop.",
		"By": "By",
	}
	for in, want := range tests {
		if got := trimClutterPrefix(in); got != want {
			t.Errorf("trimClutterPrefix(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCleanBBCCaption: a BBC image notice and caption run into the body of
// a one-line article go up to where the body's first sentence is glued to
// the caption.
func TestCleanBBCCaption(t *testing.T) {
	line := "Image copyright The Paper Image caption Rescuers have spent days trying to rescue the boy who fell into a dry well " +
		"Dozens of rescuers in China are trying to reach a boy who is trapped. Some 60 excavators are being used. " +
		"The boy fell down the 40m dry well in Baoding, Hebei province on Sunday morning while helping his father harvest cabbages in the fields nearby."
	kept, _ := clean([]string{line})
	var got []string
	for _, ss := range kept {
		got = append(got, ss...)
	}
	want := []string{"Dozens of rescuers in China are trying to reach a boy who is trapped.", "Some 60 excavators are being used.",
		"The boy fell down the 40m dry well in Baoding, Hebei province on Sunday morning while helping his father harvest cabbages in the fields nearby."}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("BBC line cleaned to\n%q\nwant\n%q", got, want)
	}
}

// TestCleanImageCopyrightBeforeSentence: the holder after "Image
// copyright" ends where the next sentence opens, so its "The" stays,
// also when the notice opens a scraped one-line article (which had been
// dropped whole as a caption line); a short caption paragraph still goes.
func TestCleanImageCopyrightBeforeSentence(t *testing.T) {
	tests := []struct {
		name string
		line string
		want []string
	}{
		{"inside the paragraph",
			"The death toll has risen to seven, officials said on Friday. Image copyright AFP The boat had 42 people on board, according to the governor.",
			[]string{"The death toll has risen to seven, officials said on Friday.", "The boat had 42 people on board, according to the governor."}},
		{"opening a one-line article",
			"Image copyright AFP The ferry had 42 people on board when it capsized on Tuesday near Bali. At least seven people died, police said. Rescuers searched the water until nightfall.",
			[]string{"The ferry had 42 people on board when it capsized on Tuesday near Bali.", "At least seven people died, police said.", "Rescuers searched the water until nightfall."}},
		{"a caption paragraph",
			"Image copyright Getty Images Image caption Rescuers at the site",
			nil},
	}
	for _, tt := range tests {
		kept, _ := clean([]string{tt.line})
		var got []string
		for _, ss := range kept {
			got = append(got, ss...)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: cleaned to\n%q\nwant\n%q", tt.name, got, tt.want)
		}
	}
}

// TestCleanNYTCredit: the Times' unlabelled "Credit" and agencies of
// several words go with the caption before them; AP's "(… via AP)
// (Associated Press)" go alone, as AP's captions report.
func TestCleanNYTCredit(t *testing.T) {
	for _, p := range []string{
		"Organizers have set up a safety area for women. Credit Omer Messinger/European Pressphoto Agency",
		"The burned fuselage of the plane, on Sunday.Ezequiel Becerra / Agence Francepresse",
	} {
		if kept, _ := clean([]string{"The talks went on through the night.", p}); len(kept) != 1 {
			t.Errorf("%q cleaned to %q, want the caption and credit gone", p, kept)
		}
	}
	for _, p := range []string{
		"The weather service says the storm brought 34 inches. (Greg Wohlford/Erie Times-News via AP)",
		"A statement says ten foreigners were aboard. (SpaceX via AP) (Associated Press)",
	} {
		kept, _ := clean([]string{p})
		if len(kept) != 1 || len(kept[0]) != 1 || strings.Contains(kept[0][0], "AP") || strings.Contains(kept[0][0], "Associated") {
			t.Errorf("%q cleaned to %q, want the caption without its credit", p, kept)
		}
	}
}

// TestSplitLong: a sentence over 60 words is cut where a caption's end
// meets a sentence, not at names inside it.
func TestSplitLong(t *testing.T) {
	tests := []struct {
		in   string
		want int // pieces
	}{
		{"Forensics are working at the scene after last night's atrocity Shell-shocked people were seen sitting on the floor near the scene", 2},
		{"Hours after the truck plowed through the crowd, the news channel on the encrypted phone app Telegram, which analysts believe is an outlet, issued a directive", 1},
		{"The hotline was due to be restored this morning after Seoul proposed talks in response to an olive branch", 1},
		{"Among the plane owners seeking Appleby’s services were a businessman and a producer of chemicals", 1},
	}
	for _, tt := range tests {
		if got := splitLong(tt.in); len(got) != tt.want {
			t.Errorf("splitLong(%q) = %q, want %d pieces", tt.in, got, tt.want)
		}
	}
}

// TestCleanTranscriptCue: an NPR transcript's stage cues go, the words
// around them stay.
func TestCleanTranscriptCue(t *testing.T) {
	line := "The videos spread fast. (SOUNDBITE OF YOUTUBE VIDEO) NELSON: They showed the crowd. (LAUGHTER) SHAPIRO: Thank you."
	kept, _ := clean([]string{line})
	var got []string
	for _, ss := range kept {
		got = append(got, ss...)
	}
	want := []string{"The videos spread fast.", "NELSON: They showed the crowd.", "SHAPIRO: Thank you."}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("transcript cleaned to\n%q\nwant\n%q", got, want)
	}
}

// TestCleanOneLine: captions, credits and gallery residue run into a
// one-line article go as spans and sentences; the body stays.
func TestCleanOneLine(t *testing.T) {
	line := "WASHINGTON (AP) — The president met lawmakers on Tuesday. " +
		"President Trump speaks at the White House. (Photo: Evan Vucci/AP) " +
		"The talks lasted two hours, aides said. " +
		"Play slideshow 1 of 22 Full Screen Autoplay Close Skip Ad x " +
		"Lawmakers from both parties attended. David Becker/Getty Images " +
		"A vote is expected next week, the speaker said. Read more at https://example.com/story?utm_source=x " +
		"Getty Images Officials said the bill would pass."
	kept, _ := clean([]string{line})
	var got []string
	for _, ss := range kept {
		got = append(got, ss...)
	}
	want := []string{
		"WASHINGTON (AP) — The president met lawmakers on Tuesday.",
		"The talks lasted two hours, aides said.",
		// A bare credit after a closed sentence heads the caption after
		// it, as in the Daily Mail's and the Sun's pages.
		"Lawmakers from both parties attended.",
		"A vote is expected next week, the speaker said.",
		"Officials said the bill would pass.",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("one-line article cleaned to\n%q\nwant\n%q", got, want)
	}
	for _, s := range got {
		if strings.Contains(s, "Getty") || strings.Contains(s, "Photo") || strings.Contains(s, "http") {
			t.Errorf("clutter kept: %q", s)
		}
	}
}
