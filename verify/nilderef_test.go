package verify

import "testing"

// TestNilDereferencePanics: a load or a store through a pointer field
// that holds nil ends the thread's path at the exit "panic", as the fault
// does in Go, and writes nothing.
func TestNilDereferencePanics(t *testing.T) {
	for _, c := range []struct {
		tg, what string
		code     []string
	}{
		{"amd64", "load", []string{"MOVQ 0(AX), CX", "MOVL 0(CX), AX", "RET"}},
		{"arm64-llsc", "load", []string{"MOVD (R0), R1", "MOVWU (R1), R0", "RET"}},
		{"amd64", "store", []string{"MOVQ 0(AX), CX", "MOVL $0x1, 0(CX)", "RET"}},
		{"arm64-llsc", "store", []string{"MOVD (R0), R1", "MOVD $1, R2", "MOVW R2, (R1)", "RET"}},
	} {
		nilDeref(t, c.tg, c.what, c.code)
	}
}

func nilDeref(t *testing.T, tg, what string, code []string) {
	t.Helper()
	sc := &Scenario{
		Name:      "nil",
		Objects:   []Object{{Name: "q", Type: "main.pair"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("q")}}},
		Forbidden: Exited(0, "panic"),
	}
	r, err := deriveHand(t, targetNamed(t, tg), sc, listing{"main.p0", code})
	wantVerdict(t, tg+": a "+what+" through q.a, which is nil", r, err, true)
	sc.Forbidden = Exited(0, exitReturn)
	r, err = deriveHand(t, targetNamed(t, tg), sc, listing{"main.p0", code})
	wantNever(t, tg+": a return after the "+what+" through nil", r, err)
}
