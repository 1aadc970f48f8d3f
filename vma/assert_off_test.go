//go:build !vmadebug

package vma

import "testing"

// TestDebugAssertionsCompiledOut: without the vmadebug tag the debug
// assertions do nothing at all. Called on a nil *VMA, an assertion that
// loaded the count (or anything else) would fault; these do not.
func TestDebugAssertionsCompiledOut(t *testing.T) {
	var v *VMA
	if p := panicOf(v.AssertLocked); p != nil {
		t.Fatalf("AssertLocked touched the VMA: %v", p)
	}
	if p := panicOf(v.AssertWriteLocked); p != nil {
		t.Fatalf("AssertWriteLocked touched the VMA: %v", p)
	}
	mm := NewMM(NewCache())
	unlocked := bareVMA(mm, 1)
	unlocked.AssertLocked()
	unlocked.AssertWriteLocked()
}
