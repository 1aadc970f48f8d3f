package atomicfence

import "runtime"

// The fences that go with a read-modify-write or a store, and the
// conditional acquire load: smp_mb__before_atomic, smp_mb__after_atomic,
// smp_store_mb and smp_cond_load_acquire.

// MbBeforeAtomic makes the read-modify-write that follows it fully ordered
// against every earlier access, whatever ordering that operation names
// (smp_mb__before_atomic). arm64: DMB ISH. amd64: no instruction and no
// call, since every read-modify-write there is a LOCKed instruction, which
// is a full barrier already; it is a compiler barrier, Linux's barrier(),
// which keeps the compiler from moving accesses across it. It orders
// nothing for a plain load or store.
func MbBeforeAtomic() { mbBeforeAtomic() }

// MbAfterAtomic makes the read-modify-write before it fully ordered
// against every later access (smp_mb__after_atomic). arm64: DMB ISH.
// amd64: no instruction and no call, as MbBeforeAtomic.
func MbAfterAtomic() { mbAfterAtomic() }

// condLoadSpins is how many times CondLoadAcquire spins with the CPU's
// pause hint between two yields of the processor to other goroutines.
const condLoadSpins = 64

// spin pauses one round of a wait loop: the CPU's spin-wait hint (PAUSE on
// amd64, YIELD on arm64) and, every condLoadSpins rounds, runtime.Gosched,
// so that a goroutine waiting for another one cannot keep it from running
// when both share a P (GOMAXPROCS=1).
func spin(i int) {
	spinPause()
	if i%condLoadSpins == condLoadSpins-1 {
		runtime.Gosched()
	}
}

// StoreMb sets the value and then orders the store before every later
// load and store of the caller (smp_store_mb): amd64 XCHG, arm64 STR then
// DMB ISH. It is the store of the store-buffering pattern, where a later
// load must not pass it.
func (c *Int32) StoreMb(v int32) { storeMb32(&c.v, v) }

// StoreMb sets the value and then orders it before every later access
// (smp_store_mb); see Int32.StoreMb.
func (c *Uint32) StoreMb(v uint32) { storeMb32(c.w32(), int32(v)) }

// StoreMb sets the value and then orders it before every later access
// (smp_store_mb); see Int32.StoreMb.
func (c *Int64) StoreMb(v int64) { storeMb64(&c.v, v) }

// StoreMb sets the value and then orders it before every later access
// (smp_store_mb); see Int32.StoreMb.
func (c *Uint64) StoreMb(v uint64) { storeMb64(c.w64(), int64(v)) }

// StoreMb sets the value and then orders it before every later access
// (smp_store_mb); see Int32.StoreMb.
func (c *Uintptr) StoreMb(v uintptr) {
	if ptr64 {
		storeMb64(c.w64(), int64(v))
		return
	}
	storeMb32(c.w32(), int32(v))
}

// StoreMb sets the flag and then orders it before every later access
// (smp_store_mb); see Int32.StoreMb.
func (b *Bool) StoreMb(v bool) { storeMb32(&b.v, b32(v)) }

// nilCond is the panic of a CondLoadAcquire given no condition.
const nilCond = "atomicfence: CondLoadAcquire with a nil cond"

// CondLoadAcquire waits until cond holds for the value and returns that
// value; the load that returned it is an acquire (smp_cond_load_acquire).
// It loads with LoadAcquire, as arm64 Linux does, and between two loads
// spins with the CPU's pause hint (PAUSE, YIELD), yielding the processor
// to other goroutines every 64 rounds. cond must be cheap and free of side
// effects; it runs once per load. It panics if cond is nil.
func (c *Int32) CondLoadAcquire(cond func(int32) bool) int32 {
	if cond == nil {
		panic(nilCond)
	}
	for i := 0; ; i++ {
		if v := c.LoadAcquire(); cond(v) {
			return v
		}
		spin(i)
	}
}

// CondLoadAcquire waits until cond holds for the value and returns it,
// as Int32.CondLoadAcquire: the load that returned it is an acquire
// (smp_cond_load_acquire).
func (c *Uint32) CondLoadAcquire(cond func(uint32) bool) uint32 {
	if cond == nil {
		panic(nilCond)
	}
	for i := 0; ; i++ {
		if v := c.LoadAcquire(); cond(v) {
			return v
		}
		spin(i)
	}
}

// CondLoadAcquire waits until cond holds for the value and returns it,
// as Int32.CondLoadAcquire: the load that returned it is an acquire
// (smp_cond_load_acquire).
func (c *Int64) CondLoadAcquire(cond func(int64) bool) int64 {
	if cond == nil {
		panic(nilCond)
	}
	for i := 0; ; i++ {
		if v := c.LoadAcquire(); cond(v) {
			return v
		}
		spin(i)
	}
}

// CondLoadAcquire waits until cond holds for the value and returns it,
// as Int32.CondLoadAcquire: the load that returned it is an acquire
// (smp_cond_load_acquire).
func (c *Uint64) CondLoadAcquire(cond func(uint64) bool) uint64 {
	if cond == nil {
		panic(nilCond)
	}
	for i := 0; ; i++ {
		if v := c.LoadAcquire(); cond(v) {
			return v
		}
		spin(i)
	}
}

// CondLoadAcquire waits until cond holds for the value and returns it,
// as Int32.CondLoadAcquire: the load that returned it is an acquire
// (smp_cond_load_acquire).
func (c *Uintptr) CondLoadAcquire(cond func(uintptr) bool) uintptr {
	if cond == nil {
		panic(nilCond)
	}
	for i := 0; ; i++ {
		if v := c.LoadAcquire(); cond(v) {
			return v
		}
		spin(i)
	}
}

// WaitAcquire waits until the flag is v, and its last load is an acquire
// (smp_cond_load_acquire(&flag, VAL == v)).
func (b *Bool) WaitAcquire(v bool) {
	for i := 0; b.LoadAcquire() != v; i++ {
		spin(i)
	}
}
