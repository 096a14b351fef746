package bot_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"storybot/bot"
	"storybot/bot/discordtest"
)

const testToken = "test-token-NOT-A-SECRET.abc.def"

// wait is how long a test waits for the bot's next request; the bot
// usually answers within milliseconds.
const wait = 5 * time.Second

func loadSpec(t *testing.T) *discordtest.Spec {
	t.Helper()
	path := filepath.Join("..", "..", "shared", "discord", "openapi.json")
	if _, err := os.Stat(path); err != nil {
		t.Logf("Discord OpenAPI spec not found at %s: request bodies are NOT validated against the spec", path)
		return nil
	}
	spec, err := discordtest.LoadSpec(path)
	if err != nil {
		t.Fatalf("load spec: %v", err)
	}
	return spec
}

// harness runs a bot against a fake Discord.
type harness struct {
	srv  *discordtest.Server
	eng  *fakeEngine
	logs *syncBuffer
	stop func() error
}

func startBot(t testing.TB, spec *discordtest.Spec, mutate func(*bot.Config)) *harness {
	t.Helper()
	srv := discordtest.New(discordtest.Options{Token: testToken, Spec: spec})
	eng := &fakeEngine{}
	logs := &syncBuffer{}
	cfg := bot.Config{
		Token:         testToken,
		APIBase:       srv.APIBase,
		SyncCommands:  true,
		GuildID:       srv.GuildID,
		Cooldown:      time.Hour,
		Burst:         2,
		ProgressEvery: 15 * time.Millisecond,
		Logger:        slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Answerer:      eng,
		Library:       eng,
		Comparer:      eng,
		Reload:        fakeReload(25 * time.Millisecond),
	}
	if mutate != nil {
		mutate(&cfg)
	}
	b, err := bot.New(cfg)
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- b.Run(ctx) }()
	h := &harness{srv: srv, eng: eng, logs: logs}
	var stopped bool
	h.stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		select {
		case err := <-errc:
			srv.Close()
			return err
		case <-time.After(wait):
			srv.Close()
			return errors.New("Run did not return after cancel")
		}
	}
	t.Cleanup(func() {
		if err := h.stop(); err != nil {
			t.Errorf("stop: %v", err)
		}
		if strings.Contains(logs.String(), testToken) {
			t.Errorf("the token appears in the logs")
		}
	})
	return h
}

// next waits for the next request matching method and a path prefix.
func (h *harness) next(t *testing.T, from int, method, pathPrefix string) discordtest.Request {
	t.Helper()
	r, err := h.srv.Wait(from, wait, func(r discordtest.Request) bool {
		return r.Method == method && strings.HasPrefix(r.Path, pathPrefix)
	})
	if err != nil {
		t.Fatalf("waiting for %s %s: %v\nproblems: %v\nlogs:\n%s", method, pathPrefix, err, h.srv.Problems(), h.logs.String())
	}
	return r
}

// interact delivers an interaction and returns its callback body.
func (h *harness) interact(t *testing.T, i discordtest.Interaction) (callback map[string]any, mark int) {
	t.Helper()
	mark = h.srv.Mark()
	if err := h.srv.Interact(i); err != nil {
		t.Fatal(err)
	}
	r := h.next(t, mark, "POST", "/interactions/"+i.ID+"/"+i.Token+"/callback")
	return r.JSON(), mark
}

// edit waits for the next edit of an interaction's original reply.
func (h *harness) edit(t *testing.T, mark int, i discordtest.Interaction) map[string]any {
	t.Helper()
	return h.next(t, mark, "PATCH", "/webhooks/"+h.srv.AppID+"/"+i.Token+"/messages/@original").JSON()
}

func (h *harness) noProblems(t *testing.T) {
	t.Helper()
	for _, p := range h.srv.Problems() {
		t.Errorf("fake discord: %s", p)
	}
}

func str(o discordtest.Option) discordtest.Option { o.Type = 3; return o }

func asJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func callbackType(m map[string]any) int {
	f, _ := m["type"].(float64)
	return int(f)
}

func flags(m map[string]any) int {
	d, _ := m["data"].(map[string]any)
	f, _ := d["flags"].(float64)
	return int(f)
}

