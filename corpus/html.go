package corpus

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/transform"
)

// htmlDocument reads a saved web page: readability finds the main text,
// title, byline, site name, language and published time; the canonical
// URL comes from <link rel="canonical"> or og:url. Each block element of
// the main text (p, li, h2, blockquote, …) is a paragraph; figure captions
// are left out, as captions are in text files. The page's declared charset
// is honoured.
//
// It returns an error wrapping ErrBadHTML when readability finds no main
// text, saying what to do.
func htmlDocument(data []byte) (document, error) {
	// Without a declared charset the HTML standard falls back on
	// windows-1252, which turns a UTF-8 page's "’" into "â€™"; saved pages
	// today are UTF-8.
	var r io.Reader = bytes.NewReader(data)
	if enc, _, certain := charset.DetermineEncoding(data, "text/html"); certain || !utf8.Valid(data) {
		r = transform.NewReader(r, enc.NewDecoder())
	}
	root, err := html.Parse(r)
	if err != nil && strings.Contains(err.Error(), "open stack of elements exceeds") {
		// x/net/html itself refuses elements nested over 512 deep, before
		// depth below can.
		return document{}, errTooDeep
	}
	if err != nil {
		return document{}, fmt.Errorf("%w: %v; save the page again from the browser (File → Save Page As, \"Web Page, HTML only\")", ErrBadHTML, err)
	}
	if d := depth(root, maxHTMLDepth); d > maxHTMLDepth {
		// Readability's work grows with the square of the nesting; a page
		// nested this deep is broken or hostile, and would stall a reload.
		return document{}, errTooDeep
	}
	canonical := canonicalURL(root)
	art, err := readability.FromDocument(root, nil)
	if err != nil || art.Node == nil {
		return document{}, fmt.Errorf("%w: no main text found (readability: %v); save the article's own page, not a front page or a page that loads its text by script, or paste its text into a .txt file", ErrBadHTML, err)
	}
	d := document{
		title:      strings.Join(strings.Fields(art.Title()), " "),
		outlet:     strings.Join(strings.Fields(art.SiteName()), " "),
		url:        canonical,
		language:   art.Language(),
		paras:      blockTexts(art.Node),
		hostOutlet: true,
	}
	d.dropFirst = d.title
	if by := strings.Join(strings.Fields(art.Byline()), " "); by != "" && len(by) < 200 {
		by = strings.TrimPrefix(strings.TrimPrefix(by, "By "), "by ")
		// Bylines run into dates and counters ("Lucas Nolan22 Dec 2016651");
		// a name holds no digit.
		for _, a := range cleanAuthors(splitAuthors(by)) {
			if !strings.ContainsAny(a, "0123456789") {
				d.authors = append(d.authors, a)
			}
		}
	}
	if t, err := art.PublishedTime(); err == nil {
		if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
			d.published = t.Format("2006-01-02")
		} else {
			d.published = t.Format(time.RFC3339)
		}
	}
	if len(d.paras) == 0 {
		return document{}, fmt.Errorf("%w: the main text is empty; save the article's own page, or paste its text into a .txt file", ErrBadHTML)
	}
	return d, nil
}

// maxHTMLDepth bounds how deep a page's elements may nest. Real pages
// nest a few dozen deep; at this depth readability still takes only
// milliseconds, while 16,000 nested tables take minutes.
const maxHTMLDepth = 512

// errTooDeep refuses a page nested over maxHTMLDepth deep.
var errTooDeep = fmt.Errorf("%w: elements nested over %d deep; save the article's page again, or paste its text into a .txt file", ErrBadHTML, maxHTMLDepth)

// depth returns how deep the tree under n nests, counting no further than
// limit+1, without recursion.
func depth(n *html.Node, limit int) int {
	deepest, d := 0, 0
	for c := n; c != nil; {
		if d > deepest {
			deepest = d
			if deepest > limit {
				return deepest
			}
		}
		if c.FirstChild != nil {
			c, d = c.FirstChild, d+1
			continue
		}
		for c != nil && c != n && c.NextSibling == nil {
			c, d = c.Parent, d-1
		}
		if c == nil || c == n {
			break
		}
		c = c.NextSibling
	}
	return deepest
}

// canonicalURL is the page's own URL as it declares it: <link
// rel="canonical">, else <meta property="og:url">; "" when neither.
func canonicalURL(root *html.Node) string {
	var canon, og string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Link:
				if strings.EqualFold(attr(n, "rel"), "canonical") && canon == "" {
					canon = attr(n, "href")
				}
			case atom.Meta:
				if strings.EqualFold(attr(n, "property"), "og:url") && og == "" {
					og = attr(n, "content")
				}
			case atom.Body:
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	for _, u := range []string{canon, og} {
		if u = strings.TrimSpace(u); strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
			return u
		}
	}
	return ""
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

// blockAtoms are the elements that start a paragraph of their own.
var blockAtoms = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Blockquote: true, atom.Pre: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Section: true, atom.Article: true, atom.Header: true, atom.Footer: true, atom.Aside: true,
	atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Table: true,
	atom.Tr: true, atom.Td: true, atom.Th: true, atom.Figure: true, atom.Main: true, atom.Hr: true,
	atom.Br: true, atom.Address: true, atom.Details: true, atom.Summary: true,
}

// skipAtoms are elements whose text is no part of the article's body.
var skipAtoms = map[atom.Atom]bool{
	atom.Figcaption: true, atom.Script: true, atom.Style: true, atom.Noscript: true,
	atom.Button: true, atom.Form: true, atom.Nav: true, atom.Svg: true, atom.Math: true,
	atom.Template: true, atom.Iframe: true, atom.Select: true, atom.Textarea: true,
}

// blockTexts returns the texts of n's block elements in document order,
// whitespace collapsed as a browser shows it, empty ones left out.
func blockTexts(n *html.Node) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if t := strings.Join(strings.Fields(cur.String()), " "); t != "" {
			out = append(out, t)
		}
		cur.Reset()
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
			if skipAtoms[n.DataAtom] {
				return
			}
			// Inline elements run into their neighbours as the page has
			// them: "<b>one</b><i>two</i>" is one word.
			if blockAtoms[n.DataAtom] {
				flush()
				defer flush()
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	flush()
	return out
}
