package verify

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence/litmus"
)

// TestShareNamesDisjointPaths: keys that no line needs at once, a spill
// on each of two paths, share a name; a key read after another is written
// keeps its own.
func TestShareNamesDisjointPaths(t *testing.T) {
	lines := []string{
		"movl (x),{s1:w}",
		"cmpl $0,{s1:w}",
		"je L1",
		"movl $1,{s2:w}",
		"movl {s2:w},(y)",
		"jmp End",
		"L1:",
		"movl $2,{s3:w}",
		"movl {s3:w},(y)",
		"End:",
	}
	names, ok := shareNames(lines, []string{"s1", "s2", "s3"}, []string{"a"}, nil)
	if !ok || names["s1"] != "a" || names["s2"] != "a" || names["s3"] != "a" {
		t.Fatalf("shareNames = %v, %v; want all three on the one name", names, ok)
	}
	live := []string{
		"movl (x),{s1:w}",
		"movl $1,{s2:w}",
		"movl {s2:w},(y)",
		"movl {s1:w},(z)",
	}
	if names, ok := shareNames(live, []string{"s1", "s2"}, []string{"a"}, nil); ok {
		t.Fatalf("shareNames gave %v: s1 is live where s2 is written", names)
	}
	names, ok = shareNames(live, []string{"s1", "s2"}, []string{"a", "b"}, nil)
	if !ok || names["s1"] == names["s2"] {
		t.Fatalf("shareNames = %v, %v; want two names", names, ok)
	}
}

// TestShareNamesUnsharedKeys: a placeholder that is not among the keys to
// share (a register named apart) ties none of them, so s1, dead before s2
// is written, still shares s2's name; and a jump to a label that no line
// defines leaves the flow unknown, so nothing is shared.
func TestShareNamesUnsharedKeys(t *testing.T) {
	lines := []string{
		"movl (x),{s1:w}",
		"movl {s1:w},(y)",
		"movl $2,{s2:w}",
		"movl {r:w},(z)",
		"movl {s2:w},(w)",
	}
	names, ok := shareNames(lines, []string{"s1", "s2"}, []string{"a"}, nil)
	if !ok || names["s1"] != "a" || names["s2"] != "a" {
		t.Errorf("shareNames = %v, %v; want s1 and s2 on the one name", names, ok)
	}
	jump := append([]string{"jmp Nowhere"}, lines...)
	if names, ok := shareNames(jump, []string{"s1", "s2"}, []string{"a", "b"}, nil); ok {
		t.Errorf("shareNames gave %v across a jump to no label", names)
	}
}

// TestShareNamesKillAndJump: liveness is not stretched past what the
// lines say. A key written before it is read (the first key here) is dead
// above that write, and code after an unconditional jump is reached only
// through its label, so in each case two keys share one name.
func TestShareNamesKillAndJump(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines []string
	}{
		{"written after the other's last read", []string{
			"movl (x),{s2:w}",
			"movl {s2:w},(y)",
			"movl $1,{s1:w}",
			"movl {s1:w},(z)",
		}},
		{"read only behind a jump", []string{
			"movl (x),{s1:w}",
			"jmp L2",
			"L1:",
			"movl {s2:w},(z)",
			"jmp End",
			"L2:",
			"movl {s1:w},(y)",
			"End:",
		}},
	} {
		names, ok := shareNames(tc.lines, []string{"s1", "s2"}, []string{"a"}, nil)
		if !ok || names["s1"] != "a" || names["s2"] != "a" {
			t.Errorf("%s: shareNames = %v, %v; want s1 and s2 on the one name", tc.name, names, ok)
		}
	}
}

