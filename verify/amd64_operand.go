package verify

import (
	"fmt"
	"strconv"
	"strings"
)

// x86op is an operand of go tool objdump's amd64 syntax.
type x86op struct {
	kind  byte // 'r' register, 'i' immediate, 'm' memory, 'x' an SSE register
	reg   string
	imm   int64
	base  string // memory: a register, "SB" (sym), "IP" or "FS"
	index string
	scale int64
	disp  int64
	sym   string
}

var x86RegAlias = map[string]string{
	"AL": "AX", "BL": "BX", "CL": "CX", "DL": "DX", "SIB": "SI", "DIB": "DI", "BPB": "BP", "SPB": "SP",
	"AH": "", "BH": "", "CH": "", "DH": "",
}

func x86Reg(s string) (string, bool) {
	if r, ok := x86RegAlias[s]; ok {
		return r, r != ""
	}
	switch s {
	case "AX", "BX", "CX", "DX", "SI", "DI", "BP", "SP":
		return s, true
	}
	if strings.HasPrefix(s, "R") {
		n := strings.TrimRight(s[1:], "BWL")
		if k, err := strconv.Atoi(n); err == nil && k >= 8 && k <= 15 {
			return "R" + n, true
		}
	}
	return "", false
}

func parseInt(s string) (int64, error) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	u, err := strconv.ParseUint(s, 0, 64)
	if err != nil {
		return 0, err
	}
	if neg {
		return -int64(u), nil
	}
	return int64(u), nil
}

func parseX86Op(s string) (x86op, error) {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "$"):
		n, err := parseInt(s[1:])
		return x86op{kind: 'i', imm: n}, err
	case strings.HasPrefix(s, "X") && !strings.Contains(s, "("):
		return x86op{kind: 'x', reg: s}, nil
	case strings.HasPrefix(s, "FS:"):
		return x86op{kind: 'm', base: "FS"}, nil
	}
	if r, ok := x86Reg(s); ok {
		return x86op{kind: 'r', reg: r}, nil
	}
	i := strings.IndexByte(s, '(')
	if i < 0 || !strings.HasSuffix(s, ")") {
		return x86op{}, fmt.Errorf("operand %q", s)
	}
	o := x86op{kind: 'm'}
	head, rest := s[:i], s[i:]
	parts := strings.Split(strings.TrimSuffix(strings.TrimPrefix(rest, "("), ")"), ")(")
	base := parts[0]
	switch base {
	case "SB":
		o.base = "SB"
		o.sym = head
		if j := strings.LastIndexAny(head, "+-"); j > 0 && !strings.ContainsAny(head[j:], "()*") {
			// objdump writes the offset in decimal with its sign, "+8".
			if n, err := parseInt(strings.TrimPrefix(head[j:], "+")); err == nil {
				o.sym, o.disp = head[:j], n
			}
		}
		return o, nil
	case "IP":
		o.base = "IP"
	default:
		r, ok := x86Reg(base)
		if !ok {
			return o, fmt.Errorf("base register in %q", s)
		}
		o.base = r
	}
	if head != "" {
		n, err := parseInt(head)
		if err != nil {
			return o, fmt.Errorf("displacement in %q", s)
		}
		o.disp = n
	}
	if len(parts) == 2 {
		idx, sc, _ := strings.Cut(parts[1], "*")
		r, ok := x86Reg(idx)
		n, err := strconv.ParseInt(sc, 10, 64)
		if !ok || err != nil {
			return o, fmt.Errorf("index in %q", s)
		}
		o.index, o.scale = r, n
	}
	return o, nil
}

// splitOps splits an operand list at the commas outside parentheses.
func splitOps(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, c := range s {
		switch c {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	if t := strings.TrimSpace(s[start:]); t != "" {
		out = append(out, t)
	}
	return out
}
