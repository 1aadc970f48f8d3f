// Package readlimit reads a file whole up to a bound, for the files that a
// user names and that may be anything: a device such as /dev/zero, or a
// log given by mistake, would otherwise be read into memory entire.
package readlimit

import (
	"errors"
	"io"
	"os"
)

// ErrTooLarge is what File returns for a file longer than its bound.
var ErrTooLarge = errors.New("larger than the bound")

// File returns the contents of path if it holds at most max bytes, and
// otherwise ErrTooLarge, having read no more than max+1 bytes of it.
func File(path string, max int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, int64(max)+1))
	if err != nil {
		return nil, err
	}
	if len(b) > max {
		return nil, ErrTooLarge
	}
	return b, nil
}