// TestShareNamesAroundLoop: a key written in a loop and read at the
// loop's head on the next pass is live along the jump back, so a key
// mentioned below its write cannot share its name. Found only once the
// analysis has gone round the loop.
func TestShareNamesAroundLoop(t *testing.T) {
	lines := []string{
		"movl (x),{s1:w}",
		"L1:",
		"movl {s1:w},(y)",
		"movl (x),{s1:w}",
		"movl $1,{s2:w}",
		"movl {s2:w},(z)",
		"cmpl $0,(c)",
		"jne L1",
	}
	if names, ok := shareNames(lines, []string{"s1", "s2"}, []string{"a"}, nil); ok {
		t.Errorf("shareNames gave %v: s1 is live around the loop where s2 is written", names)
	}
}

// TestShareNamesEntryAndExit: keys live where the thread starts (an
// address register, a key read before any write, which must read 0) or
// ends (the exit key) keep their names apart from every key live there,
// and a write that is not a whole-register move counts as a read, so that
// its key is live from the start.
func TestShareNamesEntryAndExit(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines []string
		keys  []string
		live  []string
	}{
		{"address and zero", []string{"movl {s1:w},({@x:x})", "movl $1,{s2:w}", "movl {s2:w},(y)"}, []string{"@x", "s1"}, nil},
		{"exit", []string{"movl $1,{ex:w}", "movl $2,{s1:w}", "movl {s1:w},(y)"}, []string{"ex", "s1"}, []string{"ex"}},
		{"add is no kill", []string{"movl (x),{s1:w}", "movl {s1:w},(y)", "addl $1,{s2:w}", "movl {s2:w},(z)"}, []string{"s1", "s2"}, nil},
		{"dead move into a live key", []string{"movl (x),{s1:w}", "movl $1,{s2:w}", "movl {s1:w},(y)"}, []string{"s1", "s2"}, nil},
		{"first line a dead move, then a key read at zero", []string{"movl $1,{s2:w}", "movl {s1:w},(y)"}, []string{"s1", "s2"}, nil},
		{"write into a live key", []string{"movl (x),{s1:w}", "addl $1,{s2:w}", "movl {s1:w},(y)"}, []string{"s1", "s2"}, nil},
		{"CAS", []string{"MOV {s1:w},#1", "CAS {s2:w},{s3:w},[{@x:x}]", "STR {s1:w},[{@y:x}]"}, []string{"s1", "s2", "s3"}, nil},
	} {
		if names, ok := shareNames(tc.lines, tc.keys, []string{"a"}, tc.live); ok {
			t.Errorf("%s: shareNames gave %v, one name for keys live at once", tc.name, names)
		}
	}
}

// TestRenderSharesOnlyWhenShort: render gives each key a name of its own
// while there are enough, and shares them only beyond that, here with
// more spills, one per path, than X86_64 has registers.
func TestRenderSharesOnlyWhenShort(t *testing.T) {
	few := []string{"movl $1,{s1:w}", "movl {s1:w},(x)", "movl $2,{s2:w}", "movl {s2:w},(y)"}
	_, names, err := render(amd64{}, few, "ex")
	if err != nil || names["s1"] == names["s2"] {
		t.Fatalf("render = %v, %v; want a name each", names, err)
	}
	var many []string
	for i := range 40 {
		many = append(many, fmt.Sprintf("cmpl $%d,(c)", i), fmt.Sprintf("jne L%d", i),
			fmt.Sprintf("movl $%d,{s%d:w}", i, i), fmt.Sprintf("movl {s%d:w},(y)", i), "jmp End", fmt.Sprintf("L%d:", i))
	}
	many = append(many, "End:")
	out, names, err := render(amd64{}, many, "ex")
	if err != nil {
		t.Fatal(err)
	}
	if names["s0"] != names["s39"] {
		t.Errorf("s0 is %s and s39 %s: spills of different paths share no name", names["s0"], names["s39"])
	}
	if slices.ContainsFunc(out, func(l string) bool { return strings.Contains(l, "{") }) {
		t.Errorf("a key left unnamed in %q", out)
	}
	if _, _, err := render(amd64{}, append(slices.Clone(many[:len(many)-1]), live16()...), "ex"); err == nil {
		t.Error("render named 17 keys live at once with X86_64's 16 registers")
	}
}

