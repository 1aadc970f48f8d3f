//go:build !purego && !race

package atomicfence

import "testing"

func wantImpl(*testing.T) Implementation { return ImplPPC64LE }
