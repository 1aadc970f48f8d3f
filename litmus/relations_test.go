package litmus

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// The tests of this file decide random programs of loads, stores, swaps
// and fetch-adds, plain or in their strongest form, with fences and
// dependencies between them, in every architecture's syntax and under
// every model, and hold the final states to what is known of the models,
// whatever the program:
//
//   - SC's states are those of a machine that runs the threads' accesses
//     one at a time in every interleaving, and x86-TSO's those of the same
//     machine with a FIFO store buffer per thread, which a load reads
//     first, and which MFENCE and a locked instruction wait to drain (the
//     operational x86-TSO of Owens, Sarkar and Sewell, which they showed
//     equal to the axiomatic one);
//   - every model allows what SC allows, and ARMv8, RVWMO and Power all
//     that x86-TSO allows;
//   - with a full fence between every two accesses of a thread (DMB ISH,
//     MFENCE, fence rw,rw, sync), each model allows exactly what SC
//     allows, and so it does with every access in its strongest form:
//     ARMv8's LDAR, STLR, SWPAL and LDADDAL and RVWMO's .aqrl AMOs (both
//     RCsc), x86's locked instructions, and Power's accesses between two
//     syncs;
//   - the loop that compiled code makes of a plain swap or fetch-add
//     (LDXR/STXR, LR/SC, a load and LOCK CMPXCHG) allows what SC allows,
//     and under ARMv8 and x86-TSO exactly what the instruction allows.
//     Under RVWMO the two differ both ways: the branch on SC's result
//     orders the thread's later stores after the loop (r11), and an AMO
//     is one event, which a FENCE R,RW after it orders whole, where it
//     orders only the LR of a loop;
//   - making one access strong, adding a fence or making it a full one,
//     adding a dependency or replacing one by a full fence allows no
//     state that the program did not allow;
//   - address, data and control dependencies, written with instructions
//     whose outcome does not depend on the value loaded, change no state
//     under SC and x86-TSO, and allow no state under ARMv8 and RVWMO that
//     the program without them forbids;
//   - SC's states are the same in the four syntaxes, and no model's
//     states depend on the order in which the threads are written.
//
// A model that loses an axiom, or keeps an order that it should relax,
// breaks one of them on some program, and so does a front end that reads
// an instruction wrongly; a test written by hand catches such a mistake
// only if someone thought of its shape.

// finalStates decides p rendered in s under model and returns its final
// states, each as "t:rK=v; ...; x=v", with the thread's k-th result named
// rK whatever the syntax calls its register; reversed says that p is
// another program's threads reversed, and names them as that program's.
func finalStates(t *testing.T, p genProgram, s genSyntax, model string, reversed bool) map[string]bool {
	t.Helper()
	return finalStatesWithin(t, Options{}, p, s, model, reversed)
}

// finalStatesWithin is finalStates under the bounds of opts: a program
// that goes past one is skipped (t.Skip), for the fuzzing that keeps each
// input to a fraction of a second (fuzzRelationBounds).
func finalStatesWithin(t *testing.T, opts Options, p genProgram, s genSyntax, model string, reversed bool) map[string]bool {
	t.Helper()
	src := s.render(p)
	test, err := Parse("G.litmus", []byte(src))
	if err != nil {
		t.Fatalf("%s: %v\n%s", p, err, src)
	}
	opts.Model = model
	res, err := CheckContext(context.Background(), test, opts)
	if errors.Is(err, ErrLimit) && opts.MaxExecutions > 0 {
		t.Skipf("%s: %s: past the fuzzing's bounds: %v", p, model, err)
	}
	if err != nil {
		t.Fatalf("%s: %s: %v\n%s", p, model, err, src)
	}
	results := map[string]int{}
	for k := range maxGenResults {
		results[s.result(k)] = k
	}
	states := map[string]bool{}
	for _, st := range res.States {
		var parts []string
		for _, v := range st.Values {
			if v.Loc.IsMem() {
				parts = append(parts, fmt.Sprintf("%s=%s", v.Loc.Sym, v.Value))
				continue
			}
			k, ok := results[v.Loc.Reg]
			if !ok {
				t.Fatalf("%s: a final state names %s, which is no result register\n%s", p, v.Loc, src)
			}
			th := v.Loc.Thread
			if reversed {
				th = len(p.threads) - 1 - th
			}
			parts = append(parts, fmt.Sprintf("%d:r%d=%s", th, k, v.Value))
		}
		slices.Sort(parts)
		states[strings.Join(parts, " ")] = true
	}
	if len(states) == 0 {
		t.Fatalf("%s: %s found no final state\n%s", p, model, src)
	}
	return states
}

// stateDiff returns the states of a that b lacks, sorted, at most 3.
func stateDiff(a, b map[string]bool) []string {
	var out []string
	for _, s := range slices.Sorted(maps.Keys(a)) {
		if !b[s] && len(out) < 3 {
			out = append(out, s)
		}
	}
	return out
}

