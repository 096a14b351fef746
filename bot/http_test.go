package bot_test

import (
	"bufio"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"storybot/bot"
	"storybot/bot/discordtest"
)

// endpoint is a bot serving only the HTTP interactions endpoint.
type endpoint struct {
	*harness
	addr string
	priv ed25519.PrivateKey
	ids  atomic.Int64
}

func startEndpoint(t testing.TB, limits bot.HTTPLimits) *endpoint {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := startBot(t, nil, func(c *bot.Config) {
		c.NoGateway, c.SyncCommands, c.Token = true, false, ""
		c.Listener, c.PublicKey, c.HTTP = ln, pub, limits
	})
	e := &endpoint{harness: h, addr: ln.Addr().String(), priv: priv}
	e.ids.Store(1 << 40)
	return e
}

// ping is a PING with a new interaction id.
func (e *endpoint) ping() []byte {
	return fmt.Appendf(nil, `{"id":"%d","application_id":"1","type":1,"token":"t","version":1}`, e.ids.Add(1))
}

// request is a signed POST of body with timestamp ts, as raw HTTP/1.1.
func (e *endpoint) request(body []byte, ts string, keepAlive bool) []byte {
	sig := hex.EncodeToString(ed25519.Sign(e.priv, append([]byte(ts), body...)))
	conn := "close"
	if keepAlive {
		conn = "keep-alive"
	}
	head := fmt.Sprintf("POST / HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"+
		"X-Signature-Ed25519: %s\r\nX-Signature-Timestamp: %s\r\nConnection: %s\r\n\r\n", e.addr, len(body), sig, ts, conn)
	return append([]byte(head), body...)
}

// unixNow is the current time as X-Signature-Timestamp carries it.
func unixNow() string { return strconv.FormatInt(time.Now().Unix(), 10) }

// post sends a signed body on a new connection and returns the status and
// the decoded reply.
func (e *endpoint) post(t testing.TB, body []byte, ts string) (int, map[string]any) {
	t.Helper()
	c, err := net.DialTimeout("tcp", e.addr, wait)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(wait))
	if _, err := c.Write(e.request(body, ts, false)); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("no response: %v", err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	return resp.StatusCode, m
}

// pong checks a signed PING is answered with PONG.
func (e *endpoint) pong(t testing.TB) {
	t.Helper()
	code, body := e.post(t, e.ping(), unixNow())
	if code != http.StatusOK || callbackType(body) != 1 {
		t.Fatalf("signed PING: %d %s, want 200 PONG", code, asJSON(body))
	}
}

// closedByServer reads c until the server ends the connection, and
// reports whether it did before the deadline (which only guards against
// a test that never ends).
func closedByServer(c net.Conn, deadline time.Time) bool {
	c.SetReadDeadline(deadline)
	_, err := io.Copy(io.Discard, c)
	var ne net.Error
	return !(errors.As(err, &ne) && ne.Timeout())
}

