package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// internalFlag marks a flag's usage as internal: it works but is not shown
// in help, since only storybot itself passes it.
const internalFlag = "internal:"

// printFlags writes fs's flags as the usage lines spell them, with two
// dashes (the flag package prints one), leaving out internal flags.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		if strings.HasPrefix(f.Usage, internalFlag) {
			return
		}
		name, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if name != "" {
			line += " " + name
		}
		// Short flags fit on one line with their usage, as flag does it.
		if len(line) <= 4 {
			line += "\t"
		} else {
			line += "\n    \t"
		}
		line += strings.ReplaceAll(usage, "\n", "\n    \t")
		if showDefault(f) {
			if fmt.Sprintf("%T", f.Value) == "*flag.stringValue" {
				line += fmt.Sprintf(" (default %q)", f.DefValue)
			} else {
				line += " (default " + f.DefValue + ")"
			}
		}
		fmt.Fprintln(w, line)
	})
}

// showDefault reports whether a flag's default says something: not the
// zero value of its type.
func showDefault(f *flag.Flag) bool {
	switch f.DefValue {
	case "", "0", "false", "0s", "[]":
		return false
	}
	return true
}
