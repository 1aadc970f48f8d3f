//go:build !purego && !race

package atomicfence

import "testing"

func wantImpl(*testing.T) Implementation { return ImplLoong64 }
