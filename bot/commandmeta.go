package bot

import "github.com/bwmarrin/discordgo"

// adminCommand reports whether a command changes what every server sees
// or a server's settings; such commands exist only in servers that
// installed the bot.
func adminCommand(name string) bool { return name == "reload" || name == "add" || name == "story" }

// localized is a command's name and description in one locale.
type localized struct{ name, description string }

// commandLocales are the Spanish and French names and descriptions of the
// commands. Discord still sends the English name in interactions, so
// handlers need not know them.
func commandLocales() map[string]map[discordgo.Locale]localized {
	return map[string]map[discordgo.Locale]localized{
		"ask": {
			discordgo.SpanishES: {"preguntar", "Pregunta sobre la noticia; cada fuente responde con su cita, lado a lado"},
			discordgo.French:    {"demander", "Posez une question sur l'actualité ; chaque source répond par une citation"},
		},
		"compare": {
			discordgo.SpanishES: {"comparar", "Lo que dice cada fuente sobre un tema, lado a lado, con las diferencias en negrita"},
			discordgo.French:    {"comparer", "Ce que dit chaque source sur un sujet, côte à côte, les écarts en gras"},
		},
		"quote": {
			discordgo.SpanishES: {"citar", "Citas textuales de las fuentes, por orador y tema"},
			discordgo.French:    {"citer", "Citations directes des sources, par orateur et par sujet"},
		},
		"sources": {
			discordgo.SpanishES: {"fuentes", "Los artículos de los que responde storybot: medio, título, fecha y enlace"},
			discordgo.French:    {"sources", "Les articles dont storybot se sert : média, titre, date et lien"},
		},
		"reload": {
			discordgo.SpanishES: {"recargar", "Reindexa la carpeta de artículos e informa de los cambios (administradores)"},
			discordgo.French:    {"recharger", "Réindexe le dossier d'articles et indique ce qui a changé (gestionnaires)"},
		},
		"add": {
			discordgo.SpanishES: {"añadir", "Añade un artículo a las fuentes: página guardada o texto pegado (administradores)"},
			discordgo.French:    {"ajouter", "Ajoute un article aux sources : page enregistrée ou texte collé (administrateurs)"},
		},
		"story": {
			discordgo.SpanishES: {"historia", "Elige la historia por defecto de este canal (administradores)"},
			discordgo.French:    {"histoire", "Choisit l'histoire par défaut de ce salon (gestionnaires du serveur)"},
		},
		"help": {
			discordgo.SpanishES: {"ayuda", "Qué sabe hacer storybot y cómo preguntarle"},
			discordgo.French:    {"aide", "Ce que storybot sait faire et comment lui poser une question"},
		},
		askMessageName: {
			discordgo.SpanishES: {"Preguntar a storybot", ""},
			discordgo.French:    {"Demander à storybot", ""},
		},
	}
}

// finishCommand sets where def may be used (contexts, which replace the
// deprecated dm_permission), how it may be installed, and its
// localizations. Outside servers, in the bot's DMs and, user-installed, in
// any DM or group chat, the bot answers through the interaction alone.
func finishCommand(def *discordgo.ApplicationCommand) {
	contexts := []discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	installs := []discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall}
	if !adminCommand(def.Name) {
		contexts = append(contexts, discordgo.InteractionContextBotDM, discordgo.InteractionContextPrivateChannel)
		installs = append(installs, discordgo.ApplicationIntegrationUserInstall)
	}
	def.Contexts = &contexts
	def.IntegrationTypes = &installs
	locales, ok := commandLocales()[def.Name]
	if !ok {
		return
	}
	names := map[discordgo.Locale]string{}
	descriptions := map[discordgo.Locale]string{}
	for loc, l := range locales {
		names[loc] = l.name
		if l.description != "" {
			descriptions[loc] = l.description
		}
	}
	def.NameLocalizations = &names
	// Only chat commands have descriptions; a message command must not.
	if def.Type == discordgo.ChatApplicationCommand || def.Type == 0 {
		def.DescriptionLocalizations = &descriptions
	}
}
