package atomicfence

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// scaled returns n, or n/div under -short (the race detector and qemu runs
// use -short), never less than 1.
func scaled(n, div int) int {
	if testing.Short() {
		n /= div
	}
	return max(n, 1)
}

// refcountPair is a get and a put on a count, as the per-VMA read lock
// uses them: get adds delta unless the count is 0 or would pass limit, put
// subtracts delta and reports whether the count reached 0.
type refcountPair struct {
	name  string
	delta int32
	get   func(c *Int32, limit int32) (int32, bool)
	put   func(c *Int32) (int32, bool)
}

var refcountPairs = []refcountPair{
	{"IncNotZeroLimitedAcquire/DecAndTest", 1, (*Int32).IncNotZeroLimitedAcquire, (*Int32).DecAndTest},
	{"IncNotZeroLimitedRelaxed/DecAndTest", 1, (*Int32).IncNotZeroLimitedRelaxed, (*Int32).DecAndTest},
	{"AddNotZeroLimitedAcquire/SubAndTest", 3,
		func(c *Int32, limit int32) (int32, bool) { return c.AddNotZeroLimitedAcquire(3, limit) },
		func(c *Int32) (int32, bool) { return c.SubAndTest(3) }},
	{"AddNotZeroLimitedRelaxed/SubAndTest", 2,
		func(c *Int32, limit int32) (int32, bool) { return c.AddNotZeroLimitedRelaxed(2, limit) },
		func(c *Int32) (int32, bool) { return c.SubAndTest(2) }},
}

// TestRefcountConcurrent has many goroutines take and drop references on
// one count while its owner drops the initial reference part-way through.
// It checks that a reference is never granted past the limit, that the
// count never comes back from 0, that exactly one put reaches 0, that every
// get is matched (the count ends at 0), and that the put reaching 0 sees
// every write a holder made before its own put.
func TestRefcountConcurrent(t *testing.T) {
	workers := 8
	rounds, attempts := scaled(50, 5), scaled(5000, 10)
	eachPath(t, func(t *testing.T) {
		for _, pair := range refcountPairs {
			t.Run(pair.name, func(t *testing.T) {
				for r := 0; r < rounds; r++ {
					if err := refcountRound(pair, workers, attempts); err != nil {
						t.Fatalf("round %d: %v", r, err)
					}
				}
			})
		}
	})
}

func refcountRound(pair refcountPair, workers, attempts int) error {
	limit := 3*pair.delta + 1 // the owner's 1 and three holders
	var (
		c        Int32
		holders  atomic.Int32 // references held by workers right now
		dead     atomic.Bool  // set once a put has reached 0
		zeroes   atomic.Int32 // puts that reached 0
		progress atomic.Int64 // gets attempted
		snapshot []int64      // the slots as the put that reached 0 saw them
		firstErr atomic.Pointer[error]
		wg       sync.WaitGroup
	)
	fail := func(format string, args ...any) {
		err := fmt.Errorf(format, args...)
		firstErr.CompareAndSwap(nil, &err)
	}
	// slots[i] counts worker i's references; only worker i writes it, with
	// plain stores, and only while it holds a reference.
	slots := make([]struct {
		n int64
		_ [56]byte
	}, workers)
	put := func() {
		old, zero := pair.put(&c)
		if old < pair.delta || old > limit {
			fail("put found the count at %d", old)
		}
		if zero {
			zeroes.Add(1)
			snap := make([]int64, workers)
			for i := range slots {
				snap[i] = slots[i].n
			}
			snapshot = snap
			dead.Store(true)
		}
	}

	c.StoreRelaxed(1)
	for w := range workers {
		wg.Go(func() {
			for range attempts {
				wasDead := dead.Load()
				old, ok := pair.get(&c, limit)
				progress.Add(1)
				if !ok {
					// Only 0 and a count too close to the limit refuse.
					if old != 0 && (old <= 0 || old <= limit-pair.delta || old > limit) {
						fail("get refused at count %d", old)
					}
					continue
				}
				switch {
				case wasDead:
					fail("get revived a count that had reached 0 (found %d)", old)
				case old <= 0 || old > limit-pair.delta:
					fail("get granted at count %d, limit %d", old, limit)
				}
				if h := holders.Add(pair.delta); h > limit {
					fail("%d held at once, limit %d", h, limit)
				}
				slots[w].n++
				holders.Add(-pair.delta)
				put()
			}
		})
	}
	// The owner drops its reference half-way, while the workers run.
	for progress.Load() < int64(workers*attempts/2) {
		runtime.Gosched()
	}
	old, zero := c.DecAndTest()
	if old < 1 || old > limit {
		fail("the owner's put found the count at %d", old)
	}
	if zero {
		zeroes.Add(1)
		snapshot = make([]int64, workers)
		for i := range slots {
			snapshot[i] = slots[i].n
		}
		dead.Store(true)
	}
	wg.Wait()

	if err := firstErr.Load(); err != nil {
		return *err
	}
	if n := zeroes.Load(); n != 1 {
		return fmt.Errorf("%d puts reached 0, want exactly 1", n)
	}
	if v := c.LoadRelaxed(); v != 0 {
		return fmt.Errorf("the count ended at %d: gets and puts do not match", v)
	}
	if _, ok := pair.get(&c, limit); ok {
		return fmt.Errorf("get succeeded on a count left at 0")
	}
	for i := range slots {
		if snapshot[i] != slots[i].n {
			return fmt.Errorf("the put that reached 0 saw worker %d at %d references, it made %d", i, snapshot[i], slots[i].n)
		}
	}
	return nil
}

