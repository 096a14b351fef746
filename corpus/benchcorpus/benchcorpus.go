// Package benchcorpus generates the deterministic benchmark corpus: real
// articles (the BBC News set and the news-clusters set from the shared data,
// plus the embedded seed story) multiplied, with variation, to any number of
// sentences.
//
// The first copy of every article is the real text, cleaned by corpus.Parse.
// Later copies vary it the way a growing news archive varies: names become
// other (invented) names, figures change, sentences are reordered, dropped or
// borrowed from another report on the same topic, titles and outlets differ.
// So the vocabulary keeps growing with the corpus and posting lists do not
// simply repeat, while sentences stay real English.
//
// Everything is a pure function of the source files, the seed and the target
// size: the same inputs give the same bytes, on any machine.
package benchcorpus

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"storybot/corpus"
)

// ErrNoSource is returned (wrapped) when the shared data folder holds no
// usable article.
var ErrNoSource = errors.New("no source articles")

// Source is the parsed real articles the corpus is generated from.
type Source struct {
	articles []sourceArticle
	// byTopic lists, per topic, the indexes of its articles, so a copy can
	// borrow a sentence from another report on the same subject.
	byTopic map[string][]int
	seed    []corpus.File // the embedded story, written verbatim
}

type sourceArticle struct {
	kind      string // "bbc" or "news"
	topic     string // BBC folder or news-clusters event
	name      string // file name without extension, unique within kind+topic
	title     string
	outlet    string
	url       string
	published string
	language  string
	// paragraphs are the body's sentences by paragraph (headline excluded).
	paragraphs [][]string
	sentences  int // body sentences
}

// Load reads the source articles from dataDir, the shared data folder that
// holds bbc/ and news-clusters/ (../shared/data from the repository). It
// returns an error wrapping fs.ErrNotExist when a folder is missing and one
// wrapping ErrNoSource when neither folder yields an article.
func Load(dataDir string) (*Source, error) {
	s := &Source{byTopic: map[string][]int{}}
	for _, kind := range []struct{ name, dir string }{{"bbc", "bbc"}, {"news", "news-clusters"}} {
		root := filepath.Join(dataDir, kind.dir)
		if _, err := os.Stat(root); err != nil {
			return nil, fmt.Errorf("load benchmark sources: %w (want the shared data folder holding bbc/ and news-clusters/)", err)
		}
		files, _, err := corpus.ReadFiles(os.DirFS(root))
		if err != nil {
			return nil, fmt.Errorf("load benchmark sources %s: %w", root, err)
		}
		for _, f := range files {
			a, err := corpus.Parse(f)
			if err != nil || len(a.Sentences) < 2 || a.Language != "en" {
				continue // the bench corpus is English; broken files are the parser tests' business
			}
			sa := sourceArticle{kind: kind.name, title: a.Title, outlet: a.Outlet, url: a.URL,
				published: a.Published, language: a.Language}
			if kind.name == "bbc" {
				// bbc/business/001.txt: the folder is the topic, and the
				// first line, a paragraph of its own, the headline.
				if !strings.Contains(f.Name, "/") {
					continue // README.TXT
				}
				sa.topic, sa.name = path.Dir(f.Name), strings.TrimSuffix(path.Base(f.Name), path.Ext(f.Name))
				sa.outlet = "BBC News"
				if sa.title == "" && a.Sentences[0].Paragraph == 1 && a.Sentences[1].Paragraph == 2 {
					sa.title = a.Sentences[0].Text
					a.Sentences = a.Sentences[1:]
				}
			} else {
				sa.topic, sa.name = newsEvent(f.Data), strings.TrimSuffix(f.Name, path.Ext(f.Name))[:min(16, len(f.Name)-len(path.Ext(f.Name)))]
			}
			for _, sent := range a.Sentences {
				if sent.Paragraph == 0 {
					continue
				}
				for len(sa.paragraphs) < sent.Paragraph {
					sa.paragraphs = append(sa.paragraphs, nil)
				}
				sa.paragraphs[sent.Paragraph-1] = append(sa.paragraphs[sent.Paragraph-1], sent.Text)
				sa.sentences++
			}
			// The BBC headline came out of paragraph 1: keep no empty paragraph.
			sa.paragraphs = slices.DeleteFunc(sa.paragraphs, func(p []string) bool { return len(p) == 0 })
			if sa.title == "" || sa.sentences == 0 {
				continue
			}
			key := sa.kind + "/" + sa.topic
			s.byTopic[key] = append(s.byTopic[key], len(s.articles))
			s.articles = append(s.articles, sa)
		}
	}
	if len(s.articles) == 0 {
		return nil, fmt.Errorf("load benchmark sources from %s: %w", dataDir, ErrNoSource)
	}
	seed, _, err := corpus.ReadFiles(corpus.Default())
	if err != nil {
		return nil, fmt.Errorf("load benchmark sources: seed story: %w", err)
	}
	s.seed = seed
	return s, nil
}

