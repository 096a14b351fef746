package bot_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"storybot/bot"
	"storybot/bot/discordtest"
	"storybot/corpus"
)

// TestWhoMayReload runs /reload against the fake Discord as operators,
// server managers and members, in the bot's home server and elsewhere,
// under each way of deciding who may reload the shared corpus.
func TestWhoMayReload(t *testing.T) {
	const (
		operator   = "900000000000000001"
		otherGuild = "800000000000000001"
		manage     = 1 << 5 // Manage Server
		admin      = 1 << 3 // Administrator
	)
	type attempt struct {
		who       string
		user      string // "" makes a new user
		perms     int64
		elsewhere bool   // in otherGuild instead of the fake's guild
		refusal   string // "" when allowed
	}
	tests := []struct {
		name       string
		admins     []string
		ownerGuild bool // the fake's guild is the owner
		attempts   []attempt
	}{
		{"neither set: managers anywhere", nil, false, []attempt{
			{"manager", "", manage, false, ""},
			{"manager elsewhere", "", manage, true, ""},
			{"administrator", "", admin, false, ""},
			{"member", "", 0, false, "only server managers"},
		}},
		{"admins: only they", []string{operator}, false, []attempt{
			{"operator without permissions", operator, 0, false, ""},
			{"operator elsewhere", operator, 0, true, ""},
			{"manager", "", manage, false, "only the bot's operators"},
			{"administrator", "", admin, false, "only the bot's operators"},
			{"member", "", 0, false, "only the bot's operators"},
		}},
		{"owner guild: its managers only", nil, true, []attempt{
			{"manager at home", "", manage, false, ""},
			{"administrator at home", "", admin, false, ""},
			{"manager elsewhere", "", manage, true, "only the managers of the bot's home server"},
			{"member at home", "", 0, false, "only the managers of the bot's home server"},
		}},
		{"both: operators anywhere, managers at home", []string{operator}, true, []attempt{
			{"operator elsewhere", operator, 0, true, ""},
			{"manager at home", "", manage, false, ""},
			{"manager elsewhere", "", manage, true, "only the bot's operators and the managers of its home server"},
			{"member at home", "", 0, false, "only the bot's operators and the managers of its home server"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var reloads atomic.Int32
			var srv *discordtest.Server
			h := startBot(t, loadSpec(t), func(c *bot.Config) {
				c.SyncCommands = false
				c.Admins = tt.admins
				if tt.ownerGuild {
					// The fake's guild id is only known once it runs; the
					// harness sets GuildID from it.
					c.OwnerGuild = c.GuildID
				}
				inner := fakeReload(time.Millisecond)
				c.Reload = func(ctx context.Context, p func(int, int)) (corpus.ReloadReport, error) {
					reloads.Add(1)
					return inner(ctx, p)
				}
			})
			srv = h.srv
			for _, a := range tt.attempts {
				u := someone(srv, a.perms)
				if a.user != "" {
					u.ID = a.user
				}
				i := srv.NewInteraction(discordtest.InteractionCommand, "reload", nil, u)
				if a.elsewhere {
					i.Payload["guild_id"] = otherGuild
				}
				before := reloads.Load()
				cb, mark := h.interact(t, i)
				if callbackType(cb) == 0 || flags(cb)&64 == 0 {
					t.Errorf("%s: callback %s is not ephemeral", a.who, asJSON(cb))
				}
				if a.refusal != "" {
					content, _ := cb["data"].(map[string]any)["content"].(string)
					if callbackType(cb) != 4 || !strings.Contains(content, a.refusal) {
						t.Errorf("%s: callback %s, want a refusal saying %q", a.who, asJSON(cb), a.refusal)
					}
					if reloads.Load() != before {
						t.Errorf("%s: refused, yet the corpus was reloaded", a.who)
					}
					continue
				}
				if callbackType(cb) != 5 {
					t.Errorf("%s: callback %s, want the reload to start (deferred)", a.who, asJSON(cb))
					continue
				}
				if _, err := srv.Wait(mark, wait, func(r discordtest.Request) bool {
					return r.Method == "PATCH" && strings.Contains(string(r.Body), "Reload done")
				}); err != nil {
					t.Errorf("%s: no reload report: %v", a.who, err)
				}
				if reloads.Load() != before+1 {
					t.Errorf("%s: allowed, but %d reloads ran", a.who, reloads.Load()-before)
				}
			}
			h.noProblems(t)
		})
	}
}
