//go:build weaken_wake_mb

package vma

// weakened is the ordering this verification build weakens (see ordering).
const weakened = orderWakeMb
