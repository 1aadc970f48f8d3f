package litmus

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// The random programs of TestModelRelations: a few threads of loads,
// stores, swaps and fetch-adds, each access plain or in its syntax's
// strongest form,
// with fences between them and dependencies on earlier loads, written out
// in the AArch64, X86_64, RISCV and PPC syntaxes.

// genKind is what one access of a generated program does.
type genKind uint8

const (
	genLoad     genKind = iota // a load into the thread's next result register
	genStore                   // a store of val
	genSwap                    // a swap of val, its old value into the next result register
	genFetchAdd                // a fetch-add of val, its old value into the next result register
)

// genFence is a fence before an access, after the thread's earlier ones.
type genFence uint8

const (
	genNoFence genFence = iota
	// genFenceAll orders everything before it before everything after
	// it: DMB ISH, MFENCE, fence rw,rw.
	genFenceAll
	// genFenceLoads orders loads before it before everything after it:
	// DMB ISHLD, fence r,rw; LFENCE, which orders nothing that x86-TSO
	// does not.
	genFenceLoads
	// genFenceStores orders stores before it before stores after it:
	// DMB ISHST, fence w,w; SFENCE, as LFENCE.
	genFenceStores
)

// genDep is a dependency of an access on the thread's latest result
// (the value of its last load, swap or fetch-add), written with
// instructions whose outcome does not depend on that value: an EOR or XOR
// of the register with itself, or a branch to the next instruction.
type genDep uint8

const (
	genNoDep genDep = iota
	genAddr         // the address: the location's plus the zeroed result
	genData         // the value stored: the zeroed result plus val
	// genCtrl: a conditional branch on the result before the access,
	// which every later access of the thread follows too.
	genCtrl
)

// genAccess is one access of a generated program, to location loc
// (x, y, z).
type genAccess struct {
	kind genKind
	loc  int
	val  int
	// strong: the syntax's strongest form of the access: LDAR, STLR,
	// SWPAL or LDADDAL; a locked XADD of 0 for a load, XCHG for a store
	// (a swap and a fetch-add are XCHG and LOCK XADD either way); an
	// .aqrl AMO (AMOOR of x0 for a load, AMOSWAP for a store or swap).
	strong bool
	fence  genFence // before the access; never before a thread's first
	dep    genDep   // only after a result; genData only for a write
}

// genProgram is a program of a few threads of accesses. Each store and
// swap writes a value that no other access writes to its location, so
// that a final state tells which writes were read (a fetch-add's sum
// may repeat another's value).
type genProgram struct {
	threads [][]genAccess
	locs    int
	// loops: each plain swap and fetch-add is written as the loop that
	// compiled code makes of it: LDXR/STXR, LR/SC, or a load and LOCK
	// CMPXCHG.
	loops bool
}

// genR, genW and genSwp write a load, a store and a swap by hand.
func genR(loc int) genAccess         { return genAccess{kind: genLoad, loc: loc} }
func genW(loc, val int) genAccess    { return genAccess{kind: genStore, loc: loc, val: val} }
func genSwp(loc, val int) genAccess  { return genAccess{kind: genSwap, loc: loc, val: val} }
func genFAdd(loc, val int) genAccess { return genAccess{kind: genFetchAdd, loc: loc, val: val} }

var genLocNames = []string{"x", "y", "z"}

// maxGenResults is the most results (loads, swaps, fetch-adds) a thread
// may have: the result registers each syntax names.
const maxGenResults = 3

