package rotate

import (
	"strings"
	"testing"
)

func TestThreads(t *testing.T) {
	const src = `X86_64 MP
"comment"
{ 0:rbx=1; 2:rax=0; }
 P0          | P1            | P2 ;
 movl $1,(x) | movl (y),%eax | nop ; (* a row's comment *)
 movl $1,(y) | movl (x),%ebx |     ;
locations [1:rbx;]
exists (1:rax=1 /\ 1:rbx=0 /\ x=1)
`
	got, err := Threads(src, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := `X86_64 MP
"comment"
{ 1:rbx=1; 0:rax=0; }
 P0          | P1            | P2 ;
 nop | movl $1,(x) | movl (y),%eax ;
     | movl $1,(y) | movl (x),%ebx ;
locations [2:rbx;]
exists (2:rax=1 /\ 2:rbx=0 /\ x=1)
`
	norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	if norm(got) != norm(want) {
		t.Errorf("rotated by 1:\n%s\nwant\n%s", got, want)
	}
	if same, err := Threads(src, 3); err != nil || norm(same) != norm(strings.Replace(src, "(* a row's comment *)", "", 1)) {
		t.Errorf("rotated by 3 (a whole turn): %v\n%s", err, same)
	}
	for _, bad := range []string{
		"X86_64 T\n{ }\n movl $1,(x) ;\nexists (x=1)\n",
		"X86_64 T\n{ }\n P0 | P1 ;\n movl $1,(x) | movl $1,(y) | nop ;\nexists (x=1)\n",
	} {
		if _, err := Threads(bad, 1); err == nil {
			t.Errorf("no error for\n%s", bad)
		}
	}
}
