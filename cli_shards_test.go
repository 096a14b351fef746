package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"storybot/bot/discordtest"
)

// TestServeSeveralShards runs several gateway shards in one serve process
// against the fake Discord: each identifies as its shard, /readyz reports
// each, and an interaction, routed by Discord to one shard, is answered
// once.
func TestServeSeveralShards(t *testing.T) {
	tests := []struct {
		name       string
		fake       discordtest.Options
		args       []string
		env        map[string]string
		wantShards [][2]int
	}{
		{"range of a larger count", discordtest.Options{MaxConcurrency: 4},
			[]string{"--shards", "0-3", "--shard-count", "8"}, nil,
			[][2]int{{0, 8}, {1, 8}, {2, 8}, {3, 8}}},
		{"list from the env", discordtest.Options{MaxConcurrency: 8},
			nil, map[string]string{"STORYBOT_SHARDS": "1, 5", "STORYBOT_SHARD_COUNT": "6"},
			[][2]int{{1, 6}, {5, 6}}},
		{"without the guild's shard", discordtest.Options{MaxConcurrency: 4},
			[]string{"--shards", "4-7", "--shard-count", "8"}, nil,
			[][2]int{{4, 8}, {5, 8}, {6, 8}, {7, 8}}},
		{"auto: all Discord recommends", discordtest.Options{Shards: 3, MaxConcurrency: 3},
			[]string{"--shard-count", "auto"}, nil,
			[][2]int{{0, 3}, {1, 3}, {2, 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const token = "shards-test-token"
			tt.fake.Token = token
			srv := discordtest.New(tt.fake)
			defer srv.Close()
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			metrics := ln.Addr().String()
			ln.Close()
			env := map[string]string{"DISCORD_TOKEN": token, "STORYBOT_GUILD": srv.GuildID,
				"STORYBOT_DB": filepath.Join(t.TempDir(), "s.db"), "STORYBOT_METRICS": metrics}
			for k, v := range tt.env {
				env[k] = v
			}
			stderr := &lockedBuffer{}
			ctx, cancel := context.WithCancel(context.Background())
			errc := make(chan error, 1)
			go func() {
				args := append([]string{"serve", "--discord-api", srv.APIBase, "--cooldown", "0s"}, tt.args...)
				errc <- run(ctx, args, func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, stderr)
			}()
			defer func() {
				cancel()
				select {
				case err := <-errc:
					if err != nil {
						t.Errorf("serve returned %v after cancel", err)
					}
				case <-time.After(10 * time.Second):
					t.Error("serve did not stop after cancel")
				}
			}()

			wctx, wcancel := context.WithTimeout(ctx, 20*time.Second)
			defer wcancel()
			if err := srv.WaitConnected(wctx, len(tt.wantShards)); err != nil {
				t.Fatalf("%d shards never connected: %v\nstderr:\n%s", len(tt.wantShards), err, stderr.String())
			}
			var got [][2]int
			for _, id := range srv.Identifies() {
				if id.Shard == nil {
					t.Fatalf("IDENTIFY without a shard: %+v", id)
				}
				got = append(got, *id.Shard)
			}
			slices.SortFunc(got, func(a, b [2]int) int { return a[0] - b[0] })
			if !slices.Equal(got, tt.wantShards) {
				t.Errorf("identified as shards %v, want %v", got, tt.wantShards)
			}

			// /readyz names every shard this process runs, and no other.
			var ready string
			deadline := time.Now().Add(10 * time.Second)
			for {
				resp, err := http.Get("http://" + metrics + "/readyz")
				if err == nil {
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					ready = string(b)
					if resp.StatusCode == http.StatusOK {
						break
					}
				}
				if time.Now().After(deadline) {
					t.Fatalf("/readyz never ready: %q (%v)\nstderr:\n%s", ready, err, stderr.String())
				}
				time.Sleep(20 * time.Millisecond)
			}
			for _, sh := range tt.wantShards {
				if want := fmt.Sprintf("gateway shard %d: ok", sh[0]); !strings.Contains(ready, want) {
					t.Errorf("/readyz %q lacks %q", ready, want)
				}
			}
			if slices.Contains(tt.args, "auto") && !strings.Contains(ready, "gateway shards: ok") {
				t.Errorf("/readyz %q lacks the shard count check", ready)
			}
			if n := strings.Count(ready, "gateway shard "); n != len(tt.wantShards) {
				t.Errorf("/readyz names %d shards, want %d: %q", n, len(tt.wantShards), ready)
			}

			// The guild's shard answers, once; a process without it, none.
			home := int((mustUint(t, srv.GuildID) >> 22) % uint64(tt.wantShards[0][1]))
			runsHome := slices.ContainsFunc(tt.wantShards, func(s [2]int) bool { return s[0] == home })
			i := srv.NewInteraction(discordtest.InteractionCommand, "ask",
				[]discordtest.Option{{Name: "question", Type: 3, Value: "What did Sheinbaum say about US troops?"}}, discordtest.User{ID: "77", Name: "u"})
			mark := srv.Mark()
			err = srv.Interact(i)
			if !runsHome {
				if err == nil {
					t.Errorf("the guild's shard %d is not run here, yet the fake delivered the interaction", home)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if _, err := srv.Wait(mark, 10*time.Second, func(r discordtest.Request) bool {
				return r.Method == "PATCH" && strings.Contains(r.Path, i.Token)
			}); err != nil {
				t.Fatalf("no answer from shard %d: %v\nstderr:\n%s", home, err, stderr.String())
			}
			time.Sleep(100 * time.Millisecond) // room for a wrong second answer
			callbacks := 0
			for _, r := range srv.Requests()[mark:] {
				if r.Method == "POST" && strings.Contains(r.Path, i.Token+"/callback") {
					callbacks++
				}
			}
			if callbacks != 1 {
				t.Errorf("%d callbacks to one interaction, want 1", callbacks)
			}
			for _, p := range srv.Problems() {
				t.Errorf("fake discord: %s", p)
			}
		})
	}
}

func mustUint(t *testing.T, s string) uint64 {
	t.Helper()
	var n uint64
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestServeShardFlagErrors: shard lists and counts that cannot run.
func TestServeShardFlagErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"beyond the count", []string{"--shards", "2-4", "--shard-count", "4"}, "shard 4 of 4"},
		{"not a range", []string{"--shards", "0-x"}, `"0-x" is not a shard id`},
		{"backwards", []string{"--shards", "3-1", "--shard-count", "4"}, `"3-1"`},
		{"twice", []string{"--shards", "1,0-1", "--shard-count", "4"}, "shard 1 is given twice"},
		{"bad count", []string{"--shard-count", "many"}, `--shard-count "many"`},
		{"zero count", []string{"--shard-count", "0"}, "at least 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"DISCORD_TOKEN": "x", "STORYBOT_DB": filepath.Join(t.TempDir(), "s.db")}
			var stderr lockedBuffer
			err := run(context.Background(), append([]string{"serve"}, tt.args...), func(k string) string { return env[k] },
				strings.NewReader(""), io.Discard, &stderr)
			if code := exitCode(err, &stderr); code == 0 || !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("exit %d, stderr %q; want failure mentioning %q", code, stderr.String(), tt.want)
			}
		})
	}
}
