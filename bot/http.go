package bot

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

const (
	// maxInteractionBody bounds what the endpoint reads from one request.
	maxInteractionBody = 1 << 20
	// httpDeferAfter is how long the endpoint waits for a handler's first
	// response before deferring on its behalf, inside Discord's three
	// seconds.
	httpDeferAfter = 2 * time.Second
	// SignatureWindow is how far a signed request's timestamp may be from
	// the bot's clock, either way. A captured request could be replayed
	// only within it, and the replay guard remembers interaction ids that
	// long.
	SignatureWindow = 5 * time.Minute
)

// HTTPLimits bound the interactions endpoint's connections. A zero field
// takes its default, generous for Discord, which sends each request whole
// and at once, and tight for a client that dawdles.
type HTTPLimits struct {
	// ReadHeaderTimeout bounds reading a request's headers (default 5 s),
	// ReadTimeout the whole request with its body (10 s).
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	// WriteTimeout bounds a request from the end of its headers to the end
	// of the response (10 s); it must leave room for the two seconds the
	// endpoint may wait for a handler before deferring.
	WriteTimeout time.Duration
	// IdleTimeout closes a keep-alive connection that sends no new request
	// (30 s).
	IdleTimeout time.Duration
	// MaxConns caps the open connections (DefaultHTTPMaxConns). At the cap,
	// the connection that has gone longest without a verified request (a
	// half-sent request, an idle keep-alive) is closed to make room.
	MaxConns int
}

// DefaultHTTPMaxConns is the default cap on the endpoint's open
// connections: far above what Discord opens, far below the descriptors a
// process may hold.
const DefaultHTTPMaxConns = 512

// withDefaults fills the zero fields of l.
func (l HTTPLimits) withDefaults() HTTPLimits {
	set := func(d *time.Duration, def time.Duration) {
		if *d <= 0 {
			*d = def
		}
	}
	set(&l.ReadHeaderTimeout, 5*time.Second)
	set(&l.ReadTimeout, 10*time.Second)
	set(&l.WriteTimeout, 10*time.Second)
	set(&l.IdleTimeout, 30*time.Second)
	if l.MaxConns <= 0 {
		l.MaxConns = DefaultHTTPMaxConns
	}
	return l
}

// newHTTPServer prepares the interactions endpoint on ln: the server with
// its timeouts, and ln wrapped to cap the open connections. Serve the
// server on the returned listener.
func (b *Bot) newHTTPServer(ln net.Listener) (*http.Server, net.Listener) {
	lim := b.cfg.HTTP
	srv := &http.Server{
		Handler:           b.httpHandler(),
		ReadHeaderTimeout: lim.ReadHeaderTimeout,
		ReadTimeout:       lim.ReadTimeout,
		WriteTimeout:      lim.WriteTimeout,
		IdleTimeout:       lim.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		// The handler marks its connection busy through the context, so
		// the limiter never closes a connection serving a real request.
		ConnContext: func(ctx context.Context, c net.Conn) context.Context {
			return context.WithValue(ctx, connKey{}, c)
		},
		ErrorLog: slog.NewLogLogger(b.log.Handler(), slog.LevelWarn),
	}
	return srv, newConnLimiter(ln, lim.MaxConns)
}

// InteractionsHandler is the HTTP interactions endpoint: it verifies
// Discord's Ed25519 signature and the request's age (401 when the signature
// is missing or wrong, the timestamp is more than SignatureWindow away, or
// the interaction was already received), answers PING with PONG, and runs
// the same handlers as the gateway. The first response goes back in the
// HTTP response; later replies are edits over REST.
func (b *Bot) InteractionsHandler() http.Handler {
	return http.HandlerFunc(b.serveInteraction)
}

