package disasm

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestDecodeARM64Words(t *testing.T) {
	for w, want := range map[uint32]string{
		// Words that the Go assembler produced for the text beside them.
		0x88e17c02: "CASAW R1, (R0), R2",
		0x88e1fc02: "CASALW R1, (R0), R2",
		0x88a17c02: "CASW R1, (R0), R2",
		0xc8a1fc02: "CASLD R1, (R0), R2",
		0xb8610002: "LDADDLW R1, (R0), R2",
		0xb8e1001f: "LDADDALW R1, (R0), ZR", // not an STADD alias: the acquire forms keep their read
		0xb8a10002: "LDADDAW R1, (R0), R2",
		0xb8e18002: "SWPALW R1, (R0), R2",
		0xb8e14002: "LDSMAXALW R1, (R0), R2",
		0xb8e13002: "LDORALW R1, (R0), R2",
		0xb8211002: "LDCLRW R1, (R0), R2",
		0xb863009f: "LDADDLW R3, (R4), ZR", // STADDL
		0xf8e583e6: "SWPALD R5, (RSP), R6",
		0xb8bfc002: "LDAPRW (R0), R2",
		0x00000000: "UDF $0",
		0x00000001: "UDF $1",
		0x0000beef: "UDF $48879", // the whole 16-bit immediate
		0x38bfc002: "LDAPRB (R0), R2",
		0x78bfc002: "LDAPRH (R0), R2",
		0xf8bfc002: "LDAPRD (R0), R2",
		// Register field 31 as the destination (ZR) and as the base (RSP),
		// in forms the Go assembler refuses or lacks.
		0x88e1fc1f: "CASALW R1, (R0), ZR",
		0xf8bfc3ff: "LDAPRD (RSP), ZR",
		// The unsigned minimum and maximum, whose opc fields are 111 and 110.
		0xb8e16002: "LDUMAXALW R1, (R0), R2",
		0xb8217002: "LDUMINW R1, (R0), R2",
	} {
		got, ok := DecodeARM64(w)
		if !ok || got != want {
			t.Errorf("DecodeARM64(%#08x) = %q, %v; want %q", w, got, ok, want)
		}
	}
	// Instructions objdump decodes itself are not claimed.
	for _, w := range []uint32{
		0x885ffc02, // LDAXRW (R0), R2
		0x88037c01, // STXRW R1, (R0), R3
		0x88dffc02, // LDARW (R0), R2
		0x889ffc01, // STLRW R1, (R0)
		0xd50339bf, // DMB $9
		0xd65f03c0, // RET
		0xb8e19002, // o3=1 opc=001: unallocated
		// Words beside the decoded forms, which differ from them in one
		// field that the decoder has to check: bit 29, bits 11 and 10, Rs
		// of LDAPR, and bits 19 to 16 of UDF.
		0x28a07c02, // STPW.P (R2, ZR), -256(R0)
		0xb8616802, // MOVWU (R0)(R1), R2
		0xf8200402, // LDRAA X2, [X0]
		0xb8a1c002, // LDAPR's encoding with Rs=1: unallocated
		0x00010000, // unallocated
		// LDAPR's encoding with bits 11 and 10 other than 00.
		0xb8bfc402, // unallocated
		0x38bfc802, // MOVB (R0)(ZR.SXTW), R2
		0x78bfc802, // MOVH (R0)(ZR.SXTW), R2
		0xf8bfc402, // LDRAB X2, [X0, #-32]
		// LDAPR's encoding with R=1: unallocated.
		0xb8ffc002,
	} {
		if got, ok := DecodeARM64(w); ok {
			t.Errorf("DecodeARM64(%#08x) = %q, want no decoding", w, got)
		}
	}
}

// TestDecodeARM64Assembler assembles every CAS and atomic memory operation
// form with the Go assembler and checks that decoding objdump's words gives
// back the source text.
func TestDecodeARM64Assembler(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("runs the go command; only on amd64 hosts, never under emulation")
	}
	var src strings.Builder
	src.WriteString("TEXT ·f(SB),4,$0-0\n")
	var want []string
	regs := [][3]string{{"R1", "R0", "R2"}, {"R5", "RSP", "R6"}, {"R7", "R8", "ZR"}, {"ZR", "R30", "R3"}}
	i := 0
	for _, base := range []string{"CAS", "LDADD", "LDCLR", "LDEOR", "LDOR", "SWP"} {
		for _, order := range []string{"", "A", "AL", "L"} {
			for _, size := range []string{"B", "H", "W", "D"} {
				if base == "CAS" && (order == "A" || order == "L") && (size == "B" || size == "H") {
					continue // forms the Go assembler lacks
				}
				r := regs[i%len(regs)]
				i++
				if base == "CAS" && r[2] == "ZR" {
					r[2] = "R9" // the assembler refuses a CAS into ZR
				}
				line := fmt.Sprintf("%s%s%s %s, (%s), %s", base, order, size, r[0], r[1], r[2])
				src.WriteString("\t" + line + "\n")
				want = append(want, line)
			}
		}
	}
	src.WriteString("\tRET\n")

	dir := t.TempDir()
	s, obj := filepath.Join(dir, "lse.s"), filepath.Join(dir, "lse.o")
	if err := os.WriteFile(s, []byte(src.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	asm := exec.Command("go", "tool", "asm", "-p", "main", "-o", obj, s)
	asm.Env = append(os.Environ(), "GOOS=linux", "GOARCH=arm64")
	if out, err := asm.CombinedOutput(); err != nil {
		t.Fatalf("go tool asm: %v\n%s", err, out)
	}
	out, err := exec.Command("go", "tool", "objdump", obj).Output()
	if err != nil {
		t.Fatalf("go tool objdump: %v", err)
	}
	funcs, err := Parse(string(out), "arm64")
	if err != nil {
		t.Fatal(err)
	}
	if len(funcs) != 1 || len(funcs[0].Insts) <= len(want) || funcs[0].Insts[len(want)].Text != "RET" {
		t.Fatalf("want one function of %d instructions and RET, got:\n%s", len(want), out)
	}
	for i, w := range want {
		if got := funcs[0].Insts[i]; got.Text != w || !got.Decoded {
			t.Errorf("word %s: decoded %q (decoded=%v), assembled from %q", got.Hex, got.Text, got.Decoded, w)
		}
	}
}