// randomProgram draws a program of 2 or 3 threads over 2 or (a third of
// the time) 3 locations, with at most 7 accesses in all (1 fetch-add at
// most), a sixth of them strong, a fifth after a fence, and a quarter of
// those that follow a result dependent on it.
func randomProgram(r *rand.Rand) genProgram {
	p := genProgram{locs: 2}
	if r.IntN(3) == 0 {
		p.locs = 3 // rarer: two locations make more races
	}
	next := make([]int, p.locs)
	n := 2 + r.IntN(2)
	budget := 7
	// The sums of fetch-adds multiply a location's values, and with
	// them the executions: one at most.
	adds := 0
	for t := range n {
		left := n - t - 1
		size := 1 + r.IntN(min(3, budget-left))
		budget -= size
		var th []genAccess
		results := 0
		for i := range size {
			a := genAccess{loc: r.IntN(p.locs), strong: r.IntN(6) == 0}
			switch x := r.IntN(20); {
			case x < 8 && results < maxGenResults:
				a.kind = genLoad
			case x < 15 || results == maxGenResults:
				a.kind = genStore
			case x < 18 || adds == 1:
				a.kind = genSwap
			default:
				a.kind = genFetchAdd
				adds++
			}
			if a.kind != genLoad {
				next[a.loc]++
				a.val = next[a.loc]
			}
			if i > 0 && r.IntN(5) == 0 {
				a.fence = genFence(1 + r.IntN(3))
			}
			if results > 0 && r.IntN(4) == 0 {
				a.dep = a.randomDep(r)
			}
			if a.kind != genStore {
				results++
			}
			th = append(th, a)
		}
		p.threads = append(p.threads, th)
	}
	return p
}

// randomDep draws a dependency that a can have on an earlier result.
func (a genAccess) randomDep(r *rand.Rand) genDep {
	if a.kind == genLoad {
		return []genDep{genAddr, genCtrl}[r.IntN(2)]
	}
	return genDep(1 + r.IntN(3))
}

// String prints the program in the tests' failure messages:
// "P0: W x=1; F; R! y | P1: ...", where ! marks a strong access, F, FR
// and FW a fence of every access, of loads and of stores, and a suffix
// @addr, @data or @ctrl a dependency.
func (p genProgram) String() string {
	var threads []string
	for t, th := range p.threads {
		var ops []string
		for _, a := range th {
			if a.fence != genNoFence {
				ops = append(ops, []string{"", "F", "FR", "FW"}[a.fence])
			}
			op := []string{"R", "W", "SWP", "ADD"}[a.kind]
			if a.strong {
				op += "!"
			}
			op += " " + genLocNames[a.loc]
			if a.kind != genLoad {
				op += fmt.Sprintf("=%d", a.val)
			}
			if a.dep != genNoDep {
				op += []string{"", "@addr", "@data", "@ctrl"}[a.dep]
			}
			ops = append(ops, op)
		}
		threads = append(threads, fmt.Sprintf("P%d: %s", t, strings.Join(ops, "; ")))
	}
	return strings.Join(threads, " | ")
}

// edit returns a copy of p with f applied to every access.
func (p genProgram) edit(f func(i int, a *genAccess)) genProgram {
	q := p
	q.threads = nil
	for _, th := range p.threads {
		th = slices.Clone(th)
		for i := range th {
			f(i, &th[i])
		}
		q.threads = append(q.threads, th)
	}
	return q
}

// fenced is p with a fence of every access between every two accesses of
// a thread.
func (p genProgram) fenced() genProgram {
	return p.edit(func(i int, a *genAccess) {
		if i > 0 {
			a.fence = genFenceAll
		}
	})
}

// ordered is p with every access strong.
func (p genProgram) ordered() genProgram {
	return p.edit(func(_ int, a *genAccess) { a.strong = true })
}

// strengthened is p with one access made strong, one fence added or
// made a fence of every access, one dependency added, or one replaced by
// a fence of every access, chosen by r; ok is false when p has nothing
// left to strengthen.
func (p genProgram) strengthened(r *rand.Rand) (q genProgram, ok bool) {
	type spot struct{ t, i int }
	var spots []spot
	for t, th := range p.threads {
		results := 0
		for i, a := range th {
			if !a.strong || i > 0 && a.fence != genFenceAll || results > 0 && a.dep == genNoDep {
				spots = append(spots, spot{t, i})
			}
			if a.kind != genStore {
				results++
			}
		}
	}
	if len(spots) == 0 {
		return p, false
	}
	s := spots[r.IntN(len(spots))]
	q = p.edit(func(int, *genAccess) {})
	a := &q.threads[s.t][s.i]
	var ways []func()
	if !a.strong {
		ways = append(ways, func() { a.strong = true })
	}
	if s.i > 0 && a.fence != genFenceAll {
		ways = append(ways, func() {
			if a.fence == genNoFence && r.IntN(2) == 0 {
				a.fence = genFence(1 + r.IntN(3))
			} else {
				a.fence = genFenceAll
			}
		})
		if a.dep != genNoDep {
			ways = append(ways, func() { a.dep, a.fence = genNoDep, genFenceAll })
		}
	}
	if a.dep == genNoDep && slices.ContainsFunc(p.threads[s.t][:s.i], func(b genAccess) bool { return b.kind != genStore }) {
		ways = append(ways, func() { a.dep = a.randomDep(r) })
	}
	ways[r.IntN(len(ways))]()
	return q, true
}

