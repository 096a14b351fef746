package corpus

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// The encoded posting list is a bare sequence of postings with no header, so
// two encodings can be joined by appending: the store extends a stem's list
// with new sentences without decoding it.
//
// Each posting is
//
//	uvarint(Sentence - next)       next is 0 for the first posting, then previous Sentence+1
//	uvarint(Len<<1 | tfFollows)    tfFollows is 1 when TF != 1
//	uvarint(TF)                    only when tfFollows
//
// Gaps instead of ids keep a common stem's list near one byte per id, and
// since TF is almost always 1 and sentences rarely exceed 63 terms, a typical
// posting costs two or three bytes.

// ErrCorruptPostings is returned (wrapped) when an encoded posting list
// cannot be decoded.
var ErrCorruptPostings = errors.New("corrupt posting list")

// EncodePostings encodes ps, which must be ordered by strictly increasing
// Sentence. It panics when they are not: that is a bug in the caller, and
// encoding it anyway would silently corrupt the index.
func EncodePostings(ps []Posting) []byte {
	return AppendPostings(make([]byte, 0, len(ps)*3), 0, ps)
}

// AppendPostings appends the encoding of ps to dst and returns the extended
// slice. next is the smallest sentence id ps may start with: 0 when dst is
// empty, else the last encoded Sentence + 1, so that the result decodes as one
// list. ps must be ordered by strictly increasing Sentence, all ≥ next; it
// panics otherwise, as EncodePostings does.
func AppendPostings(dst []byte, next uint64, ps []Posting) []byte {
	for _, p := range ps {
		id := uint64(p.Sentence)
		if id < next {
			panic(fmt.Sprintf("corpus: posting for sentence %d out of order (next allowed %d)", id, next))
		}
		dst = binary.AppendUvarint(dst, id-next)
		next = id + 1
		if p.TF == 1 {
			dst = binary.AppendUvarint(dst, uint64(p.Len)<<1)
			continue
		}
		dst = binary.AppendUvarint(dst, uint64(p.Len)<<1|1)
		dst = binary.AppendUvarint(dst, uint64(p.TF))
	}
	return dst
}

// DecodePostings decodes a list made by EncodePostings or AppendPostings.
// An empty b gives nil. It returns an error wrapping ErrCorruptPostings when
// b is truncated, overlong or out of range.
func DecodePostings(b []byte) ([]Posting, error) {
	if len(b) == 0 {
		return nil, nil
	}
	// Two bytes is the smallest posting, so this never has to grow.
	return AppendDecodedPostings(make([]Posting, 0, len(b)/2), b)
}

// AppendDecodedPostings decodes b as DecodePostings does and appends the
// postings to dst; callers that know the list's length size dst for it. On
// error it returns dst unchanged and an error wrapping ErrCorruptPostings.
func AppendDecodedPostings(dst []Posting, b []byte) ([]Posting, error) {
	start := len(dst)
	var next uint64
	for off := 0; off < len(b); {
		// Most varints here are one byte; decode those inline and leave the
		// rest to binary.Uvarint.
		var gap uint64
		if c := b[off]; c < 0x80 {
			gap = uint64(c)
			off++
		} else {
			v, n := binary.Uvarint(b[off:])
			if n <= 0 {
				return dst[:start], fmt.Errorf("sentence gap at byte %d: %w", off, ErrCorruptPostings)
			}
			gap = v
			off += n
		}
		id := next + gap
		if gap > math.MaxUint32 || id > math.MaxUint32 {
			return dst[:start], fmt.Errorf("sentence id beyond 32 bits at byte %d: %w", off, ErrCorruptPostings)
		}
		if off >= len(b) {
			return dst[:start], fmt.Errorf("length at byte %d: %w", off, ErrCorruptPostings)
		}
		var lenFlag uint64
		if c := b[off]; c < 0x80 {
			lenFlag = uint64(c)
			off++
		} else {
			v, n := binary.Uvarint(b[off:])
			if n <= 0 {
				return dst[:start], fmt.Errorf("length at byte %d: %w", off, ErrCorruptPostings)
			}
			lenFlag = v
			off += n
		}
		length := lenFlag >> 1
		if length > math.MaxUint16 {
			return dst[:start], fmt.Errorf("length %d beyond 16 bits at byte %d: %w", length, off, ErrCorruptPostings)
		}
		tf := uint64(1)
		if lenFlag&1 == 1 {
			v, n := binary.Uvarint(b[off:])
			if n <= 0 {
				return dst[:start], fmt.Errorf("term frequency at byte %d: %w", off, ErrCorruptPostings)
			}
			off += n
			if v > math.MaxUint16 {
				return dst[:start], fmt.Errorf("term frequency %d beyond 16 bits at byte %d: %w", v, off, ErrCorruptPostings)
			}
			tf = v
		}
		dst = append(dst, Posting{Sentence: uint32(id), TF: uint16(tf), Len: uint16(length)})
		next = id + 1
	}
	return dst, nil
}
