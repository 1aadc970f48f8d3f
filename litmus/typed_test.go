package litmus

import (
	"strings"
	"testing"
)

// stateCase is a test whose check must give one final state, printed as
// state, and the observation obs.
type stateCase struct {
	name, src, state, obs string
}

// checkStates checks each case's observation and only state.
func checkStates(t *testing.T, cases []stateCase) {
	t.Helper()
	for _, tc := range cases {
		test, err := Parse(tc.name+".litmus", []byte(tc.src))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		r, err := Check(test, "")
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if r.Observation != tc.obs || len(r.States) != 1 || r.States[0].String() != tc.state {
			var b strings.Builder
			r.Write(&b)
			t.Errorf("%s: want %s with the state %s, got\n%s", tc.name, tc.obs, tc.state, b.String())
		}
	}
}

// TestTypedValues: a condition compares a value masked to its location's
// type (an untyped one is an int), and a state prints it cast to that type,
// as herd7 does (herdtools7's A265, L054 and LDEOR00).
func TestTypedValues(t *testing.T) {
	checkStates(t, []stateCase{
		{"A265", "AArch64 A265\n{ }\n P0 ;\n EON X1,X0,X0 ;\nforall (0:X1=0xffffffff)\n",
			"0:X1=-1;", "Always"},
		{"minus-one", "AArch64 M\n{ }\n P0 ;\n MOV X1,#-1 ;\nforall (0:X1=-1)\n", "0:X1=-1;", "Always"},
		{"upper-half", "AArch64 U\n{ }\n P0 ;\n MOV X1,#1 ;\n LSL X1,X1,#32 ;\nforall (0:X1=0)\n", "0:X1=0;", "Always"},
		{"uint64", "AArch64 Q\n{ uint64_t 0:X1; }\n P0 ;\n MOV X1,#1 ;\n LSL X1,X1,#32 ;\nexists (0:X1=0)\n",
			"0:X1=4294967296;", "Never"},
		{"uint64-neg", "AArch64 N\n{ uint64_t 0:X5; }\n P0 ;\n MOV X5,#-2 ;\nforall (0:X5=0xfffffffffffffffe)\n",
			"0:X5=18446744073709551614;", "Always"},
		{"int64", "AArch64 S\n{ int64_t 0:X5; }\n P0 ;\n MOV X5,#-2 ;\nforall (0:X5=-2)\n", "0:X5=-2;", "Always"},
		{"uint32", "AArch64 W\n{ uint32_t 0:X2; }\n P0 ;\n MOV W2,#-2 ;\nforall (0:X2=0xfffffffe)\n",
			"0:X2=4294967294;", "Always"},
		{"memory", "AArch64 LDEOR\n{ 0:X0=x; }\n P0 ;\n MOV W1,#-129 ;\n STR W1,[X0] ;\nforall ([x]=-129)\n",
			"[x]=-129;", "Always"},
		{"uint8", "AArch64 B\n{ uint8_t x; 0:X0=x; }\n P0 ;\n MOV W1,#255 ;\n STRB W1,[X0] ;\nforall ([x]=255)\n",
			"[x]=255;", "Always"},
		{"long", "AArch64 L\n{ long x; 0:X0=x; }\n P0 ;\n MOV W1,#-1 ;\n STR W1,[X0] ;\nforall ([x]=-1)\n", "[x]=-1;", "Always"},
		{"int8", "AArch64 C\n{ int8_t x; 0:X0=x; }\n P0 ;\n MOV W1,#255 ;\n STRB W1,[X0] ;\nforall ([x]=-1)\n",
			"[x]=-1;", "Always"},
	})
}
