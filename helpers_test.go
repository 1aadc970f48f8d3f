package atomicfence

import (
	"errors"
	"testing"
)

// implPath is one code path that the routines can take in this build; use
// selects it and returns the function that restores the default.
type implPath struct {
	name string
	use  func() (restore func())
}

// eachPath runs f as a subtest on every code path of this build.
func eachPath(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	for _, p := range implPaths() {
		t.Run(p.name, func(t *testing.T) {
			defer p.use()()
			f(t)
		})
	}
}

// panicValue runs f and returns what it panicked with, or nil.
func panicValue(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}

// wantPanic fails the test unless f panics with an error of type E whose
// message is want.
func wantPanic[E error](t *testing.T, f func(), want string) {
	t.Helper()
	v := panicValue(f)
	err, ok := v.(error)
	var e E
	if !ok || !errors.As(err, &e) {
		t.Fatalf("panic value %#v, want a %T", v, e)
	}
	if err.Error() != want {
		t.Fatalf("panic message %q, want %q", err.Error(), want)
	}
}

// The methods of each family, so that a table covers every ordering.
var (
	int32Loads = []struct {
		name string
		f    func(*Int32) int32
	}{
		{"LoadRelaxed", (*Int32).LoadRelaxed},
		{"LoadAcquire", (*Int32).LoadAcquire},
	}
	int32Stores = []struct {
		name string
		f    func(*Int32, int32)
	}{
		{"StoreRelaxed", (*Int32).StoreRelaxed},
		{"StoreRelease", (*Int32).StoreRelease},
	}
	int32FetchAdds = []struct {
		name string
		f    func(*Int32, int32) int32
	}{
		{"FetchAddRelaxed", (*Int32).FetchAddRelaxed},
		{"FetchAddAcquire", (*Int32).FetchAddAcquire},
		{"FetchAddRelease", (*Int32).FetchAddRelease},
		{"FetchAddFull", (*Int32).FetchAddFull},
	}
	int32CASes = []struct {
		name string
		f    func(*Int32, int32, int32) (int32, bool)
	}{
		{"CompareAndSwapRelaxed", (*Int32).CompareAndSwapRelaxed},
		{"CompareAndSwapAcquire", (*Int32).CompareAndSwapAcquire},
		{"CompareAndSwapRelease", (*Int32).CompareAndSwapRelease},
		{"CompareAndSwapFull", (*Int32).CompareAndSwapFull},
	}
	// int32Adds are the *NotZeroLimited methods as add-delta functions; the
	// Inc ones ignore delta and add 1.
	int32Adds = []struct {
		name string
		inc  bool
		f    func(c *Int32, delta, limit int32) (int32, bool)
	}{
		{"IncNotZeroLimitedRelaxed", true, func(c *Int32, _, limit int32) (int32, bool) { return c.IncNotZeroLimitedRelaxed(limit) }},
		{"IncNotZeroLimitedAcquire", true, func(c *Int32, _, limit int32) (int32, bool) { return c.IncNotZeroLimitedAcquire(limit) }},
		{"AddNotZeroLimitedRelaxed", false, (*Int32).AddNotZeroLimitedRelaxed},
		{"AddNotZeroLimitedAcquire", false, (*Int32).AddNotZeroLimitedAcquire},
	}
	// int32Subs are DecAndTest and SubAndTest as subtract-delta functions;
	// DecAndTest ignores delta and subtracts 1.
	int32Subs = []struct {
		name string
		dec  bool
		f    func(c *Int32, delta int32) (int32, bool)
	}{
		{"DecAndTest", true, func(c *Int32, _ int32) (int32, bool) { return c.DecAndTest() }},
		{"SubAndTest", false, (*Int32).SubAndTest},
	}
)

// newInt32 returns a count holding v.
func newInt32(v int32) *Int32 {
	c := new(Int32)
	c.StoreRelaxed(v)
	return c
}