func TestEndpointRefusesStaleAndReplayedRequests(t *testing.T) {
	e := startEndpoint(t, bot.HTTPLimits{})
	e.pong(t)
	unix := func(d time.Duration) string { return strconv.FormatInt(time.Now().Add(d).Unix(), 10) }
	tests := []struct {
		name string
		ts   string
		want int
	}{
		{"2001", "978307200", 401},
		{"2100", "4102444800", 401},
		{"hello", "hello", 401},
		{"negative", "-1", 401},
		{"fraction", unix(0) + ".5", 401},
		{"huge", "99999999999999999999", 401},
		{"six minutes old", unix(-6 * time.Minute), 401},
		{"six minutes ahead", unix(6 * time.Minute), 401},
		{"four minutes old", unix(-4 * time.Minute), 200},
		{"four minutes ahead", unix(4 * time.Minute), 200},
		{"now", unix(0), 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := strings.Count(e.logs.String(), "timestamp out of window")
			code, _ := e.post(t, e.ping(), tt.ts)
			if code != tt.want {
				t.Errorf("PING signed at %q: status %d, want %d", tt.ts, code, tt.want)
			}
			// The signature is good, so a 401 must be the timestamp's.
			refused := strings.Count(e.logs.String(), "timestamp out of window") > before
			if refused != (tt.want == 401) {
				t.Errorf("PING signed at %q: logged as out of window = %v", tt.ts, refused)
			}
		})
	}

	t.Run("replayed ask", func(t *testing.T) {
		srv := e.srv
		i := srv.NewInteraction(discordtest.InteractionCommand, "ask",
			[]discordtest.Option{str(discordtest.Option{Name: "question", Value: "What did Sheinbaum say?"})}, someone(srv, 0))
		srv.RegisterInteraction(i.ID, i.Token, true)
		body, _ := json.Marshal(i.Payload)
		ts := unixNow()
		mark := srv.Mark()
		code, resp := e.post(t, body, ts)
		if code != 200 || callbackType(resp) != 5 {
			t.Fatalf("first delivery: %d %s, want a deferred response", code, asJSON(resp))
		}
		e.edit(t, mark, i)
		asked := len(e.eng.Questions())
		// The very same bytes, signature and all, again; then the same
		// interaction with a fresh timestamp (a replay Discord never sends).
		for _, ts := range []string{ts, unix(time.Second)} {
			if code, _ := e.post(t, body, ts); code != 401 {
				t.Errorf("replay at %s: status %d, want 401", ts, code)
			}
		}
		if n := len(e.eng.Questions()); n != asked {
			t.Errorf("a replay was answered: %d questions asked, want %d", n, asked)
		}
	})

	t.Run("replayed ping", func(t *testing.T) {
		body, ts := e.ping(), unixNow()
		if code, _ := e.post(t, body, ts); code != 200 {
			t.Fatalf("first PING: %d", code)
		}
		if code, _ := e.post(t, body, ts); code != 401 {
			t.Errorf("replayed PING: %d, want 401", code)
		}
	})
	e.noProblems(t)
}

