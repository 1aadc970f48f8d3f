package stress

import (
	"context"
	"maps"
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

// aarch64Of is the ARMv8.0 code of each root-package routine that the
// shapes call, as their AArch64 litmus texts write it: its accesses and
// barriers, the exclusive pair of a loop (the root package's assembly
// tests hold each routine to it).
var aarch64Of = map[string][]string{
	"load32Relaxed":            {"LDR"},
	"load32Acquire":            {"LDAR"},
	"store32Relaxed":           {"STR"},
	"store32Release":           {"STLR"},
	"mb":                       {"DMB ISH"},
	"rmb":                      {"DMB ISHLD"},
	"wmb":                      {"DMB ISHST"},
	"xadd32Acquire":            {"LDAXR", "STXR"},
	"xadd32Release":            {"LDXR", "STLXR"},
	"addNotZeroLimitedAcquire": {"LDAXR", "STXR"},
	"addNotZeroLimitedRelaxed": {"LDXR", "STXR"},
	"cas32Acquire":             {"LDAXR", "STXR"},
}

// lrcpcOf is aarch64Of where the acquire loads are RCpc, as the
// AArch64+LRCPC texts write them.
var lrcpcOf = func() map[string][]string {
	m := maps.Clone(aarch64Of)
	m["load32Acquire"] = []string{"LDAPR"}
	return m
}()

// lseOf is aarch64Of on a CPU with the ARMv8.1 atomics, as the
// AArch64+LSE texts write it: each read-modify-write one LSE instruction,
// the limited increments a load and a compare-and-swap loop.
var lseOf = func() map[string][]string {
	m := maps.Clone(aarch64Of)
	m["xadd32Acquire"] = []string{"LDADDA"}
	m["xadd32Release"] = []string{"LDADDL"}
	m["addNotZeroLimitedAcquire"] = []string{"LDR", "CASA"}
	m["addNotZeroLimitedRelaxed"] = []string{"LDR", "CAS"}
	m["cas32Acquire"] = []string{"CASA"}
	return m
}()

// litmusAccess is what litmusColumns keeps of a text: its accesses and
// barriers.
var litmusAccess = map[string]bool{
	"LDR": true, "LDAR": true, "LDAPR": true, "LDXR": true, "LDAXR": true,
	"STR": true, "STLR": true, "STXR": true, "STLXR": true, "DMB": true,
	"LDADDA": true, "LDADDL": true, "CAS": true, "CASA": true,
}

var rootCall = regexp.MustCompile(`^CALL github\.com/atomicfence/atomicfence\.(\w+?)(\.abi0)?\(SB\)$`)

// TestShapesMatchTheirLitmus ties the code of each shape's threads to its
// AArch64 litmus text, from which the checker takes the verdict that the
// ordering tests expect: built for arm64, each thread calls the root
// package's routines in the order of the text's accesses and barriers,
// each with the ordering the text gives. A shape whose code makes acquire
// loads has an AArch64+LRCPC text too, and one whose code makes
// read-modify-writes an AArch64+LSE text, each held to the same code with
// the instructions of those CPUs. On x86 a run cannot tell an
// acquire load from a relaxed one, so without this a shape whose code
// lost its ordering would go on being reported as forbidden. VMA+seqcst,
// written with sync/atomic alone, must call none of them instead
// (checkSeqCstReader).
func TestShapesMatchTheirLitmus(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("builds the shapes' code for arm64 and disassembles it on amd64 hosts")
	}
	if atomicfence.Impl() != atomicfence.ImplAMD64 {
		// The arm64 build is made without this run's tags: it would check
		// the very code that the plain amd64 run checks.
		t.Skipf("implementation %v (purego or -race): the plain amd64 run checks the same arm64 build", atomicfence.Impl())
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
		if s.Name == "VMA+seqcst" {
			checkSeqCstReader(t, funcs) // sync/atomic's, inlined: no routine of ours
			continue
		}
		text, ok := s.Litmus[KeyAArch64]
		if !ok {
			t.Errorf("%s has no AArch64 litmus text", s.Name)
			continue
		}
		columns := litmusColumns(text)
		acquires := slices.ContainsFunc(columns, func(c []string) bool { return slices.Contains(c, "LDAR") })
		if _, ok := s.Litmus[KeyAArch64LRCPC]; acquires != ok {
			t.Errorf("%s: its code makes acquire loads: %v; it has an %s text: %v", s.Name, acquires, KeyAArch64LRCPC, ok)
		}
		exclusive := slices.ContainsFunc(columns, func(c []string) bool { return slices.Contains(c, "LDXR") || slices.Contains(c, "LDAXR") })
		if _, ok := s.Litmus[KeyAArch64LSE]; exclusive != ok {
			t.Errorf("%s: its code makes read-modify-writes: %v; it has an %s text: %v", s.Name, exclusive, KeyAArch64LSE, ok)
		}
		for key, of := range map[string]map[string][]string{KeyAArch64: aarch64Of, KeyAArch64LRCPC: lrcpcOf, KeyAArch64LSE: lseOf} {
			if text, ok := s.Litmus[key]; ok {
				checked += checkThreads(t, s, key, litmusColumns(text), of, funcs)
			}
		}
	}
	if checked < 42 {
		t.Errorf("checked %d threads of the shapes, want 42 or more", checked)
	}
}

