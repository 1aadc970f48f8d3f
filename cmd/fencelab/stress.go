package main

import (
	"fmt"
	"os"
)

func runStress(args []string) int {
	fmt.Fprintln(os.Stderr, "fencelab stress: not built yet")
	return 1
}
