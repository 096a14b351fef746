package bot

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// chatName is Discord's rule for a chat command's name in any locale.
var chatName = regexp.MustCompile(`^[-_\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$`)

func TestCommandMetadata(t *testing.T) {
	all := []*command{askCommand(), quoteCommand(), sourcesCommand(), reloadCommand(), helpCommand(), askMessageCommand(), storyCommand(), addCommand(true)}
	for _, c := range all {
		def := c.def
		finishCommand(def)
		t.Run(def.Name, func(t *testing.T) {
			if def.DMPermission != nil {
				t.Errorf("dm_permission set; contexts replace it")
			}
			if def.Contexts == nil || def.IntegrationTypes == nil {
				t.Fatalf("contexts %v, integration types %v: want both", def.Contexts, def.IntegrationTypes)
			}
			admin := def.Name == "reload" || def.Name == "story" || def.Name == "add"
			wantContexts, wantInstalls := 3, 2
			if admin {
				wantContexts, wantInstalls = 1, 1
			}
			if len(*def.Contexts) != wantContexts || len(*def.IntegrationTypes) != wantInstalls {
				t.Errorf("contexts %v, integration types %v; want %d and %d", *def.Contexts, *def.IntegrationTypes, wantContexts, wantInstalls)
			}
			if admin && ((*def.Contexts)[0] != discordgo.InteractionContextGuild || (*def.IntegrationTypes)[0] != discordgo.ApplicationIntegrationGuildInstall) {
				t.Errorf("admin command usable outside servers: %v %v", *def.Contexts, *def.IntegrationTypes)
			}
			if def.NameLocalizations == nil {
				t.Fatal("no name localizations")
			}
			for _, loc := range []discordgo.Locale{discordgo.SpanishES, discordgo.French} {
				name := (*def.NameLocalizations)[loc]
				if def.Type == discordgo.MessageApplicationCommand {
					if name == "" || utf8.RuneCountInString(name) > 32 {
						t.Errorf("%s name %q", loc, name)
					}
					if def.DescriptionLocalizations != nil {
						t.Errorf("message command has description localizations")
					}
					continue
				}
				if !chatName.MatchString(name) || name != strings.ToLower(name) {
					t.Errorf("%s name %q breaks Discord's rule for chat command names", loc, name)
				}
				if def.DescriptionLocalizations == nil {
					t.Fatal("no description localizations")
				}
				desc := (*def.DescriptionLocalizations)[loc]
				if n := utf8.RuneCountInString(desc); n == 0 || n > 100 {
					t.Errorf("%s description %q is %d long, want 1 to 100", loc, desc, n)
				}
			}
		})
	}
}

func TestSafeFileName(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Quake in Lima (AP).html", "quake-in-lima-ap.html"},
		{"../../etc/passwd", "passwd"},
		{`C:\Users\me\story.TXT`, "story.txt"},
		{".hidden.json", "hidden.json"},
		{"Sheinbaum rechaza las tropas de EE. UU.", "sheinbaum-rechaza-las-tropas-de-ee-uu"},
		{"Émeutes à Paris.md", "émeutes-à-paris.md"},
		{"???", "article"},
		{strings.Repeat("a", 300) + ".json", strings.Repeat("a", 95) + ".json"},
	} {
		if got := safeFileName(tt.in); got != tt.want {
			t.Errorf("safeFileName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
