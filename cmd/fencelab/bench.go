package main

import (
	"fmt"
	"os"
)

func runBench(args []string) int {
	fmt.Fprintln(os.Stderr, "fencelab bench: not built yet")
	return 1
}
