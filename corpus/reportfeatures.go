package corpus

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Report features are what telling whether two articles are one report
// (one wire story carried by several outlets, which qa cites once) needs of
// an article's body: its word shingles, and each sentence's names and
// figures apart from its other words. The store computes them when it
// indexes an article, so answering a question reads them instead of the
// articles' text; qa computes the same from the text for an index that
// does not keep them.
const (
	// ReportShingle is the length in words of a shingle.
	ReportShingle = 5
	// LedeSentences is how many body sentences make an article's lede:
	// those among its first LedeSentences+1 sentences, the headline being
	// the first.
	LedeSentences = 6
)

// ReportFeatures are an article body's report features. The headline
// (paragraph 0) is left out: outlets write their own.
type ReportFeatures struct {
	// Shingles hash the body's word ReportShingle-grams, across sentence
	// ends; sorted, distinct.
	Shingles []uint32
	// Sentences are the body's sentences, in reading order.
	Sentences []SentenceFacts
	// Lede is how many of Sentences are in the lede (LedeSentences).
	Lede int
	// Agency is the news agency the body's text credits first (Agency), or
	// "".
	Agency string
}

// SentenceFacts is one sentence with its names and figures (FactWords)
// apart: two sentences with the same Skeleton say the same thing around
// them. Words are compared lower-cased.
type SentenceFacts struct {
	// Skeleton hashes the sentence's words other than its facts, in order.
	Skeleton uint32
	// Facts hash the sentence's fact words, sorted and distinct.
	Facts []uint32
}

// NewReportFeatures computes the report features of an article from its
// sentences, in reading order.
func NewReportFeatures(sents []Sentence) ReportFeatures {
	var b reportBuilder
	return b.build(sents, true)
}

// LedeFeatures computes the Sentences of an article's lede from the
// article's first sentences (the rest are ignored), with Lede set to their
// number; no shingles and no agency, which cost most of the work.
func LedeFeatures(sents []Sentence) ReportFeatures {
	var b reportBuilder
	return b.build(sents[:min(len(sents), LedeSentences+1)], false)
}

// LedeOnly returns the features of f's lede alone: its first Lede
// Sentences, as LedeFeatures computes them.
func (f ReportFeatures) LedeOnly() ReportFeatures {
	return ReportFeatures{Sentences: f.Sentences[:f.Lede:f.Lede], Lede: f.Lede}
}

// Body returns f without its lede's sentences, which LedeOnly holds: the
// store keeps the two apart, so that the lede's are not stored twice, and
// WithBody joins them again.
func (f ReportFeatures) Body() ReportFeatures {
	return ReportFeatures{Shingles: f.Shingles, Sentences: f.Sentences[f.Lede:], Agency: f.Agency}
}

// WithBody returns the whole features of which f is the LedeOnly and body
// the Body.
func (f ReportFeatures) WithBody(body ReportFeatures) ReportFeatures {
	sents := f.Sentences
	if len(body.Sentences) > 0 {
		sents = append(slices.Clip(f.Sentences), body.Sentences...)
	}
	return ReportFeatures{Shingles: body.Shingles, Sentences: sents, Lede: f.Lede, Agency: body.Agency}
}

// reportWord is one word of a sentence: the hash of its lower-cased text
// and whether it is a fact where it stands.
type reportWord struct {
	hash uint64
	fact bool
}

type reportBuilder struct {
	words   []reportWord
	facts   []uint64
	scratch []uint32
}

func (b *reportBuilder) build(sents []Sentence, whole bool) ReportFeatures {
	var f ReportFeatures
	// The shingles' words, kept across sentences: a shingle may span a
	// sentence end.
	var run [ReportShingle]uint64
	n := 0
	for i, s := range sents {
		if s.Paragraph == 0 {
			continue
		}
		sf := b.sentence(s.Text)
		f.Sentences = append(f.Sentences, sf)
		if i <= LedeSentences {
			f.Lede++
		}
		if !whole {
			continue
		}
		if f.Agency == "" {
			f.Agency = Agency(s.Text)
		}
		for _, w := range b.words {
			run[n%ReportShingle] = w.hash
			n++
			if n >= ReportShingle {
				h := uint64(0)
				for k := n - ReportShingle; k < n; k++ {
					h = mixWord(h, run[k%ReportShingle])
				}
				f.Shingles = append(f.Shingles, fold32(h))
			}
		}
	}
	f.Shingles = sortedDistinct(f.Shingles, b.scratch[:0])
	return f
}

