package bot_test

import (
	"encoding/json"
	"strings"
	"testing"

	"storybot/bot/discordtest"
)

// TestHelpEndToEnd syncs the commands (with their contexts, install types
// and localizations, validated against Discord's OpenAPI description) and
// asks /help, which answers privately with the commands this bot has.
func TestHelpEndToEnd(t *testing.T) {
	h := startBot(t, loadSpec(t), nil)
	srv := h.srv

	cmdReq := h.next(t, 0, "PUT", "/applications/"+srv.AppID+"/guilds/"+srv.GuildID+"/commands")
	var cmds []struct {
		Name             string
		DMPermission     *bool             `json:"dm_permission"`
		Contexts         []int             `json:"contexts"`
		IntegrationTypes []int             `json:"integration_types"`
		Names            map[string]string `json:"name_localizations"`
	}
	if err := json.Unmarshal(cmdReq.Body, &cmds); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, c := range cmds {
		got[c.Name] = true
		if c.DMPermission != nil {
			t.Errorf("/%s sends the deprecated dm_permission", c.Name)
		}
		if c.Names["es-ES"] == "" || c.Names["fr"] == "" {
			t.Errorf("/%s name localizations = %v, want es-ES and fr", c.Name, c.Names)
		}
		want := "[0 1 2] [0 1]"
		if c.Name == "reload" {
			want = "[0] [0]"
		}
		if g := strings.Trim(asJSONInts(c.Contexts)+" "+asJSONInts(c.IntegrationTypes), " "); g != want {
			t.Errorf("/%s contexts and integration types = %s, want %s", c.Name, g, want)
		}
	}
	if !got["help"] {
		t.Fatalf("/help not registered: %s", cmdReq.Body)
	}

	i := srv.NewInteraction(discordtest.InteractionCommand, "help", nil, someone(srv, 0))
	cb, _ := h.interact(t, i)
	data, _ := cb["data"].(map[string]any)
	content, _ := data["content"].(string)
	if callbackType(cb) != 4 || flags(cb)&64 == 0 {
		t.Errorf("help callback = %s, want an ephemeral message (type 4, flag 64)", asJSON(cb))
	}
	for _, want := range []string{"/ask question:", "/compare topic:", "/quote", "/sources", "/reload", "/help", "Ask storybot", "Mention me"} {
		if !strings.Contains(content, want) {
			t.Errorf("help lacks %q:\n%s", want, content)
		}
	}
	if strings.Contains(content, "/story set") {
		t.Errorf("help offers /story, which this bot (no stories) lacks:\n%s", content)
	}
	if len([]rune(content)) > 2000 {
		t.Errorf("help is %d characters, over Discord's 2000", len([]rune(content)))
	}
	mentionsBlocked(t, "help", data)
	h.noProblems(t)
}

func asJSONInts(v []int) string {
	parts := make([]string, len(v))
	for i, n := range v {
		parts[i] = strings.TrimSpace(asJSON(n))
	}
	return "[" + strings.Join(parts, " ") + "]"
}
