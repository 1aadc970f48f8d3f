package verify

import "testing"

// TestNilDereferencePanics: a load through a pointer field that holds nil
// ends the thread's path at the exit "panic", as the fault does in Go.
func TestNilDereferencePanics(t *testing.T) {
	for _, c := range []struct {
		tg   string
		code []string
	}{
		{"amd64", []string{"MOVQ 0(AX), CX", "MOVL 0(CX), AX", "RET"}},
		{"arm64-llsc", []string{"MOVD (R0), R1", "MOVWU (R1), R0", "RET"}},
	} {
		nilLoad(t, c.tg, c.code)
	}
}

func nilLoad(t *testing.T, tg string, code []string) {
	t.Helper()
	sc := &Scenario{
		Name:      "nil",
		Objects:   []Object{{Name: "q", Type: "main.pair"}},
		Threads:   []Thread{{Entry: "main.p0", Args: []Value{Ref("q")}}},
		Forbidden: Exited(0, "panic"),
	}
	r, err := deriveHand(t, targetNamed(t, tg), sc, listing{"main.p0", code})
	wantVerdict(t, tg+": a load through q.a, which is nil", r, err, true)
	sc.Forbidden = Exited(0, exitReturn)
	r, err = deriveHand(t, targetNamed(t, tg), sc, listing{"main.p0", code})
	wantNever(t, tg+": a return after the load through nil", r, err)
}
