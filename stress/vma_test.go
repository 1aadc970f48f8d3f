package stress

import (
	"testing"

	"github.com/atomicfence/atomicfence/vma"
)

// Each reader placement that package vma offers has its shape here.
func TestEveryVMAPlacementHasAShape(t *testing.T) {
	for _, p := range vma.Placements() {
		if _, ok := Lookup("VMA+" + p.String()); !ok {
			t.Errorf("vma placement %v has no shape VMA+%v", p, p)
		}
	}
}
