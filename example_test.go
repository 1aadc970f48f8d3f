package atomicfence_test

import (
	"fmt"
	"sync"

	"github.com/atomicfence/atomicfence"
)

// config is what the example publishes: written in full before it is
// published, and never written again.
type config struct {
	name    string
	retries int
}

// Publishing an object through a pointer: the writer fills the object in
// and then stores the pointer with release; a reader that loads the
// pointer with acquire sees every field as the writer left it. This is
// rcu_assign_pointer and smp_load_acquire; a relaxed load here could see
// the pointer before the fields on arm64.
func ExamplePointer_publish() {
	var current atomicfence.Pointer[config]
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		c := &config{name: "primary", retries: 3} // plain writes, not yet shared
		current.StoreRelease(c)                   // publish: the writes above come first
	}()
	wg.Wait()
	// In a real reader this would poll; here the writer has finished.
	if c := current.LoadAcquire(); c != nil {
		fmt.Println(c.name, c.retries)
	}
	// Output: primary 3
}

// object is a reference-counted object: refs is 0 once it is dead.
type object struct {
	refs atomicfence.Int32
	data []int
}

// get takes a reference unless the object is already dead; on success the
// increment is an acquire, so the taker sees what the holders before it
// published with their release.
func get(o *object) bool {
	_, ok := o.refs.RefcountIncNotZeroAcquire()
	return ok
}

// put drops a reference with release; the caller that drops the last one
// acquires too, so freeing the object sees every holder's writes.
func put(o *object, free func(*object)) {
	if _, zero := o.refs.DecAndTest(); zero {
		free(o)
	}
}

// A reference-counted object: the owner's reference keeps it alive,
// holders take and drop theirs, and the last put frees it exactly once,
// after which get fails (refcount_t: a dead count is never revived).
func ExampleInt32_refcount() {
	o := &object{data: make([]int, 4)}
	o.refs.StoreRelease(1) // the owner's reference
	freed := 0
	free := func(o *object) { freed++; o.data = nil }

	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if get(o) {
				_ = o.data[i] // safe: the reference keeps o alive
				put(o, free)
			}
		}()
	}
	wg.Wait()
	put(o, free) // the owner lets go: the count reaches 0
	fmt.Println("freed", freed, "times; get after free:", get(o))
	// Output: freed 1 times; get after free: false
}

// FetchUpdate writes a read-modify-write that has no instruction of its
// own: here a saturating add, which stops at a ceiling.
func ExampleInt64_FetchUpdateAcquire() {
	var c atomicfence.Int64
	c.StoreRelaxed(95)
	add := func(d int64) (int64, bool) {
		return c.FetchUpdateAcquire(func(old int64) (int64, bool) {
			return min(old+d, 100), old < 100
		})
	}
	fmt.Println(add(3))
	fmt.Println(add(3))
	fmt.Println(add(3))
	fmt.Println(c.LoadRelaxed())
	// Output:
	// 95 true
	// 98 true
	// 100 false
	// 100
}

// A flag word: each goroutine sets its own bit with FetchOr and knows from
// the old value whether it was first.
func ExampleUint64_FetchOrAcquire() {
	var seen atomicfence.Uint64
	old := seen.FetchOrAcquire(1 << 5)
	fmt.Printf("%#x %#x\n", old, seen.LoadRelaxed())
	old = seen.FetchAndNotRelease(1 << 5)
	fmt.Printf("%#x %#x\n", old, seen.LoadRelaxed())
	// Output:
	// 0x0 0x20
	// 0x20 0x0
}
