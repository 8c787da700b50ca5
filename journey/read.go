package journey

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
)

// DefaultMaxFileSize is the largest journey file read unless the caller
// allows more. The README's largest measured map, 20,000 touchpoints, is
// about 5 MB.
const DefaultMaxFileSize = 8 << 20

// TooLargeError is a file over the size limit; nothing of it is parsed.
type TooLargeError struct {
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("expected at most %d bytes, found more", e.Limit)
}

// ReadAll reads r to the end, or fails with a *TooLargeError as soon as it
// has read more than limit bytes, so that standard input, a pipe or a
// device such as /dev/zero never makes it hold more than that.
func ReadAll(r io.Reader, limit int64) ([]byte, error) {
	return readAll(r, limit, 0)
}

// readAll reads in chunks joined once at the end: growing one buffer by
// doubling would hold up to three times the limit at the peak. The first
// chunk is size+1 bytes, so that a file of known size is read in one
// piece, with one byte more to see whether it grew.
func readAll(r io.Reader, limit, size int64) ([]byte, error) {
	const chunk = 256 << 10
	var chunks [][]byte
	var total int64
	next := max(size+1, chunk)
	for total <= limit {
		buf := make([]byte, min(next, limit+1-total))
		next = chunk
		n, err := io.ReadFull(r, buf)
		chunks = append(chunks, buf[:n])
		total += int64(n)
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if total > limit {
		return nil, &TooLargeError{Limit: limit}
	}
	if len(chunks) == 1 {
		return chunks[0], nil
	}
	return bytes.Join(chunks, nil), nil
}

// ReadFile reads the file at path under the same limit. A regular file
// over the limit is refused without reading it.
func ReadFile(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var size int64
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		if st.Size() > limit {
			return nil, &TooLargeError{Limit: limit}
		}
		size = st.Size()
	}
	return readAll(f, limit, size)
}
