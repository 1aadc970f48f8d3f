package vma_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/atomicfence/atomicfence/vma"
)

// FuzzMappings runs a program of Map, Unmap, Split and Resize calls, with
// ranges drawn from small addresses and from the edges of uint64, through
// the public API of an MM, and checks each result, and every lookup after
// each call, against a plain sorted list of intervals: FindVMA under the
// mmap lock, VMAs, LockVMA inside and outside the write session, Fault,
// and LockVMAWith and FaultWith with the placements the MM's Cache
// serves. The seed corpus is in testdata/fuzz/FuzzMappings; go test runs
// it, go test -fuzz=FuzzMappings grows it.
func FuzzMappings(f *testing.F) {
	f.Add(byte(0), []byte{0, 1, 5, 0, 5, 9, 4, 1, 2, 6, 4})
	f.Add(byte(1), []byte{0, 0xe0, 0xe3, 2, 0, 0xe1, 3, 0, 0xe2, 0xe3, 4, 1, 0xe0, 0xe3})
	f.Add(byte(2), []byte{0, 2, 20, 2, 0, 10, 1, 5, 12, 4, 3, 0, 1, 30, 5, 0, 3, 0xc0, 7, 8})
	f.Add(byte(0), []byte{0, 0xe4, 0xe3, 0, 0xe5, 0xe4, 3, 0, 0xe6, 0xe3, 4, 1, 0, 0xe3, 4})
	f.Add(byte(0), []byte{0, 10, 20, 0, 20, 30, 0, 30, 40, 1, 15, 35, 4, 0, 5, 15, 4, 2, 0xc1, 12, 3, 0xc2, 0, 0xe3})
	f.Fuzz(func(t *testing.T, kind byte, prog []byte) {
		if err := runMappings(kind, prog); err != nil {
			t.Fatal(err)
		}
	})
}

// mapProgram decodes the fuzzer's bytes. Address bytes below 0xe0 give
// 0..63, so that ranges meet, touch and nest often; 0xe0-0xfe pick an edge
// of uint64 and 0xff takes the next eight bytes as a raw address. Missing
// bytes read as zero.
type mapProgram struct{ b []byte }

func (p *mapProgram) next() byte {
	if len(p.b) == 0 {
		return 0
	}
	b := p.b[0]
	p.b = p.b[1:]
	return b
}

var edgeAddrs = [...]uint64{
	0, 1, 2, math.MaxUint64, math.MaxUint64 - 1, math.MaxUint64 - 2,
	math.MaxInt64, math.MaxInt64 + 1, math.MaxInt64 + 2,
	math.MaxUint32, math.MaxUint32 + 1, 0x1000, 0x40,
}

func (p *mapProgram) addr() uint64 {
	b := p.next()
	switch {
	case b < 0xe0:
		return uint64(b & 0x3f)
	case b < 0xff:
		return edgeAddrs[int(b-0xe0)%len(edgeAddrs)]
	}
	var w [8]byte
	for i := range w {
		w[i] = p.next()
	}
	return binary.LittleEndian.Uint64(w[:])
}

// interval is one VMA of the reference model. vma is nil while the model
// does not know which object maps it (the part of a VMA that Unmap split
// off and kept), until the next check learns it.
type interval struct {
	start, end uint64
	data       int
	vma        *vma.VMA
}

type mapModel struct {
	ivs      []interval // sorted, disjoint, none empty
	nextData int
}

func (m *mapModel) overlaps(start, end uint64, skip *vma.VMA) bool {
	for _, iv := range m.ivs {
		if iv.vma != skip && iv.start < end && start < iv.end {
			return true
		}
	}
	return false
}

func (m *mapModel) find(addr uint64) (interval, bool) {
	for _, iv := range m.ivs {
		if iv.start <= addr && addr < iv.end {
			return iv, true
		}
	}
	return interval{}, false
}

func (m *mapModel) index(v *vma.VMA) int {
	if v == nil {
		return -1
	}
	return slices.IndexFunc(m.ivs, func(iv interval) bool { return iv.vma == v })
}

func (m *mapModel) sort() {
	slices.SortFunc(m.ivs, func(a, b interval) int {
		switch {
		case a.start < b.start:
			return -1
		case a.start > b.start:
			return 1
		}
		return 0
	})
}

