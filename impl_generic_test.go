//go:build (!amd64 && !arm64 && !riscv64 && !loong64 && !ppc64le) || purego || race

package atomicfence

import "testing"

func wantImpl(*testing.T) Implementation { return ImplGeneric }
