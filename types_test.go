package atomicfence

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"unsafe"
)

// integer is the value type of the integer words.
type integer interface {
	~int32 | ~uint32 | ~int64 | ~uint64 | ~uintptr
}

// named is one method of a table.
type named[F any] struct {
	name string
	f    F
}

// opTable lists the methods of one integer type W of values V by kind, in
// every ordering (ops_gen_test.go, written by gen_ops.go).
type opTable[W any, V integer] struct {
	name    string
	loads   []named[func(*W) V]
	stores  []named[func(*W, V)]
	rmws    []named[func(*W, V) V] // the name's prefix says which (modelRMW)
	cases   []named[func(*W, V, V) (V, bool)]
	updates []named[func(*W, func(V) (V, bool)) (V, bool)]
}

// modelRMW is what the read-modify-write op (a method name) returns and
// leaves when it finds old and is given v. FetchMax and FetchMin compare as
// V does, signed or unsigned.
func modelRMW[V integer](op string, old, v V) (ret, new V) {
	switch {
	case strings.HasPrefix(op, "Swap"):
		return old, v
	case strings.HasPrefix(op, "FetchAdd"):
		return old, old + v
	case strings.HasPrefix(op, "AddReturn"):
		return old + v, old + v
	case strings.HasPrefix(op, "FetchAndNot"):
		return old, old &^ v
	case strings.HasPrefix(op, "FetchAnd"):
		return old, old & v
	case strings.HasPrefix(op, "FetchOr"):
		return old, old | v
	case strings.HasPrefix(op, "FetchXor"):
		return old, old ^ v
	case strings.HasPrefix(op, "FetchMax"):
		return old, max(old, v)
	case strings.HasPrefix(op, "FetchMin"):
		return old, min(old, v)
	}
	panic("no model for " + op)
}

// edges are the values where signed and unsigned comparison, wrapping and
// the upper half of a 64-bit word show: each is converted to V, so that a
// 32-bit V gets its own low half.
func edges[V integer]() []V {
	bits := unsafe.Sizeof(V(0)) * 8
	top := V(1) << (bits - 1) // the sign bit
	vals := []V{0, 1, 2, 3, top, top - 1, top + 1, ^V(0), ^V(0) - 1, V(0x5555555555555555 & uint64(^V(0))), V(0xaaaaaaaaaaaaaaaa & uint64(^V(0)))}
	if bits == 64 {
		half := bits / 2
		vals = append(vals, V(1)<<half, V(1)<<half-1, ^(V(1)<<half - 1))
	}
	return vals
}

// checkTable runs every method of tab on every pair of edge values, on
// each code path of this build.
func checkTable[W any, V integer](t *testing.T, tab opTable[W, V]) {
	t.Helper()
	eachPath(t, func(t *testing.T) {
		w := new(W)
		set := tab.stores[0].f
		get := tab.loads[0].f
		vals := edges[V]()
		for _, old := range vals {
			for _, s := range tab.stores {
				s.f(w, old)
				for _, l := range tab.loads {
					if got := l.f(w); got != old {
						t.Fatalf("%s.%s after %s(%#x) = %#x", tab.name, l.name, s.name, old, got)
					}
				}
			}
			for _, v := range vals {
				for _, op := range tab.rmws {
					set(w, old)
					ret, want := modelRMW(op.name, old, v)
					if got := op.f(w, v); got != ret {
						t.Fatalf("%s(%#x).%s(%#x) = %#x, want %#x", tab.name, old, op.name, v, got, ret)
					}
					if got := get(w); got != want {
						t.Fatalf("%s(%#x).%s(%#x) left %#x, want %#x", tab.name, old, op.name, v, got, want)
					}
				}
				for _, c := range tab.cases {
					for _, expect := range []V{old, v} {
						set(w, old)
						prev, ok := c.f(w, expect, v)
						wantOK := expect == old
						wantLeft := old
						if wantOK {
							wantLeft = v
						}
						if prev != old || ok != wantOK || get(w) != wantLeft {
							t.Fatalf("%s(%#x).%s(%#x, %#x) = %#x, %v, left %#x; want %#x, %v, left %#x",
								tab.name, old, c.name, expect, v, prev, ok, get(w), old, wantOK, wantLeft)
						}
					}
				}
			}
		}
		for _, u := range tab.updates {
			checkUpdate(t, tab, u, w)
		}
	})
}

