// Package pgoread is a hot loop of VMA read locks, with a CPU profile of
// its benchmark as default.pgo beside it: the way to have StartRead and
// EndRead inlined into their caller, where the inliner's budget alone does
// not inline them.
//
// The Go inliner inlines a function whose body costs at most 80 (about one
// point per expression node, and 57 for each call that it does not inline).
// StartRead is far above that: the least that a fast path of one increment
// attempt and the rechecks costs, written with sync/atomic directly, is
// about 105, of which 57 is the call of the slow path that every failure
// needs. EndRead's release, the copy of the owner and the call of its rare
// path come to about 82 at the least. With a profile, the compiler inlines
// a call that the profile shows hot up to a cost of 2000, and both are
// inlined there: on amd64 the caller then holds the LOCK CMPXCHGL of the
// increment, the loads of the rechecks and the LOCK XADDL of the release,
// and a successful read lock makes no call at all.
//
// A program does the same with a profile of its own run saved as
// default.pgo in its main package's directory, which go build uses by
// default (-pgo=auto). go test does not: -pgo=auto applies a profile only
// to a main package's build, and a package's test binary is built without
// the profile beside it unless -pgo names it. To make it again, after a
// change to ReadLoop or to the read path:
//
//	go test -run '^$' -bench ReadLoop -cpuprofile default.pgo
//
// TestPGOInlines checks that the profile inlines both calls, and that
// without it they are calls; TestPGOAssembly that the loop holds the
// instructions; BenchmarkReadLoop measures the loop (run it with
// -pgo=default.pgo, and with -pgo=off to compare).
package pgoread

import (
	"errors"

	"github.com/atomicfence/atomicfence/vma"
)

// ErrNotLocked says that StartRead failed where no writer could make it
// fail.
var ErrNotLocked = errors.New("pgoread: StartRead failed with no writer in the MM")

// ReadLoop read-locks v and releases it n times, with StartRead and
// EndRead: the hot loop that the profile makes the compiler inline them
// into. It returns ErrNotLocked if a StartRead fails.
//
//go:noinline
func ReadLoop(mm *vma.MM, v *vma.VMA, n int) error {
	for range n {
		if v.StartRead(mm) != vma.ReadOK {
			return ErrNotLocked
		}
		v.EndRead()
	}
	return nil
}
