package wordnet

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// Two lines in data.noun's format (Iran, with its hypernym, an instance
// hyponym and a pertainym), behind a licence header line.
const sample = `  1 This software and database is being provided to you, the LICENSEE, by
08794798 15 n 02 Iran 0 Islamic_Republic_of_Iran 0 003 @i 08700255 n 0000 ~i 08795492 n 0000 \ 03075191 a 0101 | a theocratic Islamic republic
03075191 00 a 01 Iranian(a) 0 001 \ 08794798 n 0101 | of or relating to Iran
short line
`

func TestReadData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data.noun")
	if err := os.WriteFile(path, []byte(sample), 0o644); err != nil {
		t.Fatal(err)
	}
	var got []Synset
	if err := ReadData(path, func(s Synset) error { got = append(got, s); return nil }); err != nil {
		t.Fatal(err)
	}
	want := []Synset{
		{Offset: "08794798", POS: "n", Words: []string{"Iran", "Islamic_Republic_of_Iran"}, Pointers: []Pointer{
			{Symbol: "@i", Offset: "08700255", POS: "n"},
			{Symbol: "~i", Offset: "08795492", POS: "n"},
			{Symbol: `\`, Offset: "03075191", POS: "a", Source: 1, Target: 1},
		}},
		{Offset: "03075191", POS: "a", Words: []string{"Iranian"}, Pointers: []Pointer{
			{Symbol: `\`, Offset: "08794798", POS: "n", Source: 1, Target: 1},
		}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

// FuzzReadData checks that no line, however malformed, panics the reader.
func FuzzReadData(f *testing.F) {
	f.Add(sample)
	f.Add("00000001 00 n 0f x")
	f.Add("00000001 00 n 01 w 0 5 @ 1 n")
	f.Fuzz(func(t *testing.T, data string) {
		path := filepath.Join(t.TempDir(), "data")
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		_ = ReadData(path, func(Synset) error { return nil })
	})
}