// checkUpdate checks FetchUpdate*: an accepted update, a refusal, and a
// retry forced by a store made from within f on its first call, after
// which f must see the stored value.
func checkUpdate[W any, V integer](t *testing.T, tab opTable[W, V], u named[func(*W, func(V) (V, bool)) (V, bool)], w *W) {
	t.Helper()
	set, get := tab.stores[0].f, tab.loads[0].f
	set(w, 5)
	if old, ok := u.f(w, func(x V) (V, bool) { return x * 3, true }); old != 5 || !ok || get(w) != 15 {
		t.Fatalf("%s.%s(x*3) from 5 = %d, %v, left %d", tab.name, u.name, old, ok, get(w))
	}
	if old, ok := u.f(w, func(x V) (V, bool) { return 0, false }); old != 15 || ok || get(w) != 15 {
		t.Fatalf("%s.%s refusing = %d, %v, left %d", tab.name, u.name, old, ok, get(w))
	}
	var seen []V
	old, ok := u.f(w, func(x V) (V, bool) {
		seen = append(seen, x)
		if len(seen) == 1 {
			set(w, 40) // another writer, between the read and the swap
		}
		return x + 1, true
	})
	if old != 40 || !ok || get(w) != 41 || len(seen) != 2 || seen[0] != 15 || seen[1] != 40 {
		t.Fatalf("%s.%s with a write in between = %d, %v, left %d, f saw %v; want 40, true, left 41, f saw [15 40]",
			tab.name, u.name, old, ok, get(w), seen)
	}
}

func TestInt32Table(t *testing.T)   { checkTable(t, int32Table()) }
func TestUint32Table(t *testing.T)  { checkTable(t, uint32Table()) }
func TestInt64Table(t *testing.T)   { checkTable(t, int64Table()) }
func TestUint64Table(t *testing.T)  { checkTable(t, uint64Table()) }
func TestUintptrTable(t *testing.T) { checkTable(t, uintptrTable()) }

// FuzzTypes runs a program of operations on one of the integer types
// (chosen by typ) and checks every result and the value left after each
// step against modelRMW and plain Go arithmetic. The seed corpus is the
// f.Add lines; go test -fuzz=FuzzTypes grows it.
func FuzzTypes(f *testing.F) {
	f.Add(uint8(0), int64(1), []byte{3, 5, 40, 0xe4, 41, 0xe5, 60, 2, 61})
	f.Add(uint8(1), int64(-1), []byte{10, 0xe6, 20, 0xe7, 30, 0x01, 70, 0xe0, 71})
	f.Add(uint8(2), int64(math.MinInt64), []byte{7, 0xe8, 33, 0xe9, 35, 0xea, 65, 0xeb, 66, 1})
	f.Add(uint8(3), int64(math.MaxInt64), []byte{8, 0xec, 34, 0xed, 36, 0xff, 1, 2, 3, 4, 5, 6, 7, 8, 42})
	f.Add(uint8(4), int64(1<<32), []byte{9, 0xe1, 37, 0xe2, 38, 0xe3, 72, 5, 73})
	f.Fuzz(func(t *testing.T, typ uint8, start int64, prog []byte) {
		for _, p := range implPaths() {
			restore := p.use()
			var err error
			switch typ % 5 {
			case 0:
				err = runTyped(int32Table(), start, prog)
			case 1:
				err = runTyped(uint32Table(), start, prog)
			case 2:
				err = runTyped(int64Table(), start, prog)
			case 3:
				err = runTyped(uint64Table(), start, prog)
			default:
				err = runTyped(uintptrTable(), start, prog)
			}
			restore()
			if err != nil {
				t.Fatalf("%s: %v", p.name, err)
			}
		}
	})
}

