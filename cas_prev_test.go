package atomicfence

import (
	"sync"
	"sync/atomic"
	"testing"
)

// A failed compare-and-swap must return a value that differs from old: a
// caller's retry loop relies on it to make progress. On amd64 and in the
// fallback the value is a reload after the failed compare, so this runs the
// compare against a count that another goroutine keeps moving between old
// and other values.
func TestCompareAndSwapFailureNeverReturnsOld(t *testing.T) {
	cases := []struct {
		name string
		cas  func(c *Int32, old, new int32) (int32, bool)
	}{
		{"Relaxed", (*Int32).CompareAndSwapRelaxed},
		{"Acquire", (*Int32).CompareAndSwapAcquire},
		{"Release", (*Int32).CompareAndSwapRelease},
		{"Full", (*Int32).CompareAndSwapFull},
	}
	rounds := scaled(200000, 20)
	eachPath(t, func(t *testing.T) {
		for _, tc := range cases {
			var c Int32
			var stop atomic.Bool
			var wg sync.WaitGroup
			started := make(chan struct{})
			wg.Add(1)
			go func() {
				defer wg.Done()
				c.StoreRelaxed(1)
				close(started)
				for v := int32(0); !stop.Load(); v = (v + 1) % 3 {
					c.StoreRelaxed(v)
				}
			}()
			<-started
			var failures, swaps int
			for range rounds {
				prev, ok := tc.cas(&c, 0, 7)
				switch {
				case ok && prev != 0:
					t.Errorf("%s: swapped but returned prev %d, want 0", tc.name, prev)
				case ok:
					swaps++
				case prev == 0:
					t.Errorf("%s: failed but returned prev 0, the old value it compared with", tc.name)
				default:
					failures++
				}
			}
			stop.Store(true)
			wg.Wait()
			if failures == 0 {
				t.Errorf("%s: no compare failed in %d rounds: the test raced with nothing", tc.name, rounds)
			}
			t.Logf("%s: %d swaps, %d failures", tc.name, swaps, failures)
		}
	})
}
