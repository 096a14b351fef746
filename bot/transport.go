package bot

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// apiRewriter sends every request discordgo addresses to Discord's API to
// another Discord-compatible API instead. discordgo computes its endpoint
// strings once, from package variables, so rewriting at the transport is the
// one place that catches every REST call, the gateway lookup included.
type apiRewriter struct {
	from string   // discordgo's API prefix, e.g. "https://discord.com/api/v9/"
	to   *url.URL // the replacement base, path without trailing slash
	next http.RoundTripper
}

// newAPIRewriter returns a transport that maps discordgo's API prefix onto
// base ("http://127.0.0.1:8080/api/v10"). It returns an error when base is
// not an absolute http(s) URL.
func newAPIRewriter(base string, next http.RoundTripper) (*apiRewriter, error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, fmt.Errorf("discord api base %q: %w", base, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("discord api base %q: want an absolute http(s) URL such as http://127.0.0.1:8080/api/v10", base)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("discord api base %q: drop the query and fragment", base)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	if next == nil {
		next = http.DefaultTransport
	}
	return &apiRewriter{from: discordgo.EndpointAPI, to: u, next: next}, nil
}

// RoundTrip rewrites requests under discordgo's API prefix and passes every
// other request (CDN downloads, say) through untouched.
func (t *apiRewriter) RoundTrip(req *http.Request) (*http.Response, error) {
	orig := req.URL.String()
	if !strings.HasPrefix(orig, t.from) {
		return t.next.RoundTrip(req)
	}
	rest := strings.TrimPrefix(orig, t.from)
	target, err := url.Parse(t.to.Scheme + "://" + t.to.Host + t.to.Path + "/" + rest)
	if err != nil {
		return nil, fmt.Errorf("rewrite %s: %w", req.URL.Path, err)
	}
	// RoundTrippers must not modify the caller's request.
	out := req.Clone(req.Context())
	out.URL = target
	out.Host = target.Host
	resp, err := t.next.RoundTrip(out)
	if err != nil {
		// http.Client reports the URL discordgo asked for; name the one
		// actually dialled, or a --discord-api mistake reads as Discord's fault.
		return nil, fmt.Errorf("via %s: %w", target.Redacted(), err)
	}
	return resp, nil
}