// typedArg decodes an operand: bytes below 0xe0 are small values, 0xe0 to
// 0xfe pick an edge value, 0xff takes the next 8 bytes raw.
func typedArg[V integer](p *program) V {
	b := p.next()
	switch {
	case b < 0xe0:
		return V(int64(b&0x1f) - 4)
	case b < 0xff:
		e := edges[V]()
		return e[int(b-0xe0)%len(e)]
	}
	var w [8]byte
	for i := range w {
		w[i] = p.next()
	}
	return V(binary.LittleEndian.Uint64(w[:]))
}

func runTyped[W any, V integer](tab opTable[W, V], start int64, prog []byte) error {
	w := new(W)
	m := V(start)
	tab.stores[0].f(w, m)
	p := program{b: prog}
	nLoad, nStore, nRMW, nCAS := len(tab.loads), len(tab.stores), len(tab.rmws), len(tab.cases)
	total := nLoad + nStore + nRMW + nCAS + len(tab.updates)
	for step := 0; len(p.b) > 0; step++ {
		code := p.next()
		op := int(code&0x7f) % total
		useCurrent := code&0x80 != 0
		var got, want string
		switch {
		case op < nLoad:
			got, want = fmt.Sprint(tab.loads[op].f(w)), fmt.Sprint(m)
		case op < nLoad+nStore:
			v := typedArg[V](&p)
			tab.stores[op-nLoad].f(w, v)
			m = v
		case op < nLoad+nStore+nRMW:
			r := tab.rmws[op-nLoad-nStore]
			v := typedArg[V](&p)
			ret, next := modelRMW(r.name, m, v)
			got, want = fmt.Sprint(r.name, r.f(w, v)), fmt.Sprint(r.name, ret)
			m = next
		case op < nLoad+nStore+nRMW+nCAS:
			c := tab.cases[op-nLoad-nStore-nRMW]
			old, new := typedArg[V](&p), typedArg[V](&p)
			if useCurrent {
				old = m
			}
			prev, ok := c.f(w, old, new)
			got, want = fmt.Sprint(c.name, prev, ok), fmt.Sprint(c.name, m, m == old)
			if m == old {
				m = new
			}
		default:
			u := tab.updates[op-nLoad-nStore-nRMW-nCAS]
			d := typedArg[V](&p)
			// Refuse odd values, add d to the others.
			f := func(x V) (V, bool) { return x + d, x&1 == 0 }
			old, ok := u.f(w, f)
			got, want = fmt.Sprint(u.name, old, ok), fmt.Sprint(u.name, m, m&1 == 0)
			if m&1 == 0 {
				m += d
			}
		}
		if got != want {
			return fmt.Errorf("%s step %d (op %d): got %s, want %s", tab.name, step, code, got, want)
		}
		if left := tab.loads[0].f(w); left != m {
			return fmt.Errorf("%s step %d (op %d): left %#x, want %#x", tab.name, step, code, left, m)
		}
	}
	return nil
}

// TestTypesConcurrent has goroutines hammer one word of each type with
// every read-modify-write in every ordering and checks what no
// interleaving may break: every increment counted once, each goroutine's
// own bit set and cleared only by it, the maximum and minimum of all
// values offered, and no token lost or duplicated by swaps.
func TestTypesConcurrent(t *testing.T) {
	eachPath(t, func(t *testing.T) {
		t.Run("Int32", func(t *testing.T) { checkConcurrent(t, int32Table()) })
		t.Run("Uint32", func(t *testing.T) { checkConcurrent(t, uint32Table()) })
		t.Run("Int64", func(t *testing.T) { checkConcurrent(t, int64Table()) })
		t.Run("Uint64", func(t *testing.T) { checkConcurrent(t, uint64Table()) })
		t.Run("Uintptr", func(t *testing.T) { checkConcurrent(t, uintptrTable()) })
	})
}

