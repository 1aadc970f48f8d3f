package disasm

import "fmt"

// go tool objdump (Go 1.26) prints every loong64 DBAR as "DBAR", without
// its hint, which is the ordering (0x14 after an acquire load, 0x12 before
// a release store, 0x10 a full barrier, 0 a completion barrier, ...).

// DecodeLoong64 returns the text of the loong64 instruction word w for
// DBAR, with its hint in the Go assembler's syntax: DBAR $0x14. It reports
// false for any other word.
func DecodeLoong64(w uint32) (string, bool) {
	if w&0xFFFF8000 == 0x38720000 {
		return fmt.Sprintf("DBAR $%#x", w&0x7FFF), true
	}
	return "", false
}