func (b *Bot) serveInteraction(w http.ResponseWriter, r *http.Request) {
	conn, _ := r.Context().Value(connKey{}).(*limitedConn)
	conn.touch()
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "interactions are POSTed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxInteractionBody+1))
	if err != nil || len(body) > maxInteractionBody {
		http.Error(w, "unreadable or oversized body", http.StatusBadRequest)
		return
	}
	now := time.Now()
	ts := r.Header.Get("X-Signature-Timestamp")
	if !verifySignature(b.cfg.PublicKey, r.Header.Get("X-Signature-Ed25519"), ts, body) {
		b.log.Warn("interaction with a missing or bad signature", "remote", r.RemoteAddr)
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	signedAt, fresh := freshTimestamp(ts, now)
	if !fresh {
		b.log.Warn("signed interaction refused: timestamp out of window", "timestamp", ts, "remote", r.RemoteAddr)
		http.Error(w, "stale request timestamp", http.StatusUnauthorized)
		return
	}
	var i discordgo.Interaction
	if err := json.Unmarshal(body, &i); err != nil {
		http.Error(w, "malformed interaction", http.StatusBadRequest)
		return
	}
	if !b.replays.first(i.ID, signedAt, now) {
		b.log.Warn("signed interaction refused: already received", "interaction", i.ID, "remote", r.RemoteAddr)
		http.Error(w, "interaction already received", http.StatusUnauthorized)
		return
	}
	// From here the request is Discord's: its connection is kept at the cap.
	conn.setBusy(true)
	defer conn.setBusy(false)
	if i.Type == discordgo.InteractionPing {
		writeJSON(w, interactionResponse{Type: callbackPong})
		return
	}
	done, ok := b.inflight.start()
	if !ok {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	hr := &httpResponder{rest: restResponder{s: b.session, i: &i}, first: make(chan interactionResponse, 1)}
	go func() {
		defer done()
		b.handleInteraction(&i, hr)
	}()
	timer := time.NewTimer(httpDeferAfter)
	defer timer.Stop()
	select {
	case resp := <-hr.first:
		writeJSON(w, resp)
	case <-timer.C:
		writeJSON(w, hr.deferNow())
	case <-r.Context().Done():
	}
}

// httpResponder hands the first response to the waiting HTTP request and
// sends everything after it over REST.
type httpResponder struct {
	rest  restResponder
	first chan interactionResponse

	mu   sync.Mutex
	sent bool // the HTTP response was produced, by the handler or by deferNow
}

func (h *httpResponder) respond(resp interactionResponse) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.sent {
		h.sent = true
		h.first <- resp
		return nil
	}
	// The endpoint already deferred on the handler's behalf: a message
	// becomes the edit of that deferred reply.
	if resp.Type == callbackMessage {
		if d, ok := resp.Data.(*messageData); ok {
			return h.rest.edit(newEditData(Reply{Content: d.Content, Embeds: d.Embeds, Components: d.Components}))
		}
	}
	// A page button's update after a deferred update edits the message
	// the button is on.
	if resp.Type == callbackUpdate {
		if d, ok := resp.Data.(*editData); ok {
			return h.rest.edit(d)
		}
	}
	return nil
}

func (h *httpResponder) edit(data *editData) error { return h.rest.edit(data) }

// deferNow answers for a handler too slow to respond in time.
func (h *httpResponder) deferNow() interactionResponse {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.sent {
		h.sent = true
		if isComponent(h.rest.i) {
			return deferComponent(h.rest.i)
		}
		return interactionResponse{Type: callbackDeferred}
	}
	return <-h.first // the handler won the race; its response is waiting
}

// verifySignature checks Discord's signature over timestamp+body.
func verifySignature(key ed25519.PublicKey, sigHex, timestamp string, body []byte) bool {
	if len(key) != ed25519.PublicKeySize || sigHex == "" || timestamp == "" {
		return false
	}
	sig, err := hex.DecodeString(sigHex)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return false
	}
	msg := make([]byte, 0, len(timestamp)+len(body))
	msg = append(append(msg, timestamp...), body...)
	return ed25519.Verify(key, msg, sig)
}

// freshTimestamp reads X-Signature-Timestamp (Unix seconds) and reports
// whether it lies within SignatureWindow of now. Anything but a plain
// number is never fresh.
func freshTimestamp(ts string, now time.Time) (time.Time, bool) {
	secs, err := strconv.ParseInt(ts, 10, 64)
	// Bounds keep time.Unix and the subtraction below from overflowing.
	if err != nil || secs < 0 || secs > 1<<40 {
		return time.Time{}, false
	}
	at := time.Unix(secs, 0)
	d := now.Sub(at)
	return at, d <= SignatureWindow && d >= -SignatureWindow
}

