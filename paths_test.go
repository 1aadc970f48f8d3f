//go:build !arm64 || purego || race

package atomicfence

// implPaths: this build has one code path per routine.
func implPaths() []implPath {
	return []implPath{{name: Impl().String(), use: func() func() { return func() {} }}}
}
