package bot

import (
	"context"

	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"storybot/corpus"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"storybot/qa"
)

func TestAPIRewriter(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Method+" "+r.Host+r.URL.RequestURI())
		io.WriteString(w, "{}")
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	rw, err := newAPIRewriter(srv.URL+"/api/v10/", nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: rw}
	for _, u := range []string{
		discordgo.EndpointGateway,
		discordgo.EndpointInteractionResponse("1", "tok") + "?x=1",
		discordgo.EndpointWebhookMessage("9", "tok", "@original"),
	} {
		resp, err := client.Get(u)
		if err != nil {
			t.Fatalf("GET %s: %v", u, err)
		}
		resp.Body.Close()
	}
	want := []string{
		"GET " + host + "/api/v10/gateway",
		"GET " + host + "/api/v10/interactions/1/tok/callback?x=1",
		"GET " + host + "/api/v10/webhooks/9/tok/messages/@original",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rewritten requests:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, bad := range []string{"", "127.0.0.1:8080", "ftp://x/api", "http:///api", "http://x/api?v=1"} {
		if _, err := newAPIRewriter(bad, nil); err == nil {
			t.Errorf("newAPIRewriter(%q) accepted", bad)
		}
	}
}

func TestSpeakerChoices(t *testing.T) {
	speakers := []qa.Speaker{
		{Name: "Claudia Sheinbaum", Aliases: []string{"Sheinbaum", "the president"}, Quotes: 4},
		{Name: "Pete Hegseth", Aliases: []string{"Hegseth"}, Quotes: 1},
		{Name: "Marco Rubio", Quotes: 9},
		{Name: "  ", Quotes: 3},
	}
	for i := range 40 {
		speakers = append(speakers, qa.Speaker{Name: fmt.Sprintf("Person %02d %s", i, strings.Repeat("x", 120)), Quotes: 1})
	}
	tests := []struct {
		typed string
		want  []string // first values, in order
		n     int
	}{
		{"", []string{"Marco Rubio", "Claudia Sheinbaum"}, 25},
		{"she", []string{"Claudia Sheinbaum"}, 1},
		{"PRES", []string{"Claudia Sheinbaum"}, 1},
		{"he", []string{"Pete Hegseth", "Claudia Sheinbaum"}, 2},
		{"zzz", nil, 0},
	}
	for _, tt := range tests {
		got := speakerChoices(speakers, tt.typed)
		if len(got) != tt.n {
			t.Errorf("%q: %d choices, want %d", tt.typed, len(got), tt.n)
		}
		for i, w := range tt.want {
			if i >= len(got) || got[i].Value != w {
				t.Errorf("%q: choice %d = %v, want %s", tt.typed, i, got, w)
				break
			}
		}
		for _, c := range got {
			if textLen(c.Name) > maxChoiceLen || textLen(c.Value.(string)) > maxChoiceLen || c.Name == "" {
				t.Errorf("%q: choice %q/%q breaks the 1–100 length", tt.typed, c.Name, c.Value)
			}
		}
	}
}

func TestCooldown(t *testing.T) {
	t0 := time.Unix(1000, 0)
	type ask struct {
		user  string
		at    time.Duration // after t0
		ok    bool
		first bool          // first refusal since the user's last answer
		wait  time.Duration // when refused
	}
	tests := []struct {
		name  string
		every time.Duration
		burst int
		asks  []ask
	}{
		{"burst of 3, then one per 10 s", 10 * time.Second, 3, []ask{
			{"u", 0, true, false, 0},
			{"u", time.Second, true, false, 0},
			{"u", 2 * time.Second, true, false, 0},
			{"u", 3 * time.Second, false, true, 7 * time.Second}, // 0.3 of a question refilled
			{"u", 4 * time.Second, false, false, 6 * time.Second},
			{"other", 4 * time.Second, true, false, 0},
			{"u", 10 * time.Second, true, false, 0},
			{"u", 10 * time.Second, false, true, 10 * time.Second}, // told again after an answer
			{"u", 45 * time.Second, true, false, 0},
			{"u", 45 * time.Second, true, false, 0}, // 3.5 refilled, capped at the burst
			{"u", 45 * time.Second, true, false, 0},
			{"u", 45 * time.Second, false, true, 10 * time.Second},
		}},
		{"burst of 1 is the plain cooldown", 10 * time.Second, 1, []ask{
			{"u", 0, true, false, 0},
			{"u", 3 * time.Second, false, true, 7 * time.Second},
			{"u", 10 * time.Second, true, false, 0},
		}},
		{"disabled", -1, 3, []ask{
			{"u", 0, true, false, 0}, {"u", 0, true, false, 0}, {"u", 0, true, false, 0}, {"u", 0, true, false, 0},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cd := newCooldown(tt.every, tt.burst)
			for i, a := range tt.asks {
				wait, ok, first := cd.allow(a.user, t0.Add(a.at))
				if ok != a.ok || first != a.first || (!ok && wait != a.wait) {
					t.Errorf("ask %d (%s at +%v): ok %v first %v wait %v; want ok %v first %v wait %v",
						i, a.user, a.at, ok, first, wait, a.ok, a.first, a.wait)
				}
			}
		})
	}
	if got := cooldownNote(1500 * time.Millisecond); !strings.Contains(got, "2 seconds") {
		t.Errorf("cooldownNote(1.5s) = %q", got)
	}
}

