package main

import (
	"fmt"
	"os"
)

func runDisasm(args []string) int {
	fmt.Fprintln(os.Stderr, "fencelab disasm: not built yet")
	return 1
}
