package litmus

import (
	"fmt"
	"strings"
	"testing"
)

// retryLoops is an X86_64 test of the shape that tests derived from
// compiled read-modify-write loops have, their loops unrolled once with a
// forward exit where a retry would go round again: P0 tries once to
// increment v with a CAS; P1 runs stages of CAS attempts, each adding 16,
// with plain loads of v after each, then an exchange. Every
// load of v in P1 may see P0's write once, so a thread that branched on
// every value of v at every load would have far more paths than the
// default bound.
func retryLoops(stages int) string {
	var p0, p1 []string
	p0 = append(p0, "movl (v),%eax", "movl %eax,%edx", "addl $1,%edx", "lock cmpxchgl %edx,(v)")
	for i := range stages {
		p1 = append(p1, "movl (v),%eax", "movl %eax,%edx", "addl $16,%edx",
			"lock cmpxchgl %edx,(v)", "jne Retry", "movl (v),%ecx", "cmpl %eax,%ecx", fmt.Sprintf("je M1_%d", i),
			"movl (v),%esi", fmt.Sprintf("M1_%d:", i))
	}
	p1 = append(p1, "movl $-1,%ebx", "xchgl %ebx,(v)", "jmp End1", "Retry:", "movq $2,%r15", "End1:")
	var b strings.Builder
	b.WriteString("X86_64 retry-loops\n{ v=1; }\n P0 | P1 ;\n")
	for i := range max(len(p0), len(p1)) {
		at := func(s []string) string {
			if i < len(s) {
				return s[i]
			}
			return ""
		}
		fmt.Fprintf(&b, " %s | %s ;\n", at(p0), at(p1))
	}
	b.WriteString("exists (1:rbx=1)\n")
	return b.String()
}

// TestRetryLoopsWithinBounds: the retry loops are decided within the
// default bounds, and the answer follows from coherence: P1's exchange
// comes after its own CAS writes, so it never reads the initial value.
// Six stages take under 2,000 thread paths; at eight, a value of v has
// more derivations than the domain keeps, a bound of its own.
func TestRetryLoopsWithinBounds(t *testing.T) {
	test, err := Parse("retry-loops.litmus", []byte(retryLoops(6)))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Check(test, "")
	if err != nil {
		t.Fatal(err)
	}
	if r.Observation != "Never" || r.Negative == 0 {
		t.Errorf("%s %d %d, want Never with executions", r.Observation, r.Positive, r.Negative)
	}
}

// BenchmarkRetryLoops decides the retry loops of six stages.
func BenchmarkRetryLoops(b *testing.B) {
	test, err := Parse("retry-loops.litmus", []byte(retryLoops(6)))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Check(test, ""); err != nil {
			b.Fatal(err)
		}
	}
}