// newsEvent returns a folder-safe slug of a news-clusters record's event.
func newsEvent(data []byte) string {
	var rec struct {
		NewsCluster struct {
			EventID   json.Number `json:"EventId"`
			Event     string      `json:"Event"`
			TopicName string      `json:"Topic"`
		} `json:"newsCluster"`
	}
	if json.Unmarshal(data, &rec) != nil {
		return "misc"
	}
	slug := slugify(rec.NewsCluster.Event)
	if slug == "" {
		slug = "event" + rec.NewsCluster.EventID.String()
	}
	if slug == "event" {
		return "misc"
	}
	return slug
}

func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
			dash = false
		} else if b.Len() > 0 && !dash {
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	return strings.TrimRight(b.String(), "-")
}

// Articles is how many real articles the source holds, the seed story
// excluded.
func (s *Source) Articles() int { return len(s.articles) }

// Sentences is how many body sentences (headlines excluded) the real
// articles hold: roughly what one copy adds.
func (s *Source) Sentences() int {
	n := 0
	for _, a := range s.articles {
		n += a.sentences + 1
	}
	return n
}

// Options say what to generate.
type Options struct {
	// Sentences is the number of sentences to write, headlines included, as
	// corpus.Parse will count them give or take a few splitting differences.
	Sentences int
	// Seed picks the variation; the same seed gives the same bytes.
	Seed uint64
	// SampleEvery keeps every SampleEvery-th written sentence in
	// Manifest.Sample, for drawing queries; 0 means Sentences/2000.
	SampleEvery int
}

// Manifest describes a generated corpus.
type Manifest struct {
	// Files are the written files, slash-separated and relative to the
	// folder, in the order written (lexical within each story).
	Files []string
	// Sentences is how many sentences were written, headlines included.
	Sentences int
	// Bytes is the total size of the files.
	Bytes int64
	// Digest is the hex SHA-256 over every file's name and bytes, in order:
	// two corpora with the same Digest are identical.
	Digest string
	// Sample is an evenly spaced sample of the written sentences.
	Sample []string
	// ChangeFile is a mid-sized .txt article suited to timing a one-file
	// incremental reload.
	ChangeFile string
}

