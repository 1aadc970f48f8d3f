//go:build weaken_rwsem_endread_release

package vma

// weakened is the ordering this verification build weakens (see ordering).
const weakened = orderRWSemEndReadRelease
