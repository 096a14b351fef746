package corpus

import (
	"net/url"
	"strings"
	"time"
)

// dateLayouts are the date forms met in news-please records, page metadata
// and article headers, most common first. Those without a zone are read as
// dates only (see normalizeDate).
var dateLayouts = []struct {
	layout   string
	zoned    bool
	withTime bool
}{
	{time.RFC3339, true, true},
	{"2006-01-02T15:04:05.999999999Z0700", true, true},
	{"2006-01-02 15:04:05Z07:00", true, true},
	{"2006-01-02 15:04:05", false, true},
	{"2006-01-02T15:04:05", false, true},
	{"2006-01-02T15:04", false, true},
	{"2006-01-02 15:04", false, true},
	{"2006-01-02", false, false},
	{"2006/01/02", false, false},
	{time.RFC1123Z, true, true},
	{time.RFC1123, true, true},
	{"Mon, 2 Jan 2006 15:04:05 -0700", true, true},
	{"Mon, 2 Jan 2006 15:04:05 MST", true, true},
	{"January 2, 2006", false, false},
	{"Jan 2, 2006", false, false},
	{"Jan. 2, 2006", false, false},
	{"2 January 2006", false, false},
	{"2 Jan 2006", false, false},
	{"Monday, January 2, 2006", false, false},
	{"Monday 2 January 2006", false, false},
}

// normalizeDate turns a published date into "2006-01-02", or into RFC 3339
// when it carries a time and a zone. A time without a zone is no point in
// time (news-please writes the page's local time), so only its date is
// kept. A date none of dateLayouts reads is kept as written, trimmed, since
// a reader still learns something from it.
func normalizeDate(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return ""
	}
	for _, l := range dateLayouts {
		t, err := time.Parse(l.layout, s)
		if err != nil {
			continue
		}
		if l.zoned && l.withTime {
			return t.Format(time.RFC3339)
		}
		return t.Format("2006-01-02")
	}
	return abbreviate(s)
}

// trackingParams are query parameters that only trace how a reader came to
// a page; removing them gives the same page. Names are compared in lower
// case; utm_* is matched by prefix. Parameters that some sites use for
// content ("ref", "source", "id") are deliberately not here.
var trackingParams = setOf("fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "igshid",
	"mc_cid", "mc_eid", "ocid", "cmpid", "cmp", "xtor", "_hsenc", "_hsmi", "mkt_tok", "ref_src", "ref_url",
	"smid", "smtyp", "wt.mc_id", "ncid", "__twitter_impression")

// cleanURL removes tracking parameters from u, keeping the others in their
// order and spelling. Text that is no http(s) URL comes back trimmed.
func cleanURL(u string) string {
	u = strings.TrimSpace(u)
	base, query, ok := strings.Cut(u, "?")
	if !ok || !(strings.HasPrefix(strings.ToLower(u), "http://") || strings.HasPrefix(strings.ToLower(u), "https://")) {
		return u
	}
	query, frag, hasFrag := strings.Cut(query, "#")
	var kept []string
	for _, kv := range strings.Split(query, "&") {
		if kv == "" {
			continue
		}
		k, _, _ := strings.Cut(kv, "=")
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		k = strings.ToLower(k)
		if strings.HasPrefix(k, "utm_") || trackingParams[k] {
			continue
		}
		kept = append(kept, kv)
	}
	out := base
	if len(kept) > 0 {
		out += "?" + strings.Join(kept, "&")
	}
	if hasFrag && !strings.HasPrefix(strings.ToLower(frag), "xtor=") {
		out += "#" + frag
	}
	return out
}

// outletFromURL names an outlet by the URL's host ("dw.com"), "" when u is
// no absolute http(s) URL.
func outletFromURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Hostname() == "" {
		return ""
	}
	return outletFromDomain(p.Hostname())
}
