package litmus

import (
	"strings"
	"testing"
)

// checkOne parses and checks src under the default model and returns the
// result or the error of either step.
func checkOne(t *testing.T, src string) (*Result, error) {
	t.Helper()
	test, err := Parse("t.litmus", []byte(src))
	if err != nil {
		return nil, err
	}
	return Check(test, "")
}

// wantError checks that src fails to parse or to check with an error that
// contains want.
func wantError(t *testing.T, src, want string) {
	t.Helper()
	if _, err := checkOne(t, src); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("%q: got %v, want an error containing %q", src, err, want)
	}
}

// TestARMSizedAccesses checks byte, halfword and sign-extending accesses
// on typed locations, and the initial values cut to the location's size.
func TestARMSizedAccesses(t *testing.T) {
	for _, tc := range []struct{ init, code, cond string }{
		{"uint8_t x=0x1ff;", "LDRB W0,[X1]", "0:X0=255"},
		{"int8_t x=-1;", "LDRSB W0,[X1]", "0:X0=4294967295"},
		{"int8_t x=-1;", "LDRSB X0,[X1]", "0:X0=-1"},
		{"int16_t x=-2;", "LDRSH X0,[X1]", "0:X0=-2"},
		{"int16_t x=0x8001;", "LDRH W0,[X1]", "0:X0=32769"},
		{"int32_t x=-1;", "LDRSW X0,[X1]", "0:X0=-1"},
		{"uint8_t x;", "MOV W2,#0x1234 ; STRB W2,[X1] ; LDRB W0,[X1]", "0:X0=0x34 /\\ [x]=0x34"},
		{"uint16_t x;", "MOV W2,#0x12345 ; STLRH W2,[X1] ; LDARH W0,[X1]", "0:X0=0x2345"},
		{"uint8_t x=7;", "MOV W2,#0x101 ; LDADDB W2,W0,[X1]", "0:X0=7 /\\ [x]=8"},
		{"uint16_t x=0xff;", "MOV W2,#1 ; SWPH W2,W0,[X1]", "0:X0=0xff /\\ [x]=1"},
		{"uint16_t x=3;", "MOV W2,#0x10003 ; MOV W3,#9 ; CASH W2,W3,[X1]", "[x]=9"},
		{"uint8_t x;", "MOV W2,#5 ; LDXRB W0,[X1] ; STXRB W4,W2,[X1]", "0:X4=0 => [x]=5"},
		{"uint64_t x=-1;", "LDUR X0,[X1]", "0:X0=-1"},
		{"int x[2]={1,2};", "LDR W0,[X1,#4] ; MOV W2,#3 ; STR W2,[X1]", "0:X0=2 /\\ x[0]=3 /\\ x[1]=2"},
		{"int64_t x[3];", "MOV X2,#5 ; STR X2,[X1,#16]", "x[2]=5 /\\ x[0]=0"},
	} {
		src := "AArch64 T\n{ " + tc.init + " 0:X1=x; }\n P0 ;\n " + strings.ReplaceAll(tc.code, " ; ", " ;\n ") + " ;\nforall (" + tc.cond + ")\n"
		r, err := checkOne(t, src)
		if err != nil {
			t.Errorf("%s %s: %v", tc.init, tc.code, err)
			continue
		}
		if r.Observation != "Always" {
			t.Errorf("%s %s: %s %d %d, want Always (%v)", tc.init, tc.code, r.Observation, r.Positive, r.Negative, r.States)
		}
	}
}

// TestARMMixedSizeRefused: as herd7 without -variant mixed, an access of
// another size than its location's type, or at an offset into a location
// that is not an array, or outside an array's elements, is refused; an
// untyped location may be accessed with 4 or 8 bytes, but not both.
func TestARMMixedSizeRefused(t *testing.T) {
	for _, tc := range []struct{ init, code string }{
		{"int x;", "LDR X0,[X1]"},
		{"uint64_t x;", "STR W0,[X1]"},
		{"int x;", "STRB W0,[X1]"},
		{"int x;", "LDR W0,[X1,#4]"},
		{"int x[2];", "LDR W0,[X1,#8]"},
		{"int x[2];", "LDR W0,[X1,#2]"},
		{"int x[2];", "LDR X0,[X1]"},
		{"", "LDR X0,[X1] ; LDR W2,[X1]"},
		{"", "LDRB W0,[X1]"},
	} {
		src := "AArch64 T\n{ " + tc.init + " 0:X1=x; }\n P0 ;\n " + strings.ReplaceAll(tc.code, " ; ", " ;\n ") + " ;\nexists (0:X0=0)\n"
		_, err := checkOne(t, src)
		if err == nil || !strings.Contains(err.Error(), "mixed-size test rejected") {
			t.Errorf("%s %s: got %v, want a mixed-size refusal", tc.init, tc.code, err)
		}
	}
}

// TestParseArrays checks array declarations, their values and elements.
func TestParseArrays(t *testing.T) {
	test, err := Parse("t.litmus", []byte("AArch64 T\n{ int64_t t[3] = {1, -2};\n uint8_t v[2]={-1,-1}; 0:X1=t; }\n P0 ;\n NOP ;\nexists (t[1]=-2 /\\ v[0]=255)\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Value{"t[0]": intValue(1), "t[1]": intValue(-2), "t[2]": {}, "v[0]": intValue(255), "v[1]": intValue(255)}
	for _, e := range test.Init {
		if e.Loc.IsMem() {
			if w, ok := want[e.Loc.Sym]; !ok || w != e.Value {
				t.Errorf("init %s = %v, want %v", e.Loc, e.Value, w)
			}
			delete(want, e.Loc.Sym)
		}
	}
	if len(want) != 0 {
		t.Errorf("not initialised: %v", want)
	}
	if got := test.Cond.String(); got != "exists (t[1]=-2 /\\ v[0]=255)" {
		t.Errorf("condition %s", got)
	}
	for src, msg := range map[string]string{
		"{ int t[2] = {1,2,3}; }": "array t has 2 elements, not 3",
		"{ int t[2]; t[1]=3; }":   "an array is initialised only as a whole",
		"{ int t[2] = 3; }":       "array t takes a value such as {1,2}",
		"{ foo_t x; }":            `unsupported type "foo_t" of x`,
	} {
		_, err := Parse("t.litmus", []byte("AArch64 T\n"+src+"\n P0 ;\n NOP ;\nexists (0:X0=0)\n"))
		if err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%s: got %v, want %q", src, err, msg)
		}
	}
}

// TestParseVariants refuses the variants of herd7's semantics and accepts
// a condition on a register that its thread never uses (it holds 0).
func TestParseVariants(t *testing.T) {
	for _, v := range []string{"Variant=mixed", "variant=DontCheckMixed", "Variant=memtag,vmsa"} {
		_, err := Parse("t.litmus", []byte("AArch64 T\n"+v+"\n{ }\n P0 ;\n NOP ;\nexists (0:X0=0)\n"))
		if err == nil || !strings.Contains(err.Error(), "unsupported variant") {
			t.Errorf("%s: got %v, want an unsupported variant", v, err)
		}
	}
	r, err := checkOne(t, "AArch64 T\nVariant=ASLv0\n{ }\n P0 ;\n NOP ;\nforall (0:X9=0)\n")
	if err != nil || r.Observation != "Always" {
		t.Errorf("unused register: %v %v", r, err)
	}
}
