//go:build !arm64.v8.3 && !purego && !race

package atomicfence

// lrcpcStatic: this build keeps the run-time choice of LDAPR (useLRCPC).
const lrcpcStatic = false
