package atomicfence

import (
	"runtime"
	"sync"
	"testing"
)

// paddedInt32 keeps each shared word on its own cache line, so that the
// tests below see the hardware's reordering rather than false sharing.
type paddedInt32 struct {
	Int32
	_ [60]byte
}

// storeBuffering runs the SB litmus shape for rounds rounds: in round i one
// goroutine stores i to x, runs fence and loads y, the other stores i to y,
// runs fence and loads x. If both loads miss round i's stores, each load was
// performed before the other goroutine's store, which a full fence
// forbids and which x86 and arm64 both show without one. Each goroutine
// waits for the other to finish the previous round, so that they meet.
func storeBuffering(rounds int, fence func(self *Int32)) (reordered int) {
	var x, y, fx, fy paddedInt32
	r1, r2 := make([]int32, rounds+1), make([]int32, rounds+1)
	side := func(mine, theirs *Int32, scratch *Int32, seen []int32) {
		for i := int32(1); i <= int32(rounds); i++ {
			for spin := 0; theirs.LoadRelaxed() < i-1; spin++ {
				if spin&0xff == 0xff {
					runtime.Gosched()
				}
			}
			mine.StoreRelaxed(i)
			fence(scratch)
			seen[i] = theirs.LoadRelaxed()
		}
	}
	var wg sync.WaitGroup
	wg.Go(func() { side(&x.Int32, &y.Int32, &fx.Int32, r1) })
	wg.Go(func() { side(&y.Int32, &x.Int32, &fy.Int32, r2) })
	wg.Wait()
	for i := int32(1); i <= int32(rounds); i++ {
		if r1[i] < i && r2[i] < i {
			reordered++
		}
	}
	return reordered
}

// Every full fence, and every fully ordered read-modify-write used as one,
// forbids the store-buffering outcome.
func TestFullFencesForbidStoreBuffering(t *testing.T) {
	fences := []struct {
		name  string
		fence func(self *Int32)
	}{
		{"Mb", func(*Int32) { Mb() }},
		{"MandatoryMb", func(*Int32) { MandatoryMb() }},
		{"FetchAddFull", func(s *Int32) { s.FetchAddFull(1) }},
		{"CompareAndSwapFull", func(s *Int32) { v := s.LoadRelaxed(); s.CompareAndSwapFull(v, v+1) }},
	}
	rounds := scaled(200000, 20)
	eachPath(t, func(t *testing.T) {
		for _, f := range fences {
			if n := storeBuffering(rounds, f.fence); n != 0 {
				t.Errorf("%s: %d of %d rounds had both loads miss the other side's store", f.name, n, rounds)
			}
		}
	})
}

// messagePassing runs the MP litmus shape: the writer stores i to data and
// then i to flag, with writeOrder between; the reader loads flag and then
// data, with readOrder between (each may be the access itself). A reader
// that sees flag i must see data i or later. x86 never reorders either
// pair; on arm64 hardware a missing barrier lets the reader see stale data.
func messagePassing(rounds int, store func(flag *Int32, v int32), load func(flag *Int32) int32, wfence, rfence func()) (stale int) {
	var data, flag paddedInt32
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := int32(1); i <= int32(rounds); i++ {
			data.StoreRelaxed(i)
			wfence()
			store(&flag.Int32, i)
		}
	})
	for {
		f := load(&flag.Int32)
		rfence()
		if d := data.LoadRelaxed(); d < f {
			stale++
		}
		if f == int32(rounds) {
			break
		}
	}
	wg.Wait()
	return stale
}

func TestOrderingsForbidStaleMessages(t *testing.T) {
	none := func() {}
	tests := []struct {
		name           string
		store          func(*Int32, int32)
		load           func(*Int32) int32
		wfence, rfence func()
	}{
		{"StoreRelease/LoadAcquire", (*Int32).StoreRelease, (*Int32).LoadAcquire, none, none},
		{"Wmb/Rmb", (*Int32).StoreRelaxed, (*Int32).LoadRelaxed, Wmb, Rmb},
		{"MandatoryWmb/MandatoryRmb", (*Int32).StoreRelaxed, (*Int32).LoadRelaxed, MandatoryWmb, MandatoryRmb},
		{"FetchAddRelease/FetchAddAcquire",
			func(f *Int32, v int32) { f.FetchAddRelease(v - f.LoadRelaxed()) },
			func(f *Int32) int32 { return f.FetchAddAcquire(0) }, none, none},
		{"CompareAndSwapRelease/CompareAndSwapAcquire",
			func(f *Int32, v int32) { f.CompareAndSwapRelease(v-1, v) },
			casAcquireLoad, none, none},
		{"Mb/Mb", (*Int32).StoreRelaxed, (*Int32).LoadRelaxed, Mb, Mb},
	}
	rounds := scaled(200000, 20)
	eachPath(t, func(t *testing.T) {
		for _, tt := range tests {
			if n := messagePassing(rounds, tt.store, tt.load, tt.wfence, tt.rfence); n != 0 {
				t.Errorf("%s: the reader saw the flag before the data %d times", tt.name, n)
			}
		}
	})
}

// casAcquireLoad reads the value with a compare-and-swap that succeeds, since
// only a successful CompareAndSwapAcquire promises acquire ordering.
func casAcquireLoad(f *Int32) int32 {
	for {
		v := f.LoadRelaxed()
		if _, ok := f.CompareAndSwapAcquire(v, v); ok {
			return v
		}
	}
}
