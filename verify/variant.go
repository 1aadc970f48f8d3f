package verify

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Variant is one build of the subject program: build tags, and files of
// the module that stand in for the real ones in that build alone (go
// build -overlay). A weakening of the assembly is such a replacement: a
// text-edited copy of the real file, written outside the repository.
type Variant struct {
	Tags []string
	// Replace maps a file of the module, by its slash-separated path from
	// the module root ("atomicfence_arm64.s"), to the file that replaces
	// it in the build.
	Replace map[string]string
}

// Tagged is the variant with the build tags alone.
func Tagged(tags ...string) Variant { return Variant{Tags: tags} }

// String names the variant for messages: "-tags a,b", "atomicfence_arm64.s
// replaced", or "the default build".
func (v Variant) String() string {
	var parts []string
	if len(v.Tags) > 0 {
		parts = append(parts, "-tags "+strings.Join(v.Tags, ","))
	}
	for _, f := range slices.Sorted(maps.Keys(v.Replace)) {
		parts = append(parts, fmt.Sprintf("%s replaced by %s", f, v.Replace[f]))
	}
	if len(parts) == 0 {
		return "the default build"
	}
	return strings.Join(parts, ", ")
}
