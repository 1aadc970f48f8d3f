// Package benchenv labels benchmark output with the implementation and the
// processor that produced it.
package benchenv

import (
	"fmt"
	"strings"
	"sync"

	"github.com/atomicfence/atomicfence"
)

// The keys of the configuration lines that PrintConfig writes.
const (
	ImplKey = "atomicfence-impl"
	CPUKey  = "atomicfence-cpu"
)

var once sync.Once

// PrintConfig prints, once per process, two benchfmt configuration lines
// ("key: value", which benchstat carries into its header): the
// implementation in use (Implementation) and the processor. Call it at the top of a
// top-level benchmark, before its first b.Run, so that the lines come
// before any result.
func PrintConfig() {
	once.Do(func() {
		fmt.Printf("%s: %s\n%s: %s\n", ImplKey, Implementation(), CPUKey, DescribeCPU(atomicfence.CPU()))
	})
}

// Implementation describes the implementation that runs this program's
// primitives (DescribeImpl).
func Implementation() string {
	return DescribeImpl(atomicfence.Impl(), atomicfence.AcquireLoadRCpc())
}

// DescribeImpl names implementation impl and, where its acquire loads are
// LDAPR (rcpc, atomicfence.AcquireLoadRCpc), says so: on arm64 that is a
// choice of its own, which GODEBUG=cpu.lrcpc=off changes with the
// implementation unchanged, and which the CPU's LRCPC feature in the
// processor's line does not tell.
func DescribeImpl(impl atomicfence.Implementation, rcpc bool) string {
	if rcpc {
		return impl.String() + ", acquire loads LDAPR"
	}
	return impl.String()
}

// DescribeCPU puts c on one line: brand, vendor, family and model, the
// atomics features that matter here, and the logical core count.
func DescribeCPU(c atomicfence.CPUInfo) string {
	brand := c.Brand
	if brand == "" {
		brand = "unnamed CPU"
	}
	var feats []string
	if c.LSE {
		feats = append(feats, "LSE")
	}
	if c.LRCPC {
		feats = append(feats, "LRCPC")
	}
	f := ""
	if len(feats) > 0 {
		f = ", " + strings.Join(feats, " ")
	}
	return fmt.Sprintf("%s (%s family %d model %d%s, %d logical cores)", brand, vendor(c.Vendor), c.Family, c.Model, f, c.Cores)
}

func vendor(v string) string {
	if v == "" {
		return "unknown vendor"
	}
	return v
}
