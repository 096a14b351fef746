// Package discordtest is a fake Discord for tests: a websocket gateway and
// the REST routes storybot uses, driven by the real discordgo client through
// a rewritten API base. It records every request so tests can wait for the
// bot's replies, and it can check every JSON body against Discord's OpenAPI
// description.
package discordtest

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// APIPrefix is where the fake serves the REST API, as Discord's v10.
const APIPrefix = "/api/v10"

// Options configures a fake Discord.
type Options struct {
	// Token is the bot token the fake accepts (without "Bot ").
	Token string
	// Spec, when set, validates every JSON request body; failures are
	// listed by Problems.
	Spec *Spec
	// HeartbeatInterval is sent in HELLO; 0 means 41.25 s, as Discord.
	HeartbeatInterval time.Duration
	// DisallowedIntents are intents the application may not use, as
	// privileged intents left off in the Developer Portal: an IDENTIFY
	// asking for any of them is closed with 4014, as Discord does.
	DisallowedIntents int
	// Shards is the shard count GET /gateway/bot recommends (0 means 1),
	// and MaxConcurrency its session_start_limit.max_concurrency (0
	// means 1): how many shards may identify per 5 seconds.
	Shards, MaxConcurrency int
}

// Request is one REST request the fake received.
type Request struct {
	Method string
	// Path is the path under APIPrefix, e.g. "/channels/1/messages".
	Path  string
	Query string
	Auth  string
	Body  []byte
	At    time.Time
}

// JSON decodes the request body into a generic map.
func (r Request) JSON() map[string]any {
	var m map[string]any
	_ = json.Unmarshal(r.Body, &m)
	return m
}

// Identify is what a client sent in IDENTIFY (op 2).
type Identify struct {
	Token    string  `json:"token"`
	Intents  int     `json:"intents"`
	Compress bool    `json:"compress"`
	Shard    *[2]int `json:"shard"`
}

// Server is a running fake Discord.
type Server struct {
	// URL is the fake's HTTP root; APIBase is URL+APIPrefix, what the bot
	// takes as its Discord API base.
	URL     string
	APIBase string
	// AppID is the application (and bot user) ID; GuildID the one guild.
	AppID   string
	GuildID string

	opts Options
	http *httptest.Server
	up   websocket.Upgrader

	ids atomic.Int64
	seq atomic.Int64 // gateway sequence; READY is 1

	mu           sync.Mutex
	requests     []Request
	problems     []string
	changed      chan struct{}
	conns        map[*gatewayConn]bool
	identifies   []Identify
	resumes      int
	commands     map[string]json.RawMessage // scope → last bulk overwrite
	interactions map[string]*interactionState
	attachments  map[string][]byte // path → content, served as Discord's CDN would
	closed       bool
}

type interactionState struct {
	token        string
	acknowledged bool
}

// New starts a fake Discord. Close it when done.
func New(opts Options) *Server {
	if opts.HeartbeatInterval == 0 {
		opts.HeartbeatInterval = 41250 * time.Millisecond
	}
	s := &Server{
		opts:         opts,
		changed:      make(chan struct{}),
		conns:        map[*gatewayConn]bool{},
		commands:     map[string]json.RawMessage{},
		interactions: map[string]*interactionState{},
		attachments:  map[string][]byte{},
	}
	s.ids.Store(1_100_000_000_000_000_000)
	s.seq.Store(1)
	s.AppID = s.NewID()
	s.GuildID = s.NewID()
	s.http = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.http.URL
	s.APIBase = s.URL + APIPrefix
	return s
}

// NewID returns a fresh snowflake-like ID.
func (s *Server) NewID() string { return strconv.FormatInt(s.ids.Add(1), 10) }

// Close disconnects every gateway client and stops the server.
func (s *Server) Close() {
	s.mu.Lock()
	s.closed = true
	conns := make([]*gatewayConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.ws.Close()
	}
	s.http.Close()
}

// Problems lists what the fake found wrong: unknown routes, bad auth,
// bodies the spec rejects, double acknowledgements.
func (s *Server) Problems() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.problems...)
}

// Identifies returns every IDENTIFY received.
func (s *Server) Identifies() []Identify {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Identify(nil), s.identifies...)
}

// Commands returns the body of the last bulk overwrite for guildID ("" for
// global), or nil.
func (s *Server) Commands(guildID string) json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.commands[guildID]
}

// Requests returns the requests received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Mark is the number of requests so far, to wait only for later ones.
func (s *Server) Mark() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