// sortedDistinct sorts hs and drops repeats, in place, by a radix sort
// over its bytes (several times faster than a comparison sort on the few
// hundred hashes of an article), using scratch.
func sortedDistinct(hs, scratch []uint32) []uint32 {
	if len(hs) < 64 {
		slices.Sort(hs)
		return slices.Compact(hs)
	}
	scratch = slices.Grow(scratch, len(hs))[:len(hs)]
	src, dst := hs, scratch
	for shift := 0; shift < 32; shift += 8 {
		var count [257]int
		for _, h := range src {
			count[(h>>shift)&0xff+1]++
		}
		for i := 1; i < len(count); i++ {
			count[i] += count[i-1]
		}
		for _, h := range src {
			d := (h >> shift) & 0xff
			dst[count[d]] = h
			count[d]++
		}
		src, dst = dst, src
	}
	// Four passes leave the sorted hashes back in hs.
	return slices.Compact(hs)
}

// sentence splits text into words as FactWords does and returns its facts,
// leaving its words in b.words. A word is a fact anywhere in the sentence
// when it is one somewhere in it: "Smith" opening a sentence that later
// says "Smith" again.
func (b *reportBuilder) sentence(text string) SentenceFacts {
	b.words, b.facts = b.words[:0], b.facts[:0]
	start := true // as in FactWords
	for i := 0; i < len(text); {
		c := text[i]
		var first rune
		if c < utf8.RuneSelf {
			if !asciiWordByte(c) {
				if !asciiSpace(c) {
					start = strings.IndexByte(sentenceOpeners, c) >= 0
				}
				i++
				continue
			}
			first = rune(c)
		} else {
			r, size := utf8.DecodeRuneInString(text[i:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				if !unicode.IsSpace(r) {
					start = strings.ContainsRune(sentenceOpeners, r)
				}
				i += size
				continue
			}
			first = r
		}
		j, digit, ascii := i, false, true
		h := uint64(fnvOffset64)
		for j < len(text) {
			c := text[j]
			if c >= utf8.RuneSelf {
				r, size := utf8.DecodeRuneInString(text[j:])
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
					break
				}
				digit = digit || unicode.IsDigit(r)
				ascii = false
				j += size
				continue
			}
			if !asciiWordByte(c) {
				break
			}
			if c <= '9' {
				digit = true
			} else if c <= 'Z' {
				c += 'a' - 'A'
			}
			h = (h ^ uint64(c)) * fnvPrime64
			j++
		}
		if !ascii {
			h = fnvString64(strings.ToLower(text[i:j]))
		}
		fact := digit || (!start && unicode.IsUpper(first) && j-i >= 2)
		if fact && !slices.Contains(b.facts, h) {
			b.facts = append(b.facts, h)
		}
		b.words = append(b.words, reportWord{hash: h, fact: fact})
		start = false
		i = j
	}
	var sf SentenceFacts
	sk := uint64(fnvOffset64)
	for k := range b.words {
		w := &b.words[k]
		w.fact = w.fact || slices.Contains(b.facts, w.hash)
		if w.fact {
			sf.Facts = append(sf.Facts, fold32(w.hash))
		} else {
			sk = mixWord(sk, w.hash)
		}
	}
	sf.Skeleton = fold32(sk)
	slices.Sort(sf.Facts)
	sf.Facts = slices.Compact(sf.Facts)
	return sf
}

// sentenceOpeners are the marks after which a capital starts a sentence
// or a quotation, so it does not make a name (FactWords).
const sentenceOpeners = ".!?:;\"“‘'(«—"

// asciiWordByte reports whether c is an ASCII letter or digit.
func asciiWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// asciiSpace is unicode.IsSpace for ASCII.
func asciiSpace(c byte) bool {
	return c == ' ' || '\t' <= c && c <= '\r'
}

// FNV-1a, 64 bits, for words; words are then mixed into skeletons and
// shingles in order.
const (
	fnvOffset64 = 14695981039346656037
	fnvPrime64  = 1099511628211
)

func fnvString64(s string) uint64 {
	h := uint64(fnvOffset64)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime64
	}
	return h
}

// mixWord appends a word's hash to a sequence's.
func mixWord(h, w uint64) uint64 {
	return (bits.RotateLeft64(h, 27) ^ w) * 0x9e3779b97f4a7c15
}

// fold32 folds a 64-bit hash into 32 bits.
func fold32(h uint64) uint32 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return uint32(h)
}