// independent is p without its dependencies.
func (p genProgram) independent() genProgram {
	return p.edit(func(_ int, a *genAccess) { a.dep = genNoDep })
}

// count counts the accesses of p for which f holds.
func (p genProgram) count(f func(a genAccess) bool) int {
	n := 0
	for _, th := range p.threads {
		for _, a := range th {
			if f(a) {
				n++
			}
		}
	}
	return n
}

// deps counts the dependencies of p.
func (p genProgram) deps() int { return p.count(func(a genAccess) bool { return a.dep != genNoDep }) }

// plainRMWs counts the swaps and fetch-adds of p that loops would
// change.
func (p genProgram) plainRMWs() int {
	return p.count(func(a genAccess) bool { return a.kind >= genSwap && !a.strong })
}

// fewLoops reports whether p's swaps and fetch-adds, written as loops, keep
// its executions few enough to check: loops multiply them, so two loops
// only in a program of four accesses (three threads' loops and swaps on
// one location in five take seconds), and never three. Power has no other
// way to write them, so its syntax takes only such programs.
func (p genProgram) fewLoops() bool {
	n := p.count(func(a genAccess) bool { return a.kind >= genSwap })
	return n <= 1 || n == 2 && p.accesses() <= 4
}

// accesses counts the accesses of p.
func (p genProgram) accesses() int { return p.count(func(genAccess) bool { return true }) }

// reversed is p with its threads in the opposite order.
func (p genProgram) reversed() genProgram {
	q := p
	q.threads = slices.Clone(p.threads)
	slices.Reverse(q.threads)
	return q
}

// genSyntax renders a generated program in one architecture's syntax.
type genSyntax struct {
	arch  string
	model string // the architecture's own model
	// result names the canonical register (Location.Reg) of a thread's
	// k-th result.
	result func(k int) string
	// access returns the instructions of one access, whose result, if
	// any, is the thread's k-th; an address or data dependency is on the
	// (k-1)-th.
	access func(a genAccess, k int) []string
	// loop returns the instructions of a plain swap written as a loop
	// that retries from label until its store succeeds.
	loop func(a genAccess, k int, label string) []string
	// branch returns a conditional branch to label on the thread's k-th
	// result, label being the next instruction's.
	branch func(k int, label string) []string
	// fences are the instructions of genFenceAll, genFenceLoads and
	// genFenceStores.
	fences [3]string
	// init returns the initial state's entries of one thread.
	init func(t, locs int) string
}