// checkRelations decides p, its variants and one program stronger than
// it, drawn by r, in every syntax and model, and reports each relation of
// this file's comment that the states break.
func checkRelations(t *testing.T, p genProgram, r *rand.Rand) {
	t.Helper()
	checkRelationsWithin(t, Options{}, p, r)
}

// checkRelationsWithin is checkRelations with each check under the
// bounds of opts (see finalStatesWithin).
func checkRelationsWithin(t *testing.T, opts Options, p genProgram, r *rand.Rand) {
	t.Helper()
	states := func(p genProgram, s genSyntax, model string, reversed bool) map[string]bool {
		t.Helper()
		return finalStatesWithin(t, opts, p, s, model, reversed)
	}
	subset := func(what string, a, b map[string]bool) {
		t.Helper()
		if d := stateDiff(a, b); len(d) > 0 {
			t.Errorf("%s: %s: not so for %v", p, what, d)
		}
	}
	same := func(what string, a, b map[string]bool) {
		t.Helper()
		subset(what, a, b)
		subset(what, b, a)
	}
	stronger, strengthened := p.strengthened(r)
	var sc map[string]bool
	weak := map[string]map[string]bool{}
	for _, s := range genSyntaxes {
		if s.arch == "PPC" && !p.fewLoops() {
			continue
		}
		own := states(p, s, "sc", false)
		if sc == nil {
			sc = own
		} else {
			same("SC's states are the same in "+s.arch+" as in "+genSyntaxes[0].arch, own, sc)
		}
		same("SC's states do not depend on the order of the threads ("+s.arch+")",
			states(p.reversed(), s, "sc", true), sc)
		w := states(p, s, s.model, false)
		weak[s.model] = w
		subset(s.model+" allows what SC allows", sc, w)
		same(s.model+" with a full fence between every two accesses is SC",
			states(p.fenced(), s, s.model, false), sc)
		same(s.model+" with every access strong is SC",
			states(p.ordered(), s, s.model, false), sc)
		same(s.model+"'s states do not depend on the order of the threads",
			states(p.reversed(), s, s.model, true), w)
		if n := p.plainRMWs(); n > 0 && p.fewLoops() {
			looped := p
			looped.loops = true
			same("SC's states are the same with each plain swap or fetch-add a loop ("+s.arch+")",
				states(looped, s, "sc", false), sc)
			lw := states(looped, s, s.model, false)
			subset(s.model+" allows what SC allows with each plain swap or fetch-add a loop", sc, lw)
			if s.arch != "RISCV" {
				same(s.model+"'s states are the same with each plain swap or fetch-add a loop", lw, w)
			}
		}
		if p.deps() > 0 {
			free := states(p.independent(), s, s.model, false)
			if s.model == "x86tso" {
				same(s.model+"'s states are the same without the dependencies", w, free)
			} else {
				subset(s.model+" allows nothing that it forbids without the dependencies", w, free)
			}
		}
		if strengthened {
			subset(fmt.Sprintf("%s allows no more of %s, stronger", s.model, stronger),
				states(stronger, s, s.model, false), w)
		}
	}
	same("SC's states are those of the machine that interleaves the threads' accesses", sc, p.runSC())
	same("x86tso's states are those of the machine with a store buffer per thread", weak["x86tso"], p.runTSO())
	subset("aarch64 allows what x86tso allows", weak["x86tso"], weak["aarch64"])
	subset("riscv allows what x86tso allows", weak["x86tso"], weak["riscv"])
	if weak["ppc"] != nil {
		subset("ppc allows what x86tso allows", weak["x86tso"], weak["ppc"])
	}
}

// TestModelRelations holds random programs, a fixed set of them, to the
// relations of this file's comment.
func TestModelRelations(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 40
	}
	r := rand.New(rand.NewPCG(7, 13))
	for range n {
		checkRelations(t, randomProgram(r), r)
		if t.Failed() {
			return
		}
	}
}

