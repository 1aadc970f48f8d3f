package atomicfence

import (
	"math"
	"strings"
	"sync"
	"testing"
)

// TestRefcountSaturation states the refcount_t semantics of the Refcount*
// methods case by case: what each returns, what it leaves, and which of
// Linux's refcount_warn_saturate cases panics (leaving Saturated).
func TestRefcountSaturation(t *testing.T) {
	const (
		none     = ""
		addUAF   = "atomicfence: refcount_t: addition on 0; use-after-free"
		overflow = "atomicfence: refcount_t: saturated; leaking memory"
		subUAF   = "atomicfence: refcount_t: underflow; use-after-free"
		decLeak  = "atomicfence: refcount_t: decrement hit 0; leaking memory"
	)
	type result struct {
		ok   bool
		left int32
	}
	for _, tc := range []struct {
		name  string
		start int32
		op    func(c *Int32) bool
		want  result
		panic string // the message's prefix; the count is then Saturated
	}{
		{"Inc 1", 1, func(c *Int32) bool { c.RefcountInc(); return true }, result{true, 2}, none},
		{"Inc 0", 0, func(c *Int32) bool { c.RefcountInc(); return true }, result{}, addUAF},
		{"Inc max", math.MaxInt32, func(c *Int32) bool { c.RefcountInc(); return true }, result{}, overflow},
		{"Inc saturated", Saturated, func(c *Int32) bool { c.RefcountInc(); return true }, result{}, overflow},
		{"Add 3 to 5", 5, func(c *Int32) bool { c.RefcountAdd(3); return true }, result{true, 8}, none},
		{"Add past max", math.MaxInt32 - 2, func(c *Int32) bool { c.RefcountAdd(3); return true }, result{}, overflow},
		{"IncNotZeroRelaxed 1", 1, func(c *Int32) bool { _, ok := c.RefcountIncNotZeroRelaxed(); return ok }, result{true, 2}, none},
		{"IncNotZeroAcquire 0", 0, func(c *Int32) bool { _, ok := c.RefcountIncNotZeroAcquire(); return ok }, result{false, 0}, none},
		{"IncNotZeroAcquire max", math.MaxInt32, func(c *Int32) bool { _, ok := c.RefcountIncNotZeroAcquire(); return ok }, result{}, overflow},
		{"IncNotZeroRelaxed saturated", Saturated, func(c *Int32) bool { _, ok := c.RefcountIncNotZeroRelaxed(); return ok }, result{}, overflow},
		{"AddNotZeroAcquire 2 to 7", 7, func(c *Int32) bool { _, ok := c.RefcountAddNotZeroAcquire(2); return ok }, result{true, 9}, none},
		{"AddNotZeroRelaxed 0", 0, func(c *Int32) bool { _, ok := c.RefcountAddNotZeroRelaxed(2); return ok }, result{false, 0}, none},
		{"Dec 3", 3, func(c *Int32) bool { c.RefcountDec(); return true }, result{true, 2}, none},
		{"Dec 1", 1, func(c *Int32) bool { c.RefcountDec(); return true }, result{}, decLeak},
		{"Dec 0", 0, func(c *Int32) bool { c.RefcountDec(); return true }, result{}, decLeak},
		{"Dec saturated", Saturated, func(c *Int32) bool { c.RefcountDec(); return true }, result{}, decLeak},
		{"DecIfOne 1", 1, (*Int32).RefcountDecIfOne, result{true, 0}, none},
		{"DecIfOne 2", 2, (*Int32).RefcountDecIfOne, result{false, 2}, none},
		{"DecIfOne saturated", Saturated, (*Int32).RefcountDecIfOne, result{false, Saturated}, none},
		{"DecNotOne 2", 2, (*Int32).RefcountDecNotOne, result{true, 1}, none},
		{"DecNotOne 1", 1, (*Int32).RefcountDecNotOne, result{false, 1}, none},
		{"DecNotOne saturated", Saturated, (*Int32).RefcountDecNotOne, result{true, Saturated}, none},
		{"DecNotOne 0", 0, (*Int32).RefcountDecNotOne, result{}, subUAF},
		// The older refcount_t operations on a saturated count.
		{"DecAndTest saturated", Saturated, func(c *Int32) bool { _, z := c.DecAndTest(); return z }, result{}, "atomicfence: count"},
		{"IncNotZeroLimitedAcquire saturated", Saturated, func(c *Int32) bool { _, ok := c.IncNotZeroLimitedAcquire(100); return ok }, result{false, Saturated}, none},
	} {
		eachPath(t, func(t *testing.T) {
			c := newInt32(tc.start)
			var ok bool
			v := panicValue(func() { ok = tc.op(c) })
			left := c.LoadRelaxed()
			switch {
			case tc.panic == none && v != nil:
				t.Errorf("%s: panicked: %v", tc.name, v)
			case tc.panic == none && (ok != tc.want.ok || left != tc.want.left):
				t.Errorf("%s: returned %v and left %d, want %v and %d", tc.name, ok, left, tc.want.ok, tc.want.left)
			case tc.panic != none:
				err, isErr := v.(error)
				if !isErr || len(err.Error()) < len(tc.panic) || err.Error()[:len(tc.panic)] != tc.panic {
					t.Errorf("%s: panicked with %v, want %q…", tc.name, v, tc.panic)
				}
				if left != Saturated {
					t.Errorf("%s: left %d after the panic, want Saturated", tc.name, left)
				}
			}
		})
	}
	// The panic names the method that the caller called.
	for method, f := range map[string]func(c *Int32){
		"RefcountInc":               (*Int32).RefcountInc,
		"RefcountAdd":               func(c *Int32) { c.RefcountAdd(3) },
		"RefcountDec":               (*Int32).RefcountDec,
		"RefcountDecNotOne":         func(c *Int32) { c.RefcountDecNotOne() },
		"RefcountIncNotZeroAcquire": func(c *Int32) { c.RefcountIncNotZeroAcquire() },
	} {
		start := int32(0)
		if method == "RefcountIncNotZeroAcquire" {
			start = Saturated
		}
		v := panicValue(func() { f(newInt32(start)) })
		if err, ok := v.(error); !ok || !strings.Contains(err.Error(), "("+method+" found ") {
			t.Errorf("%s from %d: panicked with %v, want a message naming %s", method, start, v, method)
		}
	}
	for _, f := range []func(c *Int32){
		func(c *Int32) { c.RefcountAdd(0) },
		func(c *Int32) { c.RefcountAddNotZeroAcquire(-1) },
		func(c *Int32) { c.RefcountAddNotZeroRelaxed(0) },
	} {
		c := newInt32(5)
		if _, ok := panicValue(func() { f(c) }).(badDelta); !ok || c.LoadRelaxed() != 5 {
			t.Errorf("a delta that is not positive did not panic with badDelta, or changed the count to %d", c.LoadRelaxed())
		}
	}
}