func TestEndpointCutsOffSlowClients(t *testing.T) {
	// Short limits so the test is quick; the behaviour is the same at the
	// defaults. Each check below asserts what the server did, never how fast.
	e := startEndpoint(t, bot.HTTPLimits{
		ReadHeaderTimeout: 200 * time.Millisecond,
		ReadTimeout:       300 * time.Millisecond,
		WriteTimeout:      3 * time.Second,
		IdleTimeout:       200 * time.Millisecond,
		MaxConns:          1000,
	})
	e.pong(t)
	guard := func() time.Time { return time.Now().Add(10 * time.Second) }

	t.Run("slow body", func(t *testing.T) {
		c, err := net.Dial("tcp", e.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		body := e.ping()
		req := e.request(body, unixNow(), false)
		head := len(req) - len(body)
		if _, err := c.Write(req[:head]); err != nil {
			t.Fatal(err)
		}
		// One byte every 100 ms: the whole body would take seconds.
		var sent atomic.Int64
		stop := make(chan struct{})
		go func() {
			for _, b := range req[head:] {
				select {
				case <-stop:
					return
				case <-time.After(100 * time.Millisecond):
				}
				if _, err := c.Write([]byte{b}); err != nil {
					return
				}
				sent.Add(1)
			}
		}()
		cut := closedByServer(c, guard())
		close(stop)
		if !cut {
			t.Fatal("a body sent a byte every 100 ms was still being read after 10 s")
		}
		if n := sent.Load(); n >= int64(len(body)) {
			t.Errorf("the server read the whole slow body (%d bytes) instead of cutting it off", n)
		}
		e.pong(t)
	})

	t.Run("idle keep-alive", func(t *testing.T) {
		c, err := net.Dial("tcp", e.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetDeadline(guard())
		if _, err := c.Write(e.request(e.ping(), unixNow(), true)); err != nil {
			t.Fatal(err)
		}
		br := bufio.NewReader(c)
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Close {
			t.Fatalf("keep-alive PING: status %d, close %v; want 200 on a kept connection", resp.StatusCode, resp.Close)
		}
		// Nothing more is sent: the server must close the idle connection.
		if _, err := br.ReadByte(); err == nil {
			t.Fatal("the server sent more on an idle connection")
		} else if ne := (net.Error)(nil); errors.As(err, &ne) && ne.Timeout() {
			t.Fatal("an idle keep-alive connection was still open after 10 s")
		}
		e.pong(t)
	})

	t.Run("flood of half-sent requests", func(t *testing.T) {
		flood := halfSent(t, e.addr, 300)
		e.pong(t)
		deadline := guard()
		for i, c := range flood {
			if !closedByServer(c, deadline) {
				t.Fatalf("half-sent request %d of %d still open after 10 s", i, len(flood))
			}
		}
		e.pong(t)
	})
	e.noProblems(t)
}

// TestEndpointConnectionCap floods an endpoint whose header timeout is far
// away: only the cap can make room, by closing the stalest connections, and
// a PING sent after the flood must still be answered.
func TestEndpointConnectionCap(t *testing.T) {
	const max = 20
	e := startEndpoint(t, bot.HTTPLimits{ReadHeaderTimeout: time.Hour, ReadTimeout: time.Hour, IdleTimeout: time.Hour, MaxConns: max})
	e.pong(t)
	flood := halfSent(t, e.addr, 300)
	e.pong(t) // accepted after the whole flood, so the flood was cut to make room
	open := 0
	deadline := time.Now().Add(300 * time.Millisecond)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for _, c := range flood {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !closedByServer(c, deadline) {
				mu.Lock()
				open++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if open > max {
		t.Errorf("%d half-sent connections still open, over the cap of %d", open, max)
	}
	if open == 0 {
		t.Errorf("every half-sent connection was closed, though %d fit under the cap and the header timeout is an hour", max-1)
	}
	e.noProblems(t)
}

// halfSent opens n connections that each send half a request and stop.
func halfSent(t testing.TB, addr string, n int) []net.Conn {
	t.Helper()
	var conns []net.Conn
	t.Cleanup(func() {
		for _, c := range conns {
			c.Close()
		}
	})
	for range n {
		c, err := net.DialTimeout("tcp", addr, wait)
		if err != nil {
			t.Fatalf("flood connection %d: %v", len(conns), err)
		}
		conns = append(conns, c)
		if _, err := io.WriteString(c, "POST / HTTP/1.1\r\nHost: storybot\r\nContent-Type: appl"); err != nil {
			t.Fatal(err)
		}
	}
	return conns
}

// BenchmarkPingDuringFlood measures a signed PING's round trip on a new
// connection while 5,000 half-sent requests hold, and keep re-opening,
// connections to an endpoint at its default limits.
func BenchmarkPingDuringFlood(b *testing.B) {
	if testing.Short() {
		b.Skip("opens thousands of connections")
	}
	e := startEndpoint(b, bot.HTTPLimits{})
	const floodConns = 5000
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var opened atomic.Int64
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []net.Conn
			defer func() {
				for _, c := range mine {
					c.Close()
				}
			}()
			buf := make([]byte, 1)
			for {
				select {
				case <-stop:
					return
				default:
				}
				if len(mine) < floodConns/4 {
					c, err := net.Dial("tcp", e.addr)
					if err != nil {
						continue
					}
					io.WriteString(c, "POST / HTTP/1.1\r\nHost: storybot\r\n")
					mine = append(mine, c)
					opened.Add(1)
					continue
				}
				// Replace a connection the server closed.
				i := int(opened.Load()+int64(w)) % len(mine)
				mine[i].SetReadDeadline(time.Now().Add(time.Millisecond))
				if _, err := mine[i].Read(buf); err != nil && !os.IsTimeout(err) {
					mine[i].Close()
					mine[i] = mine[len(mine)-1]
					mine = mine[:len(mine)-1]
				}
			}
		}()
	}
	for opened.Load() < floodConns {
		time.Sleep(10 * time.Millisecond)
	}
	var lat []time.Duration
	for b.Loop() {
		start := time.Now()
		e.pong(b)
		lat = append(lat, time.Since(start))
	}
	close(stop)
	wg.Wait()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds()), "max-µs")
	b.ReportMetric(float64(opened.Load()), "flood-conns")
}
