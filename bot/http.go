package bot

import (
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
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
)

// InteractionsHandler is the HTTP interactions endpoint: it verifies
// Discord's Ed25519 signature (401 when missing or wrong), answers PING with
// PONG, and runs the same handlers as the gateway. The first response goes
// back in the HTTP response; later replies are edits over REST.
func (b *Bot) InteractionsHandler() http.Handler {
	return http.HandlerFunc(b.serveInteraction)
}

func (b *Bot) serveInteraction(w http.ResponseWriter, r *http.Request) {
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
	if !verifySignature(b.cfg.PublicKey, r.Header.Get("X-Signature-Ed25519"), r.Header.Get("X-Signature-Timestamp"), body) {
		b.log.Warn("interaction with a missing or bad signature", "remote", r.RemoteAddr)
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	var i discordgo.Interaction
	if err := json.Unmarshal(body, &i); err != nil {
		http.Error(w, "malformed interaction", http.StatusBadRequest)
		return
	}
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
			return h.rest.edit(newEditData(Reply{Content: d.Content, Embeds: d.Embeds}))
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

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(v); err != nil {
		// The client went away; nothing to tell it.
		return
	}
}