// unmap removes [start, end) from the model: the part of an interval
// below start keeps its VMA, and the part above end is a new one.
func (m *mapModel) unmap(start, end uint64) {
	var out []interval
	for _, iv := range m.ivs {
		if iv.end <= start || end <= iv.start {
			out = append(out, iv)
			continue
		}
		if iv.start < start {
			out = append(out, interval{iv.start, start, iv.data, iv.vma})
		}
		if end < iv.end {
			// Split off at end: always another object.
			out = append(out, interval{end, iv.end, iv.data, nil})
		}
	}
	m.ivs = out
	m.sort()
}

// wantErr reports whether err is nil when no error applies, or one of the
// errors that apply otherwise; the package documents no order among them.
func wantErr(err error, applies ...error) bool {
	if len(applies) == 0 {
		return err == nil
	}
	for _, e := range applies {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// runMappings runs prog on a new MM of the Cache kind selects and returns
// the first disagreement with the model.
func runMappings(kind byte, prog []byte) (err error) {
	var c *vma.Cache
	var placements []vma.Placement
	switch kind % 3 {
	case 0:
		c = vma.NewCache()
		placements = []vma.Placement{vma.PlacementAcquire, vma.PlacementRelaxedRmb, vma.PlacementRelaxed, vma.PlacementSeqCst}
	case 1:
		c = vma.NewRWSemCache()
		placements = []vma.Placement{vma.PlacementRWSem}
	case 2:
		c = vma.NewFetchAddCache()
		placements = []vma.Placement{vma.PlacementFetchAdd}
	}
	mm := vma.NewMM(c)
	// other shares the Cache: the objects it maps and unmaps are recycled
	// into this MM and back.
	other := vma.NewMM(c)
	other.MmapWriteLock()
	foreign, ferr := other.Map(0, 64, "other")
	other.MmapWriteUnlock()
	foreigns := []*vma.VMA{foreign} // handed out by the other MM
	if ferr != nil {
		return fmt.Errorf("Map in the other MM: %v", ferr)
	}
	defer other.Close()

	p := &mapProgram{b: prog}
	m := &mapModel{}
	var seen []*vma.VMA // every pointer this MM ever handed out
	inSession := false
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v (model %v)", r, m.ivs)
		}
		if inSession {
			mm.MmapWriteUnlock()
		}
	}()
	begin := func() {
		if !inSession {
			mm.MmapWriteLock()
			inSession = true
		}
	}
	// pick chooses a VMA for Split or Resize: one of the model's, one
	// handed out earlier (possibly unmapped, possibly recycled), the other
	// MM's, or nil.
	pick := func() *vma.VMA {
		b := p.next()
		switch {
		case b < 0xc0 && len(m.ivs) > 0:
			return m.ivs[int(b)%len(m.ivs)].vma
		case b < 0xf0 && len(seen) > 0:
			return seen[int(b)%len(seen)]
		case b < 0xf8:
			return foreigns[int(b)%len(foreigns)]
		}
		return nil
	}

	for step := 0; len(p.b) > 0; step++ {
		op := p.next()
		what := ""
		switch op % 8 {
		case 0: // Map
			begin()
			start, end := p.addr(), p.addr()
			what = fmt.Sprintf("Map(%#x, %#x)", start, end)
			var applies []error
			if start >= end {
				applies = append(applies, vma.ErrInvalidRange)
			} else if m.overlaps(start, end, nil) {
				applies = append(applies, vma.ErrOverlap)
			}
			m.nextData++
			v, err := mm.Map(start, end, m.nextData)
			if !wantErr(err, applies...) {
				return fmt.Errorf("step %d: %s: error %v, want one of %v (model %v)", step, what, err, applies, m.ivs)
			}
			if err != nil {
				if v != nil {
					return fmt.Errorf("step %d: %s failed with %v and returned a VMA", step, what, err)
				}
				break
			}
			if v == nil || v.Start() != start || v.End() != end || v.MM() != mm || v.Data != m.nextData {
				return fmt.Errorf("step %d: %s returned %s", step, what, describe(v))
			}
			if m.index(v) >= 0 {
				return fmt.Errorf("step %d: %s returned a VMA that still maps another range", step, what)
			}
			m.ivs = append(m.ivs, interval{start, end, m.nextData, v})
			m.sort()
			seen = append(seen, v)
		case 1: // Unmap
			begin()
			start, end := p.addr(), p.addr()
			what = fmt.Sprintf("Unmap(%#x, %#x)", start, end)
			var applies []error
			if start >= end {
				applies = append(applies, vma.ErrInvalidRange)
			}
			err := mm.Unmap(start, end)
			if !wantErr(err, applies...) {
				return fmt.Errorf("step %d: %s: error %v, want one of %v (model %v)", step, what, err, applies, m.ivs)
			}
			if err == nil {
				m.unmap(start, end)
			}
		case 2: // Split
			begin()
			v := pick()
			at := p.addr()
			what = fmt.Sprintf("Split(%s, %#x)", describe(v), at)
			i := m.index(v)
			var applies []error
			if i < 0 {
				applies = append(applies, vma.ErrForeignVMA)
			} else if at <= m.ivs[i].start || at >= m.ivs[i].end {
				applies = append(applies, vma.ErrInvalidRange)
			}
			n, err := mm.Split(v, at)
			if !wantErr(err, applies...) {
				return fmt.Errorf("step %d: %s: error %v, want one of %v (model %v)", step, what, err, applies, m.ivs)
			}
			if err != nil {
				if n != nil {
					return fmt.Errorf("step %d: %s failed with %v and returned a VMA", step, what, err)
				}
				break
			}
			iv := m.ivs[i]
			if n == nil || n == v || m.index(n) >= 0 || n.Start() != at || n.End() != iv.end || n.MM() != mm || n.Data != iv.data {
				return fmt.Errorf("step %d: %s returned %s", step, what, describe(n))
			}
			m.ivs[i].end = at
			m.ivs = append(m.ivs, interval{at, iv.end, iv.data, n})
			m.sort()
			seen = append(seen, n)
		case 3: // Resize
			begin()
			v := pick()
			start, end := p.addr(), p.addr()
			what = fmt.Sprintf("Resize(%s, %#x, %#x)", describe(v), start, end)
			i := m.index(v)
			var applies []error
			if i < 0 {
				applies = append(applies, vma.ErrForeignVMA)
			}
			if start >= end {
				applies = append(applies, vma.ErrInvalidRange)
			} else if i >= 0 && m.overlaps(start, end, v) {
				applies = append(applies, vma.ErrOverlap)
			}
			err := mm.Resize(v, start, end)
			if !wantErr(err, applies...) {
				return fmt.Errorf("step %d: %s: error %v, want one of %v (model %v)", step, what, err, applies, m.ivs)
			}
			if err == nil {
				m.ivs[i].start, m.ivs[i].end = start, end
				m.sort()
			}
		case 4: // end the write session
			what = "MmapWriteUnlock"
			if inSession {
				mm.MmapWriteUnlock()
				inSession = false
			}
		case 6: // Map in the other MM, which may take an object this MM unmapped
			start, end := p.addr(), p.addr()
			what = fmt.Sprintf("other.Map(%#x, %#x)", start, end)
			other.MmapWriteLock()
			if v, err := other.Map(start, end, "other"); err == nil {
				if m.index(v) >= 0 {
					other.MmapWriteUnlock()
					return fmt.Errorf("step %d: %s returned a VMA this MM maps", step, what)
				}
				foreigns = append(foreigns, v)
			}
			other.MmapWriteUnlock()
		case 7: // Unmap in the other MM, which frees objects for this one
			start, end := p.addr(), p.addr()
			what = fmt.Sprintf("other.Unmap(%#x, %#x)", start, end)
			other.MmapWriteLock()
			other.Unmap(start, end)
			other.MmapWriteUnlock()
		case 5: // Unmap exactly one of the model's VMAs, or a range around it
			begin()
			if len(m.ivs) == 0 {
				continue
			}
			iv := m.ivs[int(p.next())%len(m.ivs)]
			start, end := iv.start, iv.end
			switch p.next() % 4 {
			case 1:
				if start > 0 {
					start--
				}
			case 2:
				if end < math.MaxUint64 {
					end++
				}
			case 3:
				start += (end - start) / 2
			}
			what = fmt.Sprintf("Unmap(%#x, %#x)", start, end)
			if err := mm.Unmap(start, end); err != nil {
				return fmt.Errorf("step %d: %s: %v (model %v)", step, what, err, m.ivs)
			}
			m.unmap(start, end)
		}
		if err := checkMappings(mm, m, &seen, inSession, placements, p); err != nil {
			return fmt.Errorf("step %d, after %s: %v", step, what, err)
		}
	}
	if inSession {
		mm.MmapWriteUnlock()
		inSession = false
	}
	if err := checkMappings(mm, m, &seen, false, placements, p); err != nil {
		return fmt.Errorf("at the end: %v", err)
	}
	mm.Close()
	other.MmapReadLock()
	for v := range other.VMAs() {
		if v.MM() != other {
			return fmt.Errorf("the other MM's VMA %s has owner %p", describe(v), v.MM())
		}
		// recycled into the other MM
		seen = slices.DeleteFunc(seen, func(w *vma.VMA) bool { return w == v })
	}
	other.MmapReadUnlock()
	for _, v := range seen {
		if v.MM() != nil || v.Data != nil {
			return fmt.Errorf("after Close a VMA of the MM still has owner %p, data %v", v.MM(), v.Data)
		}
	}
	return nil
}

