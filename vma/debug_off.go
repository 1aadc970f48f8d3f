//go:build !vmadebug

package vma

// debugChecks is off without the vmadebug build tag: every block guarded
// by it is removed at compile time, so that AssertLocked, for one, loads
// nothing at all.
const debugChecks = false
