package atomicfence

import (
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
)

func TestStoreMb(t *testing.T) {
	var (
		a Int32
		b Uint32
		c Int64
		d Uint64
		e Uintptr
		f Bool
	)
	a.StoreMb(-7)
	b.StoreMb(1 << 31)
	c.StoreMb(-1 << 40)
	d.StoreMb(1 << 63)
	e.StoreMb(^uintptr(0))
	f.StoreMb(true)
	if a.LoadRelaxed() != -7 || b.LoadRelaxed() != 1<<31 || c.LoadRelaxed() != -1<<40 || d.LoadRelaxed() != 1<<63 ||
		e.LoadRelaxed() != ^uintptr(0) || !f.LoadRelaxed() {
		t.Fatal("StoreMb did not store")
	}
	// StoreMb stores the value given, whatever it is: an odd Uint32, false.
	b.StoreMb(1<<31 | 5)
	f.StoreMb(false)
	if b.LoadRelaxed() != 1<<31|5 || f.LoadRelaxed() {
		t.Fatal("StoreMb did not store an odd Uint32 or false")
	}
	MbBeforeAtomic()
	a.FetchAddRelaxed(1)
	MbAfterAtomic()
	if a.LoadRelaxed() != -6 {
		t.Fatal("FetchAddRelaxed between the barriers")
	}
}

// TestStoreMbStoreBuffering runs the store-buffering shape with StoreMb on
// both sides: each goroutine stores its flag and loads the other's, and
// both loads must not see 0. It is a smoke test: goroutines started per
// iteration overlap too rarely to catch a StoreMb that were a plain MOV on
// amd64 in every run (fencelab stress's SB+mb pins threads for that), and
// under qemu it shows nothing.
func TestStoreMbStoreBuffering(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("needs two Ps")
	}
	n := scaled(20000, 20)
	var x, y Int32
	var r1, r2 int32
	var start, done sync.WaitGroup
	for i := range n {
		x.StoreRelaxed(0)
		y.StoreRelaxed(0)
		var go1 Bool
		start.Add(2)
		done.Add(2)
		go func() {
			defer done.Done()
			start.Done()
			go1.WaitAcquire(true)
			x.StoreMb(1)
			r1 = y.LoadRelaxed()
		}()
		go func() {
			defer done.Done()
			start.Done()
			go1.WaitAcquire(true)
			y.StoreMb(1)
			r2 = x.LoadRelaxed()
		}()
		start.Wait()
		go1.StoreRelease(true)
		done.Wait()
		if r1 == 0 && r2 == 0 {
			t.Fatalf("iteration %d: both loads passed the other goroutine's StoreMb", i)
		}
	}
}

// TestCondLoadAcquire publishes data with a release store of a sequence
// number that a waiter reaches with CondLoadAcquire, on every integer type
// and the flag, also with GOMAXPROCS(1), where the waiter must yield for
// the writer to run at all.
func TestCondLoadAcquire(t *testing.T) {
	for _, procs := range []int{1, runtime.GOMAXPROCS(0)} {
		prev := runtime.GOMAXPROCS(procs)
		var (
			a    Int32
			b    Uint32
			c    Int64
			d    Uint64
			e    Uintptr
			f    Bool
			data [6]int
		)
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			data[0] = 1
			a.StoreRelease(3)
			data[1] = 2
			b.StoreRelease(3)
			data[2] = 3
			c.StoreRelease(1 << 40)
			data[3] = 4
			d.StoreRelease(1 << 63)
			data[4] = 5
			e.StoreRelease(9)
			data[5] = 6
			f.StoreRelease(true)
		}()
		if v := a.CondLoadAcquire(func(v int32) bool { return v >= 3 }); v != 3 || data[0] != 1 {
			t.Errorf("Int32: %d, data %d", v, data[0])
		}
		if v := b.CondLoadAcquire(func(v uint32) bool { return v != 0 }); v != 3 || data[1] != 2 {
			t.Errorf("Uint32: %d, data %d", v, data[1])
		}
		if v := c.CondLoadAcquire(func(v int64) bool { return v > 1<<32 }); v != 1<<40 || data[2] != 3 {
			t.Errorf("Int64: %d, data %d", v, data[2])
		}
		if v := d.CondLoadAcquire(func(v uint64) bool { return v != 0 }); v != 1<<63 || data[3] != 4 {
			t.Errorf("Uint64: %d, data %d", v, data[3])
		}
		if v := e.CondLoadAcquire(func(v uintptr) bool { return v == 9 }); v != 9 || data[4] != 5 {
			t.Errorf("Uintptr: %d, data %d", v, data[4])
		}
		f.WaitAcquire(true)
		if data[5] != 6 {
			t.Errorf("Bool: data %d", data[5])
		}
		wg.Wait()
		runtime.GOMAXPROCS(prev)
	}
}

// TestNilFuncsPanicNamingTheMethod: CondLoadAcquire and every FetchUpdate
// given a nil function panic with a message that names the method, and
// leave the word as it was, on every integer type.
func TestNilFuncsPanicNamingTheMethod(t *testing.T) {
	for _, w := range []any{new(Int32), new(Uint32), new(Int64), new(Uint64), new(Uintptr)} {
		rv := reflect.ValueOf(w)
		store, load := rv.MethodByName("StoreRelaxed"), rv.MethodByName("LoadRelaxed")
		store.Call([]reflect.Value{reflect.ValueOf(7).Convert(store.Type().In(0))})
		checked := 0
		for i := 0; i < rv.NumMethod(); i++ {
			m := rv.Type().Method(i)
			if m.Name != "CondLoadAcquire" && !strings.HasPrefix(m.Name, "FetchUpdate") {
				continue
			}
			name := rv.Type().Elem().Name() + "." + m.Name
			checked++
			var p any
			func() {
				defer func() { p = recover() }()
				rv.Method(i).Call([]reflect.Value{reflect.Zero(m.Type.In(1))})
			}()
			if msg, _ := p.(string); !strings.Contains(msg, m.Name+" with a nil") {
				t.Errorf("%s(nil): panic %v, want one that names %s", name, p, m.Name)
			}
			if got := load.Call(nil)[0].Convert(reflect.TypeOf(int64(0))).Int(); got != 7 {
				t.Errorf("%s(nil) left the word at %d, want 7", name, got)
			}
		}
		if checked != 5 {
			t.Errorf("%T: %d methods checked, want 5 (CondLoadAcquire and FetchUpdate in four orderings)", w, checked)
		}
	}
}