// FactWords appends to dst the words of text that carry its facts, folded
// to lower case: figures (any word with a digit) and names (a capital
// letter inside a sentence, not where a sentence or quotation starts).
// Two reports that differ in them differ in what they say, however many
// words they share: "Smith said" is not "Kalomi said", "$284 billion" not
// "$312 billion".
func FactWords(text string, dst []string) []string {
	start := true // a capital here starts a sentence or a quotation
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			if !unicode.IsSpace(r) {
				start = strings.ContainsRune(sentenceOpeners, r)
			}
			i += size
			continue
		}
		j, digit := i, false
		for j < len(text) {
			r2, s2 := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsLetter(r2) && !unicode.IsDigit(r2) {
				break
			}
			digit = digit || unicode.IsDigit(r2)
			j += s2
		}
		if digit || (!start && unicode.IsUpper(r) && j-i >= 2) {
			dst = append(dst, strings.ToLower(text[i:j]))
		}
		start = false
		i = j
	}
	return dst
}

// reportFormat is the first byte of encoded report features. 2: shingles
// Rice-coded (reportRiceBits) instead of 4 bytes each.
const reportFormat = 2

// AppendReportFeatures appends f's binary encoding to dst: a format byte,
// then uvarint counts and lengths, each sentence's hashes as 4
// little-endian bytes, and last the shingles as the Rice codes of their
// differences (f.Shingles must be sorted): about 3.1 bytes a shingle
// where 4 bytes each made them most of the database's growth.
func AppendReportFeatures(dst []byte, f ReportFeatures) []byte {
	size := 1 + 3*binary.MaxVarintLen32 + len(f.Agency) + 4*len(f.Shingles)
	for _, s := range f.Sentences {
		size += 5 + 4*len(s.Facts)
	}
	dst = slices.Grow(dst, size)
	dst = append(dst, reportFormat)
	dst = binary.AppendUvarint(dst, uint64(len(f.Agency)))
	dst = append(dst, f.Agency...)
	dst = binary.AppendUvarint(dst, uint64(f.Lede))
	dst = binary.AppendUvarint(dst, uint64(len(f.Sentences)))
	for _, s := range f.Sentences {
		dst = binary.LittleEndian.AppendUint32(dst, s.Skeleton)
		dst = binary.AppendUvarint(dst, uint64(len(s.Facts)))
		for _, h := range s.Facts {
			dst = binary.LittleEndian.AppendUint32(dst, h)
		}
	}
	dst = binary.AppendUvarint(dst, uint64(len(f.Shingles)))
	k := reportRiceBits(len(f.Shingles))
	var acc uint64 // bits not yet appended, the first in the lowest
	nacc := 0
	prev := uint32(0)
	for _, h := range f.Shingles {
		g := uint64(h - prev)
		prev = h
		// g>>k ones, a zero, then g's low k bits.
		for q := g >> k; q > 0; {
			ones := min(q, uint64(56-nacc))
			acc |= (1<<ones - 1) << nacc
			nacc += int(ones)
			q -= ones
			for nacc >= 8 {
				dst = append(dst, byte(acc))
				acc >>= 8
				nacc -= 8
			}
		}
		nacc++ // the zero
		for rest, bitsLeft := g&(1<<k-1), k; ; {
			take := min(bitsLeft, 56-nacc)
			acc |= (rest & (1<<take - 1)) << nacc
			nacc += take
			rest >>= take
			bitsLeft -= take
			for nacc >= 8 {
				dst = append(dst, byte(acc))
				acc >>= 8
				nacc -= 8
			}
			if bitsLeft == 0 {
				break
			}
		}
	}
	if nacc > 0 {
		dst = append(dst, byte(acc))
	}
	return dst
}

// reportRiceBits is the Rice parameter for n sorted hashes spread over 32
// bits: log2 of their mean difference, rounded down.
func reportRiceBits(n int) int {
	if n == 0 {
		return 0
	}
	return bits.Len64((1<<32)/uint64(n)) - 1
}

var errReportFeatures = errors.New("corrupt report features")

// DecodeReportFeatures decodes what AppendReportFeatures wrote. It returns
// an error wrapping a description of the damage when data is not such an
// encoding; nothing in the result aliases data.
func DecodeReportFeatures(data []byte) (ReportFeatures, error) {
	var f ReportFeatures
	d := reportDecoder{data: data}
	if len(data) == 0 || data[0] != reportFormat {
		return f, fmt.Errorf("%w: unknown format", errReportFeatures)
	}
	d.data = data[1:]
	n := d.count(1)
	if d.err == nil {
		f.Agency = string(d.data[:n])
		d.data = d.data[n:]
	}
	f.Lede = d.count(0)
	ns := d.count(5)
	if d.err == nil && ns > 0 {
		f.Sentences = make([]SentenceFacts, ns)
	}
	for i := 0; i < ns && d.err == nil; i++ {
		f.Sentences[i].Skeleton = d.uint32()
		if nf := d.count(4); nf > 0 {
			f.Sentences[i].Facts = d.uint32s(nf)
		}
	}
	if nsh := d.count(0); nsh > 0 {
		f.Shingles = d.rice(nsh)
	}
	switch {
	case d.err != nil:
		return ReportFeatures{}, d.err
	case len(d.data) > 0:
		return ReportFeatures{}, fmt.Errorf("%w: %d bytes left over", errReportFeatures, len(d.data))
	case f.Lede > len(f.Sentences):
		return ReportFeatures{}, fmt.Errorf("%w: lede of %d sentences out of %d", errReportFeatures, f.Lede, len(f.Sentences))
	}
	return f, nil
}

