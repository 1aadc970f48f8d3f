package verify

import (
	"slices"
	"strconv"
)

// slot is what a stack slot holds: size bytes of v.
type slot struct {
	v    val
	size int64
}

// state is the extraction's knowledge at one machine instruction of one
// path: the registers, the stack slots (offsets from the entry's stack
// pointer; thread-local, so they are modelled as registers) and the flags.
// Two paths that reach an instruction in the same state share the litmus
// code from there on.
type state struct {
	pc    uint64
	regs  map[string]val
	stack map[int64]slot
	fl    flagsVal
	// loops counts, per loop head, the times this path went back to it
	// through a dynamic loop; mark holds the statics at each instruction
	// the path reached, which tell a dynamic loop from a static one (see
	// Unroll). Only loops is part of the key.
	loops map[uint64]int
	mark  map[uint64]map[string]val
}

func newState(pc uint64) *state {
	return &state{pc: pc, regs: map[string]val{}, stack: map[int64]slot{}, loops: map[uint64]int{}, mark: map[uint64]map[string]val{}}
}

func (s *state) clone() *state {
	c := &state{pc: s.pc, regs: make(map[string]val, len(s.regs)), stack: make(map[int64]slot, len(s.stack)), fl: s.fl,
		loops: map[uint64]int{}, mark: map[uint64]map[string]val{}}
	for k, v := range s.loops {
		c.loops[k] = v
	}
	for k, v := range s.mark {
		c.mark[k] = v
	}
	for k, v := range s.regs {
		c.regs[k] = v
	}
	for k, v := range s.stack {
		c.stack[k] = v
	}
	return c
}

func (s *state) key() string {
	b := s.appendStaticKey(make([]byte, 0, 256))
	b = append(b, '|')
	return string(s.appendLoopKey(b))
}

func (s *state) appendLoopKey(b []byte) []byte {
	pcs := make([]uint64, 0, len(s.loops))
	for pc := range s.loops {
		pcs = append(pcs, pc)
	}
	slices.Sort(pcs)
	for i, pc := range pcs {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendUint(b, pc, 16)
		b = append(b, '*')
		b = strconv.AppendInt(b, int64(s.loops[pc]), 10)
	}
	return b
}

// appendStaticKey appends the state less its loop counts to b. It runs at
// every instruction of every path, so it builds the key without fmt.
func (s *state) appendStaticKey(b []byte) []byte {
	b = strconv.AppendUint(b, s.pc, 16)
	b = append(b, '|')
	b = append(b, s.fl.key()...)
	b = append(b, '|')
	regs := make([]string, 0, len(s.regs))
	for k, v := range s.regs {
		if v.kind != vUndef {
			regs = append(regs, k)
		}
	}
	slices.Sort(regs)
	for i, k := range regs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, k...)
		b = append(b, '=')
		b = s.regs[k].appendKey(b)
	}
	offs := make([]int64, 0, len(s.stack))
	for o := range s.stack {
		offs = append(offs, o)
	}
	slices.Sort(offs)
	for _, o := range offs {
		b = append(b, '|')
		b = strconv.AppendInt(b, o, 10)
		b = append(b, ':')
		b = strconv.AppendInt(b, s.stack[o].size, 10)
		b = append(b, '=')
		b = s.stack[o].v.appendKey(b)
	}
	return b
}

// slotKey names the litmus register that holds a dynamic value stored in
// the stack slot at off.
func slotKey(off int64) string { return "s" + strconv.FormatInt(off, 10) }

// storeSlot records that size bytes of v (held by key src when dynamic)
// now sit at off; the slots it overlaps are gone.
func (x *xthread) storeSlot(s *state, off, size int64, v val, src string, w32 bool) {
	for o, sl := range s.stack {
		if o < off+size && off < o+sl.size {
			delete(s.stack, o)
		}
	}
	if v.kind == vDyn {
		x.emitMove(slotKey(off), src, w32)
	}
	s.stack[off] = slot{v: truncate(v, int(size)), size: size}
}

// loadSlot returns what size bytes at off hold, and the key that holds it
// when it is dynamic.
func (x *xthread) loadSlot(s *state, off, size int64) (val, string) {
	if sl, ok := s.stack[off]; ok && size <= sl.size {
		return truncate(sl.v, int(size)), slotKey(off)
	}
	// Part of a wider constant: the bytes are little-endian.
	for o, sl := range s.stack {
		if o < off && off+size <= o+sl.size && sl.v.kind == vConst {
			return truncate(konst(int64(uint64(sl.v.n)>>(8*uint(off-o)))), int(size)), ""
		}
	}
	return val{}, ""
}

// statics returns the values of the registers and slots.
func (s *state) statics() map[string]val {
	m := make(map[string]val, len(s.regs)+len(s.stack))
	for k, v := range s.regs {
		m[k] = v
	}
	for o, sl := range s.stack {
		m[slotKey(o)] = sl.v
	}
	return m
}

// progressed reports whether some register or slot holds a different
// static value in s than in the snapshot then.
func (s *state) progressed(then map[string]val) bool {
	for k, v := range s.statics() {
		if w, ok := then[k]; ok && v.static() && w.static() && v != w {
			return true
		}
	}
	return false
}
