package benchenv

import (
	"testing"

	"github.com/atomicfence/atomicfence"
)

func TestDescribeCPU(t *testing.T) {
	for _, tc := range []struct {
		c    atomicfence.CPUInfo
		want string
	}{
		{atomicfence.CPUInfo{Vendor: "AMD", Brand: "AMD EPYC 9R14", Family: 25, Model: 17, Cores: 2},
			"AMD EPYC 9R14 (AMD family 25 model 17, 2 logical cores)"},
		{atomicfence.CPUInfo{Vendor: "ARM", Family: 8, Model: 3, LSE: true, LRCPC: true, Cores: 4},
			"unnamed CPU (ARM family 8 model 3, LSE LRCPC, 4 logical cores)"},
		{atomicfence.CPUInfo{LSE: true, Cores: 1}, "unnamed CPU (unknown vendor family 0 model 0, LSE, 1 logical cores)"},
	} {
		if got := DescribeCPU(tc.c); got != tc.want {
			t.Errorf("DescribeCPU(%+v)\n got %s\nwant %s", tc.c, got, tc.want)
		}
	}
}
