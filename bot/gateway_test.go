package bot_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"storybot/bot"
	"storybot/bot/discordtest"
)

// TestGatewayRefusals: when Discord closes the gateway at IDENTIFY, Run
// returns at once with an error saying what to change, and logs it.
func TestGatewayRefusals(t *testing.T) {
	tests := []struct {
		name     string
		listen   bool
		token    string
		disallow int
		want     []string
	}{
		{"message content not enabled (4014)", true, testToken, 1 << 15,
			[]string{"4014", "Message Content Intent", "Developer Portal", "--listen-channels"}},
		{"wrong token (4004)", false, "some-other-token", 0,
			[]string{"4004", "DISCORD_TOKEN", "Developer Portal"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := discordtest.New(discordtest.Options{Token: testToken, DisallowedIntents: tt.disallow})
			defer srv.Close()
			logs := &syncBuffer{}
			eng := &fakeEngine{}
			cfg := bot.Config{Token: tt.token, APIBase: srv.APIBase, Answerer: eng, Library: eng, Reload: fakeReload(0),
				Logger: slog.New(slog.NewTextHandler(logs, nil))}
			if tt.listen {
				cfg.ListenChannels = []string{"3001"}
			}
			b, err := bot.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			errc := make(chan error, 1)
			go func() { errc <- b.Run(context.Background()) }()
			select {
			case err = <-errc:
			case <-time.After(wait):
				t.Fatal("Run kept going after Discord closed the gateway")
			}
			if err == nil {
				t.Fatal("Run returned nil")
			}
			for _, want := range tt.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
				if !strings.Contains(logs.String(), want) {
					t.Errorf("logs lack %q:\n%s", want, logs)
				}
			}
			if strings.Contains(err.Error()+logs.String(), tt.token) {
				t.Error("the token appears in the error or the logs")
			}
		})
	}
}
