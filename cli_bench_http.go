package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// httpLoad measures what one serving process answers over the HTTP
// interactions endpoint: a `serve --gateway=false --http` child on the
// bench database, asked /ask with real signed interactions by clients
// that each send the next question once the last one's answer arrived
// (closed loop). The answer of a deferred interaction is the edit of the
// original reply, sent to Discord's API; a local stand-in for the API
// receives it, so an answer counts when the whole round trip is done.
func (b *bench) httpLoad(ctx context.Context, dbPath string, qs []string, clients int, dur time.Duration, res *benchResult) error {
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		return fmt.Errorf("bench: http: %w", err)
	}
	var pending sync.Map // interaction token → chan struct{}
	api := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		// /api/v10/webhooks/{app}/{token}/messages/@original
		if seg := strings.Split(strings.Trim(r.URL.Path, "/"), "/"); r.Method == "PATCH" && len(seg) >= 5 && seg[2] == "webhooks" {
			if ch, ok := pending.LoadAndDelete(seg[4]); ok {
				close(ch.(chan struct{}))
			}
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"1","channel_id":"1","content":""}`)
	})}
	apiLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("bench: http: %w", err)
	}
	go api.Serve(apiLn)
	defer api.Close()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("bench: http: %w", err)
	}
	addr := ln.Addr().String()
	ln.Close() // the server listens there itself
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("bench: find own executable for the HTTP server: %w", err)
	}
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	cmd := exec.CommandContext(sctx, exe, "--db", dbPath, "--corpus", b.corpusDir, "--log-format", "json",
		"serve", "--gateway=false", "--http", addr, "--cooldown", "0s",
		"--discord-api", "http://"+apiLn.Addr().String()+"/api/v10")
	cmd.Env = append(os.Environ(), "DISCORD_PUBLIC_KEY="+hex.EncodeToString(pub))
	logPath := b.dir + "/http-serve.log"
	logFile, err := os.Create(logPath)
	if err != nil {
		return fmt.Errorf("bench: http: %w", err)
	}
	defer logFile.Close()
	cmd.Stderr = logFile
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("bench: start the HTTP server: %w", err)
	}
	defer cmd.Wait()
	defer stop()

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}, Timeout: 30 * time.Second}
	defer client.CloseIdleConnections()
	post := func(body []byte) (int, []byte, error) {
		req, err := http.NewRequestWithContext(ctx, "POST", "http://"+addr+"/", bytes.NewReader(body))
		if err != nil {
			return 0, nil, err
		}
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Signature-Timestamp", ts)
		req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(priv, append([]byte(ts), body...))))
		resp, err := client.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		raw, err := io.ReadAll(resp.Body)
		return resp.StatusCode, raw, err
	}
	// Started: it answers a PING (its start-up reload of the unchanged
	// folder comes first).
	deadline := time.Now().Add(2 * time.Minute)
	for {
		code, _, err := post([]byte(`{"id":"1","application_id":"1","type":1,"token":"t","version":1}`))
		if err == nil && code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("bench: the HTTP server never answered a PING (%v, status %d); its log is %s", err, code, logPath)
		}
		time.Sleep(50 * time.Millisecond)
	}

	var seq atomic.Int64
	ask := func(q string) error {
		n := seq.Add(1)
		token := fmt.Sprintf("bench-%d", n)
		payload := map[string]any{
			"id": strconv.FormatInt(1_200_000_000_000_000_000+n, 10), "application_id": "1100000000000000001",
			"type": 2, "token": token, "version": 1,
			"guild_id": "1100000000000000002", "channel_id": "1100000000000000003",
			"member": map[string]any{"user": map[string]any{"id": strconv.FormatInt(1_300_000_000_000_000_000+n%1000, 10),
				"username": "bench", "discriminator": "0"}, "roles": []any{}, "permissions": "0"},
			"data": map[string]any{"id": "1100000000000000004", "name": "ask", "type": 1,
				"options": []any{map[string]any{"name": "question", "type": 3, "value": q}}},
		}
		body, err := json.Marshal(payload)
		if err != nil {
			return err
		}
		done := make(chan struct{})
		pending.Store(token, done)
		code, raw, err := post(body)
		if err != nil {
			return err
		}
		var cb struct {
			Type int `json:"type"`
		}
		if code != http.StatusOK || json.Unmarshal(raw, &cb) != nil {
			return fmt.Errorf("ask %q: status %d: %s", q, code, raw)
		}
		if cb.Type != 5 { // answered in the response itself
			pending.Delete(token)
			return nil
		}
		select {
		case <-done:
			return nil
		case <-time.After(30 * time.Second):
			return fmt.Errorf("ask %q: no answer within 30 s; the server's log is %s", q, logPath)
		case <-ctx.Done():
			return ctx.Err()
		}
	}

	var (
		answered atomic.Int64
		firstErr error
		errMu    sync.Mutex
		wg       sync.WaitGroup
	)
	// One question each to warm up, then the timed closed loop.
	for i := range clients {
		if err := ask(qs[i%len(qs)]); err != nil {
			return fmt.Errorf("bench: http: %w", err)
		}
	}
	start := time.Now()
	end := start.Add(dur)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := c; time.Now().Before(end); i += clients {
				if err := ask(qs[i%len(qs)]); err != nil {
					errMu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					errMu.Unlock()
					return
				}
				answered.Add(1)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if firstErr != nil && !errors.Is(firstErr, context.Canceled) {
		return fmt.Errorf("bench: http: %w", firstErr)
	}
	res.HTTPClients = clients
	res.HTTPQPS = round(float64(answered.Load())/elapsed.Seconds(), 1)
	b.say("HTTP interactions: %d answers in %.1f s from %d closed-loop clients: %.1f answers/s", answered.Load(), elapsed.Seconds(), clients, res.HTTPQPS)
	return nil
}