// mentionsBlocked checks a body's allowed_mentions is {"parse": []}.
func mentionsBlocked(t *testing.T, what string, body map[string]any) {
	t.Helper()
	am, ok := body["allowed_mentions"].(map[string]any)
	if !ok {
		t.Errorf("%s: no allowed_mentions in %s", what, asJSON(body))
		return
	}
	parse, ok := am["parse"].([]any)
	if !ok || len(parse) != 0 {
		t.Errorf("%s: allowed_mentions = %s, want parse []", what, asJSON(am))
	}
	if am["replied_user"] == true {
		t.Errorf("%s: replied_user is true", what)
	}
}

// someone returns a new user, so the per-user cooldown never interferes
// between steps that are not about it.
func someone(srv *discordtest.Server, perms int64) discordtest.User {
	id := srv.NewID()
	return discordtest.User{ID: id, Name: "user" + id[len(id)-3:], Permissions: perms}
}

func TestGatewayEndToEnd(t *testing.T) {
	spec := loadSpec(t)
	baseline := runtime.NumGoroutine()
	h := startBot(t, spec, nil)
	srv := h.srv

	// Connect, then commands registered to the guild.
	cmdReq := h.next(t, 0, "PUT", "/applications/"+srv.AppID+"/guilds/"+srv.GuildID+"/commands")
	var cmds []map[string]any
	if err := json.Unmarshal(cmdReq.Body, &cmds); err != nil {
		t.Fatal(err)
	}
	names := map[string]map[string]any{}
	for _, c := range cmds {
		names[c["name"].(string)] = c
	}
	for _, want := range []string{"ask", "compare", "quote", "sources", "reload", "Ask storybot"} {
		if names[want] == nil {
			t.Errorf("command %q not registered; got %s", want, cmdReq.Body)
		}
	}
	if got := names["reload"]["default_member_permissions"]; got != float64(32) {
		t.Errorf("reload default_member_permissions = %v, want 32 (Manage Server)", got)
	}
	if got := names["Ask storybot"]["type"]; got != float64(3) {
		t.Errorf("context menu type = %v, want 3 (message)", got)
	}
	ids := srv.Identifies()
	if len(ids) != 1 {
		t.Fatalf("identifies = %d, want 1", len(ids))
	}
	if want := int(bot.Intents(false)); ids[0].Intents != want {
		t.Errorf("intents = %d, want %d (guilds, guild messages, DMs; no message content)", ids[0].Intents, want)
	}
	if ids[0].Intents&(1<<15) != 0 {
		t.Errorf("message content intent asked for without listened channels")
	}
	if want := "client_id=" + srv.AppID + "&scope=bot+applications.commands&permissions=274877991936"; !strings.Contains(h.logs.String(), want) {
		t.Errorf("connect log lacks the invite link with the thread permission (%s):\n%s", want, h.logs.String())
	}

	alice := someone(srv, 0)
	t.Run("ask cites both sources", func(t *testing.T) {
		i := srv.NewInteraction(discordtest.InteractionCommand, "ask",
			[]discordtest.Option{str(discordtest.Option{Name: "question", Value: "What did Sheinbaum say about US troops?"})}, alice)
		cb, mark := h.interact(t, i)
		if callbackType(cb) != 5 || flags(cb)&64 != 0 {
			t.Fatalf("callback = %s, want a public deferred response (type 5)", asJSON(cb))
		}
		edit := h.edit(t, mark, i)
		mentionsBlocked(t, "ask edit", edit)
		embeds, _ := edit["embeds"].([]any)
		if len(embeds) != 1 {
			t.Fatalf("edit embeds = %s", asJSON(edit))
		}
		fields, _ := embeds[0].(map[string]any)["fields"].([]any)
		if len(fields) != 2 {
			t.Fatalf("want a field per source, got %s", asJSON(fields))
		}
		text := asJSON(fields)
		for _, want := range []string{"AP", "Latin Times", "https://example.com/ap", "https://example.com/lt", "reported by both", "¶2, sentence 1"} {
			if !strings.Contains(text, want) {
				t.Errorf("answer lacks %q: %s", want, text)
			}
		}
	})

	t.Run("mention right after /ask answered", func(t *testing.T) {
		// A burst of two: the slash command, then a mention, both answered.
		mark := srv.Mark()
		m, err := srv.Post(discordtest.Message{GuildID: srv.GuildID, Content: srv.BotMention() + " and what did Hegseth say?",
			Author: alice, MentionsBot: true})
		if err != nil {
			t.Fatal(err)
		}
		r := h.next(t, mark, "POST", "/channels/"+m.ChannelID+"/messages")
		if body := string(r.Body); strings.Contains(body, "please wait") || !strings.Contains(body, "reported by both") {
			t.Errorf("mention right after /ask: reply %s, want the answer", body)
		}
	})

	t.Run("cooldown", func(t *testing.T) {
		i := srv.NewInteraction(discordtest.InteractionCommand, "ask",
			[]discordtest.Option{str(discordtest.Option{Name: "question", Value: "And Trump?"})}, alice)
		cb, _ := h.interact(t, i)
		data, _ := cb["data"].(map[string]any)
		if callbackType(cb) != 4 || flags(cb)&64 == 0 || !strings.Contains(data["content"].(string), "please wait") {
			t.Errorf("third question, past the burst: callback = %s, want an ephemeral note", asJSON(cb))
		}
		mentionsBlocked(t, "cooldown note", data)
	})

	t.Run("not found", func(t *testing.T) {
		i := srv.NewInteraction(discordtest.InteractionCommand, "ask",
			[]discordtest.Option{str(discordtest.Option{Name: "question", Value: "What's the weather?"})}, someone(srv, 0))
		_, mark := h.interact(t, i)
		edit := h.edit(t, mark, i)
		if c, _ := edit["content"].(string); !strings.Contains(c, "The sources don't say.") {
			t.Errorf("not found edit = %s", asJSON(edit))
		}
	})

	t.Run("autocomplete", func(t *testing.T) {
		i := srv.NewInteraction(discordtest.InteractionAutocomplete, "quote",
			[]discordtest.Option{str(discordtest.Option{Name: "speaker", Value: "she", Focused: true})}, someone(srv, 0))
		start := time.Now()
		cb, _ := h.interact(t, i)
		took := time.Since(start)
		if callbackType(cb) != 8 {
			t.Fatalf("callback = %s, want type 8", asJSON(cb))
		}
		choices, _ := cb["data"].(map[string]any)["choices"].([]any)
		if len(choices) != 1 || choices[0].(map[string]any)["value"] != "Claudia Sheinbaum" {
			t.Errorf("choices for \"she\" = %s, want Claudia Sheinbaum only", asJSON(choices))
		}
		if took > 3*time.Second {
			t.Errorf("autocomplete took %v, over Discord's 3 s", took)
		}
	})

	t.Run("quote", func(t *testing.T) {
		i := srv.NewInteraction(discordtest.InteractionCommand, "quote",
			[]discordtest.Option{str(discordtest.Option{Name: "speaker", Value: "Claudia Sheinbaum"})}, someone(srv, 0))
		_, mark := h.interact(t, i)
		edit := h.edit(t, mark, i)
		text := asJSON(edit)
		if !strings.Contains(text, "never accept the presence") || !strings.Contains(text, "Claudia Sheinbaum") || strings.Contains(text, "Hegseth") {
			t.Errorf("quote reply = %s", text)
		}
		mentionsBlocked(t, "quote", edit)
	})

	t.Run("sources", func(t *testing.T) {
		i := srv.NewInteraction(discordtest.InteractionCommand, "sources", nil, someone(srv, 0))
		cb, _ := h.interact(t, i)
		text := asJSON(cb)
		if callbackType(cb) != 4 || !strings.Contains(text, "Latin Times") || !strings.Contains(text, "2 Mar 2025") {
			t.Errorf("sources reply = %s", text)
		}
	})

	t.Run("reload refused for non-admins", func(t *testing.T) {
		i := srv.NewInteraction(discordtest.InteractionCommand, "reload", nil, someone(srv, 0))
		cb, _ := h.interact(t, i)
		if callbackType(cb) != 4 || flags(cb)&64 == 0 || !strings.Contains(asJSON(cb), "only server managers") {
			t.Errorf("non-admin reload: callback = %s, want an ephemeral refusal", asJSON(cb))
		}
	})

	t.Run("reload by an admin", func(t *testing.T) {
		i := srv.NewInteraction(discordtest.InteractionCommand, "reload", nil, someone(srv, 1<<5))
		cb, mark := h.interact(t, i)
		if callbackType(cb) != 5 || flags(cb)&64 == 0 {
			t.Fatalf("admin reload: callback = %s, want an ephemeral deferred response", asJSON(cb))
		}
		final, err := srv.Wait(mark, wait, func(r discordtest.Request) bool {
			return r.Method == "PATCH" && strings.Contains(string(r.Body), "Reload done")
		})
		if err != nil {
			t.Fatalf("no final report: %v", err)
		}
		for _, want := range []string{"added 1", "failed 1", "005_new.txt", "no title line"} {
			if !strings.Contains(string(final.Body), want) {
				t.Errorf("report lacks %q: %s", want, final.Body)
			}
		}
		var progress, after int
		for _, r := range srv.Requests()[mark:] {
			if r.Method == "PATCH" && strings.Contains(r.Path, i.Token) {
				if strings.Contains(string(r.Body), "Reloading") {
					progress++
					if !r.At.Before(final.At) {
						after++
					}
				}
			}
		}
		if progress == 0 {
			t.Errorf("no progress edit during a 100 ms reload with 15 ms progress interval")
		}
		if after > 0 {
			t.Errorf("%d progress edits after the final report", after)
		}
	})

	t.Run("mention answered as a reply", func(t *testing.T) {
		mark := srv.Mark()
		m, err := srv.Post(discordtest.Message{GuildID: srv.GuildID, Content: srv.BotMention() + " what did Hegseth say?",
			Author: someone(srv, 0), MentionsBot: true})
		if err != nil {
			t.Fatal(err)
		}
		r := h.next(t, mark, "POST", "/channels/"+m.ChannelID+"/messages")
		body := r.JSON()
		ref, _ := body["message_reference"].(map[string]any)
		if ref["message_id"] != m.ID {
			t.Errorf("reply references %v, want %s", ref["message_id"], m.ID)
		}
		mentionsBlocked(t, "mention reply", body)
		if q := h.eng.Questions(); q[len(q)-1] != "what did Hegseth say?" {
			t.Errorf("question asked = %q, want the mention stripped", q[len(q)-1])
		}
	})

	t.Run("DM answered", func(t *testing.T) {
		mark := srv.Mark()
		m, err := srv.Post(discordtest.Message{Content: "who rejected the troops?", Author: someone(srv, 0)})
		if err != nil {
			t.Fatal(err)
		}
		h.next(t, mark, "POST", "/channels/"+m.ChannelID+"/messages")
	})

	t.Run("context menu", func(t *testing.T) {
		i := srv.NewMessageCommand("Ask storybot", "What did Sheinbaum say?", someone(srv, 0), someone(srv, 0))
		cb, mark := h.interact(t, i)
		if callbackType(cb) != 5 {
			t.Fatalf("callback = %s", asJSON(cb))
		}
		if !strings.Contains(asJSON(h.edit(t, mark, i)), "Latin Times") {
			t.Errorf("context menu answer lacks the sources")
		}
	})

	t.Run("panic leaves the bot serving", func(t *testing.T) {
		i := srv.NewInteraction(discordtest.InteractionCommand, "ask",
			[]discordtest.Option{str(discordtest.Option{Name: "question", Value: "please panic"})}, someone(srv, 0))
		_, mark := h.interact(t, i)
		if c, _ := h.edit(t, mark, i)["content"].(string); !strings.Contains(c, "Sorry") {
			t.Errorf("after a panic the user got %q, want an apology", c)
		}
		if !strings.Contains(h.logs.String(), "handler panicked") {
			t.Errorf("panic not logged")
		}
		i2 := srv.NewInteraction(discordtest.InteractionCommand, "ask",
			[]discordtest.Option{str(discordtest.Option{Name: "question", Value: "What did Sheinbaum say?"})}, someone(srv, 0))
		_, mark = h.interact(t, i2)
		if !strings.Contains(asJSON(h.edit(t, mark, i2)), "reported by both") {
			t.Errorf("the bot did not answer after a panic")
		}
		// A panic in the message path too.
		mark = srv.Mark()
		m, _ := srv.Post(discordtest.Message{GuildID: srv.GuildID, Content: srv.BotMention() + " panic now", Author: someone(srv, 0), MentionsBot: true})
		r := h.next(t, mark, "POST", "/channels/"+m.ChannelID+"/messages")
		if !strings.Contains(string(r.Body), "Sorry") {
			t.Errorf("message panic reply = %s", r.Body)
		}
	})

	t.Run("unaddressed messages ignored", func(t *testing.T) {
		mark := srv.Mark()
		if _, err := srv.Post(discordtest.Message{GuildID: srv.GuildID, Content: "anyone know what Sheinbaum said?", Author: someone(srv, 0)}); err != nil {
			t.Fatal(err)
		}
		if r, err := srv.Wait(mark, 150*time.Millisecond, func(r discordtest.Request) bool { return r.Method == "POST" }); err == nil {
			t.Errorf("bot answered a message not addressed to it: %s %s", r.Path, r.Body)
		}
	})

	h.noProblems(t)
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	// Everything the bot started is gone once Run returns and the fake closes.
	deadline := time.Now().Add(3 * time.Second)
	for runtime.NumGoroutine() > baseline+1 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > baseline+1 {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines after shutdown, %d before:\n%s", n, baseline, buf[:runtime.Stack(buf, true)])
	}
}

