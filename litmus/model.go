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

// flagger is a model whose .cat file flags some executions (herd7's
// "flag ~empty S as NAME"): flags returns the names that the events of one
// path raise. herd7 prints "Flag NAME" for each name that a consistent
// execution raised, and so does Result.Write.
type flagger interface {
	flags(p *path) []string
}

var models = map[string]model{
	"sc":           scModel{},
	"x86tso":       tsoModel{},
	"x86tso-mixed": tsoModel{anyFence: true},
	"aarch64":      armModel{},
	"riscv":        rvwmoModel{},
	"ppc":          powerModel{},
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

// DefaultModel returns the model that Check uses for an architecture,
// herd7's default for it: "aarch64" for AArch64, "riscv" (RVWMO) for RISCV,
// "ppc" (Power) for PPC,
// "x86tso-mixed" for X86_64 and "x86tso" for X86. The two x86 models differ only in LFENCE and
// SFENCE, which order a store before a later load under x86tso-mixed and
// not under x86tso, nor on x86 processors (see HardwareModel).
func DefaultModel(a Arch) string {
	switch a {
	case AArch64:
		return "aarch64"
	case X86_64:
		return "x86tso-mixed"
	case RISCV:
		return "riscv"
	case PPC:
		return "ppc"
	}
	return "x86tso"
}

// HardwareModel returns the model that reads a test of an architecture as
// its processors behave, where that differs from herd7's default: "x86tso"
// for X86_64 and X86, whose LFENCE and SFENCE do not keep a load from
// passing an earlier store. It is DefaultModel otherwise.
func HardwareModel(a Arch) string {
	if a == X86_64 || a == X86 {
		return "x86tso"
	}
	return DefaultModel(a)
}

func lookupModel(t *Test, name string) (string, model, error) {
	if name == "" {
		name = DefaultModel(t.Arch)
	}
	m, ok := models[name]
	if !ok {
		return "", nil, fmt.Errorf("unknown model %q (want one of %v)", name, Models())
	}
	if only, ok := modelArch[name]; ok && t.Arch != only {
		return "", nil, fmt.Errorf("model %q decides %s tests only, not %s: it knows no other architecture's fences and annotations (sc, x86tso and x86tso-mixed read every architecture)", name, only, t.Arch)
	}
	return name, m, nil
}

// modelArch names the one architecture that an architecture's own model
// reads. The ARMv8 model would ignore a RISC-V FENCE, and RVWMO a DMB or
// a LOCK prefix, and decide the test as if they were absent: a test of
// another architecture gets an error instead of that verdict.
var modelArch = map[string]Arch{
	"aarch64": AArch64,
	"riscv":   RISCV,
	"ppc":     PPC,
}
