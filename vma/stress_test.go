package vma

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The stress test: readers look addresses up in two MMs that share a
// Cache and check, under the read lock, an invariant over several words of
// the VMA's payload; writers break that invariant and restore it only
// inside their write sessions, with the VMA write-locked, and between the
// words they yield. Writers also map, unmap, split and resize, so objects
// are recycled between the MMs while stale readers hold them. A broken
// lock shows up as a reader that sees the invariant broken and, under the
// race detector, as a race on the payload's plain words.

const (
	stressPage    = 0x1000
	stressSlot    = 0x10 * stressPage // VMAs stay inside their slot
	stressSlots   = 8
	stressAddrEnd = stressSlots * stressSlot
)

// stressPayload is the guarded data: check must equal mix(gen, start,
// end), and start and end must be the VMA's range.
type stressPayload interface {
	// write moves the payload to a new generation and range, a word at a
	// time with yields between: in the middle, the invariant is broken.
	write(start, end uint64)
	// words reads the four words, one at a time.
	words() (gen, start, end, check uint64)
}

// plainPayload keeps its words in plain fields, for the runs whose lock is
// correct: the race detector then checks that the lock orders every
// writer's access before every reader's, and reports any it does not.
type plainPayload struct{ gen, start, end, check uint64 }

func (p *plainPayload) write(start, end uint64) {
	p.gen++
	runtime.Gosched()
	p.start, p.end = start, end
	runtime.Gosched()
	p.check = mix(p.gen, start, end)
}

func (p *plainPayload) words() (gen, start, end, check uint64) {
	return p.gen, p.start, p.end, p.check
}

// atomicPayload keeps its words in atomics, for the run with a broken
// lock, whose readers race with the writers by design: on plain words the
// race detector would end that run before the invariant check reports it.
type atomicPayload struct{ gen, start, end, check atomic.Uint64 }

func (p *atomicPayload) write(start, end uint64) {
	gen := p.gen.Load() + 1
	p.gen.Store(gen)
	runtime.Gosched()
	p.start.Store(start)
	p.end.Store(end)
	runtime.Gosched()
	p.check.Store(mix(gen, start, end))
}

func (p *atomicPayload) words() (gen, start, end, check uint64) {
	return p.gen.Load(), p.start.Load(), p.end.Load(), p.check.Load()
}

func mix(gen, start, end uint64) uint64 { return gen*0x9e3779b97f4a7c15 ^ start ^ end<<1 }

// verify checks the invariant as a reader holding v read-locked sees it.
func verify(v *VMA, mm *MM, addr uint64) error {
	gen, start, end, check := v.Data.(stressPayload).words()
	switch {
	case v.mm != mm:
		return fmt.Errorf("locked a VMA of another MM for address %#x", addr)
	case !v.covers(addr):
		return fmt.Errorf("locked [%#x, %#x) for address %#x", v.start, v.end, addr)
	case check != mix(gen, start, end):
		return fmt.Errorf("payload of [%#x, %#x) torn: generation %d, check %#x, want %#x", v.start, v.end, gen, check, mix(gen, start, end))
	case start != v.start || end != v.end:
		return fmt.Errorf("payload says [%#x, %#x), the VMA [%#x, %#x)", start, end, v.start, v.end)
	}
	return nil
}

// stressConfig is one run of the stress test.
type stressConfig struct {
	placement Placement
	// read read-locks the VMA that covers addr in mm, runs fn on it and
	// releases it; it reports whether the lock-free path did it.
	read      func(mm *MM, addr uint64, fn func(*VMA)) (lockFree bool)
	touchOnly bool // writers only rewrite payloads: no map, unmap, split or resize
	racy      bool // the lock is broken: payloads are atomicPayload, not plainPayload
	readers   int
	reads     int           // per reader, at least
	writes    int           // write sessions per writer, at least
	duration  time.Duration // a cap on top of the counts
	stopFirst bool          // stop at the first violation
}

// newPayload returns a payload of the run's kind for [start, end).
func (cfg stressConfig) newPayload(start, end uint64) stressPayload {
	var p stressPayload = &plainPayload{}
	if cfg.racy {
		p = &atomicPayload{}
	}
	p.write(start, end)
	return p
}

type stressResult struct {
	violations, lockFree, found, crossMoves, writes atomic.Int64
	firstErr                                        atomic.Pointer[error]
}