var genSyntaxes = []genSyntax{
	{
		arch: "AArch64", model: "aarch64",
		result: func(k int) string { return fmt.Sprintf("X%d", k) },
		access: func(a genAccess, k int) []string {
			code, addr := armAddr(a, k)
			ld, st, rmw := "LDR", "STR", map[genKind]string{genSwap: "SWP", genFetchAdd: "LDADD"}[a.kind]
			if a.strong {
				ld, st, rmw = "LDAR", "STLR", rmw+"AL"
			}
			switch a.kind {
			case genLoad:
				return append(code, fmt.Sprintf("%s W%d,%s", ld, k, addr))
			case genStore:
				return append(append(code, armValue(a, k)...), fmt.Sprintf("%s W9,%s", st, addr))
			}
			return append(append(code, armValue(a, k)...), fmt.Sprintf("%s W9,W%d,%s", rmw, k, addr))
		},
		loop: func(a genAccess, k int, label string) []string {
			code, addr := armAddr(a, k)
			code = append(append(code, armValue(a, k)...), label+":", fmt.Sprintf("LDXR W%d,%s", k, addr))
			if a.kind == genFetchAdd {
				return append(code, fmt.Sprintf("ADD W6,W%d,W9", k), "STXR W8,W6,"+addr, "CBNZ W8,"+label)
			}
			return append(code, "STXR W8,W9,"+addr, "CBNZ W8,"+label)
		},
		branch: func(k int, label string) []string { return []string{fmt.Sprintf("CBNZ W%d,%s", k, label)} },
		fences: [3]string{"DMB ISH", "DMB ISHLD", "DMB ISHST"},
		init:   registerInit("X"),
	},
	{
		arch: "X86_64", model: "x86tso",
		// EAX and EDX are CMPXCHG's: the results go elsewhere.
		result: func(k int) string { return []string{"rbx", "rcx", "rsi"}[k] },
		access: func(a genAccess, k int) []string {
			code, addr := x86Addr(a, k)
			reg := x86Result(k)
			switch {
			case a.kind == genLoad && a.strong:
				return append(code, "movl $0,"+reg, fmt.Sprintf("lock xaddl %s,%s", reg, addr))
			case a.kind == genLoad:
				return append(code, fmt.Sprintf("movl %s,%s", addr, reg))
			case a.kind == genStore && a.strong:
				// XCHG's old value goes to a register that no state shows.
				return append(append(code, x86Value(a, k, "%edx")...), "xchgl %edx,"+addr)
			case a.kind == genStore:
				return append(append(code, x86Value(a, k, "%edx")...), "movl %edx,"+addr)
			}
			rmw := map[genKind]string{genSwap: "xchgl", genFetchAdd: "lock xaddl"}[a.kind]
			return append(append(code, x86Value(a, k, reg)...), fmt.Sprintf("%s %s,%s", rmw, reg, addr))
		},
		loop: func(a genAccess, k int, label string) []string {
			code, addr := x86Addr(a, k)
			code = append(code, "movl "+addr+",%eax", label+":")
			code = append(code, x86Value(a, k, "%edx")...)
			if a.kind == genFetchAdd {
				code = append(code, "addl %eax,%edx")
			}
			return append(code, "lock cmpxchgl %edx,"+addr, "jne "+label, "movl %eax,"+x86Result(k))
		},
		branch: func(k int, label string) []string { return []string{"cmpl $0," + x86Result(k), "jne " + label} },
		fences: [3]string{"mfence", "lfence", "sfence"},
		init:   registerInit("r"),
	},
	{
		arch: "RISCV", model: "riscv",
		result: func(k int) string { return fmt.Sprintf("x%d", 5+k) },
		access: func(a genAccess, k int) []string {
			code, addr := riscvAddr(a, k)
			switch {
			case a.kind == genLoad && a.strong:
				return append(code, fmt.Sprintf("amoor.w.aqrl x%d,x0,(%s)", 5+k, addr))
			case a.kind == genLoad:
				return append(code, fmt.Sprintf("lw x%d,0(%s)", 5+k, addr))
			case a.kind == genStore && a.strong:
				return append(append(code, riscvValue(a, k)...), fmt.Sprintf("amoswap.w.aqrl x0,x9,(%s)", addr))
			case a.kind == genStore:
				return append(append(code, riscvValue(a, k)...), fmt.Sprintf("sw x9,0(%s)", addr))
			}
			rmw := map[genKind]string{genSwap: "amoswap.w", genFetchAdd: "amoadd.w"}[a.kind]
			if a.strong {
				rmw += ".aqrl"
			}
			return append(append(code, riscvValue(a, k)...), fmt.Sprintf("%s x%d,x9,(%s)", rmw, 5+k, addr))
		},
		loop: func(a genAccess, k int, label string) []string {
			code, addr := riscvAddr(a, k)
			code = append(append(code, riscvValue(a, k)...), label+":", fmt.Sprintf("lr.w x%d,0(%s)", 5+k, addr))
			val := "x9"
			if a.kind == genFetchAdd {
				code, val = append(code, fmt.Sprintf("add x29,x%d,x9", 5+k)), "x29"
			}
			return append(code, fmt.Sprintf("sc.w x8,%s,0(%s)", val, addr), "bne x8,x0,"+label)
		},
		branch: func(k int, label string) []string { return []string{fmt.Sprintf("bne x%d,x0,%s", 5+k, label)} },
		fences: [3]string{"fence rw,rw", "fence r,rw", "fence w,w"},
		init:   registerInit("x"),
	},
	{
		// Power has no single read-modify-write instruction: a swap or
		// fetch-add is always its lwarx/stwcx. loop, and a strong access
		// has a sync on either side, as Linux's fully ordered operations.
		arch: "PPC", model: "ppc",
		result: func(k int) string { return fmt.Sprintf("r%d", 3+k) },
		access: func(a genAccess, k int) []string {
			code := ppcAccess(a, k, fmt.Sprintf("S%d", k))
			if a.strong {
				code = append(append([]string{"sync"}, code...), "sync")
			}
			return code
		},
		loop:   ppcAccess,
		branch: func(k int, label string) []string { return []string{fmt.Sprintf("cmpwi r%d,0", 3+k), "bne " + label} },
		fences: [3]string{"sync", "lwsync", "eieio"},
		init:   registerInit("r"),
	},
}