// checkThreads holds each thread of s to its column of the shape's text of
// key, mapping each call of a routine of the root package to its
// instructions with of, and returns how many it checked.
func checkThreads(t *testing.T, s *Shape, key string, columns [][]string, of map[string][]string, funcs []disasm.Func) (checked int) {
	t.Helper()
	if len(columns) != len(s.Threads) {
		t.Errorf("%s: %d threads in the %s litmus text, %d in the shape", s.Name, len(columns), key, len(s.Threads))
		return 0
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
				insts, ok := of[m[1]]
				if !ok {
					insts = []string{"a call of " + m[1]}
				}
				got = append(got, insts...)
			}
		}
		if !slices.Equal(got, columns[i]) {
			t.Errorf("%s thread %d (%s): its code is %q, its %s litmus text %q", s.Name, i, name, got, key, columns[i])
		}
		checked++
	}
	return checked
}

// checkSeqCstReader holds VMA+seqcst's reader, built for arm64, to what
// its text says: sync/atomic alone, so no call of a routine of the root
// package, and the load of vm_lock_seq after the compare-and-swap the LDAR
// of a sequentially consistent load, as the load of the count before it.
func checkSeqCstReader(t *testing.T, funcs []disasm.Func) {
	t.Helper()
	k := slices.IndexFunc(funcs, func(f disasm.Func) bool { return strings.HasSuffix(f.Symbol, "stress.vmaReadSC") })
	if k < 0 {
		t.Error("vmaReadSC is not in the arm64 listing")
		return
	}
	if err := disasm.Check(funcs[k].Name(), funcs[k].Insts,
		disasm.Lacks(`CALL github\.com/atomicfence/atomicfence\..*`),
		disasm.InOrder(`LDARW .*`, `STLXRW .*|CASALW .*`, `LDARW .*`)); err != nil {
		t.Error(err)
	}
}

// litmusColumns returns the accesses and barriers of each thread of an
// AArch64 litmus text in the order of the text: each one's mnemonic, with
// its operand for a DMB. The shapes' loops and branches are written in
// the order of their code, so this is the order of the calls too.
func litmusColumns(text string) [][]string {
	rows := litmusRows(text)
	if len(rows) == 0 {
		return nil
	}
	cols := make([][]string, len(rows[0]))
	for _, cells := range rows[1:] {
		for i, cell := range cells {
			fields := strings.Fields(cell)
			if len(fields) == 0 || !litmusAccess[fields[0]] || i >= len(cols) {
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

// litmusRows returns the cells of each line of a litmus text's code, one
// per thread, the line that names the threads (P0 | P1 ...) first.
func litmusRows(text string) [][]string {
	var rows [][]string
	in := false
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "P0"):
			in = true
		case strings.HasPrefix(line, "exists"), strings.HasPrefix(line, "locations"):
			in = false
		}
		if in {
			rows = append(rows, strings.Split(strings.TrimSuffix(line, ";"), "|"))
		}
	}
	return rows
}