// replayGuard remembers the interaction ids received within the signature
// window, so a captured request cannot be played again while its timestamp
// is still fresh. Only verified requests reach it, so it holds at most the
// interactions Discord sent in the last ten minutes.
type replayGuard struct {
	mu        sync.Mutex
	seen      map[string]time.Time // id -> when its timestamp goes stale
	nextSweep time.Time
}

// first records id, signed at signedAt, and reports whether it is new.
func (g *replayGuard) first(id string, signedAt, now time.Time) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.seen == nil {
		g.seen = map[string]time.Time{}
	}
	if now.After(g.nextSweep) {
		for k, until := range g.seen {
			if now.After(until) {
				delete(g.seen, k)
			}
		}
		g.nextSweep = now.Add(SignatureWindow / 5)
	}
	if until, ok := g.seen[id]; ok && !now.After(until) {
		return false
	}
	// After signedAt+window the timestamp check refuses the request anyway.
	g.seen[id] = signedAt.Add(SignatureWindow)
	return true
}

// size is how many ids the guard holds.
func (g *replayGuard) size() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.seen)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(v); err != nil {
		// The client went away; nothing to tell it.
		return
	}
}

// connKey is the context key under which the endpoint's server stores each
// request's connection.
type connKey struct{}

// connLimiter caps the open connections of the interactions endpoint. At
// the cap it closes the connection that has gone longest without a
// verified request, so slow or idle clients make room for new ones instead
// of keeping Discord out; when every connection is serving a verified
// request, Accept waits for one to finish.
type connLimiter struct {
	net.Listener
	max int

	mu     sync.Mutex
	cond   *sync.Cond
	conns  map[*limitedConn]struct{}
	closed bool
}

func newConnLimiter(ln net.Listener, max int) *connLimiter {
	l := &connLimiter{Listener: ln, max: max, conns: map[*limitedConn]struct{}{}}
	l.cond = sync.NewCond(&l.mu)
	return l
}

// Accept returns the next connection, after closing the stalest one when
// the cap is reached.
func (l *connLimiter) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	lc := &limitedConn{Conn: c, l: l, since: time.Now()}
	l.mu.Lock()
	for len(l.conns) >= l.max && !l.closed {
		victim := l.stalest()
		if victim == nil {
			l.cond.Wait()
			continue
		}
		delete(l.conns, victim)
		l.mu.Unlock()
		victim.Conn.Close()
		l.mu.Lock()
	}
	if l.closed {
		l.mu.Unlock()
		c.Close()
		return nil, net.ErrClosed
	}
	l.conns[lc] = struct{}{}
	l.mu.Unlock()
	return lc, nil
}

// stalest is the connection not serving a verified request that has been
// quiet longest, or nil when all are busy. l.mu is held.
func (l *connLimiter) stalest() *limitedConn {
	var old *limitedConn
	for c := range l.conns {
		if !c.busy && (old == nil || c.since.Before(old.since)) {
			old = c
		}
	}
	return old
}

// Close stops accepting and wakes an Accept waiting for room.
func (l *connLimiter) Close() error {
	l.mu.Lock()
	l.closed = true
	l.cond.Broadcast()
	l.mu.Unlock()
	return l.Listener.Close()
}

// limitedConn is a connection counted by a connLimiter.
type limitedConn struct {
	net.Conn
	l *connLimiter

	// guarded by l.mu
	busy  bool      // serving a verified request
	since time.Time // accepted, or last began or ended a request
}

// touch marks the start of a request, so a keep-alive connection that
// just sent one is not the first to go.
func (c *limitedConn) touch() {
	if c == nil {
		return
	}
	c.l.mu.Lock()
	c.since = time.Now()
	c.l.mu.Unlock()
}

func (c *limitedConn) setBusy(busy bool) {
	if c == nil {
		return
	}
	c.l.mu.Lock()
	c.busy = busy
	c.since = time.Now()
	c.l.cond.Broadcast()
	c.l.mu.Unlock()
}

func (c *limitedConn) Close() error {
	c.l.mu.Lock()
	delete(c.l.conns, c)
	c.l.cond.Broadcast()
	c.l.mu.Unlock()
	return c.Conn.Close()
}
