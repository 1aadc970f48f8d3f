package vma

import "testing"

// The attached and detached assertions are on in every build.
func TestAssertAttachedDetached(t *testing.T) {
	mm := NewMM(NewCache())
	v := bareVMA(mm, 0)
	v.AssertDetached()
	mustPanic(t, "detached (count 0)", v.AssertAttached)
	for _, c := range []int32{1, 3, LockOffset + 1} {
		v.refcnt.StoreRelaxed(c)
		v.AssertAttached()
		mustPanic(t, "needs it detached", v.AssertDetached)
	}
}
