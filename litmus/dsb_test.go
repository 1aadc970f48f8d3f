package litmus

import (
	"fmt"
	"testing"
)

// armTwo is a two-thread AArch64 test on x and y: X1 holds x and X2 y in
// P0, the other way round in P1.
func armTwo(name, p0, p1, cond string) string {
	return fmt.Sprintf("AArch64 %s\n{ 0:X1=x; 0:X2=y; 1:X1=y; 1:X2=x; }\n P0 | P1 ;\n%s%s\n", name, rows(p0, p1), cond)
}

// rows lays out two columns of instructions separated by ";".
func rows(a, b string) string {
	as, bs := splitInstrs(a), splitInstrs(b)
	out := ""
	for i := 0; i < max(len(as), len(bs)); i++ {
		var l, r string
		if i < len(as) {
			l = as[i]
		}
		if i < len(bs) {
			r = bs[i]
		}
		out += fmt.Sprintf(" %s | %s ;\n", l, r)
	}
	return out
}

func splitInstrs(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ';' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

// TestDSB checks that a DSB ST orders a store before later loads too,
// as herd7's aarch64.cat (DSB-ob) says, while a DMB ST orders it before
// later stores only; the SB case is herdtools7's L041.
func TestDSB(t *testing.T) {
	sb := func(name, f string) string {
		code := "MOV W0,#1;STR W0,[X1];" + f + ";LDR W3,[X2]"
		return armTwo(name, code, code, "exists (0:X3=0 /\\ 1:X3=0)")
	}
	w2 := func(name, f string) string {
		return armTwo(name, "MOV W0,#2;STR W0,[X1];"+f+";MOV W4,#1;STR W4,[X2]",
			"MOV W0,#2;STR W0,[X1];"+f+";MOV W4,#1;STR W4,[X2]", "exists ([x]=2 /\\ [y]=2)")
	}
	mp := func(name, f0, f1 string) string {
		return armTwo(name, "MOV W0,#1;STR W0,[X1];"+f0+";STR W0,[X2]",
			"LDR W0,[X1];"+f1+";LDR W3,[X2]", "exists (1:X0=1 /\\ 1:X3=0)")
	}
	// R: a store then a load after a barrier in P1 against two stores in P0.
	r := func(name, f string) string {
		return armTwo(name, "MOV W0,#1;STR W0,[X1];DMB SY;STR W0,[X2]",
			"MOV W0,#2;STR W0,[X1];"+f+";LDR W3,[X2]", "exists ([y]=2 /\\ 1:X3=0)")
	}
	checkOutcomes(t, []outcome{
		{"SB+dsb.st+dsb.st", "", sb("SB+dsb.st+dsb.st", "DSB ST"), "Never", 0, 3},
		{"SB+dsb.ishst+dsb.ishst", "", sb("SB+dsb.ishst+dsb.ishst", "DSB ISHST"), "Never", 0, 3},
		{"SB+dsb.sy+dsb.sy", "", sb("SB+dsb.sy+dsb.sy", "DSB SY"), "Never", 0, 3},
		{"SB+dsb.ld+dsb.ld", "", sb("SB+dsb.ld+dsb.ld", "DSB LD"), "Sometimes", 1, 3},
		{"SB+dmb.st+dmb.st", "", sb("SB+dmb.st+dmb.st", "DMB ST"), "Sometimes", 1, 3},
		{"2+2W+dsb.st+dsb.st", "", w2("2+2W+dsb.st+dsb.st", "DSB ST"), "Never", 0, 3},
		{"2+2W+dmb.st+dmb.st", "", w2("2+2W+dmb.st+dmb.st", "DMB ST"), "Never", 0, 3},
		{"MP+dsb.st+dmb.ld", "", mp("MP+dsb.st+dmb.ld", "DSB ST", "DMB LD"), "Never", 0, 3},
		{"MP+dsb.st+dsb.ld", "", mp("MP+dsb.st+dsb.ld", "DSB ST", "DSB LD"), "Never", 0, 3},
		{"MP+dsb.st+dsb.st", "", mp("MP+dsb.st+dsb.st", "DSB ST", "DSB ST"), "Sometimes", 1, 3},
		{"R+dmb.sy+dsb.st", "", r("R+dmb.sy+dsb.st", "DSB ST"), "Never", 0, 3},
		{"R+dmb.sy+dmb.st", "", r("R+dmb.sy+dmb.st", "DMB ST"), "Sometimes", 1, 3},
	})
}
