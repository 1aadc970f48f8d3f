package litmus

import "testing"

// pairedWrites returns a reader of x in a domain where each value 1..n of x
// is written by either of two sites of other threads (2k-2 and 2k-1 for
// value k), and value 100+s by site s alone, for each of those sites and
// for site z. A reader that has read 1..k has passed one site of each pair:
// 2^k minimal sets of passed sites, none inside another. With odd, the
// second site of each pair was written after its thread had read from z,
// so only the set of all first sites lacks z.
func pairedWrites(n int, odd bool) *threadExec {
	const z = 50
	d := &domain{chains: map[string]map[Value][]chain{}}
	alone := func(s int) {
		d.addChain("x", intValue(int64(100+s)), chain{writer: s, behind: siteSet{}.with(s)})
	}
	for k := 1; k <= n; k++ {
		first, second := 2*k-2, 2*k-1
		behind := siteSet{}.with(second)
		if odd {
			behind = behind.with(z)
		}
		d.addChain("x", intValue(int64(k)), chain{writer: first, behind: siteSet{}.with(first)})
		d.addChain("x", intValue(int64(k)), chain{writer: second, behind: behind})
		alone(first)
		alone(second)
	}
	alone(z)
	return &threadExec{dom: d, walks: map[string]walk{}}
}

// readAll has x read each of vals in turn and reports whether every read
// was allowed.
func readAll(x *threadExec, vals ...int64) bool {
	for _, v := range vals {
		w, ok := x.reading("x", intValue(v))
		if !ok {
			return false
		}
		x.walks["x"] = w
	}
	return true
}

// TestWalkExactUpToBound: with maxWalks sets of passed sites, the walk is
// still exact. A reader that read 100 from site 0 is on a path where it read
// 1 from site 1, so site 1 is behind it and a read of 101 (site 1 alone)
// must be refused.
func TestWalkExactUpToBound(t *testing.T) {
	const pairs = 6 // 2^6 == maxWalks
	if 1<<pairs != maxWalks {
		t.Fatalf("test built for maxWalks %d, have %d", 1<<pairs, maxWalks)
	}
	x := pairedWrites(pairs, false)
	if !readAll(x, 1, 2, 3, 4, 5, 6) {
		t.Fatal("reads of 1..6, one from each pair of writes, refused")
	}
	if got := len(x.walkOf("x").passed); got != maxWalks {
		t.Fatalf("%d sets of passed sites after 6 pairs, want %d", got, maxWalks)
	}
	if !readAll(x, 100) {
		t.Fatal("read of 100 (site 0) refused, though half the paths read 1 from site 1")
	}
	if readAll(x, 101) {
		t.Error("read of 101 (site 1) allowed after 1 from site 1 and 100 from site 0: " +
			"site 1 was already passed")
	}
}

// TestWalkBoundNeverNarrows: past maxWalks sets the walk keeps fewer, but
// every read that some exact set allows must still be allowed.
func TestWalkBoundNeverNarrows(t *testing.T) {
	const pairs = 7 // 2^7 > maxWalks
	for _, odd := range []bool{false, true} {
		// With odd, the one set without site 50 is the smallest of all.
		sites := []int{50}
		for s := range 2 * pairs {
			sites = append(sites, s)
		}
		for _, s := range sites {
			x := pairedWrites(pairs, odd)
			if !readAll(x, 1, 2, 3, 4, 5, 6, 7) {
				t.Fatal("reads of 1..7, one from each pair of writes, refused")
			}
			if got := len(x.walkOf("x").passed); got > maxWalks {
				t.Fatalf("%d sets of passed sites kept, bound %d", got, maxWalks)
			}
			// Some exact set lacks site s: a read of its value alone is
			// possible.
			if !readAll(x, int64(100+s)) {
				t.Errorf("odd %v: read of %d (site %d alone) refused past the bound", odd, 100+s, s)
			}
		}
	}
}
