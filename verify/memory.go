package verify

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/atomicfence/atomicfence/internal/disasm"
)

// memory is a scenario's shared memory for one image: its objects, their
// initial values, and which locations some thread writes (the others are
// read-only, and their loads are folded to the initial value).
type memory struct {
	img     *Image
	objs    map[string]*Object
	shared  map[string]bool // nil in the first pass, which takes every non-pointer field as shared
	written map[string]bool
	inits   map[string]int64  // location -> initial value, for the litmus init
	initVal map[string]val    // location -> initial value, as the scenario gives it
	desc    map[string]string // location -> obj.path, for notes
	// stored holds, per location, the values that this pass found stored
	// to it, and known those that the pass before found (see pointer.go).
	stored, known map[string][]val
	tags          map[string]int64
	lse           bool // the target runs the LSE branch of a run-time dispatch
	lrcpc         bool // the target runs the LDAPR branch of the acquire loads
	// late: a store reached a location that the pass folded, one that the
	// first pass, which ends a path at what it cannot extract, never saw
	// written; Derive extracts again with it shared.
	late bool
}

func newMemory(img *Image, objs []Object) *memory {
	m := &memory{img: img, objs: map[string]*Object{}, written: map[string]bool{}, inits: map[string]int64{}, initVal: map[string]val{}, desc: map[string]string{},
		stored: map[string][]val{}, known: map[string][]val{}, tags: map[string]int64{}}
	for i := range objs {
		m.objs[objs[i].Name] = &objs[i]
	}
	return m
}

// tagSpan is how far apart the tags of two objects lie: an address of an
// object stands for its tag plus its offset, which must lie within
// tagSpan/2 of the object's start either way, so that no address of one
// object has the number of an address of another.
const tagSpan = 1 << 16

// tag is the integer a static address stands for when a litmus register
// or location holds it: no count or sequence number of a scenario comes
// near it, and it fits in 32 bits. An address too far from its object's
// start to have a number of its own is an error.
func (m *memory) tag(v val) (int64, error) {
	if v.n <= -tagSpan/2 || v.n >= tagSpan/2 {
		return 0, fmt.Errorf("an address %d bytes from %s: too far from its start to have a number of its own in the litmus test", v.n, v.obj)
	}
	t, ok := m.tags[v.obj]
	if !ok {
		t = 0x70000000 + tagSpan*int64(len(m.tags)) + tagSpan/2
		if t+tagSpan/2 > math.MaxInt32 {
			return 0, fmt.Errorf("more addresses of objects than 32-bit numbers of their own (%d objects)", len(m.tags)+1)
		}
		m.tags[v.obj] = t
	}
	return t + v.n, nil
}

// tag is m.tag of the thread's memory; its error ends the extraction.
func (x *xthread) tag(v val) int64 {
	n, err := x.m.tag(v)
	if err != nil && x.fail == nil {
		x.fail = err
	}
	return n
}

// locName is the litmus name of a field of an object: "v_refcnt",
// "mm_writerWait_waiting".
func locName(obj, path string) string {
	return obj + "_" + strings.NewReplacer(".", "_").Replace(path)
}

// access is what a memory operand resolves to.
type access struct {
	stack  bool
	off    int64
	loc    string // a shared location
	fixed  bool   // loads return init: nothing writes it (or it is a global or g)
	init   val
	desc   string // obj.path, for notes
	global string
	size   int64 // the field's size; an access may read its low part
}

// typeName is the DWARF name of a scenario type such as "vma.VMA".
func typeName(t string) string {
	if strings.Contains(t, "/") || !strings.Contains(t, ".") || strings.HasPrefix(t, "sync.") || strings.HasPrefix(t, "main.") {
		return t
	}
	return disasm.Module + "/" + t
}

