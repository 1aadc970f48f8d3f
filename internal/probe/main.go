// Command probe calls every routine of package atomicfence once, so that
// the linker, which drops unreferenced functions, keeps all of them for go
// tool objdump. fencelab disasm and the root package's assembly tests build
// it for each architecture; running it only checks that the calls return.
package main

import (
	"fmt"
	"os"

	"github.com/atomicfence/atomicfence"
)

func main() {
	if err := routines(); err != nil {
		fmt.Fprintln(os.Stderr, "probe:", err)
		os.Exit(1)
	}
}

// routines reaches each assembly routine through the exported API, and
// fails if a result is not what a single goroutine must see.
func routines() error {
	var c atomicfence.Int32
	c.StoreRelaxed(1)
	c.StoreRelease(c.LoadRelaxed() + c.LoadAcquire()) // 2
	c.FetchAddRelaxed(1)
	c.FetchAddAcquire(1)
	c.FetchAddRelease(1)
	c.FetchAddFull(1) // 6
	c.CompareAndSwapRelaxed(6, 7)
	c.CompareAndSwapAcquire(7, 8)
	c.CompareAndSwapRelease(8, 9)
	c.CompareAndSwapFull(9, 10)
	c.IncNotZeroLimitedRelaxed(100)
	c.IncNotZeroLimitedAcquire(100) // 12
	atomicfence.Rmb()
	atomicfence.Wmb()
	atomicfence.Mb()
	atomicfence.MandatoryRmb()
	atomicfence.MandatoryWmb()
	atomicfence.MandatoryMb()
	if old, zero := c.SubAndTest(12); old != 12 || !zero {
		return fmt.Errorf("the sequence left %d, want 12", old)
	}
	return nil
}
