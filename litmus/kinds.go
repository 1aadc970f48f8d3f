package litmus

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/atomicfence/atomicfence/internal/readlimit"
)

// Kinds maps test names to expected verdicts, as herdtools7's kinds.txt
// files do: one "NAME KIND" per line, KIND one of Allowed (or Allow),
// Forbidden (Forbid), Required (Require); "#" starts a comment. A name
// may be listed again only with the same verdict. Verdicts are stored in
// the long form that Result.Verdict returns.
type Kinds map[string]string

var kindWords = map[string]string{
	"Allowed": "Allowed", "Allow": "Allowed",
	"Forbidden": "Forbidden", "Forbid": "Forbidden",
	"Required": "Required", "Require": "Required",
}

// maxKindsSize bounds a kinds file: herdtools7's kinds files list some
// thousands of tests in some hundreds of KiB.
const maxKindsSize = 16 << 20

// ReadKinds reads a kinds file of at most 16 MiB, and fails on a longer
// one (a device such as /dev/zero, a log given by mistake) without
// reading the rest.
func ReadKinds(path string) (Kinds, error) {
	src, err := readlimit.File(path, maxKindsSize)
	if errors.Is(err, readlimit.ErrTooLarge) {
		return nil, &SyntaxError{File: path, Msg: fmt.Sprintf("larger than %d bytes, the most a kinds file may have", maxKindsSize)}
	}
	if err != nil {
		return nil, err
	}
	return ParseKinds(path, src)
}

// ParseKinds parses the kinds file src; name is used in error messages.
func ParseKinds(name string, src []byte) (Kinds, error) {
	k := Kinds{}
	lines := map[string]int{} // the line of each name
	sc := bufio.NewScanner(bytes.NewReader(src))
	// src is in memory already: no line is too long to scan.
	sc.Buffer(nil, len(src)+1)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) != 2 {
			return nil, &SyntaxError{File: name, Line: n, Msg: "expected \"NAME KIND\", found " + strings.TrimSpace(line)}
		}
		v, ok := kindWords[f[1]]
		if !ok {
			return nil, &SyntaxError{File: name, Line: n, Msg: "unknown kind " + f[1] + " (want Allowed, Forbidden or Required)"}
		}
		if was, ok := k[f[0]]; ok && was != v {
			return nil, &SyntaxError{File: name, Line: n, Msg: fmt.Sprintf("%s is %s here and %s on line %d", f[0], v, was, lines[f[0]])}
		}
		k[f[0]], lines[f[0]] = v, n
	}
	return k, sc.Err()
}

// Expect returns the verdict expected for t: the entry of its name, of its
// name without a ".litmus" suffix, or of its file's base name.
func (k Kinds) Expect(t *Test) (string, bool) {
	_, v, ok := k.entry(t)
	return v, ok
}

// entry returns the name under which t is listed, and its verdict.
func (k Kinds) entry(t *Test) (string, string, bool) {
	for _, name := range []string{
		t.Name,
		strings.TrimSuffix(t.Name, ".litmus"),
		strings.TrimSuffix(filepath.Base(t.File), ".litmus"),
	} {
		if v, ok := k[name]; ok {
			return name, v, true
		}
	}
	return "", "", false
}
