//go:build !purego && !race

package atomicfence

// implPaths: on a CPU with LSE atomics and a build that kept the LL/SC
// fallback, the tests run twice, the second time with useLSE cleared so
// that the LL/SC loops run too. A CPU without LSE can only take the LL/SC
// path (an LSE instruction would raise SIGILL), and a GOARM64_LSE build
// only the LSE one. The LL/SC run stands for an ARMv8.0 CPU, so it also
// clears useLRCPC: the 64-bit acquire loads then take LDAR. (LL/SC with
// LDAPR, which GODEBUG=cpu.atomics=off gives on a core with LRCPC, runs
// the same two branches.)
func implPaths() []implPath {
	paths := []implPath{{name: Impl().String(), use: func() func() { return func() {} }}}
	if Impl() == ImplLSEDynamic {
		paths = append(paths, implPath{name: ImplLLSC.String(), use: func() func() {
			lse, lrcpc := useLSE, useLRCPC
			useLSE, useLRCPC = false, false
			return func() { useLSE, useLRCPC = lse, lrcpc }
		}})
	}
	return paths
}
