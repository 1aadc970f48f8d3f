package atomicfence

import (
	"encoding/binary"
	"fmt"
	"testing"
)

// FuzzOps runs a program of operations on an Int32 and a Uint32 and checks
// every result, every panic and the value left after each step against a
// plain-Go model of the same operations. The seed corpus is in
// testdata/fuzz/FuzzOps; go test runs it, go test -fuzz=FuzzOps grows it.
func FuzzOps(f *testing.F) {
	f.Add(int32(1), []byte{12, 0xfa, 13, 5, 16, 16, 16, 0})
	f.Add(int32(0), []byte{13, 10, 2, 5, 14, 3, 9, 17, 8, 17, 0xdf, 17, 1})
	f.Add(int32(-1), []byte{4, 5, 0x88, 0, 3, 9, 0xff, 0xff, 0xff, 0xff, 0x7f, 15, 0xff, 0, 0, 0, 0, 0xe5})
	f.Add(int32(0x7ffffffe), []byte{12, 0xe5, 12, 0xe5, 4, 5, 21, 0x99, 28, 5, 20, 9})
	f.Fuzz(func(t *testing.T, start int32, prog []byte) {
		for _, p := range implPaths() {
			restore := p.use()
			err := runProgram(start, prog)
			restore()
			if err != nil {
				t.Fatalf("%s: %v", p.name, err)
			}
		}
	})
}

// program decodes the fuzzer's bytes. Most operand bytes give small
// values, so that programs meet zero and the limits often; 0xe0-0xfe pick an
// edge value and 0xff takes the next four bytes as a raw int32. Missing
// bytes read as zero.
type program struct{ b []byte }

func (p *program) next() byte {
	if len(p.b) == 0 {
		return 0
	}
	b := p.b[0]
	p.b = p.b[1:]
	return b
}

func (p *program) arg() int32 {
	b := p.next()
	switch {
	case b < 0xe0:
		return int32(b&0x1f) - 4
	case b < 0xff:
		return edgeValues[int(b-0xe0)%len(edgeValues)]
	}
	var w [4]byte
	for i := range w {
		w[i] = p.next()
	}
	return int32(binary.LittleEndian.Uint32(w[:]))
}

// model is the reference: the value as plain Go arithmetic, and what each
// operation must return or panic with.
type model struct {
	c int32  // the Int32
	u uint32 // the Uint32
}

func (m *model) addNotZeroLimited(delta, limit int32) (int32, bool) {
	old := m.c
	if old <= 0 || int64(old)+int64(delta) > int64(limit) {
		return old, false
	}
	m.c += delta
	return old, true
}

// runProgram runs the program from start and returns the first
// disagreement with the model.
func runProgram(start int32, prog []byte) error {
	var c Int32
	var u Uint32
	m := model{c: start, u: uint32(start)}
	c.StoreRelaxed(start)
	u.StoreRelaxed(uint32(start))
	p := program{b: prog}
	for step := 0; len(p.b) > 0; step++ {
		code := p.next()
		useCurrent := code&0x80 != 0 // a compare-and-swap expects the current value
		var got, want string
		switch op := int(code&0x7f) % 30; {
		case op < 2:
			got, want = fmt.Sprint(int32Loads[op].f(&c)), fmt.Sprint(m.c)
		case op < 4:
			v := p.arg()
			int32Stores[op-2].f(&c, v)
			m.c = v
		case op < 8:
			d := p.arg()
			got, want = fmt.Sprint(int32FetchAdds[op-4].f(&c, d)), fmt.Sprint(m.c)
			m.c += d
		case op < 12:
			old, new := p.arg(), p.arg()
			if useCurrent {
				old = m.c
			}
			prev, ok := int32CASes[op-8].f(&c, old, new)
			got, want = fmt.Sprint(prev, ok), fmt.Sprint(m.c, m.c == old)
			if m.c == old {
				m.c = new
			}
		case op < 16:
			a := int32Adds[op-12]
			delta, limit := int32(1), p.arg()
			if !a.inc {
				delta = p.arg()
			}
			got = outcome(func() any { old, ok := a.f(&c, delta, limit); return fmt.Sprint(old, ok) })
			switch {
			case delta <= 0:
				want = outcome(func() any { panic(badDelta(delta)) })
			case limit <= 0:
				want = outcome(func() any { panic(badLimit(limit)) })
			default:
				old, ok := m.addNotZeroLimited(delta, limit)
				want = fmt.Sprint(old, ok)
			}
		case op < 18:
			s := int32Subs[op-16]
			delta := int32(1)
			if !s.dec {
				delta = p.arg()
			}
			got = outcome(func() any { old, zero := s.f(&c, delta); return fmt.Sprint(old, zero) })
			switch {
			case delta <= 0:
				want = outcome(func() any { panic(badDelta(delta)) })
			case m.c < delta:
				want = outcome(func() any { panic(underflow{m.c, delta}) })
				m.c = Saturated
			default:
				want = fmt.Sprint(m.c, m.c == delta)
				m.c -= delta
			}
		case op < 20:
			got, want = fmt.Sprint(uint32Loads[op-18].f(&u)), fmt.Sprint(m.u)
		case op < 22:
			v := uint32(p.arg())
			uint32Stores[op-20].f(&u, v)
			m.u = v
		case op < 26:
			d := uint32(p.arg())
			got, want = fmt.Sprint(uint32FetchAdds[op-22].f(&u, d)), fmt.Sprint(m.u)
			m.u += d
		default:
			old, new := uint32(p.arg()), uint32(p.arg())
			if useCurrent {
				old = m.u
			}
			prev, ok := uint32CASes[op-26].f(&u, old, new)
			got, want = fmt.Sprint(prev, ok), fmt.Sprint(m.u, m.u == old)
			if m.u == old {
				m.u = new
			}
		}
		if got != want {
			return fmt.Errorf("step %d (op %d): got %s, want %s", step, code, got, want)
		}
		if c.LoadRelaxed() != m.c || u.LoadRelaxed() != m.u {
			return fmt.Errorf("step %d (op %d): left (%d, %d), want (%d, %d)", step, code, c.LoadRelaxed(), u.LoadRelaxed(), m.c, m.u)
		}
	}
	return nil
}

// outcome runs f and describes its result or its panic, so that the two can
// be compared as strings.
func outcome(f func() any) (s string) {
	defer func() {
		if v := recover(); v != nil {
			s = fmt.Sprintf("panic(%T: %v)", v, v)
		}
	}()
	return fmt.Sprint(f())
}
