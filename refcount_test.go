package atomicfence

import (
	"math"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
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
		{"Dec 0", 0, func(c *Int32) bool { c.RefcountDec(); return true }, result{}, subUAF},
		{"Dec saturated", Saturated, func(c *Int32) bool { c.RefcountDec(); return true }, result{}, subUAF},
		{"DecIfOne 1", 1, (*Int32).RefcountDecIfOne, result{true, 0}, none},
		{"DecIfOne 2", 2, (*Int32).RefcountDecIfOne, result{false, 2}, none},
		{"DecIfOne saturated", Saturated, (*Int32).RefcountDecIfOne, result{false, Saturated}, none},
		{"DecNotOne 2", 2, (*Int32).RefcountDecNotOne, result{true, 1}, none},
		{"DecNotOne 1", 1, (*Int32).RefcountDecNotOne, result{false, 1}, none},
		{"DecNotOne saturated", Saturated, (*Int32).RefcountDecNotOne, result{true, Saturated}, none},
		{"DecNotOne 0", 0, (*Int32).RefcountDecNotOne, result{}, subUAF},
		// Every negative count is saturated, not only Saturated itself.
		{"Inc -1", -1, func(c *Int32) bool { c.RefcountInc(); return true }, result{}, overflow},
		{"Add 1 to -1", -1, func(c *Int32) bool { c.RefcountAdd(1); return true }, result{}, overflow},
		{"IncNotZeroRelaxed -1", -1, func(c *Int32) bool { _, ok := c.RefcountIncNotZeroRelaxed(); return ok }, result{}, overflow},
		{"AddNotZeroAcquire 1 to -1", -1, func(c *Int32) bool { _, ok := c.RefcountAddNotZeroAcquire(1); return ok }, result{}, overflow},
		{"DecNotOne -1", -1, (*Int32).RefcountDecNotOne, result{true, -1}, none},
		// Additions of more than 1 add all of delta.
		{"Add 2 to 1", 1, func(c *Int32) bool { c.RefcountAdd(2); return true }, result{true, 3}, none},
		{"AddNotZeroRelaxed 3 to 4", 4, func(c *Int32) bool { _, ok := c.RefcountAddNotZeroRelaxed(3); return ok }, result{true, 7}, none},
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
		"RefcountIncNotZeroRelaxed": func(c *Int32) { c.RefcountIncNotZeroRelaxed() },
		"RefcountAddNotZeroRelaxed": func(c *Int32) { c.RefcountAddNotZeroRelaxed(2) },
		"RefcountAddNotZeroAcquire": func(c *Int32) { c.RefcountAddNotZeroAcquire(2) },
	} {
		start := int32(0)
		if strings.Contains(method, "NotZero") {
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
		func(c *Int32) { c.RefcountAdd(-1) },
		func(c *Int32) { c.RefcountAddNotZeroAcquire(0) },
		func(c *Int32) { c.RefcountAddNotZeroRelaxed(-1) },
	} {
		c := newInt32(5)
		if _, ok := panicValue(func() { f(c) }).(badDelta); !ok || c.LoadRelaxed() != 5 {
			t.Errorf("a delta that is not positive did not panic with badDelta, or changed the count to %d", c.LoadRelaxed())
		}
	}
}

// TestRefcountMisuseMessage pins the whole message of a refcount_t misuse:
// the kernel's case, the method, the count it found and Saturated.
func TestRefcountMisuseMessage(t *testing.T) {
	for _, tc := range []struct {
		start int32
		op    func(c *Int32)
		want  string
	}{
		{math.MaxInt32, (*Int32).RefcountInc, "atomicfence: refcount_t: saturated; leaking memory (RefcountInc found 2147483647; the count is now saturated at -1073741824)"},
		{0, func(c *Int32) { c.RefcountAdd(2) }, "atomicfence: refcount_t: addition on 0; use-after-free (RefcountAdd found 0; the count is now saturated at -1073741824)"},
		{0, func(c *Int32) { c.RefcountDecNotOne() }, "atomicfence: refcount_t: underflow; use-after-free (RefcountDecNotOne found 0; the count is now saturated at -1073741824)"},
		{1, (*Int32).RefcountDec, "atomicfence: refcount_t: decrement hit 0; leaking memory (RefcountDec found 1; the count is now saturated at -1073741824)"},
		// Below 1 it is an underflow, not a leak: the reference was never
		// taken, or the count is already saturated.
		{0, (*Int32).RefcountDec, "atomicfence: refcount_t: underflow; use-after-free (RefcountDec found 0; the count is now saturated at -1073741824)"},
		{Saturated, (*Int32).RefcountDec, "atomicfence: refcount_t: underflow; use-after-free (RefcountDec found -1073741824; the count is now saturated at -1073741824)"},
		{-7, func(c *Int32) { c.RefcountAddNotZeroRelaxed(2) }, "atomicfence: refcount_t: saturated; leaking memory (RefcountAddNotZeroRelaxed found -7; the count is now saturated at -1073741824)"},
	} {
		v := panicValue(func() { tc.op(newInt32(tc.start)) })
		if err, ok := v.(error); !ok || err.Error() != tc.want {
			t.Errorf("from %d: panicked with %v, want %q", tc.start, v, tc.want)
		}
	}
}

