package stress

import "github.com/atomicfence/atomicfence"

// The classic shapes of herd's catalogue, each without fences and with the
// fences that forbid its weak outcome. Location 0 is x, location 1 is y.

func init() {
	r0, r0r1 := []string{"r0"}, []string{"r0", "r1"}
	family(nil, []Eq{{"0:r0", 0}, {"1:r0", 0}},
		variant{"SB", "store buffering: each thread stores, then loads the other's location",
			Thread{r0, sb0}, Thread{r0, sb1}},
		variant{"SB+mb", "store buffering with Mb (smp_mb) between the store and the load on both sides",
			Thread{r0, sbMb0}, Thread{r0, sbMb1}},
		variant{"SB+rel+acq", "store buffering with release stores and acquire loads (not enough on x86, nor on arm64 with LDAPR)",
			Thread{r0, sbRelAcq0}, Thread{r0, sbRelAcq1}})
	family(nil, []Eq{{"1:r0", 1}, {"1:r1", 0}},
		variant{"MP", "message passing: store data then flag; load flag then data",
			Thread{nil, mp0}, Thread{r0r1, mp1}},
		variant{"MP+wmb+rmb", "message passing with Wmb between the stores and Rmb between the loads",
			Thread{nil, mpWmb0}, Thread{r0r1, mpRmb1}},
		variant{"MP+rel+acq", "message passing with a release store of the flag and an acquire load of it",
			Thread{nil, mpRel0}, Thread{r0r1, mpAcq1}})
	family(nil, []Eq{{"0:r0", 1}, {"1:r0", 1}},
		variant{"LB", "load buffering: each thread loads, then stores to the other's location",
			Thread{r0, lb0}, Thread{r0, lb1}},
		variant{"LB+mb", "load buffering with Mb between the load and the store on both sides",
			Thread{r0, lbMb0}, Thread{r0, lbMb1}})
	family([]string{"x", "y"}, []Eq{{"x", 2}, {"y", 2}},
		variant{"2+2W", "two stores each, in opposite orders: can both first stores be last in coherence?",
			Thread{nil, w2w0}, Thread{nil, w2w1}},
		variant{"2+2W+wmb", "2+2W with Wmb between the two stores on both sides",
			Thread{nil, w2wWmb0}, Thread{nil, w2wWmb1}})
}

// variant is one member of a family of two-thread shapes on x and y.
type variant struct {
	name, doc string
	t0, t1    Thread
}

// family registers shapes that share locations x and y, the recorded final
// locations and the weak condition.
func family(final []string, exists []Eq, vs ...variant) {
	for _, v := range vs {
		register(&Shape{
			Name:    v.name,
			Doc:     v.doc,
			Locs:    []Loc{{"x", 0}, {"y", 0}},
			Threads: []Thread{v.t0, v.t1},
			Final:   final,
			Exists:  exists,
		})
	}
}

type loc = []*atomicfence.Int32

func sb0(l loc, r []int32) { l[0].StoreRelaxed(1); r[0] = l[1].LoadRelaxed() }
func sb1(l loc, r []int32) { l[1].StoreRelaxed(1); r[0] = l[0].LoadRelaxed() }

func sbMb0(l loc, r []int32) { l[0].StoreRelaxed(1); atomicfence.Mb(); r[0] = l[1].LoadRelaxed() }
func sbMb1(l loc, r []int32) { l[1].StoreRelaxed(1); atomicfence.Mb(); r[0] = l[0].LoadRelaxed() }

func sbRelAcq0(l loc, r []int32) { l[0].StoreRelease(1); r[0] = l[1].LoadAcquire() }
func sbRelAcq1(l loc, r []int32) { l[1].StoreRelease(1); r[0] = l[0].LoadAcquire() }

func mp0(l loc, _ []int32) { l[0].StoreRelaxed(1); l[1].StoreRelaxed(1) }
func mp1(l loc, r []int32) { r[0] = l[1].LoadRelaxed(); r[1] = l[0].LoadRelaxed() }

func mpWmb0(l loc, _ []int32) { l[0].StoreRelaxed(1); atomicfence.Wmb(); l[1].StoreRelaxed(1) }
func mpRmb1(l loc, r []int32) {
	r[0] = l[1].LoadRelaxed()
	atomicfence.Rmb()
	r[1] = l[0].LoadRelaxed()
}

func mpRel0(l loc, _ []int32) { l[0].StoreRelaxed(1); l[1].StoreRelease(1) }
func mpAcq1(l loc, r []int32) { r[0] = l[1].LoadAcquire(); r[1] = l[0].LoadRelaxed() }

func lb0(l loc, r []int32) { r[0] = l[0].LoadRelaxed(); l[1].StoreRelaxed(1) }
func lb1(l loc, r []int32) { r[0] = l[1].LoadRelaxed(); l[0].StoreRelaxed(1) }

func lbMb0(l loc, r []int32) { r[0] = l[0].LoadRelaxed(); atomicfence.Mb(); l[1].StoreRelaxed(1) }
func lbMb1(l loc, r []int32) { r[0] = l[1].LoadRelaxed(); atomicfence.Mb(); l[0].StoreRelaxed(1) }

func w2w0(l loc, _ []int32) { l[0].StoreRelaxed(2); l[1].StoreRelaxed(1) }
func w2w1(l loc, _ []int32) { l[1].StoreRelaxed(2); l[0].StoreRelaxed(1) }

func w2wWmb0(l loc, _ []int32) { l[0].StoreRelaxed(2); atomicfence.Wmb(); l[1].StoreRelaxed(1) }
func w2wWmb1(l loc, _ []int32) { l[1].StoreRelaxed(2); atomicfence.Wmb(); l[0].StoreRelaxed(1) }
