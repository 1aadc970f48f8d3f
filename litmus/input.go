package litmus

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/atomicfence/atomicfence/internal/readlimit"
)

// MaxTestSize is the largest test, in bytes, that Parse and ParseFile
// accept. The largest herdtools7 tests are a few KiB; the bound keeps a
// file given by mistake (a log, an image) from being read whole.
const MaxTestSize = 1 << 20

// readTest reads at most MaxTestSize bytes of path, and fails on a longer
// file without reading the rest.
func readTest(path string) ([]byte, error) {
	src, err := readlimit.File(path, MaxTestSize)
	if errors.Is(err, readlimit.ErrTooLarge) {
		return nil, tooLarge(path)
	}
	return src, err
}

func tooLarge(name string) error {
	return &SyntaxError{File: name, Msg: fmt.Sprintf("larger than %d bytes, the most a test may have (MaxTestSize)", MaxTestSize)}
}

// utf8BOM is the byte order mark some editors put at the start of a file;
// herd7 ignores it, and so does Parse.
const utf8BOM = "\xef\xbb\xbf"

// cleanInput checks that src is text a test can be made of, and drops a
// leading byte order mark. CRLF line ends are accepted later, where lines
// are split. A NUL or another control character (tabs, line ends and form
// feeds aside) means a binary file or a damaged one: the error names its
// line and column rather than letting it reach a message of the parser.
func cleanInput(name string, src []byte) ([]byte, error) {
	if len(src) > MaxTestSize {
		return nil, tooLarge(name)
	}
	src = bytes.TrimPrefix(src, []byte(utf8BOM))
	line, col := 1, 1
	for _, c := range src {
		switch {
		case c == '\n':
			line, col = line+1, 0
		case c == 0:
			return nil, &SyntaxError{File: name, Line: line, Msg: fmt.Sprintf("NUL byte in column %d: not a text file", col)}
		case isControl(c) && c != '\t' && c != '\r' && c != '\f' && c != '\v':
			return nil, &SyntaxError{File: name, Line: line, Msg: fmt.Sprintf("control character %#02x in column %d: not a text file", c, col)}
		}
		col++
	}
	return src, nil
}

func isControl(c byte) bool { return c < 0x20 || c == 0x7f }

// oneLine makes s safe to print as one line: control characters, line
// ends above all, and invalid UTF-8 are written as Go escapes, so that no
// part of a file or of a file name can break a message in two or reach
// the terminal raw.
func oneLine(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if isControl(s[i]) || s[i] >= utf8.RuneSelf {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r <= 0x9f || r == '\u2028' || r == '\u2029':
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