// live16 loads 17 keys and then reads them all.
func live16() []string {
	var l []string
	for i := range 17 {
		l = append(l, fmt.Sprintf("movl (m%d),{v%d:w}", i, i))
	}
	for i := range 17 {
		l = append(l, fmt.Sprintf("movl {v%d:w},(n%d)", i, i))
	}
	return l
}

func TestKilledKey(t *testing.T) {
	for l, want := range map[string]string{
		"movl {a:w},{b:w}":            "b",
		"movq $1,{b:x}":               "b",
		"movl {a:w},(x)":              "",
		"movl {a:w},{a:w}":            "",
		"addl $1,{a:w}":               "",
		"lock cmpxchgl {a:w},(x)":     "",
		"MOV {a:w},#3":                "a",
		"LDAR {a:w},[{p:x}]":          "a",
		"STLXR {s:w},{v:w},[{p:x}]":   "s",
		"LDADDAL {a:w},{b:w},[{p:x}]": "b",
		"CAS {a:w},{b:w},[{p:x}]":     "",
		"STR {a:w},[{p:x}]":           "",
		"ADD {a:w},{a:w},#1":          "",
		"CSEL {a:w},{b:w},{c:w},EQ":   "a",
		"CMP {a:w},#16777215":         "",
		"LDADDL {a:w},{a:w},[{p:x}]":  "",
		"lw {a:x},0({p:x})":           "a",
		"addiw {a:x},{a:x},0":         "",
		"addi {a:x},{b:x},0":          "a",
		"sc.w {s:x},{v:x},0({p:x})":   "s",
		"amoadd.w {a:x},x0,({p:x})":   "a",
		"sw {a:x},0({p:x})":           "",
		"stw {a:x},0({p:x})":          "",
		"std {a:x},0({p:x})":          "",
		"beq {a:x},{b:x},L0_2":        "",
		// The overwritten operand is a fixed register, not a key.
		"MOV W0,#1":                "",
		"LDADDAL {a:w},W3,[{p:x}]": "",
	} {
		if got := killedKey(l); got != want {
			t.Errorf("killedKey(%q) = %q, want %q", l, got, want)
		}
	}
}

func TestLineFlow(t *testing.T) {
	for l, want := range map[string]struct {
		targets []string
		falls   bool
	}{
		"jmp End1":           {[]string{"End1"}, false},
		"je L0_3":            {[]string{"L0_3"}, true},
		"B L1":               {[]string{"L1"}, false},
		"B.EQ L1":            {[]string{"L1"}, true},
		"CBNZ {a:w},L2":      {[]string{"L2"}, true},
		"L0_3:":              {nil, true},
		"movl {a:w},{b:w}":   {nil, true},
		"LDAR {a:w},[{p:x}]": {nil, true},
		"j L0_4":             {[]string{"L0_4"}, false},
		"bge x0,{a:x},L0_5":  {[]string{"L0_5"}, true},
		"b L0_6":             {[]string{"L0_6"}, false},
		"cmpw {a:x},{b:x}":   {nil, true},
	} {
		targets, falls := lineFlow(l)
		if !slices.Equal(targets, want.targets) || falls != want.falls {
			t.Errorf("lineFlow(%q) = %v, %v; want %v, %v", l, targets, falls, want.targets, want.falls)
		}
	}
	// Power's conditional branches, as ppc64's condJump writes them, and
	// RISC-V's, which share their names.
	for _, cond := range []string{"EQ", "NE", "LT", "GE", "GT", "LE"} {
		l := "b" + strings.ToLower(cond) + " L1"
		if targets, falls := lineFlow(l); !slices.Equal(targets, []string{"L1"}) || !falls {
			t.Errorf("lineFlow(%q) = %v, %v; want [L1], true", l, targets, falls)
		}
	}
}

