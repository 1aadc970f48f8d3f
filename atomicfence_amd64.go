//go:build !purego && !race

package atomicfence

const impl = ImplAMD64
