package stress

import (
	"math/rand/v2"
	"unsafe"

	"github.com/atomicfence/atomicfence"
)

// cacheLine is the alignment of the arena: the line size of current x86
// cores and of most arm64 ones (Apple's are 128 bytes, which the default
// stride covers).
const cacheLine = 64

// arena holds the locations of every iteration of a run. Slot k (location
// k mod L of iteration k / L, for L locations) lives stride bytes after
// slot k-1, or, shuffled, at a random one of the slots' places.
type arena struct {
	words []atomicfence.Int32
	base  int // index of the first cache-line-aligned word
	step  int // stride in words
	perm  []int32
	// locs[k] is the location of slot k.
	locs []*atomicfence.Int32
}

func newArena(slots, stride int) *arena {
	a := &arena{step: stride / 4}
	a.words = make([]atomicfence.Int32, (slots-1)*a.step+1+cacheLine/4)
	misalign := uintptr(unsafe.Pointer(&a.words[0])) % cacheLine
	a.base = int((cacheLine - misalign) % cacheLine / 4)
	a.locs = make([]*atomicfence.Int32, slots)
	a.place(nil)
	return a
}

// place puts slot k at place perm[k], or at place k when perm is nil.
func (a *arena) place(perm []int32) {
	for k := range a.locs {
		p := k
		if perm != nil {
			p = int(perm[k])
		}
		a.locs[k] = &a.words[a.base+p*a.step]
	}
}

// shuffle gives the slots a new random order.
func (a *arena) shuffle(rng *rand.Rand) {
	if a.perm == nil {
		a.perm = make([]int32, len(a.locs))
		for k := range a.perm {
			a.perm[k] = int32(k)
		}
	}
	rng.Shuffle(len(a.perm), func(i, j int) { a.perm[i], a.perm[j] = a.perm[j], a.perm[i] })
	a.place(a.perm)
}
