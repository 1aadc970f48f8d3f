// Command subject links every function that a verify scenario runs as a
// thread, so that the linker keeps them for go tool objdump. It is built,
// never run, by package verify; running it does nothing.
package main

import (
	"fmt"
	"os"

	"github.com/atomicfence/atomicfence/vma"
)

// entries holds each entry function by value, which is what makes the
// linker keep it and everything it calls.
var entries = []any{
	(*vma.VMA).StartRead,
	(*vma.VMA).StartReadWith,
	(*vma.VMA).EndRead,
	(*vma.VMA).StartWrite,
	(*vma.VMA).MarkAttached,
	(*vma.VMA).MarkDetached,
	(*vma.MM).LockVMA,
	(*vma.MM).MmapWriteLock,
	(*vma.MM).MmapWriteUnlock,
	(*vma.MM).SpeculateTryBegin,
	(*vma.MM).SpeculateRetry,
}

func main() {
	if len(os.Args) > 1 {
		fmt.Println(len(entries))
	}
}