// TestRefcountContended has every worker take and drop references on one
// count that its owner holds throughout, below a limit that they cannot
// reach, so that no get may be refused and no put may reach 0: a get's
// compare-and-swap that fails under contention (LL/SC's store-exclusive,
// LSE's CASA) is retried, never reported as done or dropped. In
// TestRefcountConcurrent the contention ends once the owner's put has
// taken the count to 0; here it lasts the whole run.
func TestRefcountContended(t *testing.T) {
	workers, iterations := 4, scaled(20000, 4)
	eachPath(t, func(t *testing.T) {
		for _, pair := range refcountPairs {
			t.Run(pair.name, func(t *testing.T) {
				limit := int32(workers)*pair.delta + 1
				var c Int32
				c.StoreRelaxed(1)
				errs := make(chan error, workers)
				var wg sync.WaitGroup
				for range workers {
					wg.Go(func() {
						for range iterations {
							if old, ok := pair.get(&c, limit); !ok || old < 1 || old > limit-pair.delta {
								errs <- fmt.Errorf("get at count %d: ok %v, limit %d, with the owner's reference held", old, ok, limit)
								return
							}
							if old, zero := pair.put(&c); zero || old <= pair.delta || old > limit {
								errs <- fmt.Errorf("put found the count at %d (reached 0: %v) with the owner's reference held", old, zero)
								return
							}
						}
					})
				}
				wg.Wait()
				close(errs)
				if err := <-errs; err != nil {
					t.Fatal(err)
				}
				if got := c.LoadRelaxed(); got != 1 {
					t.Fatalf("the count ended at %d, want the owner's 1: gets and puts do not match", got)
				}
			})
		}
	})
}

// Every increment in every ordering lands exactly once under contention.
func TestFetchAddAndCompareAndSwapConcurrent(t *testing.T) {
	workers, iterations := 4, scaled(20000, 4)
	eachPath(t, func(t *testing.T) {
		var c Int32
		var u Uint32
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for i := range iterations {
					int32FetchAdds[i%4].f(&c, 1)
					uint32FetchAdds[i%4].f(&u, 1)
					for cas := int32CASes[i%4].f; ; {
						v := c.LoadRelaxed()
						if _, ok := cas(&c, v, v+1); ok {
							break
						}
					}
				}
			})
		}
		wg.Wait()
		if got, want := c.LoadRelaxed(), int32(2*workers*iterations); got != want {
			t.Errorf("Int32 ended at %d, want %d", got, want)
		}
		if got, want := u.LoadRelaxed(), uint32(workers*iterations); got != want {
			t.Errorf("Uint32 ended at %d, want %d", got, want)
		}
	})
}
