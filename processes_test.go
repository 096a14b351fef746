package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"storybot/bot/discordtest"
)

// storybotProcess starts the test binary as `storybot args...` in a process
// of its own (see TestMain).
func storybotProcess(ctx context.Context, t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, self, args...)
	cmd.Env = append(os.Environ(), runMainEnv+"=1")
	return cmd
}

// chatProcess is a `storybot chat` process, asked one line at a time.
type chatProcess struct {
	t    *testing.T
	in   io.WriteCloser
	out  *bufio.Reader
	cmd  *exec.Cmd
	errs lockedBuffer
}

func startChat(ctx context.Context, t *testing.T, args ...string) *chatProcess {
	t.Helper()
	cmd := storybotProcess(ctx, t, append(args, "chat", "--prompt")...)
	s := &chatProcess{t: t, cmd: cmd}
	cmd.Stderr = &s.errs
	var err error
	if s.in, err = cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s.out = bufio.NewReader(stdout)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.in.Close()
		cmd.Wait()
	})
	s.untilPrompt()
	return s
}

// untilPrompt reads the output up to the next prompt, "> " at the start
// of a line (cited sentences are indented).
func (s *chatProcess) untilPrompt() string {
	s.t.Helper()
	var b strings.Builder
	for !strings.HasSuffix(b.String(), "\n> ") {
		c, err := s.out.ReadByte()
		if err != nil {
			s.t.Fatalf("chat ended: %v; output %q; stderr %q", err, b.String(), s.errs.String())
		}
		b.WriteByte(c)
	}
	return strings.TrimSuffix(b.String(), "> ")
}

func (s *chatProcess) ask(line string) string {
	s.t.Helper()
	if _, err := io.WriteString(s.in, line+"\n"); err != nil {
		s.t.Fatal(err)
	}
	return s.untilPrompt()
}

// TestServingProcessSeesAnotherProcessesReload: one process keeps answering
// (chat answers as the bot does, from one open database); another, the
// admin's `storybot reload`, loads a new article; the first one's next
// answer has it, without a restart.
func TestServingProcessSeesAnotherProcessesReload(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := t.TempDir()
	db := filepath.Join(dir, "storybot.db")
	corpusDir := filepath.Join(dir, "corpus")
	if err := os.Mkdir(corpusDir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(corpusDir, "volcano.txt"), "Title: Volcano erupts\nOutlet: Test Wire\n\nThe volcano erupted on Monday morning, covering the town in ash.\n")
	if out, err := storybotProcess(ctx, t, "--db", db, "--corpus", corpusDir, "reload").CombinedOutput(); err != nil {
		t.Fatalf("first reload: %v\n%s", err, out)
	}

	chat := startChat(ctx, t, "--db", db, "--corpus", corpusDir)
	const q = "Why did the airport close?"
	if ans := chat.ask(q); !strings.Contains(ans, "The sources don't say.") {
		t.Fatalf("before the new article: %q", ans)
	}
	if ans := chat.ask("When did the volcano erupt?"); !strings.Contains(ans, "Monday") {
		t.Fatalf("the indexed article: %q", ans)
	}

	writeFile(t, filepath.Join(corpusDir, "airport.md"), "Outlet: Other Wire\n\nAsh from the volcano closed the airport on Tuesday.\n")
	if out, err := storybotProcess(ctx, t, "--db", db, "--corpus", corpusDir, "reload").CombinedOutput(); err != nil {
		t.Fatalf("the other process's reload: %v\n%s", err, out)
	}
	if ans := chat.ask(q); !strings.Contains(ans, "closed the airport") {
		t.Fatalf("the serving process's next answer after another process reloaded: %q, want the new article", ans)
	}

	// And back: the article removed by another reload is gone at once.
	if err := os.Remove(filepath.Join(corpusDir, "airport.md")); err != nil {
		t.Fatal(err)
	}
	if out, err := storybotProcess(ctx, t, "--db", db, "--corpus", corpusDir, "reload").CombinedOutput(); err != nil {
		t.Fatalf("the reload removing it: %v\n%s", err, out)
	}
	if ans := chat.ask(q); !strings.Contains(ans, "The sources don't say.") {
		t.Fatalf("after another process removed the article: %q", ans)
	}
	if s := chat.errs.String(); s != "" {
		t.Errorf("chat's stderr: %q", s)
	}
}

// httpReplica is a `storybot serve --gateway=false --http` process: an
// interactions endpoint as compose.replicas.yaml runs two of.
type httpReplica struct {
	url  string
	errs *lockedBuffer
}

func startReplica(ctx context.Context, t *testing.T, pub ed25519.PublicKey, apiBase string, args ...string) *httpReplica {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // the replica listens there itself
	cmd := storybotProcess(ctx, t, append(args, "serve", "--gateway=false", "--http", addr, "--cooldown", "0s", "--discord-api", apiBase)...)
	cmd.Env = append(cmd.Env, "DISCORD_PUBLIC_KEY="+hex.EncodeToString(pub))
	r := &httpReplica{url: "http://" + addr + "/", errs: &lockedBuffer{}}
	cmd.Stderr = r.errs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	})
	return r
}

