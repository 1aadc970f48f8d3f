package litmus

import (
	"strings"
	"testing"
)

// herdBlock checks src under its architecture's model and returns the
// printed block without the final "Model" line, which herd7 does not
// print.
func herdBlock(t *testing.T, name, src string) string {
	t.Helper()
	r, ok := checkText(t, name, "", src)
	if !ok {
		return ""
	}
	var b strings.Builder
	if err := r.Write(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if i := strings.Index(out, "Model "); i >= 0 {
		out = out[:i]
	}
	return out
}

// herdStates returns the state lines of a printed block.
func herdStates(block string) []string {
	var out []string
	lines := strings.Split(block, "\n")
	for i, l := range lines {
		if i < 2 {
			continue
		}
		if l == "Ok" || l == "No" || strings.HasPrefix(l, "Loop ") {
			break
		}
		out = append(out, l)
	}
	return out
}

// herd7 keeps its final states in a set ordered by value, location by
// location: integers numerically as the 64-bit values held (so 9 before
// 10, and a 32-bit load of -1, held as 0xffffffff, after 1), integers
// before addresses, addresses by name.
func TestHerdStateOrder(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string
	}{
		{"Order+numeric", `AArch64 Order+numeric
{
0:X1=x; 1:X1=x; 2:X1=x;
}
 P0          | P1          | P2          ;
 MOV W0,#9   | MOV W0,#10  | LDR W0,[X1] ;
 STR W0,[X1] | STR W0,[X1] |             ;
exists (2:X0=10)
`, []string{"2:X0=0;", "2:X0=9;", "2:X0=10;"}},
		{"Order+held", `AArch64 Order+held
{
int x;
int z=-1;
int *y = &z;
0:X0=x; 0:X2=y;
1:X0=y;
}
 P0           | P1          ;
 MOV W1,#1    | LDR X2,[X0] ;
 STR W1,[X0]  | LDR W1,[X2] ;
 STLR X0,[X2] |             ;
exists (1:X2=x /\ 1:X1=1)
`, []string{"1:X1=1; 1:X2=x;", "1:X1=-1; 1:X2=z;"}},
		{"Order+addr", `AArch64 Order+addr
{
int *p = 0;
0:X1=p; 0:X2=x; 1:X1=p;
}
 P0          | P1          ;
 STR X2,[X1] | LDR X0,[X1] ;
exists (1:X0=x)
`, []string{"1:X0=0;", "1:X0=x;"}},
		{"Order+names", `AArch64 Order+names
{
int *p = b;
0:X1=p; 0:X2=a; 1:X1=p;
}
 P0          | P1          ;
 STR X2,[X1] | LDR X0,[X1] ;
exists (1:X0=a)
`, []string{"1:X0=a;", "1:X0=b;"}},
		{"Order+label", `AArch64 Order+label
{
0:X1=p; 0:X2=P1:L0; 1:X1=p; p=a;
}
 P0          | P1              ;
 STR X2,[X1] | L0: LDR X0,[X1] ;
exists (1:X0=a)
`, []string{`1:X0=label:"P1:L0";`, "1:X0=a;"}},
	}
	for _, c := range cases {
		got := herdStates(herdBlock(t, c.name, c.src))
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s: states\n%s\nwant\n%s", c.name, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

// herd7 prints the registers of a thread in the order its architecture
// declares them: x86's rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp, then r8 to
// r15 (EAX... ESP for X86), not alphabetically.
func TestHerdX86RegisterOrder(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string
	}{
		{"Regs+x86_64", `X86_64 Regs+x86_64
{
x=0;
}
 P0             | P1            ;
 movq $1,%rdi   | movq $1,(x)   ;
 movq $2,%rsi   | movq (x),%rax ;
 movq $3,%rdx   | movq $5,%r8   ;
 movq (x),%rax  | movq $6,%r10  ;
                | movq $7,%r9   ;
exists (0:rdi=1 /\ 0:rsi=2 /\ 0:rdx=3 /\ 0:rax=0 /\ 1:r10=6 /\ 1:r8=5 /\ 1:r9=7 /\ 1:rax=1)
`, []string{
			"0:rax=0; 0:rdx=3; 0:rsi=2; 0:rdi=1; 1:rax=1; 1:r8=5; 1:r9=7; 1:r10=6;",
			"0:rax=1; 0:rdx=3; 0:rsi=2; 0:rdi=1; 1:rax=1; 1:r8=5; 1:r9=7; 1:r10=6;",
		}},
		{"Regs+x86", `X86 Regs+x86
{
}
 P0           | P1          ;
 MOV [x],$1   | MOV EDI,[x] ;
              | MOV EDX,[x] ;
              | MOV ESI,[x] ;
exists (1:EDI=1 /\ 1:EDX=1 /\ 1:ESI=1)
`, []string{
			"1:EDX=0; 1:ESI=0; 1:EDI=0;",
			"1:EDX=0; 1:ESI=1; 1:EDI=0;",
			"1:EDX=1; 1:ESI=1; 1:EDI=0;",
			"1:EDX=1; 1:ESI=1; 1:EDI=1;",
		}},
	}
	for _, c := range cases {
		got := herdStates(herdBlock(t, c.name, c.src))
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s: states\n%s\nwant\n%s", c.name, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

// herd7 puts parentheses around a conjunction or a disjunction beside =>,
// and none around an implication there, whichever side it is on.
func TestHerdImpliesCondition(t *testing.T) {
	const head = `AArch64 Implies
{
0:X1=x; 1:X1=x;
}
 P0          | P1          ;
 MOV W0,#1   | LDR W0,[X1] ;
 STR W0,[X1] | LDR W2,[X1] ;
`
	cases := []struct{ cond, want string }{
		{`forall (1:X0=1 => 1:X2=1 => [x]=1)`, `Condition forall (1:X0=1 => 1:X2=1 => [x]=1)`},
		{`forall ((1:X0=1 => 1:X2=1) => [x]=1)`, `Condition forall (1:X0=1 => 1:X2=1 => [x]=1)`},
		{`forall ((1:X0=1 \/ 1:X2=1) => ~[x]=0)`, `Condition forall ((1:X0=1 \/ 1:X2=1) => not ([x]=0))`},
		{`forall (1:X0=1 => (1:X2=1 /\ [x]=1))`, `Condition forall (1:X0=1 => (1:X2=1 /\ [x]=1))`},
	}
	for _, c := range cases {
		block := herdBlock(t, "Implies", head+c.cond+"\n")
		var got string
		for _, l := range strings.Split(block, "\n") {
			if strings.HasPrefix(l, "Condition ") {
				got = l
			}
		}
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.cond, got, c.want)
		}
	}
}

// TestHerdImpliesPrecedence: in herd7's state grammar => binds tighter than
// /\ and \/, so a /\ b => c is a /\ (b => c), which changes the verdict:
// of this test's three final states only 1:X0=1; 1:X2=1 satisfies it.
func TestHerdImpliesPrecedence(t *testing.T) {
	block := herdBlock(t, "Implies", `AArch64 Implies
{
0:X1=x; 1:X1=x;
}
 P0          | P1          ;
 MOV W0,#1   | LDR W0,[X1] ;
 STR W0,[X1] | LDR W2,[X1] ;
exists (1:X0=1 /\ 1:X2=0 => 1:X0=0)
`)
	for _, want := range []string{
		"Condition exists (1:X0=1 /\\ (1:X2=0 => 1:X0=0))\n",
		"Observation Implies Sometimes 1 2\n",
	} {
		if !strings.Contains(block, want) {
			t.Errorf("the block lacks %q:\n%s", want, block)
		}
	}
}