func (r *stressResult) violation(err error) {
	if r.violations.Add(1) == 1 {
		r.firstErr.Store(&err)
	}
}

// runStress runs readers and two writers, and fails t on a deadlock (the
// run outlives a generous bound) or a leaked count. Violations are
// returned for the caller to judge.
func runStress(t *testing.T, cfg stressConfig) *stressResult {
	cache := NewCacheFor(cfg.placement)
	mms := [2]*MM{NewMM(cache), NewMM(cache)}
	res := &stressResult{}
	var owners sync.Map // object → the MM that mapped it last
	for i, mm := range mms {
		for s := range uint64(stressSlots) {
			if (s+uint64(i))%2 == 0 {
				start := s * stressSlot
				v := mustMap(mm, start, start+4*stressPage, nil)
				v.Data = cfg.newPayload(v.start, v.end)
				owners.Store(v, mm)
			}
		}
	}

	// Everyone runs until every reader has done its reads and every
	// writer its sessions, so that readers and writers overlap to the end,
	// or until the time cap.
	var stop atomic.Bool
	halted, haltOnce := make(chan struct{}), sync.Once{}
	halt := func() { haltOnce.Do(func() { stop.Store(true); close(halted) }) }
	var running, quota sync.WaitGroup
	for r := range cfg.readers {
		running.Add(1)
		quota.Add(1)
		go func() {
			defer running.Done()
			rng := rand.New(rand.NewPCG(uint64(r), 1))
			for i := 0; !stop.Load(); i++ {
				if i == cfg.reads {
					quota.Done()
				}
				mm := mms[rng.IntN(2)]
				addr := rng.Uint64N(stressAddrEnd)
				lockFree := cfg.read(mm, addr, func(v *VMA) {
					res.found.Add(1)
					if err := verify(v, mm, addr); err != nil {
						res.violation(err)
						if cfg.stopFirst {
							halt()
						}
					}
				})
				if lockFree {
					res.lockFree.Add(1)
				}
			}
		}()
	}
	var writerErr atomic.Pointer[error]
	for i, mm := range mms {
		running.Add(1)
		quota.Add(1)
		go func() {
			defer running.Done()
			defer func() {
				if p := recover(); p != nil {
					err := fmt.Errorf("writer %d: %v", i, p)
					writerErr.Store(&err)
					halt()
				}
			}()
			rng := rand.New(rand.NewPCG(uint64(i), 2))
			for n := 0; !stop.Load(); n++ {
				if n == cfg.writes {
					quota.Done()
				}
				mm.MmapWriteLock()
				stressWrite(mm, rng, cfg, &owners, res)
				if rng.IntN(4) == 0 {
					mm.MmapWriteDowngrade()
					mm.MmapReadUnlock()
				} else {
					mm.MmapWriteUnlock()
				}
				res.writes.Add(1)
			}
		}()
	}

	quotaMet := make(chan struct{})
	go func() {
		quota.Wait()
		close(quotaMet)
	}()
	select {
	case <-quotaMet:
	case <-halted:
	case <-time.After(cfg.duration):
	}
	halt()
	finished := make(chan struct{})
	go func() {
		running.Wait()
		close(finished)
	}()
	select {
	case <-finished:
	case <-time.After(3 * time.Minute):
		buf := make([]byte, 1<<20)
		t.Fatalf("deadlock: the stress run did not end\n%s", buf[:runtime.Stack(buf, true)])
	}
	if p := writerErr.Load(); p != nil {
		t.Fatal(*p)
	}
	for _, mm := range mms {
		if mm.writerWait.waiting.LoadRelaxed() != 0 {
			t.Error("a writer is still registered as waiting")
		}
		// Every release is over: each wake-up owed has been done, or
		// Close would wait for it forever.
		if owed, done := mm.wakesOwed, mm.wakesDone.Load(); owed != done {
			t.Fatalf("%d wake-ups owed to a writer, %d done", owed, done)
		}
		mm.Close()
	}
	checkNoLeak(t, cache)
	return res
}

// cancelled is a context that is done already.
var cancelled = func() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}()

