package readlimit

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestFileBound: a file of max bytes is read whole, one byte more is
// refused, and a missing file gives the open's error.
func TestFileBound(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(p, []byte("12345"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := File(p, 5); err != nil || string(b) != "12345" {
		t.Errorf("File(5 bytes, 5) = %q, %v; want the contents", b, err)
	}
	if b, err := File(p, 4); !errors.Is(err, ErrTooLarge) || b != nil {
		t.Errorf("File(5 bytes, 4) = %q, %v; want ErrTooLarge", b, err)
	}
	if _, err := File(filepath.Join(t.TempDir(), "missing"), 4); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("File(missing) error %v, want not exist", err)
	}
}
