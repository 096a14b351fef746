package eval

import (
	"fmt"
	"testing"
)

func TestSplitPartitions(t *testing.T) {
	train, test := 0, 0
	for i := range 2000 {
		key := fmt.Sprintf("Q%d", i)
		inTrain, inTest := SplitTrain.Contains(key), SplitTest.Contains(key)
		if inTrain == inTest {
			t.Fatalf("%s: train %v, test %v; want exactly one", key, inTrain, inTest)
		}
		if !SplitAll.Contains(key) {
			t.Fatalf("%s not in all", key)
		}
		if inTrain != SplitTrain.Contains(key) {
			t.Fatalf("%s: assignment changed between calls", key)
		}
		if inTrain {
			train++
		} else {
			test++
		}
	}
	// A fair hash puts 1000 ± a few dozen on each side.
	if train < 900 || test < 900 {
		t.Errorf("train %d, test %d: want near 50/50", train, test)
	}
}

func TestSplitIsStable(t *testing.T) {
	// The assignment is pinned to FNV-1a parity, so a change of hash (which
	// would silently mix the tuned-on half into the held-out one) fails
	// here rather than in a report.
	for _, key := range []string{"Q0", "Q1", "Q2", "Q17", "Q630", "Normans", "Steam_engine", "Warsaw"} {
		if want := fnv32a(key)%2 == 0; SplitTrain.Contains(key) != want {
			t.Errorf("%s: in train %v, want %v", key, !want, want)
		}
	}
}

// fnv32a is FNV-1a written out, independent of hash/fnv.
func fnv32a(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

func TestParseSplit(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Split
		ok   bool
	}{{"all", SplitAll, true}, {"", SplitAll, true}, {"train", SplitTrain, true}, {"test", SplitTest, true}, {"dev", SplitAll, false}} {
		got, err := ParseSplit(tt.in)
		if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
			t.Errorf("ParseSplit(%q) = %v, %v", tt.in, got, err)
		}
		if tt.ok && tt.in != "" && got.String() != tt.in {
			t.Errorf("%v.String() = %q, want %q", got, got.String(), tt.in)
		}
	}
}

func TestSplitSelectHalves(t *testing.T) {
	for n := range 20 {
		keys := make([]string, n)
		for i := range keys {
			keys[i] = fmt.Sprintf("Article_%d", i)
		}
		train, test, all := SplitTrain.Select(keys), SplitTest.Select(keys), SplitAll.Select(keys)
		nTrain := 0
		for i := range keys {
			if train[i] == test[i] || !all[i] {
				t.Fatalf("n=%d %s: train %v test %v all %v", n, keys[i], train[i], test[i], all[i])
			}
			if train[i] {
				nTrain++
			}
		}
		if nTrain != (n+1)/2 {
			t.Errorf("n=%d: %d in train, want %d", n, nTrain, (n+1)/2)
		}
		// The order keys come in does not matter.
		rev := make([]string, n)
		for i := range keys {
			rev[n-1-i] = keys[i]
		}
		revTrain := SplitTrain.Select(rev)
		for i := range keys {
			if revTrain[n-1-i] != train[i] {
				t.Fatalf("n=%d: %s changes side when the keys are reversed", n, keys[i])
			}
		}
	}
}
