package litmus

import (
	"fmt"
	"strings"
	"testing"
)

// TestPPCForms: the values that herd7's PPC semantics gives each
// arithmetic, logical, rotating and moving instruction (registers are
// ints, printed as 32-bit signed numbers, unless declared wider).
func TestPPCForms(t *testing.T) {
	checkStates(t, []stateCase{
		// lis shifts its immediate up 16 bits, sign included (A001).
		ppcCase("li-lis", "", "li r1,-5 ; lis r2,-1 ; lis r3,1", "0:r1=-5; 0:r2=-65536; 0:r3=65536;"),
		// addi, addis and subi read r0 as 0 (A003), any other register as
		// its value.
		ppcCase("r0-as-zero", "0:r0=7;", "li r1,1 ; addi r2,r0,5 ; addis r3,r0,1 ; subi r4,r0,3 ; addi r5,r1,5 ; addis r6,r1,1 ; subi r7,r1,3",
			"0:r0=7; 0:r1=1; 0:r2=5; 0:r3=65536; 0:r4=-3; 0:r5=6; 0:r6=65537; 0:r7=-2;"),
		ppcCase("immediates", "", "li r1,12 ; ori r2,r1,3 ; xori r3,r1,5 ; andi. r4,r1,10 ; mulli r5,r1,-3",
			"0:r1=12; 0:r2=15; 0:r3=9; 0:r4=8; 0:r5=-36;"),
		// sub is rA-rB, subf rB-rA; divw truncates toward zero.
		ppcCase("three-registers", "", "li r1,7 ; li r2,3 ; add r3,r1,r2 ; sub r4,r1,r2 ; subf r5,r1,r2 ; and r6,r1,r2 ; or r7,r1,r2 ; xor r8,r1,r2 ; mullw r9,r1,r2",
			"0:r1=7; 0:r2=3; 0:r3=10; 0:r4=4; 0:r5=-4; 0:r6=3; 0:r7=7; 0:r8=4; 0:r9=21;"),
		ppcCase("divw", "", "li r1,-7 ; li r2,2 ; divw r3,r1,r2 ; divw r4,r2,r1", "0:r1=-7; 0:r2=2; 0:r3=-3; 0:r4=0;"),
		// mfcr reads CR0 as herd7 keeps it: LT 8, GT 4, EQ 2, set by the
		// record forms and andi. from the result's sign.
		ppcCase("record-forms", "", "li r1,3 ; sub. r2,r1,r1 ; mfcr r3 ; add. r4,r1,r1 ; mfcr r5 ; subf. r6,r1,r2 ; mfcr r7 ; andi. r8,r1,4 ; mfcr r9",
			"0:r1=3; 0:r2=0; 0:r3=2; 0:r4=6; 0:r5=4; 0:r6=-3; 0:r7=8; 0:r8=0; 0:r9=2;"),
		// clrldi clears the high bits, extsw sign-extends the low word
		// (A008, A009), mr copies.
		ppcCase("extend", "int64_t 0:r2; int64_t 0:r3; int64_t 0:r4; int64_t 0:r5; int64_t 0:r6;",
			"li r1,-1 ; clrldi r2,r1,32 ; extsw r3,r2 ; mr r4,r2 ; clrldi r5,r1,48 ; clrldi r6,r1,0",
			"0:r1=-1; 0:r2=4294967295; 0:r3=-1; 0:r4=4294967295; 0:r5=65535; 0:r6=-1;"),
		// rlwinm rotates the low word left and keeps the mask's bits, big-
		// endian numbered (A013); rlwimi inserts them into rD (A014).
		ppcCase("rlwinm", "", "li r1,4660 ; rlwinm r2,r1,4,16,23 ; rlwinm r3,r1,0,28,31 ; li r4,3 ; rlwimi r4,r1,8,16,23",
			"0:r1=4660; 0:r2=8960; 0:r3=4; 0:r4=13315;"),
		// A mask whose start follows its end wraps around, over the
		// doubleword: the copy of the word in the high half shows.
		ppcCase("rlwinm-wrapping-mask", "int64_t 0:r1; int64_t 0:r2;", "li r1,-1 ; clrldi r1,r1,48 ; rlwinm r2,r1,0,28,3",
			"0:r1=65535; 0:r2=281470681743375;"),
		// Where a bit wraps around, the checker keeps Power's rotation.
		// herd7 shifts the wrapped part right by 63-n, not 64-n: it prints
		// 0:r2=-2147483647 (the word's bit 0 in bit 31, as on Power, and
		// in bit 0 too) and, at rotation 0, 0:r4=1 (the word's bit 31
		// ORed into bit 0).
		ppcCase("rotation-wraps", "", "li r1,1 ; rlwinm r2,r1,31,0,31 ; lis r3,-32768 ; rlwinm r4,r3,0,24,31",
			"0:r1=1; 0:r2=-2147483648; 0:r3=-2147483648; 0:r4=0;"),
		// nop and dcbf change no register (A000).
		ppcCase("nop-dcbf", "0:r1=x;", "li r2,1 ; nop ; dcbf r0,r1", "0:r1=x; 0:r2=1;"),
	})
}