// TestModelRelationsSeen holds the relations on programs whose shapes the
// catalogues name, so that each relation is known to be tested on a
// program where the weak model allows more than SC: the relations between
// equal sets would hold trivially if every program were SC everywhere.
func TestModelRelationsSeen(t *testing.T) {
	w, rd, swp := genW, genR, genSwp
	strong := func(a genAccess) genAccess { a.strong = true; return a }
	after := func(f genFence, a genAccess) genAccess { a.fence = f; return a }
	on := func(d genDep, a genAccess) genAccess { a.dep = d; return a }
	mp := func(reader genAccess) genProgram {
		return genProgram{locs: 2, threads: [][]genAccess{{w(0, 1), after(genFenceStores, w(1, 1))}, {rd(1), reader}}}
	}
	lb := func(d genDep) genProgram {
		return genProgram{locs: 2, threads: [][]genAccess{{rd(0), on(d, w(1, 1))}, {rd(1), on(d, w(0, 1))}}}
	}
	for _, tc := range []struct {
		name string
		p    genProgram
		// weaker lists the models that allow a state SC forbids.
		weaker []string
	}{
		{"SB", genProgram{locs: 2, threads: [][]genAccess{{w(0, 1), rd(1)}, {w(1, 1), rd(0)}}}, []string{"aarch64", "x86tso", "riscv", "ppc"}},
		{"MP", genProgram{locs: 2, threads: [][]genAccess{{w(0, 1), w(1, 1)}, {rd(1), rd(0)}}}, []string{"aarch64", "riscv", "ppc"}},
		{"LB", genProgram{locs: 2, threads: [][]genAccess{{rd(0), w(1, 1)}, {rd(1), w(0, 1)}}}, []string{"aarch64", "riscv", "ppc"}},
		{"2+2W", genProgram{locs: 2, threads: [][]genAccess{{w(0, 2), w(1, 1)}, {w(1, 2), w(0, 1)}}}, []string{"aarch64", "riscv", "ppc"}},
		{"CoRR", genProgram{locs: 2, threads: [][]genAccess{{w(0, 1)}, {rd(0), rd(0)}}}, nil},
		// x86's locked instruction drains the store buffer before its read.
		{"SB+swaps", genProgram{locs: 2, threads: [][]genAccess{{w(0, 1), swp(1, 1)}, {w(1, 2), swp(0, 2)}}}, []string{"aarch64", "riscv", "ppc"}},
		// n6: a load reads its own thread's buffered store before the store
		// reaches the memory.
		{"n6", genProgram{locs: 2, threads: [][]genAccess{{w(0, 1), rd(0), rd(1)}, {w(1, 1), w(0, 2)}}}, []string{"aarch64", "x86tso", "riscv", "ppc"}},
		{"MP+fences", genProgram{locs: 2, threads: [][]genAccess{{w(0, 1), after(genFenceStores, w(1, 1))}, {rd(1), after(genFenceLoads, rd(0))}}}, nil},
		{"MP+store-fence", genProgram{locs: 2, threads: [][]genAccess{{w(0, 1), after(genFenceStores, w(1, 1))}, {rd(1), rd(0)}}}, []string{"aarch64", "riscv", "ppc"}},
		{"MP+strong", genProgram{locs: 2, threads: [][]genAccess{{w(0, 1), strong(w(1, 1))}, {strong(rd(1)), rd(0)}}}, nil},
		{"SB+strong", genProgram{locs: 2, threads: [][]genAccess{{strong(w(0, 1)), strong(rd(1))}, {strong(w(1, 1)), strong(rd(0))}}}, nil},
		// A fence of loads keeps no store before a later load.
		{"SB+load-fences", genProgram{locs: 2, threads: [][]genAccess{{w(0, 1), after(genFenceLoads, rd(1))}, {w(1, 1), after(genFenceLoads, rd(0))}}}, []string{"aarch64", "x86tso", "riscv", "ppc"}},
		// A dependency on a load orders the access that depends on it, but
		// a branch orders no later load.
		{"MP+fence+addr", mp(on(genAddr, rd(0))), nil},
		{"MP+fence+ctrl", mp(on(genCtrl, rd(0))), []string{"aarch64", "riscv", "ppc"}},
		{"LB+addrs", lb(genAddr), nil},
		{"LB+datas", lb(genData), nil},
		{"LB+ctrls", lb(genCtrl), nil},
		// An address dependency orders the stores after the access it
		// leads to (ARMv8's addr;po;[W], RVWMO's r13).
		{"LB+addr-po+data", genProgram{locs: 3, threads: [][]genAccess{{rd(0), on(genAddr, rd(2)), w(1, 1)}, {rd(1), on(genData, w(0, 1))}}}, nil},
		// A load that reads its thread's own dependent store comes after
		// what that store depended on: RVWMO's r12, and ARMv8's
		// (addr|data);lmrs, which herd7's ARMv8 dependencies, through
		// registers and memory, include when the load leads to a
		// dependency itself.
		{"MP+fence+data-rfi-addr", genProgram{locs: 3, threads: [][]genAccess{{w(0, 1), after(genFenceStores, w(2, 1))},
			{rd(2), on(genData, w(1, 1)), rd(1), on(genAddr, rd(0))}}}, nil},
		{"MP+fence+data-rfi-acq", genProgram{locs: 3, threads: [][]genAccess{{w(0, 1), after(genFenceStores, w(2, 1))},
			{rd(2), on(genData, w(1, 1)), strong(rd(1)), rd(0)}}}, nil},
		// A load of what a swap wrote carries no dependency on the swap's
		// read under ARMv8 (herd7 orders SWP's read and write by
		// iico_order), where one of what a fetch-add wrote does, its
		// write's data coming from its read; RVWMO orders both by r3, and
		// Power by its po-loc between the lwarx and the later load of the
		// same location, in cc, then the data dependency.
		{"swap-rfi-data", genProgram{locs: 2, threads: [][]genAccess{{swp(1, 1), rd(1), on(genData, w(0, 1))}, {w(0, 2), strong(w(1, 2))}}}, []string{"aarch64"}},
		{"fetch-add-rfi-data", genProgram{locs: 2, threads: [][]genAccess{{genFAdd(1, 1), rd(1), on(genData, w(0, 1))}, {w(0, 2), strong(w(1, 2))}}}, nil},
		{"SB+fetch-adds", genProgram{locs: 2, threads: [][]genAccess{{w(0, 1), genFAdd(1, 1)}, {w(1, 1), genFAdd(0, 1)}}}, []string{"aarch64", "riscv", "ppc"}},
		// A dependency orders nothing before the load it depends on.
		{"SB+addrs", genProgram{locs: 2, threads: [][]genAccess{{w(0, 1), rd(1), on(genAddr, rd(0))}, {w(1, 1), rd(0), on(genAddr, rd(1))}}}, []string{"aarch64", "x86tso", "riscv", "ppc"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkRelations(t, tc.p, rand.New(rand.NewPCG(1, 2)))
			sc := finalStates(t, tc.p, genSyntaxes[0], "sc", false)
			for _, s := range genSyntaxes {
				weak := finalStates(t, tc.p, s, s.model, false)
				more := len(stateDiff(weak, sc)) > 0
				if want := slices.Contains(tc.weaker, s.model); more != want {
					t.Errorf("%s: %s allows a state that SC forbids: %v, want %v", tc.p, s.model, more, want)
				}
			}
		})
	}
}

