//go:build !purego && !race

package atomicfence

// implPaths: on a CPU with LSE atomics and a build that kept the LL/SC
// fallback, the tests run twice, the second time with useLSE cleared so
// that the LL/SC loops run too. A CPU without LSE can only take the LL/SC
// path (an LSE instruction would raise SIGILL), and a GOARM64_LSE build
// only the LSE one.
func implPaths() []implPath {
	paths := []implPath{{name: Impl().String(), use: func() func() { return func() {} }}}
	if Impl() == ImplLSEDynamic {
		paths = append(paths, implPath{name: ImplLLSC.String(), use: func() func() {
			useLSE = false
			return func() { useLSE = true }
		}})
	}
	return paths
}
