package litmus

import "testing"

// TestX86Fences: herd7 decides SB+sfences and SB+lfences Never under its
// X86_64 default (x86tso-mixed.cat), and so does the default here; the
// hardware model (x86tso, herd7's x86tso.cat and its X86 default) lets the
// load pass the store across SFENCE or LFENCE, and only MFENCE or a locked
// instruction stops it.
func TestX86Fences(t *testing.T) {
	att := func(name, f string) string {
		return "X86_64 " + name + "\n{ }\n P0 | P1 ;\n movl $1,(x) | movl $1,(y) ;\n " + f + " | " + f +
			" ;\n movl (y),%eax | movl (x),%eax ;\nexists (0:rax=0 /\\ 1:rax=0)\n"
	}
	intel := func(name, f string) string {
		return "X86 " + name + "\n{ }\n P0 | P1 ;\n MOV [x],$1 | MOV [y],$1 ;\n " + f + " | " + f +
			" ;\n MOV EAX,[y] | MOV EAX,[x] ;\nexists (0:EAX=0 /\\ 1:EAX=0)\n"
	}
	var cases []outcome
	for _, f := range []string{"sfence", "lfence"} {
		cases = append(cases,
			outcome{"SB+" + f + "s", "", att("SB+"+f+"s", f), "Never", 0, 3},
			outcome{"SB+" + f + "s", "x86tso-mixed", att("SB+"+f+"s", f), "Never", 0, 3},
			outcome{"SB+" + f + "s", "x86tso", att("SB+"+f+"s", f), "Sometimes", 1, 3},
			outcome{"SB+" + f + "s", HardwareModel(X86_64), att("SB+"+f+"s", f), "Sometimes", 1, 3},
			// herd7's X86 default is x86tso.cat.
			outcome{"SB+" + f + "s+Intel", "", intel("SB+"+f+"s+Intel", f), "Sometimes", 1, 3},
			outcome{"SB+" + f + "s+Intel", "x86tso-mixed", intel("SB+"+f+"s+Intel", f), "Never", 0, 3},
		)
	}
	for _, m := range []string{"", "x86tso", "x86tso-mixed"} {
		cases = append(cases,
			outcome{"SB+mfences", m, att("SB+mfences", "mfence"), "Never", 0, 3},
			outcome{"SB", m, att("SB", "movl $2,%ebx"), "Sometimes", 1, 3},
		)
	}
	checkOutcomes(t, cases)
}

func TestDefaultAndHardwareModels(t *testing.T) {
	for _, tc := range []struct {
		a           Arch
		def, hwName string
	}{
		{AArch64, "aarch64", "aarch64"},
		{X86_64, "x86tso-mixed", "x86tso"},
		{X86, "x86tso", "x86tso"},
	} {
		if got := DefaultModel(tc.a); got != tc.def {
			t.Errorf("DefaultModel(%s) = %s, want %s", tc.a, got, tc.def)
		}
		if got := HardwareModel(tc.a); got != tc.hwName {
			t.Errorf("HardwareModel(%s) = %s, want %s", tc.a, got, tc.hwName)
		}
	}
}
