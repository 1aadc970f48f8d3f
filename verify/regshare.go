package verify

import (
	"slices"
	"strings"
)

// shareNames gives the keys that take free names (slots, scratch, the exit
// key, address registers) names from free so that two keys share a name
// only where no line of the thread needs both: a thread whose paths each
// spill a few values of their own needs more keys than herd7's X86_64 has
// registers, though no point of it holds more than a few. render calls it
// only when a name for each key runs out, so that every test that fits
// keeps the names it had. live are the keys read after the last line.
//
// Liveness is computed backward over the thread's lines. A line kills a
// key only where it surely overwrites the whole register (killedKey);
// every other mention counts as a read, which only makes the key live
// longer. Every key a line mentions conflicts with every key live into or
// out of that line, so that no write, recognised or not, can clobber a key
// that shares its name.
func shareNames(lines, keys, free, live []string) (map[string]string, bool) {
	idx := map[string]int{}
	for i, k := range keys {
		idx[k] = i
	}
	n := len(lines)
	labels := map[string]int{}
	for j, l := range lines {
		if strings.HasSuffix(l, ":") {
			labels[strings.TrimSuffix(l, ":")] = j
		}
	}
	mentioned := make([][]int, n)
	kill := make([]int, n)
	succ := make([][]int, n)
	for j, l := range lines {
		kill[j] = -1
		for _, m := range placeholder.FindAllStringSubmatch(l, -1) {
			if i, ok := idx[m[1]]; ok && !slices.Contains(mentioned[j], i) {
				mentioned[j] = append(mentioned[j], i)
			}
		}
		if k, ok := idx[killedKey(l)]; ok {
			kill[j] = k
		}
		targets, falls := lineFlow(l)
		for _, t := range targets {
			at, ok := labels[t]
			if !ok {
				return nil, false // a jump to no label: no liveness to trust
			}
			succ[j] = append(succ[j], at)
		}
		if falls {
			succ[j] = append(succ[j], j+1)
		}
	}
	words := (len(keys) + 63) / 64
	set := func() []uint64 { return make([]uint64, words) }
	end := set()
	for _, k := range live {
		if i, ok := idx[k]; ok {
			end[i/64] |= 1 << (i % 64)
		}
	}
	in, out := make([][]uint64, n), make([][]uint64, n)
	for j := range lines {
		in[j], out[j] = set(), set()
	}
	for changed := true; changed; {
		changed = false
		for j := n - 1; j >= 0; j-- {
			o := set()
			for _, s := range succ[j] {
				from := end
				if s < n {
					from = in[s]
				}
				for w := range o {
					o[w] |= from[w]
				}
			}
			i := slices.Clone(o)
			if k := kill[j]; k >= 0 {
				i[k/64] &^= 1 << (k % 64)
			}
			for _, k := range mentioned[j] {
				if k != kill[j] {
					i[k/64] |= 1 << (k % 64)
				}
			}
			if !slices.Equal(i, in[j]) || !slices.Equal(o, out[j]) {
				in[j], out[j], changed = i, o, true
			}
		}
	}
	conflict := make([][]bool, len(keys))
	for i := range conflict {
		conflict[i] = make([]bool, len(keys))
	}
	// A key live into a line and not mentioned there is live out of it
	// too, so the keys live at a line are those it mentions and those
	// live out of it.
	for j := range lines {
		var at []int
		for k := range keys {
			if out[j][k/64]&(1<<(k%64)) != 0 || slices.Contains(mentioned[j], k) {
				at = append(at, k)
			}
		}
		for _, a := range at {
			for _, b := range at {
				conflict[a][b] = true
			}
		}
	}
	names := map[string]string{}
	given := make([]int, len(keys))
	for i, k := range keys {
		given[i] = -1
	next:
		for c := range free {
			for o := 0; o < i; o++ {
				if given[o] == c && conflict[i][o] {
					continue next
				}
			}
			given[i], names[k] = c, free[c]
			break
		}
		if given[i] < 0 {
			return nil, false
		}
	}
	return names, true
}