// FuzzModelRelations draws programs from the fuzzer's seeds and holds
// them to the relations: go test -fuzz FuzzModelRelations ./litmus
// searches beyond TestModelRelations' fixed set.
func FuzzModelRelations(f *testing.F) {
	f.Add(uint64(1), uint64(2))
	f.Fuzz(func(t *testing.T, a, b uint64) {
		r := rand.New(rand.NewPCG(a, b))
		checkRelationsWithin(t, fuzzRelationBounds, randomProgram(r), r)
	})
}

// fuzzRelationBounds keep each input of FuzzModelRelations to a fraction
// of a second: the fuzzer seeks out the programs whose checks explore
// the most, and go test -fuzz counts an input that runs for 10 s as a
// crash. A program past them is skipped; TestModelRelations decides its
// own without bounds.
var fuzzRelationBounds = Options{MaxExecutions: 5000}

// TestRISCVSwapLoops shows the two ways in which RVWMO tells a relaxed
// AMOSWAP from its LR/SC loop, which is why TestModelRelations compares
// the two only under ARMv8 and x86-TSO.
func TestRISCVSwapLoops(t *testing.T) {
	st, rd, swp := genW, genR, genSwp
	riscv := genSyntaxes[2]
	for _, tc := range []struct {
		name  string
		p     genProgram
		state string
		// loopOnly: the loop allows the state and the AMO does not; the
		// other way round otherwise.
		loopOnly bool
	}{
		// FENCE R,RW orders the whole AMO before the load of x, the LR alone
		// of the loop: SB with a fence on each side holds for the AMO only.
		{"fence after the swap", genProgram{locs: 2, threads: [][]genAccess{
			{st(0, 1), genAccess{kind: genLoad, loc: 1, fence: genFenceAll}},
			{swp(1, 1), genAccess{kind: genLoad, loc: 0, fence: genFenceLoads}},
		}}, "0:r0=0 1:r0=0 1:r1=0 x=1 y=1", true},
		// The branch on SC's result orders the later store of x after the
		// loop's store of y (r11): MP holds for the loop only.
		{"store after the swap", genProgram{locs: 2, threads: [][]genAccess{
			{swp(1, 1), st(0, 1)},
			{genAccess{kind: genLoad, loc: 0, strong: true}, rd(1)},
		}}, "0:r0=0 1:r0=1 1:r1=0 x=1 y=1", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			amo := finalStates(t, tc.p, riscv, "riscv", false)
			looped := tc.p
			looped.loops = true
			loop := finalStates(t, looped, riscv, "riscv", false)
			if loop[tc.state] != tc.loopOnly || amo[tc.state] == tc.loopOnly {
				t.Errorf("%s: %s allowed with the loop %v, with the AMO %v; want %v, %v",
					tc.p, tc.state, loop[tc.state], amo[tc.state], tc.loopOnly, !tc.loopOnly)
			}
		})
	}
}
