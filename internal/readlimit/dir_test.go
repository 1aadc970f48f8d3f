package readlimit

import "testing"

// TestFileOfADirectory: a directory named where a file is wanted cannot be
// read, and that is an error, not empty contents that a caller would take
// for an empty file.
func TestFileOfADirectory(t *testing.T) {
	if b, err := File(t.TempDir(), 100); err == nil || b != nil {
		t.Errorf("File(directory) = %q, %v; want no contents and an error", b, err)
	}
}
