//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCheckTreeSkipsSpecialFiles: a FIFO named *.litmus inside a tree would
// block the run forever on its first read; the walk leaves it out, while a
// link to a regular test still counts and a dangling link is reported.
func TestCheckTreeSkipsSpecialFiles(t *testing.T) {
	root := t.TempDir()
	target := filepath.Join(root, "sb.txt")
	if err := os.WriteFile(target, []byte(sbTest), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(root, "a-fifo.litmus")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	if err := os.Symlink(target, filepath.Join(root, "b-link.litmus")); err != nil {
		t.Fatal(err)
	}
	check := func() (rc int, out, errOut string) {
		t.Helper()
		done := make(chan struct{})
		go func() {
			defer close(done)
			rc, out, errOut = runCheckCmd(t, root)
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			// Open the FIFO's other end so that the blocked read ends.
			if f, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
				f.Close()
			}
			<-done
			t.Fatal("fencelab check opened the FIFO of the tree")
		}
		return rc, out, errOut
	}
	rc, out, errOut := check()
	if rc != 0 {
		t.Fatalf("exit status %d, stderr %q", rc, errOut)
	}
	if n := strings.Count(out, "Observation SB "); n != 1 {
		t.Errorf("%d results for the linked test, want 1:\n%s", n, out)
	}

	dangling := filepath.Join(root, "c-dangling.litmus")
	if err := os.Symlink(filepath.Join(root, "missing"), dangling); err != nil {
		t.Fatal(err)
	}
	if rc, _, errOut := check(); rc == 0 || !strings.Contains(errOut, dangling) {
		t.Errorf("a dangling link: exit status %d, stderr %q; want a failure naming it", rc, errOut)
	}
}

// TestCheckFollowsALinkedDirectory: a directory named through a symbolic
// link is checked as the directory it leads to (a walk does not follow a
// link at its root by itself), and errors name its files through the link.
func TestCheckFollowsALinkedDirectory(t *testing.T) {
	dir := t.TempDir()
	tests := filepath.Join(dir, "tests")
	if err := os.Mkdir(tests, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tests, "sb.litmus"), []byte(sbTest), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "linked")
	if err := os.Symlink(tests, link); err != nil {
		t.Fatal(err)
	}
	rc, out, errOut := runCheckCmd(t, link)
	if rc != 0 || strings.Count(out, "Observation SB ") != 1 {
		t.Fatalf("exit status %d, stdout %q, stderr %q; want the test of the linked directory checked", rc, out, errOut)
	}
	if err := os.WriteFile(filepath.Join(tests, "bad.litmus"), []byte("X86 bad\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, errOut := runCheckCmd(t, link); !strings.Contains(errOut, filepath.Join(link, "bad.litmus")) {
		t.Errorf("stderr %q does not name the bad test through the link", errOut)
	}
}