// Generate writes a corpus of opts.Sentences sentences into dir, which must
// be absent or empty, and describes it. The seed story comes first, then
// copy 0 of every source article (the real text), then varied copies until
// the target is reached, the last article cut short. It returns an error
// when dir is not empty or cannot be written, and ctx's error when it ends
// first (the files written so far stay).
func (s *Source) Generate(ctx context.Context, dir string, opts Options) (Manifest, error) {
	if opts.Sentences <= 0 {
		return Manifest{}, fmt.Errorf("generate benchmark corpus: %d sentences: want a positive number", opts.Sentences)
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return Manifest{}, fmt.Errorf("generate benchmark corpus: %s is not empty: give a new or empty folder", dir)
	}
	w := &writer{dir: dir, digest: sha256.New(), dirs: map[string]bool{}}
	every := opts.SampleEvery
	if every <= 0 {
		every = max(1, opts.Sentences/2000)
	}
	w.sampleEvery = every

	for _, f := range s.seed {
		a, err := corpus.Parse(f)
		if err != nil {
			return Manifest{}, fmt.Errorf("generate benchmark corpus: seed %s: %w", f.Name, err)
		}
		if w.sentences+len(a.Sentences) > opts.Sentences {
			continue // the seed is written verbatim or not at all
		}
		texts := make([]string, len(a.Sentences))
		for i, st := range a.Sentences {
			texts[i] = st.Text
		}
		if err := w.write("seed/"+f.Name, f.Data, texts); err != nil {
			return Manifest{}, err
		}
	}
	for c := 0; w.sentences < opts.Sentences; c++ {
		for i := range s.articles {
			left := opts.Sentences - w.sentences
			if left <= 0 {
				break
			}
			if err := ctx.Err(); err != nil {
				return Manifest{}, fmt.Errorf("generate benchmark corpus: %w", err)
			}
			name, data, texts := s.render(opts.Seed, c, i, left)
			if err := w.write(name, data, texts); err != nil {
				return Manifest{}, err
			}
		}
	}
	m := Manifest{Files: w.files, Sentences: w.sentences, Bytes: w.bytes,
		Digest: hex.EncodeToString(w.digest.Sum(nil)), Sample: w.sample, ChangeFile: w.change}
	return m, nil
}

type writer struct {
	dir         string
	dirs        map[string]bool
	files       []string
	sentences   int
	bytes       int64
	digest      hash.Hash
	sampleEvery int
	sample      []string
	change      string
}

func (w *writer) write(name string, data []byte, sentences []string) error {
	full := filepath.Join(w.dir, filepath.FromSlash(name))
	if d := filepath.Dir(full); !w.dirs[d] {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("generate benchmark corpus: %w", err)
		}
		w.dirs[d] = true
	}
	if err := os.WriteFile(full, data, 0o644); err != nil {
		return fmt.Errorf("generate benchmark corpus: %w", err)
	}
	fmt.Fprintf(w.digest, "%s\x00%d\x00", name, len(data))
	w.digest.Write(data)
	for _, t := range sentences {
		if w.sentences%w.sampleEvery == 0 {
			w.sample = append(w.sample, t)
		}
		w.sentences++
	}
	if w.change == "" && strings.HasSuffix(name, ".txt") && !strings.HasPrefix(name, "seed/") && len(sentences) >= 15 {
		w.change = name
	}
	w.files = append(w.files, name)
	w.bytes += int64(len(data))
	return nil
}

