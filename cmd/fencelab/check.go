package main

import (
	"fmt"
	"os"
)

func runCheck(args []string) int {
	fmt.Fprintln(os.Stderr, "fencelab check: not built yet")
	return 1
}
