package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestHelpExitStatus: every command prints its usage for -h and exits 0,
// and exits 2 on a flag it does not know.
func TestHelpExitStatus(t *testing.T) {
	commands := map[string]func(args []string, stdout, stderr *bytes.Buffer) int{
		"bench":  func(a []string, o, e *bytes.Buffer) int { return benchMain(context.Background(), a, o, e) },
		"disasm": func(a []string, o, e *bytes.Buffer) int { return disasmMain(a, o, e) },
		"check":  func(a []string, o, e *bytes.Buffer) int { return checkMain(a, o, e) },
		"verify": func(a []string, o, e *bytes.Buffer) int { return verifyMain(a, o, e) },
	}
	for name, run := range commands {
		var stdout, stderr bytes.Buffer
		if rc := run([]string{"-h"}, &stdout, &stderr); rc != 0 || !strings.Contains(stdout.String()+stderr.String(), "usage") {
			t.Errorf("fencelab %s -h: exit %d, output %q; want 0 and the usage", name, rc, stdout.String()+stderr.String())
		}
		if rc := run([]string{"-nosuchflag"}, &stdout, &stderr); rc != 2 {
			t.Errorf("fencelab %s -nosuchflag: exit %d, want 2", name, rc)
		}
	}
}