// Wait returns the first request from index from on that match accepts,
// waiting up to timeout for it.
func (s *Server) Wait(from int, timeout time.Duration, match func(Request) bool) (Request, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		for _, r := range s.requests[min(from, len(s.requests)):] {
			if match(r) {
				s.mu.Unlock()
				return r, nil
			}
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
		case <-deadline.C:
			return Request{}, fmt.Errorf("no matching request within %v", timeout)
		}
	}
}

// Connected reports how many gateway clients have identified or resumed.
func (s *Server) Connected() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for c := range s.conns {
		if c.ready.Load() {
			n++
		}
	}
	return n
}

func (s *Server) problem(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.problems = append(s.problems, fmt.Sprintf(format, args...))
}

func (s *Server) record(r Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r)
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/gateway" || r.URL.Path == "/gateway/" {
		s.serveGateway(w, r)
		return
	}
	if strings.HasPrefix(r.URL.Path, "/attachments/") && r.Method == http.MethodGet {
		s.mu.Lock()
		data, ok := s.attachments[r.URL.Path]
		s.mu.Unlock()
		if !ok {
			s.problem("unknown attachment %s", r.URL.Path)
			http.NotFound(w, r)
			return
		}
		w.Write(data)
		return
	}
	if !strings.HasPrefix(r.URL.Path, APIPrefix+"/") {
		s.problem("request outside the API: %s %s", r.Method, r.URL.Path)
		writeError(w, http.StatusNotFound, 0, "404: Not Found")
		return
	}
	path := strings.TrimPrefix(r.URL.Path, APIPrefix)
	body, _ := io.ReadAll(r.Body)
	req := Request{Method: r.Method, Path: path, Query: r.URL.RawQuery, Auth: r.Header.Get("Authorization"), Body: body, At: time.Now()}
	if len(body) > 0 {
		if !json.Valid(body) {
			s.problem("%s %s: body is not JSON", r.Method, path)
		} else if s.opts.Spec != nil {
			if err := s.opts.Spec.Validate(r.Method, path, body); err != nil {
				s.problem("schema: %v\nbody: %s", err, body)
			}
		}
	}
	s.route(w, req)
	s.record(req)
}

func (s *Server) route(w http.ResponseWriter, req Request) {
	seg := strings.Split(strings.Trim(req.Path, "/"), "/")
	authed := func() bool {
		if req.Auth != "Bot "+s.opts.Token || s.opts.Token == "" {
			s.problem("%s %s without the bot token", req.Method, req.Path)
			writeError(w, http.StatusUnauthorized, 0, "401: Unauthorized")
			return false
		}
		return true
	}
	switch {
	case req.Method == "GET" && (req.Path == "/gateway" || req.Path == "/gateway/bot"):
		ws := "ws" + strings.TrimPrefix(s.URL, "http") + "/gateway"
		writeJSON(w, http.StatusOK, map[string]any{"url": ws, "shards": max(s.opts.Shards, 1),
			"session_start_limit": map[string]any{"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": max(s.opts.MaxConcurrency, 1)}})
	case req.Method == "GET" && req.Path == "/users/@me":
		if authed() {
			writeJSON(w, http.StatusOK, s.botUser())
		}
	case req.Method == "PUT" && len(seg) >= 3 && seg[0] == "applications" && seg[len(seg)-1] == "commands":
		if !authed() {
			return
		}
		guild := ""
		if len(seg) == 5 && seg[2] == "guilds" {
			guild = seg[3]
		} else if len(seg) != 3 {
			s.unknown(w, req)
			return
		}
		if seg[1] != s.AppID {
			s.problem("commands synced to application %s, want %s", seg[1], s.AppID)
		}
		var cmds []map[string]any
		if err := json.Unmarshal(req.Body, &cmds); err != nil {
			writeError(w, http.StatusBadRequest, 50035, "Invalid Form Body")
			return
		}
		for _, c := range cmds {
			c["id"] = s.NewID()
			c["application_id"] = s.AppID
			c["version"] = s.NewID()
			if guild != "" {
				c["guild_id"] = guild
			}
			// Discord answers with the permissions as a string, whatever
			// type it was sent as.
			if p, ok := c["default_member_permissions"].(float64); ok {
				c["default_member_permissions"] = strconv.FormatInt(int64(p), 10)
			}
		}
		s.mu.Lock()
		s.commands[guild] = append(json.RawMessage(nil), req.Body...)
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, cmds)
	case req.Method == "POST" && len(seg) == 4 && seg[0] == "interactions" && seg[3] == "callback":
		s.mu.Lock()
		st := s.interactions[seg[1]]
		switch {
		case st == nil || st.token != seg[2]:
			s.mu.Unlock()
			s.problem("callback for unknown interaction %s", seg[1])
			writeError(w, http.StatusNotFound, 10062, "Unknown interaction")
			return
		case st.acknowledged:
			s.mu.Unlock()
			s.problem("interaction %s acknowledged twice", seg[1])
			writeError(w, http.StatusBadRequest, 40060, "Interaction has already been acknowledged.")
			return
		}
		st.acknowledged = true
		s.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	case (req.Method == "PATCH" || req.Method == "GET") && len(seg) == 5 && seg[0] == "webhooks" && seg[3] == "messages":
		if !s.acknowledged(seg[2]) {
			s.problem("%s of a reply to an interaction never acknowledged", req.Method)
			writeError(w, http.StatusNotFound, 10015, "Unknown Webhook")
			return
		}
		writeJSON(w, http.StatusOK, s.message("", req.Body))
	case req.Method == "POST" && len(seg) == 3 && seg[0] == "webhooks":
		if !s.acknowledged(seg[2]) {
			s.problem("follow-up to an interaction never acknowledged")
			writeError(w, http.StatusNotFound, 10015, "Unknown Webhook")
			return
		}
		writeJSON(w, http.StatusOK, s.message("", req.Body))
	case req.Method == "POST" && len(seg) == 3 && seg[0] == "channels" && seg[2] == "messages":
		if authed() {
			writeJSON(w, http.StatusOK, s.message(seg[1], req.Body))
		}
	default:
		s.unknown(w, req)
	}
}