// post delivers body signed with priv; it returns the status and the
// response body.
func (r *httpReplica) post(t *testing.T, priv ed25519.PrivateKey, body []byte) (int, string) {
	t.Helper()
	req, err := http.NewRequest("POST", r.url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Timestamp", ts)
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(priv, append([]byte(ts), body...))))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw)
}

// TestReplicasSeeAnotherProcessesReload: two HTTP interaction replicas
// serve one database file; a third process, the one writer, reloads a new
// article; both replicas' next answers cite it, without a restart.
func TestReplicasSeeAnotherProcessesReload(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := t.TempDir()
	db := filepath.Join(dir, "storybot.db")
	corpusDir := filepath.Join(dir, "corpus")
	if err := os.Mkdir(corpusDir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(corpusDir, "volcano.txt"), "Title: Volcano erupts\nOutlet: Test Wire\n\nThe volcano erupted on Monday morning, covering the town in ash.\n")
	reload := func(what string) {
		t.Helper()
		if out, err := storybotProcess(ctx, t, "--db", db, "--corpus", corpusDir, "reload").CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", what, err, out)
		}
	}
	reload("first reload")

	srv := discordtest.New(discordtest.Options{})
	defer srv.Close()
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	common := []string{"--db", db, "--corpus", corpusDir}
	replicas := []*httpReplica{startReplica(ctx, t, pub, srv.APIBase, common...), startReplica(ctx, t, pub, srv.APIBase, common...)}
	ping := []byte(`{"id":"1","application_id":"` + srv.AppID + `","type":1,"token":"t","version":1}`)
	for i, r := range replicas {
		deadline := time.Now().Add(30 * time.Second)
		for {
			code, _ := r.post(t, priv, ping)
			if code == http.StatusOK {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("replica %d never answered a PING: stderr %s", i, r.errs.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}

	// command has replica r run a slash command and returns its answer,
	// the edit of the deferred reply that the replica sends the (fake)
	// Discord.
	command := func(r *httpReplica, name string, opts ...discordtest.Option) string {
		t.Helper()
		q := fmt.Sprint(name, opts)
		i := srv.NewInteraction(discordtest.InteractionCommand, name, opts, discordtest.User{ID: "77", Name: "u"})
		srv.RegisterInteraction(i.ID, i.Token, true) // acknowledged by the HTTP response
		body, err := json.Marshal(i.Payload)
		if err != nil {
			t.Fatal(err)
		}
		mark := srv.Mark()
		if code, resp := r.post(t, priv, body); code != http.StatusOK {
			t.Fatalf("ask %q: %d %s", q, code, resp)
		}
		edit, err := srv.Wait(mark, 20*time.Second, func(req discordtest.Request) bool {
			return req.Method == "PATCH" && strings.Contains(req.Path, i.Token)
		})
		if err != nil {
			t.Fatalf("ask %q: no answer: %v\nstderr: %s", q, err, r.errs.String())
		}
		return string(edit.Body)
	}
	ask := func(r *httpReplica, q string) string {
		t.Helper()
		return command(r, "ask", discordtest.Option{Name: "question", Type: 3, Value: q})
	}
	// A topic quotation lookup, answered from the stored quotation index.
	quote := func(r *httpReplica) string {
		t.Helper()
		return command(r, "quote", discordtest.Option{Name: "topic", Type: 3, Value: "runway"})
	}
	const q = "Why did the airport close?"
	for i, r := range replicas {
		if ans := ask(r, "When did the volcano erupt?"); !strings.Contains(ans, "Monday") {
			t.Fatalf("replica %d, the indexed article: %s", i, ans)
		}
		if ans := ask(r, q); strings.Contains(ans, "closed the airport") {
			t.Fatalf("replica %d before the new article: %s", i, ans)
		}
		if ans := quote(r); strings.Contains(ans, "The runway stays shut") {
			t.Fatalf("replica %d quotes before the new article: %s", i, ans)
		}
	}

	writeFile(t, filepath.Join(corpusDir, "airport.md"), "Outlet: Other Wire\n\nAsh from the volcano closed the airport on Tuesday.\n\n"+
		"\"The runway stays shut until the ash is gone,\" airport manager Ana Ruiz said.\n")
	reload("the writer's reload")
	for i, r := range replicas {
		if ans := ask(r, q); !strings.Contains(ans, "closed the airport") {
			t.Errorf("replica %d after another process reloaded: %s, want the new article", i, ans)
		}
		if ans := quote(r); !strings.Contains(ans, "The runway stays shut") || !strings.Contains(ans, "Ana Ruiz") {
			t.Errorf("replica %d quotes after another process reloaded: %s, want Ana Ruiz's new quotation", i, ans)
		}
	}
	for _, p := range srv.Problems() {
		t.Errorf("fake discord: %s", p)
	}
}