// TestWritesOverwrite checks the tables of killedKey against the
// checker's semantics: each instruction of armWrites, ppcWrites and
// rvWrites (and LDADD's loaded register), written as verify writes it,
// leaves its destination with the same final value whatever it held
// before. An entry that read its destination, or left part of it, would
// let shareNames give its key's name to a key live across the line, and
// the derived test would read a clobbered value.
func TestWritesOverwrite(t *testing.T) {
	for _, a := range []struct {
		arch     string
		dst, reg string         // the destination as the forms name it, and its full register
		regs     *regexp.Regexp // the register names, which verify writes as keys
		init     string
		writes   map[string]bool
		forms    map[string]string
	}{
		{"AArch64", "W1", "X1", regexp.MustCompile(`\b[WX][0-9]+\b`), "0:X2=x; 0:X3=6; 0:X4=-5;", armWrites, map[string]string{
			"MOV": "MOV W1,W3", "LDR": "LDR W1,[X2]", "LDAR": "LDAR W1,[X2]", "LDAPR": "LDAPR W1,[X2]",
			"LDXR": "LDXR W1,[X2]", "LDAXR": "LDAXR W1,[X2]", "ADD": "ADD W1,W3,W4", "SUB": "SUB W1,W3,W4",
			"AND": "AND W1,W3,W4", "EOR": "EOR W1,W3,W4", "ORR": "ORR W1,W3,W4", "CSEL": "CSEL W1,W3,W4,EQ",
			"STXR": "STXR W1,W3,[X2]", "STLXR": "STLXR W1,W3,[X2]", "LDADDAL": "LDADDAL W3,W1,[X2]",
		}},
		{"PPC", "r1", "r1", regexp.MustCompile(`\br[0-9]+\b`), "0:r2=x; 0:r3=6; 0:r4=-5;", ppcWrites, map[string]string{
			"li": "li r1,5", "mr": "mr r1,r3", "lwz": "lwz r1,0(r2)", "lwa": "lwa r1,0(r2)", "ld": "ld r1,0(r2)",
			"lbz": "lbz r1,0(r2)", "lhz": "lhz r1,0(r2)", "lwarx": "lwarx r1,r0,r2", "add": "add r1,r3,r4",
			"addi": "addi r1,r3,5", "sub": "sub r1,r3,r4", "and": "and r1,r3,r4", "and.": "and. r1,r3,r4",
			"andi.": "andi. r1,r3,5", "or": "or r1,r3,r4", "xor": "xor r1,r3,r4", "extsw": "extsw r1,r4",
			"clrldi": "clrldi r1,r4,32", "rlwinm": "rlwinm r1,r4,0,24,31", "mfcr": "mfcr r1",
			"mulli": "mulli r1,r3,3", "mullw": "mullw r1,r3,r4",
		}},
		{"RISCV", "x5", "x5", regexp.MustCompile(`\bx[0-9]+\b`), "0:x6=x; 0:x7=6; 0:x8=-5;", rvWrites, map[string]string{
			"li": "li x5,5", "lw": "lw x5,0(x6)", "lwu": "lwu x5,0(x6)", "ld": "ld x5,0(x6)", "lb": "lb x5,0(x6)",
			"lbu": "lbu x5,0(x6)", "lh": "lh x5,0(x6)", "lhu": "lhu x5,0(x6)", "add": "add x5,x7,x8",
			"addi": "addi x5,x7,5", "addw": "addw x5,x7,x8", "addiw": "addiw x5,x8,0", "sub": "sub x5,x7,x8",
			"subw": "subw x5,x7,x8", "and": "and x5,x7,x8", "andi": "andi x5,x7,5", "or": "or x5,x7,x8",
			"ori": "ori x5,x7,5", "xor": "xor x5,x7,x8", "xori": "xori x5,x7,5", "sll": "sll x5,x7,x7",
			"slli": "slli x5,x7,2", "srli": "srli x5,x8,2", "slt": "slt x5,x8,x7",
			"lr.w": "lr.w x5,0(x6)", "sc.w": "sc.w x5,x7,0(x6)", "amoadd.w": "amoadd.w x5,x7,(x6)",
		}},
	} {
		for m := range a.writes {
			if _, ok := a.forms[m]; !ok {
				t.Errorf("%s: no form of %s to check that it overwrites its first operand", a.arch, m)
			}
		}
		for m, form := range a.forms {
			if op, _, _ := strings.Cut(form, " "); op != m {
				t.Errorf("%s: the form of %s is %q", a.arch, m, form)
			}
			keyed := a.regs.ReplaceAllStringFunc(form, func(r string) string {
				if r == a.dst {
					return "{d:x}"
				}
				return "{" + r + ":x}"
			})
			if killed := killedKey(keyed); killed != "d" {
				t.Errorf("%s: killedKey(%q) = %q, want d", a.arch, keyed, killed)
			}
			var finals []string
			for _, before := range []int{7, -9} {
				src := fmt.Sprintf("%s W\n{ 0:%s=%d; %s x=-3; }\n P0 ;\n %s ;\nexists (0:%s=0)\n", a.arch, a.reg, before, a.init, form, a.reg)
				lt, err := litmus.Parse("w.litmus", []byte(src))
				if err != nil {
					t.Fatalf("%s: %v\n%s", form, err, src)
				}
				r, err := litmus.Check(lt, litmus.DefaultModel(lt.Arch))
				if err != nil {
					t.Fatalf("%s: %v", form, err)
				}
				var states []string
				for _, st := range r.States {
					states = append(states, fmt.Sprint(st.Values))
				}
				finals = append(finals, strings.Join(states, " | "))
			}
			if finals[0] != finals[1] {
				t.Errorf("%s %q: %s is %s when it held 7 and %s when it held -9: the instruction reads it", a.arch, form, a.reg, finals[0], finals[1])
			}
		}
	}
}

