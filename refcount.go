package atomicfence

import "fmt"

// The rest of Linux's refcount_t on Int32, and the conditional atomic_t /
// atomic64_t helpers on Int32 and Int64.
//
// refcount_t's saturation, as this package states it: a count is alive
// while it is positive, dead at 0, and saturated when negative. Wherever
// Linux's refcount_warn_saturate runs (an increment of a dead count, an
// increment past math.MaxInt32, a decrement below what was taken, a
// refcount_dec that reaches 0), the Refcount* method stores Saturated, as
// the kernel does, and then panics with an error that names the kernel's
// case (where the kernel only warns). A saturated count is never freed and
// never revived: DecAndTest and SubAndTest panic on it, the *NotZeroLimited
// operations refuse it, and the Refcount* methods saturate it again and
// panic, so that a recovered panic leaks the object rather than freeing it
// twice. Saturated lies halfway to each end of int32, so that stray
// additions while the panic unwinds cannot wrap it back to 0 or to a
// positive count. Linux has no 64-bit refcount_t, so Int64 has only the
// atomic64_t helpers.

// refcountMisuse is the panic value of the Refcount* methods: the kernel's
// refcount_saturation_type and its message, the method, and the count
// found.
type refcountMisuse struct {
	method string
	old    int32
	kind   refcountKind
}

type refcountKind uint8

const (
	refcountAddNotZeroOvf refcountKind = iota // REFCOUNT_ADD_NOT_ZERO_OVF
	refcountAddOvf                            // REFCOUNT_ADD_OVF
	refcountAddUAF                            // REFCOUNT_ADD_UAF
	refcountSubUAF                            // REFCOUNT_SUB_UAF
	refcountDecLeak                           // REFCOUNT_DEC_LEAK
)

func (k refcountKind) String() string {
	return [...]string{
		"saturated; leaking memory",
		"saturated; leaking memory",
		"addition on 0; use-after-free",
		"underflow; use-after-free",
		"decrement hit 0; leaking memory",
	}[k]
}

func (e refcountMisuse) Error() string {
	return fmt.Sprintf("atomicfence: refcount_t: %s (%s found %d; the count is now saturated at %d)", e.kind, e.method, e.old, Saturated)
}

// saturate stores Saturated, as refcount_warn_saturate's refcount_set, and
// panics.
func (c *Int32) saturate(method string, old int32, kind refcountKind) {
	c.StoreRelaxed(Saturated)
	panic(refcountMisuse{method, old, kind})
}

// RefcountInc takes a reference that the caller already holds one of
// (refcount_inc): the increment orders nothing, since holding a reference
// already keeps the object alive. It panics, leaving the count saturated,
// if the count was 0 (the object was dead: use-after-free) or the new count
// would pass math.MaxInt32 or the count was saturated.
func (c *Int32) RefcountInc() { c.refcountAdd("RefcountInc", 1) }

// RefcountAdd adds delta references that the caller already holds one of
// (refcount_add): like RefcountInc, the addition orders nothing. It panics
// if delta <= 0, and as RefcountInc does on a dead or overflowing count.
func (c *Int32) RefcountAdd(delta int32) {
	if delta <= 0 {
		panic(badDelta(delta))
	}
	c.refcountAdd("RefcountAdd", delta)
}

// refcountAdd is RefcountAdd of a positive delta; a panic names method.
func (c *Int32) refcountAdd(method string, delta int32) {
	old := c.FetchAddRelaxed(delta)
	switch {
	case old == 0:
		c.saturate(method, old, refcountAddUAF)
	case old < 0 || old+delta < 0:
		c.saturate(method, old, refcountAddOvf)
	}
}

// RefcountIncNotZeroRelaxed takes a reference unless the count is 0
// (refcount_inc_not_zero): it returns the old count and whether it took
// one. A success orders nothing; use RefcountIncNotZeroAcquire where the
// caller then reads what the last holder published. It panics, leaving the
// count saturated, when the count was saturated or the increment would pass
// math.MaxInt32 (the kernel's saturated case, where it returns true).
func (c *Int32) RefcountIncNotZeroRelaxed() (old int32, ok bool) {
	return c.refcountAddNotZeroRelaxed("RefcountIncNotZeroRelaxed", 1)
}