// rice reads the n Rice-coded shingles that end the data, as
// AppendReportFeatures writes them: no value past 32 bits, and the last
// byte's unused bits zero.
func (d *reportDecoder) rice(n int) []uint32 {
	if d.err != nil {
		return nil
	}
	k := reportRiceBits(n)
	// Each code takes at least k+1 bits: a corrupt count cannot make a
	// huge allocation.
	if uint64(n)*uint64(k+1) > 8*uint64(len(d.data)) {
		d.err = fmt.Errorf("%w: %d shingles past the end", errReportFeatures, n)
		return nil
	}
	out := make([]uint32, n)
	data := d.data
	pos, end := 0, 8*len(data) // in bits
	v := uint64(0)
	for i := range out {
		// The unary quotient: ones up to a zero, 56 at a time.
		q := 0
		for {
			if pos >= end {
				d.err = fmt.Errorf("%w: truncated shingles", errReportFeatures)
				return nil
			}
			ones := min(bits.TrailingZeros64(^loadBits(data, pos)), 56)
			q += ones
			pos += ones
			if uint64(q)<<k > math.MaxUint32 || pos >= end {
				d.err = fmt.Errorf("%w: shingle past 32 bits", errReportFeatures)
				return nil
			}
			if ones < 56 {
				pos++ // the zero
				break
			}
		}
		if pos+k > end {
			d.err = fmt.Errorf("%w: truncated shingles", errReportFeatures)
			return nil
		}
		low := uint64(0)
		if k > 0 {
			low = loadBits(data, pos) & (1<<k - 1)
		}
		pos += k
		v += uint64(q)<<k | low
		if v > math.MaxUint32 {
			d.err = fmt.Errorf("%w: shingle past 32 bits", errReportFeatures)
			return nil
		}
		out[i] = uint32(v)
	}
	used := (pos + 7) / 8
	if pos&7 != 0 && data[used-1]>>(pos&7) != 0 {
		d.err = fmt.Errorf("%w: stray bits after the shingles", errReportFeatures)
		return nil
	}
	d.data = data[used:]
	return out
}

// loadBits returns data's bits from bit pos on, the first lowest: at least
// 56 of them, zeros past the end.
func loadBits(data []byte, pos int) uint64 {
	i := pos >> 3
	if i+8 <= len(data) {
		return binary.LittleEndian.Uint64(data[i:]) >> (pos & 7)
	}
	var b [8]byte
	copy(b[:], data[i:])
	return binary.LittleEndian.Uint64(b[:]) >> (pos & 7)
}

type reportDecoder struct {
	data []byte
	err  error
}

// count reads a uvarint that counts items of at least size bytes each
// still to come (0: not items that follow), so a corrupt count cannot make
// a huge allocation.
func (d *reportDecoder) count(size int) int {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.data)
	if n <= 0 {
		d.err = fmt.Errorf("%w: bad count", errReportFeatures)
		return 0
	}
	d.data = d.data[n:]
	if size > 0 && v > uint64(len(d.data)/size) || v > math.MaxInt32 {
		d.err = fmt.Errorf("%w: count %d past the end", errReportFeatures, v)
		return 0
	}
	return int(v)
}

func (d *reportDecoder) uint32() uint32 {
	if d.err != nil {
		return 0
	}
	if len(d.data) < 4 {
		d.err = fmt.Errorf("%w: truncated", errReportFeatures)
		return 0
	}
	v := binary.LittleEndian.Uint32(d.data)
	d.data = d.data[4:]
	return v
}

func (d *reportDecoder) uint32s(n int) []uint32 {
	if d.err != nil {
		return nil
	}
	out := make([]uint32, n)
	for i := range out {
		out[i] = binary.LittleEndian.Uint32(d.data[4*i:])
	}
	d.data = d.data[4*n:]
	return out
}