// TestKilledKeyInsideAddress: a line that writes memory through a key's
// address reads that key and leaves it whole, so it kills no key; only an
// operand that is a key alone is overwritten.
func TestKilledKeyInsideAddress(t *testing.T) {
	for l, want := range map[string]string{
		"movl {a:w},({b:x})":    "",
		"movq $1,8({b:x})":      "",
		"movl ({b:x}),{a:w}":    "a",
		"LDR {a:w},[{p:x}]":     "a",
		"lw {a:x},0({p:x})":     "a",
		"LDADDAL {a:w},[{p:x}]": "",
	} {
		if got := killedKey(l); got != want {
			t.Errorf("killedKey(%q) = %q, want %q", l, got, want)
		}
	}
}

// TestLineFlowBlankLine: a blank line neither jumps nor ends the flow.
func TestLineFlowBlankLine(t *testing.T) {
	for _, l := range []string{"", " ", ","} {
		if targets, falls := lineFlow(l); targets != nil || !falls {
			t.Errorf("lineFlow(%q) = %v, %v; want no target and the next line", l, targets, falls)
		}
	}
}

// TestShareNamesManyKeys: liveness is kept for every key, the 65th and
// beyond included, and for a single key: keys that are each written and
// read on a line of their own, one after another, all share one name.
func TestShareNamesManyKeys(t *testing.T) {
	for _, n := range []int{1, 64, 65, 130} {
		var lines, keys []string
		for i := range n {
			k := fmt.Sprintf("s%d", i)
			keys = append(keys, k)
			lines = append(lines, fmt.Sprintf("movl $%d,{%s:w}", i, k), fmt.Sprintf("movl {%s:w},(y)", k))
		}
		names, ok := shareNames(lines, keys, []string{"a"}, nil)
		if !ok || len(names) != n {
			t.Fatalf("%d keys: shareNames = %v, %v; want them all on the one name", n, names, ok)
		}
		for _, k := range keys {
			if names[k] != "a" {
				t.Errorf("%d keys: %s is named %q, want a", n, k, names[k])
			}
		}
	}
}
