//go:build !vmasteps

package vma

// stepHooks is off without the vmasteps build tag: every block guarded by
// it compiles to nothing, so the read path keeps no hook (see stepHook).
const stepHooks = false

// stepHook, releaseStep and incrementStep serve the build with the step
// hooks; this one never calls them.
func stepHook(hookPoint, *VMA) {}

func (v *VMA) releaseStep() int32 { panic("vma: a step hook without the vmasteps build tag") }

func (v *VMA) incrementStep() (int32, bool) {
	panic("vma: a step hook without the vmasteps build tag")
}