// RefcountIncNotZeroAcquire is RefcountIncNotZeroRelaxed whose success is
// an acquire (refcount_inc_not_zero_acquire): no later load or store of the
// caller is observed before the increment.
func (c *Int32) RefcountIncNotZeroAcquire() (old int32, ok bool) {
	return c.refcountAddNotZeroAcquire("RefcountIncNotZeroAcquire", 1)
}

// RefcountAddNotZeroRelaxed is RefcountIncNotZeroRelaxed adding delta,
// ordering nothing (refcount_add_not_zero). It panics if delta <= 0.
func (c *Int32) RefcountAddNotZeroRelaxed(delta int32) (old int32, ok bool) {
	if delta <= 0 {
		panic(badDelta(delta))
	}
	return c.refcountAddNotZeroRelaxed("RefcountAddNotZeroRelaxed", delta)
}

// RefcountAddNotZeroAcquire is RefcountIncNotZeroAcquire adding delta, an
// acquire when it adds (refcount_add_not_zero_acquire). It panics if
// delta <= 0.
func (c *Int32) RefcountAddNotZeroAcquire(delta int32) (old int32, ok bool) {
	if delta <= 0 {
		panic(badDelta(delta))
	}
	return c.refcountAddNotZeroAcquire("RefcountAddNotZeroAcquire", delta)
}

// refcountAddNotZeroRelaxed and refcountAddNotZeroAcquire are the loop of
// refcount_add_not_zero at each ordering: one function per ordering, not
// one with a flag, so that each method's compiled code reaches only the
// compare-and-swap of its own ordering, which the assembly tests check.
func (c *Int32) refcountAddNotZeroRelaxed(method string, delta int32) (old int32, ok bool) {
	for old = c.LoadRelaxed(); old != 0; {
		var swapped bool
		if old, swapped = c.CompareAndSwapRelaxed(old, old+delta); swapped {
			return c.addedNotZero(method, old, delta), true
		}
	}
	return 0, false
}

func (c *Int32) refcountAddNotZeroAcquire(method string, delta int32) (old int32, ok bool) {
	for old = c.LoadRelaxed(); old != 0; {
		var swapped bool
		if old, swapped = c.CompareAndSwapAcquire(old, old+delta); swapped {
			return c.addedNotZero(method, old, delta), true
		}
	}
	return 0, false
}

// addedNotZero returns old, the count that an increment by delta replaced,
// after saturating the count and panicking where old was saturated or the
// sum passed math.MaxInt32.
func (c *Int32) addedNotZero(method string, old, delta int32) int32 {
	if old < 0 || old+delta < 0 {
		c.saturate(method, old, refcountAddNotZeroOvf)
	}
	return old
}

// RefcountDec drops a reference that is not the last (refcount_dec): a
// release, as DecAndTest's, but the caller does not expect to free the
// object. It panics, leaving the count saturated, if the count was 1 or
// less: reaching 0 here means nobody frees the object (a leak, the kernel's
// REFCOUNT_DEC_LEAK), and a count that was 0 or less is a release without a
// matching acquire (underflow, REFCOUNT_SUB_UAF, as refcount_dec_and_test
// reports it).
func (c *Int32) RefcountDec() {
	switch old := c.FetchAddRelease(-1); {
	case old == 1:
		c.saturate("RefcountDec", old, refcountDecLeak)
	case old < 1:
		c.saturate("RefcountDec", old, refcountSubUAF)
	}
}

// RefcountDecIfOne drops the last reference only if it is the only one,
// taking the count from 1 to 0 with a release (refcount_dec_if_one), and
// reports whether it did. Any other count is left as it is, with nothing
// ordered.
func (c *Int32) RefcountDecIfOne() bool {
	_, ok := c.CompareAndSwapRelease(1, 0)
	return ok
}

