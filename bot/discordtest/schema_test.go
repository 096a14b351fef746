package discordtest

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func loadTestSpec(t *testing.T) *Spec {
	t.Helper()
	path := filepath.Join("..", "..", "..", "shared", "discord", "openapi.json")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("Discord OpenAPI spec not found at %s (read-only shared data); skipping schema checks", path)
	}
	spec, err := LoadSpec(path)
	if err != nil {
		t.Fatal(err)
	}
	return spec
}

func TestSpecOperation(t *testing.T) {
	spec := loadTestSpec(t)
	tests := []struct{ method, path, want string }{
		{"POST", "/interactions/1/tok/callback", "/interactions/{interaction_id}/{interaction_token}/callback"},
		{"PATCH", "/webhooks/1/tok/messages/@original", "/webhooks/{webhook_id}/{webhook_token}/messages/@original"},
		{"PATCH", "/webhooks/1/tok/messages/99", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"},
		{"PUT", "/applications/1/guilds/2/commands", "/applications/{application_id}/guilds/{guild_id}/commands"},
		{"POST", "/channels/5/messages", "/channels/{channel_id}/messages"},
	}
	for _, tt := range tests {
		got, err := spec.Operation(tt.method, tt.path)
		if err != nil || got != tt.want {
			t.Errorf("Operation(%s %s) = %q, %v; want %q", tt.method, tt.path, got, err, tt.want)
		}
	}
	if _, err := spec.Operation("POST", "/no/such/route"); !errors.Is(err, ErrNoOperation) {
		t.Errorf("unknown route: err = %v, want ErrNoOperation", err)
	}
}

func TestSpecValidate(t *testing.T) {
	spec := loadTestSpec(t)
	tests := []struct {
		name, method, path, body string
		ok                       bool
	}{
		{"pong", "POST", "/interactions/1/t/callback", `{"type":1}`, true},
		{"message", "POST", "/interactions/1/t/callback", `{"type":4,"data":{"content":"hi","allowed_mentions":{"parse":[]}}}`, true},
		{"content over the spec's 4000", "POST", "/channels/1/messages", `{"content":"` + repeat("a", 4001) + `"}`, false},
		{"bad callback type", "POST", "/interactions/1/t/callback", `{"type":"four"}`, false},
		{"edit", "PATCH", "/webhooks/1/t/messages/@original", `{"content":"x","embeds":[{"title":"t","fields":[{"name":"n","value":"v"}]}]}`, true},
		{"field value too long", "PATCH", "/webhooks/1/t/messages/@original", `{"embeds":[{"fields":[{"name":"n","value":"` + repeat("v", 1025) + `"}]}]}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := spec.Validate(tt.method, tt.path, []byte(tt.body))
			if (err == nil) != tt.ok {
				t.Errorf("Validate = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

func repeat(s string, n int) string {
	out := make([]byte, 0, len(s)*n)
	for range n {
		out = append(out, s...)
	}
	return string(out)
}
