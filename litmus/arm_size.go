package litmus

import (
	"fmt"
	"strings"
)

// sizedForm maps a byte, halfword or sign-extending access (LDRB, STRH,
// LDRSW, CASAB, LDADDLH, LDURB, ...) to its plain mnemonic, with the access
// size in bytes (0 when the register width gives it) and whether the load
// sign-extends.
func sizedForm(m string) (string, int, bool) {
	if strings.HasPrefix(m, "LDUR") || strings.HasPrefix(m, "STUR") {
		m = m[:2] + m[3:] // the unscaled offset forms: LDUR is LDR
	}
	switch m {
	case "LDRSB":
		return "LDR", 1, true
	case "LDRSH":
		return "LDR", 2, true
	case "LDRSW":
		return "LDR", 4, true
	}
	if n := len(m); n > 1 && (m[n-1] == 'B' || m[n-1] == 'H') && isMemMnemonic(m[:n-1]) {
		size := 1
		if m[n-1] == 'H' {
			size = 2
		}
		return m[:n-1], size, false
	}
	return m, 0, false
}

func isMemMnemonic(m string) bool {
	switch m {
	case "LDR", "STR", "LDAR", "STLR", "LDAPR", "LDXR", "LDAXR", "STXR", "STLXR":
		return true
	}
	var in armInstr
	return atomicForm(m, "CAS", &in) || atomicForm(m, "SWP", &in) || ldOpForm(m, &in) || stOpForm(m, &in)
}

// checkSize sets the size of an access that the register gives and checks
// the register of a sized one: W for bytes and halfwords (X allowed for a
// sign-extending load), X for LDRSW.
func (in *armInstr) checkSize() error {
	if !in.op.isMem() {
		if in.size != 0 {
			return fmt.Errorf("%q: no such instruction", in.text)
		}
		return nil
	}
	data := in.rt
	if in.op == armCAS || in.op == armLdOp || in.op == armSWP || in.op == armCASP {
		data = in.rs
	}
	switch {
	case in.size == 0 && data.w:
		in.size = 4
	case in.size == 0:
		in.size = 8
	case in.size == 4 && data.w:
		return fmt.Errorf("%q: LDRSW loads into an X register", in.text)
	case in.size < 4 && !data.w && !in.signed:
		return fmt.Errorf("%q: a byte or halfword access takes a W register", in.text)
	}
	return nil
}

// narrow cuts a value to an access of size bytes: a load zero- or
// sign-extends it to 64 bits (a W register keeps the low half), a store
// keeps its low bytes. Addresses are 8 bytes wide.
func narrow(v Value, size int, signed bool) (Value, error) {
	if size >= 8 || size == 4 && !signed {
		return v, nil
	}
	if v.IsAddr() {
		return Value{}, fmt.Errorf("the address %s does not fit in %d bytes", v, size)
	}
	bits := uint(64 - 8*size)
	if signed {
		return intValue(v.N << bits >> bits), nil
	}
	return intValue(int64(uint64(v.N) << bits >> bits)), nil
}