func TestQuestionIn(t *testing.T) {
	const me = "42"
	listen := map[string]bool{"7": true}
	tests := []struct {
		name      string
		m         discordgo.Message
		want      string
		addressed bool
	}{
		{"mention", discordgo.Message{GuildID: "g", Content: "<@42> what did Hegseth say?", Mentions: []*discordgo.User{{ID: me}}}, "what did Hegseth say?", true},
		{"nick mention mid-text", discordgo.Message{GuildID: "g", Content: "hey <@!42>\nwho spoke?"}, "hey who spoke?", true},
		{"other mention", discordgo.Message{GuildID: "g", Content: "<@43> what?", Mentions: []*discordgo.User{{ID: "43"}}}, "", false},
		{"dm", discordgo.Message{Content: "  who spoke?  "}, "who spoke?", true},
		{"bare mention", discordgo.Message{GuildID: "g", Content: "<@42>"}, "", true},
		{"listened question", discordgo.Message{GuildID: "g", ChannelID: "7", Content: "who spoke?"}, "who spoke?", true},
		{"listened statement", discordgo.Message{GuildID: "g", ChannelID: "7", Content: "nice."}, "", false},
		{"unlistened question", discordgo.Message{GuildID: "g", ChannelID: "8", Content: "who spoke?"}, "", false},
	}
	for _, tt := range tests {
		q, ok := questionIn(&tt.m, me, listen)
		if q != tt.want || ok != tt.addressed {
			t.Errorf("%s: questionIn = %q, %v; want %q, %v", tt.name, q, ok, tt.want, tt.addressed)
		}
	}
}

func FuzzQuestionIn(f *testing.F) {
	f.Add("<@42> what did Hegseth say?", "g", "7")
	f.Add("<@!42><@42>?", "", "")
	f.Fuzz(func(t *testing.T, content, guild, channel string) {
		q, ok := questionIn(&discordgo.Message{Content: content, GuildID: guild, ChannelID: channel}, "42", map[string]bool{"7": true})
		if !ok && q != "" {
			t.Fatalf("unaddressed message returned a question %q", q)
		}
		if strings.Contains(q, "<@42>") || strings.Contains(q, "<@!42>") || strings.ContainsAny(q, "\n\r") {
			t.Fatalf("question %q keeps the bot mention or a line break", q)
		}
	})
}

func TestVerifySignature(t *testing.T) {
	if verifySignature(nil, "00", "1", nil) {
		t.Error("verified without a key")
	}
}

func TestNewConfigErrors(t *testing.T) {
	base := func() Config {
		return Config{Token: "tok-SECRET-123", Answerer: nilAnswerer{}, Library: nilAnswerer{}, Reload: nil}
	}
	tests := []struct {
		name   string
		mutate func(*Config)
		want   string
	}{
		{"no reload", func(c *Config) {}, "Reload"},
		{"no token", func(c *Config) { c.Reload = noReload; c.Token = "" }, "DISCORD_TOKEN"},
		{"http without key", func(c *Config) { c.Reload = noReload; c.HTTPAddr = ":0" }, "DISCORD_PUBLIC_KEY"},
		{"nothing to serve", func(c *Config) { c.Reload = noReload; c.NoGateway = true }, "nothing to serve"},
		{"bad shard", func(c *Config) { c.Reload = noReload; c.ShardID = 2; c.ShardCount = 2 }, "shard"},
		{"bad api", func(c *Config) { c.Reload = noReload; c.APIBase = "discord.local" }, "absolute http(s) URL"},
	}
	for _, tt := range tests {
		c := base()
		tt.mutate(&c)
		_, err := New(c)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tt.name, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), c.Token) && c.Token != "" {
			t.Errorf("%s: error echoes the token", tt.name)
		}
	}
}

type nilAnswerer struct{}

func (nilAnswerer) Ask(ctx context.Context, q string) (qa.Answer, error) { return qa.Answer{}, nil }
func (nilAnswerer) Quotes(ctx context.Context, s, t string, n int) ([]qa.QuoteHit, error) {
	return nil, nil
}
func (nilAnswerer) Speakers(ctx context.Context) ([]qa.Speaker, error)     { return nil, nil }
func (nilAnswerer) Articles(ctx context.Context) ([]corpus.Article, error) { return nil, nil }

func noReload(ctx context.Context, p func(int, int)) (corpus.ReloadReport, error) {
	return corpus.ReloadReport{}, nil
}