func (s *Server) unknown(w http.ResponseWriter, req Request) {
	s.problem("unknown route %s %s", req.Method, req.Path)
	writeError(w, http.StatusNotFound, 0, "404: Not Found")
}

func (s *Server) acknowledged(token string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range s.interactions {
		if st.token == token {
			return st.acknowledged
		}
	}
	return false
}

// RegisterInteraction makes the fake accept callbacks for an interaction
// delivered some other way (the HTTP endpoint); acknowledged marks it as
// already answered in the HTTP response.
func (s *Server) RegisterInteraction(id, token string, acknowledged bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.interactions[id] = &interactionState{token: token, acknowledged: acknowledged}
}

func (s *Server) botUser() map[string]any {
	return map[string]any{"id": s.AppID, "username": "storybot", "discriminator": "0", "global_name": "storybot", "bot": true, "avatar": nil}
}

func (s *Server) message(channelID string, body []byte) map[string]any {
	m := map[string]any{}
	_ = json.Unmarshal(body, &m)
	m["id"] = s.NewID()
	m["channel_id"] = channelID
	m["author"] = s.botUser()
	m["timestamp"] = time.Now().UTC().Format(time.RFC3339)
	m["type"] = 0
	return m
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, map[string]any{"code": code, "message": msg})
}

// gatewayConn is one client's websocket.
type gatewayConn struct {
	ws       *websocket.Conn
	mu       sync.Mutex // serialises writes
	compress bool
	ready    atomic.Bool
	shard    atomic.Pointer[[2]int] // [id, count] from IDENTIFY; nil: unsharded
}

// gets reports whether c receives a guild's events (guild "" for DMs): as
// Discord routes them, to shard (guild_id >> 22) % count, DMs to shard 0.
func (c *gatewayConn) gets(guild string) bool {
	sh := c.shard.Load()
	if sh == nil || sh[1] <= 1 {
		return true
	}
	target := 0
	if id, err := strconv.ParseUint(guild, 10, 64); err == nil {
		target = int((id >> 22) % uint64(sh[1]))
	}
	return sh[0] == target
}

