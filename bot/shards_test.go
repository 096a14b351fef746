package bot

import (
	"slices"
	"testing"
	"time"
)

func TestIdentifyAt(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		last     map[int]time.Time
		id, conc int
		want     time.Time
	}{
		{"first of its bucket", map[int]time.Time{}, 3, 1, time.Time{}},
		{"same bucket, concurrency 1", map[int]time.Time{0: t0}, 1, 1, t0.Add(identifyEvery)},
		{"other bucket", map[int]time.Time{0: t0}, 1, 2, time.Time{}},
		{"same bucket of 2", map[int]time.Time{0: t0, 1: t0.Add(time.Second)}, 3, 2, t0.Add(time.Second + identifyEvery)},
		{"concurrency 0 counts as 1", map[int]time.Time{0: t0}, 5, 0, t0.Add(identifyEvery)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := identifyAt(tt.last, tt.id, tt.conc); !got.Equal(tt.want) {
				t.Errorf("identifyAt(%v, %d, %d) = %v, want %v", tt.last, tt.id, tt.conc, got, tt.want)
			}
		})
	}
}

func TestShardIDs(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		want    []int
		wantErr bool
	}{
		{"shard id alone", Config{ShardID: 2, ShardCount: 4}, []int{2}, false},
		{"list, sorted", Config{Shards: []int{3, 0, 1}, ShardCount: 4}, []int{0, 1, 3}, false},
		{"list beyond the count", Config{Shards: []int{0, 4}, ShardCount: 4}, nil, true},
		{"twice", Config{Shards: []int{1, 1}, ShardCount: 4}, nil, true},
		{"negative", Config{ShardID: -1, ShardCount: 4}, nil, true},
		{"auto: count unknown yet", Config{Shards: []int{7}, AutoShards: true}, []int{7}, false},
		{"auto, all", Config{AutoShards: true}, []int{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := shardIDs(tt.cfg)
			if (err != nil) != tt.wantErr {
				t.Fatalf("shardIDs(%+v) error %v, want error %v", tt.cfg, err, tt.wantErr)
			}
			if !tt.wantErr && (len(got) != len(tt.want) || (len(got) > 0 && !slices.Equal(got, tt.want))) {
				t.Errorf("shardIDs(%+v) = %v, want %v", tt.cfg, got, tt.want)
			}
		})
	}
}