// rmwsNamed returns the methods of tab.rmws whose names start with prefix,
// one per ordering.
func rmwsNamed[W any, V integer](tab opTable[W, V], prefix string) []named[func(*W, V) V] {
	var out []named[func(*W, V) V]
	for _, r := range tab.rmws {
		if strings.HasPrefix(r.name, prefix) && !(prefix == "FetchAnd" && strings.HasPrefix(r.name, "FetchAndNot")) {
			out = append(out, r)
		}
	}
	return out
}

func checkConcurrent[W any, V integer](t *testing.T, tab opTable[W, V]) {
	const workers = 8
	n := scaled(2000, 10)
	var (
		count, bits, hi, lo, tok W
		wg                       sync.WaitGroup
		errs                     = make(chan error, workers)
		got                      = make([][]V, workers)
	)
	tab.stores[0].f(&lo, V(1)<<30) // above every value offered, signed or not
	tab.stores[0].f(&tok, V(1000)) // the first token, taken by one swap
	adds := append(rmwsNamed(tab, "FetchAdd"), rmwsNamed(tab, "AddReturn")...)
	ors, andNots, xors := rmwsNamed(tab, "FetchOr"), rmwsNamed(tab, "FetchAndNot"), rmwsNamed(tab, "FetchXor")
	maxes, mins, swaps := rmwsNamed(tab, "FetchMax"), rmwsNamed(tab, "FetchMin"), rmwsNamed(tab, "Swap")
	for g := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bit := V(1) << g
			for i := range n {
				adds[i%len(adds)].f(&count, 1)
				upd := tab.updates[i%len(tab.updates)]
				upd.f(&count, func(x V) (V, bool) { return x + 1, true })
				c := tab.cases[i%len(tab.cases)]
				for old := tab.loads[0].f(&count); ; {
					prev, ok := c.f(&count, old, old+1)
					if ok {
						break
					}
					old = prev
				}
				if old := ors[i%len(ors)].f(&bits, bit); old&bit != 0 {
					errs <- fmt.Errorf("%s: worker %d's bit was set before its FetchOr (%#x)", tab.name, g, old)
					return
				}
				if old := xors[i%len(xors)].f(&bits, bit); old&bit == 0 {
					errs <- fmt.Errorf("%s: worker %d's bit was clear before its FetchXor (%#x)", tab.name, g, old)
					return
				}
				ors[(i+1)%len(ors)].f(&bits, bit)
				if old := andNots[i%len(andNots)].f(&bits, bit); old&bit == 0 {
					errs <- fmt.Errorf("%s: worker %d's bit was clear before its FetchAndNot (%#x)", tab.name, g, old)
					return
				}
				v := V(g*n + i + 1)
				maxes[i%len(maxes)].f(&hi, v)
				mins[i%len(mins)].f(&lo, v)
				got[g] = append(got[g], swaps[i%len(swaps)].f(&tok, V(1001+g*n+i)))
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	get := tab.loads[0].f
	if c := get(&count); c != V(3*workers*n) {
		t.Errorf("%s: count %d after %d increments", tab.name, c, 3*workers*n)
	}
	if b := get(&bits); b != 0 {
		t.Errorf("%s: bits %#x left set", tab.name, b)
	}
	if h := get(&hi); h != V(workers*n) {
		t.Errorf("%s: FetchMax left %d, want %d", tab.name, h, workers*n)
	}
	if l := get(&lo); l != 1 {
		t.Errorf("%s: FetchMin left %d, want 1", tab.name, l)
	}
	seen := map[V]bool{get(&tok): true}
	for _, vs := range got {
		for _, v := range vs {
			if seen[v] {
				t.Fatalf("%s: token %d came out of a swap twice", tab.name, v)
			}
			seen[v] = true
		}
	}
	if len(seen) != workers*n+1 {
		t.Errorf("%s: %d tokens after %d swaps, want %d", tab.name, len(seen), workers*n, workers*n+1)
	}
}

// TestAlign64 checks that Int64 and Uint64 are 8-byte aligned behind a
// byte on every GOARCH, and that the operations work there: on 386 and arm
// sync/atomic's 64-bit operations fault on a misaligned word.
func TestAlign64(t *testing.T) {
	var s struct {
		b byte
		i Int64
		c byte
		u Uint64
		d [3]byte
		a [3]Int64
	}
	for name, p := range map[string]unsafe.Pointer{"i": unsafe.Pointer(&s.i), "u": unsafe.Pointer(&s.u), "a[1]": unsafe.Pointer(&s.a[1])} {
		if uintptr(p)%8 != 0 {
			t.Errorf("field %s at %p is not 8-byte aligned", name, p)
		}
	}
	if unsafe.Alignof(s.i) != 8 || unsafe.Alignof(s.u) != 8 {
		t.Errorf("Alignof(Int64) = %d, Alignof(Uint64) = %d, want 8", unsafe.Alignof(s.i), unsafe.Alignof(s.u))
	}
	if unsafe.Sizeof(s.i) != 8 || unsafe.Sizeof(s.u) != 8 {
		t.Errorf("Sizeof(Int64) = %d, Sizeof(Uint64) = %d, want 8", unsafe.Sizeof(s.i), unsafe.Sizeof(s.u))
	}
	for i := range s.a {
		s.a[i].FetchAddFull(1)
		s.a[i].CompareAndSwapAcquire(1, 2)
	}
	s.i.StoreRelease(1 << 40)
	s.u.FetchOrRelaxed(1 << 63)
	if s.i.LoadAcquire() != 1<<40 || s.u.LoadAcquire() != 1<<63 || s.a[2].LoadRelaxed() != 2 {
		t.Errorf("the 64-bit words hold %#x, %#x, %d", s.i.LoadAcquire(), s.u.LoadAcquire(), s.a[2].LoadRelaxed())
	}
	if unsafe.Sizeof(Uintptr{}) != unsafe.Sizeof(uintptr(0)) {
		t.Errorf("Sizeof(Uintptr) = %d", unsafe.Sizeof(Uintptr{}))
	}
}

func TestCacheLinePad(t *testing.T) {
	want := map[string]uintptr{"amd64": 64, "386": 64, "arm64": 128, "arm": 32}[runtime.GOARCH]
	if want != 0 && CacheLineSize != want {
		t.Errorf("CacheLineSize = %d on %s, want %d", CacheLineSize, runtime.GOARCH, want)
	}
	if unsafe.Sizeof(CacheLinePad{}) != CacheLineSize {
		t.Errorf("Sizeof(CacheLinePad) = %d, want %d", unsafe.Sizeof(CacheLinePad{}), CacheLineSize)
	}
}

func TestBool(t *testing.T) {
	eachPath(t, func(t *testing.T) {
		var b Bool
		loads := []func() bool{b.LoadRelaxed, b.LoadAcquire, b.LoadSeqCst}
		stores := []func(bool){b.StoreRelaxed, b.StoreRelease, b.StoreSeqCst}
		swaps := []func(bool) bool{b.SwapRelaxed, b.SwapAcquire, b.SwapRelease, b.SwapFull}
		cases := []func(bool, bool) bool{b.CompareAndSwapRelaxed, b.CompareAndSwapAcquire, b.CompareAndSwapRelease, b.CompareAndSwapFull}
		for _, v := range []bool{true, false, true} {
			for _, s := range stores {
				s(v)
				for i, l := range loads {
					if l() != v {
						t.Fatalf("load %d after storing %v: %v", i, v, !v)
					}
				}
			}
			for i, sw := range swaps {
				b.StoreRelaxed(v)
				if old := sw(!v); old != v || b.LoadRelaxed() != !v {
					t.Fatalf("swap %d of %v: old %v, left %v", i, v, old, b.LoadRelaxed())
				}
			}
			for i, c := range cases {
				b.StoreRelaxed(v)
				if c(!v, v) || b.LoadRelaxed() != v {
					t.Fatalf("cas %d(%v, %v) on %v swapped", i, !v, v, v)
				}
				if !c(v, !v) || b.LoadRelaxed() != !v {
					t.Fatalf("cas %d(%v, %v) on %v did not swap", i, v, !v, v)
				}
			}
		}
		if unsafe.Sizeof(b) != 4 {
			t.Errorf("Sizeof(Bool) = %d", unsafe.Sizeof(b))
		}
	})
}

func TestPointer(t *testing.T) {
	eachPath(t, func(t *testing.T) {
		var p Pointer[int]
		x, y := new(int), new(int)
		loads := []func() *int{p.LoadRelaxed, p.LoadAcquire, p.LoadSeqCst}
		stores := []func(*int){p.StoreRelaxed, p.StoreRelease, p.StoreSeqCst}
		swaps := []func(*int) *int{p.SwapRelaxed, p.SwapAcquire, p.SwapRelease, p.SwapFull}
		cases := []func(*int, *int) (*int, bool){p.CompareAndSwapRelaxed, p.CompareAndSwapAcquire, p.CompareAndSwapRelease, p.CompareAndSwapFull}
		for _, v := range []*int{x, nil, y} {
			for _, s := range stores {
				s(v)
				for i, l := range loads {
					if l() != v {
						t.Fatalf("load %d after storing %p: %p", i, v, l())
					}
				}
			}
			for i, sw := range swaps {
				p.StoreRelaxed(v)
				if old := sw(x); old != v || p.LoadRelaxed() != x {
					t.Fatalf("swap %d: old %p, want %p", i, old, v)
				}
			}
			for i, c := range cases {
				p.StoreRelaxed(v)
				if prev, ok := c(new(int), y); ok || prev != v {
					t.Fatalf("cas %d with a wrong old: %p, %v", i, prev, ok)
				}
				if prev, ok := c(v, x); !ok || prev != v || p.LoadRelaxed() != x {
					t.Fatalf("cas %d with the right old: %p, %v", i, prev, ok)
				}
			}
		}
	})
}

// TestPointerPublish publishes freshly allocated objects through a
// Pointer with StoreRelease while readers LoadAcquire them and check that
// each is fully initialised; runtime.GC runs alongside, so that a store
// that skipped the write barrier would let the collector free a published
// object (its fields would then be reused, and the check fail, or the
// runtime would throw).
func TestPointerPublish(t *testing.T) {
	type obj struct {
		a, b int64
		tail [4]*int64
	}
	eachPath(t, func(t *testing.T) {
		var p Pointer[obj]
		var done Bool
		var wg sync.WaitGroup
		n := scaled(20000, 20)
		wg.Add(3)
		go func() {
			defer wg.Done()
			for i := range n {
				o := &obj{a: int64(i), b: int64(i) * 7}
				for j := range o.tail {
					o.tail[j] = &o.a
				}
				p.StoreRelease(o)
			}
			done.StoreRelease(true)
		}()
		go func() {
			defer wg.Done()
			for !done.LoadAcquire() {
				runtime.GC()
			}
		}()
		errs := make(chan error, 1)
		go func() {
			defer wg.Done()
			for !done.LoadAcquire() {
				o := p.LoadAcquire()
				if o == nil {
					continue
				}
				if o.b != o.a*7 || o.tail[3] != &o.a {
					errs <- fmt.Errorf("published object {%d %d %p} not initialised", o.a, o.b, o.tail[3])
					return
				}
			}
		}()
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
	})
}

// TestGeneratedUpToDate runs gen_ops.go into a temporary directory and
// compares what it writes with the files in the module.
func TestGeneratedUpToDate(t *testing.T) {
	if runtime.GOARCH != "amd64" || testing.Short() {
		t.Skip("runs the go command: amd64 hosts, not -short")
	}
	dir := t.TempDir()
	cmd := exec.Command("go", "run", "gen_ops.go", "-o", dir)
	cmd.Env = append(os.Environ(), "GOARCH=", "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run gen_ops.go: %v\n%s", err, out)
	}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		want, _ := os.ReadFile(path)
		have, err := os.ReadFile(rel)
		if err != nil || !bytes.Equal(have, want) {
			t.Errorf("%s differs from what gen_ops.go writes: run go generate", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
