package litmus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestCommentsWrapped keeps the package's comments, the package doc above
// all, readable in a terminal and in go doc: no comment line is wider than
// 100 columns, with tabs counted as four.
func TestCommentsWrapped(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no Go files (%v)", err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(src), "\n") {
			width := utf8.RuneCountInString(strings.ReplaceAll(line, "\t", "    "))
			if strings.HasPrefix(strings.TrimSpace(line), "//") && width > 100 {
				t.Errorf("%s:%d: comment line of %d columns, wrap it at 100", f, i+1, width)
			}
		}
	}
}