func TestListenChannels(t *testing.T) {
	spec := loadSpec(t)
	const listened = "3001"
	h := startBot(t, spec, func(c *bot.Config) {
		c.ListenChannels = []string{listened}
		c.SyncCommands = false
	})
	srv := h.srv
	if err := srv.WaitConnected(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	if got := srv.Identifies()[0].Intents; got&(1<<15) == 0 {
		t.Errorf("intents %d lack message content though channels are listened to", got)
	}
	mark := srv.Mark()
	if _, err := srv.Post(discordtest.Message{GuildID: srv.GuildID, ChannelID: listened, Content: "no question here", Author: someone(srv, 0)}); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Post(discordtest.Message{GuildID: srv.GuildID, ChannelID: listened, Content: "What did Sheinbaum say?", Author: someone(srv, 0)}); err != nil {
		t.Fatal(err)
	}
	r := h.next(t, mark, "POST", "/channels/"+listened+"/messages")
	if !strings.Contains(string(r.Body), "reported by both") {
		t.Errorf("listened question answer = %s", r.Body)
	}
	if q := h.eng.Questions(); len(q) != 1 {
		t.Errorf("questions asked = %q, want only the one ending in \"?\"", q)
	}
	if srv.Commands(srv.GuildID) != nil || srv.Commands("") != nil {
		t.Errorf("commands touched without --sync-commands")
	}
	h.noProblems(t)
}

func TestHTTPInteractions(t *testing.T) {
	spec := loadSpec(t)
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := startBot(t, spec, func(c *bot.Config) {
		c.NoGateway = true
		c.SyncCommands = false
		c.Token = ""
		c.Listener = ln
		c.PublicKey = pub
	})
	srv := h.srv
	endpoint := "http://" + ln.Addr().String() + "/"
	client := &http.Client{Timeout: wait}
	t.Cleanup(client.CloseIdleConnections)

	post := func(body []byte, sign func(req *http.Request)) (int, map[string]any) {
		t.Helper()
		req, err := http.NewRequest("POST", endpoint, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		if sign != nil {
			sign(req)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		var m map[string]any
		_ = json.Unmarshal(raw, &m)
		if resp.StatusCode == 200 && spec != nil {
			if err := spec.Validate("POST", "/interactions/1/t/callback", raw); err != nil {
				t.Errorf("HTTP response body breaks the callback schema: %v\n%s", err, raw)
			}
		}
		return resp.StatusCode, m
	}
	signWith := func(key ed25519.PrivateKey, body []byte) func(*http.Request) {
		return func(req *http.Request) {
			ts := strconv.FormatInt(time.Now().Unix(), 10)
			req.Header.Set("X-Signature-Timestamp", ts)
			req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(key, append([]byte(ts), body...))))
		}
	}
	ping := []byte(`{"id":"1","application_id":"` + srv.AppID + `","type":1,"token":"t","version":1}`)

	// Wait until the endpoint listens (Run starts it in the background).
	deadline := time.Now().Add(wait)
	for {
		if code, _ := post(ping, nil); code == http.StatusUnauthorized || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}

	t.Run("signatures", func(t *testing.T) {
		_, otherKey, _ := ed25519.GenerateKey(nil)
		tests := []struct {
			name string
			sign func(*http.Request)
			want int
		}{
			{"missing", nil, 401},
			{"timestamp only", func(r *http.Request) { r.Header.Set("X-Signature-Timestamp", "1") }, 401},
			{"not hex", func(r *http.Request) {
				r.Header.Set("X-Signature-Timestamp", "1")
				r.Header.Set("X-Signature-Ed25519", "zz")
			}, 401},
			{"other key", signWith(otherKey, ping), 401},
			{"other body", signWith(priv, []byte(`{"type":1}`)), 401},
			{"good", signWith(priv, ping), 200},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				code, body := post(ping, tt.sign)
				if code != tt.want {
					t.Errorf("status = %d, want %d", code, tt.want)
				}
				if tt.want == 200 && callbackType(body) != 1 {
					t.Errorf("PING answered with %s, want PONG", asJSON(body))
				}
			})
		}
	})

	t.Run("ask over HTTP", func(t *testing.T) {
		i := srv.NewInteraction(discordtest.InteractionCommand, "ask",
			[]discordtest.Option{str(discordtest.Option{Name: "question", Value: "What did Sheinbaum say?"})}, someone(srv, 0))
		srv.RegisterInteraction(i.ID, i.Token, true) // answered by the HTTP response
		body, _ := json.Marshal(i.Payload)
		mark := srv.Mark()
		code, resp := post(body, signWith(priv, body))
		if code != 200 || callbackType(resp) != 5 {
			t.Fatalf("ask: %d %s, want 200 with a deferred response", code, asJSON(resp))
		}
		edit := h.edit(t, mark, i)
		if !strings.Contains(asJSON(edit), "reported by both") {
			t.Errorf("edit = %s", asJSON(edit))
		}
		mentionsBlocked(t, "http ask edit", edit)
	})

	t.Run("autocomplete over HTTP", func(t *testing.T) {
		i := srv.NewInteraction(discordtest.InteractionAutocomplete, "quote",
			[]discordtest.Option{str(discordtest.Option{Name: "speaker", Value: "", Focused: true})}, someone(srv, 0))
		body, _ := json.Marshal(i.Payload)
		code, resp := post(body, signWith(priv, body))
		choices, _ := resp["data"].(map[string]any)["choices"].([]any)
		if code != 200 || callbackType(resp) != 8 || len(choices) != 3 {
			t.Errorf("autocomplete: %d %s, want all 3 speakers", code, asJSON(resp))
		}
	})

	h.noProblems(t)
}

func TestGatewayResume(t *testing.T) {
	h := startBot(t, loadSpec(t), func(c *bot.Config) { c.SyncCommands = false })
	srv := h.srv
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if err := srv.WaitConnected(ctx, 1); err != nil {
		t.Fatal(err)
	}
	srv.Kick()
	if err := srv.WaitConnected(ctx, 1); err != nil {
		t.Fatalf("bot did not come back after the connection dropped: %v", err)
	}
	if srv.Resumes() != 1 || len(srv.Identifies()) != 1 {
		t.Errorf("after a drop: %d resumes, %d identifies; want the session resumed, not re-identified", srv.Resumes(), len(srv.Identifies()))
	}
	i := srv.NewInteraction(discordtest.InteractionCommand, "ask",
		[]discordtest.Option{str(discordtest.Option{Name: "question", Value: "What did Sheinbaum say?"})}, someone(srv, 0))
	_, mark := h.interact(t, i)
	if !strings.Contains(asJSON(h.edit(t, mark, i)), "reported by both") {
		t.Errorf("no answer after resuming")
	}
	h.noProblems(t)
}