// ppcCondBranch are the Power branches that verify emits.
var ppcCondBranch = map[string]bool{"beq": true, "bne": true, "blt": true, "bge": true, "bgt": true, "ble": true}

// armWrites are the AArch64 instructions whose first operand is a
// register that they overwrite whole, without reading it: a W register's
// write clears the upper half, and a store-exclusive's first operand is
// its status.
var armWrites = map[string]bool{"MOV": true, "LDR": true, "LDAR": true, "LDAPR": true, "LDXR": true, "LDAXR": true,
	"ADD": true, "SUB": true, "AND": true, "EOR": true, "ORR": true, "CSEL": true, "STXR": true, "STLXR": true}

// ppcWrites are the Power instructions whose first operand is a register
// that they overwrite whole, without reading it.
var ppcWrites = map[string]bool{"li": true, "mr": true, "lwz": true, "lwa": true, "ld": true, "lbz": true, "lhz": true,
	"lwarx": true, "add": true, "addi": true, "sub": true, "and": true, "and.": true, "andi.": true, "or": true, "xor": true,
	"extsw": true, "clrldi": true, "rlwinm": true, "mfcr": true, "mulli": true, "mullw": true}

// rvWrites are the RISC-V instructions whose first operand is a register
// that they overwrite whole, without reading it; so do LR, SC (its
// status) and the AMOs (the old value).
var rvWrites = map[string]bool{"li": true, "lw": true, "lwu": true, "ld": true, "lb": true, "lbu": true,
	"lh": true, "lhu": true, "add": true, "addi": true, "addw": true, "addiw": true, "sub": true, "subw": true,
	"and": true, "andi": true, "or": true, "ori": true, "xor": true, "xori": true, "sll": true, "slli": true,
	"srli": true, "slt": true}

// lineFlow returns the labels a line may jump to and whether it may go
// on to the next line, in any litmus syntax that verify writes.
func lineFlow(l string) (targets []string, falls bool) {
	f := strings.FieldsFunc(l, func(r rune) bool { return r == ' ' || r == ',' })
	if len(f) == 0 || strings.HasSuffix(l, ":") {
		return nil, true
	}
	last := f[len(f)-1]
	switch m := f[0]; {
	case m == "jmp" || m == "B" || m == "b" || m == "j":
		return []string{last}, false
	case m[0] == 'j' || strings.HasPrefix(m, "B.") || m == "CBZ" || m == "CBNZ" || ppcCondBranch[m]:
		return []string{last}, true
	}
	return nil, true
}

// killedKey returns the key whose whole register a line overwrites
// without reading it, or "": the destination of a 32- or 64-bit MOV on
// X86_64 (a 32-bit write clears the upper half), on AArch64 the first
// operand of armWrites and the loaded register of LDADD, on Power the
// first operand of ppcWrites, and on RISC-V that of rvWrites. That
// operand must be a key, and the key must appear in the line once.
func killedKey(l string) string {
	m, rest, _ := strings.Cut(l, " ")
	ops := strings.Split(rest, ",")
	at := -1
	switch {
	case m == "movl" || m == "movq":
		at = len(ops) - 1
	case armWrites[m]:
		at = 0
	case strings.HasPrefix(m, "LDADD"):
		at = 1
	case ppcWrites[m], rvWrites[m], strings.HasPrefix(m, "lr.") || strings.HasPrefix(m, "sc.") || strings.HasPrefix(m, "amo"):
		at = 0
	}
	if at < 0 || at >= len(ops) {
		return ""
	}
	k := placeholder.FindStringSubmatch(ops[at])
	if k == nil || k[0] != ops[at] {
		return ""
	}
	n := 0
	for _, o := range placeholder.FindAllStringSubmatch(l, -1) {
		if o[1] == k[1] {
			n++
		}
	}
	if n > 1 {
		return ""
	}
	return k[1]
}
