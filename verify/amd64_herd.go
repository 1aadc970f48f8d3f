package verify

import (
	"fmt"
	"slices"
	"strings"
)

// x86ALUText writes op src,dst in herd7's X86_64, which has ADD, OR and
// XOR with a size suffix, AND without one (the register gives the size),
// and no SUB: a subtraction of an immediate is the addition of its
// negation, which sets Z and N, all that an ALU's flags are read for.
func x86ALUText(x *xthread, op, src, dst string, w bool) string {
	switch op {
	case "AND":
		return fmt.Sprintf("and %s,%s", src, dst)
	case "SUB":
		if n, err := parseInt(strings.TrimPrefix(src, "$")); err == nil && strings.HasPrefix(src, "$") {
			if w {
				return fmt.Sprintf("addl $%d,%s", int32(-n), dst)
			}
			return fmt.Sprintf("addq $%d,%s", -n, dst)
		}
		x.gap("herd7's X86_64 has no SUB, and this one subtracts a register")
		return fmt.Sprintf("sub%s %s,%s", x86Suffix(w), src, dst)
	}
	return fmt.Sprintf("%s%s %s,%s", strings.ToLower(op), x86Suffix(w), src, dst)
}

// xaddMark starts the line of a LOCK XADD until lowerXadds decides it.
const xaddMark = "\x01"

// lowerXadds writes each LOCK XADD whose old value no path reads as the
// LOCK ADD that herd7 has (the same locked read-modify-write of memory);
// one whose old value is read stays, and the test is no herd7 input.
func (x *xthread) lowerXadds(result string) {
	for i, l := range x.lines {
		if !strings.HasPrefix(l, xaddMark) {
			continue
		}
		l = l[1:]
		m := placeholder.FindStringSubmatch(l)
		if readLater(x.lines, i, m[1], []string{"ex", result}) {
			x.gap("herd7's X86_64 has no XADD, and this LOCK XADD's old value is read")
		} else {
			l = strings.Replace(l, "xadd", "add", 1)
		}
		x.lines[i] = l
	}
}

// readLater reports whether some path from the line after lines[i] reads
// the register of key before writing it; the keys of live are read at the
// end of the thread.
func readLater(lines []string, i int, key string, live []string) bool {
	at := map[string]int{}
	for j, l := range lines {
		if strings.HasSuffix(l, ":") {
			at[strings.TrimSuffix(l, ":")] = j
		}
	}
	seen := map[int]bool{}
	work := []int{i + 1}
	for len(work) > 0 {
		j := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[j] {
			continue
		}
		seen[j] = true
		if j >= len(lines) {
			if slices.Contains(live, key) {
				return true
			}
			continue
		}
		l := strings.TrimLeft(lines[j], cmpCopyMark+xaddMark)
		f := strings.Fields(l)
		switch {
		case len(f) == 0:
			work = append(work, j+1)
			continue
		case strings.HasSuffix(l, ":"):
			work = append(work, j+1)
			continue
		case f[0] == "jmp":
			work = append(work, at[f[1]])
			continue
		case strings.HasPrefix(f[0], "j"):
			work = append(work, j+1, at[f[1]])
			continue
		}
		reads, writes := x86Uses(l, key)
		if reads {
			return true
		}
		if !writes {
			work = append(work, j+1)
		}
	}
	return false
}

// x86Uses tells whether an emitted instruction reads the register of key
// and whether it overwrites it without reading it: only a MOV into it
// does; any other mention counts as a read, and so does a CMPXCHG for the
// accumulator.
func x86Uses(l, key string) (reads, writes bool) {
	var keys []string
	for _, m := range placeholder.FindAllStringSubmatch(l, -1) {
		keys = append(keys, m[1])
	}
	if strings.Contains(l, "cmpxchg") && key == "AX" {
		return true, false
	}
	if strings.HasPrefix(l, "mov") && len(keys) > 0 && keys[len(keys)-1] == key &&
		strings.HasSuffix(l, "}") && !slices.Contains(keys[:len(keys)-1], key) {
		return false, true
	}
	return slices.Contains(keys, key), false
}