// ppcCase is a test of one thread running code (instructions separated
// by ";") from the initial state init, whose locations are the registers
// of the one final state want, Always reached.
func ppcCase(name, init, code, want string) stateCase {
	var locs []string
	for _, f := range strings.Fields(want) {
		r, _, _ := strings.Cut(f, "=")
		locs = append(locs, r)
	}
	var lines []string
	for _, in := range strings.Split(code, ";") {
		lines = append(lines, strings.TrimSpace(in))
	}
	src := fmt.Sprintf("PPC %s\n{ %s }\n P0 ;\n %s ;\nlocations [%s;]\n", name, init, strings.Join(lines, " ;\n "), strings.Join(locs, ";"))
	return stateCase{name, src, want, "Always"}
}

// TestPPCBranches: each conditional branch is taken exactly when CR0 says
// so, after cmpw, cmpwi and cmplwi. herd7 compares whole registers in
// cmpw and cmpwi, and the low words, unsigned, in cmplwi, against the
// immediate's low 16 bits (A010); a compare into another field leaves
// CR0 as it was.
func TestPPCBranches(t *testing.T) {
	cmps := []struct {
		name, setup, cmp string
		lt, gt           bool
	}{
		{"cmpw-1-2", "li r1,1 ; li r2,2", "cmpw r1,r2", true, false},
		{"cmpw-2-2", "li r1,2 ; li r2,2", "cmpw r1,r2", false, false},
		{"cmpw-3-2", "li r1,3 ; li r2,2", "cmpw r1,r2", false, true},
		{"cmpwi-minus1-2", "li r1,-1", "cmpwi r1,2", true, false},
		{"cmpwi-2-2", "li r1,2", "cmpwi r1,2", false, false},
		{"cmplwi-minus1-2", "li r1,-1", "cmplwi r1,2", false, true},
		{"cmplwi-2-65538", "li r1,2", "cmplwi r1,65538", false, false},
		{"cmpw-whole-2to32-0", "li r1,1 ; mulli r1,r1,65536 ; mulli r1,r1,65536 ; li r2,0", "cmpw r1,r2", false, true},
		{"cmpw-cr1", "li r1,1 ; li r2,2", "cmpw r1,r1 ; cmpw cr1,r1,r2", false, false},
	}
	branches := []struct {
		m     string
		taken func(lt, gt bool) bool
	}{
		{"beq", func(lt, gt bool) bool { return !lt && !gt }},
		{"bne", func(lt, gt bool) bool { return lt || gt }},
		{"blt", func(lt, gt bool) bool { return lt }},
		{"bge", func(lt, gt bool) bool { return !lt }},
		{"bnl", func(lt, gt bool) bool { return !lt }},
		{"bgt", func(lt, gt bool) bool { return gt }},
		{"ble", func(lt, gt bool) bool { return !gt }},
		{"bng", func(lt, gt bool) bool { return !gt }},
	}
	var cases []stateCase
	for _, c := range cmps {
		for _, b := range branches {
			want := 9
			if b.taken(c.lt, c.gt) {
				want = 0
			}
			code := c.setup + " ; " + c.cmp + " ; " + b.m + " L ; li r3,9 ; L: nop"
			cases = append(cases, ppcCase(c.name+"-"+b.m, "uint64_t 0:r1;", code, fmt.Sprintf("0:r3=%d;", want)))
		}
	}
	checkStates(t, cases)
}

// TestPPCErrors: what herd7's Power syntax has but a test may not do, at
// parsing (operands out of range) or when running (a division by zero,
// arithmetic on an address or an order between two), is an error that
// names the instruction.
func TestPPCErrors(t *testing.T) {
	for _, c := range []struct{ code, want string }{
		{"rlwinm r2,r3,32,0,31", `bad operand "32" in rlwinm (want 0 to 31)`},
		{"rlwinm r2,r3,0,0,-1", `bad operand "-1" in rlwinm (want 0 to 31)`},
		{"rlwimi r2,r3,0,0", "rlwimi"},
		{"clrldi r2,r3,64", `bad operand "64" in clrldi (want 0 to 63)`},
		{"mr r2", "P0: mr takes 2 operands, found 1"},
		{"li r2", "P0: li takes 2 operands, found 1"},
		{"li x,1", `P0: bad register "x" in li`},
		{"addi r2,r3", "P0: addi takes 3 operands, found 2"},
		{"cmpw cr8,r2,r3", `bad condition register field "cr8" in cmpw`},
		{"cmpwi c1,r2,1", `bad condition register field "c1" in cmpwi`},
		{"divw r2,r3,r4", "P0: divw r2,r3,r4: division of 7 by zero"},
		{"mullw r2,r1,r3", "P0: mullw r2,r1,r3: MUL of x and 7: arithmetic on addresses"},
		{"rlwinm r2,r1,0,0,31", "P0: rlwinm r2,r1,0,0,31: a rotation of the address x"},
		{"rlwimi r1,r3,0,0,31", "P0: rlwimi r1,r3,0,0,31: an insertion into the address x"},
		{"cmplwi r1,1", "P0: cmplwi r1,1: an unsigned comparison of the address x"},
		{"cmpw r1,r5", "P0: cmpw r1,r5: a comparison of x and y: no order on addresses"},
	} {
		wantError(t, "PPC E\n{ 0:r1=x; 0:r3=7; 0:r4=0; 0:r5=y; }\n P0 ;\n "+c.code+" ;\nexists (0:r2=0)\n", c.want)
	}
}
