package stress

import (
	"context"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/atomicfence/atomicfence"
	"github.com/atomicfence/atomicfence/internal/disasm"
	"github.com/atomicfence/atomicfence/internal/target"
)

// classicAArch64 is the ARMv8.0 instruction of each root-package routine
// that the classic shapes call, as their AArch64 litmus texts write it
// (the root package's assembly tests hold each routine to it).
var classicAArch64 = map[string]string{
	"load32Relaxed":  "LDR",
	"load32Acquire":  "LDAR",
	"store32Relaxed": "STR",
	"store32Release": "STLR",
	"mb":             "DMB ISH",
	"rmb":            "DMB ISHLD",
	"wmb":            "DMB ISHST",
}

var rootCall = regexp.MustCompile(`^CALL github\.com/atomicfence/atomicfence\.(\w+?)(\.abi0)?\(SB\)$`)

// TestClassicShapesMatchTheirLitmus ties the code of each classic shape's
// threads to its AArch64 litmus text, from which the checker takes the
// verdict that the ordering tests expect: built for arm64, each thread
// calls the root package's routines in the order of the text's accesses
// and fences, each with the ordering the text gives. On x86 a run cannot
// tell an acquire load from a relaxed one, so without this a shape whose
// code lost its ordering would go on being reported as forbidden.
func TestClassicShapesMatchTheirLitmus(t *testing.T) {
	if atomicfence.Impl() != atomicfence.ImplAMD64 {
		t.Skipf("implementation %v: the shapes' code is built and disassembled on amd64 hosts", atomicfence.Impl())
	}
	tg, err := target.Lookup("arm64")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	funcs, err := disasm.TestFuncs(ctx, tg, t.TempDir(), `stress\.\w+$`)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, s := range Shapes() {
		if strings.HasPrefix(s.Name, "VMA") {
			continue
		}
		text, ok := s.Litmus[KeyAArch64]
		if !ok {
			t.Errorf("%s has no AArch64 litmus text", s.Name)
			continue
		}
		columns := litmusColumns(text)
		if len(columns) != len(s.Threads) {
			t.Errorf("%s: %d threads in the litmus text, %d in the shape", s.Name, len(columns), len(s.Threads))
			continue
		}
		for i, th := range s.Threads {
			name := runtime.FuncForPC(reflect.ValueOf(th.Code).Pointer()).Name()
			k := slices.IndexFunc(funcs, func(f disasm.Func) bool { return f.Symbol == name })
			if k < 0 {
				t.Errorf("%s thread %d: %s is not in the arm64 listing", s.Name, i, name)
				continue
			}
			var got []string
			for _, in := range funcs[k].Insts {
				if m := rootCall.FindStringSubmatch(in.Text); m != nil {
					inst, ok := classicAArch64[m[1]]
					if !ok {
						inst = "a call of " + m[1]
					}
					got = append(got, inst)
				}
			}
			if !slices.Equal(got, columns[i]) {
				t.Errorf("%s thread %d (%s): its code is %q, its litmus text %q", s.Name, i, name, got, columns[i])
			}
			checked++
		}
	}
	if checked < 20 {
		t.Errorf("checked %d threads of the classic shapes, want 20 or more", checked)
	}
}

// litmusColumns returns the accesses and fences of each thread of an
// AArch64 litmus text, in program order: each instruction's mnemonic, with
// its operand for a DMB; the MOVs that set up values are left out.
func litmusColumns(text string) [][]string {
	var cols [][]string
	in := false
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "P0"):
			in = true
			cols = make([][]string, strings.Count(line, "|")+1)
			continue
		case strings.HasPrefix(line, "exists"):
			in = false
		}
		if !in {
			continue
		}
		for i, cell := range strings.Split(strings.TrimSuffix(line, ";"), "|") {
			fields := strings.Fields(cell)
			if len(fields) == 0 || fields[0] == "MOV" || i >= len(cols) {
				continue
			}
			inst := fields[0]
			if inst == "DMB" {
				inst += " " + fields[1]
			}
			cols[i] = append(cols[i], inst)
		}
	}
	return cols
}