// TestRefcountAddNotZeroOld pins the old count that the Refcount*NotZero*
// methods return: the count they added to, or 0 when they refused.
func TestRefcountAddNotZeroOld(t *testing.T) {
	for _, tc := range []struct {
		name  string
		delta int32
		f     func(c *Int32, delta int32) (int32, bool)
	}{
		{"RefcountIncNotZeroRelaxed", 1, func(c *Int32, _ int32) (int32, bool) { return c.RefcountIncNotZeroRelaxed() }},
		{"RefcountIncNotZeroAcquire", 1, func(c *Int32, _ int32) (int32, bool) { return c.RefcountIncNotZeroAcquire() }},
		{"RefcountAddNotZeroRelaxed", 4, (*Int32).RefcountAddNotZeroRelaxed},
		{"RefcountAddNotZeroAcquire", 4, (*Int32).RefcountAddNotZeroAcquire},
	} {
		for _, start := range []int32{1, 6, math.MaxInt32 - 4} {
			c := newInt32(start)
			old, ok := tc.f(c, tc.delta)
			if old != start || !ok || c.LoadRelaxed() != start+tc.delta {
				t.Errorf("%s(%d) from %d = (%d, %v), left %d; want (%d, true), left %d", tc.name, tc.delta, start, old, ok, c.LoadRelaxed(), start, start+tc.delta)
			}
		}
		c := newInt32(0)
		if old, ok := tc.f(c, tc.delta); old != 0 || ok || c.LoadRelaxed() != 0 {
			t.Errorf("%s(%d) from 0 = (%d, %v), left %d; want (0, false), left 0", tc.name, tc.delta, old, ok, c.LoadRelaxed())
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

// TestRefcountDecNotOneContended has goroutines drop references with
// RefcountDecNotOne at the same time, so that a compare-and-swap finds the
// count changed by another drop and retries from the count it found: every
// drop while more than one reference is left succeeds, each takes exactly
// one, none waits for the count to come back to a value it read before,
// and the last reference is kept.
func TestRefcountDecNotOneContended(t *testing.T) {
	eachPath(t, func(t *testing.T) {
		workers := max(2, runtime.GOMAXPROCS(0))
		per := scaled(20000, 4)
		for round := range scaled(20, 2) {
			c := newInt32(int32(workers*per + 1))
			var ready, start sync.WaitGroup
			var wg sync.WaitGroup
			start.Add(1)
			for range workers {
				ready.Add(1)
				wg.Add(1)
				go func() {
					defer wg.Done()
					ready.Done()
					start.Wait()
					for range per {
						if !c.RefcountDecNotOne() {
							t.Errorf("RefcountDecNotOne refused a drop with %d references left", c.LoadRelaxed())
							return
						}
					}
				}()
			}
			ready.Wait()
			start.Done()
			done := make(chan struct{})
			go func() { wg.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(30 * time.Second):
				t.Fatalf("round %d: RefcountDecNotOne had not returned after 30s; the count is %d", round, c.LoadRelaxed())
			}
			if left := c.LoadRelaxed(); left != 1 {
				t.Fatalf("round %d: %d drops from %d left %d, want 1", round, workers*per, workers*per+1, left)
			}
			if c.RefcountDecNotOne() || c.LoadRelaxed() != 1 {
				t.Fatalf("round %d: RefcountDecNotOne dropped the last reference, leaving %d", round, c.LoadRelaxed())
			}
		}
	})
}
