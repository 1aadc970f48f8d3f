//go:build vmasteps

package vma

// stepHooks is on with the vmasteps build tag, which the step tests build
// with (steps_test.go): they stop a path between two of its steps.
const stepHooks = true

// stepHookFunc is what stepHook calls, set by a step test.
var stepHookFunc func(hookPoint, *VMA)

// stepHook calls the step test's hook, if any. The hooks that it serves
// sit on the read path and inside the writer's steps, where the MM's own
// test hook cannot go: the read path has none, and the hook must move
// with the step it follows if a change moves that step.
func stepHook(p hookPoint, v *VMA) {
	if stepHookFunc != nil {
		stepHookFunc(p, v)
	}
}

// releaseStep is EndRead's decrement followed by its step hook, one call,
// so that the hook stays right after the decrement wherever a change
// moves the decrement.
func (v *VMA) releaseStep() int32 {
	old, _ := v.refcnt.DecAndTest()
	stepHook(hookReleased, v)
	return old
}

// incrementStep is StartRead's step hook followed by step 2, one call, so
// that the hook stays right before the increment: a check that a change
// moves from after the increment to before it runs before the hook, and
// the step test that changes the VMA at the hook finds the check missed it.
func (v *VMA) incrementStep() (old int32, ok bool) {
	stepHook(hookReadChecked, v)
	if v.tryIdle() {
		return 1, true
	}
	return v.refcnt.IncNotZeroLimitedAcquire(RefLimit)
}
