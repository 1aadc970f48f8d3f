package litmus

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/atomicfence/atomicfence/internal/herdsyntax"
)

// herd7X86Instr reports why herd7 would not parse an X86_64 instruction,
// or "" when it would.
var herd7X86Instr = herdsyntax.X86Instr

// TestOwnX86IsHerd7Input: the project's own X86_64 tests (testdata and the
// stress shapes) are valid herd7 input as they stand.
func TestOwnX86IsHerd7Input(t *testing.T) {
	var files []string
	for _, pat := range []string{"testdata/*/*.litmus", "testdata/*/*/*.litmus", "../stress/shapes/*/*.litmus"} {
		fs, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, fs...)
	}
	n := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		test, err := Parse(f, src)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if test.Arch != X86_64 {
			continue
		}
		n++
		for _, th := range test.Threads {
			for _, in := range th.Instructions {
				if why := herd7X86Instr(in); why != "" {
					t.Errorf("%s: P%d: %q: %s", f, th.Index, in, why)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no X86_64 tests found")
	}
}

func TestHerd7X86Instr(t *testing.T) {
	for in, bad := range map[string]bool{
		"movl $1,(x)": false, "lock cmpxchgl (x),%ecx": false, "jgt L": false, "shl 2,%eax": false,
		"nopl 0(%rax)": false, "movl [x],%eax": false, "lock addl %eax,(x)": false,
		"movq 0(%rax,%rbx,8),%rcx": false, "movq (%rax,%rbx,8),%rcx": false, "nopl %cs:0(%rax,%eax,0)": false,
		"movq (%rax,%rbx),%rcx": true, "movq (,%rbx,8),%rcx": true, "movq %cs:(%rax,%rbx,8),%rcx": true,
		"jg L": true, "lock xaddl %eax,(x)": true, "lock cmpxchgl %ecx,(x)": true, "andl $1,%ebx": true,
		"subl $1,%eax": true, "movl (x),$1": true,
	} {
		if got := herd7X86Instr(in) != ""; got != bad {
			t.Errorf("%q: rejected %v, want %v (%s)", in, got, bad, herd7X86Instr(in))
		}
	}
}
