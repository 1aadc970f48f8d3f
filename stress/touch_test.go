//go:build linux && !race && (amd64 || arm64 || riscv64 || loong64)

package stress

import (
	"fmt"
	"os"
	"runtime/debug"
	"slices"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/atomicfence/atomicfence"
)

// touchOrders: on this system touchOrder tells the order in which a
// thread first touches its locations. Each location lives on a page of
// its own that the thread may not touch: its first access faults, the
// fault's address names the location, and the thread runs again, from the
// same values, with that page open, until it runs to its end. (The race
// detector keeps shadow memory for the addresses that the thread touches,
// which a page mapped here has not: this is not built with it. Nor on 386
// and ppc64le, where the suite runs under qemu-user, which runs Go's
// handler of such a fault on the wrong stack (qemu-i386) or reports no
// address for it (qemu-ppc64le); the order of a thread's accesses is its
// Go code's, the same on every architecture.)
const touchOrders = true

// TestTouchOrderSeesASwap checks that touchOrder tells apart two threads
// that differ only in the order of their accesses, so that
// TestThreadsAloneMatchTheirLitmus can fail on such a pair: message
// passing's reader with its loads in either order.
func TestTouchOrderSeesASwap(t *testing.T) {
	s := &Shape{Name: "swap", Locs: []Loc{{"x", 0}, {"y", 0}}, Threads: []Thread{
		{[]string{"r0", "r1"}, mp1},
		{[]string{"r0", "r1"}, func(l loc, r []int32) { r[1] = l[0].LoadRelaxed(); r[0] = l[1].LoadRelaxed() }},
		{nil, func(l loc, _ []int32) { l[1].StoreRelease(1) }},
	}}
	for i, want := range [][]string{{"y", "x"}, {"x", "y"}, {"y"}} {
		got, err := touchOrder(s, i, []int32{0, 0})
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("thread %d: %v, %v; want %v", i, got, err, want)
		}
	}
}

// touchOrder runs thread i of s from start, again and again, each
// location at the start of a page that only the locations it has already
// touched are open on, and returns the names of its locations in the
// order of its first access to each.
func touchOrder(s *Shape, i int, start []int32) ([]string, error) {
	page := os.Getpagesize()
	mem, err := unix.Mmap(-1, 0, page*len(s.Locs), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		return nil, err
	}
	defer unix.Munmap(mem)
	base := uintptr(unsafe.Pointer(&mem[0]))
	l := make(loc, len(s.Locs))
	for k := range l {
		l[k] = (*atomicfence.Int32)(unsafe.Pointer(&mem[k*page]))
	}
	var order []string
	open := make([]bool, len(s.Locs))
	for range len(s.Locs) + 1 {
		if err := unix.Mprotect(mem, unix.PROT_READ|unix.PROT_WRITE); err != nil {
			return nil, err
		}
		for k := range l {
			l[k].StoreRelaxed(start[k])
		}
		for k := range l {
			if !open[k] {
				if err := unix.Mprotect(mem[k*page:(k+1)*page], unix.PROT_NONE); err != nil {
					return nil, err
				}
			}
		}
		addr, faulted := faultAddr(func() { s.Threads[i].Code(l, make([]int32, len(s.Threads[i].Regs))) })
		if !faulted {
			return order, nil
		}
		k := int((addr - base) / uintptr(page))
		if addr < base || k >= len(l) || open[k] {
			return nil, fmt.Errorf("a fault at %#x, on none of the closed pages of the locations at %#x", addr, base)
		}
		open[k] = true
		order = append(order, s.Locs[k].Name)
	}
	return nil, fmt.Errorf("faulted with every location open")
}

// faultAddr calls f and returns the address of the memory fault that
// stopped it, if one did.
func faultAddr(f func()) (addr uintptr, faulted bool) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(interface{ Addr() uintptr })
			if !ok {
				panic(r)
			}
			addr, faulted = e.Addr(), true
		}
	}()
	f()
	return 0, false
}
