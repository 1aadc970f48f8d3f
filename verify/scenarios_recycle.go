package verify

import "github.com/atomicfence/atomicfence/vma"

// recycle is a stale reader against the recycling of its VMA into another
// MM: the reader found v in mm's tree, but v has since been detached,
// returned to the Cache and handed by Map to mm2, whose writer (Map's
// adopt) stores v's new owner, write-locks v and attaches it with a
// release. The reader's increment can succeed only on that attach, and
// its acquire orders its load of the owner after it: it must see mm2,
// not the mm it holds from before, and back off with ReadWrongMM (StartRead's
// step 3; the CVE-2025-38554 fix). Neither sequence count stops it
// (mm's is not v's), so the owner check alone stands between the reader
// and a VMA of another MM. Forbidden: StartRead returns ReadOK.
func recycle(placement string, reader Thread, expect map[string]bool) *Scenario {
	return &Scenario{
		Name: "recycle", Placement: placement,
		Doc: "a stale reader of mm against Map's adopt of the detached VMA into mm2 (owner stored, write-locked, attached with release); forbidden: the reader holds the VMA",
		Objects: []Object{
			{Name: "v", Type: "vma.VMA", Init: map[string]Value{"refcnt": Int(0), "lockSeq": Int(0), "mm": Ref("mm")}},
			{Name: "mm", Type: "vma.MM", Init: map[string]Value{"lockSeq": Int(2)}},
			{Name: "mm2", Type: "vma.MM", Init: map[string]Value{"lockSeq": Int(3)}},
		},
		Threads: []Thread{
			reader,
			// adopt(mm2, v, start, end, data): data, a nil any, is two
			// words.
			{Entry: "vma.(*MM).adopt", Args: []Value{Ref("mm2"), Ref("v"), Int(0x1000), Int(0x2000), Int(0), Int(0)}},
		},
		Forbidden: Returned(0, readOK),
		Reach:     []Cond{Returned(0, int64(vma.ReadWrongMM)), Returned(0, int64(vma.ReadDetached)), Exited(1, exitReturn)},
		Expect:    expect,
	}
}

// recycleScenarios returns recycle for each placement of the reader.
func recycleScenarios() []*Scenario {
	var out []*Scenario
	for _, p := range countPlacements {
		var expect map[string]bool
		if p == vma.PlacementRelaxed {
			expect = weakOnly
		}
		out = append(out, recycle(p.String(), reader(p), expect))
	}
	return append(out, recycleRWSem(), recycleFetchAdd())
}

// weakOnly expects the forbidden outcome on every weakly ordered target:
// the relaxed placement's increment orders nothing after it, and the
// owner's load comes before the recheck's acquire (which keeps
// reader-writer Never on ppc64le).
var weakOnly = map[string]bool{"arm64-llsc": true, "arm64-lse-dyn": true, "arm64-lse": true, "arm64-asmloads": true, "ppc64le": true, "riscv64": true}

// recycleRWSem is recycle with PlacementRWSem: the reader holds v's
// semaphore for read, and its acquire load of the attached flag orders
// its load of the owner after the attach's release store that it reads.
func recycleRWSem() *Scenario {
	sc := recycle(vma.PlacementRWSem.String(), Thread{Entry: "vma.(*VMA).StartReadWith", Args: []Value{Ref("v"), Ref("mm"), Int(int64(vma.PlacementRWSem))}}, nil)
	sc.Doc = "a stale reader (StartReadWith(PlacementRWSem)) of mm against Map's adopt of the detached VMA into mm2; forbidden: the reader holds the VMA"
	sc.Objects[0].Init["rw"] = Ref("rw")
	sc.Objects = append(sc.Objects, Object{Name: "rw", Type: "vma.vmaRWSem"})
	return sc
}

// recycleFetchAdd is recycle with PlacementFetchAdd: the reader's acquire
// fetch-add on the detached count (undone: ReadDetached) or on the one
// that the attach's release add made, then the owner's load.
func recycleFetchAdd() *Scenario {
	sc := recycle(vma.PlacementFetchAdd.String(), faReader, nil)
	sc.Doc = "a stale reader (StartReadWith(PlacementFetchAdd)) of mm against Map's adopt of the detached VMA into mm2; forbidden: the reader holds the VMA"
	sc.Objects[0].Init["refcnt"] = Int(faBase + faDetached)
	sc.Objects[0].Init["wq"] = Ref("wq")
	sc.Objects = append(sc.Objects, Object{Name: "wq", Type: "vma.waitQueue"})
	return sc
}
