package bot_test

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"storybot/bot"
	"storybot/bot/discordtest"
	"storybot/corpus"
)

// get fetches path from base and returns the status and body.
func get(t *testing.T, base, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(base + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return resp.StatusCode, string(body)
}

// waitReady polls /readyz until it answers 200.
func waitReady(t *testing.T, base string) string {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		code, body := get(t, base, bot.ReadyzPath)
		if code == http.StatusOK {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz still %d after %v:\n%s", code, wait, body)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// metricValue finds the sample line "name{labels} value" in a text
// exposition; labels are as Prometheus prints them (sorted, quoted).
func metricValue(exposition, series string) (string, bool) {
	for _, line := range strings.Split(exposition, "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			return v, true
		}
	}
	return "", false
}

type fakeCorpus struct{}

func (fakeCorpus) Stats(context.Context) (corpus.IndexStats, error) {
	return corpus.IndexStats{Articles: 2, Sentences: 120}, nil
}
func (fakeCorpus) Version() uint64 { return 7 }

func TestHealthBeforeRun(t *testing.T) {
	srv := discordtest.New(discordtest.Options{Token: testToken})
	defer srv.Close()
	health := bot.NewHealth()
	eng := &fakeEngine{}
	if _, err := bot.New(bot.Config{Token: testToken, APIBase: srv.APIBase, SyncCommands: true, Health: health,
		Answerer: eng, Library: eng, Reload: fakeReload(0)}); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(health.Handler())
	defer hs.Close()

	if code, body := get(t, hs.URL, bot.HealthzPath); code != http.StatusOK || strings.TrimSpace(body) != "ok" {
		t.Errorf("/healthz = %d %q, want 200 ok: the process is alive", code, body)
	}
	code, body := get(t, hs.URL, bot.ReadyzPath)
	if code != http.StatusServiceUnavailable {
		t.Errorf("/readyz before Run = %d, want 503", code)
	}
	for _, want := range []string{"bot: not started", "gateway shard 0: not connected", "commands: not synced yet"} {
		if !strings.Contains(body, want) {
			t.Errorf("/readyz before Run lacks %q:\n%s", want, body)
		}
	}
	if code, _ := get(t, hs.URL, "/"); code != http.StatusNotFound {
		t.Errorf("GET / on the health listener = %d, want 404", code)
	}
	// The corpus gauges are absent, not zero, while no database is open.
	_, metrics := get(t, hs.URL, bot.MetricsPath)
	if strings.Contains(metrics, "storybot_corpus_sentences ") {
		t.Errorf("corpus size reported before any corpus was set:\n%s", metrics)
	}
}

func TestHealthAndMetricsAgainstFakeDiscord(t *testing.T) {
	health := bot.NewHealth()
	// A check the command that opens the database would add.
	dbOpen := make(chan struct{})
	health.AddCheck("database", func(context.Context) error {
		select {
		case <-dbOpen:
			return nil
		default:
			return fmt.Errorf("not open yet")
		}
	})
	h := startBot(t, nil, func(c *bot.Config) { c.Health = health })
	hs := httptest.NewServer(health.Handler())
	defer hs.Close()
	srv := h.srv

	// Connected and synced, but the database is not open: not ready.
	h.next(t, 0, "PUT", "/applications/"+srv.AppID+"/guilds/"+srv.GuildID+"/commands")
	if code, body := get(t, hs.URL, bot.ReadyzPath); code != http.StatusServiceUnavailable || !strings.Contains(body, "database: not open yet") {
		t.Errorf("/readyz with the database closed = %d\n%s\nwant 503 naming the database", code, body)
	}
	close(dbOpen)
	health.Metrics().SetCorpus(fakeCorpus{})
	body := waitReady(t, hs.URL)
	for _, want := range []string{"database: ok", "bot: ok", "gateway shard 0: ok", "commands: ok"} {
		if !strings.Contains(body, want) {
			t.Errorf("/readyz lacks %q:\n%s", want, body)
		}
	}

	ask := func(question string) {
		i := srv.NewInteraction(discordtest.InteractionCommand, "ask",
			[]discordtest.Option{str(discordtest.Option{Name: "question", Value: question})}, someone(srv, 0))
		_, mark := h.interact(t, i)
		h.edit(t, mark, i)
	}
	ask("What did Sheinbaum say about US troops?")
	ask("What's the weather?") // the sources don't say
	ask("please panic")        // the fake engine panics: an error, and the user gets an apology
	q := srv.NewInteraction(discordtest.InteractionCommand, "quote",
		[]discordtest.Option{str(discordtest.Option{Name: "speaker", Value: "Claudia Sheinbaum"})}, someone(srv, 0))
	_, mark := h.interact(t, q)
	h.edit(t, mark, q)
	mark = srv.Mark()
	m, err := srv.Post(discordtest.Message{GuildID: srv.GuildID, Content: srv.BotMention() + " what did Hegseth say?",
		Author: someone(srv, 0), MentionsBot: true})
	if err != nil {
		t.Fatal(err)
	}
	h.next(t, mark, "POST", "/channels/"+m.ChannelID+"/messages")
	r := srv.NewInteraction(discordtest.InteractionCommand, "reload", nil, someone(srv, 1<<5))
	_, mark = h.interact(t, r)
	if _, err := srv.Wait(mark, wait, func(req discordtest.Request) bool {
		return req.Method == "PATCH" && strings.Contains(string(req.Body), "Reload done")
	}); err != nil {
		t.Fatalf("no reload report: %v", err)
	}

	code, metrics := get(t, hs.URL, bot.MetricsPath)
	if code != http.StatusOK {
		t.Fatalf("/metrics = %d\n%s", code, metrics)
	}
	tests := []struct {
		series, want string
	}{
		{`storybot_questions_total{command="ask",outcome="answered"}`, "1"},
		{`storybot_questions_total{command="ask",outcome="silent"}`, "1"},
		{`storybot_questions_total{command="quote",outcome="answered"}`, "1"},
		{`storybot_questions_total{command="message",outcome="answered"}`, "1"},
		{`storybot_questions_total{command="ask",outcome="error"}`, "1"},
		{`storybot_answer_duration_seconds_count{command="ask"}`, "3"},
		{`storybot_gateway_disconnects_total{shard="0"}`, "0"},
		{`storybot_reloads_total{outcome="ok"}`, "1"},
		{`storybot_reload_duration_seconds_count`, "1"},
		{`storybot_corpus_version`, "7"},
		{`storybot_corpus_sentences`, "120"},
		{`storybot_corpus_articles`, "2"},
		{`storybot_gateway_up{shard="0"}`, "1"},
	}
	for _, tt := range tests {
		got, ok := metricValue(metrics, tt.series)
		if !ok || got != tt.want {
			t.Errorf("%s = %q (present %v), want %s", tt.series, got, ok, tt.want)
		}
	}
	// Counters without labels are there from the start, at 0.
	for _, family := range []string{"storybot_discord_rate_limit_waits_total",
		"storybot_discord_rate_limit_wait_seconds_total", "process_resident_memory_bytes", "go_goroutines"} {
		if !strings.Contains(metrics, "# HELP "+family+" ") {
			t.Errorf("/metrics does not describe %s", family)
		}
	}
	h.noProblems(t)

	// A dropped connection is counted, and the session comes back ready.
	srv.Kick()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if err := srv.WaitConnected(ctx, 1); err != nil {
		t.Fatal(err)
	}
	waitReady(t, hs.URL)
	_, metrics = get(t, hs.URL, bot.MetricsPath)
	if got, _ := metricValue(metrics, `storybot_gateway_disconnects_total{shard="0"}`); got != "1" {
		t.Errorf("disconnects after a drop = %q, want 1", got)
	}

	// Stopping: no longer ready, so a load balancer drains the process.
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	if code, body := get(t, hs.URL, bot.ReadyzPath); code != http.StatusServiceUnavailable || !strings.Contains(body, "bot: shutting down") {
		t.Errorf("/readyz after stop = %d\n%s\nwant 503, shutting down", code, body)
	}
}

// TestHealthOnHTTPListener serves the health paths beside the interactions
// endpoint only when asked.
func TestHealthOnHTTPListener(t *testing.T) {
	for _, on := range []bool{false, true} {
		t.Run(fmt.Sprint("on=", on), func(t *testing.T) {
			pub, _, err := ed25519.GenerateKey(nil)
			if err != nil {
				t.Fatal(err)
			}
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			health := bot.NewHealth()
			startBot(t, nil, func(c *bot.Config) {
				c.NoGateway, c.SyncCommands = true, false
				c.Listener, c.PublicKey = ln, pub
				c.Health, c.HealthOnHTTP = health, on
			})
			base := "http://" + ln.Addr().String()
			hs := httptest.NewServer(health.Handler())
			defer hs.Close()
			waitReady(t, hs.URL)
			code, _ := get(t, base, bot.ReadyzPath)
			want := http.StatusMethodNotAllowed // the interactions endpoint takes POSTs only
			if on {
				want = http.StatusOK
			}
			if code != want {
				t.Errorf("GET /readyz on the interactions listener = %d, want %d", code, want)
			}
		})
	}
}