// render returns copy c of article i as a file: its name, bytes and the
// sentences it holds (headline first), at most limit sentences.
func (s *Source) render(seed uint64, c, i, limit int) (string, []byte, []string) {
	a := s.articles[i]
	r := newRand(seed, uint64(c), uint64(i))
	v := variation{r: r, names: map[string]string{}, on: c > 0}

	title := v.sentence(a.title)
	var paras [][]string
	for _, para := range a.paragraphs {
		var out []string
		for _, t := range para {
			if v.on && r.chance(0.05) && a.sentences > 3 {
				continue // dropped
			}
			out = append(out, v.sentence(t))
			if v.on && r.chance(0.05) {
				out = append(out, v.sentence(s.borrow(r, a, i)))
			}
		}
		if v.on && len(out) > 1 && r.chance(0.2) {
			j := r.intn(len(out) - 1)
			out[j], out[j+1] = out[j+1], out[j]
		}
		if len(out) > 0 {
			paras = append(paras, out)
		}
	}
	// Cut to the limit, headline counted, keeping at least one body sentence.
	texts := []string{title}
	for pi := range paras {
		room := limit - len(texts)
		if room <= 0 {
			paras = paras[:pi]
			break
		}
		if len(paras[pi]) > room {
			paras[pi] = paras[pi][:room]
		}
		texts = append(texts, paras[pi]...)
	}
	var nonEmpty [][]string
	for _, p := range paras {
		if len(p) > 0 {
			nonEmpty = append(nonEmpty, p)
		}
	}
	if len(nonEmpty) == 0 {
		// Room for one sentence only: a body sentence without a headline,
		// since an article needs a body.
		nonEmpty = [][]string{{a.paragraphs[0][0]}}
		title, texts = "", nonEmpty[0]
	}

	outlet, published := a.outlet, a.published
	if v.on {
		outlet = outletName(r)
		published = shiftDate(a.published, c)
	}
	dir := fmt.Sprintf("c%02d-%s-%s", c, a.kind, a.topic)
	if a.kind == "news" {
		body := make([]string, len(nonEmpty))
		for k, p := range nonEmpty {
			body[k] = strings.Join(p, " ")
		}
		rec := newsRecord{Title: title, Text: strings.Join(body, "\n"), URL: variedURL(a.url, c),
			SourceDomain: domainOf(outlet, a.url, v.on), DatePublish: published, Language: "en"}
		data, _ := json.MarshalIndent(rec, "", "  ") // plain strings: cannot fail
		return dir + "/" + a.name + ".json", append(data, '\n'), texts
	}
	var b strings.Builder
	if title != "" {
		fmt.Fprintf(&b, "Title: %s\n", title)
	}
	fmt.Fprintf(&b, "Outlet: %s\n", outlet)
	if published != "" {
		fmt.Fprintf(&b, "Published: %s\n", published)
	}
	b.WriteString("Language: en\n\n")
	for _, p := range nonEmpty {
		b.WriteString(strings.Join(p, " "))
		b.WriteString("\n")
	}
	return dir + "/" + a.name + ".txt", []byte(b.String()), texts
}

type newsRecord struct {
	Title        string `json:"title"`
	Text         string `json:"text"`
	URL          string `json:"url"`
	SourceDomain string `json:"source_domain"`
	DatePublish  string `json:"date_publish"`
	Language     string `json:"language"`
}

// borrow returns a sentence from another article on a's topic.
func (s *Source) borrow(r *rng, a sourceArticle, self int) string {
	peers := s.byTopic[a.kind+"/"+a.topic]
	j := peers[r.intn(len(peers))]
	if j == self && len(peers) > 1 {
		j = peers[(r.intn(len(peers)-1)+1+indexOf(peers, self))%len(peers)]
	}
	p := s.articles[j]
	k := r.intn(p.sentences)
	for _, para := range p.paragraphs {
		if k < len(para) {
			return para[k]
		}
		k -= len(para)
	}
	return p.title
}

func indexOf(xs []int, x int) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return 0
}

// variation rewrites one article's sentences; an article keeps one
// replacement per name, so its people stay consistent.
type variation struct {
	r     *rng
	names map[string]string
	on    bool
}

// sentence varies one sentence: names become invented names (with
// probability 0.35 per distinct name) and digits change, so the vocabulary
// grows with the corpus the way an archive's does.
func (v *variation) sentence(t string) string {
	if !v.on {
		return t
	}
	var b strings.Builder
	b.Grow(len(t) + 8)
	first := true
	for i := 0; i < len(t); {
		r, size := utf8.DecodeRuneInString(t[i:])
		switch {
		case unicode.IsUpper(r):
			j := i + size
			for j < len(t) {
				r2, s2 := utf8.DecodeRuneInString(t[j:])
				if !unicode.IsLetter(r2) {
					break
				}
				j += s2
			}
			word := t[i:j]
			if !first && j-i >= 3 {
				word = v.name(word)
			}
			b.WriteString(word)
			first = false
			i = j
		case r >= '0' && r <= '9':
			b.WriteByte(byte('0' + v.r.intn(10)))
			first = false
			i += size
		default:
			if unicode.IsLetter(r) {
				first = false
			}
			b.WriteRune(r)
			i += size
		}
	}
	return b.String()
}

func (v *variation) name(word string) string {
	if n, ok := v.names[word]; ok {
		return n
	}
	n := word
	if v.r.chance(0.35) {
		// Skewed towards the front of the name space, so some invented names
		// are common across the corpus and most are rare.
		u := v.r.float()
		n = inventedName(int(u * u * u * float64(nameSpace)))
	}
	v.names[word] = n
	return n
}

