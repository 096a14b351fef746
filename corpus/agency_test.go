package corpus

import "testing"

func TestAgency(t *testing.T) {
	tests := []struct {
		text, want string
	}{
		{"NEW YORK (AP) — Rihanna is mourning the death of her cousin.", "AP"},
		{"(AP) - A Pennsylvania woman says she went online to check her electric bill.", "AP"},
		{"OFER PRISON, West Bank (Reuters) - Israel indicted a 16-year-old.", "Reuters"},
		{"Associated Press writers Colleen Long and Doug Ferguson contributed.", "AP"},
		{"The Associated Press contributed to this report.", "AP"},
		{"PARIS (AFP) - The French government said on Monday.", "AFP"},
		{"Copyright 2018 The Associated Press. All rights reserved.", "AP"},
		// Photo credits and sourcing credit the agency with something else.
		{"The logo appears above a trading post. (Richard Drew, File/Associated Press)", ""},
		{"(AP Photo/Richard Drew, File)", ""},
		{"Kim Kyung Hoon / Reuters A man walks past a TV set.", ""},
		{`"We can do is get away from the window," she told Reuters by text message.`, ""},
		{"The sanctions were violated, Reuters reported.", ""},
		{"local police chief Sayed Kamal Sadat told AFP.", ""},
		{"A spokeswoman told The Associated Press that the area was safe.", ""},
		{"The sources don't say.", ""},
		// The earliest credit wins.
		{"TOKYO (Reuters) - North Korea fired. The Associated Press contributed to this report.", "Reuters"},
	}
	for _, tt := range tests {
		if got := Agency(tt.text); got != tt.want {
			t.Errorf("Agency(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