// stressWrite does one random writer operation in mm's write session.
func stressWrite(mm *MM, rng *rand.Rand, cfg stressConfig, owners *sync.Map, res *stressResult) {
	var vs []*VMA
	for v := range mm.VMAs() {
		vs = append(vs, v)
	}
	var v *VMA
	if len(vs) > 0 {
		v = vs[rng.IntN(len(vs))]
	}
	op := 0 // touch
	if !cfg.touchOnly {
		op = rng.IntN(8)
	}
	slotRange := func(slot uint64) (uint64, uint64) {
		a, b := rng.Uint64N(16), rng.Uint64N(16)
		if a > b {
			a, b = b, a
		}
		return slot + a*stressPage, slot + (b+1)*stressPage
	}
	switch {
	case op == 1 || op == 2 || v == nil: // map, in an empty slot if there is one
		slot := rng.Uint64N(stressSlots) * stressSlot
		for i := range uint64(stressSlots) {
			if s := (slot + i*stressSlot) % stressAddrEnd; len(mm.snap.Load().overlapping(s, s+stressSlot)) == 0 {
				slot = s
				break
			}
		}
		start, end := slotRange(slot)
		n, err := mm.Map(start, end, nil)
		if errors.Is(err, ErrOverlap) {
			return
		} else if err != nil {
			panic(err)
		}
		n.Data = cfg.newPayload(start, end)
		if prev, ok := owners.Swap(n, mm); ok && prev != mm {
			res.crossMoves.Add(1)
		}
	case op == 3: // unmap a whole VMA
		if err := mm.Unmap(v.start, v.end); err != nil {
			panic(err)
		}
	case op == 4: // unmap a part of a slot
		start, end := slotRange(v.start / stressSlot * stressSlot)
		if err := mm.Unmap(start, end); err != nil {
			panic(err)
		}
		for w := range mm.VMAs() { // the parts that a split left
			if _, start, end, _ := w.Data.(stressPayload).words(); start != w.start || end != w.end {
				w.Data = cfg.newPayload(w.start, w.end)
			}
		}
	case op == 5: // resize within the slot
		start, end := slotRange(v.start / stressSlot * stressSlot)
		if err := mm.Resize(v, start, end); errors.Is(err, ErrOverlap) {
			return
		} else if err != nil {
			panic(err)
		}
		v.Data.(stressPayload).write(start, end)
	case op == 6 && v.end-v.start >= 2*stressPage: // split
		at := v.start + (1+rng.Uint64N((v.end-v.start)/stressPage-1))*stressPage
		n, err := mm.Split(v, at)
		if err != nil {
			panic(err)
		}
		n.Data = cfg.newPayload(n.start, n.end)
		v.Data.(stressPayload).write(v.start, v.end)
	case op == 7: // a killable writer that is killed: it gives up if readers are in
		if v.StartWriteContext(cancelled) == nil {
			v.Data.(stressPayload).write(v.start, v.end)
		}
	default: // touch
		v.StartWrite()
		v.Data.(stressPayload).write(v.start, v.end)
	}
}

// checkNoLeak requires every object the cache made to be back in it,
// detached, with no reader left on its count or its rw-semaphore, and, in
// a fetch-add Cache, no writer registered on its own wait.
func checkNoLeak(t *testing.T, c *Cache) {
	t.Helper()
	if len(c.free) != c.created {
		t.Errorf("%d of the %d objects made are back in the cache", len(c.free), c.created)
	}
	detached := int32(0)
	if c.faCount {
		detached = faBase + faDetached
	}
	for _, v := range c.free {
		if v.RefCount() != detached {
			t.Errorf("freed object with count %#x, want %#x", v.RefCount(), detached)
		}
		if v.wq != nil && v.wq.waiting.LoadRelaxed() != 0 {
			t.Error("a writer is still registered as waiting on a freed object")
		}
		if v.rw != nil && v.rw.count.LoadRelaxed() != 0 {
			t.Errorf("freed object with rw-semaphore count %#x", v.rw.count.LoadRelaxed())
		}
	}
}

// placementRead reads through FaultWith, the fast path with its fallback.
func placementRead(p Placement) func(*MM, uint64, func(*VMA)) bool {
	return func(mm *MM, addr uint64, fn func(*VMA)) bool {
		if v := mm.LockVMAWith(addr, p); v != nil {
			fn(v)
			v.EndReadWith(p)
			return true
		}
		mm.FaultWith(addr, p, fn)
		return false
	}
}