var syllables = [...]string{"ka", "lo", "mi", "ren", "sa", "tor", "vel", "an", "bri", "cor",
	"da", "el", "fin", "gar", "hol", "is", "jan", "kel", "lin", "mor",
	"nor", "os", "pel", "quin", "ros", "sten", "tal", "ul", "var", "wen",
	"yor", "zan", "ber", "cas", "dor", "em", "fal", "gil", "har", "ix"}

const nameSpace = len(syllables) * len(syllables) * len(syllables)

// inventedName is a pronounceable capitalised name, distinct for every n
// below nameSpace.
func inventedName(n int) string {
	k := len(syllables)
	s := syllables[n%k] + syllables[(n/k)%k] + syllables[(n/(k*k))%k]
	return strings.ToUpper(s[:1]) + s[1:]
}

var outletWords = [...]string{"Times", "Post", "Herald", "Tribune", "Courier", "Gazette", "Observer", "Journal", "Chronicle", "Ledger", "Dispatch", "Sentinel"}

func outletName(r *rng) string {
	u := r.float()
	return "The " + inventedName(int(u*u*2000)) + " " + outletWords[r.intn(len(outletWords))]
}

func domainOf(outlet, url string, varied bool) string {
	if !varied {
		if _, rest, ok := strings.Cut(url, "://"); ok {
			host, _, _ := strings.Cut(rest, "/")
			return host
		}
		return ""
	}
	return slugify(outlet) + ".example"
}

func variedURL(url string, c int) string {
	if c == 0 || url == "" {
		return url
	}
	return url + "?copy=" + strconv.Itoa(c)
}

// shiftDate moves a YYYY-MM-DD… date by c days' worth of months, keeping
// the rest; other forms are left alone.
func shiftDate(d string, c int) string {
	if len(d) < 10 || d[4] != '-' || d[7] != '-' {
		return d
	}
	y, err1 := strconv.Atoi(d[:4])
	m, err2 := strconv.Atoi(d[5:7])
	if err1 != nil || err2 != nil {
		return d
	}
	m += c
	y += (m - 1) / 12
	m = (m-1)%12 + 1
	return fmt.Sprintf("%04d-%02d%s", y, m, d[7:])
}

// rng is SplitMix64: tiny, fast and fixed forever, unlike the standard
// library's generators whose derived methods may change between releases.
type rng struct{ state uint64 }

func newRand(parts ...uint64) *rng {
	r := &rng{state: 0x9E3779B97F4A7C15}
	for _, p := range parts {
		r.state ^= p
		r.next()
	}
	return r
}

func (r *rng) next() uint64 {
	r.state += 0x9E3779B97F4A7C15
	z := r.state
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// intn returns a number in [0, n); n must be positive.
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

func (r *rng) chance(p float64) bool { return r.float() < p }

// Queries draws n questions from sample, deterministically for a seed: a
// mix of keyword runs ("central bank interest rates") and questions built
// around a run of the sentence's words ("What did they say about …?",
// "Who …?"), the forms storybot is asked in.
func Queries(sample []string, n int, seed uint64) []string {
	if len(sample) == 0 || n <= 0 {
		return nil
	}
	r := newRand(seed, 0x51)
	out := make([]string, 0, n)
	for len(out) < n {
		words := strings.Fields(sample[r.intn(len(sample))])
		if len(words) < 3 {
			continue
		}
		size := min(len(words), 2+r.intn(6))
		start := r.intn(len(words) - size + 1)
		run := make([]string, size)
		for i, w := range words[start : start+size] {
			run[i] = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		}
		phrase := strings.Join(strings.Fields(strings.Join(run, " ")), " ")
		if phrase == "" {
			continue
		}
		switch r.intn(4) {
		case 0, 1:
			out = append(out, phrase)
		case 2:
			out = append(out, "What did they say about "+phrase+"?")
		default:
			out = append(out, "Who "+phrase+"?")
		}
	}
	return out
}