func (c *gatewayConn) send(v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.compress {
		return c.ws.WriteMessage(websocket.TextMessage, data)
	}
	var buf bytes.Buffer
	zw := zlib.NewWriter(&buf)
	_, _ = zw.Write(data)
	_ = zw.Close()
	return c.ws.WriteMessage(websocket.BinaryMessage, buf.Bytes())
}

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("encoding") != "json" {
		s.problem("gateway opened without encoding=json: %s", r.URL.RawQuery)
	}
	ws, err := s.up.Upgrade(w, r, nil)
	if err != nil {
		s.problem("gateway upgrade: %v", err)
		return
	}
	c := &gatewayConn{ws: ws}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		ws.Close()
		return
	}
	s.conns[c] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
		ws.Close()
	}()
	hello := map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": s.opts.HeartbeatInterval.Milliseconds()}}
	if err := c.send(hello); err != nil {
		return
	}
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			return
		}
		var f struct {
			Op int             `json:"op"`
			D  json.RawMessage `json:"d"`
		}
		if err := json.Unmarshal(data, &f); err != nil {
			s.problem("gateway frame is not JSON: %q", data)
			return
		}
		switch f.Op {
		case 1: // heartbeat
			if err := c.send(map[string]any{"op": 11}); err != nil {
				return
			}
		case 2: // identify: READY must be the very next frame
			var id Identify
			if err := json.Unmarshal(f.D, &id); err != nil {
				s.problem("bad IDENTIFY: %v", err)
				return
			}
			if id.Token != "Bot "+s.opts.Token {
				s.problem("IDENTIFY with the wrong token")
				_ = ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."), time.Now().Add(time.Second))
				return
			}
			if id.Intents&s.opts.DisallowedIntents != 0 {
				_ = ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(4014, "Disallowed intent(s)."), time.Now().Add(time.Second))
				return
			}
			s.mu.Lock()
			s.identifies = append(s.identifies, id)
			s.mu.Unlock()
			c.compress = id.Compress
			if id.Shard != nil {
				c.shard.Store(id.Shard)
			}
			ready := map[string]any{
				"v":                  10,
				"user":               s.botUser(),
				"session_id":         "session-" + s.NewID(),
				"resume_gateway_url": "ws" + strings.TrimPrefix(s.URL, "http") + "/gateway",
				"guilds":             []any{map[string]any{"id": s.GuildID, "unavailable": true}},
				"application":        map[string]any{"id": s.AppID, "flags": 0},
				"private_channels":   []any{},
			}
			if id.Shard != nil {
				ready["shard"] = id.Shard
			}
			if err := c.send(map[string]any{"op": 0, "t": "READY", "s": 1, "d": ready}); err != nil {
				return
			}
			c.ready.Store(true)
		case 6: // resume
			s.mu.Lock()
			s.resumes++
			s.mu.Unlock()
			if err := c.send(map[string]any{"op": 0, "t": "RESUMED", "s": 2, "d": map[string]any{}}); err != nil {
				return
			}
			c.ready.Store(true)
		case 3, 4, 8: // presence, voice, request members: accepted, ignored
		default:
			s.problem("unexpected gateway op %d", f.Op)
		}
	}
}

// Dispatch sends an event to every ready gateway client of the shard its
// guild_id (when data is a map holding one) belongs to, as Discord routes
// them: every client when they identified without shards. It returns an
// error when no such client is connected.
func (s *Server) Dispatch(event string, data any) error {
	// A bot may sync its commands over REST before its gateway session is
	// READY; give it a moment rather than make every test order the two.
	ctx, cancel := context.WithTimeout(context.Background(), dispatchWait)
	defer cancel()
	if err := s.WaitConnected(ctx, 1); err != nil {
		return fmt.Errorf("dispatch %s: no gateway client is connected: %w", event, err)
	}
	guild := ""
	if m, ok := data.(map[string]any); ok {
		guild, _ = m["guild_id"].(string)
	}
	s.mu.Lock()
	var conns []*gatewayConn
	for c := range s.conns {
		if c.ready.Load() && c.gets(guild) {
			conns = append(conns, c)
		}
	}
	s.mu.Unlock()
	if len(conns) == 0 {
		return fmt.Errorf("dispatch %s: no gateway client of its shard is connected", event)
	}
	for _, c := range conns {
		if err := c.send(map[string]any{"op": 0, "t": event, "s": s.seq.Add(1), "d": data}); err != nil {
			return fmt.Errorf("dispatch %s: %w", event, err)
		}
	}
	return nil
}

// dispatchWait is how long Dispatch waits for a gateway client to be ready.
const dispatchWait = 5 * time.Second

// WaitConnected waits until n gateway clients are ready.
func (s *Server) WaitConnected(ctx context.Context, n int) error {
	for s.Connected() < n {
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %d gateway clients: %w", n, ctx.Err())
		case <-time.After(5 * time.Millisecond):
		}
	}
	return nil
}

// Kick drops every gateway connection without a close frame, as a network
// failure would; clients are expected to reconnect and RESUME.
func (s *Server) Kick() {
	s.mu.Lock()
	conns := make([]*gatewayConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.ready.Store(false)
		c.ws.Close()
	}
}

// Resumes is how many RESUME (op 6) the fake received.
func (s *Server) Resumes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resumes
}
