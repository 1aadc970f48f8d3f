package main

import "testing"

// TestRun runs the program's calls, which check what each operation and
// read path returns to a single goroutine.
func TestRun(t *testing.T) {
	if err := run(); err != nil {
		t.Fatal(err)
	}
}