// resolve maps an address and an access size to a stack slot, a shared
// location or a global.
func (x *xthread) resolve(addr val, size int64) (access, error) {
	if addr.kind != vPtr {
		return access{}, fmt.Errorf("address %s is not known when the code is extracted", addr)
	}
	switch {
	case addr.obj == "stack":
		return access{stack: true, off: addr.n}, nil
	case addr.obj == "g":
		x.note("g's stack bound: the prologue's stack check is assumed not to fire")
		return access{fixed: true, init: ptr("guard", 0), global: "g"}, nil
	case strings.HasPrefix(addr.obj, "sym:"):
		return x.global(strings.TrimPrefix(addr.obj, "sym:"), addr.n, size)
	case strings.HasPrefix(addr.obj, "obj:"):
		name := strings.TrimPrefix(addr.obj, "obj:")
		o := x.m.objs[name]
		f, err := x.img.fieldAt(typeName(o.Type), addr.n, size)
		if err != nil {
			return access{}, err
		}
		loc := locName(name, f.path)
		init := o.initial(f.path)
		a := access{loc: loc, init: init, desc: name + "." + f.path, size: f.size}
		if x.m.shared == nil {
			a.fixed = init.kind == vPtr
		} else {
			a.fixed = !x.m.shared[loc]
		}
		if !a.fixed {
			n := init.n
			if init.kind == vPtr {
				var err error
				if n, err = x.m.tag(init); err != nil {
					return access{}, err
				}
			}
			x.m.inits[loc] = n
			x.m.initVal[loc] = init
			x.m.desc[loc] = a.desc
		}
		return a, nil
	}
	return access{}, fmt.Errorf("address %s is in no scenario object", addr)
}

// global resolves a load of a package variable: the LSE and LRCPC
// switches and the write barrier flag have the value the target runs
// with, and a static function's func value holds the function; others
// are not modelled.
func (x *xthread) global(sym string, off, size int64) (access, error) {
	switch sym {
	case disasm.Module + ".useLSE", "internal/cpu.ARM64", "runtime.arm64HasATOMICS":
		if sym == "internal/cpu.ARM64" {
			f, err := x.img.fieldAt("internal/cpu.arm64", off, size)
			if err != nil || f.path != "HasATOMICS" {
				return access{}, fmt.Errorf("internal/cpu.ARM64%+d: only HasATOMICS is modelled", off)
			}
		}
		return x.cpuSwitch(sym, "LSE", x.m.lse), nil
	case disasm.Module + ".useLRCPC":
		return x.cpuSwitch(sym, "LRCPC (LDAPR)", x.m.lrcpc), nil
	case "runtime.writeBarrier":
		x.note("runtime.writeBarrier: the garbage collector's write barrier is assumed off")
		return access{fixed: true, init: konst(0), global: sym}, nil
	}
	// The linker's pool of 64-bit constants, which ppc64 loads from
	// memory: the name is the value, stored little-endian.
	if hex, ok := strings.CutPrefix(sym, "$i64."); ok {
		n, err := strconv.ParseUint(hex, 16, 64)
		if err != nil || off < 0 || off+size > 8 {
			return access{}, fmt.Errorf("a load of %s%+d", sym, off)
		}
		return access{fixed: true, init: truncate(konst(int64(n>>(8*uint(off)))), int(size)), global: sym}, nil
	}
	// A static function's func value is read-only, and its word is the
	// function's code: the inlined StartRead and EndRead call their slow
	// paths through one.
	if fn, ok := x.img.funcValue(sym, off); ok && size == 8 {
		return access{fixed: true, init: ptr("sym:"+fn, 0), global: sym}, nil
	}
	return access{}, fmt.Errorf("a load of the global %s%+d, which is not modelled", sym, off)
}

// cpuSwitch is a run-time switch on a CPU feature, fixed to what the
// target's CPU has.
func (x *xthread) cpuSwitch(sym, feature string, on bool) access {
	v := int64(0)
	if on {
		v = 1
	}
	x.note("%s: the run-time %s switch is %d on this target", shortSym(sym), feature, v)
	return access{fixed: true, init: konst(v), global: sym}
}

