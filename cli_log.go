package main

import (
	"fmt"
	"strings"
)

// setLogFormat takes --log-format. Given after the command name, it
// replaces the logger made from the global flags; commands parse their
// flags before they log or hand the logger on.
func (a *app) setLogFormat(format string) error {
	format = strings.ToLower(strings.TrimSpace(format))
	if format != "text" && format != "json" {
		return fmt.Errorf("log format %q: want text or json", format)
	}
	a.LogFormat = format
	if a.newLog != nil {
		a.Logger = a.newLog(format)
	}
	return nil
}
