package verify

import "strconv"

// valKind says what the extraction knows about a register, a stack slot or
// the flags.
type valKind uint8

const (
	// vUndef: never written on this path.
	vUndef valKind = iota
	// vConst: an integer known when the code is extracted.
	vConst
	// vPtr: the address of a scenario object, a stack slot, a symbol or
	// g, plus an offset, known when the code is extracted.
	vPtr
	// vDyn: a value that depends on what a load returned. It lives in the
	// litmus register that its key owns, and every dependency the model
	// sees flows through such registers.
	vDyn
	// vRet: a return address (the callee resumes the caller at n), or the
	// entry's own return when obj is "entry".
	vRet
)

// val is an abstract value.
type val struct {
	kind valKind
	n    int64  // vConst: the value; vPtr: the offset; vRet: the return PC
	obj  string // vPtr: "obj:NAME", "sym:NAME", "stack", "g"; vRet: "entry" or ""; vDyn: "+" when known not negative (riscv64), "0/1" when 0 or 1 (boolean)
}

func konst(n int64) val             { return val{kind: vConst, n: n} }
func ptr(obj string, off int64) val { return val{kind: vPtr, obj: obj, n: off} }
func (v val) static() bool          { return v.kind == vConst || v.kind == vPtr || v.kind == vRet }
func (v val) add(d int64) val       { v.n += d; return v }
func (v val) isStack() bool         { return v.kind == vPtr && v.obj == "stack" }
func dyn() val                      { return val{kind: vDyn} }
func boolean() val                  { return val{kind: vDyn, obj: "0/1"} }
func retTo(pc uint64) val           { return val{kind: vRet, n: int64(pc)} }
func (v val) isEntryReturn() bool   { return v.kind == vRet && v.obj == "entry" }
func (v val) String() string        { return v.key() }

func (v val) key() string { return string(v.appendKey(nil)) }

// appendKey appends v's key to b: "5", "&obj:v+8", "dyn", "ret:entry1c".
func (v val) appendKey(b []byte) []byte {
	switch v.kind {
	case vConst:
		return strconv.AppendInt(b, v.n, 10)
	case vPtr:
		b = append(b, '&')
		b = append(b, v.obj...)
		if v.n >= 0 {
			b = append(b, '+')
		}
		return strconv.AppendInt(b, v.n, 10)
	case vDyn:
		b = append(b, "dyn"...)
		return append(b, v.obj...)
	case vRet:
		b = append(b, "ret:"...)
		b = append(b, v.obj...)
		return strconv.AppendInt(b, v.n, 16)
	}
	return append(b, '?')
}

// truncate keeps the low size bytes of a constant, zero-extended; part of
// a loaded pointer is no pointer.
func truncate(v val, size int) val {
	if _, ok := v.ptrLoc(); ok && size < 8 {
		return dyn()
	}
	if v.kind != vConst || size >= 8 {
		return v
	}
	v.n &= int64(1)<<(8*size) - 1
	return v
}

// signExtend sign-extends the low size bytes of n.
func signExtend(n, size int64) int64 {
	sh := 64 - 8*size
	return n << sh >> sh
}

// signExtendConst sign-extends the low size bytes of a constant.
func signExtendConst(v val, size int64) val {
	if v.kind == vConst {
		v.n = signExtend(v.n, size)
	}
	return v
}

// accessSize is the size of an access or operation on a 32-bit register
// (w32: arm64's W, ppc64le's word compares, amd64's L) or a 64-bit one.
func accessSize(w32 bool) int64 {
	if w32 {
		return 4
	}
	return 8
}

// belowSign reports whether v reads the same on size bytes as on the whole
// register: a known value from 0 up to the width's sign bit, or a loaded
// value known to be 0 or 1 (amd64's SETcc).
func belowSign(v val, size int64) bool {
	return v == boolean() || v.kind == vConst && v.n >= 0 && v.n < 1<<(8*size-1)
}
