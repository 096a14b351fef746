package bot

import (
	"fmt"
	"testing"
	"time"
)

func TestReplayGuard(t *testing.T) {
	var g replayGuard
	t0 := time.Unix(1_800_000_000, 0)
	if !g.first("a", t0, t0) {
		t.Fatal("a new id refused")
	}
	steps := []struct {
		name     string
		id       string
		signedAt time.Time
		now      time.Time
		want     bool
	}{
		{"same id at once", "a", t0, t0, false},
		{"same id, fresher timestamp, within the window", "a", t0.Add(time.Minute), t0.Add(4 * time.Minute), false},
		{"same id at the window's end", "a", t0, t0.Add(SignatureWindow), false},
		{"other id", "b", t0, t0.Add(time.Second), true},
		// Past the window the timestamp check refuses the request anyway,
		// so the guard may forget the id.
		{"same id after the window", "a", t0.Add(6 * time.Minute), t0.Add(6 * time.Minute), true},
	}
	for _, s := range steps {
		if got := g.first(s.id, s.signedAt, s.now); got != s.want {
			t.Errorf("%s: first = %v, want %v", s.name, got, s.want)
		}
	}
}

func TestReplayGuardForgets(t *testing.T) {
	var g replayGuard
	t0 := time.Unix(1_800_000_000, 0)
	// An hour of one interaction a second: the guard holds only the last
	// ten minutes or so, however long it runs.
	peak := 0
	for s := range 3600 {
		now := t0.Add(time.Duration(s) * time.Second)
		if !g.first(fmt.Sprint(s), now, now) {
			t.Fatalf("id %d refused", s)
		}
		peak = max(peak, g.size())
	}
	if limit := int((SignatureWindow + SignatureWindow/5) / time.Second); peak > limit+1 {
		t.Errorf("guard held %d ids at its peak, want at most %d (the window and one sweep interval)", peak, limit+1)
	}
}

func TestFreshTimestamp(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	tests := []struct {
		ts   string
		want bool
	}{
		{"1800000000", true},
		{"1800000300", true},
		{"1799999700", true},
		{"1800000301", false},
		{"1799999699", false},
		{"978307200", false},  // 2001
		{"4102444800", false}, // 2100
		{"hello", false},
		{"", false},
		{" 1800000000", false},
		{"1800000000.0", false},
		{"-1800000000", false},
		{"9223372036854775807", false},
	}
	for _, tt := range tests {
		if _, got := freshTimestamp(tt.ts, now); got != tt.want {
			t.Errorf("freshTimestamp(%q) = %v, want %v", tt.ts, got, tt.want)
		}
	}
}
