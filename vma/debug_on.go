//go:build vmadebug

package vma

// debugChecks turns on the assertions that the kernel compiles only with
// CONFIG_DEBUG_VM: AssertWriteLocked, AssertLocked, and the checks inside
// MarkAttached, MarkDetached, EndRead, StartReadLocked, FindVMA and VMAs,
// and that Unmap frees a VMA only once the tree without it is published.
const debugChecks = true