// load returns the value a load of size bytes at addr gives, and the key
// that holds it when it is dynamic: for a shared location that some
// thread writes, op is emitted (a litmus load into dst's register).
func (x *xthread) load(s *state, addr val, size int64, dst string, emitLoad func(loc string) []string) (val, error) {
	a, err := x.resolve(addr, size)
	if err != nil {
		return val{}, err
	}
	if a.stack {
		v, key := x.loadSlot(s, a.off, size)
		if v.kind == vDyn {
			x.emitMove(dst, key, size <= 4)
		}
		return v, nil
	}
	if a.fixed {
		if a.desc != "" {
			x.note("%s: no thread writes it; its loads are folded to %s", a.desc, x.describe(a.init))
		}
		return truncate(a.init, int(size)), nil
	}
	x.lines = append(x.lines, emitLoad(a.loc)...)
	return x.loadedPtr(s, a.loc, size), nil
}

// store records a store of size bytes of v (held by key src when
// dynamic) to addr; for a shared location, emitStore is emitted with the
// key of a register that holds v.
func (x *xthread) store(s *state, addr val, size int64, v val, src string, emitStore func(loc, src string) []string) error {
	a, err := x.resolve(addr, size)
	if err != nil {
		return err
	}
	if a.stack {
		x.storeSlot(s, a.off, size, v, src, size <= 4)
		return nil
	}
	if a.global != "" {
		return fmt.Errorf("a store to %s", a.global)
	}
	if err := a.whole(size); err != nil {
		return err
	}
	x.m.written[a.loc] = true
	x.m.storedVal(a.loc, v)
	if a.fixed && x.m.shared == nil {
		// The first pass folds the pointers that the scenario sets, and
		// finds those that a thread writes, which the next one shares:
		// the path goes on, to find the stores after this one.
		return nil
	}
	if a.fixed {
		x.m.late = true
		return &lateErr{a.desc}
	}
	if v.kind != vDyn {
		src = "t0"
		x.materialize(src, v, size <= 4)
	}
	x.lines = append(x.lines, emitStore(a.loc, src)...)
	return nil
}

// lateErr is a write to a location that the pass folded as read-only.
// Before the last pass it ends the path alone: the next pass shares the
// location, and the paths after the write may find more such writes.
type lateErr struct{ desc string }

func (e *lateErr) Error() string { return e.desc + " is written but was folded as read-only" }

// whole refuses a write of size bytes that covers only the low part of
// the field: a litmus location holds one value, and such a write would
// replace all of it where the machine keeps the field's upper bytes.
func (a access) whole(size int64) error {
	if size < a.size {
		return fmt.Errorf("a %d-byte write to %s, a %d-byte field, writes part of it", size, a.desc, a.size)
	}
	return nil
}

// rmw prepares a read-modify-write of a shared location: it must be one
// that some thread writes.
func (x *xthread) rmwLoc(addr val, size int64) (string, error) {
	a, err := x.resolve(addr, size)
	if err != nil {
		return "", err
	}
	if a.stack || a.global != "" {
		return "", fmt.Errorf("an atomic read-modify-write of a stack slot or a global")
	}
	if err := a.whole(size); err != nil {
		return "", err
	}
	x.m.written[a.loc] = true
	x.m.storedVal(a.loc, dyn())
	if a.fixed {
		x.m.late = true
		return "", &lateErr{a.desc}
	}
	return a.loc, nil
}

func (x *xthread) describe(v val) string {
	if v.kind == vPtr && strings.HasPrefix(v.obj, "obj:") {
		return "&" + strings.TrimPrefix(v.obj, "obj:")
	}
	if v.kind == vConst && v.n == 0 {
		return "0 (nil)"
	}
	return v.String()
}

// sortedLocs lists the locations of the litmus test.
func (m *memory) sortedLocs() []string {
	var out []string
	for l := range m.inits {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}
