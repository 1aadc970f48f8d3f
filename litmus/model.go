package litmus

import (
	"fmt"
	"sort"
)

// model is an axiomatic memory model.
type model interface {
	// local returns the thread-local part of the model's ordering over
	// one path's events (path-local indices).
	local(p *path) rel
	// consistent checks an execution; local holds local() of each
	// thread's path.
	consistent(x *execution, local []rel) bool
	// usesDeps reports whether dependencies matter to the model.
	usesDeps() bool
}

var models = map[string]model{
	"sc":      scModel{},
	"x86tso":  tsoModel{},
	"aarch64": armModel{},
}

// Models returns the names of the models that Check accepts.
func Models() []string {
	names := make([]string, 0, len(models))
	for n := range models {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// DefaultModel returns the model that Check uses for an architecture:
// "aarch64" for AArch64, "x86tso" for X86_64 and X86.
func DefaultModel(a Arch) string {
	if a == AArch64 {
		return "aarch64"
	}
	return "x86tso"
}

func lookupModel(t *Test, name string) (string, model, error) {
	if name == "" {
		name = DefaultModel(t.Arch)
	}
	m, ok := models[name]
	if !ok {
		return "", nil, fmt.Errorf("unknown model %q (want one of %v)", name, Models())
	}
	return name, m, nil
}