func stressScale() (reads, writes int, duration time.Duration) {
	if testing.Short() {
		return 3000, 1000, 10 * time.Second
	}
	return 40000, 5000, 20 * time.Second
}

func TestStress(t *testing.T) {
	placements := []Placement{PlacementAcquire, PlacementRelaxedRmb, PlacementSeqCst, PlacementRWSem, PlacementFetchAdd}
	if runtime.GOARCH == "amd64" || runtime.GOARCH == "386" {
		// Safe only where loads are not reordered with older loads; on
		// qemu the host's order hides the difference, on real arm64 it
		// would not.
		placements = append(placements, PlacementRelaxed)
	}
	reads, writes, duration := stressScale()
	for _, p := range placements {
		t.Run(p.String(), func(t *testing.T) {
			res := runStress(t, stressConfig{
				placement: p,
				read:      placementRead(p),
				readers:   4,
				reads:     reads,
				writes:    writes,
				duration:  duration,
			})
			t.Logf("%d reads found a VMA, %d of them without the mmap lock; %d write sessions; %d objects moved between the MMs",
				res.found.Load(), res.lockFree.Load(), res.writes.Load(), res.crossMoves.Load())
			if n := res.violations.Load(); n != 0 {
				t.Fatalf("%d invariant violations; the first: %v", n, *res.firstErr.Load())
			}
			if res.lockFree.Load() == 0 || res.writes.Load() == 0 {
				t.Fatal("the run did no lock-free read or no write: it tested nothing")
			}
			if res.crossMoves.Load() == 0 {
				t.Fatal("no object moved between the MMs")
			}
		})
	}
}

// TestStressCatchesBrokenLock runs the stress test with a reader that
// skips the vm_lock_seq recheck (step 4): it must report a violation. The
// reader yields between its early check and its increment, as a preemption
// would, so that a writer can lock the VMA in that window. Its readers race
// with the writers by design, so that the race detector does not end the
// run before the invariant check reports: the payload words are atomic,
// and the writers only rewrite payloads, leaving the VMAs' own fields
// alone. It runs with the count-based reader and with the fetch-add one,
// each in an MM of its own Cache.
func TestStressCatchesBrokenLock(t *testing.T) {
	reads, writes, duration := stressScale()
	broken := bugs{noRecheck: true, yieldBeforeIncrement: true}
	for _, p := range []Placement{PlacementAcquire, PlacementFetchAdd} {
		lock := broken.lockVMA
		if p == PlacementFetchAdd {
			lock = lockFetchAddNoRecheck
		}
		t.Run(p.String(), func(t *testing.T) {
			res := runStress(t, stressConfig{
				placement: p,
				read: func(mm *MM, addr uint64, fn func(*VMA)) bool {
					if v := lock(mm, addr); v != nil {
						fn(v)
						v.EndReadWith(p)
						return true
					}
					mm.faultLocked(addr, fn)
					return false
				},
				touchOnly: true,
				racy:      true,
				readers:   4,
				reads:     100 * reads,
				writes:    100 * writes,
				duration:  duration,
				stopFirst: true,
			})
			if res.violations.Load() == 0 {
				t.Fatalf("a lock without the vm_lock_seq recheck passed %d lock-free reads: the stress test does not catch it", res.lockFree.Load())
			}
			t.Logf("caught after %d lock-free reads: %v", res.lockFree.Load(), *res.firstErr.Load())
		})
	}
}

// lockFetchAddNoRecheck is LockVMAWith(addr, PlacementFetchAdd) broken as
// the stress test's broken lock is: it yields between the early check and
// the fetch-add, and keeps the increment without the vm_lock_seq recheck.
// It gives up on a VMA it does not find attached, as LockVMAWith does on a
// busy one, and leaves the rest to the mmap lock.
func lockFetchAddNoRecheck(mm *MM, addr uint64) *VMA {
	v := mm.snap.Load().find(addr)
	if v == nil || v.lockSeq.LoadRelaxed() == mm.lockSeq.LoadRelaxed() {
		return nil
	}
	runtime.Gosched()
	if old := faCount(v.refcnt.FetchAddAcquire(1)); old-1 >= faRefLimit-1 {
		v.EndReadWith(PlacementFetchAdd)
		return nil
	}
	if v.mm != mm || !v.covers(addr) {
		v.EndReadWith(PlacementFetchAdd)
		return nil
	}
	return v
}