func describe(v *vma.VMA) string {
	if v == nil {
		return "nil"
	}
	return fmt.Sprintf("VMA %p [%#x, %#x) data %v", v, v.Start(), v.End(), v.Data)
}

// probes returns the addresses worth looking up: each interval's first
// and last address and those just outside it, and the edges of uint64.
func probes(m *mapModel) []uint64 {
	out := []uint64{0, 1, math.MaxUint64, math.MaxUint64 - 1, math.MaxInt64, math.MaxInt64 + 1}
	for _, iv := range m.ivs {
		out = append(out, iv.start, iv.end-1, iv.end, iv.start-1, iv.start+(iv.end-iv.start)/2)
	}
	return out
}

// checkMappings compares every lookup with the model. It learns the
// objects of the intervals the model does not know yet from the MM's
// enumeration, after checking that they are new.
func checkMappings(mm *vma.MM, m *mapModel, seen *[]*vma.VMA, inSession bool, placements []vma.Placement, p *mapProgram) error {
	if !inSession {
		mm.MmapReadLock()
	}
	var got []*vma.VMA
	for v := range mm.VMAs() {
		got = append(got, v)
	}
	if len(got) != len(m.ivs) {
		if !inSession {
			mm.MmapReadUnlock()
		}
		return fmt.Errorf("VMAs gives %d VMAs, model has %v", len(got), m.ivs)
	}
	for i, v := range got {
		iv := &m.ivs[i]
		if iv.vma == nil && v != nil && m.index(v) < 0 {
			iv.vma = v
			*seen = append(*seen, v)
		}
		if v != iv.vma || v.Start() != iv.start || v.End() != iv.end || v.MM() != mm || v.Data != iv.data {
			if !inSession {
				mm.MmapReadUnlock()
			}
			return fmt.Errorf("VMAs()[%d] is %s, model has [%#x, %#x) data %d", i, describe(v), iv.start, iv.end, iv.data)
		}
	}
	addrs := probes(m)
	for _, a := range addrs {
		want, ok := m.find(a)
		v := mm.FindVMA(a)
		if ok != (v != nil) || ok && v != want.vma {
			if !inSession {
				mm.MmapReadUnlock()
			}
			return fmt.Errorf("FindVMA(%#x) = %s, model has %v", a, describe(v), want)
		}
	}
	if !inSession {
		mm.MmapReadUnlock()
	}
	for _, a := range addrs {
		want, ok := m.find(a)
		v := mm.LockVMA(a)
		if v != nil {
			bad := !ok || v != want.vma || v.Start() > a || a >= v.End()
			v.EndRead()
			if bad {
				return fmt.Errorf("LockVMA(%#x) = %s, model has %v", a, describe(v), want)
			}
		} else if ok && !inSession && placements[0] == vma.PlacementAcquire {
			return fmt.Errorf("LockVMA(%#x) = nil with no writer, model has %v", a, want)
		}
		if inSession {
			continue // Fault would wait for this goroutine's own write lock
		}
		var in *vma.VMA
		found := mm.Fault(a, func(v *vma.VMA) { in = v })
		if found != ok || ok && in != want.vma {
			return fmt.Errorf("Fault(%#x) = %v with %s, model has %v", a, found, describe(in), want)
		}
		for _, pl := range placements {
			v := mm.LockVMAWith(a, pl)
			if v != nil {
				bad := !ok || v != want.vma
				v.EndReadWith(pl)
				if bad {
					return fmt.Errorf("LockVMAWith(%#x, %v) = %s, model has %v", a, pl, describe(v), want)
				}
			} else if ok {
				return fmt.Errorf("LockVMAWith(%#x, %v) = nil with no writer, model has %v", a, pl, want)
			}
			in = nil
			found := mm.FaultWith(a, pl, func(v *vma.VMA) { in = v })
			if found != ok || ok && in != want.vma {
				return fmt.Errorf("FaultWith(%#x, %v) = %v with %s, model has %v", a, pl, found, describe(in), want)
			}
		}
	}
	return nil
}