// TestConditionalHelpers checks the atomic_t/atomic64_t helpers against
// their kernel definitions on both widths.
func TestConditionalHelpers(t *testing.T) {
	for _, start := range []int64{-2, -1, 0, 1, 2} {
		a, b := newInt32(int32(start)), new(Int64)
		b.StoreRelaxed(start)
		check := func(name string, got32, got64, want any, left int64) {
			t.Helper()
			if got32 != want || got64 != want || int64(a.LoadRelaxed()) != left || b.LoadRelaxed() != left {
				t.Errorf("%s from %d: %v (Int32), %v (Int64), left %d, %d; want %v, left %d", name, start, got32, got64, a.LoadRelaxed(), b.LoadRelaxed(), want, left)
			}
			a.StoreRelaxed(int32(start))
			b.StoreRelaxed(start)
		}
		{
			o32, ok32 := a.FetchAddUnlessFull(5, 1)
			o64, ok64 := b.FetchAddUnlessFull(5, 1)
			left := start
			if start != 1 {
				left = start + 5
			}
			check("FetchAddUnlessFull(5, 1)", [2]any{int64(o32), ok32}, [2]any{o64, ok64}, [2]any{start, start != 1}, left)
		}
		{
			o32, ok32 := a.IncNotZeroFull()
			o64, ok64 := b.IncNotZeroFull()
			left := start
			if start != 0 {
				left++
			}
			check("IncNotZeroFull", [2]any{int64(o32), ok32}, [2]any{o64, ok64}, [2]any{start, start != 0}, left)
		}
		{
			left := start
			if start >= 0 {
				left++
			}
			check("IncUnlessNegativeFull", a.IncUnlessNegativeFull(), b.IncUnlessNegativeFull(), start >= 0, left)
		}
		{
			left := start
			if start <= 0 {
				left--
			}
			check("DecUnlessPositiveFull", a.DecUnlessPositiveFull(), b.DecUnlessPositiveFull(), start <= 0, left)
		}
		{
			left := start
			if start > 0 {
				left--
			}
			check("DecIfPositiveFull", int64(a.DecIfPositiveFull()), b.DecIfPositiveFull(), start-1, left)
		}
	}
}

// TestRefcountConcurrentHelpers has holders take references with
// RefcountIncNotZeroAcquire and RefcountInc and drop them with RefcountDec
// and DecAndTest while the owner drops the first one: the count must reach
// 0 exactly once, after which no get succeeds, and no panic may happen.
func TestRefcountConcurrentHelpers(t *testing.T) {
	eachPath(t, func(t *testing.T) {
		for round := range scaled(50, 5) {
			c := newInt32(1)
			var zeroes Int32
			var wg sync.WaitGroup
			for g := range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range scaled(2000, 10) {
						if _, ok := c.RefcountIncNotZeroAcquire(); !ok {
							return
						}
						c.RefcountInc()
						c.RefcountDec()
						// A second reference first: a RefcountDecNotOne
						// that dropped the only one this goroutine held
						// would leave it holding none.
						if (i+g)%2 == 0 {
							c.RefcountInc()
							if !c.RefcountDecNotOne() {
								t.Error("RefcountDecNotOne found 1 while this goroutine held two references")
							}
						}
						if _, zero := c.DecAndTest(); zero {
							zeroes.FetchAddRelaxed(1)
						}
					}
				}()
			}
			if _, zero := c.DecAndTest(); zero {
				zeroes.FetchAddRelaxed(1)
			}
			wg.Wait()
			if z, left := zeroes.LoadRelaxed(), c.LoadRelaxed(); z != 1 || left != 0 {
				t.Fatalf("round %d: the count reached 0 %d times and ends at %d", round, z, left)
			}
		}
	})
}