// RefcountDecNotOne drops a reference unless it is the last one
// (refcount_dec_not_one): it returns false, changing nothing, when the
// count is 1, and true otherwise; the decrement is a release. A saturated
// count is left saturated and true returned. It panics, leaving the count
// saturated, if the count was 0 (a release of a dead object).
func (c *Int32) RefcountDecNotOne() bool {
	old := c.LoadRelaxed()
	for {
		switch {
		case old < 0:
			return true
		case old == 1:
			return false
		case old == 0:
			c.saturate("RefcountDecNotOne", old, refcountSubUAF)
		}
		prev, ok := c.CompareAndSwapRelease(old, old-1)
		if ok {
			return true
		}
		old = prev
	}
}

// FetchAddUnlessFull adds delta unless the value is unless, and returns
// the old value and whether it added (atomic_fetch_add_unless): fully
// ordered when it adds, ordering nothing when it does not. Arithmetic wraps.
func (c *Int32) FetchAddUnlessFull(delta, unless int32) (old int32, ok bool) {
	return c.FetchUpdateFull(func(x int32) (int32, bool) { return x + delta, x != unless })
}

// IncNotZeroFull increments a value that is not 0 and reports whether it
// did (atomic_inc_not_zero): fully ordered when it does. It is atomic_t's,
// which wraps; a reference count wants IncNotZeroLimitedAcquire or
// RefcountIncNotZeroAcquire.
func (c *Int32) IncNotZeroFull() (old int32, ok bool) { return c.FetchAddUnlessFull(1, 0) }

// IncUnlessNegativeFull increments a value that is not negative and
// reports whether it did (atomic_inc_unless_negative), fully ordered when
// it does.
func (c *Int32) IncUnlessNegativeFull() bool {
	_, ok := c.FetchUpdateFull(func(x int32) (int32, bool) { return x + 1, x >= 0 })
	return ok
}

// DecUnlessPositiveFull decrements a value that is not positive and
// reports whether it did (atomic_dec_unless_positive), fully ordered when
// it does.
func (c *Int32) DecUnlessPositiveFull() bool {
	_, ok := c.FetchUpdateFull(func(x int32) (int32, bool) { return x - 1, x <= 0 })
	return ok
}

// DecIfPositiveFull decrements a value that is positive and returns the
// old value minus 1 whether or not it stored it (atomic_dec_if_positive):
// a result below 0 means it did not. Fully ordered when it decrements.
func (c *Int32) DecIfPositiveFull() (new int32) {
	old, _ := c.FetchUpdateFull(func(x int32) (int32, bool) { return x - 1, x > 0 })
	return old - 1
}

// FetchAddUnlessFull is Int32.FetchAddUnlessFull on 64 bits: fully ordered when it
// stores, ordering nothing when it does not (atomic64_fetch_add_unless).
func (c *Int64) FetchAddUnlessFull(delta, unless int64) (old int64, ok bool) {
	return c.FetchUpdateFull(func(x int64) (int64, bool) { return x + delta, x != unless })
}

// IncNotZeroFull is Int32.IncNotZeroFull on 64 bits: fully ordered when it
// increments, ordering nothing when it does not (atomic64_inc_not_zero,
// atomic_long_inc_not_zero).
func (c *Int64) IncNotZeroFull() (old int64, ok bool) { return c.FetchAddUnlessFull(1, 0) }

// IncUnlessNegativeFull is Int32.IncUnlessNegativeFull on 64 bits: fully ordered when it
// stores, ordering nothing when it does not (atomic64_inc_unless_negative).
func (c *Int64) IncUnlessNegativeFull() bool {
	_, ok := c.FetchUpdateFull(func(x int64) (int64, bool) { return x + 1, x >= 0 })
	return ok
}

// DecUnlessPositiveFull is Int32.DecUnlessPositiveFull on 64 bits: fully ordered when it
// stores, ordering nothing when it does not (atomic64_dec_unless_positive).
func (c *Int64) DecUnlessPositiveFull() bool {
	_, ok := c.FetchUpdateFull(func(x int64) (int64, bool) { return x - 1, x <= 0 })
	return ok
}

// DecIfPositiveFull is Int32.DecIfPositiveFull on 64 bits: fully ordered when it
// stores, ordering nothing when it does not (atomic64_dec_if_positive).
func (c *Int64) DecIfPositiveFull() (new int64) {
	old, _ := c.FetchUpdateFull(func(x int64) (int64, bool) { return x - 1, x > 0 })
	return old - 1
}