// ppcAccess returns the instructions of a plain access in the PPC
// syntax, a swap or fetch-add being a loop from label. x, y and z are in
// r10, r11 and r12, or in r7 after adding the zeroed result to them for
// an address dependency; the value to write is in r9.
func ppcAccess(a genAccess, k int, label string) []string {
	var code []string
	base := fmt.Sprintf("r%d", 10+a.loc)
	if a.dep == genAddr {
		code = []string{fmt.Sprintf("xor r8,r%d,r%d", 2+k, 2+k), fmt.Sprintf("add r7,%s,r8", base)}
		base = "r7"
	}
	if a.kind != genLoad {
		if a.dep == genData {
			code = append(code, fmt.Sprintf("xor r8,r%d,r%d", 2+k, 2+k), fmt.Sprintf("addi r9,r8,%d", a.val))
		} else {
			code = append(code, fmt.Sprintf("li r9,%d", a.val))
		}
	}
	switch a.kind {
	case genLoad:
		return append(code, fmt.Sprintf("lwz r%d,0(%s)", 3+k, base))
	case genStore:
		return append(code, fmt.Sprintf("stw r9,0(%s)", base))
	}
	code = append(code, label+":", fmt.Sprintf("lwarx r%d,r0,%s", 3+k, base))
	val := "r9"
	if a.kind == genFetchAdd {
		code, val = append(code, fmt.Sprintf("add r6,r%d,r9", 3+k)), "r6"
	}
	return append(code, fmt.Sprintf("stwcx. %s,r0,%s", val, base), "bne "+label)
}

// armAddr returns the instructions that compute a's address and the
// operand that names it: [X10], [X11], [X12] for x, y and z, or [X7]
// after adding the zeroed result to them for an address dependency.
func armAddr(a genAccess, k int) ([]string, string) {
	if a.dep != genAddr {
		return nil, fmt.Sprintf("[X%d]", 10+a.loc)
	}
	return []string{fmt.Sprintf("EOR W8,W%d,W%d", k-1, k-1), fmt.Sprintf("ADD X7,X%d,X8", 10+a.loc)}, "[X7]"
}

// armValue returns the instructions that put the value that a writes in
// W9: from the zeroed result for a data dependency.
func armValue(a genAccess, k int) []string {
	if a.dep != genData {
		return []string{fmt.Sprintf("MOV W9,#%d", a.val)}
	}
	return []string{fmt.Sprintf("EOR W8,W%d,W%d", k-1, k-1), fmt.Sprintf("ADD W9,W8,#%d", a.val)}
}

