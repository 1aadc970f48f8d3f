package litmus

import (
	"strconv"
	"strings"
)

// herd7 keeps every value on 64 bits but reads a final value through the
// type of its location: a condition compares the values masked to the
// type's size, and a state prints them cast to it (sign-extended for a
// signed type). An untyped register or location has herd7's default type,
// int; a pointer is not cast.

// signedTypes are the C types that herd7 prints as signed; the extra names
// that the checker accepts follow C.
var signedTypes = map[string]bool{
	"": true, "int": true, "long": true, "int32_t": true, "char": true, "int8_t": true,
	"short": true, "int16_t": true, "int64_t": true, "intptr_t": true,
	"atomic_int": true, "long long": true,
}

// typeOf is the declared type of a location, "" for herd7's default int.
// An array element has the type of its array.
func (t *Test) typeOf(l Location) string {
	if !l.IsMem() {
		return t.regTypes[l]
	}
	sym, _, _ := strings.Cut(l.Sym, "[")
	return t.decls[sym].typ
}

// valueSize is the size in bytes at which a value of type typ is read: 8
// for a pointer, 4 for the default int.
func valueSize(typ string) int {
	if typ == "" {
		return 4
	}
	if n, ok := sizeOfType(typ); ok {
		return n
	}
	return 8
}

// maskType keeps the bytes of v that its type holds: what a condition
// compares. Addresses are left as they are.
func maskType(typ string, v Value) Value {
	if n := valueSize(typ); v.Sym == "" && n < 8 {
		v.N &= 1<<(8*n) - 1
	}
	return v
}

// formatTyped prints v as herd7 prints a value of type typ: cast to the
// type, so that -1 in an untyped register prints as -1 whatever its upper
// half, and a uint64_t prints unsigned.
func formatTyped(typ string, v Value) string {
	if v.Sym != "" || strings.HasSuffix(typ, "*") {
		return v.String()
	}
	n := valueSize(typ)
	switch {
	case !signedTypes[typ]:
		return strconv.FormatUint(uint64(maskType(typ, v).N), 10)
	case n < 8:
		shift := uint(64 - 8*n)
		return strconv.FormatInt(v.N<<shift>>shift, 10)
	}
	return strconv.FormatInt(v.N, 10)
}
