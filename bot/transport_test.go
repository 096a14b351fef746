package bot

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestAPIRewriterErrorNamesTheDialledURL(t *testing.T) {
	refused := errors.New("connection refused")
	rw, err := newAPIRewriter("http://127.0.0.1:1/api/v10", roundTripFunc(func(*http.Request) (*http.Response, error) {
		return nil, refused
	}))
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", discordgo.EndpointAPI+"gateway", nil)
	_, err = rw.RoundTrip(req)
	if !errors.Is(err, refused) || !strings.Contains(err.Error(), "http://127.0.0.1:1/api/v10/gateway") {
		t.Errorf("error %v: want it to wrap the cause and name the rewritten URL", err)
	}
}