// x86Addr is armAddr for X86_64, with x, y and z in R10, R11 and R12
// for an address dependency: (%r10,%rdi,1) after zeroing the result
// copied to EDI, which neither CMPXCHG nor a result uses.
func x86Addr(a genAccess, k int) ([]string, string) {
	if a.dep != genAddr {
		return nil, "(" + genLocNames[a.loc] + ")"
	}
	return []string{fmt.Sprintf("movl %s,%%edi", x86Result(k-1)), "xorl %edi,%edi"}, fmt.Sprintf("(%%r%d,%%rdi,1)", 10+a.loc)
}

// x86Value returns the instructions that put the value that a writes in
// reg.
func x86Value(a genAccess, k int, reg string) []string {
	if a.dep != genData {
		return []string{fmt.Sprintf("movl $%d,%s", a.val, reg)}
	}
	return []string{fmt.Sprintf("movl %s,%s", x86Result(k-1), reg), fmt.Sprintf("xorl %s,%s", reg, reg),
		fmt.Sprintf("addl $%d,%s", a.val, reg)}
}

// riscvAddr is armAddr for RISCV: x10, x11, x12, or x28.
func riscvAddr(a genAccess, k int) ([]string, string) {
	if a.dep != genAddr {
		return nil, fmt.Sprintf("x%d", 10+a.loc)
	}
	return []string{fmt.Sprintf("xor x8,x%d,x%d", 4+k, 4+k), fmt.Sprintf("add x28,x%d,x8", 10+a.loc)}, "x28"
}

// riscvValue is armValue for RISCV.
func riscvValue(a genAccess, k int) []string {
	if a.dep != genData {
		return []string{fmt.Sprintf("ori x9,x0,%d", a.val)}
	}
	return []string{fmt.Sprintf("xor x8,x%d,x%d", 4+k, 4+k), fmt.Sprintf("ori x9,x8,%d", a.val)}
}

// x86Result is the register of a thread's k-th result in the X86_64
// syntax.
func x86Result(k int) string { return []string{"%ebx", "%ecx", "%esi"}[k] }

// registerInit is the initial state of a thread whose registers 10, 11
// and 12 hold the addresses of x, y and z.
func registerInit(prefix string) func(t, locs int) string {
	return func(t, locs int) string {
		var b strings.Builder
		for l := range locs {
			fmt.Fprintf(&b, "%d:%s%d=%s; ", t, prefix, 10+l, genLocNames[l])
		}
		return b.String()
	}
}

// render writes p as a litmus test of s, with a locations line that
// shows every result register and every location, so that the final
// states say all that the program can observe.
func (s genSyntax) render(p genProgram) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s G\n{ ", s.arch)
	for _, l := range genLocNames[:p.locs] {
		b.WriteString(l + "=0; ")
	}
	for t := range p.threads {
		b.WriteString(s.init(t, p.locs))
	}
	b.WriteString("}\n")
	cols := make([][]string, len(p.threads))
	var shown []string
	for t, th := range p.threads {
		k := 0
		for i, a := range th {
			if a.fence != genNoFence {
				cols[t] = append(cols[t], s.fences[a.fence-1])
			}
			if a.dep == genCtrl {
				label := fmt.Sprintf("C%d%d", t, i)
				cols[t] = append(append(cols[t], s.branch(k-1, label)...), label+":")
			}
			if p.loops && a.kind >= genSwap && !a.strong {
				cols[t] = append(cols[t], s.loop(a, k, fmt.Sprintf("L%d%d", t, i))...)
			} else {
				cols[t] = append(cols[t], s.access(a, k)...)
			}
			if a.kind != genStore {
				shown = append(shown, fmt.Sprintf("%d:%s", t, s.result(k)))
				k++
			}
		}
	}
	rows := 0
	for t := range cols {
		rows = max(rows, len(cols[t]))
		fmt.Fprintf(&b, " P%d |", t)
	}
	b.WriteString("\n")
	for i := range rows {
		for t := range cols {
			if i < len(cols[t]) {
				b.WriteString(" " + cols[t][i])
			}
			b.WriteString(" |")
		}
		b.WriteString("\n")
	}
	shown = append(shown, genLocNames[:p.locs]...)
	fmt.Fprintf(&b, "locations [%s;]\nexists (x=0)\n", strings.Join(shown, "; "))
	return strings.ReplaceAll(b.String(), "|\n", ";\n")
}
