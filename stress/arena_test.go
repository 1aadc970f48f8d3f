package stress

import (
	"math/rand/v2"
	"testing"
	"unsafe"
)

func TestArenaLayout(t *testing.T) {
	for _, stride := range []int{4, 64, 128, 200} {
		const slots = 1000
		a := newArena(slots, stride)
		check := func(what string) {
			t.Helper()
			seen := map[uintptr]bool{}
			first := uintptr(unsafe.Pointer(&a.words[0]))
			last := uintptr(unsafe.Pointer(&a.words[len(a.words)-1]))
			for k, p := range a.locs {
				addr := uintptr(unsafe.Pointer(p))
				if seen[addr] {
					t.Fatalf("stride %d %s: slot %d shares its word with another", stride, what, k)
				}
				seen[addr] = true
				if addr < first || addr > last {
					t.Fatalf("stride %d %s: slot %d lies outside the arena", stride, what, k)
				}
				if off := addr - uintptr(unsafe.Pointer(a.locs[0])); stride%cacheLine == 0 && off%cacheLine != 0 {
					t.Fatalf("stride %d %s: slot %d is %d bytes from slot 0, not a whole number of lines", stride, what, k, off)
				}
			}
		}
		if addr := uintptr(unsafe.Pointer(a.locs[0])); addr%cacheLine != 0 {
			t.Errorf("stride %d: first slot at %#x is not cache-line aligned", stride, addr)
		}
		for k := 1; k < slots; k++ {
			if d := uintptr(unsafe.Pointer(a.locs[k])) - uintptr(unsafe.Pointer(a.locs[k-1])); d != uintptr(stride) {
				t.Fatalf("stride %d: slots %d and %d are %d bytes apart", stride, k-1, k, d)
			}
		}
		check("in order")
		a.shuffle(rand.New(rand.NewPCG(1, 2)))
		check("shuffled")
		moved := 0
		for k := range a.locs {
			if a.perm[k] != int32(k) {
				moved++
			}
		}
		if moved < slots/2 {
			t.Errorf("stride %d: shuffle moved only %d of %d slots", stride, moved, slots)
		}
	}
}

// The first slot is cache-line aligned whatever the size of the arena,
// including small ones, which the allocator does not align to a line.
func TestArenaAlignedAtEverySize(t *testing.T) {
	var keep []*arena
	for slots := 1; slots <= 64; slots++ {
		for _, stride := range []int{4, 8, 12, 64, 128, 200} {
			a := newArena(slots, stride)
			keep = append(keep, a)
			if addr := uintptr(unsafe.Pointer(a.locs[0])); addr%64 != 0 {
				t.Fatalf("%d slots, stride %d: first slot at %#x is not on a 64-byte line", slots, stride, addr)
			}
		}
	}
	_ = keep
}
